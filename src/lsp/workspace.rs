//! The workspace: its folders, the compilations their files make, and compiling them again when
//! a file changes.
//!
//! A folder compiles as `mofc check DIR` does: each file that no other file in it includes is
//! the entry point of a compilation, with the folder on the search path. An open file that no
//! compilation includes is compiled on its own, with its folder on the search path. A change to
//! a file compiles again every compilation that has it, and the diagnostics of all their files
//! are published (a change can cause errors in other files, or clear them).
//!
//! As on the command line, a file read only to find a class is a dependency: its problems are
//! folded into one E0006/W0006 where the class is used (`sema::fold`), unless the file is a
//! subject of its own: open, or a file of one of the folders' compilations. An open file that
//! compilations read only as a dependency is compiled on its own too, as `mofc check FILE`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::diagnostics::{self, ByFile, Published};
use super::incremental::{self, Index};
use super::kept::{Analysed, Kept};
use super::position::Encoding;
use super::settings::Settings;
use super::world::{Buffer, Overlay};
use crate::config;
use crate::sema;
use crate::source::{FileId, SearchPath, SourceFile, World, mof_files_except};
use crate::syntax::ast::File;
use crate::syntax::powershell;
use crate::syntax::unit::{ParseCache, Unit, entry_points, in_report_order, includes};

pub struct Workspace {
    pub world: Overlay,
    pub encoding: Encoding,
    cache: Arc<ParseCache>,
    folders: Vec<Folder>,
    compilations: Vec<Compilation>,
    published: Published,
    /// Files changed since the compilations were last brought up to date.
    dirty: HashSet<PathBuf>,
    /// Folders whose entry points must be found again (files were created or deleted, or
    /// includes changed).
    rediscover: HashSet<usize>,
    /// Whether a file may have been created or deleted since the last refresh (on disk, or as
    /// the buffer of a file the disk does not have): an include may find another file, so the
    /// compilations are loaded afresh rather than from their last load (`Unit::reload`).
    created_or_deleted: bool,
    /// What the user should be told (a `mofc.toml` that cannot be read).
    pub messages: Vec<String>,
    /// To a thread that drops the compilations replaced (see [`Context::dropped`]).
    dropped: Sender<Compilation>,
}

struct Folder {
    root: PathBuf,
    settings: Arc<Settings>,
    /// What the user was last told of its `mofc.toml`, so that one mistake is told once.
    told: Option<String>,
}

/// A compilation to run: an entry file, where its includes are searched, how it is analysed.
#[derive(Clone)]
struct Job {
    entry: PathBuf,
    search: SearchPath,
    settings: Arc<Settings>,
    /// The workspace folder whose entry point it is; `None` for an open file that no
    /// compilation of the workspace includes.
    folder: Option<usize>,
}

/// A compilation, compiled: the unit with all its diagnostics, and its model once a request
/// needed it (`kept.rs`).
pub struct Compilation {
    job: Job,
    pub unit: Arc<Unit>,
    kept: Kept,
    /// How many of the unit's files are its own: the others were read to find classes.
    own: u32,
    diagnostics: ByFile,
}

impl Compilation {
    pub fn options(&self) -> &sema::Options {
        &self.job.settings.options
    }

    pub fn search(&self) -> &SearchPath {
        &self.job.search
    }

    /// Calls `f` with the compilation's whole model, analysed at the first request after the
    /// compilation was made and kept until it is made again.
    pub fn with_model<R>(&self, f: impl for<'a> FnOnce(&'a Unit, &Analysed<'a>) -> R) -> R {
        self.kept.with(self.options(), f)
    }

    fn has(&self, path: &Path) -> bool {
        self.unit.sources.find(path).is_some()
    }

    /// Whether the file at `path` is one of the compilation's own files.
    fn owns(&self, path: &Path) -> bool {
        self.unit.sources.find(path).is_some_and(|id| id.0 < self.own)
    }
}

