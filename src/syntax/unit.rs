//! A compilation unit: an entry file and everything it includes, parsed, with its declarations
//! in compilation order (an include stands for the included file's declarations, as in mofcomp).
//!
//! Files are read and parsed in parallel, one wave of newly discovered includes at a time; the
//! include graph is then walked in order, which is where missing files and cycles are reported
//! with the chain of includes that led to them.
//!
//! An entry file with C preprocessor directives (WDK sources) is loaded in include order
//! instead, one file after the other, because a macro defined in one file is used in the next:
//! that is what `cl /EP` would see.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use foldhash::{HashMap as FoldHashMap, HashSet as FoldHashSet};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::ast::{ClassDecl, File, Item, PragmaArg};
use super::cpp::{self, Macros};
use super::dsc_files;
use super::lexer::{lex, may_have_directives};
use super::parser::{Parsed, parse, parse_lexed};
use super::token::Tok;
use crate::diag::{Code, Diagnostic, Edit, Fix, Label};
use crate::source::{
    Encoding, FileId, ListedOnce, SearchPath, SourceFile, Sources, Span, World, decode, display_name, misspelled,
};

/// One declaration of the unit: which file, which item of its syntax tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRef {
    pub file: FileId,
    pub index: usize,
}

pub struct Unit {
    pub sources: Sources,
    /// The syntax tree of each file, indexed by `FileId`; shared with the [`ParseCache`], if any.
    pub files: Vec<Arc<File>>,
    pub entry: FileId,
    /// How many files are the compilation's own: the entry file and its includes, ids below
    /// this. Files added after the load (the classes it uses, found by `sema::deps`; what a
    /// repository holds) are dependencies, which rules about a file as a whole leave alone.
    own: u32,
    /// Every declaration (pragmas included) in compilation order.
    pub order: Vec<ItemRef>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every file read so far, by canonical path. Keyed by the path's bytes, as `OsStr` hashes
    /// them: `Path`'s own `Hash` walks a path a byte at a time to skip repeated separators and
    /// `.` components, which a canonical path has none of (about 1,000 instructions for a path
    /// of the CIM Schema, whose load looks each file up several times). The command line's maps
    /// of canonical paths (`cli/units.rs`) do the same.
    known: FoldHashMap<OsString, FileId>,
    /// Where the includes of the files loaded with [`ParseCache`] were found, by the folder of
    /// the file that names them and the name: what [`Unit::reload`] looks up instead of
    /// searching again.
    found: Arc<FoldHashMap<IncludeKey, Option<Located>>>,
    /// How the compilation's own files were loaded, when they were loaded through the cache
    /// file by file (not in order through the preprocessor): what [`Unit::reload`] patches.
    load: Option<Arc<Load>>,
    /// Where files parsed before are kept, when the unit is loaded again and again.
    cache: Option<Arc<ParseCache>>,
    /// The MOF in embedded objects' strings, parsed once: by the class finder, which looks for
    /// the classes it uses, and then by analysis. Keyed by [`embedded_key`].
    pub embedded: HashMap<(usize, usize), Arc<Parsed>>,
    /// The PowerShell module beside the entry file when it is a DSC resource schema, as
    /// (schema, module): a file of the compilation, read through the world like the others (so
    /// that an editor's buffer is used and an edit to it compiles the schema again), but never
    /// parsed as MOF: its syntax tree is empty. See [`Unit::add_module`].
    pub modules: Vec<(FileId, FileId)>,
    /// For the entry file when it is a DSC resource schema: the properties (in lower case) that
    /// a localized amendment below it (`<locale>/<Name>.schema.mfl`) describes, which the schema
    /// need not describe itself. The amendment is read, not compiled: it is a compilation of its
    /// own. See [`Unit::add_localized_descriptions`].
    pub localized_descriptions: Vec<(FileId, HashSet<String>)>,
}

/// The key of a string of the unit's syntax trees (or of MOF embedded in them) in
/// [`Unit::embedded`]: the address and length of its text, which do not move while the trees
/// live, and which no other string of them shares.
pub fn embedded_key(text: &str) -> (usize, usize) {
    (text.as_ptr() as usize, text.len())
}

/// Syntax trees kept from one load of a compilation to the next, by file and exact contents.
///
/// The language server loads a compilation again after every edit; with the cache, only the
/// files whose text changed are parsed again (the CIM Schema has 1,634 files, and parsing them all
/// takes most of a full check). A load through the cache still reads and decodes every file, so
/// the unit is exactly what an uncached load gives; [`Unit::reload`] reads only the files known
/// to have changed. The command line shares one cache between the compilations of a run when
/// there are several or a schema (`cli/units.rs`); a run of one compilation has none.
/// Preprocessed compilations (see `load_in_order`) are not cached: a file's tokens there depend
/// on the macros of the files before it.
#[derive(Default)]
pub struct ParseCache {
    files: Mutex<FoldHashMap<PathBuf, CachedParse>>,
}

struct CachedParse {
    /// The file as it was parsed. The compilations that read the same text from it share it,
    /// so that a run keeps each file's text once however many compilations read it (a folder of
    /// 2,000 files that each derive from the next: 2 million reads, 480 MB of copies).
    source: Arc<SourceFile>,
    ast: Arc<File>,
    /// The parser's diagnostics, which point into this file only.
    diagnostics: Vec<Diagnostic>,
}

impl CachedParse {
    /// The file as a compilation that names it `name` and read it as `encoding` has it: the
    /// cached one, shared, when it was read so; otherwise one of its own with the same text.
    fn source_as(&self, name: &str, encoding: Encoding) -> Arc<SourceFile> {
        if self.source.name == name && self.source.encoding == encoding {
            return self.source.clone();
        }
        let source = SourceFile::new(self.source.path.clone(), name.into(), self.source.text.clone());
        Arc::new(source.with_encoding(encoding))
    }

    /// The parser's diagnostics, moved to file `id`.
    fn diagnostics_in(&self, id: FileId) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics.clone();
        // A parser's diagnostics point into the file they were found in only.
        diagnostics.iter_mut().for_each(|d| d.map_files(|_| id));
        diagnostics
    }
}

impl ParseCache {
    /// What parsing `path` gave if it was parsed with exactly `text`: the file as a compilation
    /// that names it `name` and read it as `encoding` has it, the tree, and the diagnostics moved
    /// to `id`.
    fn get(&self, path: &Path, text: &str, (name, encoding): (&str, Encoding), id: FileId) -> Option<Loaded> {
        let files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let cached = files.get(path).filter(|c| c.source.text == text)?;
        Some(Loaded {
            source: cached.source_as(name, encoding),
            ast: cached.ast.clone(),
            diagnostics: cached.diagnostics_in(id),
        })
    }

