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
//! versioned: a newer or older repository is refused, never misread.
//!
//! What redb does not give, this module adds: every record carries a checksum (`record`), and
//! every call into redb is shielded from the panics a damaged page can cause (`shield`), so
//! damage is reported as [`RepoError::Damaged`], naming the records, and never read as data.
//! The commands that only look open the file read-only, which never writes a byte of it.

mod record;
mod shield;
mod store;

pub use record::{Damage, Kind};
pub use store::{Key, Store, StoredClass, StoredInstance};

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use redb::{
    Database, DatabaseError, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition,
};

use shield::shield;

/// The version of the record layout below. Bump it whenever a table or record changes.
/// 1: records as `&str` tuples, without checksums. 2: records as bytes with a CRC-32 each.
pub const FORMAT: u64 = 2;

const FILE_NAME: &str = "repository.redb";

/// "format" → the format version; from format 2 on, "format-check" → its [`format_check`], so
/// that a damaged version number is not taken for a newer or older format. The table's layout
/// never changes, so that every version can be told.
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// The check stored beside a format version.
fn format_check(format: u64) -> u64 {
    u64::from(crc32fast::hash(&format.to_le_bytes()))
}

/// The kinds of record, each in its own table, in the order they are read.
const KINDS: [Kind; 4] = [Kind::Namespace, Kind::Qualifier, Kind::Class, Kind::Instance];

/// The table of a kind of record; keys and values as `record` encodes them.
fn table(kind: Kind) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(table_name(kind))
}

fn table_name(kind: Kind) -> &'static str {
    match kind {
        // Lower-case namespace path → [the path as first written].
        Kind::Namespace => "namespaces",
        // (namespace, lower-case name) → [declaration text].
        Kind::Qualifier => "qualifiers",
        // (namespace, lower-case name) → [name, superclass or "", declaration text].
        Kind::Class => "classes",
        // (namespace, path key) → [class, path, declaration text].
        Kind::Instance => "instances",
    }
}

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
    /// Written by an older mofc, in a layout this one no longer reads.
    Older {
        path: PathBuf,
        found: u64,
    },
    /// Not a repository at all.
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    /// A repository with records (or storage) that fail their checks; never empty.
    Damaged(Vec<Damage>),
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
            RepoError::Older { path, found } => write!(
                f,
                "the repository `{}` has format {found} of an older mofc, which this one (format {FORMAT}) \
                 no longer reads; export it with that mofc and load the export into a new repository",
                path.display()
            ),
            RepoError::Corrupt { path, detail } => {
                write!(
                    f,
                    "the repository `{}` is damaged or not a repository: {detail}",
                    path.display()
                )
            }
            RepoError::Damaged(damage) => {
                // A damaged page can hold hundreds of records; `repo check` lists them all.
                const SHOWN: usize = 10;
                let list: Vec<String> = damage.iter().take(SHOWN).map(Damage::to_string).collect();
                write!(f, "repository damaged: {}", list.join(", "))?;
                if damage.len() > SHOWN {
                    write!(f, " and {} more (`mofc repo check` lists them)", damage.len() - SHOWN)?;
                }
                f.write_str("; restore from an export")
            }
            RepoError::Io { path, error } => write!(f, "cannot use the repository `{}`: {error}", path.display()),
        }
    }
}

impl std::error::Error for RepoError {}

/// The redb handle: writable for the commands that change the repository, read-only (which
/// never writes a byte of the file) for those that only look.
enum Handle {
    Writable(Database),
    ReadOnly(ReadOnlyDatabase),
}

/// An open repository. Holds the file lock until dropped.
pub struct Repository {
    /// Always `Some` until dropped; taken by `drop`, which closes it shielded.
    handle: Option<Handle>,
    path: PathBuf,
}