/// What to send the client: a file's diagnostics, and the version of its buffer if it is open.
pub struct Publish {
    pub path: PathBuf,
    pub version: Option<i32>,
    pub diagnostics: Vec<lsp_types::Diagnostic>,
}

impl Workspace {
    pub fn new(roots: Vec<PathBuf>, encoding: Encoding) -> Workspace {
        let (dropped, to_drop) = std::sync::mpsc::channel::<Compilation>();
        // It ends when the workspace, which holds the sender, is dropped.
        std::thread::spawn(move || to_drop.into_iter().for_each(drop));
        let mut workspace = Workspace {
            world: Overlay::default(),
            encoding,
            cache: Arc::default(),
            folders: Vec::new(),
            compilations: Vec::new(),
            published: Published::default(),
            dirty: HashSet::new(),
            rediscover: HashSet::new(),
            created_or_deleted: false,
            messages: Vec::new(),
            dropped,
        };
        for root in roots {
            let root = workspace.world.canonical(&root);
            workspace.folders.push(Folder {
                root,
                settings: Arc::default(),
                told: None,
            });
        }
        workspace.read_settings();
        workspace
    }

    /// Reads every folder's `mofc.toml` again; its compilations are redone from scratch.
    fn read_settings(&mut self) {
        for (i, folder) in self.folders.iter_mut().enumerate() {
            let (settings, error) = Settings::for_folder(&folder.root);
            folder.settings = Arc::new(settings);
            if error != folder.told {
                self.messages.extend(error.clone());
                folder.told = error;
            }
            self.rediscover.insert(i);
        }
    }

    /// The canonical form of a path, under which buffers and files are known.
    pub fn canonical(&self, path: &Path) -> PathBuf {
        self.world.canonical(path)
    }

    pub fn open(&mut self, path: PathBuf, text: String, version: i32) {
        let appears = !self.world.on_disk(&path);
        self.world.open(path.clone(), Buffer { text, version });
        if appears {
            self.existence_changed(&path);
        }
        self.dirty.insert(path);
    }

    /// The buffer of an open file, to edit; the file is compiled again at the next refresh.
    pub fn edit(&mut self, path: &Path) -> Option<&mut Buffer> {
        self.dirty.insert(path.to_path_buf());
        self.world.buffer_mut(path)
    }

    pub fn close(&mut self, path: &Path) {
        self.world.close(path);
        if !self.world.on_disk(path) {
            self.existence_changed(path);
        }
        self.dirty.insert(path.to_path_buf());
    }

