//! Where file contents come from. The command line reads the disk; the language server serves
//! the editor's unsaved buffers first. Every stage reads files only through this trait.

use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

pub trait World: Sync {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Whether a file exists (an open, unsaved buffer counts).
    fn is_file(&self, path: &Path) -> bool;

    /// The files and folders in a folder, each with whether it is a folder. Symbolic links count
    /// as what they lead to; anything else (a FIFO, a socket, a device) is left out.
    fn list(&self, dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let mut kind = entry.file_type()?;
            if kind.is_symlink() {
                // A dangling link leads nowhere.
                let Ok(target) = std::fs::metadata(entry.path()) else {
                    continue;
                };
                kind = target.file_type();
            }
            if kind.is_dir() || kind.is_file() {
                found.push((entry.path(), kind.is_dir()));
            }
        }
        Ok(found)
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

/// Reads a regular file whole. Anything else there (a folder, a FIFO, a device such as
/// `/dev/zero`, which an include of `../../dev/zero` may reach) is refused without being read,
/// since reading it could block or never end: the error says so and [`nothing_there`] holds.
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO blocks until someone writes to it, unless asked not to.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    // A file too large for memory is an error to report, not an abort (as `std::fs::read`).
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(metadata.len()).unwrap_or(usize::MAX))
        .map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether a read failed because no file is there: nothing at all, or something that is not a
/// regular file (see [`read_regular`]).
pub fn nothing_there(error: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(error.kind(), NotFound | IsADirectory | NotADirectory | InvalidInput)
}

/// The file system, as is.
#[derive(Debug, Default, Clone, Copy)]
pub struct DiskWorld;

impl World for DiskWorld {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_regular(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
}
