//! Classes a compilation uses but does not define are looked for: first in the schema of the
//! run (`--schema`), then as `<ClassName>.mof` or `<ClassName>.schema.mof`, as pywbem does: in
//! the folder of the file that names them (and, for a localized `.mfl` file, the folder above,
//! where DSC keeps the schema it amends), then below each search folder. Failing that, a class
//! that is not built in is looked for among the declarations of the other MOF files in the same
//! folder (OMI keeps a schema and its instances side by side). Names that no file provides are
//! left to the built-in classes, or reported.
//!
//! The class of a DSC resource instance (one that sets `ModuleName`) is looked for in that
//! module first, as `Import-DscResource` finds it: among the files named for the class, one
//! below `<Module>/[<Version>/]DSCResources/` (the version the instance asks for, if there is
//! one). An in-box resource of `PSDesiredStateConfiguration` that no folder of that module
//! holds is the built-in class, not another module's class of the same name (PSDscResources
//! declares several with other schemas); any other class falls back to the files named for it.
//!
//! A file read to find a class is a *dependency*, not a subject: the compilation takes from it
//! the classes it needs (and what they need in turn), its qualifier declarations and pragmas,
//! never a class it declares itself nor instances; and [`fold`] reports the dependency's own
//! problems once, as a count at the place where the class is used.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Severity};
use crate::source::{ClassFiles, FileId, Learnt, ListedOnce, Memo, SearchPath, Span, World, decode, mof_files};
use crate::syntax::Parsed;
use crate::syntax::ast::{ClassDecl, Feature, File, InstanceDecl, Item, Qualifier, Type, ValueKind};
use crate::syntax::unit::{ItemRef, ParseCache, Unit, declared_class_names, embedded_key, entry_points};

use super::builtin::{INBOX_MODULE, builtins};
use super::dialect;
use super::model::{Dialect, NoCase};
use super::resolve::{MAX_STRING_DEPTH, parse_embedded};

mod include_fix;

/// Adds to `unit` the files of the classes it uses but does not define: for one compilation
/// (a run of several shares a [`ClassFinder`]).
pub fn complete(unit: &mut Unit, world: &dyn World, search: &SearchPath) -> Vec<Dependency> {
    ClassFinder::default().complete(unit, world, search, None)
}

/// A file a compilation read to find a class: its files (it and what it includes) as a range of
/// file ids, the class it was read for, and where the compilation uses that class (in the
/// compilation's own files, also when a dependency needed it first).
#[derive(Debug, Clone)]
pub struct Dependency {
    pub files: Range<u32>,
    pub class: String,
    pub used_at: (FileId, Span),
}

/// The schema every compilation of a run resolves against (`--schema`, `schema = [...]`): its
/// files are read and parsed once, and each class is then found in the file that declares it.
#[derive(Default)]
pub struct Schema {
    /// Lower-case class name → the file that declares it first.
    classes: HashMap<String, PathBuf>,
    /// The files that declare qualifiers, in order: a compilation that takes a class from the
    /// schema sees them too.
    qualifiers: Vec<PathBuf>,
    /// The files as they were read: compilations take them from here, so that they see the
    /// schema its index describes (an editor's buffer may have changed since).
    parsed: Arc<ParseCache>,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("classes", &self.classes.len())
            .field("qualifiers", &self.qualifiers)
            .finish_non_exhaustive()
    }
}

impl Schema {
    /// Reads the schema made of `paths`: files with their includes, and folders as every file
    /// in them that no other includes (with the folder first on the search path), as PATHs are.
    /// Each file is parsed into `cache`. The path that could not be read, if one cannot.
    pub fn read(
        world: &dyn World,
        paths: &[PathBuf],
        dirs: &[PathBuf],
        cache: &Arc<ParseCache>,
    ) -> Result<Schema, (PathBuf, std::io::Error)> {
        let mut schema = Schema {
            parsed: cache.clone(),
            ..Schema::default()
        };
        for path in paths {
            let mut search = SearchPath { dirs: dirs.to_vec() };
            let entries = if world.list(path).is_ok() {
                search.dirs.insert(0, path.clone());
                let files = mof_files(world, path).map_err(|e| (path.clone(), e))?;
                entry_points(world, &files, &search)
            } else {
                vec![path.clone()]
            };
            for entry in entries {
                schema
                    .add(world, &entry, &search, cache)
                    .map_err(|e| (entry.clone(), e))?;
            }
        }
        Ok(schema)
    }