    /// Files changed on disk (saved, or changed by another program). `created_or_deleted` says
    /// whether the set of files changed, which can change entry points and what includes find.
    pub fn changed_on_disk(&mut self, paths: Vec<PathBuf>, created_or_deleted: bool) {
        if paths
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == config::FILE_NAME))
        {
            self.read_settings();
        }
        for path in &paths {
            self.world.forget(path);
            if created_or_deleted {
                self.rediscover_around(path);
            }
        }
        if created_or_deleted {
            self.reload_all();
        }
        self.dirty.extend(paths);
    }

    /// A file appeared or disappeared: on disk, or as the buffer of a file the disk does not
    /// have. An include that was missing may be found now, or another file first, in any
    /// compilation: every compilation is loaded afresh (not from its last load), and the
    /// entry points of the folders that hold the file are found again.
    fn existence_changed(&mut self, path: &Path) {
        self.rediscover_around(path);
        self.reload_all();
    }

    /// Marks the folders that hold `path` for their entry points to be found again.
    fn rediscover_around(&mut self, path: &Path) {
        for (i, folder) in self.folders.iter().enumerate() {
            if path.starts_with(&folder.root) {
                self.rediscover.insert(i);
            }
        }
    }

    /// Has every compilation loaded afresh, with what exists asked again: once for any number
    /// of files created or deleted.
    fn reload_all(&mut self) {
        self.created_or_deleted = true;
        self.world.forget_existence();
        let all: Vec<PathBuf> = self.compilations.iter().map(|c| c.job.entry.clone()).collect();
        self.dirty.extend(all);
    }

    /// Whether there are changes that [`Workspace::refresh`] has not compiled yet.
    /// The diagnostics last published for the file at `path`.
    pub fn published(&self, path: &Path) -> &[lsp_types::Diagnostic] {
        self.published.of(path)
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty() || !self.rediscover.is_empty()
    }

    /// Brings every compilation up to date with the changes since the last refresh, and says
    /// which files' diagnostics changed; `report` is told how far it has got (what it does, and
    /// a percentage).
    pub fn refresh(&mut self, report: &mut dyn FnMut(String, u32)) -> Vec<Publish> {
        let dirty = std::mem::take(&mut self.dirty);
        let mut touched: HashSet<PathBuf> = HashSet::new();
        let mut jobs: Vec<(Job, Option<Compilation>)> = Vec::new();
        let mut keep = Vec::new();
        let mut old_includes: Vec<(PathBuf, Vec<String>)> = Vec::new();
        let rediscover = std::mem::take(&mut self.rediscover);
        let entries: Vec<(usize, Vec<PathBuf>)> = rediscover
            .iter()
            .map(|&folder| (folder, self.entry_points(folder)))
            .collect();
        for compilation in std::mem::take(&mut self.compilations) {
            let folder = compilation.job.folder;
            let dropped = match folder {
                Some(folder) => {
                    !Arc::ptr_eq(&compilation.job.settings, &self.folders[folder].settings)
                        || entries
                            .iter()
                            .any(|(f, list)| *f == folder && !list.contains(&compilation.job.entry))
                }
                // A file compiled on its own keeps the settings of the folder it is in, until
                // its `mofc.toml` changes.
                None => {
                    let entry = &compilation.job.entry;
                    self.world.buffer(entry).is_none()
                        || self
                            .folder_of(entry)
                            .is_some_and(|f| !Arc::ptr_eq(&compilation.job.settings, &f.settings))
                }
            };
            let stale = dirty.iter().any(|path| compilation.has(path));
            if dropped || stale {
                touched.extend(compilation.diagnostics.keys().cloned());
                for path in dirty.iter().filter(|p| compilation.has(p)) {
                    if let Some(id) = compilation.unit.sources.find(path) {
                        old_includes.push((path.clone(), include_names(&compilation.unit.files[id.0 as usize])));
                    }
                }
                if !dropped {
                    jobs.push((compilation.job.clone(), Some(compilation)));
                }
            } else {
                keep.push(compilation);
            }
        }
        for (folder, list) in &entries {
            for entry in list {
                let known = keep
                    .iter()
                    .any(|c| c.job.entry == *entry && c.job.folder == Some(*folder))
                    || jobs.iter().any(|(j, _)| j.entry == *entry && j.folder == Some(*folder));
                if !known {
                    jobs.push((self.folder_job(*folder, entry.clone()), None));
                }
            }
        }
        self.compilations = keep;
        if !jobs.is_empty() {
            report(format!("loading {} compilations", jobs.len()), 10);
        }
        self.compile(jobs, &dirty, &mut touched, report);
        self.drop_standalone_owned(&mut touched);
        self.compile_standalone(&dirty, &mut touched, report);

        // A file whose includes changed can change which files are entry points.
        let mut again = false;
        for (path, before) in old_includes {
            let now = self.compilations.iter().find_map(|c| {
                c.unit
                    .sources
                    .find(&path)
                    .map(|id| include_names(&c.unit.files[id.0 as usize]))
            });
            if now.is_some_and(|now| now != before) {
                for (i, folder) in self.folders.iter().enumerate() {
                    if path.starts_with(&folder.root) {
                        self.rediscover.insert(i);
                        again = true;
                    }
                }
            }
        }
        self.created_or_deleted = false;
        // In the order a fresh server makes them (folders' first, each folder's by entry), which
        // is the order their diagnostics of a file they share are published in.
        self.compilations.sort_by(|a, b| {
            (a.job.folder.is_none(), a.job.folder, &a.job.entry).cmp(&(
                b.job.folder.is_none(),
                b.job.folder,
                &b.job.entry,
            ))
        });
        let mut published = if again { self.refresh(report) } else { Vec::new() };
        published.extend(self.publish(touched));
        published
    }

    /// After a refresh that panicked: what it did not finish is dropped (a compilation being
    /// redone is not kept), and the diagnostics of every file are published again from the
    /// compilations that remain, so that none shows what a dropped compilation had found.
    pub fn recover(&mut self) -> Vec<Publish> {
        self.dirty.clear();
        self.rediscover.clear();
        let sent = self.published.paths();
        self.publish(sent)
    }

    /// Every compilation of the workspace.
    pub fn compilations(&self) -> &[Compilation] {
        &self.compilations
    }

    /// The compilation an open file is best answered from (one whose own file it is before one
    /// that read it to find a class, a workspace one before one compiled on its own), and the
    /// file's id in it.
    pub fn compilation_of(&self, path: &Path) -> Option<(&Compilation, FileId)> {
        self.compilations
            .iter()
            .filter_map(|c| c.unit.sources.find(path).map(|id| (c, id)))
            .min_by_key(|(c, id)| (id.0 >= c.own, c.job.folder.is_none()))
    }

    /// The entry files of a folder's compilations: the `files` of its `mofc.toml` (a folder
    /// among them standing for its entry points), or else the entry points of the folder.
    fn entry_points(&self, folder: usize) -> Vec<PathBuf> {
        let Folder { root, settings, .. } = &self.folders[folder];
        let search = self.folder_search(folder);
        let listed = if settings.files.is_empty() {
            std::slice::from_ref(root)
        } else {
            &settings.files[..]
        };
        let mut entries = Vec::new();
        for path in listed {
            if path.is_dir() {
                let files = mof_files_except(&self.world, path, &settings.exclude).unwrap_or_default();
                entries.extend(entry_points(&self.world, &files, &search));
            } else {
                entries.push(path.clone());
            }
        }
        entries.into_iter().map(|entry| self.world.canonical(&entry)).collect()
    }

    fn folder_search(&self, folder: usize) -> SearchPath {
        let folder = &self.folders[folder];
        let mut dirs = vec![folder.root.clone()];
        dirs.extend(folder.settings.include_dirs.iter().cloned());
        SearchPath { dirs }
    }

    fn folder_job(&self, folder: usize, entry: PathBuf) -> Job {
        Job {
            entry,
            search: self.folder_search(folder),
            settings: self.folders[folder].settings.clone(),
            folder: Some(folder),
        }
    }

    /// Drops the compilations of open files compiled on their own that a compilation of a
    /// folder now has as its own file (an include of it was added, or it became an entry
    /// point), as a fresh server would not compile them on their own.
    fn drop_standalone_owned(&mut self, touched: &mut HashSet<PathBuf>) {
        let all = std::mem::take(&mut self.compilations);
        let owned = |entry: &Path| all.iter().any(|c| c.job.folder.is_some() && c.owns(entry));
        let gone: Vec<bool> = all
            .iter()
            .map(|c| c.job.folder.is_none() && owned(&c.job.entry))
            .collect();
        for (compilation, gone) in all.into_iter().zip(gone) {
            if gone {
                touched.extend(compilation.diagnostics.keys().cloned());
                // Freed on the thread that frees replaced compilations, not on the edit's.
                let _ = self.dropped.send(compilation);
            } else {
                self.compilations.push(compilation);
            }
        }
    }

    /// The innermost workspace folder that holds `path`, whose settings it is compiled with.
    fn folder_of(&self, path: &Path) -> Option<&Folder> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(&f.root))
            .max_by_key(|f| f.root.as_os_str().len())
    }

    /// Compiles on its own every open file that no compilation of a folder has as its own file
    /// (one that compilations only read to find a class is checked as `mofc check FILE` checks
    /// it), unless it is compiled so already. A PowerShell module is never compiled as MOF: it
    /// is checked with its schema.
    fn compile_standalone(
        &mut self,
        dirty: &HashSet<PathBuf>,
        touched: &mut HashSet<PathBuf>,
        report: &mut dyn FnMut(String, u32),
    ) {
        let open: Vec<PathBuf> = self
            .world
            .open_paths()
            .filter(|path| {
                !powershell::is_module(path)
                    && !self.compilations.iter().any(|c| {
                        (c.job.folder.is_some() && c.owns(path)) || (c.job.folder.is_none() && c.job.entry == **path)
                    })
            })
            .cloned()
            .collect();
        let jobs = open
            .into_iter()
            .map(|entry| {
                let settings = self.folder_of(&entry).map(|f| f.settings.clone()).unwrap_or_default();
                let mut dirs: Vec<PathBuf> = entry.parent().map(Path::to_path_buf).into_iter().collect();
                dirs.extend(settings.include_dirs.iter().cloned());
                let job = Job {
                    entry,
                    search: SearchPath { dirs },
                    settings,
                    folder: None,
                };
                (job, None)
            })
            .collect();
        self.compile(jobs, dirty, touched, report);
    }

    /// Runs jobs in parallel (each with its last compilation, if any) and adds their
    /// compilations, noting the files with diagnostics.
    fn compile(
        &mut self,
        jobs: Vec<(Job, Option<Compilation>)>,
        dirty: &HashSet<PathBuf>,
        touched: &mut HashSet<PathBuf>,
        report: &mut dyn FnMut(String, u32),
    ) {
        let (world, cache, encoding) = (&self.world, &self.cache, self.encoding);
        // Loaded first, so that the files of every compilation of the batch are known before
        // any folds the problems of the files it reads to find classes. A compilation redone
        // takes the files that did not change from its last load.
        let reread = self.created_or_deleted;
        let loaded: Vec<Loaded> = jobs
            .into_par_iter()
            .filter_map(|(job, previous)| {
                let unit = match previous.as_ref().filter(|_| !reread) {
                    Some(last) => Unit::reload(world, &job.entry, &job.search, cache.clone(), &last.unit, dirty),
                    None => Unit::load_cached(world, &job.entry, &job.search, cache.clone()),
                };
                Some((job, previous, unit.ok()?))
            })
            .collect();
        if !loaded.is_empty() {
            let files: usize = loaded.iter().map(|(_, _, unit)| unit.files.len()).sum();
            report(format!("analysing {files} files"), 50);
        }
        let subjects = self.subjects(&loaded);
        // What the folders hold is learnt again for each batch: files come and go between them.
        let finder = sema::ClassFinder::default();
        let context = Context {
            world,
            finder: &finder,
            encoding,
            subjects: &subjects,
            dirty,
            dropped: &self.dropped,
        };
        let compiled: Vec<Compilation> = loaded
            .into_par_iter()
            .map(|(job, previous, unit)| compile(&context, job, previous, unit))
            .collect();
        for compilation in compiled {
            touched.extend(compilation.diagnostics.keys().cloned());
            self.compilations.push(compilation);
        }
    }

    /// The files whose problems are shown in them, not folded where a compilation that reads
    /// them to find a class uses it: the open files, and the files of the folders' compilations
    /// (those compiled, and those `loaded` to be compiled), as `mofc check DIR` checks every
    /// file of DIR.
    fn subjects(&self, loaded: &[Loaded]) -> Subjects {
        let mut files: Vec<Arc<SourceFile>> = Vec::new();
        for compilation in self.compilations.iter().filter(|c| c.job.folder.is_some()) {
            let own = (0..compilation.own).map(|id| compilation.unit.sources.shared(FileId(id)));
            files.extend(own.cloned());
        }
        for (_, _, unit) in loaded.iter().filter(|(job, _, _)| job.folder.is_some()) {
            let all = (0..unit.sources.len()).map(|id| unit.sources.shared(FileId(id as u32)));
            files.extend(all.cloned());
        }
        Subjects {
            open: self.world.open_paths().cloned().collect(),
            files,
            paths: OnceLock::new(),
        }
    }

    fn publish(&mut self, touched: HashSet<PathBuf>) -> Vec<Publish> {
        let all: Vec<&ByFile> = self.compilations.iter().map(|c| &c.diagnostics).collect();
        let mut paths: Vec<PathBuf> = touched.into_iter().collect();
        paths.sort();
        self.published
            .changes(paths, &all)
            .into_iter()
            .map(|(path, diagnostics)| Publish {
                version: self.world.buffer(&path).map(|b| b.version),
                path,
                diagnostics,
            })
            .collect()
    }
}

