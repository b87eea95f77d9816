//! Positions as the client counts them. The compiler works in byte offsets; the protocol in
//! lines and columns of UTF-16 code units unless client and server agree on UTF-8
//! (`positionEncoding`, LSP 3.17).
//!
//! Lines end at `\r\n`, `\n` or a lone `\r`, as the protocol says, and a line's characters are
//! those before its line break: no position is ever past its line's end. Each conversion is a
//! few binary searches in an index built once per text (line starts, and the characters whose
//! UTF-16 length differs from their UTF-8 length), never a scan of the text.

use std::collections::HashMap;

use lsp_types::{ClientCapabilities, Location, Position, PositionEncodingKind, Range};

use super::uri;
use crate::sema::model::Origin;
use crate::source::{FileId, Sources, Span, ends_line};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 if the client offers it (no conversion needed), else UTF-16, which every client
    /// must support.
    pub fn negotiate(capabilities: &ClientCapabilities) -> Encoding {
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref())
            .unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// One text's lines, to convert between byte offsets and client positions.
pub struct Lines<'t> {
    text: &'t str,
    /// The byte offset where each line starts.
    starts: Vec<u32>,
    /// With UTF-16 positions, each character outside ASCII: its byte offset, and by how many
    /// units its UTF-8 form is longer than its UTF-16 form, added up over it and every such
    /// character before it.
    wide: Vec<(u32, u32)>,
    encoding: Encoding,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Lines<'t> {
        // One pass over the bytes (this runs on every edit of a document of megabytes): a
        // character outside ASCII starts with a byte of 0xC0 or more; two bytes make one UTF-16
        // unit, three make one, four make two.
        let bytes = text.as_bytes();
        let utf16 = encoding == Encoding::Utf16;
        let mut starts = vec![0];
        let mut wide = Vec::new();
        let mut surplus = 0;
        for (i, &byte) in bytes.iter().enumerate() {
            if ends_line(bytes, i) {
                starts.push(i as u32 + 1);
            } else if utf16 && byte >= 0xC0 {
                surplus += if byte >= 0xE0 { 2 } else { 1 };
                wide.push((i as u32, surplus));
            }
        }
        Lines {
            text,
            starts,
            wide,
            encoding,
        }
    }

    /// The client position of a byte offset (clamped to the text, moved back to the start of
    /// the character it falls in, and to the end of its line if it falls in a line break).
    pub fn position(&self, offset: u32) -> Position {
        let offset = self.char_start((offset as usize).min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let offset = offset.min(self.line_end(line));
        Position {
            line: line as u32,
            character: self.column(self.starts[line], offset),
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte offset of a client position. A line past the end means the end of the text; a
    /// column past the end of its line, the end of the line (as the protocol asks); a column
    /// inside a character, the character's start.
    pub fn offset(&self, position: Position) -> u32 {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len() as u32;
        };
        let end = self.line_end(position.line as usize);
        let column = position.character;
        let offset = match self.encoding {
            Encoding::Utf8 => start.saturating_add(column),
            Encoding::Utf16 => {
                // The last wide character of the line that starts before the column.
                let first = self.wide.partition_point(|&(at, _)| at < start);
                let in_line = &self.wide[first..self.wide.partition_point(|&(at, _)| at < end)];
                let before = in_line.partition_point(|&(at, _)| self.column(start, at) < column);
                match before.checked_sub(1).map(|i| in_line[i]) {
                    None => start.saturating_add(column),
                    Some((at, _)) => {
                        let c = self.text[at as usize..].chars().next().unwrap_or_default();
                        let past = column - self.column(start, at);
                        if past < c.len_utf16() as u32 {
                            at
                        } else {
                            (at + c.len_utf8() as u32).saturating_add(past - c.len_utf16() as u32)
                        }
                    }
                }
            }
        };
        self.char_start(offset.min(end) as usize)
    }

    /// The offset where a line's characters end, before its line break.
    fn line_end(&self, line: usize) -> u32 {
        match self.starts.get(line + 1) {
            Some(&next) if next >= 2 && &self.text.as_bytes()[next as usize - 2..next as usize] == b"\r\n" => next - 2,
            Some(&next) => next - 1,
            None => self.text.len() as u32,
        }
    }

    /// The column of `offset` in the line starting at `start`, in the client's units.
    fn column(&self, start: u32, offset: u32) -> u32 {
        let bytes = offset - start;
        match self.encoding {
            Encoding::Utf8 => bytes,
            Encoding::Utf16 => bytes - (self.surplus_before(offset) - self.surplus_before(start)),
        }
    }

    /// How many more UTF-8 bytes than UTF-16 units the text before `offset` has.
    fn surplus_before(&self, offset: u32) -> u32 {
        match self.wide.partition_point(|&(at, _)| at < offset) {
            0 => 0,
            n => self.wide[n - 1].1,
        }
    }

    /// The start of the character `offset` falls in.
    fn char_start(&self, mut offset: usize) -> u32 {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset as u32
    }
}

/// Client positions of offsets taken in increasing order, found by walking the text once:
/// a request that converts every token of a file (semantic tokens) stays linear in the text,
/// where [`Lines`] costs a few binary searches per conversion.
pub struct Walk<'t> {
    bytes: &'t [u8],
    encoding: Encoding,
    offset: usize,
    at: Position,
}

