//! Source text as a terminal may show it. A control character in a file (an ESC sequence in a
//! string, a stray NUL) would act on the terminal instead of being seen; as rustc does, each is
//! shown as a visible stand-in of one column: ASCII controls as their Unicode Control Picture
//! (`␛` for ESC), C1 controls and the bidirectional overrides (which reorder what is shown, the
//! "Trojan Source" characters) as `�`. Tabs and line ends stay: codespan lays them out. In a
//! file a lone `\r` is a line end (`source/files.rs`); in a message it would move the cursor
//! back over what was written, so there it is shown as `␍`.
//!
//! Stand-ins are longer in UTF-8 than the characters they replace, so byte offsets into a file
//! are mapped into its visible text; columns do not move, as each stand-in is one column wide.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use crate::source::{FileId, Sources};

/// Whether a lone `\r` is a line end (in a file's text) or a character to show (in a message).
#[derive(Clone, Copy, PartialEq, Eq)]
enum LoneCr {
    LineEnd,
    Shown,
}

/// The longest line (in bytes as shown) that an excerpt shows. codespan shows the whole line of
/// each label, so a file of one long line with an error every few bytes would print the line
/// once per error: output quadratic in the file (a 128 KB line, 8,000 errors: 1.8 GB).
const LONGEST_LINE_SHOWN: usize = 1024;

/// The stand-in for a character that must not reach a terminal as it is. `next` is the character
/// after it: a `\r` before `\n` is half of a CRLF line end, which codespan drops, as it drops the
/// `\r` ending a line of a file.
fn stand_in(c: char, next: Option<char>, lone_cr: LoneCr) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        '\r' if lone_cr == LoneCr::LineEnd || next.is_none_or(|n| n == '\n') => None,
        '\0'..='\x1F' => char::from_u32(0x2400 + c as u32),
        '\x7F' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some('\u{FFFD}'),
        _ => None,
    }
}

/// `text` with every character that `stand_in` names replaced (borrowed when there is none), and
/// for each replacement, the offset just after it in `text` and the bytes added up to there.
fn replace(text: &str, lone_cr: LoneCr) -> (Cow<'_, str>, Vec<(usize, usize)>) {
    let mut chars = text.char_indices().peekable();
    let mut out = String::new();
    let mut copied = 0;
    let mut shifts = Vec::new();
    while let Some((at, c)) = chars.next() {
        let Some(visible) = stand_in(c, chars.peek().map(|&(_, n)| n), lone_cr) else {
            continue;
        };
        out.push_str(&text[copied..at]);
        out.push(visible);
        copied = at + c.len_utf8();
        let added = shifts.last().map_or(0, |&(_, added)| added) + visible.len_utf8() - c.len_utf8();
        shifts.push((copied, added));
    }
    if shifts.is_empty() {
        return (Cow::Borrowed(text), shifts);
    }
    out.push_str(&text[copied..]);
    (Cow::Owned(out), shifts)
}

/// A message or file name with control characters made visible (tabs and line ends kept).
pub fn visible(text: &str) -> Cow<'_, str> {
    replace(text, LoneCr::Shown).0
}

/// One file as shown: its visible text, and how its offsets move.
struct Shown<'a> {
    name: Cow<'a, str>,
    text: Cow<'a, str>,
    /// See `replace`; empty when the text is the file's own.
    shifts: Vec<(usize, usize)>,
    /// Where lines start in `text`.
    line_starts: Vec<usize>,
}

impl Shown<'_> {
    /// The offset in the visible text of an offset in the file.
    fn offset(&self, offset: usize) -> usize {
        let before = self.shifts.partition_point(|&(after, _)| after <= offset);
        offset + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

/// The files that diagnostics point into, as codespan-reporting reads them.
pub struct Excerpts<'a> {
    shown: HashMap<FileId, Shown<'a>>,
}

