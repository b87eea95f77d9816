//! Finding files: included files (relative to the including file first, then along the search
//! path, `-I`, as mofcomp, cimmof and pywbem do), the MOF files of a folder, and the file of a
//! class by its name, with what is learnt of each folder kept for the whole run ([`Memo`]).

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap as FoldHashMap;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::World;
use super::world::{Asked, Asking, nothing_there};

/// The include directories of a compilation, in the order given.
#[derive(Debug, Clone, Default)]
pub struct SearchPath {
    pub dirs: Vec<PathBuf>,
}

impl SearchPath {
    /// Resolves `#pragma include("name")` written in the file at `includer`.
    pub fn resolve_include(&self, world: &dyn World, includer: &Path, name: &str) -> Option<PathBuf> {
        let exact = self.candidates(includer, name).into_iter().find(|c| world.is_file(c));
        exact.or_else(|| {
            self.in_any_case(world, includer, name)
                .into_iter()
                .find(|c| world.is_file(c))
        })
    }

    /// Finds and reads the file that `#pragma include("name")` in `includer` names: the path
    /// found and what reading it gave. Each candidate is read rather than first tested, which
    /// looks each path up once instead of twice (the CIM Schema has 1,633 includes).
    ///
    /// A name found only in another letter case (as Windows, where most MOF is written, finds
    /// it) is the path on disk, which differs from the name: [`misspelled`] tells.
    pub fn read_include(
        &self,
        world: &dyn World,
        includer: &Path,
        name: &str,
    ) -> Option<(PathBuf, io::Result<Vec<u8>>)> {
        let read = |candidate: PathBuf| match world.read(&candidate) {
            Err(e) if nothing_there(&e) => None,
            read => Some((candidate, read)),
        };
        self.candidates(includer, name)
            .into_iter()
            .find_map(read)
            .or_else(|| self.in_any_case(world, includer, name).into_iter().find_map(read))
    }

    /// Where `name` may be, in the order searched: next to `includer`, then in each search
    /// folder; an absolute name only where it says. MOF files written on Windows use `\` as the
    /// separator, so both are accepted.
    fn candidates(&self, includer: &Path, name: &str) -> Vec<PathBuf> {
        if is_absolute(name) {
            return vec![PathBuf::from(name)];
        }
        // A name with no `\` and no empty part (most) is the path it spells: splitting it and
        // collecting the parts again cost 2,000 instructions an include.
        let relative: PathBuf = if cfg!(unix) && !name.contains('\\') && !name.split('/').any(str::is_empty) {
            PathBuf::from(name)
        } else {
            name.split(['/', '\\']).collect()
        };
        self.folders(includer).map(|dir| dir.join(&relative)).collect()
    }

    fn folders<'a>(&'a self, includer: &'a Path) -> impl Iterator<Item = &'a Path> {
        let here = includer.parent().unwrap_or(Path::new(""));
        std::iter::once(here).chain(self.dirs.iter().map(PathBuf::as_path))
    }

    /// The relative `name` in each folder searched, in any letter case, as the folders spell
    /// it: looked for only when no candidate exists as written, since it lists folders.
    fn in_any_case(&self, world: &dyn World, includer: &Path, name: &str) -> Vec<PathBuf> {
        if is_absolute(name) {
            return Vec::new();
        }
        let parts: Vec<&str> = name.split(['/', '\\']).collect();
        self.folders(includer)
            .filter_map(|dir| {
                parts.iter().try_fold(dir.to_path_buf(), |found, &part| match part {
                    "" | "." => Some(found),
                    ".." => Some(found.join("..")),
                    part => world.in_any_case(&found, part),
                })
            })
            .collect()
    }
}

/// Whether an include names an absolute path: `/x`, or on Windows `C:\x`.
fn is_absolute(name: &str) -> bool {
    Path::new(name).is_absolute() || name.starts_with('/')
}