    /// Adds to the schema the classes and qualifiers of `entry` and its includes, parsing each
    /// file into `cache`, where the compilations that take classes from it find it parsed.
    fn add(
        &mut self,
        world: &dyn World,
        entry: &Path,
        search: &SearchPath,
        cache: &Arc<ParseCache>,
    ) -> std::io::Result<()> {
        let unit = Unit::load_cached(world, entry, search, cache.clone())?;
        for (file, item) in unit.items() {
            let path = &unit.sources.get(file).path;
            match item {
                Item::Class(class) if !is_amendment(class) => {
                    let key = class.name.text.to_ascii_lowercase();
                    self.classes.entry(key).or_insert_with(|| path.clone());
                }
                Item::Qualifier(_) if !self.qualifiers.contains(path) => self.qualifiers.push(path.clone()),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Where the classes that compilations lack are looked for, with what it has learnt of each
/// folder (its class files, the classes its MOF files declare), so that the compilations of a
/// run look into each folder once: a folder of DSC resources is hundreds of compilations
/// searching the same folders.
#[derive(Default)]
pub struct ClassFinder {
    files: ClassFiles,
    /// For each folder: lower-case class name → the file that declares it.
    declared: Memo<PathBuf, Learnt<HashMap<String, PathBuf>>>,
    /// For each file whose declarations were looked at (a class file that had to be told from
    /// others of the same name, a file of the search folders looked into for the include that
    /// an E0301 lacks): the lower-case names of the classes it declares.
    declares: Memo<PathBuf, Learnt<HashSet<String>>>,
    /// For each folder looked into for the include an E0301 lacks: lower-case class name → the
    /// `.mof` files below it that declare it, in sorted order (see `include_fix.rs`).
    declared_below: Memo<PathBuf, Learnt<HashMap<String, Vec<PathBuf>>>>,
    schema: Schema,
}

impl ClassFinder {
    /// A finder that looks into `schema` first.
    pub fn with_schema(schema: Schema) -> ClassFinder {
        ClassFinder {
            schema,
            ..ClassFinder::default()
        }
    }

    /// Adds to `unit` the files of the classes it uses but does not define, keeps of them only
    /// what the compilation needs, and returns them.
    /// `forced` is the dialect the compilation is told to have (`--dialect`), if it is.
    pub fn complete(
        &self,
        unit: &mut Unit,
        world: &dyn World,
        search: &SearchPath,
        forced: Option<Dialect>,
    ) -> Vec<Dependency> {
        self.complete_against(&self.schema, unit, world, search, forced)
    }

    /// As [`ClassFinder::complete`], against `schema` rather than the finder's own: the
    /// language server compiles the folders of a workspace, each with its own `mofc.toml`,
    /// with one finder.
    pub fn complete_against(
        &self,
        schema: &Schema,
        unit: &mut Unit,
        world: &dyn World,
        search: &SearchPath,
        forced: Option<Dialect>,
    ) -> Vec<Dependency> {
        // Every file added below searches its includes with the same folder listings.
        let world = &ListedOnce::new(world);
        let own = unit.files.len() as u32;
        let mut tried: HashSet<String> = HashSet::new();
        let mut dependencies: Vec<Dependency> = Vec::new();
        let mut schema_qualifiers = false;
        // A WMI compilation keeps embedded objects' strings as text (mofcomp does not parse
        // them); one that its own files (or `--dialect`) make WMI stays so whatever its
        // dependencies hold. (The analysis decides from what the compilation keeps of its
        // dependencies too, so a WMI construct there makes it WMI in the analysis only.)
        let mut needs = Needs {
            own_order: unit.order.len(),
            schema_entry: dialect::wmi_by_entry(unit),
            forced,
            ..Needs::default()
        };
        loop {
            let missing = needs.update(unit, own, &dependencies, &tried);
            if missing.is_empty() {
                break;
            }
            let mut added = false;
            for (name, file, used_at, module) in missing {
                tried.insert(name.to_ascii_lowercase());
                let from_schema = schema.classes.get(&name.to_ascii_lowercase()).cloned();
                let mut found: Vec<PathBuf> = Vec::new();
                if let Some(path) = &from_schema {
                    if !std::mem::replace(&mut schema_qualifiers, true) {
                        found.extend(schema.qualifiers.iter().cloned());
                    }
                    found.push(path.clone());
                } else {
                    let includer = unit.sources.get(file).path.clone();
                    found.extend(self.find(world, search, &includer, &name, module.as_ref()));
                }
                for path in found {
                    let before = unit.files.len() as u32;
                    // A schema file was parsed once for the run: its classes are all in the
                    // schema's index, so its includes need not be followed.
                    let schema_file = from_schema
                        .is_some()
                        .then(|| unit.add_parsed(&schema.parsed, &path))
                        .flatten();
                    if (schema_file.is_some() || unit.add_entry(world, &path, search).is_ok())
                        && unit.files.len() as u32 > before
                    {
                        dependencies.push(Dependency {
                            files: before..unit.files.len() as u32,
                            class: name.clone(),
                            used_at,
                        });
                        added = true;
                    }
                }
            }
            if !added {
                break;
            }
        }
        keep_needed(unit, own, &needs.kept);
        dependencies
    }

    /// The file of class `name`, used by the file at `includer` (by a resource instance of
    /// `module`, if it says so).
    fn find(
        &self,
        world: &dyn World,
        search: &SearchPath,
        includer: &Path,
        name: &str,
        module: Option<&Module>,
    ) -> Option<PathBuf> {
        let mut folders: Vec<(PathBuf, bool)> = Vec::new();
        let dir = includer.parent().map(Path::to_path_buf);
        if let Some(dir) = &dir {
            folders.push((dir.clone(), true));
            if is_localized(includer)
                && let Some(parent) = dir.parent()
            {
                folders.push((parent.to_path_buf(), false));
            }
        }
        folders.extend(search.dirs.iter().map(|d| (d.clone(), true)));
        let key = name.to_ascii_lowercase();
        let candidates = self.files.candidates(world, &folders, name);
        if let Some(module) = module {
            if let Some(found) = module.pick(&candidates) {
                return Some(found);
            }
            if module.name.eq_ignore_ascii_case(INBOX_MODULE) && builtins().is_inbox(name) {
                return None;
            }
        }
        // Of several files named for the class, the one that declares it: an area file of
        // OpenPegasus's layout (`CIM_System.mof`, which only includes `System/*.mof`) is not.
        let chosen = match &candidates[..] {
            [] => None,
            [only] => Some(only.clone()),
            [first, ..] => candidates
                .iter()
                .find(|c| self.with_declared(world, c, |d| d.contains(&key)))
                .or(Some(first))
                .cloned(),
        };
        chosen.or_else(|| {
            let dir = dir.as_ref().filter(|_| builtins().class(name).is_none())?;
            self.declared.learn(
                world,
                dir.clone(),
                |world| self.declarations(world, dir),
                |declared| declared.get(&key).cloned(),
            )
        })
    }
}

/// The lower-case names of the classes the file at `path` declares.
fn declared_in(world: &dyn World, path: &Path) -> HashSet<String> {
    let text = world
        .read(path)
        .ok()
        .and_then(|bytes| decode(bytes).ok())
        .unwrap_or_default();
    declared_class_names(&text)
        .into_iter()
        .map(|n| n.to_ascii_lowercase())
        .collect()
}

impl ClassFinder {
    /// The classes declared by the MOF files of a folder (not below it): lower-case name →
    /// file. Each file is read and lexed once per run, whatever else asks what it declares.
    fn declarations(&self, world: &dyn World, dir: &Path) -> HashMap<String, PathBuf> {
        let mut files: Vec<PathBuf> = world
            .list(dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|(path, is_dir)| !is_dir && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("mof")))
            .map(|(path, _)| path)
            .collect();
        files.sort();
        let mut declared = HashMap::new();
        for path in files {
            self.with_declared(world, &path, |names| {
                for name in names {
                    declared.entry(name.clone()).or_insert_with(|| path.clone());
                }
            });
        }
        declared
    }

    /// Calls `read` with the lower-case names of the classes the file at `path` declares: each
    /// file is read and lexed once per run, whatever asks.
    fn with_declared<R>(&self, world: &dyn World, path: &Path, read: impl FnOnce(&HashSet<String>) -> R) -> R {
        self.declares
            .learn(world, path.to_path_buf(), |world| declared_in(world, path), read)
    }
}

fn is_localized(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("mfl"))
}

fn is_amendment(class: &ClassDecl) -> bool {
    class.qualifiers.iter().any(|q| q.name.is("Amendment"))
}

/// What a compilation needs that its own files (ids below `own`) do not declare, learnt as
/// files are added: each declaration is looked at once, however many rounds of finding files a
/// compilation takes (a chain of superclasses in as many files is as many rounds).
#[derive(Default)]
struct Needs {
    /// How many declarations of the compilation order have been looked at.
    scanned: usize,
    /// Lower-case names of the classes the compilation's own files declare → the first.
    declared: FxHashMap<String, ItemRef>,
    /// Lower-case names of the classes the dependencies declare → the first declaration.
    provided: FxHashMap<String, ItemRef>,
    /// The classes of dependencies the compilation uses, directly or through each other.
    kept: FxHashSet<(FileId, usize)>,
    /// Names used that nothing declares yet, lower-case.
    unresolved: FxHashSet<String>,
    /// Instances whose values are still to be looked into: which of their strings are
    /// embedded objects is told by classes not found yet.
    waiting: Vec<ItemRef>,
    /// Whether the strings of embedded objects are MOF (in a DMTF compilation), once an
    /// instance asks: the dialect is looked for only then (a schema of classes never asks).
    strings: Option<bool>,
    /// How to tell the dialect: from the compilation's own declarations, the first `own_order`
    /// of its order (what it takes from dependencies does not change it), whether its entry
    /// file is a DSC resource schema, and `--dialect`.
    own_order: usize,
    schema_entry: bool,
    forced: Option<Dialect>,
    /// Lower-case (class, property) → whether the property is an embedded object, once known:
    /// a file of instances asks it of the same few properties again and again.
    embeds: RefCell<FxHashMap<(String, String), bool>>,
}

/// A class name a compilation uses: the name, the file that names it, where it is used, and
/// the DSC module a resource instance of it names.
type Use = (String, FileId, (FileId, Span), Option<Module>);

/// The class names a declaration uses: each as written, in lower case, and where.
type Uses<'u> = Vec<(&'u str, String, Span)>;

/// A declaration to walk, with the class names it uses if they were found already.
type Pending<'u> = (ItemRef, Option<Uses<'u>>);