    /// The parser's diagnostics of `path`, moved to `id`, if `ast` is the tree the cache holds
    /// for it: the file was parsed from the text the cache holds.
    fn diagnostics_of(&self, path: &Path, ast: &Arc<File>, id: FileId) -> Option<Vec<Diagnostic>> {
        let files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let cached = files.get(path).filter(|c| Arc::ptr_eq(&c.ast, ast))?;
        Some(cached.diagnostics_in(id))
    }

    /// What was last parsed from `path`, whatever the file holds now: the cache as a snapshot,
    /// such as the files of a schema as they were read.
    fn last(&self, path: &Path, id: FileId) -> Option<Loaded> {
        let files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let cached = files.get(path)?;
        Some(Loaded {
            source: cached.source_as(&display_name(path, path), cached.source.encoding),
            ast: cached.ast.clone(),
            diagnostics: cached.diagnostics_in(id),
        })
    }

    /// Keeps what parsing `source` (read from the path it holds) gave.
    fn put(&self, source: &Arc<SourceFile>, ast: &Arc<File>, diagnostics: &[Diagnostic]) {
        let cached = CachedParse {
            source: source.clone(),
            ast: ast.clone(),
            diagnostics: diagnostics.to_vec(),
        };
        let mut files = self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(source.path.clone(), cached);
    }
}

/// What the in-order load of a preprocessed compilation keeps track of.
struct Ordered<'w> {
    world: &'w dyn World,
    search: &'w SearchPath,
    targets: Targets,
    /// How many files are open, one within the other: loading recurses through the preprocessor.
    depth: usize,
}

/// How deeply files may include one another in a preprocessed compilation, as `cl` allows
/// (fatal error C1014 beyond it); loading such a compilation recurses through its includes.
pub const MAX_INCLUDE_DEPTH: usize = 1024;

/// How many declarations the repeated includes of one compilation may add: this many, or
/// [`REPEAT_FACTOR`] times the declarations of the files it includes the first time, whichever
/// is more. A file included twice is read twice, as mofcomp (textual inclusion) and pywbem
/// (`compile_file` at every include) read it: its declarations update what the first reading
/// made. Reading it once instead would change what a compilation means: a declaration between
/// the two includes that the second reading replaces would win. But files that each include
/// the next twice read the last one 2^n times: 22 files gave 4 million warnings. The bound
/// is far above what a compilation that repeats includes for a reason reads again (a file of
/// qualifiers included in each namespace) and stops the exponential ones, with one error
/// (E0009); their cost stays linear in the size of the distinct files.
const REPEATED_DECLARATIONS: usize = 100_000;

/// See [`REPEATED_DECLARATIONS`].
const REPEAT_FACTOR: usize = 16;

/// An include to look for: the path of a file that includes it, and the name it gives.
type IncludeRequest<'u> = (&'u Path, &'u str);

/// An include as [`Unit::found`] knows it: the folder of the file that names it, and the name
/// (one name finds one file wherever it is written in the folder).
type IncludeKey = (PathBuf, String);

/// Where an include was found: the canonical path, and the path as found.
type Located = (PathBuf, PathBuf);

/// What a load takes from the last load of the same compilation: see [`Unit::reload`].
struct Reuse<'a> {
    previous: &'a Unit,
    /// The files (canonical paths) that may have changed since `previous` was loaded.
    changed: &'a HashSet<PathBuf>,
}

impl Reuse<'_> {
    /// The file at `canonical`, as `previous` loaded it, to be file `id` named `name`: if it is
    /// one of the compilation's own files there, has not changed, and was parsed through the
    /// cache (whose diagnostics of it are its parser's).
    fn file(&self, cache: &ParseCache, canonical: &Path, name: &str, id: FileId) -> Option<Loaded> {
        if self.changed.contains(canonical) {
            return None;
        }
        let old = *self
            .previous
            .known
            .get(canonical.as_os_str())
            .filter(|&&old| self.previous.is_own(old))?;
        let ast = &self.previous.files[old.0 as usize];
        let diagnostics = cache.diagnostics_of(canonical, ast, id)?;
        let shared = self.previous.sources.shared(old);
        // The name is that of the first route to the file, which an edit to includes can change.
        let source = if shared.name == name {
            shared.clone()
        } else {
            let mut renamed = SourceFile::clone(shared);
            renamed.name = name.to_string();
            Arc::new(renamed)
        };
        Some(Loaded {
            source,
            ast: ast.clone(),
            diagnostics,
        })
    }

    /// Where `previous` found the include `key`, if it looked for it.
    fn found(&self, key: &IncludeKey) -> Option<&Option<Located>> {
        self.previous.found.get(key)
    }
}

/// Where each include pragma of a compilation led, by file and item index.
type Targets = FxHashMap<(FileId, usize), Target>;

/// Where an `#pragma include` led.
#[derive(Clone, Copy)]
enum Target {
    File(FileId),
    Missing,
    /// A new file that a preprocessed compilation would open beyond [`MAX_INCLUDE_DEPTH`].
    TooDeep,
}

/// How a compilation's own files (ids from 0) were loaded, file by file through the cache.
struct Load {
    /// Where each include led.
    targets: Targets,
    /// The reader's and parser's diagnostics of each file.
    diagnostics: Vec<Vec<Diagnostic>>,
    /// Each file's path as it was found (the canonical one is its source's).
    paths: Arc<Vec<PathBuf>>,
}

/// A file read, decoded and parsed, before it is given its place in [`Sources`].
struct Loaded {
    source: Arc<SourceFile>,
    ast: Arc<File>,
    diagnostics: Vec<Diagnostic>,
}

impl Unit {
    /// Loads `entry` and its includes. Fails only if the entry file itself cannot be read.
    pub fn load(world: &dyn World, entry: &Path, search: &SearchPath) -> std::io::Result<Unit> {
        Unit::load_with(world, entry, search, None, None)
    }

    /// Loads as [`Unit::load`] does, taking the syntax tree of each file whose text has not
    /// changed from `cache` and keeping the others there, for this load and the files that
    /// [`Unit::add_entry`] adds later.
    pub fn load_cached(
        world: &dyn World,
        entry: &Path,
        search: &SearchPath,
        cache: Arc<ParseCache>,
    ) -> std::io::Result<Unit> {
        Unit::load_with(world, entry, search, Some(cache), None)
    }

    /// Loads as [`Unit::load_cached`] does, after `previous` was loaded so for the same entry
    /// and search path, when only the files at `changed` (canonical paths) may have changed
    /// since, and no file was created or deleted. Every other file of the compilation's own is
    /// then taken from `previous` as it is, not read, decoded nor compared again, and each
    /// include is found where `previous` found it; the unit is the one a load would give. The
    /// language server loads a compilation so after each edit (the CIM Schema has 1,634 files).
    pub fn reload(
        world: &dyn World,
        entry: &Path,
        search: &SearchPath,
        cache: Arc<ParseCache>,
        previous: &Unit,
        changed: &HashSet<PathBuf>,
    ) -> std::io::Result<Unit> {
        if let Some(unit) = Unit::patched(world, &cache, previous, changed) {
            return Ok(unit);
        }
        let reuse = Reuse { previous, changed };
        Unit::load_with(world, entry, search, Some(cache), Some(&reuse))
    }

