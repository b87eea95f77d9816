//! The set of source files of a run, addressed by [`FileId`], with line/column lookup.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::Encoding;

/// A file's index in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file. Files are limited to 4 GiB, so `u32` offsets suffice and keep the
/// syntax tree small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One decoded file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it was read from (canonical where possible), used to resolve relative includes.
    pub path: PathBuf,
    /// The name diagnostics show: the path as the user gave it, or as it was found.
    pub name: String,
    pub text: String,
    /// How the file was stored (its byte order mark): what DSC's schema checks ask of a file.
    /// UTF-8 for a text that was not read from bytes (an editor's buffer, a generated file).
    pub encoding: Encoding,
    line_starts: OnceLock<Vec<u32>>,
    /// The number of characters before each block of [`BLOCK`] bytes, for columns.
    chars_before_blocks: OnceLock<Vec<u32>>,
}

/// The bytes of a block of [`SourceFile::chars_before_blocks`]: a column is counted over at
/// most two blocks, however long its line (a file of one line with 200,000 diagnostics counted
/// its characters from the line's start for each, in time the square of the line's length).
const BLOCK: usize = 4096;

/// The characters that start in `bytes` (UTF-8 that may be cut anywhere): the bytes that are no
/// continuation byte, as `str::chars().count()` counts them.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Whether the byte at `i` ends a line: a `\n`, or a `\r` not followed by one (old Mac files).
/// The one rule of line breaks, for the command line's positions and the language server's.
pub fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

impl SourceFile {
    pub fn new(path: PathBuf, name: String, text: String) -> SourceFile {
        SourceFile {
            path,
            name,
            text,
            encoding: Encoding::Utf8,
            line_starts: OnceLock::new(),
            chars_before_blocks: OnceLock::new(),
        }
    }

    /// The same file, read from bytes stored in `encoding`.
    pub fn with_encoding(mut self, encoding: Encoding) -> SourceFile {
        self.encoding = encoding;
        self
    }

    /// Byte offsets at which lines start; computed when first asked for, since most files of a
    /// clean run never need it. Lines end as [`ends_line`] says, as the language server counts
    /// them too (`lsp/position.rs`), so both give one place one line.
    pub fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let ends = (0..bytes.len()).filter(|&i| ends_line(bytes, i));
            std::iter::once(0).chain(ends.map(|i| i as u32 + 1)).collect()
        })
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&(offset as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line and column of a byte offset; columns count Unicode scalar values.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts()[line] as usize;
        let column = match self.text.is_char_boundary(offset) {
            // Most lines are short: their own bytes are fewer than a block's.
            true if offset - start <= BLOCK => chars_in(&self.text.as_bytes()[start..offset]),
            true => self.chars_before(offset) - self.chars_before(start),
            false => offset - start,
        };
        (line + 1, column + 1)
    }

    /// The number of characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let blocks = self.chars_before_blocks.get_or_init(|| {
            let mut before = 0;
            let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
            for block in bytes.chunks(BLOCK) {
                blocks.push(before as u32);
                before += chars_in(block);
            }
            // For the offset at the end of a text whose last block is full.
            blocks.push(before as u32);
            blocks
        });
        let block = offset / BLOCK;
        blocks[block] as usize + chars_in(&bytes[block * BLOCK..offset])
    }
}

/// The current folder, asked of the system once per process (mofc never changes it): a
/// schema's includes are relative paths, and naming and normalising each of 1,634 files asked
/// for it three times (a system call apiece).
pub(super) fn current_dir() -> Option<&'static Path> {
    static CURRENT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    CURRENT.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// The name under which diagnostics show the file at `path` (as given or found) whose
/// canonical path is `canonical`: relative to the current folder when it is below it, else as
/// given. One file thus has one name in a run, whether it was named on the command line
/// (`./a.mof`, `a.mof`) or reached by an include (`/home/me/proj/a.mof`).
pub fn display_name(path: &Path, canonical: &Path) -> String {
    let below = current_dir()
        .and_then(|cwd| canonical.strip_prefix(cwd).ok())
        .filter(|relative| !relative.as_os_str().is_empty());
    let shown = below.unwrap_or(path);
    // `display` formats a character at a time; a UTF-8 name (every name, nearly) is copied.
    shown
        .to_str()
        .map_or_else(|| shown.display().to_string(), str::to_string)
}