impl<'t> Walk<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Walk<'t> {
        Walk {
            bytes: text.as_bytes(),
            encoding,
            offset: 0,
            at: Position::default(),
        }
    }

    /// The position of `offset` (a character boundary, clamped to the text). An offset before
    /// the last one asked for is taken as that one: the walk never goes back.
    pub fn to(&mut self, offset: u32) -> Position {
        let target = (offset as usize).min(self.bytes.len());
        while self.offset < target {
            let byte = self.bytes[self.offset];
            if ends_line(self.bytes, self.offset) {
                self.at = Position::new(self.at.line + 1, 0);
            } else if byte != b'\r' {
                // The `\r` of `\r\n` is part of the line break, not of the line.
                self.at.character += match self.encoding {
                    Encoding::Utf8 => 1,
                    // A UTF-16 unit per character, two for one of four bytes; continuation
                    // bytes (0x80..0xC0) count nothing.
                    Encoding::Utf16 if byte >= 0xF0 => 2,
                    Encoding::Utf16 => u32::from(!(0x80..0xC0).contains(&byte)),
                };
            }
            self.offset += 1;
        }
        self.at
    }
}

/// Places in the files of a compilation as the client names them, each file indexed once.
pub struct Places<'s> {
    sources: &'s Sources,
    encoding: Encoding,
    lines: HashMap<FileId, Lines<'s>>,
}