    /// `previous` with those of its own files that `changed` read and parsed again, when that is
    /// all a load would do differently: each changed file includes the same names as before, so
    /// every include finds what it found and every file keeps its id. Only the compilation order
    /// is made again. `None` when a load must be made (see [`Unit::reload`]).
    fn patched(
        world: &dyn World,
        cache: &Arc<ParseCache>,
        previous: &Unit,
        changed: &HashSet<PathBuf>,
    ) -> Option<Unit> {
        let load = previous.load.as_ref()?;
        let own = previous.own as usize;
        let entry = &previous.sources.get(previous.entry).path;
        // A DSC resource schema's module and localized descriptions are read beside it.
        let entry_name = entry.file_name()?.to_str()?;
        if dsc_files::module_name_for(entry_name).is_some() || dsc_files::resource_name(entry_name).is_some() {
            return None;
        }
        let mut files = previous.files.get(..own)?.to_vec();
        let mut sources = Sources::new();
        for id in 0..own {
            sources.add_shared(previous.sources.shared(FileId(id as u32)).clone());
        }
        let mut targets = load.targets.clone();
        let mut diagnostics = load.diagnostics.clone();
        let mut moved = Vec::new();
        for path in changed {
            let Some(&id) = previous.known.get(path.as_os_str()).filter(|id| previous.is_own(**id)) else {
                // Not read by the compilation, nor found by any of its includes.
                continue;
            };
            let (i, source) = (id.0 as usize, previous.sources.get(id));
            let read = world.read(load.paths.get(i)?);
            let text = if id == previous.entry {
                // An entry file that cannot be read fails the load; one with directives is
                // loaded in order.
                let text = read_text(id, read.ok()?);
                if let Ok((text, _)) = &text
                    && may_have_directives(text)
                    && lex(id, text).has_directives
                {
                    return None;
                }
                text
            } else {
                read_result(id, &source.name, read)
            };
            let loaded = parsed_file(Some(cache), id, source.path.clone(), source.name.clone(), text);
            let (before, after) = (includes(&files[i]), includes(&loaded.ast));
            if before.len() != after.len() || before.iter().zip(&after).any(|((_, a), (_, b))| a.0 != b.0) {
                return None;
            }
            for ((old, _), (new, _)) in before.iter().zip(&after) {
                moved.push(((id, *new), targets.remove(&(id, *old))?));
            }
            files[i] = loaded.ast;
            sources.replace_shared(id, loaded.source);
            *diagnostics.get_mut(i)? = loaded.diagnostics;
        }
        targets.extend(moved);
        let mut known = previous.known.clone();
        known.retain(|_, id| previous.is_own(*id));
        let mut unit = Unit {
            sources,
            files,
            entry: previous.entry,
            own: previous.own,
            order: Vec::new(),
            diagnostics: diagnostics.iter().flatten().cloned().collect(),
            known,
            found: previous.found.clone(),
            load: None,
            cache: Some(cache.clone()),
            embedded: HashMap::new(),
            modules: Vec::new(),
            localized_descriptions: Vec::new(),
        };
        unit.walk(unit.entry, &targets);
        unit.load = Some(Arc::new(Load {
            targets,
            diagnostics,
            paths: load.paths.clone(),
        }));
        Some(unit)
    }

    fn load_with(
        world: &dyn World,
        entry: &Path,
        search: &SearchPath,
        cache: Option<Arc<ParseCache>>,
        reuse: Option<&Reuse>,
    ) -> std::io::Result<Unit> {
        let mut unit = Unit {
            sources: Sources::new(),
            files: Vec::new(),
            entry: FileId(0),
            own: 0,
            order: Vec::new(),
            diagnostics: Vec::new(),
            known: FoldHashMap::default(),
            found: Arc::default(),
            load: None,
            cache,
            embedded: HashMap::new(),
            modules: Vec::new(),
            localized_descriptions: Vec::new(),
        };
        let world = &ListedOnce::new(world);
        let (root, load) = unit.add_entry_reusing(world, entry, search, reuse)?;
        unit.load = unit.cache.as_ref().and(load).map(Arc::new);
        unit.add_module(world, root);
        unit.add_localized_descriptions(world, root);
        unit.own = unit.files.len() as u32;
        Ok(unit)
    }

    /// Adds another file and its includes to the compilation, after everything already in it:
    /// this is how a class that the compilation uses but does not define is brought in from
    /// `<ClassName>.mof`. A file already in the unit is not read again. Fails only if `entry`
    /// itself cannot be read. A caller adding many files gives a [`ListedOnce`] world, so that
    /// folders searched for includes in another letter case are listed once for all of them.
    pub fn add_entry(&mut self, world: &dyn World, entry: &Path, search: &SearchPath) -> std::io::Result<FileId> {
        Ok(self.add_entry_reusing(world, entry, search, None)?.0)
    }

    /// [`Unit::add_entry`], taking what it can from a last load (see [`Unit::reload`]); with
    /// how the files were loaded, unless they were loaded in order.
    fn add_entry_reusing(
        &mut self,
        world: &dyn World,
        entry: &Path,
        search: &SearchPath,
        reuse: Option<&Reuse>,
    ) -> std::io::Result<(FileId, Option<Load>)> {
        let canonical = world.canonical(entry);
        if let Some(&id) = self.known.get(canonical.as_os_str()) {
            return Ok((id, None));
        }
        let root = FileId(self.files.len() as u32);
        let name = display_name(entry, &canonical);
        let cache = self.cache.clone();
        // A file reused was parsed through the cache, so it is not one to load in order.
        let reused = cache
            .as_deref()
            .zip(reuse)
            .and_then(|(cache, reuse)| reuse.file(cache, &canonical, &name, root));
        if let Some(loaded) = reused {
            self.known.insert(canonical.into_os_string(), root);
            self.add(loaded);
            let load = self.add_includes(world, search, (root, entry), reuse);
            return Ok((root, load));
        }
        let bytes = world.read(entry)?;
        let text = match read_text(root, bytes) {
            Ok((text, _)) if may_have_directives(&text) && lex(root, &text).has_directives => {
                let mut ordered = Ordered {
                    world,
                    search,
                    targets: Targets::default(),
                    depth: 0,
                };
                self.load_in_order(&mut ordered, &mut Macros::default(), canonical, name);
                self.walk(root, &ordered.targets);
                return Ok((root, None));
            }
            Ok(text) => Ok(text),
            Err(e) => Err(e),
        };
        self.known.insert(canonical.clone().into_os_string(), root);
        self.add(parsed_file(cache.as_deref(), root, canonical, name, text));
        let load = self.add_includes(world, search, (root, entry), reuse);
        Ok((root, load))
    }