impl Repository {
    /// Opens the repository in `dir` for reading and writing, creating it (with `root` and
    /// `namespace`) if `create` is set and there is none. Creation is itself atomic: the file is
    /// built under a temporary name and renamed into place.
    pub fn open(dir: &Path, create: bool, namespace: &str) -> Result<Repository, RepoError> {
        let path = dir.join(FILE_NAME);
        remove_leftovers(dir);
        if !path.exists() {
            if !create {
                return Err(RepoError::Missing(dir.to_path_buf()));
            }
            Self::create(dir, &path, namespace)?;
        }
        // A writer verifies every page first (and rebuilds redb's allocation state from them):
        // a damaged page must not be trusted to say which pages are free for the commit.
        let opened = shield(|| Database::builder().set_check_integrity_on_open(true).open(&path))
            .map_err(|panic| unreadable(&panic))?
            .map_err(|e| database_error(&path, e));
        match opened {
            Ok(db) => Self::checked(Handle::Writable(db), path),
            Err(RepoError::Damaged(storage)) => Err(RepoError::Damaged(named(&path, storage))),
            Err(other) => Err(other),
        }
    }

    /// Opens the repository in `dir` for reading only: the file's bytes are left as they are.
    /// A file that a killed writer left is first recovered, as the next writer would.
    pub fn open_read_only(dir: &Path) -> Result<Repository, RepoError> {
        let path = dir.join(FILE_NAME);
        remove_leftovers(dir);
        if !path.exists() {
            return Err(RepoError::Missing(dir.to_path_buf()));
        }
        let db = match read_only(&path)? {
            // A killed writer left the file to be recovered, which redb does only when writing.
            Err(DatabaseError::RepairAborted) => {
                drop(Self::open(dir, false, "")?);
                read_only(&path)?
            }
            opened => opened,
        };
        let db = db.map_err(|e| database_error(&path, e))?;
        Self::checked(Handle::ReadOnly(db), path)
    }

    fn checked(handle: Handle, path: PathBuf) -> Result<Repository, RepoError> {
        let repo = Repository {
            handle: Some(handle),
            path,
        };
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
            handle: Some(Handle::Writable(db)),
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

    fn begin_read(&self) -> Result<ReadTransaction, RepoError> {
        let begun = shield(|| match &self.handle {
            Some(Handle::Writable(db)) => db.begin_read(),
            Some(Handle::ReadOnly(db)) => db.begin_read(),
            None => unreachable!("a repository has its handle until dropped"),
        });
        begun
            .map_err(|panic| unreadable(&panic))?
            .map_err(|e| unreadable(&e.to_string()))
    }

    fn check_format(&self) -> Result<(), RepoError> {
        let corrupt = |detail: String| RepoError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let txn = self.begin_read()?;
        let read = shield(|| -> Result<(Option<u64>, Option<u64>), redb::Error> {
            let meta = txn.open_table(META)?;
            let value = |key| meta.get(key).map(|v| v.map(|v| v.value()));
            Ok((value("format")?, value("format-check")?))
        });
        let (found, check) = read
            .map_err(|panic| unreadable(&panic))?
            .map_err(|e| corrupt(e.to_string()))?;
        let found = found.ok_or_else(|| corrupt("it has no format version".into()))?;
        // Format 1 had no check; every later format has one.
        let intact = match check {
            Some(check) => check == format_check(found),
            None => found == 1,
        };
        let path = self.path.clone();
        match found {
            _ if !intact => Err(RepoError::Damaged(vec![Damage::Storage("its format version".into())])),
            FORMAT => Ok(()),
            found if found > FORMAT => Err(RepoError::Newer { path, found }),
            found => Err(RepoError::Older { path, found }),
        }
    }

    /// Everything the repository holds; any damage is an error.
    pub fn read(&self) -> Result<Store, RepoError> {
        let (store, damage) = self.salvage()?;
        if damage.is_empty() {
            Ok(store)
        } else {
            Err(RepoError::Damaged(damage))
        }
    }

    /// Every record that is intact, and what is damaged. Each record's checksum is verified; a
    /// table that redb cannot read to its end gives what it read before.
    pub fn salvage(&self) -> Result<(Store, Vec<Damage>), RepoError> {
        let txn = self.begin_read()?;
        let mut store = Store::default();
        let mut damage = Vec::new();
        for kind in KINDS {
            // Each record is verified and taken as it is read; what was taken before redb fails
            // (or panics) on a damaged page stays.
            let mut records = 0;
            let scanned = shield(|| -> Result<(), redb::Error> {
                for entry in txn.open_table(table(kind))?.iter()? {
                    let (key, value) = entry?;
                    records += 1;
                    match record::open(kind, key.value(), value.value()) {
                        Ok((namespace, name, fields)) => insert(&mut store, kind, namespace, name, fields),
                        Err(record) => damage.push(record),
                    }
                }
                Ok(())
            });
            let failure = match scanned {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e.to_string()),
                Err(panic) => Some(panic),
            };
            if let Some(failure) = failure {
                damage.push(Damage::Storage(format!(
                    "the {} table cannot be read after {records} records ({failure})",
                    table_name(kind),
                )));
            }
        }
        let _ = shield(|| drop(txn));
        store.clear_changes();
        Ok((store, damage))
    }