impl<'s> Places<'s> {
    pub fn new(sources: &'s Sources, encoding: Encoding) -> Places<'s> {
        Places {
            sources,
            encoding,
            lines: HashMap::new(),
        }
    }

    /// The client range of `span` in `file`.
    pub fn range(&mut self, file: FileId, span: Span) -> Range {
        let text = &self.sources.get(file).text;
        let encoding = self.encoding;
        self.lines
            .entry(file)
            .or_insert_with(|| Lines::new(text, encoding))
            .range(span)
    }

    /// The client location of `span` in `file` (none for a file without a path a URI can name).
    pub fn at(&mut self, file: FileId, span: Span) -> Option<Location> {
        let uri = uri::from_path(&self.sources.get(file).path)?;
        Some(Location::new(uri, self.range(file, span)))
    }

    /// The client location of `span` in what `origin` names (none for a built-in).
    pub fn location(&mut self, origin: Origin, span: Span) -> Option<Location> {
        self.at(origin.file()?, span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_counts_code_units_and_utf8_bytes() {
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 UTF-16 units.
        let text = "ab\r\n\"é𝄞\" x;\nlast";
        let utf16 = Lines::new(text, Encoding::Utf16);
        let utf8 = Lines::new(text, Encoding::Utf8);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(utf16.position(x), position(1, 6));
        assert_eq!(utf8.position(x), position(1, 9));
        assert_eq!(utf16.offset(position(1, 6)), x);
        assert_eq!(utf8.offset(position(1, 9)), x);
        assert_eq!(utf16.position(0), position(0, 0));
        assert_eq!(utf16.position(text.len() as u32), position(2, 4));
        // An offset inside a character is taken back to its start.
        let clef = text.find('𝄞').unwrap() as u32;
        assert_eq!(utf16.position(clef + 2), position(1, 2));
        assert_eq!(utf8.offset(position(1, 5)), clef);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\r\nc\n";
        let lines = Lines::new(text, Encoding::Utf16);
        // Past the end of line 0 is before its `\r\n`.
        assert_eq!(lines.offset(position(0, 99)), 2);
        assert_eq!(lines.offset(position(1, 99)), 5);
        assert_eq!(lines.offset(position(2, 0)), 6);
        assert_eq!(lines.offset(position(9, 0)), 6);
        assert_eq!(lines.range(Span::new(4, 5)), Range::new(position(1, 0), position(1, 1)));
        assert_eq!(lines.position(99), position(2, 0));
    }

    #[test]
    fn a_lone_cr_breaks_lines_and_no_column_is_past_its_line() {
        let text = "a\rbc\r\nd\n\re";
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let lines = Lines::new(text, encoding);
            let at: Vec<Position> = (0..=text.len() as u32).map(|o| lines.position(o)).collect();
            let expected = [
                position(0, 0),
                position(0, 1),
                position(1, 0),
                position(1, 1),
                position(1, 2),
                // Between `\r` and `\n`: the end of the line.
                position(1, 2),
                position(2, 0),
                position(2, 1),
                position(3, 0),
                position(4, 0),
                position(4, 1),
            ];
            assert_eq!(at, expected);
            assert_eq!(lines.offset(position(0, 5)), 1);
            assert_eq!(lines.offset(position(1, 9)), 4);
            assert_eq!(lines.offset(position(3, 0)), 8);
            assert_eq!(lines.offset(position(3, 1)), 8);
            assert_eq!(lines.offset(position(4, 1)), 10);
        }
    }

    /// The position of every offset, found by walking the text from its start.
    fn walked(text: &str, encoding: Encoding) -> Vec<Position> {
        let mut out = Vec::new();
        let (mut line, mut character) = (0, 0);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            for _ in 0..c.len_utf8() {
                out.push(position(line, character));
            }
            match c {
                '\r' if chars.peek() == Some(&'\n') => {
                    // The `\n` of `\r\n` is at the end of the line too.
                    out.push(position(line, character));
                    chars.next();
                    (line, character) = (line + 1, 0);
                }
                '\r' | '\n' => (line, character) = (line + 1, 0),
                c => {
                    character += match encoding {
                        Encoding::Utf8 => c.len_utf8(),
                        Encoding::Utf16 => c.len_utf16(),
                    } as u32
                }
            }
        }
        out.push(position(line, character));
        out
    }

    proptest::proptest! {
        #[test]
        fn positions_are_what_walking_the_text_gives(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["a", "é", "€", "𝄞", "\r", "\n", "\r\n"]), 0..40),
        ) {
            let text: String = pieces.concat();
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let lines = Lines::new(&text, encoding);
                let walked = walked(&text, encoding);
                for (offset, &expected) in walked.iter().enumerate() {
                    let offset = offset as u32;
                    proptest::prop_assert_eq!(lines.position(offset), expected, "{:?} at {}", text, offset);
                    // Back to the offset: the start of the character, before the line break.
                    let back = lines.offset(expected);
                    proptest::prop_assert!(back <= offset && lines.position(back) == expected, "{:?} at {}", text, offset);
                }
                // Walked once through every character boundary, in order.
                let mut walk = Walk::new(&text, encoding);
                for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                    proptest::prop_assert_eq!(walk.to(offset as u32), walked[offset], "{:?} at {}", text, offset);
                }
            }
        }
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        let mut capabilities = ClientCapabilities::default();
        assert_eq!(Encoding::negotiate(&capabilities), Encoding::Utf16);
        capabilities.general = Some(lsp_types::GeneralClientCapabilities {
            position_encodings: Some(vec![PositionEncodingKind::UTF16, PositionEncodingKind::UTF8]),
            ..Default::default()
        });
        assert_eq!(Encoding::negotiate(&capabilities), Encoding::Utf8);
        capabilities.general = Some(lsp_types::GeneralClientCapabilities {
            position_encodings: Some(vec![PositionEncodingKind::UTF32]),
            ..Default::default()
        });
        assert_eq!(Encoding::negotiate(&capabilities), Encoding::Utf16);
    }
}
