//! `mofc compile PATH... --emit json|mof [-o OUT]`: validate, then write the resolved model.
//! Diagnostics go to stderr (or stdout as JSON with `--format json` when `-o` is given); a
//! compilation with errors writes nothing and exits 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, WrapErr};

use super::units::{Env, compile, failed, report};
use super::{CompileOptions, Format};
use crate::emit;
use crate::sema::Model;
use crate::syntax::unit::Unit;

#[derive(clap::Args)]
pub struct CompileArgs {
    /// Files and folders to compile.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// What to write: the resolved model as `json`, or canonical `mof`.
    #[arg(long, value_enum)]
    emit: Emit,
    /// Where to write it (default: stdout).
    #[arg(short = 'o', long, value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    options: CompileOptions,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emit {
    Json,
    Mof,
}

fn json(_: &Unit, model: &Model) -> String {
    let mut text = serde_json::to_string_pretty(&emit::json::model(model)).unwrap_or_default();
    text.push('\n');
    text
}

pub fn run(mut args: CompileArgs) -> miette::Result<ExitCode> {
    // The model goes to stdout unless `-o` is given; diagnostics must not mix with it.
    if args.output.is_none() && args.options.format == Format::Json {
        args.options.format = Format::Human;
    }
    let render: fn(&Unit, &Model) -> String = match args.emit {
        Emit::Json => json,
        Emit::Mof => |_, model| emit::mof::model(model),
    };
    let compiled = compile(&args.paths, &args.options, &Env::disk(), Some(&render))?;
    let summary = report(&compiled, &args.options)?;
    if failed(summary, &args.options) {
        return Ok(ExitCode::from(1));
    }
    let text: String = compiled.iter().filter_map(|c| c.output.as_deref()).collect();
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write `{}`", path.display()))?,
        None => std::io::stdout().write_all(text.as_bytes()).into_diagnostic()?,
    }
    Ok(ExitCode::SUCCESS)
}