/// Whether the file found for `#pragma include("name")` is spelt otherwise on disk: the name's
/// last component differs from the file's name (in letter case only, since it was found). The
/// real name, to show, if so.
pub fn misspelled(name: &str, found: &Path) -> Option<String> {
    let written = name.rsplit(['/', '\\']).next()?;
    // Spelt alike, as almost every include is: the path ends with the name after a separator.
    // (Finding a path's file name parses it from the end: 0.25 ms over the CIM Schema.)
    let path = found.as_os_str().as_encoded_bytes();
    if let Some(before) = path.strip_suffix(written.as_bytes())
        && before.last().is_some_and(|&b| std::path::is_separator(char::from(b)))
    {
        return None;
    }
    let real = found.file_name()?.to_str()?;
    (written != real && written.eq_ignore_ascii_case(real)).then(|| real.to_string())
}

/// Every `*.mof` and `*.mfl` file below `dir`, in a stable (sorted) order, as ruff walks a
/// folder: hidden files and folders (a name starting with `.`), what the `.gitignore` and
/// `.ignore` files of `dir`, of the folders below it and of those above it (up to the root of
/// the git repository, if any, whose `.git/info/exclude` counts too) ignore, and what `exclude`
/// names are left out. `dir` itself is always walked: a folder named by the user is never
/// skipped. `.gitignore` counts outside a git repository too, as in ruff.
pub fn mof_files_except(world: &dyn World, dir: &Path, exclude: &Exclude) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let root = world.canonical(dir);
    let mut rules = HashMap::new();
    rules.insert(
        dir.to_path_buf(),
        Ignores::within(world, &root, Ignores::above(world, &root)),
    );
    let mut skip = |path: &Path, is_dir: bool, parent: &Path| {
        let canonical = world.canonical(path);
        let inherited = rules.get(parent).cloned().flatten();
        let verdict = inherited
            .as_deref()
            .map_or(Verdict::None, |r| r.verdict(&canonical, is_dir));
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        let skipped = verdict == Verdict::Ignore || (hidden && verdict != Verdict::Keep) || exclude.matches(&canonical);
        if is_dir && !skipped {
            rules.insert(path.to_path_buf(), Ignores::within(world, &canonical, inherited));
        }
        skipped
    };
    walk(world, dir, true, &mut skip, &mut |path| {
        if is_mof(path) {
            found.push(path.to_path_buf());
        }
    })?;
    found.sort();
    Ok(found)
}

/// [`mof_files_except`] with the default `exclude` of `mofc.toml`.
pub fn mof_files(world: &dyn World, dir: &Path) -> io::Result<Vec<PathBuf>> {
    mof_files_except(world, dir, &Exclude::default())
}

fn is_mof(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    extension.eq_ignore_ascii_case("mof") || extension.eq_ignore_ascii_case("mfl")
}

/// What `exclude` and `extend-exclude` of `mofc.toml` leave out of folder walks: globs matched
/// against paths relative to `root` (the folder of `mofc.toml`); a pattern without `/` matches
/// a file or folder name at any depth, as in ruff.
#[derive(Debug, Clone)]
pub struct Exclude {
    root: PathBuf,
    globs: GlobSet,
}

/// What `exclude` is unless `mofc.toml` sets it: the packages an editor extension's `npm`
/// installs (hidden folders, `.git` among them, are skipped anyway).
pub const DEFAULT_EXCLUDE: &[&str] = &["node_modules"];

impl Exclude {
    /// The globs of `patterns`, relative to `root` (absolute); the index of a pattern that is
    /// not a glob, with why.
    pub fn new(root: PathBuf, patterns: &[&str]) -> Result<Exclude, (usize, globset::Error)> {
        let mut globs = GlobSetBuilder::new();
        for (index, pattern) in patterns.iter().enumerate() {
            globs.add(anchored_glob(pattern).map_err(|e| (index, e))?);
        }
        let globs = globs.build().map_err(|e| (0, e))?;
        Ok(Exclude { root, globs })
    }

    /// Whether the file or folder at `path` (absolute) is excluded.
    pub fn matches(&self, path: &Path) -> bool {
        !self.globs.is_empty() && self.globs.is_match(path.strip_prefix(&self.root).unwrap_or(path))
    }
}

impl Default for Exclude {
    fn default() -> Exclude {
        Exclude::new(PathBuf::new(), DEFAULT_EXCLUDE).expect("the default patterns are globs")
    }
}