    /// What `salvage` verifies, and then redb's own checksum of every page of the file.
    /// redb's check repairs the file it checks, so it runs on a private copy, and the
    /// repository's bytes are left as they are.
    pub fn check(&self) -> Result<(Store, Vec<Damage>), RepoError> {
        let (store, mut damage) = self.salvage()?;
        // A name of its own (two checks in one process, or a file planted at a guessable name in
        // the shared folder, are never written over), created here and nowhere else.
        static COPIES: AtomicUsize = AtomicUsize::new(0);
        let copy = std::env::temp_dir().join(format!(
            "mofc-check-{}-{}.redb",
            std::process::id(),
            COPIES.fetch_add(1, Ordering::Relaxed)
        ));
        let copied = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&copy)
            .and_then(|mut to| std::io::copy(&mut std::fs::File::open(&self.path)?, &mut to));
        if let Err(error) = copied {
            let _ = std::fs::remove_file(&copy);
            return Err(RepoError::Io {
                path: self.path.clone(),
                error,
            });
        }
        let verified = shield(|| -> Result<bool, DatabaseError> { Database::open(&copy)?.check_integrity() });
        let _ = std::fs::remove_file(&copy);
        let problem = match verified {
            Ok(Ok(true)) => None,
            Ok(Ok(false)) => Some("redb repaired what it found".to_string()),
            Ok(Err(e)) => Some(e.to_string()),
            Err(panic) => Some(panic),
        };
        if let Some(problem) = problem {
            damage.push(Damage::Storage(format!(
                "the file's pages fail redb's checksums ({problem})"
            )));
        }
        Ok((store, damage))
    }

    /// Writes what `store` changed since it was read, in one transaction.
    pub fn commit(&self, store: &Store) -> Result<(), RepoError> {
        self.write(store, false)
    }

    /// Writes the changed records of `store` (or all of them, for a new repository) and the
    /// format version, atomically.
    fn write(&self, store: &Store, all: bool) -> Result<(), RepoError> {
        let Some(Handle::Writable(db)) = &self.handle else {
            return Err(RepoError::Io {
                path: self.path.clone(),
                error: std::io::Error::new(std::io::ErrorKind::ReadOnlyFilesystem, "it was opened read-only"),
            });
        };
        let write = || -> Result<(), redb::Error> {
            let txn = db.begin_write()?;
            {
                let mut meta = txn.open_table(META)?;
                meta.insert("format", FORMAT)?;
                meta.insert("format-check", format_check(FORMAT))?;
                let mut tables = [
                    txn.open_table(table(Kind::Namespace))?,
                    txn.open_table(table(Kind::Qualifier))?,
                    txn.open_table(table(Kind::Class))?,
                    txn.open_table(table(Kind::Instance))?,
                ];
                let keys: Vec<Key> = if all { store.keys() } else { store.changes() };
                for key in keys {
                    let (kind, key, fields) = record_of(store, &key);
                    let table = &mut tables[kind as usize];
                    match fields {
                        Some(fields) => {
                            let value = record::seal(kind, &key, &fields);
                            table.insert(key.as_slice(), value.as_slice())?;
                        }
                        None => {
                            table.remove(key.as_slice())?;
                        }
                    }
                }
            }
            txn.commit()?;
            Ok(())
        };
        let failed = |detail: String| RepoError::Corrupt {
            path: self.path.clone(),
            detail: format!("writing failed: {detail}"),
        };
        shield(write).map_err(failed)?.map_err(|e| failed(e.to_string()))
    }
}

