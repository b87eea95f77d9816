//! Where file contents come from. The command line reads the disk; the language server serves
//! the editor's unsaved buffers first. Every stage reads files only through this trait.

use std::io;
use std::path::{Component, Path, PathBuf};

pub trait World: Sync {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Whether a file exists (an open, unsaved buffer counts).
    fn is_file(&self, path: &Path) -> bool;

    /// The entries of a folder, each with whether it is a folder itself.
    fn list(&self, dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
        std::fs::read_dir(dir)?
            .map(|entry| {
                let entry = entry?;
                let is_dir = entry.file_type()?.is_dir() || entry.path().is_dir();
                Ok((entry.path(), is_dir))
            })
            .collect()
    }

    /// The path under which a file is known, so that one file reached by two routes
    /// (`a/../b.mof` and `b.mof`) is read once. The path is made absolute and normalised
    /// lexically, without asking the file system: a schema includes thousands of files, and
    /// resolving each through `realpath` would cost more than parsing it.
    fn canonical(&self, path: &Path) -> PathBuf {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path))
        };
        let mut normal = PathBuf::new();
        for part in absolute.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    normal.pop();
                }
                other => normal.push(other),
            }
        }
        normal
    }
}

/// The file system, as is.
#[derive(Debug, Default, Clone, Copy)]
pub struct DiskWorld;

impl World for DiskWorld {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}
