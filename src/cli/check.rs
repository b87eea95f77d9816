//! `mofc check [PATH]...`: compile each entry point (by default the files of `mofc.toml`) and
//! report every diagnostic, reusing the results of compilations that did not change
//! (`cache.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

use miette::IntoDiagnostic;

use super::CompileOptions;
use super::cache::Results;
use super::fix::{self, FixArgs};
use super::output::note;
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
    /// Neither read nor write the result cache (`.mofc_cache`, or `MOFC_CACHE_DIR`).
    #[arg(long)]
    no_cache: bool,
    /// Say on stderr how many compilations the cache gave.
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(args: CheckArgs) -> miette::Result<ExitCode> {
    let mut project = project(args.paths, args.options)?;
    if args.fixes.any() {
        return fix::run(&mut project, &args.fixes);
    }
    // Standard input is read once and never again: nothing to reuse.
    let cache = (!args.no_cache && project.stdin.is_none())
        .then(|| Results::open(&project))
        .flatten();
    let env = Env {
        cache: cache.as_ref(),
        ..Env::disk()
    };
    let compiled = compile::<()>(&project, &env, None)?;
    let mut out = super::output::stdout();
    let summary = report(&compiled, &project.options, &mut out)?;
    out.finish().into_diagnostic()?;
    fix::hint(&compiled, &project.options);
    if args.verbose {
        match &cache {
            Some(cache) => note!("{}", cache.summary()),
            None => note!("cache: not used"),
        }
    }
    // The process ends here: freeing the syntax trees of a large schema node by node would only
    // delay the exit (3% of a check of the CIM Schema).
    std::mem::forget(compiled);
    Ok(if failed(summary, &project.options) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