impl Drop for Repository {
    /// Closing a damaged file may panic inside redb too; there is nothing left to report then.
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            let _ = shield(|| drop(handle));
        }
    }
}

/// A record read back into the store.
fn insert(store: &mut Store, kind: Kind, namespace: String, name: String, fields: Vec<String>) {
    let mut fields = fields.into_iter();
    let mut field = || fields.next().unwrap_or_default();
    match kind {
        Kind::Namespace => drop(store.namespaces.insert(namespace, field())),
        Kind::Qualifier => drop(store.qualifiers.insert((namespace, name), field())),
        Kind::Class => {
            let (class, superclass, text) = (field(), field(), field());
            let superclass = (!superclass.is_empty()).then_some(superclass);
            store
                .classes
                .insert((namespace, name), StoredClass::new(class, superclass, text));
        }
        Kind::Instance => {
            let (class, path, text) = (field(), field(), field());
            store
                .instances
                .insert((namespace, name), StoredInstance { class, path, text });
        }
    }
}

/// A record to write: its kind, its key, and its fields (`None`: the record is deleted).
fn record_of<'s>(store: &'s Store, key: &Key) -> (Kind, Vec<u8>, Option<Vec<&'s str>>) {
    match key {
        Key::Namespace(ns) => (
            Kind::Namespace,
            ns.as_bytes().to_vec(),
            store.namespaces.get(ns).map(|path| vec![path.as_str()]),
        ),
        Key::Qualifier(ns, name) => (
            Kind::Qualifier,
            record::key(ns, name),
            store
                .qualifiers
                .get(&(ns.clone(), name.clone()))
                .map(|text| vec![text.as_str()]),
        ),
        Key::Class(ns, name) => (
            Kind::Class,
            record::key(ns, name),
            store.classes.get(&(ns.clone(), name.clone())).map(|c| {
                let superclass = c.superclass.as_deref().unwrap_or("");
                vec![c.name.as_str(), superclass, c.text.as_str()]
            }),
        ),
        Key::Instance(ns, path) => (
            Kind::Instance,
            record::key(ns, path),
            store
                .instances
                .get(&(ns.clone(), path.clone()))
                .map(|i| vec![i.class.as_str(), i.path.as_str(), i.text.as_str()]),
        ),
    }
}

/// Opens a file read-only, shielded.
fn read_only(path: &Path) -> Result<Result<ReadOnlyDatabase, DatabaseError>, RepoError> {
    shield(|| ReadOnlyDatabase::open(path)).map_err(|panic| unreadable(&panic))
}

/// The damaged records a reader finds in a file whose pages failed redb's check, named before
/// that damage: which class is lost says more than which page.
fn named(path: &Path, storage: Vec<Damage>) -> Vec<Damage> {
    let reader = read_only(path).ok().and_then(Result::ok).map(|db| Repository {
        handle: Some(Handle::ReadOnly(db)),
        path: path.to_path_buf(),
    });
    let salvaged = reader.and_then(|repo| repo.check_format().and_then(|()| repo.salvage()).ok());
    let records = salvaged.map(|(_, damage)| damage).unwrap_or_default();
    let records = records.into_iter().filter(|d| matches!(d, Damage::Record { .. }));
    records.chain(storage).collect()
}

/// Damage that stops redb from reading the file at all.
fn unreadable(detail: &str) -> RepoError {
    RepoError::Damaged(vec![Damage::Storage(format!("the file cannot be read ({detail})"))])
}