/// A declaration as [`Needs::update`] first looks at it: the class it declares (an amendment
/// declares none), in lower case, and, when asked, the class names it uses.
struct Looked<'u> {
    class: Option<String>,
    uses: Option<Uses<'u>>,
}

impl<'u> Looked<'u> {
    fn at(item: &'u Item, with_uses: bool) -> Looked<'u> {
        let Item::Class(class) = item else {
            return Looked {
                class: None,
                uses: None,
            };
        };
        Looked {
            class: (!is_amendment(class)).then(|| class.name.text.to_ascii_lowercase()),
            uses: with_uses.then(|| uses_of(class)),
        }
    }
}

/// The module a DSC resource instance asks for (`ModuleName`, `ModuleVersion`).
#[derive(Debug, Clone)]
struct Module {
    name: String,
    version: Option<String>,
}

impl Module {
    /// What `instance` sets as its `ModuleName` and `ModuleVersion`, if it names a module.
    fn of(instance: &InstanceDecl) -> Option<Module> {
        let string = |property: &str| {
            instance
                .properties
                .iter()
                .find_map(|pv| match &pv.value.as_ref()?.kind {
                    ValueKind::String(s) if pv.name.is(property) => Some(s.to_string()),
                    _ => None,
                })
        };
        Some(Module {
            name: string("ModuleName")?,
            version: string("ModuleVersion"),
        })
    }

