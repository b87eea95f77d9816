//! The `mofc` command line. Exit codes (cli.md): 0 clean, 1 the input has errors, 2 the command
//! could not run. Application errors (bad arguments, unreadable input, a bad `mofc.toml`) are
//! carried as miette reports and shown as diagnostics are (`failure.rs`); diagnostics about MOF
//! text with the renderers of `diag`. Whether any of it is coloured is decided once, here.

mod cache;
mod check;
mod compile;
mod explain;
mod failure;
mod fix;
mod fmt;
mod load;
mod lsp;
mod output;
mod progress;
mod repo;
mod units;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::diag::render::ColorMode;

#[derive(Parser)]
#[command(name = "mofc", version, about = "A fast MOF compiler, validator and language server")]
#[command(
    after_help = "Examples:\n  mofc check schema/cim_schema_2.49.0.mof\n  mofc check -I schema providers/\n  mofc check --schema CIM_Schema.mof providers/\n  mofc check --format json my.mof\n  mofc check --diff providers/   (then --fix to apply)\n  mofc check - --stdin-filename src/my.mof < my.mof\n  mofc check   (the files listed in mofc.toml)\n  mofc explain E0201"
)]
struct Cli {
    /// When to colour what mofc writes to stderr: `auto` colours a terminal, unless `NO_COLOR`
    /// is set to something; `CLICOLOR_FORCE` set to something but `0` colours even a pipe.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and validate MOF files; writes nothing but diagnostics.
    #[command(
        after_help = "A folder means every *.mof / *.mfl file below it that no other file there \
includes, each compiled on its own, with the folder on the search path; hidden files and folders, \
what .gitignore and .ignore files ignore and what `exclude` in mofc.toml names are left out (a PATH \
given is always checked). `-` reads standard input, named with --stdin-filename. Without PATH, the \
`files` of mofc.toml (found in the current folder or above, or given with --config).\n\n--fix applies the \
safe fixes that diagnostics carry and writes the files (with `-`, the fixed text goes to stdout), then reports \
what remains; --unsafe-fixes applies the guesses too; --diff prints the fixes as a diff and writes nothing.\n\n\
Exit status: 0 no errors, 1 errors found (with --diff: a file would change), 2 the command could not run."
    )]
    Check(check::CheckArgs),
    /// Validate, then write the resolved model as JSON or canonical MOF.
    #[command(
        after_help = "Examples:\n  mofc compile schema.mof --emit json -o model.json\n  mofc compile -I schema provider.mof --emit mof\n  mofc compile provider.mof --emit mof --mfl provider.mfl --locale ms_409 -o neutral.mof"
    )]
    Compile(compile::CompileArgs),
    /// Validate, then apply to a repository with PutClass / PutInstance semantics.
    #[command(
        after_help = "Examples:\n  mofc load --repo ./repo schema/cim_schema_2.49.0.mof\n  mofc load --repo ./repo --class-flags safeupdate --dry-run provider.mof\n  mofc load --repo ./repo --format json --keep-going a.mof b.mof\n\nOne load is one transaction: if an operation fails, nothing is changed (unless --keep-going).\nExit status: 0 loaded, 1 errors in the input or a failed operation, 2 the command could not run \
(bad arguments, repository locked, damaged or newer)."
    )]
    Load(load::LoadArgs),
    /// Inspect and manage a repository: ls, show, export, check, delete.
    #[command(
        after_help = "Examples:\n  mofc repo --repo ./repo ls\n  mofc repo --repo ./repo show CIM_ManagedElement --locale ms_409\n  mofc repo --repo ./repo export -n root/cimv2 > all.mof\n  mofc repo --repo ./repo check\n  mofc repo --repo ./repo delete Sample_Base\n\nExit status: 0 done, 1 a failed delete, 2 the command could not run (the repository is \
missing, locked, damaged or of another format; `export` still prints every intact record)."
    )]
    Repo(repo::RepoArgs),
    /// Rewrite MOF files in their canonical layout, comments kept; `--check` only shows the diff.
    #[command(
        after_help = "Examples:\n  mofc fmt schema/\n  mofc fmt --check my.mof\n  mofc fmt - < my.mof\n\nExit status: 0 \
formatted (or, with --check, already formatted), 1 a file has syntax errors or would change, 2 the command \
could not run."
    )]
    Fmt(fmt::FmtArgs),
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
    /// MOF files or folders that are the schema: every compilation of the run resolves the
    /// classes it lacks against them, as cimmof does against its repository (repeatable).
    #[arg(long, value_name = "PATH")]
    pub schema: Vec<PathBuf>,
    /// Output format of diagnostics (`json`, `sarif` and `github` on stdout).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The MOF dialect, instead of detecting it: `wmi` accepts undeclared qualifiers with a
    /// warning, as mofcomp does; `dmtf` refuses them, as cimmof and pywbem do.
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// The namespace the compilation starts in [default: root/cimv2].
    #[arg(short = 'n', long, value_name = "NS")]
    pub namespace: Option<String>,
    /// The mofc.toml to use, instead of the one found in the current folder or above it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The file that standard input (PATH `-`) stands for: its name in diagnostics and for
    /// `per-file-ignores`, and its folder searched for includes and classes [default: `<stdin>`
    /// in the current folder].
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
}

