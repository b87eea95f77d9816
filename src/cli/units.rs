//! What `check` and `compile` share: reading `mofc.toml`, turning the PATH arguments into
//! compilations, compiling them in parallel, and reporting their diagnostics.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::Severity;
use miette::{IntoDiagnostic, WrapErr, miette};
use rayon::prelude::*;

use super::cache::{Cached, Results, Reuse};
use super::failure::say;
use super::output::note;
use super::progress::Progress;
use super::{CompileOptions, DialectArg, Format};
use crate::config::{self, Config, Policy};
use crate::diag::render::{self, Summary};
use crate::diag::{Code, Diagnostic};
use crate::sema::{self, Dialect, Model};
use crate::source::{DiskWorld, Exclude, FileId, Overlaid, SearchPath, World, mof_files_except};
use crate::syntax::powershell;
use crate::syntax::unit::{ParseCache, Unit, entry_points};

/// One compilation to run: its entry file and search path.
pub struct Job {
    pub entry: PathBuf,
    pub search: SearchPath,
}

/// A compilation's unit (with all its diagnostics, sorted) and what `output` made of its model.
pub struct Compiled<T> {
    pub unit: Unit,
    pub output: Option<T>,
    /// How many of the unit's files are its own (the entry and its includes), not added to
    /// find classes.
    pub own: usize,
}

/// Where compilations read files from, and what they see besides their own files.
pub struct Env<'a> {
    pub world: &'a dyn World,
    /// Folders searched after the `-I` ones.
    pub dirs: Vec<PathBuf>,
    /// Adds declarations to a unit once it is loaded.
    pub prepare: &'a (dyn Fn(&mut Unit) + Sync),
    /// The results of earlier runs, reused where nothing they depend on changed (`check` only:
    /// a reused compilation has no model to write out).
    pub cache: Option<&'a Results>,
    /// The process ends after this run (not a round of `--fix`): a run of one compilation then
    /// leaves its model for the exit to free, as `check` leaves the syntax trees (freeing the
    /// CIM Schema's model node by node took 1.8 ms, 4% of the check).
    pub ends_process: bool,
}

impl Env<'static> {
    /// The files on disk, and nothing else.
    pub fn disk() -> Env<'static> {
        Env {
            world: &DiskWorld,
            dirs: Vec::new(),
            prepare: &|_| {},
            cache: None,
            ends_process: true,
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
    /// What folder walks leave out.
    pub exclude: Exclude,
    /// Standard input, when the PATH is `-`: the file it stands for (the only path) and its bytes.
    pub stdin: Option<(PathBuf, Vec<u8>)>,
    /// The `mofc.toml` in use, if any.
    pub config: Option<Config>,
}

/// Reads the `mofc.toml` named by `--config`, or else the one in the current folder or above
/// it, if any, and completes the command line with it: options given on the command line win,
/// `-I` folders are searched before the file's `include-dirs`, and its `files` are compiled
/// when no PATH is given.
pub fn project(paths: Vec<PathBuf>, mut options: CompileOptions) -> miette::Result<Project> {
    let config = configuration(options.config.as_deref())?;
    let mut paths = paths_or_files(paths, config.as_ref())?;
    let stdin = match read_stdin(&paths)? {
        Some(bytes) => {
            let name = options
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from(STDIN_NAME));
            paths = vec![name.clone()];
            Some((name, bytes))
        }
        None => None,
    };
    let mut policy = Policy::default();
    let mut exclude = Exclude::default();
    if let Some(config) = &config {
        exclude = config.exclude.clone();
        options.include_dirs.extend(config.include_dirs.iter().cloned());
        options.schema.extend(config.schema.iter().cloned());
        options.namespace = options.namespace.or(config.namespace.clone());
        options.dialect = options.dialect.or(config.dialect.map(|d| match d {
            Dialect::Dmtf => DialectArg::Dmtf,
            Dialect::Wmi => DialectArg::Wmi,
        }));
        options.deny_warnings |= config.deny_warnings;
        policy = config.policy.clone();
    }
    Ok(Project {
        paths,
        options,
        policy,
        exclude,
        stdin,
        config,
    })
}

/// The name of standard input when `--stdin-filename` does not give one.
pub const STDIN_NAME: &str = "<stdin>";

