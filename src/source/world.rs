//! Where file contents come from. The command line reads the disk; the language server serves
//! the editor's unsaved buffers first. Every stage reads files only through this trait.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::files::current_dir;
use super::search::Memo;

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

    /// The entry of `dir` named `part` in any letter case, as Windows finds it: the exact
    /// spelling if there is one, else the first in sorted order.
    fn in_any_case(&self, dir: &Path, part: &str) -> Option<PathBuf> {
        let listed = self.list(dir).ok()?;
        closest_spelling(
            listed
                .into_iter()
                .map(|(path, _)| path)
                .filter(|path| same_name(path, part)),
            part,
        )
    }

    /// The path under which a file is known, so that one file reached by two routes
    /// (`a/../b.mof` and `b.mof`) is read once. The path is made absolute and normalised
    /// lexically, without asking the file system: a schema includes thousands of files, and
    /// resolving each through `realpath` would cost more than parsing it.
    fn canonical(&self, path: &Path) -> PathBuf {
        let absolute = match current_dir() {
            Some(cwd) if !path.is_absolute() => cwd.join(path),
            _ => path.to_path_buf(),
        };
        if is_normal(&absolute) {
            return absolute;
        }
        normalized(&absolute)
    }

    /// Told that the caller relies on what this world answered to the questions `asked`,
    /// though it does not ask again: a memo shared between the compilations of a run
    /// ([`Memo::learn`]) gives a value learnt earlier, maybe by another compilation, from these
    /// answers. A world that keeps track of what a compilation depends on (the command line's
    /// result cache) takes note; others need not. The same memo gives the same slice each time.
    fn relies_on(&self, _asked: &[Asked]) {}
}

/// A question put to a [`World`], whose answer a result may depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Asked {
    Read(PathBuf),
    IsFile(PathBuf),
    List(PathBuf),
}

/// A world that passes every question on and keeps a list of them: what a memo's value was
/// computed from ([`Memo::learn`]).
pub struct Asking<'a> {
    inner: &'a dyn World,
    asked: Mutex<Vec<Asked>>,
}

impl<'a> Asking<'a> {
    pub fn new(inner: &'a dyn World) -> Asking<'a> {
        Asking {
            inner,
            asked: Mutex::default(),
        }
    }

    /// The questions asked, in order.
    pub fn into_asked(self) -> Vec<Asked> {
        self.asked.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn note(&self, asked: Asked) {
        self.asked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(asked);
    }
}

impl World for Asking<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.note(Asked::Read(path.to_path_buf()));
        self.inner.read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.note(Asked::IsFile(path.to_path_buf()));
        self.inner.is_file(path)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
        self.note(Asked::List(dir.to_path_buf()));
        self.inner.list(dir)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        self.inner.canonical(path)
    }

    fn relies_on(&self, asked: &[Asked]) {
        self.asked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend_from_slice(asked);
        self.inner.relies_on(asked);
    }
}

/// Another world with some files' bytes in place of its own: the file standard input stands
/// for, or the texts `--fix` changed. Such a file is there even where the other world has none.
pub struct Overlaid<'a> {
    inner: &'a dyn World,
    /// Canonical path → the bytes.
    files: HashMap<PathBuf, Cow<'a, [u8]>>,
}

impl<'a> Overlaid<'a> {
    pub fn new(inner: &'a dyn World) -> Overlaid<'a> {
        Overlaid {
            inner,
            files: HashMap::new(),
        }
    }

    /// Puts `bytes` in place of the file at `path`.
    pub fn set(&mut self, path: &Path, bytes: impl Into<Cow<'a, [u8]>>) {
        self.files.insert(self.inner.canonical(path), bytes.into());
    }

    /// The bytes put in place of the file at `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&[u8]> {
        self.files.get(&self.inner.canonical(path)).map(|bytes| &**bytes)
    }
}