/// All files read in a run. Ids are stable for the life of the value.
///
/// Files are shared: the language server's next load of a compilation takes each file that did
/// not change from the last one as it is, rather than copying the CIM Schema's 5 MB of text.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.add_shared(Arc::new(file))
    }

    /// Adds a file that another set of sources holds too.
    pub fn add_shared(&mut self, file: Arc<SourceFile>) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// Puts a file's final contents in the place reserved for it (a file gets its id before it is
    /// read when its includes must be numbered after it).
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id.0 as usize] = Arc::new(file);
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Puts a shared file in the place of file `id`.
    pub fn replace_shared(&mut self, id: FileId, file: Arc<SourceFile>) {
        self.files[id.0 as usize] = file;
    }

    /// The file, to share with another set of sources.
    pub fn shared(&self, id: FileId) -> &Arc<SourceFile> {
        &self.files[id.0 as usize]
    }

    /// Drops the text of every file for which `keep` is false, once nothing but the report
    /// needs them: a run of many compilations that each read a large schema file would
    /// otherwise hold a copy of it for each. A file shared with another holder (the run's parse
    /// cache, other compilations) is left as it is: its text is kept once for all of them, and
    /// a copy without it would cost each compilation a path and a name.
    pub fn release_texts(&mut self, keep: impl Fn(FileId) -> bool) {
        for (i, file) in self.files.iter_mut().enumerate() {
            if !keep(FileId(i as u32)) && Arc::strong_count(file) == 1 {
                *file = Arc::new(SourceFile::new(file.path.clone(), file.name.clone(), String::new()));
            }
        }
    }

    /// Gives a file another name to show.
    pub fn rename(&mut self, id: FileId, name: String) {
        Arc::make_mut(&mut self.files[id.0 as usize]).name = name;
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(|i| FileId(i as u32))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), &**f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_below_the_current_folder_is_named_relative_to_it() {
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("x/a.mof");
        assert_eq!(
            display_name(Path::new("./x/a.mof"), &inside),
            Path::new("x/a.mof").display().to_string()
        );
        assert_eq!(
            display_name(&inside, &inside),
            Path::new("x/a.mof").display().to_string()
        );
        let outside = Path::new("/elsewhere-mofc/../elsewhere/b.mof");
        let canonical = Path::new("/elsewhere/b.mof");
        assert_eq!(display_name(outside, canonical), outside.display().to_string());
    }

    /// Texts are released where nothing else holds the file: a file shared with another holder
    /// keeps its text (held once for all), one kept for the report keeps it too.
    #[test]
    fn texts_are_released_only_where_nothing_else_holds_them() {
        let file = |name: &str| SourceFile::new(PathBuf::from(name), name.into(), format!("class {name} {{ }};"));
        let elsewhere = Arc::new(file("shared"));
        let mut sources = Sources::new();
        let own = sources.add(file("own"));
        let shown = sources.add(file("shown"));
        let shared = sources.add_shared(elsewhere.clone());
        sources.release_texts(|id| id == shown);
        assert_eq!(sources.get(own).text, "");
        assert_eq!(sources.get(own).name, "own");
        assert_eq!(sources.get(shown).text, "class shown { };");
        assert!(Arc::ptr_eq(sources.shared(shared), &elsewhere));
    }

    #[test]
    fn columns_count_characters_across_blocks() {
        // Lines longer than a block and shorter, of one-, two- and four-byte characters.
        let mut text = String::new();
        for (i, piece) in ["a", "é", "🙂", "bc"].iter().cycle().take(12_000).enumerate() {
            text.push_str(piece);
            if i % 5_000 == 4_999 {
                text.push_str(if i % 2 == 0 { "\n" } else { "\r\n" });
            }
        }
        assert!(text.lines().map(str::len).max().unwrap() > 2 * BLOCK);
        let file = SourceFile::new(PathBuf::new(), String::new(), text.clone());
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let (line, column) = file.line_column(offset);
            let start = file.line_starts()[line - 1] as usize;
            assert_eq!(column, text[start..offset].chars().count() + 1, "{offset}");
        }
    }

    #[test]
    fn line_and_column_count_scalar_values() {
        let file = SourceFile::new("a.mof".into(), "a.mof".into(), "ab\näöx\n\nz".into());
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(2), (1, 3));
        assert_eq!(file.line_column(3), (2, 1));
        // "x" follows two 2-byte characters.
        assert_eq!(file.line_column(7), (2, 3));
        assert_eq!(file.line_column(9), (3, 1));
        assert_eq!(file.line_column(10), (4, 1));
        assert_eq!(file.line_column(99), (4, 2));
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_crlf_and_lf_do() {
        let file = SourceFile::new("a.mof".into(), "a.mof".into(), "a\rbc\r\nd\ne\r".into());
        assert_eq!(file.line_starts(), [0, 2, 6, 8, 10]);
        assert_eq!(file.line_column(1), (1, 2));
        assert_eq!(file.line_column(3), (2, 2));
        // The `\r` of a CRLF ends no line of its own.
        assert_eq!(file.line_column(5), (2, 4));
        assert_eq!(file.line_column(6), (3, 1));
        assert_eq!(file.line_column(8), (4, 1));
        assert_eq!(file.line_column(10), (5, 1));
    }
}
