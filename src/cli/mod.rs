//! The `mofc` command line. Exit codes (cli.md): 0 clean, 1 the input has errors, 2 the command
//! could not run. Application errors (bad arguments, unreadable input) are shown with miette;
//! diagnostics about MOF text with the renderers of `diag`.

mod check;
mod compile;
mod explain;
mod lsp;
mod units;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "mofc", version, about = "A fast MOF compiler, validator and language server")]
#[command(
    after_help = "Examples:\n  mofc check schema/cim_schema_2.49.0.mof\n  mofc check -I schema providers/\n  mofc check --format json my.mof\n  mofc explain E0201"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and validate MOF files; writes nothing but diagnostics.
    #[command(
        after_help = "A folder means every *.mof / *.mfl file below it that no other file there \
includes, each compiled on its own, with the folder on the search path.\n\nExit status: 0 no errors, \
1 errors found, 2 the command could not run."
    )]
    Check(check::CheckArgs),
    /// Validate, then write the resolved model as JSON or canonical MOF.
    #[command(
        after_help = "Examples:\n  mofc compile schema.mof --emit json -o model.json\n  mofc compile -I schema provider.mof --emit mof"
    )]
    Compile(compile::CompileArgs),
    /// Explain a diagnostic code (`mofc explain E0201`), or list them all.
    Explain {
        /// The code, e.g. E0201. Without it, every code is listed.
        code: Option<String>,
    },
    /// Run the language server over stdio (for editors; see the README for setup).
    Lsp,
}

/// Options shared by the commands that compile MOF.
#[derive(clap::Args, Debug, Clone)]
pub struct CompileOptions {
    /// Search path for `#pragma include` (repeatable).
    #[arg(short = 'I', long = "include-dir", value_name = "DIR")]
    pub include_dirs: Vec<PathBuf>,
    /// Output format of diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output (`NO_COLOR` is honoured by `auto`).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Exit with status 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The MOF dialect, instead of detecting it: `wmi` accepts undeclared qualifiers with a
    /// warning, as mofcomp does; `dmtf` refuses them, as cimmof and pywbem do.
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// The namespace the compilation starts in.
    #[arg(short = 'n', long, value_name = "NS", default_value = crate::sema::DEFAULT_NAMESPACE)]
    pub namespace: String,
}

impl CompileOptions {
    /// What the semantic pass needs to know.
    pub fn sema(&self) -> crate::sema::Options {
        crate::sema::Options {
            dialect: self.dialect.map(|d| match d {
                DialectArg::Dmtf => crate::sema::Dialect::Dmtf,
                DialectArg::Wmi => crate::sema::Dialect::Wmi,
            }),
            namespace: self.namespace.clone(),
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialectArg {
    Dmtf,
    Wmi,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Explain { code } => explain::run(code.as_deref()),
        Command::Lsp => lsp::run(),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