impl CompileOptions {
    /// What the semantic pass needs to know.
    pub fn sema(&self) -> crate::sema::Options {
        crate::sema::Options {
            dialect: self.dialect.map(|d| match d {
                DialectArg::Dmtf => crate::sema::Dialect::Dmtf,
                DialectArg::Wmi => crate::sema::Dialect::Wmi,
            }),
            namespace: self
                .namespace
                .clone()
                .unwrap_or_else(|| crate::sema::DEFAULT_NAMESPACE.into()),
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
    /// Source excerpts for people, on stderr.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Whether stderr is coloured in this run, decided once (`--color` first, then the environment).
static COLOURED: OnceLock<bool> = OnceLock::new();

/// How diagnostics are coloured in this run.
pub fn color_mode() -> ColorMode {
    if *COLOURED.get_or_init(|| coloured(Color::Auto)) {
        ColorMode::Always
    } else {
        ColorMode::Never
    }
}

/// Whether to colour stderr, as clap (anstream) decides: `--color always` / `never`; for
/// `auto`, a non-empty `NO_COLOR` turns colour off (no-color.org: an empty one does not),
/// then `CLICOLOR_FORCE` (non-empty, not `0`) turns it on, `CLICOLOR=0` off, and otherwise a
/// terminal that is not `dumb` is coloured.
fn coloured(choice: Color) -> bool {
    let var = |name| std::env::var_os(name).filter(|value| !value.is_empty());
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if var("NO_COLOR").is_some() => false,
        Color::Auto if var("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        Color::Auto if var("CLICOLOR").is_some_and(|v| v == "0") => false,
        Color::Auto => std::io::stderr().is_terminal() && var("TERM").is_none_or(|t| t != "dumb"),
    }
}

/// The `--color` of the command line before clap reads it, so that clap's own errors (a bad
/// flag) are coloured as everything else: `auto` if absent or not a choice.
fn color_in(args: &[OsString]) -> Color {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut value = None;
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        } else if arg == "--color" {
            value = args.next().map(|v| v.into_owned());
        } else if let Some(v) = arg.strip_prefix("--color=") {
            value = Some(v.to_string());
        }
    }
    value
        .and_then(|v| Color::from_str(&v, true).ok())
        .unwrap_or(Color::Auto)
}

/// Makes the main thread one of the threads that run parallel work, with one other per further
/// core, instead of waiting idle for a pool of one thread per core. A command runs its stages
/// from the main thread, sequential ones between parallel ones: in the default pool each
/// parallel stage was handed to the pool and back through the kernel, and the third thread
/// competed for the two cores of a small machine (a check of the CIM Schema: 1 ms less wall
/// and CPU time, 1 MB less memory, 250 fewer page faults). Not for the language server, whose
/// main thread waits on the client rather than on the pool.
fn main_thread_works() {
    // Built once per process; a pool already built (none is, before the command) is kept.
    let _ = rayon::ThreadPoolBuilder::new().use_current_thread().build_global();
}

pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let coloured_before = coloured(color_in(&args));
    let clap_color = if coloured_before {
        clap::ColorChoice::Always
    } else {
        clap::ColorChoice::Never
    };
    let parsed = Cli::command()
        .color(clap_color)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` too, on stdout with status 0; a closed pipe is no panic.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    // Decided once, from the flag, for everything the run writes (`color_mode`).
    COLOURED.get_or_init(|| coloured(cli.color));
    let one_shot = !matches!(cli.command, Command::Lsp);
    if one_shot {
        main_thread_works();
    }
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Load(args) => load::run(args),
        Command::Repo(args) => repo::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Explain { code } => explain::run(code.as_deref()),
        Command::Lsp => lsp::run(),
    };
    let code = match result {
        Ok(code) => code,
        Err(report) => {
            failure::show(&report);
            ExitCode::from(2)
        }
    };
    if one_shot {
        end_process(code);
    }
    code
}

/// Ends the process of a command that has done its work, at once, once its output is written:
/// what is left is the exit handlers, and mimalloc's gives the heap back to the kernel a piece
/// at a time (some 110 `madvise` calls over 25 MB after a check of the CIM Schema, 0.45 ms),
/// which the exit does whole. Everything the command made has been dropped by now, or left
/// to the exit on purpose (the syntax trees and model of a large schema).
#[cfg(unix)]
fn end_process(code: ExitCode) {
    use std::io::Write;
    // Standard output is line-buffered; standard error is not buffered.
    let _ = std::io::stdout().flush();
    // `ExitCode` does not tell its number; it compares equal to the one it was made from.
    let status = (0..=u8::MAX).find(|&n| ExitCode::from(n) == code).unwrap_or(2);
    // SAFETY: `_exit` is async-signal-safe and takes any status. It skips the exit handlers
    // (C's `atexit`, the allocator's, std's flush of standard output, done above); the other
    // threads, the pool's, end with the process as at any exit.
    unsafe { libc::_exit(i32::from(status)) }
}

/// Elsewhere the process ends as `main` returns.
#[cfg(not(unix))]
fn end_process(_: ExitCode) {}