/// A glob of `mofc.toml` as `.gitignore` reads one: a pattern without `/` matches the name at
/// any depth, a trailing `/` is dropped (the folder's contents go with it), and `*` does not
/// cross folders.
pub fn anchored_glob(pattern: &str) -> Result<Glob, globset::Error> {
    let pattern = pattern.strip_suffix('/').unwrap_or(pattern);
    let anchored = if pattern.contains('/') {
        pattern.trim_start_matches("./").to_string()
    } else {
        format!("**/{pattern}")
    };
    GlobBuilder::new(&anchored).literal_separator(true).build()
}

/// Whether ignore files say anything of a path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    None,
    Ignore,
    /// A `!pattern`: kept, even if hidden.
    Keep,
}

/// The ignore files in force in a folder: its own, then those of the folders above it.
struct Ignores {
    here: Gitignore,
    above: Option<Arc<Ignores>>,
}

impl Ignores {
    /// The rules of the folders above `dir` (absolute), up to the root of its git repository.
    fn above(world: &dyn World, dir: &Path) -> Option<Arc<Ignores>> {
        let mut ancestors: Vec<&Path> = Vec::new();
        for folder in dir.ancestors() {
            if folder != dir {
                ancestors.push(folder);
            }
            // `.git` is a folder, or a file in a worktree.
            let git = folder.join(".git");
            if world.is_file(&git) || world.list(&git).is_ok() {
                break;
            }
        }
        ancestors
            .into_iter()
            .rev()
            .fold(None, |above, folder| Ignores::within(world, folder, above))
    }

    /// The rules in force in `dir` (absolute), given those of the folder above it.
    fn within(world: &dyn World, dir: &Path, above: Option<Arc<Ignores>>) -> Option<Arc<Ignores>> {
        let mut builder = GitignoreBuilder::new(dir);
        // Later lines win: `.ignore` over `.gitignore`, as in ripgrep.
        for name in [".git/info/exclude", ".gitignore", ".ignore"] {
            let Ok(bytes) = world.read(&dir.join(name)) else {
                continue;
            };
            for line in String::from_utf8_lossy(&bytes).lines() {
                // A line that is not a glob is passed over, as git does.
                let _ = builder.add_line(Some(dir.join(name)), line);
            }
        }
        match builder.build() {
            Ok(here) if !here.is_empty() => Some(Arc::new(Ignores { here, above })),
            _ => above,
        }
    }

    /// The deepest folder's word on `path` (absolute) wins.
    fn verdict(&self, path: &Path, is_dir: bool) -> Verdict {
        match self.here.matched(path, is_dir) {
            ignore::Match::Ignore(_) => Verdict::Ignore,
            ignore::Match::Whitelist(_) => Verdict::Keep,
            ignore::Match::None => self.above.as_ref().map_or(Verdict::None, |a| a.verdict(path, is_dir)),
        }
    }
}

/// How many folders a search for class files looks into below one folder: enough for any
/// schema tree, and a bound on the time spent when a file sits in a home folder.
const MAX_FOLDERS: usize = 10_000;

/// Calls `f` on every file in `dir`, and below it if `recursive` (up to [`MAX_FOLDERS`]),
/// leaving out what `skip` (given a path, whether it is a folder, and its folder) says. A
/// folder reached again through a symbolic link is not walked again, so a link back up the tree
/// is no loop and a linked folder's files are not found twice.
fn walk(
    world: &dyn World,
    dir: &Path,
    recursive: bool,
    skip: &mut impl FnMut(&Path, bool, &Path) -> bool,
    f: &mut impl FnMut(&Path),
) -> std::io::Result<()> {
    let mut pending = vec![dir.to_path_buf()];
    let mut visited = HashSet::new();
    while let Some(dir) = pending.pop() {
        // A folder that is not on the disk (the repository's) is only ever reached by its name.
        let real = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !visited.insert(real) {
            continue;
        }
        if visited.len() > MAX_FOLDERS {
            break;
        }
        for (path, is_dir) in world.list(&dir)? {
            if skip(&path, is_dir, &dir) {
                continue;
            }
            if !is_dir {
                f(&path);
            } else if recursive {
                pending.push(path);
            }
        }
    }
    Ok(())
}

