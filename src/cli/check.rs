//! `mofc check PATH...`: compile each entry point and report every diagnostic.

use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, WrapErr, miette};
use rayon::prelude::*;

use super::{Color, CompileOptions, Format};
use crate::diag::render::{self, ColorMode, Summary};
use crate::sema;
use crate::source::{DiskWorld, SearchPath, mof_files};
use crate::syntax::unit::{Unit, entry_points};

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    options: CompileOptions,
}

/// One compilation to run: its entry file and search path.
struct Job {
    entry: PathBuf,
    search: SearchPath,
}

pub fn run(args: CheckArgs) -> miette::Result<ExitCode> {
    let options = args.options;
    let world = DiskWorld;
    let mut jobs = Vec::new();
    for path in &args.paths {
        let mut search = SearchPath {
            dirs: options.include_dirs.clone(),
        };
        if path.is_dir() {
            search.dirs.insert(0, path.clone());
            let files = mof_files(&world, path)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read folder `{}`", path.display()))?;
            for entry in entry_points(&world, &files, &search) {
                jobs.push(Job {
                    entry,
                    search: search.clone(),
                });
            }
        } else {
            jobs.push(Job {
                entry: path.clone(),
                search,
            });
        }
    }

    let units: Vec<Unit> = jobs
        .par_iter()
        .map(|job| {
            let mut unit = Unit::load(&world, &job.entry, &job.search)
                .map_err(|e| miette!(help = "check the path", "cannot read `{}`: {e}", job.entry.display()))?;
            sema::complete(&mut unit, &world, &job.search);
            let (_, found) = sema::analyze(&unit, &options.sema());
            unit.diagnostics.extend(found);
            unit.diagnostics.sort_by_key(|d| (d.primary.file, d.primary.span.start));
            Ok(unit)
        })
        .collect::<miette::Result<_>>()?;

    let mut summary = Summary::default();
    for unit in &units {
        summary.files += unit.sources.len();
        unit.diagnostics.iter().for_each(|d| summary.add(d));
    }
    match options.format {
        Format::Json => {
            let all: Vec<_> = units
                .iter()
                .flat_map(|u| u.diagnostics.iter().map(move |d| (&u.sources, d)))
                .collect();
            println!("{}", render::json(&all, summary));
        }
        Format::Human => {
            let color = match options.color {
                Color::Auto => ColorMode::Auto,
                Color::Always => ColorMode::Always,
                Color::Never => ColorMode::Never,
            };
            for unit in &units {
                render::human(&unit.sources, &unit.diagnostics, color).into_diagnostic()?;
            }
            eprintln!(
                "checked {} file{}: {} error{}, {} warning{}",
                summary.files,
                plural(summary.files),
                summary.errors,
                plural(summary.errors),
                summary.warnings,
                plural(summary.warnings)
            );
        }
    }
    let failed = summary.errors > 0 || (options.deny_warnings && summary.warnings > 0);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