/// A job with its last compilation, if any, and its files loaded (not yet completed with the
/// files of the classes they use).
type Loaded = (Job, Option<Compilation>, Unit);

/// The files that show their own problems (see [`Workspace::subjects`]). Only a compilation
/// whose dependencies have problems asks, so their paths are hashed at the first question, not
/// after every edit (the CIM Schema's 1,634 would cost a millisecond).
struct Subjects {
    open: HashSet<PathBuf>,
    files: Vec<Arc<SourceFile>>,
    paths: OnceLock<HashSet<PathBuf>>,
}

impl Subjects {
    fn contains(&self, path: &Path) -> bool {
        let paths = self
            .paths
            .get_or_init(|| self.files.iter().map(|file| file.path.clone()).collect());
        self.open.contains(path) || paths.contains(path)
    }
}

/// What the compilations of a batch share.
struct Context<'a> {
    world: &'a Overlay,
    finder: &'a sema::ClassFinder,
    encoding: Encoding,
    /// The files that show their own problems (see [`Workspace::subjects`]).
    subjects: &'a Subjects,
    /// Where the last compilations of jobs go to be dropped, away from the edit's way: freeing
    /// the syntax trees and model of the CIM Schema takes milliseconds.
    dropped: &'a Sender<Compilation>,
    /// The files changed since the last compilations.
    dirty: &'a HashSet<PathBuf>,
}