/// Values computed once per key and kept, for the compilations of a run to share (they run in
/// parallel): the first to ask for a key computes its value, others asking for it wait for it.
pub struct Memo<K, V> {
    entries: Mutex<FoldHashMap<K, Arc<OnceLock<V>>>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            entries: Mutex::default(),
        }
    }
}

impl<K: Eq + Hash, V> Memo<K, V> {
    /// `read` of the value of `key`, computed by `init` if no one has yet.
    pub fn with<R>(&self, key: K, init: impl FnOnce() -> V, read: impl FnOnce(&V) -> R) -> R {
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            entries.entry(key).or_default().clone()
        };
        read(cell.get_or_init(init))
    }
}

/// A value computed from a [`World`], with the questions its computation asked of it.
pub struct Learnt<V> {
    value: V,
    asked: Vec<Asked>,
}

impl<K: Eq + Hash, V> Memo<K, Learnt<V>> {
    /// [`Memo::with`] for a value computed from `world` by `init`: whoever uses the value is
    /// told what computing it asked of the world ([`World::relies_on`]), as if it had asked
    /// itself. A compilation that finds a folder's index ready depends on that folder as much
    /// as the one that listed it, and the command line's result cache must know.
    pub fn learn<R>(
        &self,
        world: &dyn World,
        key: K,
        init: impl FnOnce(&dyn World) -> V,
        read: impl FnOnce(&V) -> R,
    ) -> R {
        let compute = || {
            let asking = Asking::new(world);
            let value = init(&asking);
            Learnt {
                value,
                asked: asking.into_asked(),
            }
        };
        self.with(key, compute, |learnt| {
            world.relies_on(&learnt.asked);
            read(&learnt.value)
        })
    }
}

/// Where to look for `<ClassName>.mof` when a compilation uses a class it does not define, as
/// pywbem does: folders are listed once, then each class is a hash lookup.
#[derive(Default)]
pub struct ClassFiles {
    /// What each folder searched (and whether below it too) holds.
    folders: Memo<(PathBuf, bool), Learnt<FolderIndex>>,
}

impl ClassFiles {
    /// The files named for `class` (`Class.mof` or `Class.schema.mof`, in any letter case), in
    /// the order of `folders` (`true` searches below a folder too), each folder's in sorted
    /// order, so the choice among them is stable. More than one is common: a schema in
    /// OpenPegasus's layout has an area file `CIM_System.mof` that includes
    /// `System/CIM_System.mof`, which declares the class.
    pub fn candidates(&self, world: &dyn World, folders: &[(PathBuf, bool)], class: &str) -> Vec<PathBuf> {
        let key = class.to_ascii_lowercase();
        let mut found = Vec::new();
        for folder in folders {
            self.index(world, folder, |index| {
                found.extend(index.named.get(&key).into_iter().flatten().cloned())
            });
        }
        found
    }

    /// Every `*.mof` file in `folder` (below it too, for `true`), in sorted order,
    /// from the listing [`ClassFiles::candidates`] makes: a folder is walked once for both.
    pub fn mof_files(&self, world: &dyn World, folder: &(PathBuf, bool)) -> Vec<PathBuf> {
        self.index(world, folder, |index| {
            let mut files: Vec<PathBuf> = index.named.values().flatten().cloned().collect();
            files.sort();
            files
        })
    }

    fn index<R>(&self, world: &dyn World, folder: &(PathBuf, bool), read: impl FnOnce(&FolderIndex) -> R) -> R {
        self.folders.learn(
            world,
            folder.clone(),
            |world| index_folder(world, &folder.0, folder.1),
            read,
        )
    }
}

/// What a folder holds, for finding classes.
#[derive(Default)]
struct FolderIndex {
    /// Lower-case class name → the files named for it, in sorted order.
    named: HashMap<String, Vec<PathBuf>>,
}

