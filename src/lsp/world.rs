//! The files the language server compiles: the editor's open buffers first, then the disk.
//!
//! Disk contents are kept in memory once read. A workspace such as the CIM Schema has 1,634
//! files, and reading (or even `stat`ing) them all after every keystroke would cost more than
//! the 20 ms the server has to answer an edit; instead, what the disk holds is forgotten when the
//! client says a file changed (`didSave`, `didClose`, `workspace/didChangeWatchedFiles`).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::source::{World, read_regular};

/// An open document: the editor's text, which wins over the disk.
#[derive(Debug, Clone)]
pub struct Buffer {
    pub text: String,
    pub version: i32,
}

/// What reading a file from disk gave: its bytes, or the kind of error.
type Read = Result<Arc<[u8]>, io::ErrorKind>;

/// Open buffers over a cache of the disk. Paths are canonical (see [`World::canonical`]).
#[derive(Default)]
pub struct Overlay {
    buffers: HashMap<PathBuf, Buffer>,
    /// File contents read from disk, or the error reading gave (kept too: an include searched
    /// along the path asks again after every edit).
    disk: RwLock<HashMap<PathBuf, Read>>,
    /// Whether a path is a file on disk.
    exists: RwLock<HashMap<PathBuf, bool>>,
}

impl Overlay {
    pub fn buffer(&self, path: &Path) -> Option<&Buffer> {
        self.buffers.get(path)
    }

    pub fn open_paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.buffers.keys()
    }

    pub fn open(&mut self, path: PathBuf, buffer: Buffer) {
        self.buffers.insert(path, buffer);
    }

    pub fn buffer_mut(&mut self, path: &Path) -> Option<&mut Buffer> {
        self.buffers.get_mut(path)
    }

    /// Closes a buffer: the file is what the disk holds again, read afresh.
    pub fn close(&mut self, path: &Path) {
        self.buffers.remove(path);
        self.forget(path);
    }

    /// Forgets what the disk held at `path` (it was saved, created, changed or deleted).
    pub fn forget(&self, path: &Path) {
        write(&self.disk).remove(path);
        write(&self.exists).remove(path);
    }

    /// Forgets whether files exist anywhere: a file was created or deleted, so an include that
    /// was missing may be found now, and the reverse.
    pub fn forget_existence(&self) {
        write(&self.exists).clear();
    }

    /// Whether the (canonical) path is a file on disk, whether or not it is open.
    pub fn on_disk(&self, path: &Path) -> bool {
        if let Some(&known) = read(&self.exists).get(path) {
            return known;
        }
        let exists = path.is_file();
        write(&self.exists).insert(path.to_path_buf(), exists);
        exists
    }
}

impl World for Overlay {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let path = self.canonical(path);
        if let Some(buffer) = self.buffers.get(&path) {
            return Ok(buffer.text.as_bytes().to_vec());
        }
        let cached = read(&self.disk).get(&path).cloned();
        let contents = match cached {
            Some(contents) => contents,
            None => {
                let contents = read_regular(&path).map(Arc::from).map_err(|e| e.kind());
                write(&self.disk).insert(path, contents.clone());
                contents
            }
        };
        contents.map(|bytes| bytes.to_vec()).map_err(io::Error::from)
    }

    fn is_file(&self, path: &Path) -> bool {
        let path = self.canonical(path);
        self.buffers.contains_key(&path) || self.on_disk(&path)
    }
}

/// A lock whose holder panicked still guards plain data that is whole: use it.
fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_win_over_the_disk_which_is_read_once() {
        let dir = std::env::temp_dir().join(format!("mofc-overlay-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.mof");
        std::fs::write(&file, "disk").unwrap();
        let mut world = Overlay::default();
        assert_eq!(world.read(&file).unwrap(), b"disk");
        std::fs::write(&file, "changed").unwrap();
        // Until the client says so, the disk is what was read.
        assert_eq!(world.read(&file).unwrap(), b"disk");
        world.forget(&file);
        assert_eq!(world.read(&file).unwrap(), b"changed");
        world.open(
            file.clone(),
            Buffer {
                text: "buffer".into(),
                version: 1,
            },
        );
        assert_eq!(world.read(&file).unwrap(), b"buffer");
        let unsaved = dir.join("new.mof");
        assert!(!world.is_file(&unsaved));
        world.open(
            unsaved.clone(),
            Buffer {
                text: String::new(),
                version: 1,
            },
        );
        assert!(world.is_file(&unsaved));
        world.close(&file);
        assert_eq!(world.read(&file).unwrap(), b"changed");
        assert_eq!(
            world.read(&dir.join("none.mof")).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