/// Removes `repository.redb.<pid>.new` files that a creation killed before its rename left.
/// A creation in progress holds its file open in redb, which on Linux takes the whole-file
/// `flock` that `File::try_lock` asks for, so a file that can be locked is a leftover. (Where
/// redb takes only range locks, a creation racing another command's open could lose its file;
/// it then fails with an I/O error, and nothing is damaged.)
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = format!("{FILE_NAME}.{}.new", std::process::id());
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let temporary = name
            .strip_prefix(FILE_NAME)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| rest.strip_suffix(".new"))
            .is_some_and(|pid| pid.parse::<u32>().is_ok());
        if !temporary || name == own {
            continue;
        }
        let unused = std::fs::File::open(entry.path()).is_ok_and(|file| file.try_lock().is_ok());
        if unused {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn database_error(path: &Path, error: DatabaseError) -> RepoError {
    match error {
        DatabaseError::DatabaseAlreadyOpen => RepoError::Locked(path.to_path_buf()),
        DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => RepoError::Damaged(vec![Damage::Storage(
            format!("the file's pages fail redb's checksums ({detail})"),
        )]),
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

    /// Opens a new repository whose format version has been set to `format`, with `check`
    /// (none: the format-1 layout, which had none).
    fn open_with_format(format: u64, check: Option<u64>) -> Result<Repository, RepoError> {
        static TRIES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let try_number = TRIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mofc-format-{}-{try_number}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        drop(Repository::open(&dir, true, "root/cimv2").unwrap());
        {
            let db = Database::open(dir.join(FILE_NAME)).unwrap();
            let txn = db.begin_write().unwrap();
            let mut meta = txn.open_table(META).unwrap();
            meta.insert("format", format).unwrap();
            match check {
                Some(check) => meta.insert("format-check", check).map(drop).unwrap(),
                None => meta.remove("format-check").map(drop).unwrap(),
            }
            drop(meta);
            txn.commit().unwrap();
        }
        let opened = Repository::open(&dir, true, "root/cimv2");
        std::fs::remove_dir_all(&dir).unwrap();
        opened
    }

    #[test]
    fn a_newer_format_is_refused() {
        match open_with_format(FORMAT + 1, Some(format_check(FORMAT + 1))) {
            Err(RepoError::Newer { found, .. }) => assert_eq!(found, FORMAT + 1),
            other => panic!("expected a refusal, got {:?}", other.map(|r| r.path().to_path_buf())),
        }
    }

    /// Format 1 kept records without checksums, as `&str` that redb itself decodes: it is
    /// refused with what to do, not read.
    #[test]
    fn an_older_format_is_refused() {
        match open_with_format(1, None) {
            Err(e @ RepoError::Older { found: 1, .. }) => {
                assert!(e.to_string().contains("has format 1 of an older mofc"), "{e}")
            }
            other => panic!("expected a refusal, got {:?}", other.map(|r| r.path().to_path_buf())),
        }
    }

    /// A version number changed by damage is not taken for another format.
    #[test]
    fn a_damaged_format_version_is_damage() {
        for (format, check) in [
            (FORMAT ^ 0x100, Some(format_check(FORMAT))),
            (FORMAT, None),
            (1, Some(7)),
        ] {
            match open_with_format(format, check) {
                Err(e @ RepoError::Damaged(_)) => {
                    assert_eq!(
                        e.to_string(),
                        "repository damaged: its format version; restore from an export"
                    )
                }
                other => panic!(
                    "{format}: expected damage, got {:?}",
                    other.map(|r| r.path().to_path_buf())
                ),
            }
        }
    }

    #[test]
    fn many_damaged_records_are_counted_past_ten() {
        let class = |i| Damage::Record {
            kind: Kind::Class,
            namespace: "root/cimv2".into(),
            name: format!("C{i}"),
        };
        let message = RepoError::Damaged((0..12).map(class).collect()).to_string();
        assert!(message.starts_with("repository damaged: class C0 in root/cimv2, class C1 in root/cimv2,"));
        assert!(
            message
                .ends_with("class C9 in root/cimv2 and 2 more (`mofc repo check` lists them); restore from an export")
        );
    }
}
