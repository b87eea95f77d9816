//! A compilation that is loaded sees what the repository already holds, so that a class loaded
//! yesterday is a valid superclass today. The repository's classes appear to the compiler as a
//! folder of `<ClassName>.mof` files (found the way any missing class is, by `sema::complete`),
//! and its qualifier declarations as one more file of the compilation. Nothing is copied to disk.

use std::io;
use std::path::{Path, PathBuf};

use crate::repo::Store;
use crate::source::World;
use crate::syntax::ast::Item;
use crate::syntax::unit::Unit;

pub struct RepoWorld<'a> {
    disk: &'a dyn World,
    store: &'a Store,
    namespace: String,
    /// The folder the classes appear in. Under the repository's own folder, so that
    /// diagnostics pointing into a stored class say where it comes from.
    folder: PathBuf,
}

impl<'a> RepoWorld<'a> {
    pub fn new(disk: &'a dyn World, store: &'a Store, namespace: &str, repo: &Path) -> RepoWorld<'a> {
        let folder = disk.canonical(&repo.join("classes").join(namespace));
        RepoWorld {
            disk,
            store,
            namespace: namespace.to_string(),
            folder,
        }
    }

    /// The folder to put on the search path.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Whether a file of a compilation is one of the repository's own.
    pub fn holds(&self, path: &Path) -> bool {
        path.starts_with(&self.folder)
    }

    /// The stored class a path of the virtual folder stands for.
    fn class_text(&self, path: &Path) -> Option<&'a str> {
        if path.parent()? != self.folder {
            return None;
        }
        let name = path.file_stem()?.to_str()?;
        self.store.class(&self.namespace, name).map(|c| c.text.as_str())
    }

    /// Adds to `unit` the stored qualifier declarations it does not declare itself (its own
    /// declarations replace the stored ones, as a later load would).
    pub fn add_qualifiers(&self, unit: &mut Unit) {
        let declared: Vec<String> = unit
            .items()
            .filter_map(|(_, item)| match item {
                Item::Qualifier(q) => Some(q.name.text.to_ascii_lowercase()),
                _ => None,
            })
            .collect();
        let text: String = self
            .store
            .qualifiers_in(&self.namespace)
            .filter(|(name, _)| !declared.iter().any(|d| d == name))
            .map(|(_, text)| text)
            .collect();
        if !text.is_empty() {
            unit.add_text(self.folder.join("qualifiers.mof"), text);
        }
    }
}

impl World for RepoWorld<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.class_text(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None if self.holds(path) => Err(io::Error::new(io::ErrorKind::NotFound, "not in the repository")),
            None => self.disk.read(path),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        self.class_text(path).is_some() || (!self.holds(path) && self.disk.is_file(path))
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
        if dir == self.folder {
            return Ok(self
                .store
                .classes_in(&self.namespace)
                .map(|c| (self.folder.join(format!("{}.mof", c.name)), false))
                .collect());
        }
        self.disk.list(dir)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        self.disk.canonical(path)
    }
}