impl World for Overlaid<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.get(path) {
            Some(bytes) => Ok(bytes.to_vec()),
            None => self.inner.read(path),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        self.get(path).is_some() || self.inner.is_file(path)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
        self.inner.list(dir)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        self.inner.canonical(path)
    }

    fn relies_on(&self, asked: &[Asked]) {
        self.inner.relies_on(asked);
    }
}

/// `path` without its `.` and `..` components and repeated or trailing separators.
fn normalized(path: &Path) -> PathBuf {
    // Sized once: pushed a component at a time, it grew several times for each file.
    let mut normal = PathBuf::with_capacity(path.as_os_str().len());
    for part in path.components() {
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

/// Whether the absolute `path` is as [`normalized`] makes it, found by looking at its bytes:
/// walking its components took 1,500 instructions a path, for each of a schema's files. Unix
/// only (a Windows path has a prefix and two separators, and is normalized the long way).
fn is_normal(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    cfg!(unix)
        && (bytes == b"/"
            || bytes.first() == Some(&b'/')
                && bytes[1..]
                    .split(|&b| b == b'/')
                    .all(|part| !part.is_empty() && part != b"." && part != b".."))
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
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    let size = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
    if size == 0 {
        // Empty, or a file of the kernel's own (`/proc`) that says it is and is not: read to its
        // end. Through `take`: `File::read_to_end` would ask the size again (`fstat`, `lseek`).
        let mut bytes = Vec::new();
        file.take(u64::MAX).read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    read_sized(file, size)
}

/// Reads `size` bytes (the size `fstat` gave) from `reader`, or fewer if it ends first: one
/// `read` for a whole file, without a last one to see that it ends there (`read_to_end` makes
/// that one, and reads a large file in pieces that start at 8 KB: a schema's 1,634 files took
/// 3,458 reads). A file that grows between `fstat` and the read is read as it was when it was
/// measured, a race we accept (it changed while the compilation read it either way). A read
/// that returns less, or a file shortened meanwhile, is read on until it ends.
fn read_sized(mut reader: impl Read, size: usize) -> io::Result<Vec<u8>> {
    // A file too large for memory is an error to report, not an abort (as `std::fs::read`).
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(size)
        .map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
    bytes.resize(size, 0);
    let mut filled = 0;
    while let Some(rest) = bytes.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        match reader.read(rest) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
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

/// Whether the last component of `path` is `part` in any letter case.
fn same_name(path: &Path, part: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case(part))
}

/// Of the paths whose names are `part` in some letter case, the one spelt exactly so, else the
/// first in sorted order.
fn closest_spelling(matches: impl Iterator<Item = PathBuf>, part: &str) -> Option<PathBuf> {
    let mut matches: Vec<PathBuf> = matches.collect();
    matches.sort();
    let exact = matches
        .iter()
        .position(|path| path.file_name().and_then(|n| n.to_str()) == Some(part));
    matches.into_iter().nth(exact.unwrap_or(0))
}

/// A world whose folders are indexed by name once: what a compilation's include search sees while
/// it loads. Includes that name a file in another letter case are found by listing the folder
/// (as Windows finds them); without this, thousands of such includes in one folder listed it
/// thousands of times. It lives for one load, so that a folder that changes between loads (in an
/// editor) is listed again.
pub struct ListedOnce<'a> {
    inner: &'a dyn World,
    /// For each folder listed: its entries by lower-case name.
    folders: Memo<PathBuf, HashMap<String, Vec<PathBuf>>>,
}

impl<'a> ListedOnce<'a> {
    pub fn new(inner: &'a dyn World) -> ListedOnce<'a> {
        ListedOnce {
            inner,
            folders: Memo::default(),
        }
    }
}

impl World for ListedOnce<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.inner.read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.inner.is_file(path)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<(PathBuf, bool)>> {
        self.inner.list(dir)
    }

    fn in_any_case(&self, dir: &Path, part: &str) -> Option<PathBuf> {
        let index = || {
            let mut by_name: HashMap<String, Vec<PathBuf>> = HashMap::new();
            for (path, _) in self.inner.list(dir).unwrap_or_default() {
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    by_name.entry(name.to_ascii_lowercase()).or_default().push(path);
                }
            }
            by_name
        };
        let lookup = |by_name: &HashMap<String, Vec<PathBuf>>| {
            let matches = by_name.get(&part.to_ascii_lowercase())?;
            closest_spelling(matches.iter().cloned(), part)
        };
        self.folders.with(dir.to_path_buf(), index, lookup)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        self.inner.canonical(path)
    }

    fn relies_on(&self, asked: &[Asked]) {
        self.inner.relies_on(asked);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte of a file is read, whatever its size: empty, one byte, and larger than any
    /// buffer a read goes through (the first read is asked for the whole size).
    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = std::env::temp_dir().join(format!("mofc-read-whole-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let large: Vec<u8> = (0..300_001u32).map(|i| (i % 251) as u8).collect();
        for (name, bytes) in [("empty.mof", &b""[..]), ("one.mof", b"x"), ("large.mof", &large)] {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(read_regular(&path).unwrap(), bytes, "{name}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A reader that gives at most `chunk` bytes per read, as a read may.
    struct Chunked<'a> {
        bytes: &'a [u8],
        chunk: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.chunk.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Short reads are read on to the size measured; a file shorter than measured (shortened
    /// after `fstat`) gives what it holds; one longer gives the size measured.
    #[test]
    fn a_sized_read_reads_on_after_short_reads_and_stops_at_the_end_or_the_size() {
        let text = b"class A { string Name; };";
        let chunked = |chunk| Chunked { bytes: text, chunk };
        assert_eq!(read_sized(chunked(3), text.len()).unwrap(), text);
        assert_eq!(read_sized(chunked(4), text.len() + 10).unwrap(), text);
        assert_eq!(read_sized(chunked(100), 5).unwrap(), b"class");
    }

    /// A path with nothing to normalize is taken as it is, and one with something is
    /// normalized: the two ways agree.
    #[test]
    fn a_normal_path_is_recognised_by_its_bytes() {
        let normal = [
            "/",
            "/a",
            "/work/shared/corpus/DMTF/Core/CIM_ManagedElement.mof",
            "/a/.b/..c/b.",
            "/é/ü",
        ];
        let not_normal = [
            "/a/", "/a//b", "//a", "/a/./b", "/a/../b", "/a/.", "/a/..", "/.", "a/b", "",
        ];
        for path in normal {
            assert_eq!(is_normal(Path::new(path)), cfg!(unix), "{path}");
            assert_eq!(normalized(Path::new(path)), Path::new(path), "{path}");
        }
        for path in not_normal {
            assert!(!is_normal(Path::new(path)), "{path}");
        }
        if cfg!(unix) {
            assert_eq!(DiskWorld.canonical(Path::new("/a//b/./c/../d/")), Path::new("/a/b/d"));
            assert_eq!(DiskWorld.canonical(Path::new("/a/b/d")), Path::new("/a/b/d"));
        }
    }

    /// A file put in place is read by any path that leads to it, and is there though the disk
    /// has no such file; every other question goes to the world below.
    #[test]
    fn an_overlaid_file_stands_in_for_the_file_at_its_path() {
        let dir = std::env::temp_dir().join(format!("mofc-overlaid-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("disk.mof"), "on disk").unwrap();
        let mut world = Overlaid::new(&DiskWorld);
        world.set(&dir.join("new.mof"), b"in memory".to_vec());
        let other_route = dir.join("sub").join("..").join("new.mof");
        assert_eq!(world.read(&other_route).unwrap(), b"in memory");
        assert_eq!(world.get(&other_route), Some(&b"in memory"[..]));
        assert!(world.is_file(&dir.join("new.mof")));
        assert_eq!(world.read(&dir.join("disk.mof")).unwrap(), b"on disk");
        assert!(world.read(&dir.join("missing.mof")).is_err());
        assert!(!world.is_file(&dir.join("missing.mof")));
        assert_eq!(world.get(&dir.join("disk.mof")), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
