//! What `check` and `compile` share: reading `mofc.toml`, turning the PATH arguments into
//! compilations, compiling them in parallel, and reporting their diagnostics.

use std::io::Write;
use std::path::{Path, PathBuf};

use miette::{IntoDiagnostic, WrapErr, miette};
use rayon::prelude::*;

use super::output::note;
use super::{Color, CompileOptions, DialectArg, Format};
use crate::config::{self, Config, Policy};
use crate::diag::render::{self, ColorMode, Summary};
use crate::sema::{self, Dialect, Model};
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

/// What a run compiles and how: the command line, completed by `mofc.toml`.
pub struct Project {
    pub paths: Vec<PathBuf>,
    pub options: CompileOptions,
    pub policy: Policy,
}

/// Reads the `mofc.toml` named by `--config`, or else the one in the current folder or above
/// it, if any, and completes the command line with it: options given on the command line win,
/// `-I` folders are searched before the file's `include-dirs`, and its `files` are compiled
/// when no PATH is given.
pub fn project(paths: Vec<PathBuf>, mut options: CompileOptions) -> miette::Result<Project> {
    let config = configuration(options.config.as_deref())?;
    let paths = paths_or_files(paths, config.as_ref())?;
    let mut policy = Policy::default();
    if let Some(config) = config {
        options.include_dirs.extend(config.include_dirs);
        options.namespace = options.namespace.or(config.namespace);
        options.dialect = options.dialect.or(config.dialect.map(|d| match d {
            Dialect::Dmtf => DialectArg::Dmtf,
            Dialect::Wmi => DialectArg::Wmi,
        }));
        options.deny_warnings |= config.deny_warnings;
        policy = config.policy;
    }
    Ok(Project { paths, options, policy })
}

/// The `mofc.toml` named by `--config`, or else the one in the current folder or above it.
pub fn configuration(named: Option<&Path>) -> miette::Result<Option<Config>> {
    let found = match named {
        Some(path) => Some(path.to_path_buf()),
        None => std::env::current_dir().ok().and_then(|dir| config::find(&dir)),
    };
    found.map(|path| config::load(&path)).transpose()
}

/// The PATHs given, or else the configuration's `files`.
pub fn paths_or_files(paths: Vec<PathBuf>, config: Option<&Config>) -> miette::Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        return Ok(paths);
    }
    match config {
        Some(config) if config.files.is_empty() => Err(miette!(
            help = "list them as `files = [...]` in it, or give PATHs",
            "no PATH given, and `{}` has no `files`",
            config.path.display()
        )),
        Some(config) => Ok(config.files.clone()),
        None => Err(miette!(
            help = "give files or folders, or list them as `files = [...]` in a mofc.toml",
            "no PATH given, and no {} in the current folder or above",
            config::FILE_NAME
        )),
    }
}

/// Compiles every entry point of the project's paths: files as given, folders as every file in
/// them that no other includes (with the folder on the search path). `output` is called only
/// for compilations without errors.
pub fn compile<T: Send>(project: &Project, env: &Env, output: Option<Output<T>>) -> miette::Result<Vec<Compiled<T>>> {
    let options = &project.options;
    let world = env.world;
    let mut jobs = Vec::new();
    for path in &project.paths {
        let mut search = SearchPath {
            dirs: options.include_dirs.iter().chain(&env.dirs).cloned().collect(),
        };
        if path.is_dir() {
            search.dirs.insert(0, path.clone());
            let files = mof_files(world, path)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read folder `{}`", path.display()))?;
            if files.is_empty() {
                // Not an error (a hook may be given a folder with nothing to check yet), but a
                // mistyped folder should not pass in silence.
                note!("warning: no MOF files (*.mof, *.mfl) in `{}`", path.display());
            }
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
    let finder = sema::ClassFinder::default();
    jobs.par_iter()
        .map(|job| {
            let mut unit = Unit::load(world, &job.entry, &job.search)
                .map_err(|e| miette!(help = "check the path", "cannot read `{}`: {e}", job.entry.display()))?;
            (env.prepare)(&mut unit);
            finder.complete(&mut unit, world, &job.search);
            let (model, semantic) = sema::analyze(&unit, &sema_options);
            let found = config::reported(&unit, semantic, &project.policy);
            // Only a compilation without errors is written out.
            let clean = !found.iter().any(|d| d.is_error());
            let output = output.filter(|_| clean).map(|render| render(&unit, &model));
            drop(model);
            unit.diagnostics.clear();
            unit.report(found);
            Ok(Compiled { unit, output })
        })
        .collect()
}

/// Renders every diagnostic in the chosen format: human on stderr, the formats for programs
/// on `out`, with a summary line on stderr for `human` and `github`.
pub fn report<T>(compiled: &[Compiled<T>], options: &CompileOptions, out: &mut dyn Write) -> miette::Result<Summary> {
    let mut summary = Summary::default();
    for c in compiled {
        summary.files += c.unit.sources.len();
        c.unit.diagnostics.iter().for_each(|d| summary.add(d));
    }
    let all = || -> Vec<_> {
        compiled
            .iter()
            .flat_map(|c| c.unit.diagnostics.iter().map(move |d| (&c.unit.sources, d)))
            .collect()
    };
    // SARIF and GitHub paths are relative to where mofc runs: the checkout, in CI.
    let base = || std::env::current_dir().unwrap_or_default();
    match options.format {
        Format::Json => writeln!(out, "{}", render::json(&all(), summary)).into_diagnostic()?,
        Format::Sarif => writeln!(out, "{}", render::sarif(&all(), &base())).into_diagnostic()?,
        Format::Github => write!(out, "{}", render::github(&all(), &base())).into_diagnostic()?,
        Format::Human => {
            let color = match options.color {
                Color::Auto => ColorMode::Auto,
                Color::Always => ColorMode::Always,
                Color::Never => ColorMode::Never,
            };
            // Diagnostics for people go to stderr, and a failure there has nowhere to be reported.
            for c in compiled {
                let _ = render::human(&c.unit.sources, &c.unit.diagnostics, color);
            }
        }
    }
    if matches!(options.format, Format::Human | Format::Github) {
        note!(
            "checked {} file{}: {} error{}, {} warning{}",
            summary.files,
            plural(summary.files),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        );
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
