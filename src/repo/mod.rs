//! The persistent CIM repository: namespaces, qualifier declarations, classes and instances of
//! every load, in one redb database file (`DIR/repository.redb`).
//!
//! Objects are stored as canonical MOF text (`syntax::print`), the language they were written
//! in, so a record is readable, and reading one back is parsing it. The whole repository is read
//! into a [`Store`] when it is opened: loads compare and walk the class tree in memory, and a
//! load writes only the records it changed, in one transaction ([`Repository::commit`]).
//!
//! redb gives the guarantees `loader-semantics.md` asks for: a commit is atomic and durable, so a
//! process killed at any moment leaves the file as it was before or after the load, and the file
//! is locked while open, so a second process is refused instead of corrupting it. The format is
//! versioned: a newer or unreadable repository is refused, never misread.

mod store;

pub use store::{Key, Store, StoredClass, StoredInstance};

use std::fmt;
use std::path::{Path, PathBuf};

use redb::{Database, DatabaseError, ReadableDatabase, ReadableTable, TableDefinition};

/// The version of the record layout below. Bump it whenever a table or record changes.
pub const FORMAT: u64 = 1;

const FILE_NAME: &str = "repository.redb";

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Lower-case namespace path → the path as first written.
const NAMESPACES: TableDefinition<&str, &str> = TableDefinition::new("namespaces");
/// (namespace, lower-case name) → declaration text.
const QUALIFIERS: TableDefinition<(&str, &str), &str> = TableDefinition::new("qualifiers");
/// (namespace, lower-case name) → (name, superclass or "", declaration text).
const CLASSES: TableDefinition<(&str, &str), (&str, &str, &str)> = TableDefinition::new("classes");
/// (namespace, path key) → (class, path, declaration text).
const INSTANCES: TableDefinition<(&str, &str), (&str, &str, &str)> = TableDefinition::new("instances");

/// Why a repository cannot be used. Each is a reason for exit status 2.
#[derive(Debug)]
pub enum RepoError {
    /// No repository in the folder (and none was to be created).
    Missing(PathBuf),
    /// Another process has it open.
    Locked(PathBuf),
    /// Written by a newer mofc.
    Newer {
        path: PathBuf,
        found: u64,
    },
    /// Not a repository, or damaged.
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for RepoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RepoError::Missing(p) => write!(f, "there is no repository in `{}`", p.display()),
            RepoError::Locked(p) => write!(f, "the repository `{}` is in use by another process", p.display()),
            RepoError::Newer { path, found } => write!(
                f,
                "the repository `{}` has format {found}, newer than this mofc understands ({FORMAT})",
                path.display()
            ),
            RepoError::Corrupt { path, detail } => {
                write!(
                    f,
                    "the repository `{}` is damaged or not a repository: {detail}",
                    path.display()
                )
            }
            RepoError::Io { path, error } => write!(f, "cannot use the repository `{}`: {error}", path.display()),
        }
    }
}

impl std::error::Error for RepoError {}

/// An open repository. Holds the file lock until dropped.
pub struct Repository {
    db: Database,
    path: PathBuf,
}

impl Repository {
    /// Opens the repository in `dir`, creating it (with `root` and `namespace`) if `create` is
    /// set and there is none. Creation is itself atomic: the file is built under a temporary
    /// name and renamed into place.
    pub fn open(dir: &Path, create: bool, namespace: &str) -> Result<Repository, RepoError> {
        let path = dir.join(FILE_NAME);
        if !path.exists() {
            if !create {
                return Err(RepoError::Missing(dir.to_path_buf()));
            }
            Self::create(dir, &path, namespace)?;
        }
        let db = Database::open(&path).map_err(|e| database_error(&path, e))?;
        let repo = Repository { db, path };
        repo.check_format()?;
        Ok(repo)
    }

    fn create(dir: &Path, path: &Path, namespace: &str) -> Result<(), RepoError> {
        let io = |error| RepoError::Io {
            path: dir.to_path_buf(),
            error,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(io(std::io::Error::other("it is a file, and a repository is a folder")));
        }
        std::fs::create_dir_all(dir).map_err(io)?;
        let temporary = dir.join(format!("{FILE_NAME}.{}.new", std::process::id()));
        let db = Database::create(&temporary).map_err(|e| database_error(&temporary, e))?;
        let store = Store::fresh(namespace);
        let repo = Repository {
            db,
            path: temporary.clone(),
        };
        repo.write(&store, true)?;
        drop(repo);
        std::fs::rename(&temporary, path).map_err(io)
    }