    /// Of the files named for a class, the one of this module (of its version, if several).
    fn pick(&self, candidates: &[PathBuf]) -> Option<PathBuf> {
        let mut found = candidates
            .iter()
            .filter_map(|path| Some((path, module_folder(path)?)))
            .filter(|(_, (module, _))| module.eq_ignore_ascii_case(&self.name));
        let first = found.next()?;
        let wanted = |(_, (_, version)): &(&PathBuf, (&str, Option<&str>))| {
            version.is_some() && *version == self.version.as_deref()
        };
        let chosen = if wanted(&first) {
            first
        } else {
            found.find(wanted).unwrap_or(first)
        };
        Some(chosen.0.clone())
    }
}

/// The module (and version) of a resource schema file, from the layout `Import-DscResource`
/// reads: `<Module>/[<Version>/]DSCResources/<Class>/<Class>.schema.mof`.
fn module_folder(path: &Path) -> Option<(&str, Option<&str>)> {
    let mut above = path
        .ancestors()
        .skip(1)
        .skip_while(|dir| !dir.file_name().is_some_and(|n| n.eq_ignore_ascii_case("DSCResources")))
        .skip(1)
        .filter_map(|dir| dir.file_name()?.to_str());
    let next = above.next()?;
    if next.chars().all(|c| c.is_ascii_digit() || c == '.') {
        Some((above.next()?, Some(next)))
    } else {
        Some((next, None))
    }
}

impl Needs {
    /// Looks at the declarations added since the last call and returns the classes no file
    /// provides yet and that have not been `tried`: each with the file that names it and where
    /// the compilation uses it.
    fn update(&mut self, unit: &mut Unit, own: u32, dependencies: &[Dependency], tried: &HashSet<String>) -> Vec<Use> {
        let Unit {
            files, order, embedded, ..
        } = unit;
        let files: &[Arc<File>] = files;
        // What each new declaration is, looked at on all cores: reading the features and
        // qualifiers of a schema's classes one after another is slow in memory more than in
        // instructions. Only the compilation's own classes are walked at once.
        let new = &order[self.scanned..];
        let looked: Vec<Looked> = new
            .par_iter()
            .map(|r| Looked::at(&files[r.file.0 as usize].items[r.index], r.file.0 < own))
            .collect();
        let mut pending: Vec<Pending> = Vec::new();
        for (r, looked) in new.iter().zip(looked) {
            if r.file.0 < own {
                pending.push((*r, looked.uses));
                if let Some(class) = looked.class {
                    self.declared.entry(class).or_insert(*r);
                }
            } else if let Some(class) = looked.class {
                self.provided.entry(class).or_insert(*r);
            }
        }
        self.scanned = order.len();
        // Names that were missing and that the new files provide.
        let provided = &self.provided;
        let resolved: Vec<String> = self
            .unresolved
            .iter()
            .filter(|name| provided.contains_key(*name))
            .cloned()
            .collect();
        for name in resolved {
            self.unresolved.remove(&name);
            let found = self.provided[&name];
            if self.kept.insert((found.file, found.index)) {
                pending.push((found, None));
            }
        }
        let mut missing = Vec::new();
        // Popped in compilation order.
        pending.reverse();
        self.walk(files, dependencies, tried, pending, &mut missing);
        // The classes used inside instances' values, once what their classes say is known.
        let mut inside: Vec<(String, FileId, Span)> = Vec::new();
        if !self.waiting.is_empty() && self.strings.is_none() {
            let own = &order[..self.own_order];
            let choice = dialect::detect_among(files, own, self.schema_entry, self.forced);
            self.strings = Some(choice.dialect == Dialect::Dmtf);
        }
        for r in std::mem::take(&mut self.waiting) {
            let Item::Instance(instance) = &files[r.file.0 as usize].items[r.index] else {
                continue;
            };
            let mut found = Vec::new();
            match self.used_in_values(files, embedded, tried, instance, None, &mut found) {
                Some(()) => inside.extend(found.into_iter().map(|(name, span)| (name, r.file, span))),
                None => self.waiting.push(r),
            }
        }
        let mut pending = Vec::new();
        for (name, file, span) in inside {
            let key = name.to_ascii_lowercase();
            self.need(&name, key, (file, span), file, None, tried, &mut pending, &mut missing);
        }
        pending.reverse();
        self.walk(files, dependencies, tried, pending, &mut missing);
        // Stable order, whatever order the walk took.
        missing.sort_by_key(|(_, file, at, _)| (*file, at.1.start));
        missing
    }