/// Standard input, read whole, if the PATHs are `-` (which stands alone).
pub fn read_stdin(paths: &[PathBuf]) -> miette::Result<Option<Vec<u8>>> {
    if !paths.iter().any(|p| p.as_os_str() == "-") {
        return Ok(None);
    }
    if paths.len() > 1 {
        return Err(miette!("`-` (standard input) cannot be combined with other paths"));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
        .into_diagnostic()
        .wrap_err("cannot read standard input")?;
    Ok(Some(bytes))
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
/// them that no other includes (with the folder on the search path), and then any file of a
/// folder that no compilation reached (its files all include each other). Each compilation
/// resolves the classes it lacks against the schema (`--schema`), read once for the run.
/// `output` is called only for compilations without errors.
pub fn compile<T: Send>(project: &Project, env: &Env, output: Option<Output<T>>) -> miette::Result<Vec<Compiled<T>>> {
    let options = &project.options;
    let mut with_stdin;
    let world = match &project.stdin {
        Some((name, bytes)) => {
            with_stdin = Overlaid::new(env.world);
            with_stdin.set(name, bytes);
            &with_stdin as &dyn World
        }
        None => env.world,
    };
    let dirs: Vec<PathBuf> = options.include_dirs.iter().chain(&env.dirs).cloned().collect();
    let (jobs, folders) = jobs(world, &project.paths, &dirs, &project.exclude)?;
    // Syntax trees shared by the compilations of the run: a file several of them read (a
    // schema class, a shared dependency) is parsed once. One compilation without a schema (the
    // CIM Schema's entry file) has nothing to share, and would only hold its texts twice.
    let cache = Arc::new(ParseCache::default());
    let shared = jobs.len() > 1 || !options.schema.is_empty();
    let results = env.cache.map(|results| results.run(world));
    let schema = match &results {
        Some(results) => results.schema(|world| schema(world, &options.schema, &dirs, &cache))?,
        None => schema(world, &options.schema, &dirs, &cache)?,
    };
    let warm = std::sync::Once::new();
    let load = |job: &Job| {
        let recorder = match results.as_ref().map(|r| r.reuse(job)) {
            Some(Reuse::Cached(cached)) => return Ok(Started::Reused(cached)),
            Some(Reuse::Compile(recorder)) => Some(recorder),
            None => None,
        };
        // The built-in declarations (MOF parsed once, 1.3 ms) are needed once the first
        // compilation is loaded: parsed meanwhile on another thread, which is idle while a
        // compilation's entry file is read and parsed.
        warm.call_once(|| {
            rayon::spawn(|| {
                sema::builtins();
            })
        });
        let world = recorder.as_ref().map_or(world, |r| r as &dyn World);
        let unit = if shared {
            Unit::load_cached(world, &job.entry, &job.search, cache.clone())
        } else {
            Unit::load(world, &job.entry, &job.search)
        };
        unit.map(|unit| Started::Loaded(unit, recorder))
            .map_err(|e| miette!(help = "check the path", "cannot read `{}`: {e}", job.entry.display()))
    };
    let mut units: Vec<(Started, &Job)> = jobs
        .par_iter()
        .map(|job| Ok((load(job)?, job)))
        .collect::<miette::Result<_>>()?;
    // The files the run checks as its own: a file read to find a class that is one of them
    // reports its problems in its own compilation.
    // Keyed by the paths' bytes, as `Unit` keys its files (canonical paths: see `Unit::known`).
    let mut subjects: foldhash::HashSet<OsString> = units
        .iter()
        .flat_map(|(unit, _)| unit.own_paths())
        .map(PathBuf::into_os_string)
        .collect();
    let leftovers: Vec<Job> = folders
        .into_iter()
        .flat_map(|(files, search)| files.into_iter().map(move |entry| (entry, search.clone())))
        .map(|(entry, search)| Job { entry, search })
        .collect();
    for job in &leftovers {
        if !subjects.contains(world.canonical(&job.entry).as_os_str()) {
            let unit = load(job)?;
            subjects.extend(unit.own_paths().into_iter().map(PathBuf::into_os_string));
            units.push((unit, job));
        }
    }
    let finder = sema::ClassFinder::with_schema(schema);
    let sema_options = options.sema();
    let progress = Progress::new(units.len(), "compiling");
    let is_subject = |path: &Path| subjects.contains(path.as_os_str());
    // With several compilations, each model is freed to bound the run's memory.
    let leave_model = env.ends_process && units.len() == 1;
    let compiled = units
        .into_par_iter()
        .map(|(started, job)| {
            let (mut unit, recorder) = match started {
                Started::Loaded(unit, recorder) => (unit, recorder),
                Started::Reused(cached) => {
                    let (unit, own, dependencies, found) = cached.into_parts();
                    let found = sema::fold(&unit, &dependencies, found, &is_subject);
                    progress.step();
                    return finish(unit, None, own, found, !leave_model);
                }
            };
            let world = recorder.as_ref().map_or(world, |r| r as &dyn World);
            let own = unit.files.len();
            (env.prepare)(&mut unit);
            let dependencies = finder.complete(&mut unit, world, &job.search, sema_options.dialect);
            let (model, mut semantic) = sema::analyze(&unit, &sema_options);
            finder.offer_includes(&unit, world, &job.search, &mut semantic);
            let found = config::reported(&unit, semantic, &project.policy);
            if let (Some(results), Some(recorder)) = (&results, recorder) {
                results.store(recorder, &unit, own, &dependencies, &found);
            }
            let found = sema::fold(&unit, &dependencies, found, &is_subject);
            // Only a compilation without errors is written out.
            let clean = !found.iter().any(|d| d.is_error());
            let output = output.filter(|_| clean).map(|render| render(&unit, &model));
            if leave_model {
                std::mem::forget(model);
            } else {
                drop(model);
                // Each of several compilations keeps, until the report, only what it takes.
                unit.keep_for_report();
            }
            progress.step();
            finish(unit, output, own, found, !leave_model)
        })
        .collect();
    Ok(one_name_per_file(compiled))
}

/// A compilation started: loaded (with what records what it reads, when results are cached),
/// or reused from the cache.
enum Started<'r> {
    Loaded(Unit, Option<super::cache::Recorder<'r>>),
    Reused(Cached),
}

impl Started<'_> {
    /// The canonical paths of the compilation's own files (its entry and includes).
    fn own_paths(&self) -> Vec<PathBuf> {
        match self {
            Started::Loaded(unit, _) => paths(unit).collect(),
            Started::Reused(cached) => cached.own_paths(),
        }
    }
}

/// A compilation's outcome: its diagnostics, sorted, and, if `release`, the texts of only the
/// files they show (the only compilation of a process that ends after the report keeps them all:
/// freeing 1,634 texts one by one only delayed its report).
fn finish<T>(mut unit: Unit, output: Option<T>, own: usize, found: Vec<Diagnostic>, release: bool) -> Compiled<T> {
    unit.diagnostics.clear();
    unit.report(found);
    if !release {
        return Compiled { unit, output, own };
    }
    // The texts that fixes edit are kept too, for `--fix` to apply them to.
    let shown: HashSet<FileId> = unit
        .diagnostics
        .iter()
        .flat_map(Diagnostic::places)
        .map(|(file, _)| file)
        .collect();
    unit.sources.release_texts(|file| shown.contains(&file));
    Compiled { unit, output, own }
}

/// Gives each file one name in the run, the first it was given: entry files (named by the user)
/// first, then in order. (Below the current folder names agree already; a file outside it may be
/// named `../lib/a.mof` by the user and reached by an include through another path.)
fn one_name_per_file<T>(mut compiled: Vec<Compiled<T>>) -> Vec<Compiled<T>> {
    // Within one compilation a file has one name already.
    if compiled.len() < 2 {
        return compiled;
    }
    let mut renamed: Vec<(usize, FileId, String)> = Vec::new();
    {
        // By canonical path, as `subjects` above.
        let mut names: foldhash::HashMap<&OsStr, &str> = foldhash::HashMap::default();
        let entries = compiled.iter().map(|c| c.unit.sources.get(c.unit.entry));
        let files = compiled
            .iter()
            .flat_map(|c| c.unit.sources.iter().map(|(_, file)| file));
        for file in entries.chain(files) {
            names.entry(file.path.as_os_str()).or_insert(&file.name);
        }
        for (i, c) in compiled.iter().enumerate() {
            for (id, file) in c.unit.sources.iter() {
                match names.get(file.path.as_os_str()) {
                    Some(&name) if name != file.name => renamed.push((i, id, name.to_string())),
                    _ => {}
                }
            }
        }
    }
    for (i, id, name) in renamed {
        compiled[i].unit.sources.rename(id, name);
    }
    compiled
}

/// The canonical paths of a unit's files.
fn paths(unit: &Unit) -> impl Iterator<Item = PathBuf> + '_ {
    unit.sources.iter().map(|(_, file)| file.path.clone())
}