    /// Whether `dir` holds a repository.
    pub fn exists(dir: &Path) -> bool {
        dir.join(FILE_NAME).is_file()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_format(&self) -> Result<(), RepoError> {
        let corrupt = |detail: String| RepoError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let txn = self.db.begin_read().map_err(|e| corrupt(e.to_string()))?;
        let meta = txn.open_table(META).map_err(|e| corrupt(e.to_string()))?;
        let found = meta
            .get("format")
            .map_err(|e| corrupt(e.to_string()))?
            .map(|v| v.value())
            .ok_or_else(|| corrupt("it has no format version".into()))?;
        match found {
            FORMAT => Ok(()),
            found if found > FORMAT => Err(RepoError::Newer {
                path: self.path.clone(),
                found,
            }),
            found => Err(corrupt(format!("unknown format version {found}"))),
        }
    }

    /// Everything the repository holds.
    pub fn read(&self) -> Result<Store, RepoError> {
        let corrupt = |detail: String| RepoError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let read = || -> Result<Store, redb::Error> {
            let txn = self.db.begin_read()?;
            let mut store = Store::default();
            for entry in txn.open_table(NAMESPACES)?.iter()? {
                let (key, value) = entry?;
                store
                    .namespaces
                    .insert(key.value().to_string(), value.value().to_string());
            }
            for entry in txn.open_table(QUALIFIERS)?.iter()? {
                let (key, value) = entry?;
                let (ns, name) = key.value();
                store
                    .qualifiers
                    .insert((ns.to_string(), name.to_string()), value.value().to_string());
            }
            for entry in txn.open_table(CLASSES)?.iter()? {
                let (key, value) = entry?;
                let (ns, lower) = key.value();
                let (name, superclass, text) = value.value();
                store.classes.insert(
                    (ns.to_string(), lower.to_string()),
                    StoredClass::new(
                        name.to_string(),
                        (!superclass.is_empty()).then(|| superclass.to_string()),
                        text.to_string(),
                    ),
                );
            }
            for entry in txn.open_table(INSTANCES)?.iter()? {
                let (key, value) = entry?;
                let (ns, path_key) = key.value();
                let (class, path, text) = value.value();
                store.instances.insert(
                    (ns.to_string(), path_key.to_string()),
                    StoredInstance {
                        class: class.to_string(),
                        path: path.to_string(),
                        text: text.to_string(),
                    },
                );
            }
            Ok(store)
        };
        let mut store = read().map_err(|e| corrupt(e.to_string()))?;
        store.clear_changes();
        Ok(store)
    }

    /// Writes what `store` changed since it was read, in one transaction.
    pub fn commit(&self, store: &Store) -> Result<(), RepoError> {
        self.write(store, false)
    }

    /// Writes the changed records of `store` (or all of them, for a new repository) and the
    /// format version, atomically.
    fn write(&self, store: &Store, all: bool) -> Result<(), RepoError> {
        let write = || -> Result<(), redb::Error> {
            let txn = self.db.begin_write()?;
            {
                txn.open_table(META)?.insert("format", FORMAT)?;
                let mut namespaces = txn.open_table(NAMESPACES)?;
                let mut qualifiers = txn.open_table(QUALIFIERS)?;
                let mut classes = txn.open_table(CLASSES)?;
                let mut instances = txn.open_table(INSTANCES)?;
                let keys: Vec<Key> = if all { store.keys() } else { store.changes() };
                for key in keys {
                    match &key {
                        Key::Namespace(ns) => match store.namespaces.get(ns) {
                            Some(name) => namespaces.insert(ns.as_str(), name.as_str()).map(drop)?,
                            None => namespaces.remove(ns.as_str()).map(drop)?,
                        },
                        Key::Qualifier(ns, name) => {
                            let k = (ns.as_str(), name.as_str());
                            match store.qualifiers.get(&(ns.clone(), name.clone())) {
                                Some(text) => qualifiers.insert(k, text.as_str()).map(drop)?,
                                None => qualifiers.remove(k).map(drop)?,
                            }
                        }
                        Key::Class(ns, name) => {
                            let k = (ns.as_str(), name.as_str());
                            match store.classes.get(&(ns.clone(), name.clone())) {
                                Some(c) => {
                                    let superclass = c.superclass.as_deref().unwrap_or("");
                                    classes
                                        .insert(k, (c.name.as_str(), superclass, c.text.as_str()))
                                        .map(drop)?
                                }
                                None => classes.remove(k).map(drop)?,
                            }
                        }
                        Key::Instance(ns, path) => {
                            let k = (ns.as_str(), path.as_str());
                            match store.instances.get(&(ns.clone(), path.clone())) {
                                Some(i) => instances
                                    .insert(k, (i.class.as_str(), i.path.as_str(), i.text.as_str()))
                                    .map(drop)?,
                                None => instances.remove(k).map(drop)?,
                            }
                        }
                    }
                }
            }
            txn.commit()?;
            Ok(())
        };
        write().map_err(|e| RepoError::Corrupt {
            path: self.path.clone(),
            detail: format!("writing failed: {e}"),
        })
    }
}

fn database_error(path: &Path, error: DatabaseError) -> RepoError {
    match error {
        DatabaseError::DatabaseAlreadyOpen => RepoError::Locked(path.to_path_buf()),
        // redb reports a file that is not a database as invalid data.
        DatabaseError::Storage(redb::StorageError::Io(error)) if error.kind() != std::io::ErrorKind::InvalidData => {
            RepoError::Io {
                path: path.to_path_buf(),
                error,
            }
        }
        other => RepoError::Corrupt {
            path: path.to_path_buf(),
            detail: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_format_is_refused() {
        let dir = std::env::temp_dir().join(format!("mofc-format-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        drop(Repository::open(&dir, true, "root/cimv2").unwrap());
        {
            let db = Database::open(dir.join(FILE_NAME)).unwrap();
            let txn = db.begin_write().unwrap();
            txn.open_table(META).unwrap().insert("format", FORMAT + 1).unwrap();
            txn.commit().unwrap();
        }
        match Repository::open(&dir, true, "root/cimv2") {
            Err(RepoError::Newer { found, .. }) => assert_eq!(found, FORMAT + 1),
            other => panic!("expected a refusal, got {:?}", other.map(|r| r.path().to_path_buf())),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