    /// Adds what the file `root`, just added, includes, and its declarations to the compilation
    /// order. Includes are resolved wave by wave: the includes of a wave's files are found and
    /// read in parallel, then the files not seen before are parsed in parallel.
    /// How the files were loaded is returned, for a unit with a parse cache, unless a diagnostic
    /// of theirs points elsewhere.
    fn add_includes(
        &mut self,
        world: &dyn World,
        search: &SearchPath,
        (root, entry): (FileId, &Path),
        reuse: Option<&Reuse>,
    ) -> Option<Load> {
        let cache = self.cache.clone();
        // What a reload needs (where each include was found, the files' paths and diagnostics,
        // `Load`) is kept only by a unit with a parse cache: no other reloads. (The command line
        // checks the CIM Schema without one, and would map 1,633 paths more for nothing.)
        let reloadable = cache.is_some();
        let mut targets = Targets::default();
        let mut paths = vec![entry.to_path_buf()];
        let mut wave = vec![root];
        while !wave.is_empty() {
            let (requests, wanted) = self.include_requests(&wave);
            // Each map below is sized for the wave first: growing it would hash every path in it
            // again (a schema's entry file makes a wave of 1,633 includes).
            // Only the first read of a file not in the unit yet is kept: the others are dropped
            // as soon as they are made, so memory holds each file once however many names reach it.
            let claimed = Mutex::new(FoldHashSet::with_capacity_and_hasher(
                requests.len(),
                Default::default(),
            ));
            let found: Vec<_> = requests
                .into_par_iter()
                .map(|(includer, name)| {
                    // Only a unit that can reload (a reload's among them) keeps includes by key.
                    let key = reloadable.then(|| include_key(includer, name.to_string()));
                    let known = reuse.zip(key.as_ref()).and_then(|(r, key)| r.found(key));
                    if let Some(known) = known {
                        // Found as before: read (if it must be) when it is loaded.
                        return (key, known.clone().map(|(canonical, path)| (canonical, path, None)));
                    }
                    let Some((path, read)) = search.read_include(world, includer, name) else {
                        return (key, None);
                    };
                    let canonical = world.canonical(&path);
                    let first = !self.known.contains_key(canonical.as_os_str())
                        && claimed
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .insert(canonical.clone().into_os_string());
                    (key, Some((canonical, path, first.then_some(read))))
                })
                .collect();
            let mut reads = FoldHashMap::with_capacity_and_hasher(found.len(), Default::default());
            if reloadable {
                Arc::make_mut(&mut self.found).reserve(found.len());
            }
            let located: Vec<Option<Located>> = found
                .into_iter()
                .map(|(key, request)| {
                    let located = request.map(|(canonical, path, read)| {
                        if let Some(read) = read {
                            reads.insert(canonical.clone().into_os_string(), read);
                        }
                        (canonical, path)
                    });
                    if let Some(key) = key {
                        Arc::make_mut(&mut self.found).insert(key, located.clone());
                    }
                    located
                })
                .collect();
            let mut next = Vec::new();
            let base = self.files.len();
            self.known.reserve(located.len());
            targets.reserve(wanted.len());
            for (file, index, request) in wanted {
                let target = match &located[request] {
                    None => Target::Missing,
                    Some((canonical, path)) => {
                        let id = *self.known.entry(canonical.clone().into_os_string()).or_insert_with(|| {
                            let read = reads.remove(canonical.as_os_str());
                            next.push((canonical.clone(), path.clone(), read));
                            FileId((base + next.len() - 1) as u32)
                        });
                        Target::File(id)
                    }
                };
                targets.insert((file, index), target);
            }
            if reloadable {
                paths.extend(next.iter().map(|(_, path, _)| path.clone()));
            }
            let loaded: Vec<Loaded> = next
                .into_par_iter()
                .enumerate()
                .map(|(i, (canonical, path, read))| {
                    let id = FileId((base + i) as u32);
                    let name = display_name(&path, &canonical);
                    let reused = cache
                        .as_deref()
                        .zip(reuse)
                        .and_then(|(cache, reuse)| reuse.file(cache, &canonical, &name, id));
                    reused.unwrap_or_else(|| {
                        // Each new file's first read was claimed above; reading again is only a
                        // fallback (and how a file found as before is read).
                        let read = read.unwrap_or_else(|| world.read(&path));
                        let text = read_result(id, &name, read);
                        parsed_file(cache.as_deref(), id, canonical, name, text)
                    })
                })
                .collect();
            wave = loaded.into_iter().map(|l| self.add(l)).collect();
        }
        if !reloadable {
            self.walk(root, &targets);
            return None;
        }
        // The files' own diagnostics, by file, before those of the walk.
        let mut diagnostics = vec![Vec::new(); paths.len()];
        let first = self.diagnostics.len()
            - self
                .diagnostics
                .iter()
                .rev()
                .take_while(|d| d.primary.file >= root)
                .count();
        let mut by_file = true;
        for d in &self.diagnostics[first..] {
            match diagnostics.get_mut((d.primary.file.0 - root.0) as usize) {
                Some(list) => list.push(d.clone()),
                None => by_file = false,
            }
        }
        self.walk(root, &targets);
        by_file.then(|| Load {
            targets,
            diagnostics,
            paths: Arc::new(paths),
        })
    }

    /// Adds the file at (canonical) `path` as `cache` last parsed it, without reading it again
    /// nor following its includes, after everything already in the compilation: how a
    /// compilation takes a file of the run's schema, which was read and parsed once for all.
    /// `None` if the cache does not have the file.
    pub fn add_parsed(&mut self, cache: &ParseCache, path: &Path) -> Option<FileId> {
        if let Some(&id) = self.known.get(path.as_os_str()) {
            return Some(id);
        }
        let id = FileId(self.files.len() as u32);
        let loaded = cache.last(path, id)?;
        self.known.insert(path.as_os_str().to_os_string(), id);
        self.add(loaded);
        self.walk(id, &Targets::default());
        Some(id)
    }

    /// Adds the module beside `schema` if it is a DSC resource schema with one
    /// (`<Name>.psm1` beside `<Name>.schema.mof`, the name in any letter case, as Windows finds
    /// it). A schema without a module (a composite or class-based resource) has none; a module
    /// that cannot be decoded is reported and not checked.
    fn add_module(&mut self, world: &dyn World, schema: FileId) {
        let path = &self.sources.get(schema).path;
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(dsc_files::module_name_for)
        else {
            return;
        };
        let Some(found) = path.parent().and_then(|dir| world.in_any_case(dir, &name)) else {
            return;
        };
        let canonical = world.canonical(&found);
        if self.known.contains_key(canonical.as_os_str()) {
            return;
        }
        let id = FileId(self.files.len() as u32);
        let name = display_name(&found, &canonical);
        let text = read_file(world, id, &found, &name);
        self.known.insert(canonical.clone().into_os_string(), id);
        self.files.push(Arc::default());
        let source = match text {
            Ok((text, encoding)) => {
                self.modules.push((schema, id));
                SourceFile::new(canonical, name, text).with_encoding(encoding)
            }
            Err((diagnostics, text)) => {
                self.diagnostics.extend(diagnostics);
                SourceFile::new(canonical, name, text)
            }
        };
        self.sources.add(source);
    }