/// The files of each folder PATH, with its search path.
type Folders = Vec<(Vec<PathBuf>, SearchPath)>;

/// The compilations of the PATHs, and for each folder among them its files with its search
/// path (a file there that no compilation reaches is compiled too). A PowerShell module
/// stands for the resource schema beside it.
fn jobs(
    world: &dyn World,
    paths: &[PathBuf],
    dirs: &[PathBuf],
    exclude: &Exclude,
) -> miette::Result<(Vec<Job>, Folders)> {
    let mut jobs = Vec::new();
    let mut folders = Vec::new();
    for path in paths {
        let mut search = SearchPath { dirs: dirs.to_vec() };
        if path.is_dir() {
            search.dirs.insert(0, path.clone());
            let files = mof_files_except(world, path, exclude)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read folder `{}`", path.display()))?;
            if files.is_empty() {
                // Not an error (a hook may be given a folder with nothing to check yet), but a
                // mistyped folder should not pass in silence.
                say(
                    Severity::Warning,
                    &format!("no MOF files (*.mof, *.mfl) in `{}`", path.display()),
                );
            }
            for entry in entry_points(world, &files, &search) {
                jobs.push(Job {
                    entry,
                    search: search.clone(),
                });
            }
            folders.push((files, search));
        } else if powershell::is_module(path) {
            // A DSC resource's module is checked with the schema beside it, never as MOF.
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            match world.in_any_case(dir, &format!("{stem}.schema.mof")) {
                Some(schema) => jobs.push(Job { entry: schema, search }),
                None => say(
                    Severity::Warning,
                    &format!(
                        "`{}` is a PowerShell module without a resource schema beside it: not checked",
                        path.display()
                    ),
                ),
            }
        } else {
            jobs.push(Job {
                entry: path.clone(),
                search,
            });
        }
    }
    Ok((jobs, folders))
}