/// Compiles one job, loaded, as `mofc check` does: complete with the files of classes used but
/// not defined, analyse (only what the `dirty` files affect, if the last compilation allows it),
/// settle severities by file role, apply the `[lint]` policy and suppression comments, and fold
/// the problems of the files read to find classes.
fn compile(cx: &Context, job: Job, previous: Option<Compilation>, mut unit: Unit) -> Compilation {
    let own = unit.files.len() as u32;
    let last = previous.as_ref().map(|p| p.kept.analysis());
    let mut index = Index::of(&unit, last);
    // A compilation that declares every class it uses (the CIM Schema) has nothing to look for.
    let dependencies = if index.self_contained() {
        Vec::new()
    } else {
        let found = cx.finder.complete_against(
            &job.settings.schema,
            &mut unit,
            cx.world,
            &job.search,
            job.settings.options.dialect,
        );
        index.add_new(&unit, last);
        found
    };
    let before = previous.as_ref().map(|p| (&*p.unit, p.kept.analysis()));
    // The unit keeps the diagnostics of its load; those of the compilation are published.
    let unit = Arc::new(unit);
    let options = &job.settings.options;
    let kept = Kept::analysed(unit.clone(), |unit| {
        incremental::analyze(unit, index, options, before, cx.dirty)
    });
    let mut semantic = kept.analysis().diagnostics.clone();
    cx.finder.offer_includes(&unit, cx.world, &job.search, &mut semantic);
    let all = config::reported(&unit, semantic, &job.settings.policy);
    let mut all = sema::fold(&unit, &dependencies, all, &|path| cx.subjects.contains(path));
    in_report_order(&mut all);
    let diagnostics = diagnostics::by_file(&unit, &all, cx.encoding);
    if let Some(previous) = previous {
        // The dropping thread ends only with the workspace, which is still here.
        let _ = cx.dropped.send(previous);
    }
    Compilation {
        job,
        kept,
        unit,
        own,
        diagnostics,
    }
}

/// The files a file includes, by the names it gives.
fn include_names(file: &File) -> Vec<String> {
    includes(file)
        .into_iter()
        .map(|(_, (name, _))| name.to_string())
        .collect()
}