    /// Notes what the localized amendments of a DSC resource schema describe: each
    /// `<locale>/<Name>.schema.mfl` below the schema's folder (names in any letter case), where
    /// the DSC community keeps the descriptions of many resources.
    fn add_localized_descriptions(&mut self, world: &dyn World, schema: FileId) {
        let path = &self.sources.get(schema).path;
        let (Some(dir), Some(resource)) = (
            path.parent(),
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(dsc_files::resource_name),
        ) else {
            return;
        };
        let Ok(entries) = world.list(dir) else {
            return;
        };
        let wanted = format!("{resource}.schema.mfl");
        let mut described = HashSet::new();
        for (folder, is_folder) in entries {
            let Some(found) = is_folder.then(|| world.in_any_case(&folder, &wanted)).flatten() else {
                continue;
            };
            if let Ok(bytes) = world.read(&found) {
                described.extend(dsc_files::described_in_amendment(bytes, resource));
            }
        }
        if !described.is_empty() {
            self.localized_descriptions.push((schema, described));
        }
    }

    /// The includes of a wave's files as distinct requests, and each include as (file, item
    /// index, request). A name written in one folder finds the same file wherever it is written
    /// there, so it is looked for once: a file that includes itself thousands of times is read
    /// once, not thousands of times.
    fn include_requests(&self, wave: &[FileId]) -> (Vec<IncludeRequest<'_>>, Vec<(FileId, usize, usize)>) {
        let mut requests: Vec<IncludeRequest> = Vec::new();
        let mut by_folder_and_name: FoldHashMap<(&Path, &str), usize> = FoldHashMap::default();
        let mut wanted = Vec::new();
        for &file in wave {
            let found = includes(&self.files[file.0 as usize]);
            // Most files include nothing (each of a schema's 1,633), and a path's parent is
            // found by parsing it from the end.
            if found.is_empty() {
                continue;
            }
            let includer = &self.sources.get(file).path;
            let folder = includer.parent().unwrap_or(Path::new(""));
            for (index, (name, _)) in found {
                let request = *by_folder_and_name.entry((folder, name)).or_insert_with(|| {
                    requests.push((includer, name));
                    requests.len() - 1
                });
                wanted.push((file, index, request));
            }
        }
        (requests, wanted)
    }

    /// Adds a file whose text is given rather than read, after everything already in the
    /// compilation: how a loader adds the declarations its repository already holds. Its
    /// includes are not followed.
    pub fn add_text(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        let name = path.display().to_string();
        let cache = self.cache.clone();
        self.add(parsed_file(
            cache.as_deref(),
            id,
            path,
            name,
            Ok((text, Encoding::Utf8)),
        ));
        self.walk(id, &Targets::default());
        id
    }

    /// A unit of some of this unit's files (`files`, in ascending order), with their
    /// declarations in the same order as here and no diagnostics; file `i` of the result is
    /// `files[i]` here. The language server analyses such a unit of the files an edit can
    /// affect and of those they need, instead of the whole compilation.
    pub fn subset(&self, files: &[FileId]) -> Unit {
        let mut new_id = vec![None; self.files.len()];
        let mut sources = Sources::new();
        for (i, &file) in files.iter().enumerate() {
            new_id[file.0 as usize] = Some(FileId(i as u32));
            sources.add_shared(self.sources.shared(file).clone());
        }
        let order = self
            .order
            .iter()
            .filter_map(|r| {
                Some(ItemRef {
                    file: new_id[r.file.0 as usize]?,
                    index: r.index,
                })
            })
            .collect();
        Unit {
            sources,
            files: files.iter().map(|f| self.files[f.0 as usize].clone()).collect(),
            entry: new_id[self.entry.0 as usize].unwrap_or(FileId(0)),
            own: files.iter().filter(|file| self.is_own(**file)).count() as u32,
            order,
            diagnostics: Vec::new(),
            known: FoldHashMap::default(),
            found: Arc::default(),
            load: None,
            cache: None,
            embedded: HashMap::new(),
            modules: self
                .modules
                .iter()
                .filter_map(|&(schema, module)| Some((new_id[schema.0 as usize]?, new_id[module.0 as usize]?)))
                .collect(),
            localized_descriptions: self
                .localized_descriptions
                .iter()
                .filter_map(|(schema, described)| Some((new_id[schema.0 as usize]?, described.clone())))
                .collect(),
        }
    }

    /// A unit of files and diagnostics only, without syntax trees: a compilation's report as
    /// the command line's result cache gives it back, to be rendered as a fresh one is.
    pub fn from_report(sources: Sources, entry: FileId, diagnostics: Vec<Diagnostic>) -> Unit {
        Unit {
            sources,
            files: Vec::new(),
            entry,
            // Nothing analyses it, so no file is treated as its own.
            own: 0,
            modules: Vec::new(),
            localized_descriptions: Vec::new(),
            order: Vec::new(),
            diagnostics,
            known: FoldHashMap::default(),
            found: Arc::default(),
            load: None,
            cache: None,
            embedded: HashMap::new(),
        }
    }

    /// The file at a canonical path, if the compilation has it.
    pub fn file_id(&self, canonical: &Path) -> Option<FileId> {
        self.known.get(canonical.as_os_str()).copied()
    }

    /// Whether `file` is one of the compilation's own files rather than a dependency.
    pub fn is_own(&self, file: FileId) -> bool {
        file.0 < self.own
    }

    /// Forgets all of a finished compilation but what its report takes: its sources, entry and
    /// diagnostics. A run keeps every compilation until the report, and in a folder of files
    /// that each take in the others (a chain of 5,000 classes, a file each) each kept its whole
    /// load: 4.2 GB.
    pub fn keep_for_report(&mut self) {
        self.files = Vec::new();
        self.order = Vec::new();
        self.known = FoldHashMap::default();
        self.found = Arc::default();
        self.load = None;
        self.embedded = HashMap::new();
        self.modules = Vec::new();
        self.localized_descriptions = Vec::new();
    }

    /// Adds diagnostics of later stages and keeps them all in file and position order.
    pub fn report(&mut self, found: Vec<Diagnostic>) {
        self.diagnostics.extend(found);
        in_report_order(&mut self.diagnostics);
    }

    /// Every declaration in compilation order, with the file it is in.
    pub fn items(&self) -> impl Iterator<Item = (FileId, &Item)> {
        self.order
            .iter()
            .map(|r| (r.file, &self.files[r.file.0 as usize].items[r.index]))
    }