/// Reads the schema given with `--schema` (files, or folders of them), parsing its files into
/// `cache`.
fn schema(
    world: &dyn World,
    paths: &[PathBuf],
    dirs: &[PathBuf],
    cache: &Arc<ParseCache>,
) -> miette::Result<sema::Schema> {
    sema::Schema::read(world, paths, dirs, cache).map_err(|(path, e)| {
        miette!(
            help = "`--schema` and `schema` in mofc.toml name MOF files or folders",
            "cannot read schema `{}`: {e}",
            path.display()
        )
    })
}

/// Renders every diagnostic in the chosen format: human on stderr, the formats for programs
/// on `out`, with a summary line on stderr for `human` and `github`.
pub fn report<T>(compiled: &[Compiled<T>], options: &CompileOptions, out: &mut dyn Write) -> miette::Result<Summary> {
    // A file several compilations include is one file, and a diagnostic in it one diagnostic.
    let mut files: foldhash::HashSet<&OsStr> = foldhash::HashSet::default();
    let mut seen = foldhash::HashSet::default();
    let mut summary = Summary::default();
    let mut shown: Vec<Vec<&Diagnostic>> = Vec::new();
    for c in compiled {
        let sources = &c.unit.sources;
        files.extend(sources.iter().take(c.own).map(|(_, file)| file.path.as_os_str()));
        let distinct = c.unit.diagnostics.iter().filter(|d| {
            // The problems of a file read to find a class are counted once in the run, however
            // many compilations read it (their message names the file and the class).
            let folded = matches!(d.code, Code::DependencyErrors | Code::DependencyWarnings);
            let at = d.primary.span;
            let place = (!folded).then(|| (sources.get(d.primary.file).path.as_os_str(), at.start, at.end));
            seen.insert((place, d.code, &d.message))
        });
        shown.push(distinct.inspect(|d| summary.add(d)).collect());
    }
    summary.files = files.len();
    let all = || -> Vec<_> {
        compiled
            .iter()
            .zip(&shown)
            .flat_map(|(c, shown)| shown.iter().map(move |&d| (&c.unit.sources, d)))
            .collect()
    };
    // SARIF and GitHub paths are relative to where mofc runs: the checkout, in CI.
    let base = || std::env::current_dir().unwrap_or_default();
    match options.format {
        Format::Json => writeln!(out, "{}", render::json(&all(), summary)).into_diagnostic()?,
        Format::Sarif => writeln!(out, "{}", render::sarif(&all(), &base())).into_diagnostic()?,
        Format::Github => write!(out, "{}", render::github(&all(), &base())).into_diagnostic()?,
        Format::Human => {
            let color = super::color_mode();
            // Diagnostics for people go to stderr, and a failure there has nowhere to be reported.
            for (c, shown) in compiled.iter().zip(&shown) {
                let shown: Vec<Diagnostic> = shown.iter().map(|&d| d.clone()).collect();
                let _ = render::human(&c.unit.sources, &shown, color);
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
