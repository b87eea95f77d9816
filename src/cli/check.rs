//! `mofc check PATH...`: compile each entry point and report every diagnostic.

use std::path::PathBuf;
use std::process::ExitCode;

use super::CompileOptions;
use super::units::{Env, compile, failed, report};

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    options: CompileOptions,
}

pub fn run(args: CheckArgs) -> miette::Result<ExitCode> {
    let compiled = compile::<()>(&args.paths, &args.options, &Env::disk(), None)?;
    let summary = report(&compiled, &args.options)?;
    Ok(if failed(summary, &args.options) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