    /// The classes, in compilation order.
    pub fn classes(&self) -> impl Iterator<Item = (FileId, &ClassDecl)> {
        self.items().filter_map(|(file, item)| match item {
            Item::Class(class) => Some((file, &**class)),
            _ => None,
        })
    }

    /// Loads a file and, as its directives ask, what it includes, threading the macros through.
    /// The file's id is taken before its includes are read, so that ids follow include order.
    fn load_in_order(
        &mut self,
        ordered: &mut Ordered,
        macros: &mut Macros,
        canonical: PathBuf,
        name: String,
    ) -> FileId {
        let id = self
            .sources
            .add(SourceFile::new(canonical.clone(), name.clone(), String::new()));
        self.files.push(Arc::default());
        self.known.insert(canonical.clone().into_os_string(), id);
        let (text, encoding) = match read_file(ordered.world, id, &canonical, &name) {
            Ok(read) => read,
            Err((diagnostics, text)) => {
                self.diagnostics.extend(diagnostics);
                self.sources.replace(id, SourceFile::new(canonical, name, text));
                return id;
            }
        };
        let mut lexed = lex(id, &text);
        // Where each `#include` led, by the offset of the directive.
        let mut by_offset: HashMap<u32, Target> = HashMap::new();
        if lexed.has_directives {
            let tokens = std::mem::take(&mut lexed.tokens);
            let mut include = |macros: &mut Macros, name: &str, span: Span| {
                let target = self.include_in_order(ordered, macros, &canonical, name);
                let found = matches!(target, Target::File(_));
                by_offset.insert(span.start, target);
                found
            };
            lexed.tokens = cpp::preprocess(id, tokens, macros, &mut include, &mut lexed.diagnostics);
        }
        let parsed = parse_lexed(id, &text, lexed);
        for (index, (include, span)) in includes(&parsed.ast) {
            let at = match &parsed.ast.items[index] {
                Item::Pragma(p) => p.span.start,
                _ => span.start,
            };
            let target = match by_offset.remove(&at) {
                Some(target) => target,
                None => self.include_in_order(ordered, macros, &canonical, include),
            };
            ordered.targets.insert((id, index), target);
        }
        self.files[id.0 as usize] = Arc::new(parsed.ast);
        self.diagnostics.extend(parsed.diagnostics);
        let source = SourceFile::new(canonical, name, text).with_encoding(encoding);
        self.sources.replace(id, source);
        id
    }

    fn include_in_order(&mut self, ordered: &mut Ordered, macros: &mut Macros, includer: &Path, name: &str) -> Target {
        let Some(found) = ordered.search.resolve_include(ordered.world, includer, name) else {
            return Target::Missing;
        };
        let canonical = ordered.world.canonical(&found);
        match self.known.get(canonical.as_os_str()) {
            Some(&id) => Target::File(id),
            None if ordered.depth >= MAX_INCLUDE_DEPTH => Target::TooDeep,
            None => {
                ordered.depth += 1;
                let name = display_name(&found, &canonical);
                let id = self.load_in_order(ordered, macros, canonical, name);
                ordered.depth -= 1;
                Target::File(id)
            }
        }
    }

    fn add(&mut self, loaded: Loaded) -> FileId {
        self.files.push(loaded.ast);
        self.diagnostics.extend(loaded.diagnostics);
        self.sources.add_shared(loaded.source)
    }

    /// Appends `root`'s declarations to the compilation order, expanding includes in place.
    /// The walk keeps its own stack rather than recursing, so a chain of thousands of includes
    /// cannot exhaust the thread's stack.
    fn walk(&mut self, root: FileId, targets: &Targets) {
        // The files being expanded, outermost first, each with its next item; the include
        // pragma that led to each but the first; and the same files as a set.
        let mut frames = vec![(root, 0)];
        let mut via: Vec<(FileId, Span)> = Vec::new();
        let mut open = FxHashSet::from_iter([root]);
        // The declarations read from files for the first time and again (see
        // `REPEATED_DECLARATIONS`), and whether reading again was stopped.
        let mut read = FxHashSet::from_iter([root]);
        let mut first_time = self.files[root.0 as usize].items.len();
        let mut again = 0;
        let mut stopped = false;
        while let Some(frame) = frames.last_mut() {
            let (file, index) = *frame;
            if index == self.files[file.0 as usize].items.len() {
                frames.pop();
                via.pop();
                open.remove(&file);
                continue;
            }
            frame.1 += 1;
            self.order.push(ItemRef { file, index });
            let Some(target) = targets.get(&(file, index)) else {
                continue;
            };
            let Item::Pragma(pragma) = &self.files[file.0 as usize].items[index] else {
                continue;
            };
            let at = pragma.span;
            match *target {
                Target::Missing => {
                    let (name, _) = include_name(&pragma.args).unwrap_or_default();
                    let directive = cpp::is_include_directive(&self.sources.get(file).text[at.range()]);
                    let mut d = if directive && name.to_ascii_lowercase().ends_with(".h") {
                        Diagnostic::new(Code::CHeaderNotFound, file, at, format!("C header `{name}` not found"))
                            .with_label("the macros it defines are unknown")
                    } else {
                        Diagnostic::new(
                            Code::IncludeNotFound,
                            file,
                            at,
                            format!("included file `{name}` not found"),
                        )
                        .with_label("not found next to this file or in the search path")
                    }
                    .with_help("add the folder that holds it with `-I DIR`");
                    d.secondary = include_chain(&via, "included from here");
                    self.diagnostics.push(d);
                }
                Target::TooDeep => {
                    let mut d = Diagnostic::new(
                        Code::IncludeTooDeep,
                        file,
                        at,
                        format!("includes nested more than {MAX_INCLUDE_DEPTH} files deep"),
                    )
                    .with_label("this file is not included");
                    d.secondary = include_chain(&via, "included from here");
                    self.diagnostics.push(d);
                }
                Target::File(target) if open.contains(&target) => {
                    let name = self.sources.get(target).name.clone();
                    let mut d = Diagnostic::new(Code::IncludeCycle, file, at, format!("`{name}` includes itself"))
                        .with_label("this include closes the cycle");
                    d.secondary = include_chain(&via, "which is included from here");
                    self.diagnostics.push(d);
                }
                Target::File(target) => {
                    let size = self.files[target.0 as usize].items.len();
                    if read.insert(target) {
                        first_time += size;
                    } else if stopped || again + size > REPEATED_DECLARATIONS.max(REPEAT_FACTOR * first_time) {
                        if !stopped {
                            stopped = true;
                            let name = self.sources.get(target).name.clone();
                            let mut d = Diagnostic::new(
                                Code::IncludesRepeatTooMuch,
                                file,
                                at,
                                format!(
                                    "`{name}` is not read again: repeated includes have read {again} declarations again"
                                ),
                            )
                            .with_label("this include and the later repeated ones are skipped")
                            .with_help(
                                "a file is read again at each include, as mofcomp reads it; include each file once",
                            );
                            d.secondary = include_chain(&via, "included from here");
                            self.diagnostics.push(d);
                        }
                        continue;
                    } else {
                        again += size;
                    }
                    let (name, string) = include_name(&pragma.args).unwrap_or_default();
                    if let Some(real) = misspelled(name, &self.sources.get(target).path) {
                        let fix = respell(file, &self.sources.get(file).text, string, &real);
                        let mut d = Diagnostic::new(
                            Code::IncludeCase,
                            file,
                            at,
                            format!("included file `{name}` is `{real}` on disk"),
                        )
                        .with_label("found in another letter case, as Windows finds it")
                        .with_help(format!("write `{real}`, so that the include works on any system"));
                        d.fix = fix;
                        self.diagnostics.push(d);
                    }
                    via.push((file, at));
                    open.insert(target);
                    frames.push((target, 0));
                }
            }
        }
    }
}