fn index_folder(world: &dyn World, dir: &Path, recursive: bool) -> FolderIndex {
    let mut files = Vec::new();
    // An unreadable folder simply has no class files.
    let _ = walk(world, dir, recursive, &mut |_, _, _| false, &mut |path| {
        files.push(path.to_path_buf())
    });
    files.sort();
    let mut index = FolderIndex::default();
    for path in files {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        let Some(stem) = lower.strip_suffix(".mof") else {
            continue;
        };
        let class = stem.strip_suffix(".schema").unwrap_or(stem);
        index.named.entry(class.to_string()).or_default().push(path);
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DiskWorld;

    #[test]
    fn includer_folder_first_then_search_path() {
        let root = std::env::temp_dir().join(format!("mofc-search-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        std::fs::create_dir_all(a.join("sub")).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("sub/x.mof"), "").unwrap();
        std::fs::write(b.join("x.mof"), "").unwrap();
        std::fs::write(b.join("y.mof"), "").unwrap();
        let search = SearchPath { dirs: vec![b.clone()] };
        let includer = a.join("main.mof");
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, "sub\\x.mof"),
            Some(a.join("sub/x.mof"))
        );
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, "x.mof"),
            Some(b.join("x.mof"))
        );
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, "y.mof"),
            Some(b.join("y.mof"))
        );
        assert_eq!(search.resolve_include(&DiskWorld, &includer, "z.mof"), None);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn includes_are_read_where_found_and_folders_are_passed_over() {
        let root = std::env::temp_dir().join(format!("mofc-read-include-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        // `a/x.mof` is a folder: not the file the include names.
        std::fs::create_dir_all(a.join("x.mof")).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(b.join("x.mof"), "from b").unwrap();
        std::fs::write(a.join("y.mof"), "from a").unwrap();
        let search = SearchPath { dirs: vec![b.clone()] };
        let includer = a.join("main.mof");
        let read = |name| {
            let (path, bytes) = search.read_include(&DiskWorld, &includer, name)?;
            Some((path, bytes.unwrap()))
        };
        assert_eq!(read("x.mof"), Some((b.join("x.mof"), b"from b".to_vec())));
        assert_eq!(read("y.mof"), Some((a.join("y.mof"), b"from a".to_vec())));
        assert_eq!(read("z.mof"), None);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn an_absolute_name_is_looked_for_only_where_it_says() {
        let root = std::env::temp_dir().join(format!("mofc-absolute-{}", std::process::id()));
        std::fs::create_dir_all(root.join("lib")).unwrap();
        std::fs::create_dir_all(root.join("here")).unwrap();
        std::fs::write(root.join("lib/x.mof"), "").unwrap();
        std::fs::write(root.join("here/y.mof"), "").unwrap();
        let search = SearchPath {
            dirs: vec![root.join("here")],
        };
        let includer = root.join("main.mof");
        let absolute = root.join("lib/x.mof");
        let name = absolute.to_str().unwrap();
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, name),
            Some(absolute.clone())
        );
        assert_eq!(
            search.read_include(&DiskWorld, &includer, name).map(|(p, _)| p),
            Some(absolute)
        );
        // Not `here/y.mof`, though the search path has it.
        let elsewhere = root.join("nowhere/y.mof");
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, elsewhere.to_str().unwrap()),
            None
        );
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_name_in_another_letter_case_is_found_after_every_exact_one() {
        let root = std::env::temp_dir().join(format!("mofc-case-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        std::fs::create_dir_all(a.join("Sub")).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        if a.join("SUB").exists() {
            // A file system that ignores letter case: nothing to test.
            std::fs::remove_dir_all(root).unwrap();
            return;
        }
        std::fs::write(a.join("Sub/msft_qualifiers.mof"), "").unwrap();
        std::fs::write(a.join("other.mof"), "").unwrap();
        std::fs::write(b.join("OTHER.mof"), "").unwrap();
        let search = SearchPath { dirs: vec![b.clone()] };
        let includer = a.join("main.mof");
        let found = search.resolve_include(&DiskWorld, &includer, "sub\\MSFT_Qualifiers.mof");
        assert_eq!(found, Some(a.join("Sub/msft_qualifiers.mof")));
        let read = search.read_include(&DiskWorld, &includer, "sub/../Sub/MSFT_Qualifiers.mof");
        assert_eq!(read.map(|(p, _)| p), Some(a.join("Sub/../Sub/msft_qualifiers.mof")));
        // The exact spelling in a later folder wins over another case in an earlier one.
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, "OTHER.mof"),
            Some(b.join("OTHER.mof"))
        );
        assert_eq!(
            misspelled("sub/MSFT_Qualifiers.mof", &a.join("Sub/msft_qualifiers.mof")).as_deref(),
            Some("msft_qualifiers.mof")
        );
        assert_eq!(misspelled("OTHER.mof", &b.join("OTHER.mof")), None);
        // A name that only ends the file's name is no spelling of it.
        assert_eq!(misspelled("b.mof", Path::new("/x/ab.mof")), None);
        assert_eq!(misspelled("B.mof", Path::new("/x/ab.mof")), None);
        assert_eq!(misspelled("d/B.MOF", Path::new("/x/d/b.mof")).as_deref(), Some("b.mof"));
        std::fs::remove_dir_all(root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_back_up_the_tree_is_walked_once() {
        let root = std::env::temp_dir().join(format!("mofc-walk-loop-{}", std::process::id()));
        std::fs::create_dir_all(root.join("d")).unwrap();
        std::fs::write(root.join("a.mof"), "").unwrap();
        std::fs::write(root.join("d/b.mof"), "").unwrap();
        std::os::unix::fs::symlink("..", root.join("d/up")).unwrap();
        let found = mof_files(&DiskWorld, &root).unwrap();
        assert_eq!(found, [root.join("a.mof"), root.join("d/b.mof")]);
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn exclude_globs_match_names_anywhere_and_paths_from_the_root() {
        let root = PathBuf::from("/p");
        let exclude = Exclude::new(root.clone(), &["vendor", "gen/*.mof", "out/", "./old/x.mof"]).unwrap();
        let excluded = |path: &str| exclude.matches(&root.join(path));
        assert!(excluded("vendor") && excluded("a/b/vendor"));
        assert!(!excluded("vendors") && !excluded("a/vendor.mof"));
        assert!(excluded("gen/a.mof") && !excluded("gen/sub/a.mof") && !excluded("a/gen/a.mof"));
        assert!(excluded("out") && excluded("a/out"));
        assert!(excluded("old/x.mof") && !excluded("a/old/x.mof"));
        // Outside the root, only patterns without `/` can match.
        assert!(exclude.matches(Path::new("/q/vendor")) && !exclude.matches(Path::new("/q/gen/a.mof")));
        assert!(Exclude::default().matches(Path::new("/x/node_modules")));
        assert_eq!(Exclude::new(root, &["a", "[b"]).unwrap_err().0, 1);
    }

    #[test]
    fn class_files_by_name_in_any_case_below_search_folders_only() {
        let root = std::env::temp_dir().join(format!("mofc-classes-{}", std::process::id()));
        std::fs::create_dir_all(root.join("schema/Core")).unwrap();
        std::fs::create_dir_all(root.join("here/deep")).unwrap();
        std::fs::write(root.join("schema/Core/CIM_Thing.mof"), "").unwrap();
        std::fs::write(root.join("schema/CIM_Thing.mof"), "").unwrap();
        std::fs::write(root.join("schema/MSFT_Res.schema.mof"), "").unwrap();
        std::fs::write(root.join("here/deep/Local.mof"), "").unwrap();
        let folders = [(root.join("here"), false), (root.join("schema"), true)];
        let files = ClassFiles::default();
        assert_eq!(
            files.candidates(&DiskWorld, &folders, "cim_thing"),
            [
                root.join("schema/CIM_Thing.mof"),
                root.join("schema/Core/CIM_Thing.mof")
            ]
        );
        assert_eq!(
            files.candidates(&DiskWorld, &folders, "MSFT_Res"),
            [root.join("schema/MSFT_Res.schema.mof")]
        );
        // `here` is searched without its subfolders.
        assert_eq!(files.candidates(&DiskWorld, &folders, "Local"), Vec::<PathBuf>::new());
        std::fs::remove_dir_all(root).unwrap();
    }
}
