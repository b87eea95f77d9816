//! Positions as the client counts them. The compiler works in byte offsets; the protocol in
//! lines and columns of UTF-16 code units unless client and server agree on UTF-8
//! (`positionEncoding`, LSP 3.17).

use line_index::{LineCol, LineIndex, TextSize, WideEncoding, WideLineCol};
use lsp_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

use crate::source::Span;

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
    index: LineIndex,
    encoding: Encoding,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Lines<'t> {
        Lines {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    /// The client position of a byte offset (clamped to the text, moved back to the start of
    /// the character it falls in).
    pub fn position(&self, offset: u32) -> Position {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let utf8 = self.index.line_col(TextSize::new(offset as u32));
        let (line, character) = match self.encoding {
            Encoding::Utf8 => (utf8.line, utf8.col),
            Encoding::Utf16 => self
                .index
                .to_wide(WideEncoding::Utf16, utf8)
                .map_or((utf8.line, utf8.col), |wide| (wide.line, wide.col)),
        };
        Position { line, character }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte offset of a client position. A line past the end means the end of the text; a
    /// column past the end of its line, the end of the line (as the protocol asks).
    pub fn offset(&self, position: Position) -> u32 {
        let Some(line) = self.index.line(position.line) else {
            return self.text.len() as u32;
        };
        let line_text = &self.text[line];
        let content = line_text.trim_end_matches(['\n', '\r']).len() as u32;
        let col = match self.encoding {
            Encoding::Utf8 => Some(LineCol {
                line: position.line,
                col: position.character,
            }),
            Encoding::Utf16 => self.index.to_utf8(
                WideEncoding::Utf16,
                WideLineCol {
                    line: position.line,
                    col: position.character,
                },
            ),
        }
        .map_or(content, |utf8| utf8.col.min(content));
        let mut offset = (u32::from(line.start()) + col) as usize;
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset as u32
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