/// Puts diagnostics in the order a report gives them: by file and position (those at one
/// place in the order they were found).
pub fn in_report_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.primary.file, d.primary.span.start));
}

/// How many of the includes that led to a diagnostic it shows, innermost first: every one of a
/// chain of thousands on each of thousands of diagnostics would make the report quadratic.
const MAX_INCLUDE_CHAIN: usize = 16;

/// Labels for the include pragmas that led to the current file, innermost first.
fn include_chain(via: &[(FileId, Span)], message: &str) -> Vec<Label> {
    via.iter()
        .rev()
        .take(MAX_INCLUDE_CHAIN)
        .map(|&(file, span)| Label {
            file,
            span,
            message: message.into(),
        })
        .collect()
}

/// The files of a set that no other file of the set includes: each is the entry point of its own
/// compilation. Only the tokens are looked at, which is cheap enough to do before compiling.
pub fn entry_points(world: &dyn World, files: &[PathBuf], search: &SearchPath) -> Vec<PathBuf> {
    let world = &ListedOnce::new(world);
    let included: FoldHashSet<PathBuf> = files
        .par_iter()
        .flat_map_iter(|path| {
            let text = world
                .read(path)
                .ok()
                .and_then(|bytes| decode(bytes).ok())
                .unwrap_or_default();
            let tokens = super::lexer::lex(FileId(0), &text).tokens;
            let pragmas = tokens
                .windows(4)
                .filter_map(|w| match (w[0].1, w[1].1, w[2].1, w[3].1) {
                    (Tok::Pragma, Tok::Ident(pragma), Tok::LParen, Tok::String(name))
                        if pragma.eq_ignore_ascii_case("include") =>
                    {
                        super::literal::unescape_string(name).ok()
                    }
                    _ => None,
                });
            let directives = tokens.iter().filter_map(|t| match t.1 {
                Tok::Directive(text) => cpp::include_name(text).map(str::to_string),
                _ => None,
            });
            let names: Vec<String> = pragmas.chain(directives).collect();
            names
                .into_iter()
                .filter_map(|name| search.resolve_include(world, path, &name))
                .map(|found| world.canonical(&found))
                .collect::<Vec<_>>()
        })
        .collect();
    files
        .iter()
        .filter(|f| !included.contains(&world.canonical(f)))
        .cloned()
        .collect()
}

/// The names of the classes a MOF text declares, found from its tokens alone (`class Name`).
pub fn declared_class_names(text: &str) -> Vec<String> {
    let tokens = super::lexer::lex(FileId(0), text).tokens;
    tokens
        .windows(2)
        .filter_map(|w| match (w[0].1, w[1].1) {
            (Tok::Class, Tok::Ident(name)) => Some(name.to_string()),
            _ => None,
        })
        .collect()
}

/// The key of [`Unit::found`] for an include named `name` in the file at `includer`.
fn include_key(includer: &Path, name: String) -> IncludeKey {
    (includer.parent().unwrap_or(Path::new("")).to_path_buf(), name)
}

/// The `#pragma include` items of a file: (item index, (file name, span)).
pub fn includes(file: &File) -> Vec<(usize, (&str, Span))> {
    file.items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| match item {
            Item::Pragma(p) if p.name.is("include") => include_name(&p.args).map(|n| (index, n)),
            _ => None,
        })
        .collect()
}

/// The fix that writes the file name at the end of the string literal at `string` as `real`
/// spells it; none when the name is not written plainly there (escapes, a macro).
fn respell(file: FileId, text: &str, string: Span, real: &str) -> Option<Fix> {
    let literal = text.get(string.range())?.strip_suffix('"')?;
    let start = literal.len().checked_sub(real.len())?;
    let written = literal.get(start..)?;
    (written != real && written.eq_ignore_ascii_case(real)).then(|| {
        let at = string.start as usize + start;
        Fix::safe(
            format!("Write `{real}`"),
            vec![Edit::replace(file, Span::new(at, at + real.len()), real)],
        )
    })
}

fn include_name(args: &[PragmaArg]) -> Option<(&str, Span)> {
    match args {
        [PragmaArg::String(s)] => Some((&s.value, s.span)),
        _ => None,
    }
}

/// A file's text and how it was stored, or why it has none: diagnostics, and lossy text for
/// them to point into.
type Text = Result<(String, Encoding), (Vec<Diagnostic>, String)>;

/// Decodes a file, refusing one too large for 32-bit spans.
fn read_text(id: FileId, bytes: Vec<u8>) -> Text {
    if u32::try_from(bytes.len()).is_err() {
        let d = Diagnostic::new(
            Code::FileTooLarge,
            id,
            Span::default(),
            "this file is larger than 4 GiB",
        );
        return Err((vec![d], String::new()));
    }
    let encoding = Encoding::of(&bytes);
    let text = decode(bytes).map_err(|(e, bytes)| {
        use crate::source::DecodeError;
        // A text file is still shown, so that the diagnostic can point into it; a file that is
        // not text is not, so that its bytes never reach a terminal.
        let text = match e {
            DecodeError::NotText(_) => String::new(),
            _ => String::from_utf8_lossy(&bytes).into_owned(),
        };
        let offset = match e {
            DecodeError::InvalidUtf8 { offset } => offset,
            _ => 0,
        };
        let span = Span::new(offset, (offset + 1).min(text.len()));
        (
            vec![Diagnostic::new(Code::InvalidEncoding, id, span, e.to_string())],
            text,
        )
    })?;
    Ok((text, encoding))
}

/// A file parsed on its own (or taken from `cache` if it was parsed with the same text), or the
/// reason it could not be read.
fn parsed_file(cache: Option<&ParseCache>, id: FileId, path: PathBuf, name: String, text: Text) -> Loaded {
    match text {
        Ok((text, encoding)) => {
            if let Some(hit) = cache.and_then(|c| c.get(&path, &text, (&name, encoding), id)) {
                return hit;
            }
            let parsed = parse(id, &text);
            let source = Arc::new(SourceFile::new(path, name, text).with_encoding(encoding));
            let ast = Arc::new(parsed.ast);
            if let Some(cache) = cache {
                cache.put(&source, &ast, &parsed.diagnostics);
            }
            Loaded {
                source,
                ast,
                diagnostics: parsed.diagnostics,
            }
        }
        Err((diagnostics, text)) => Loaded {
            source: Arc::new(SourceFile::new(path, name, text)),
            ast: Arc::default(),
            diagnostics,
        },
    }
}