    /// Notes what the declarations in `pending` (and those they need in turn) use.
    fn walk<'u>(
        &mut self,
        files: &'u [Arc<File>],
        dependencies: &[Dependency],
        tried: &HashSet<String>,
        mut pending: Vec<Pending<'u>>,
        missing: &mut Vec<Use>,
    ) {
        while let Some((r, uses)) = pending.pop() {
            let item = &files[r.file.0 as usize].items[r.index];
            let used_at = |span| match dependency_of(dependencies, r.file) {
                Some(d) => d.used_at,
                None => (r.file, span),
            };
            match item {
                Item::Class(class) => {
                    for (name, key, span) in uses.unwrap_or_else(|| uses_of(class)) {
                        self.need(name, key, used_at(span), r.file, None, tried, &mut pending, missing);
                    }
                }
                Item::Instance(instance) => {
                    let span = instance.class.span;
                    self.need(
                        &instance.class.text,
                        instance.class.text.to_ascii_lowercase(),
                        used_at(span),
                        r.file,
                        Module::of(instance),
                        tried,
                        &mut pending,
                        missing,
                    );
                    self.waiting.push(r);
                }
                _ => {}
            }
        }
    }

    /// Notes that class `name` (`key` in lower case) is used at `used_at` (named in `file`, by a
    /// resource instance of `module`): a dependency's class is kept (and looked at), a name
    /// nothing declares is missing.
    #[allow(clippy::too_many_arguments)]
    fn need(
        &mut self,
        name: &str,
        key: String,
        used_at: (FileId, Span),
        file: FileId,
        module: Option<Module>,
        tried: &HashSet<String>,
        pending: &mut Vec<Pending>,
        missing: &mut Vec<Use>,
    ) {
        if self.declared.contains_key(&key) {
            return;
        }
        if let Some(&found) = self.provided.get(&key) {
            if self.kept.insert((found.file, found.index)) {
                pending.push((found, None));
            }
        } else if self.unresolved.insert(key.clone()) && !tried.contains(&key) {
            // A name tried in vain stays unresolved: a file found for another may declare it.
            missing.push((name.to_string(), file, used_at, module));
        }
    }