impl<'a> Excerpts<'a> {
    /// The visible form of each of `files` (the files that labels point into).
    pub fn new(sources: &'a Sources, files: impl IntoIterator<Item = FileId>) -> Excerpts<'a> {
        let mut shown = HashMap::new();
        for id in files {
            shown.entry(id).or_insert_with(|| {
                let file = sources.get(id);
                let (text, shifts) = replace(&file.text, LoneCr::LineEnd);
                let mut shown = Shown {
                    name: visible(&file.name),
                    text,
                    shifts,
                    line_starts: Vec::new(),
                };
                // Stand-ins are never line ends, so the file's lines map one to one.
                shown.line_starts = file.line_starts().iter().map(|&s| shown.offset(s as usize)).collect();
                shown
            });
        }
        Excerpts { shown }
    }

    /// A byte range of a file as a range of its visible text.
    pub fn range(&self, file: FileId, range: Range<usize>) -> Range<usize> {
        let shown = &self.shown[&file];
        shown.offset(range.start)..shown.offset(range.end)
    }

    /// Whether a byte range of a file touches a line too long to show: of a label that spans
    /// lines, codespan shows the first, three after it and the last two, so each of those counts
    /// (and no more, so that a label over a whole file costs a few lines, not all of them).
    pub fn on_long_line(&self, file: FileId, range: Range<usize>) -> bool {
        let Some(shown) = self.shown.get(&file) else {
            return false;
        };
        let (Ok(first), Ok(last)) = (
            self.line_index(file, shown.offset(range.start)),
            self.line_index(file, shown.offset(range.end)),
        ) else {
            return false;
        };
        let shown_lines = (first..=last.min(first + 3)).chain(last.saturating_sub(1).max(first)..=last);
        shown_lines
            .into_iter()
            .any(|line| self.line_range(file, line).is_ok_and(|r| r.len() > LONGEST_LINE_SHOWN))
    }

    /// The name of `file` if it has no text to show (a file refused as not text).
    pub fn textless(&self, file: FileId) -> Option<&str> {
        self.shown.get(&file).filter(|s| s.text.is_empty()).map(|s| &*s.name)
    }

    fn get(&self, id: FileId) -> Result<&Shown<'a>, Error> {
        self.shown.get(&id).ok_or(Error::FileMissing)
    }
}

impl<'e> Files<'e> for Excerpts<'_> {
    type FileId = FileId;
    type Name = &'e str;
    type Source = &'e str;

    fn name(&'e self, id: FileId) -> Result<&'e str, Error> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'e self, id: FileId) -> Result<&'e str, Error> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'e self, id: FileId, byte_index: usize) -> Result<usize, Error> {
        let starts = &self.get(id)?.line_starts;
        Ok(starts.partition_point(|&s| s <= byte_index).saturating_sub(1))
    }

    fn line_range(&'e self, id: FileId, line_index: usize) -> Result<Range<usize>, Error> {
        let shown = self.get(id)?;
        let start = *shown.line_starts.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: shown.line_starts.len() - 1,
        })?;
        let end = shown
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(shown.text.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_one_visible_character_each() {
        assert_eq!(visible("a\x1b[31m\0b\x7F"), "a␛[31m␀b␡");
        assert_eq!(visible("tab\tand\r\nline ends stay\r"), "tab\tand\r\nline ends stay\r");
        assert_eq!(visible("lone\rcr"), "lone␍cr");
        assert_eq!(visible("c1\u{9B}bidi\u{202E}x"), "c1\u{FFFD}bidi\u{FFFD}x");
        assert!(matches!(visible("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn offsets_move_past_stand_ins_only() {
        let mut sources = Sources::new();
        let text = "ab\x1b\x1bc\nd\u{9B}e\n";
        let id = sources.add(crate::source::SourceFile::new("f".into(), "f".into(), text.into()));
        let excerpts = Excerpts::new(&sources, [id]);
        // "ab␛␛c\nd�e\n": each ESC grows by 2 bytes, the C1 control by 1.
        assert_eq!(excerpts.range(id, 0..2), 0..2);
        assert_eq!(excerpts.range(id, 2..4), 2..8);
        assert_eq!(excerpts.range(id, 4..5), 8..9);
        assert_eq!(excerpts.range(id, 6..10), 10..15);
        assert_eq!(excerpts.line_range(id, 1).unwrap(), 10..16);
        assert_eq!(excerpts.line_index(id, 12).unwrap(), 1);
        assert_eq!(excerpts.source(id).unwrap(), "ab␛␛c\nd\u{FFFD}e\n");
    }

    #[test]
    fn a_lone_cr_in_a_file_ends_a_line() {
        let mut sources = Sources::new();
        let text = "a\rb\x1b\rc";
        let id = sources.add(crate::source::SourceFile::new("f".into(), "f".into(), text.into()));
        let excerpts = Excerpts::new(&sources, [id]);
        assert_eq!(excerpts.source(id).unwrap(), "a\rb␛\rc");
        assert_eq!(excerpts.line_range(id, 1).unwrap(), 2..7);
        assert_eq!(excerpts.line_index(id, 7).unwrap(), 2);
    }

    #[test]
    fn lines_longer_than_shown_are_found_at_either_end() {
        let mut sources = Sources::new();
        let long = "x".repeat(LONGEST_LINE_SHOWN + 1);
        let text = format!("short\n{long}\nshort");
        let id = sources.add(crate::source::SourceFile::new("f".into(), "f".into(), text));
        let excerpts = Excerpts::new(&sources, [id]);
        assert!(!excerpts.on_long_line(id, 0..5));
        assert!(excerpts.on_long_line(id, 6..7));
        assert!(excerpts.on_long_line(id, 0..8));
        assert!(!excerpts.on_long_line(id, LONGEST_LINE_SHOWN + 8..LONGEST_LINE_SHOWN + 10));
    }
}