/// Reads and decodes a file.
fn read_file(world: &dyn World, id: FileId, path: &Path, name: &str) -> Text {
    read_result(id, name, world.read(path))
}

/// Decodes what reading the file `name` gave.
fn read_result(id: FileId, name: &str, read: std::io::Result<Vec<u8>>) -> Text {
    match read {
        Ok(bytes) => read_text(id, bytes),
        Err(error) => {
            let message = format!("cannot read `{name}`: {error}");
            Err((
                vec![Diagnostic::new(Code::FileUnreadable, id, Span::default(), message)],
                String::new(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DiskWorld;

    /// What a unit holds, as text: its files, compilation order and diagnostics.
    fn described(unit: &Unit) -> Vec<String> {
        let files = unit
            .sources
            .iter()
            .map(|(id, f)| format!("{id:?} {} {:?}", f.name, f.text));
        let order = unit.order.iter().map(|r| format!("{r:?}"));
        let diagnostics = unit.diagnostics.iter().map(|d| format!("{d:?}"));
        files.chain(order).chain(diagnostics).collect()
    }

    /// A temporary folder holding `files` (name, text).
    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let folder = tempfile::tempdir().unwrap();
        files.iter().for_each(|(file, text)| write(folder.path(), file, text));
        folder
    }

    fn write(dir: &Path, file: &str, text: &str) {
        std::fs::write(dir.join(file), text).unwrap();
    }

    /// A file that two compilations share through the cache has another id in each: its
    /// parser's diagnostics, fixes included, point into it in both.
    #[test]
    fn a_cached_parse_points_into_the_file_in_each_compilation() {
        let temporary = folder(&[
            ("one.mof", "#pragma include(\"shared.mof\")\n"),
            (
                "two.mof",
                "#pragma include(\"other.mof\")\n#pragma include(\"shared.mof\")\n",
            ),
            ("other.mof", "class O { };\n"),
            ("shared.mof", "[Description(\"s\") : ToSubclas] class S { };\n"),
        ]);
        let dir = temporary.path();
        let (search, cache) = (SearchPath::default(), Arc::new(ParseCache::default()));
        for (entry, shared) in [("one.mof", FileId(1)), ("two.mof", FileId(2))] {
            let unit = Unit::load_cached(&DiskWorld, &dir.join(entry), &search, cache.clone()).unwrap();
            assert_eq!(
                unit.sources.get(shared).name.rsplit(['/', '\\']).next(),
                Some("shared.mof")
            );
            let [d] = &unit.diagnostics[..] else {
                panic!("one diagnostic: {:?}", unit.diagnostics)
            };
            let edits = &d.fix.as_ref().expect("a fix").edits;
            assert_eq!((d.primary.file, edits[0].file), (shared, shared), "{entry}");
        }
    }

    /// Compilations that read a file with the same text through one cache share the file, its
    /// text included, rather than each keeping a copy; one that reads other text has its own.
    #[test]
    fn compilations_share_a_cached_file_read_alike() {
        let temporary = folder(&[
            ("one.mof", "#pragma include(\"shared.mof\")\n"),
            ("two.mof", "#pragma include(\"shared.mof\")\n"),
            ("shared.mof", "class S { };\n"),
        ]);
        let dir = temporary.path();
        let (search, cache) = (SearchPath::default(), Arc::new(ParseCache::default()));
        let load = |entry: &str| Unit::load_cached(&DiskWorld, &dir.join(entry), &search, cache.clone()).unwrap();
        let (one, two) = (load("one.mof"), load("two.mof"));
        let shared = |unit: &Unit| unit.sources.shared(FileId(1)).clone();
        assert!(Arc::ptr_eq(&shared(&one), &shared(&two)));
        assert_eq!(shared(&one).text, "class S { };\n");
        write(dir, "shared.mof", "class S { string p; };\n");
        let three = load("one.mof");
        assert!(!Arc::ptr_eq(&shared(&one), &shared(&three)));
        assert_eq!(shared(&three).text, "class S { string p; };\n");
        // A compilation that takes the file from the cache as a schema file shares it too.
        let last = cache.last(&shared(&three).path, FileId(7)).unwrap();
        assert!(Arc::ptr_eq(&last.source, &shared(&three)));
    }

    /// After each change, a reload from the last load (patched when the includes are the same,
    /// loaded again reusing files otherwise) is what a fresh load gives.
    #[test]
    fn a_reload_is_a_fresh_load() {
        let temporary = folder(&[
            ("root.mof", "#pragma include(\"a.mof\")\n#pragma include(\"b.mof\")\n"),
            ("a.mof", "class A { };\n#pragma include(\"B.MOF\")\n"),
            ("b.mof", "class B : A { };\n"),
            ("c.mof", "class C { };\n"),
        ]);
        let dir = temporary.path();
        let entry = dir.join("root.mof");
        let (search, cache) = (SearchPath::default(), Arc::new(ParseCache::default()));
        let mut last = Unit::load_cached(&DiskWorld, &entry, &search, cache.clone()).unwrap();
        let changes = [
            // Items moved around an include, and a syntax error: patched.
            (
                "a.mof",
                "class A0 { };\nclass A { }\n#pragma include(\"B.MOF\")\nclass Z { };\n",
                true,
            ),
            // The same includes, fixed: patched.
            ("a.mof", "class A { };\n#pragma include(\"B.MOF\")\n", true),
            // An include added, of a file not read before, and of one missing.
            (
                "b.mof",
                "class B : A { };\n#pragma include(\"c.mof\")\n#pragma include(\"none.mof\")\n",
                false,
            ),
            // An edit to the entry file that keeps its includes: patched.
            (
                "root.mof",
                "#pragma include(\"a.mof\")\nclass R { };\n#pragma include(\"b.mof\")\n",
                true,
            ),
            // An include removed.
            ("root.mof", "#pragma include(\"a.mof\")\n", false),
        ];
        for (file, text, patched) in changes {
            write(dir, file, text);
            let changed = HashSet::from([DiskWorld.canonical(&dir.join(file))]);
            assert_eq!(
                Unit::patched(&DiskWorld, &cache, &last, &changed).is_some(),
                patched,
                "{file}: {text}"
            );
            let again = Unit::reload(&DiskWorld, &entry, &search, cache.clone(), &last, &changed).unwrap();
            let fresh = Unit::load_cached(&DiskWorld, &entry, &search, cache.clone()).unwrap();
            assert_eq!(described(&again), described(&fresh), "{file}: {text}");
            last = again;
        }
    }
}
