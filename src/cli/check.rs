//! `mofc check [PATH]...`: compile each entry point (by default the files of `mofc.toml`) and
//! report every diagnostic.

use std::path::PathBuf;
use std::process::ExitCode;

use miette::IntoDiagnostic;

use super::CompileOptions;
use super::fix::{self, FixArgs};
use super::units::{Env, compile, failed, project, report};

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check (default: the `files` of mofc.toml).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    options: CompileOptions,
    #[command(flatten)]
    fixes: FixArgs,
}

pub fn run(args: CheckArgs) -> miette::Result<ExitCode> {
    let mut project = project(args.paths, args.options)?;
    if args.fixes.any() {
        return fix::run(&mut project, &args.fixes);
    }
    let compiled = compile::<()>(&project, &Env::disk(), None)?;
    let mut out = super::output::stdout();
    let summary = report(&compiled, &project.options, &mut out)?;
    out.finish().into_diagnostic()?;
    fix::hint(&compiled, &project.options);
    // The process ends here: freeing the syntax trees of a large schema node by node would only
    // delay the exit (3% of a check of the CIM Schema).
    std::mem::forget(compiled);
    Ok(if failed(summary, &project.options) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
