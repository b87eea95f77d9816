//! Classes a compilation uses but does not define are looked for as `<ClassName>.mof` or
//! `<ClassName>.schema.mof`, as pywbem does: in the folder of the file that names them (and, for
//! a localized `.mfl` file, the folder above, where DSC keeps the schema it amends), then below
//! each search folder. Files found are added to the unit, and what they use in turn is looked
//! for too. Failing that, a class that is not built in is looked for among the declarations of
//! the other MOF files in the same folder (OMI keeps a schema and its instances side by side).
//! Names that no file provides are left to the built-in classes, or reported.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

use crate::source::decode;
use crate::source::{ClassFiles, FileId, Memo, SearchPath, World};
use crate::syntax::ast::{ClassDecl, Feature, Item, Qualifier, Type, ValueKind};
use crate::syntax::unit::{Unit, declared_class_names};

use super::builtin::builtins;
use super::model::NoCase;

/// Adds to `unit` the files of the classes it uses but does not define: for one compilation
/// (a run of several shares a [`ClassFinder`]).
pub fn complete(unit: &mut Unit, world: &dyn World, search: &SearchPath) {
    ClassFinder::default().complete(unit, world, search);
}

/// Where the classes that compilations lack are looked for, with what it has learnt of each
/// folder (its class files, the classes its MOF files declare), so that the compilations of a
/// run look into each folder once: a folder of DSC resources is hundreds of compilations
/// searching the same folders.
#[derive(Default)]
pub struct ClassFinder {
    files: ClassFiles,
    /// For each folder: lower-case class name → the file that declares it.
    declared: Memo<PathBuf, HashMap<String, PathBuf>>,
}

impl ClassFinder {
    /// Adds to `unit` the files of the classes it uses but does not define.
    pub fn complete(&self, unit: &mut Unit, world: &dyn World, search: &SearchPath) {
        let builtin: HashSet<NoCase> = builtins().classes().map(|c| NoCase(&c.name.text)).collect();
        let mut tried: HashSet<String> = HashSet::new();
        loop {
            let missing = missing_classes(unit, &tried);
            if missing.is_empty() {
                return;
            }
            let mut added = false;
            for (name, file) in missing {
                tried.insert(name.to_ascii_lowercase());
                let mut folders: Vec<(PathBuf, bool)> = Vec::new();
                let path = unit.sources.get(file).path.clone();
                let dir = path.parent().map(Path::to_path_buf);
                if let Some(dir) = &dir {
                    folders.push((dir.clone(), true));
                    if is_localized(&path)
                        && let Some(parent) = dir.parent()
                    {
                        folders.push((parent.to_path_buf(), false));
                    }
                }
                folders.extend(search.dirs.iter().map(|d| (d.clone(), true)));
                let found = self.files.find(world, &folders, &name).or_else(|| {
                    let dir = dir.as_ref().filter(|_| !builtin.contains(&NoCase(&name)))?;
                    let key = name.to_ascii_lowercase();
                    self.declared.with(
                        dir.clone(),
                        || declarations(world, dir),
                        |declared| declared.get(&key).cloned(),
                    )
                });
                if let Some(found) = found {
                    added |= unit.add_entry(world, &found, search).is_ok();
                }
            }
            if !added {
                return;
            }
        }
    }
}

/// The classes declared by the MOF files of a folder (not below it): lower-case name → file.
fn declarations(world: &dyn World, dir: &Path) -> HashMap<String, PathBuf> {
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
        let Some(text) = world.read(&path).ok().and_then(|bytes| decode(bytes).ok()) else {
            continue;
        };
        for name in declared_class_names(&text) {
            declared
                .entry(name.to_ascii_lowercase())
                .or_insert_with(|| path.clone());
        }
    }
    declared
}

fn is_localized(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("mfl"))
}

/// The classes the unit names but does not declare, each with the first file that names it.
/// Run on every compilation, so names are compared without allocating.
fn missing_classes(unit: &Unit, tried: &HashSet<String>) -> Vec<(String, FileId)> {
    let declared: FxHashSet<NoCase> = unit
        .classes()
        .filter(|(_, c)| !c.qualifiers.iter().any(|q| q.name.is("Amendment")))
        .map(|(_, c)| NoCase(&c.name.text))
        .collect();
    let mut missing = Vec::new();
    let mut seen: FxHashSet<NoCase> = FxHashSet::default();
    for (file, item) in unit.items() {
        let mut need = |name| {
            if !declared.contains(&NoCase(name))
                && seen.insert(NoCase(name))
                && !tried.contains(&name.to_ascii_lowercase())
            {
                missing.push((name.to_string(), file));
            }
        };
        match item {
            Item::Class(class) => used_by_class(class, &mut need),
            Item::Instance(instance) => need(&instance.class.text),
            _ => {}
        }
    }
    missing
}

/// Calls `f` with each class name a class declaration uses.
fn used_by_class<'u>(class: &'u ClassDecl, f: &mut impl FnMut(&'u str)) {
    if let Some(superclass) = &class.superclass {
        f(&superclass.text);
    }
    // An amendment names the class it amends.
    if class.qualifiers.iter().any(|q| q.name.is("Amendment")) {
        f(&class.name.text);
    }
    let mut typed = |ty: &'u Type, qualifiers: &'u [Qualifier]| {
        if let Type::Ref(name) | Type::Class(name) = ty {
            f(&name.text);
        }
        for q in qualifiers.iter().filter(|q| q.name.is("EmbeddedInstance")) {
            if let Some(ValueKind::String(name)) = q.value.as_ref().map(|v| &v.kind) {
                f(name);
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
            finder.complete(&mut unit, &world, &search);
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
