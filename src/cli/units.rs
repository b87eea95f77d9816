//! What `check` and `compile` share: turning the PATH arguments into compilations, compiling
//! them in parallel, and reporting their diagnostics.

use std::path::PathBuf;

use miette::{IntoDiagnostic, WrapErr, miette};
use rayon::prelude::*;

use super::{Color, CompileOptions, Format};
use crate::diag::render::{self, ColorMode, Summary};
use crate::sema::{self, Model};
use crate::source::{DiskWorld, SearchPath, World, mof_files};
use crate::syntax::unit::{Unit, entry_points};

/// One compilation to run: its entry file and search path.
struct Job {
    entry: PathBuf,
    search: SearchPath,
}

/// A compilation's unit (with all its diagnostics, sorted) and what `output` made of its model.
pub struct Compiled<T> {
    pub unit: Unit,
    pub output: Option<T>,
}

/// Where compilations read files from, and what they see besides their own files.
pub struct Env<'a> {
    pub world: &'a dyn World,
    /// Folders searched after the `-I` ones.
    pub dirs: Vec<PathBuf>,
    /// Adds declarations to a unit once it is loaded.
    pub prepare: &'a (dyn Fn(&mut Unit) + Sync),
}

impl Env<'static> {
    /// The files on disk, and nothing else.
    pub fn disk() -> Env<'static> {
        Env {
            world: &DiskWorld,
            dirs: Vec::new(),
            prepare: &|_| {},
        }
    }
}

/// What a compilation without errors is turned into.
pub type Output<'o, T> = &'o (dyn Fn(&Unit, &Model) -> T + Sync);

/// Compiles every entry point of `paths`: files as given, folders as every file in them that
/// no other includes (with the folder on the search path). `output` is called only for
/// compilations without errors.
pub fn compile<T: Send>(
    paths: &[PathBuf],
    options: &CompileOptions,
    env: &Env,
    output: Option<Output<T>>,
) -> miette::Result<Vec<Compiled<T>>> {
    let world = env.world;
    let mut jobs = Vec::new();
    for path in paths {
        let mut search = SearchPath {
            dirs: options.include_dirs.iter().chain(&env.dirs).cloned().collect(),
        };
        if path.is_dir() {
            search.dirs.insert(0, path.clone());
            let files = mof_files(world, path)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read folder `{}`", path.display()))?;
            for entry in entry_points(world, &files, &search) {
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
    let sema_options = options.sema();
    jobs.par_iter()
        .map(|job| {
            let mut unit = Unit::load(world, &job.entry, &job.search)
                .map_err(|e| miette!(help = "check the path", "cannot read `{}`: {e}", job.entry.display()))?;
            (env.prepare)(&mut unit);
            sema::complete(&mut unit, world, &job.search);
            sema::settle(&unit.sources, &mut unit.diagnostics);
            let (model, mut found) = sema::analyze(&unit, &sema_options);
            sema::settle(&unit.sources, &mut found);
            // Only a compilation without errors is written out.
            let clean = !unit.diagnostics.iter().chain(&found).any(|d| d.is_error());
            let output = output.filter(|_| clean).map(|render| render(&unit, &model));
            drop(model);
            unit.report(found);
            Ok(Compiled { unit, output })
        })
        .collect()
}

/// Renders every diagnostic in the chosen format (JSON on stdout, human on stderr).
pub fn report<T>(compiled: &[Compiled<T>], options: &CompileOptions) -> miette::Result<Summary> {
    let mut summary = Summary::default();
    for c in compiled {
        summary.files += c.unit.sources.len();
        c.unit.diagnostics.iter().for_each(|d| summary.add(d));
    }
    match options.format {
        Format::Json => {
            let all: Vec<_> = compiled
                .iter()
                .flat_map(|c| c.unit.diagnostics.iter().map(move |d| (&c.unit.sources, d)))
                .collect();
            println!("{}", render::json(&all, summary));
        }
        Format::Human => {
            let color = match options.color {
                Color::Auto => ColorMode::Auto,
                Color::Always => ColorMode::Always,
                Color::Never => ColorMode::Never,
            };
            for c in compiled {
                render::human(&c.unit.sources, &c.unit.diagnostics, color).into_diagnostic()?;
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
    Ok(summary)
}

/// Exit status 1 when there are errors (or warnings, with `--deny-warnings`).
pub fn failed(summary: Summary, options: &CompileOptions) -> bool {
    summary.errors > 0 || (options.deny_warnings && summary.warnings > 0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