    /// Adds to `found` the classes of the instances inside the values of `instance`: nested
    /// ones, and those of the MOF in the strings of its embedded object properties (parsed into
    /// `embedded`, where analysis finds them), each where it is named or, inside a string, at
    /// the outermost string (`string`, with how many strings deep the instance is). The MOF of
    /// strings deeper than the analysis compiles (`MAX_STRING_DEPTH`) is not looked into.
    /// `None` while a class that tells whether a property is embedded is still to be looked for.
    fn used_in_values(
        &self,
        files: &[Arc<File>],
        embedded: &mut HashMap<(usize, usize), Arc<Parsed>>,
        tried: &HashSet<String>,
        instance: &InstanceDecl,
        string: Option<(Span, usize)>,
        found: &mut Vec<(String, Span)>,
    ) -> Option<()> {
        let depth = string.map_or(0, |(_, depth)| depth);
        for pv in &instance.properties {
            let Some(value) = &pv.value else { continue };
            for item in value.entries() {
                match &item.kind {
                    ValueKind::Instance(inner) => {
                        let at = string.map_or(inner.class.span, |(at, _)| at);
                        found.push((inner.class.text.to_string(), at));
                        self.used_in_values(files, embedded, tried, inner, string, found)?;
                    }
                    ValueKind::String(text)
                        if self.strings == Some(true)
                            && !text.is_empty()
                            && depth < MAX_STRING_DEPTH
                            && self.is_embedded(files, tried, &instance.class.text, &pv.name.text)? =>
                    {
                        let parsed = embedded
                            .entry(embedded_key(text))
                            .or_insert_with(|| Arc::new(parse_embedded(text)))
                            .clone();
                        let at = string.map_or(item.span, |(at, _)| at);
                        for item in &parsed.ast.items {
                            if let Item::Instance(inner) = item {
                                found.push((inner.class.text.to_string(), at));
                                self.used_in_values(files, embedded, tried, inner, Some((at, depth + 1)), found)?;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Some(())
    }

    /// Whether `property` of class `class` (or of its superclasses) is an embedded object:
    /// `None` while a class of the chain is still to be looked for.
    fn is_embedded(&self, files: &[Arc<File>], tried: &HashSet<String>, class: &str, property: &str) -> Option<bool> {
        let key = (class.to_ascii_lowercase(), property.to_ascii_lowercase());
        if let Some(&known) = self.embeds.borrow().get(&key) {
            return Some(known);
        }
        let embeds = self.chain_embeds(files, tried, class, property)?;
        self.embeds.borrow_mut().insert(key, embeds);
        Some(embeds)
    }

    /// [`Needs::is_embedded`], found by walking up from `class`.
    fn chain_embeds(&self, files: &[Arc<File>], tried: &HashSet<String>, class: &str, property: &str) -> Option<bool> {
        let mut name = class;
        // A cycle of superclasses is reported by analysis; here it only has to end.
        for _ in 0..MAX_CHAIN {
            let key = name.to_ascii_lowercase();
            let found = self.declared.get(&key).or_else(|| self.provided.get(&key));
            let decl = match found.map(|r| &files[r.file.0 as usize].items[r.index]) {
                Some(Item::Class(decl)) => decl,
                _ => match builtins().class(name) {
                    Some(decl) => decl,
                    None if tried.contains(&key) => return Some(false),
                    None => return None,
                },
            };
            let declared = decl.features.iter().find_map(|f| match f {
                Feature::Property(p) if p.name.is(property) => Some(p),
                _ => None,
            });
            if declared.is_some_and(|p| {
                p.qualifiers
                    .iter()
                    .any(|q| q.name.is("EmbeddedObject") || q.name.is("EmbeddedInstance"))
            }) {
                return Some(true);
            }
            match &decl.superclass {
                Some(superclass) => name = &superclass.text,
                None => return Some(false),
            }
        }
        Some(false)
    }
}

/// How many superclasses are followed to tell whether a property is embedded.
const MAX_CHAIN: usize = 1_000;

/// Leaves of the dependencies (files from `own` on) only what the compilation needs: the
/// classes in `kept`, the first declaration of each qualifier, and pragmas.
fn keep_needed(unit: &mut Unit, own: u32, kept: &FxHashSet<(FileId, usize)>) {
    let files = &unit.files;
    let mut qualifiers: FxHashSet<NoCase> = FxHashSet::default();
    unit.order.retain(|r| {
        let item = &files[r.file.0 as usize].items[r.index];
        let first = match item {
            Item::Qualifier(q) => qualifiers.insert(NoCase(&q.name.text)),
            _ => true,
        };
        r.file.0 < own
            || match item {
                Item::Class(_) => kept.contains(&(r.file, r.index)),
                Item::Instance(_) => false,
                Item::Qualifier(_) => first,
                _ => true,
            }
    });
}

/// Replaces the diagnostics located in `dependencies` by one per file: how many errors and
/// warnings it has, at the place where the class it was read for is used. A file that the run
/// checks as a subject of its own (`is_subject`, by path) reports its problems there, so they
/// are only left out here.
pub fn fold(
    unit: &Unit,
    dependencies: &[Dependency],
    diagnostics: Vec<Diagnostic>,
    is_subject: &dyn Fn(&Path) -> bool,
) -> Vec<Diagnostic> {
    let mut kept = Vec::new();
    // For each dependency file: its errors, its warnings, the dependency that brought it.
    let mut counts: BTreeMap<FileId, (usize, usize, &Dependency)> = BTreeMap::new();
    for d in diagnostics {
        let file = d.primary.file;
        let Some(dependency) = dependency_of(dependencies, file) else {
            kept.push(d);
            continue;
        };
        if is_subject(&unit.sources.get(file).path) {
            continue;
        }
        let count = counts.entry(file).or_insert((0, 0, dependency));
        match d.severity {
            Severity::Error => count.0 += 1,
            Severity::Warning => count.1 += 1,
            Severity::Note => {}
        }
    }
    for (file, (errors, warnings, dependency)) in counts {
        let what = match (errors, warnings) {
            (0, 0) => continue,
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        };
        let code = if errors > 0 {
            Code::DependencyErrors
        } else {
            Code::DependencyWarnings
        };
        let name = &unit.sources.get(file).name;
        let class = &dependency.class;
        let (at_file, at) = dependency.used_at;
        kept.push(
            Diagnostic::new(code, at_file, at, format!("{what} in `{name}`, read to find `{class}`"))
                .with_label(format!("`{class}` is used here"))
                .with_help(format!("check it directly: `mofc check {name}`")),
        );
    }
    kept
}

/// The dependency `file` belongs to, if any. Dependencies are added in order, each with the
/// files after those of the one before, so their ranges are sorted.
fn dependency_of(dependencies: &[Dependency], file: FileId) -> Option<&Dependency> {
    let after = dependencies.partition_point(|d| d.files.start <= file.0);
    dependencies[..after].last().filter(|d| d.files.contains(&file.0))
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The class names a class declaration uses: its superclass (or, for an amendment, the class
/// it amends), the classes of its references and embedded instances, and its
/// `EmbeddedInstance` qualifiers.
fn uses_of<'u>(class: &'u ClassDecl) -> Uses<'u> {
    let mut uses = Vec::new();
    let mut used = |name: &'u str, span| uses.push((name, name.to_ascii_lowercase(), span));
    if let Some(superclass) = &class.superclass {
        used(&superclass.text, superclass.span);
    }
    // An amendment names the class it amends.
    if is_amendment(class) {
        used(&class.name.text, class.name.span);
    }
    let mut typed = |ty: &'u Type, qualifiers: &'u [Qualifier]| {
        if let Type::Ref(name) | Type::Class(name) = ty {
            used(&name.text, name.span);
        }
        for q in qualifiers.iter().filter(|q| q.name.is("EmbeddedInstance")) {
            if let Some(value) = &q.value
                && let ValueKind::String(name) = &value.kind
            {
                used(name, value.span);
            }
        }
    };
    for feature in &class.features {
        match feature {
            Feature::Property(p) => typed(&p.ty, &p.qualifiers),
            Feature::Method(m) => {
                typed(&m.return_type, &m.qualifiers);
                m.params.iter().for_each(|p| typed(&p.ty, &p.qualifiers));
            }
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::source::DiskWorld;

    /// The disk, counting how often folders are listed.
    #[derive(Default)]
    struct Counting {
        lists: AtomicUsize,
    }

    impl World for Counting {
        fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
            DiskWorld.read(path)
        }

        fn is_file(&self, path: &Path) -> bool {
            DiskWorld.is_file(path)
        }

        fn list(&self, dir: &Path) -> std::io::Result<Vec<(PathBuf, bool)>> {
            self.lists.fetch_add(1, Ordering::Relaxed);
            DiskWorld.list(dir)
        }
    }

    #[test]
    fn embedded_strings_are_parsed_once_for_finder_and_analysis() {
        let root = std::env::temp_dir().join(format!("mofc-embedded-{}", std::process::id()));
        std::fs::create_dir_all(root.join("lib")).unwrap();
        std::fs::write(root.join("lib/Inner.mof"), "class Inner { string v; };").unwrap();
        let app = "class App { [Key] string k; [EmbeddedObject] string e; string t; };\n\
                   instance of App { k = \"1\"; e = \"instance of Inner { };\"; t = \"instance of X { };\"; };";
        std::fs::write(root.join("a.mof"), app).unwrap();
        let search = SearchPath {
            dirs: vec![root.join("lib")],
        };
        let mut unit = Unit::load(&DiskWorld, &root.join("a.mof"), &search).unwrap();
        complete(&mut unit, &DiskWorld, &search);
        // Only the embedded object's string, not the other string that looks like MOF.
        let parsed: Vec<usize> = unit.embedded.values().map(|p| p.ast.items.len()).collect();
        assert_eq!(parsed, vec![1]);
        let classes: Vec<&str> = unit.classes().map(|(_, c)| &*c.name.text).collect();
        assert_eq!(classes, ["App", "Inner"]);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn compilations_sharing_a_finder_look_into_each_folder_once() {
        let root = std::env::temp_dir().join(format!("mofc-finder-{}", std::process::id()));
        let (app, lib) = (root.join("app"), root.join("lib"));
        std::fs::create_dir_all(lib.join("deep")).unwrap();
        std::fs::create_dir_all(&app).unwrap();
        std::fs::write(lib.join("deep/Base.mof"), "class Base { string k; };").unwrap();
        std::fs::write(app.join("a.mof"), "class A : Base {};").unwrap();
        std::fs::write(app.join("b.mof"), "class B : Base {};").unwrap();
        let search = SearchPath {
            dirs: vec![lib.clone()],
        };
        let world = Counting::default();
        let finder = ClassFinder::default();
        let classes = |entry: &str| {
            let mut unit = Unit::load(&world, &app.join(entry), &search).unwrap();
            finder.complete(&mut unit, &world, &search, None);
            let names: Vec<String> = unit.classes().map(|(_, c)| c.name.text.to_string()).collect();
            (names, world.lists.load(Ordering::Relaxed))
        };
        // `app` (no Base there), then `lib` and `lib/deep`: three folders listed.
        assert_eq!(classes("a.mof"), (vec!["A".to_string(), "Base".to_string()], 3));
        // The second compilation finds Base without listing anything again.
        assert_eq!(classes("b.mof"), (vec!["B".to_string(), "Base".to_string()], 3));
        std::fs::remove_dir_all(root).unwrap();
    }
}
