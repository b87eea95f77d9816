//! Turning file bytes into text: UTF-8 (with or without BOM) and UTF-16LE/BE with BOM, which is
//! what Windows tools (mofcomp, DSC's `New-xDscResource`) write. A file that is clearly not text
//! (a binary, or UTF-16 without its byte order mark) is refused before it is parsed, so that it
//! gives one diagnostic instead of thousands, none quoting its bytes.

use std::fmt;

/// Why a file's bytes are not text we can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Bytes that are not valid UTF-8, at this byte offset of the file.
    InvalidUtf8 { offset: usize },
    /// A UTF-16 file whose code units do not form valid text, at this byte offset.
    InvalidUtf16 { offset: usize },
    /// A UTF-16 file with an odd number of bytes after the BOM.
    OddUtf16Length,
    /// Not text at all: a NUL at this offset of the file (in code units after a UTF-16 BOM: byte
    /// offset), or too many control characters near its start.
    NotText(NotText),
}

/// The evidence that a file is not text, found in its first [`SAMPLE`] bytes (or code units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// A NUL, which no text file holds (git and grep decide "binary" on the same evidence).
    Nul { offset: usize },
    /// This many control characters other than tab, line ends and form feed in `of` characters.
    Controls { count: usize, of: usize },
}

/// How much of a file is sampled: what git looks at to call a file binary.
const SAMPLE: usize = 8000;

impl NotText {
    /// Whether a file with these code units (bytes, or UTF-16 units) is clearly not text. `unit`
    /// is the size of a unit in bytes, for offsets. A few control characters, such as an escape
    /// sequence in a string, are text; more than one in ten of the sample is not.
    fn find(units: impl Iterator<Item = u32>, start: usize, unit: usize) -> Option<NotText> {
        let mut controls = 0;
        let mut seen = 0;
        for (index, code) in units.take(SAMPLE).enumerate() {
            seen += 1;
            match code {
                0 => {
                    return Some(NotText::Nul {
                        offset: start + index * unit,
                    });
                }
                0x09 | 0x0A | 0x0C | 0x0D => {}
                0x01..=0x1F | 0x7F => controls += 1,
                _ => {}
            }
        }
        (controls * 10 > seen).then_some(NotText::Controls {
            count: controls,
            of: seen,
        })
    }
}

impl NotText {
    /// [`NotText::find`] for bytes, as a NUL search and a count that the compiler vectorises:
    /// every file is sampled, and the CIM Schema's 1,634 files are small enough that the sample
    /// is most of their 5.5 MB (a unit at a time, it was a tenth of a whole `mofc check`).
    fn find_in_bytes(bytes: &[u8], start: usize) -> Option<NotText> {
        let sample = &bytes[..bytes.len().min(SAMPLE)];
        if let Some(index) = memchr::memchr(0, sample) {
            return Some(NotText::Nul { offset: start + index });
        }
        // Comparisons joined with `&` and `|`, not `matches!`: branch-free, so they vectorise.
        let control = |b: u8| (b < 0x20) & (b != 0x09) & (b != 0x0A) & (b != 0x0C) & (b != 0x0D) | (b == 0x7F);
        // Counted in bytes, 224 at a time, so that sixteen are counted per instruction: fewer
        // than 256, for a byte to hold the count, and a multiple of 32, for the vector loop to
        // leave no byte of a block to a scalar one (with blocks of 255, those fifteen bytes took
        // a third of the scan).
        let controls: usize = sample
            .chunks(224)
            .map(|block| usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(control(b)))))
            .sum();
        (controls * 10 > sample.len()).then_some(NotText::Controls {
            count: controls,
            of: sample.len(),
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset } => {
                write!(
                    f,
                    "the file is not valid UTF-8 (invalid byte at offset {offset}); save it as UTF-8 or UTF-16 with a byte order mark"
                )
            }
            DecodeError::InvalidUtf16 { offset } => {
                write!(
                    f,
                    "the file has a UTF-16 byte order mark but an unpaired surrogate at byte offset {offset}"
                )
            }
            DecodeError::OddUtf16Length => {
                write!(f, "the file has a UTF-16 byte order mark but an odd number of bytes")
            }
            DecodeError::NotText(NotText::Nul { offset }) => write!(
                f,
                "this is not a text file (a NUL byte at offset {offset}); MOF is UTF-8, or UTF-16 with a byte order mark"
            ),
            DecodeError::NotText(NotText::Controls { count, of }) => write!(
                f,
                "this is not a text file ({count} of its first {of} characters are control characters)"
            ),
        }
    }
}

/// How a file's text is stored, as `decode` reads it: what a tool that rewrites the file (the
/// formatter) must write back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 after a byte order mark (`EF BB BF`).
    Utf8Bom,
    /// UTF-16 little-endian after `FF FE`, as Windows tools write it.
    Utf16Le,
    /// UTF-16 big-endian after `FE FF`.
    Utf16Be,
}

impl Encoding {
    /// The encoding of a file, from its byte order mark.
    pub fn of(bytes: &[u8]) -> Encoding {
        match bytes {
            [0xEF, 0xBB, 0xBF, ..] => Encoding::Utf8Bom,
            [0xFF, 0xFE, ..] => Encoding::Utf16Le,
            [0xFE, 0xFF, ..] => Encoding::Utf16Be,
            _ => Encoding::Utf8,
        }
    }

    /// The bytes of `text` in this encoding, byte order mark first: the inverse of `decode`.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF], text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }
}

/// Decodes a file's bytes, dropping any byte order mark. On failure the bytes are handed back,
/// so that the caller can still show the file.
pub fn decode(bytes: Vec<u8>) -> Result<String, (DecodeError, Vec<u8>)> {
    let utf16 = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, ..] => return utf8(bytes, 3),
        [0xFF, 0xFE, ..] => utf16(&bytes[2..], u16::from_le_bytes),
        [0xFE, 0xFF, ..] => utf16(&bytes[2..], u16::from_be_bytes),
        _ => return utf8(bytes, 0),
    };
    utf16.map_err(|e| (e, bytes))
}

fn utf8(mut bytes: Vec<u8>, bom: usize) -> Result<String, (DecodeError, Vec<u8>)> {
    // Before UTF-8 is checked: a binary is "not text", not "not valid UTF-8 at offset 3".
    if let Some(evidence) = NotText::find_in_bytes(&bytes[bom..], bom) {
        return Err((DecodeError::NotText(evidence), bytes));
    }
    bytes.drain(..bom);
    String::from_utf8(bytes).map_err(|e| {
        let offset = bom + e.utf8_error().valid_up_to();
        (DecodeError::InvalidUtf8 { offset }, e.into_bytes())
    })
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = body.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    // Before the encoding is checked, as for UTF-8: a binary that happens to start with a byte
    // order mark is "not text", not "an odd number of bytes".
    if let Some(evidence) = NotText::find(units.clone().map(u32::from), 2, 2) {
        return Err(DecodeError::NotText(evidence));
    }
    if !body.len().is_multiple_of(2) {
        return Err(DecodeError::OddUtf16Length);
    }
    let mut text = String::with_capacity(body.len() / 2);
    let mut index = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                index += c.len_utf16();
                text.push(c);
            }
            Err(_) => return Err(DecodeError::InvalidUtf16 { offset: 2 + index * 2 }),
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"class A{};".to_vec()).unwrap(), "class A{};");
        assert_eq!(decode(b"\xEF\xBB\xBFclass".to_vec()).unwrap(), "class");
    }

    #[test]
    fn utf16_both_byte_orders() {
        assert_eq!(decode(utf16le("class Ä {};")).unwrap(), "class Ä {};");
        let mut be = vec![0xFE, 0xFF];
        be.extend("x€".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be).unwrap(), "x€");
    }

    #[test]
    fn encoding_writes_back_what_decode_read() {
        let text = "class Ä € {};\r\n";
        for encoding in [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encoding.encode(text);
            assert_eq!(Encoding::of(&bytes), encoding);
            assert_eq!(decode(bytes).unwrap(), text);
        }
        assert_eq!(Encoding::Utf16Le.encode("A"), utf16le("A"));
        assert_eq!(Encoding::Utf8Bom.encode("A"), b"\xEF\xBB\xBFA");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        assert_eq!(
            decode(b"ab\xFFc".to_vec()).unwrap_err().0,
            DecodeError::InvalidUtf8 { offset: 2 }
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\xC3".to_vec()).unwrap_err().0,
            DecodeError::InvalidUtf8 { offset: 5 }
        );
    }

    #[test]
    fn binaries_and_bomless_utf16_are_not_text() {
        let nul = |offset| DecodeError::NotText(NotText::Nul { offset });
        assert_eq!(decode(b"\x7FELF\x02\x01\x01\x00".to_vec()).unwrap_err().0, nul(7));
        let bomless: Vec<u8> = "class".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(bomless).unwrap_err().0, nul(1));
        assert_eq!(decode(utf16le("ab\0")).unwrap_err().0, nul(6));
        // A binary that starts like UTF-16 (an odd length, an unpaired surrogate) is not text.
        assert_eq!(decode(b"\xFF\xFEa\0\0\0b".to_vec()).unwrap_err().0, nul(4));
        assert_eq!(decode(b"\xFF\xFE\x00\xD8\0\0".to_vec()).unwrap_err().0, nul(4));
        assert_eq!(decode(b"\xEF\xBB\xBFa\0".to_vec()).unwrap_err().0, nul(4));
        // One control character in ten is text (an escape sequence in a string); more is not.
        let text = "x = \"\x1b[31m\";";
        assert_eq!(decode(text.into()).unwrap(), text);
        assert_eq!(
            decode(b"\x1b\x01\x02 abcdefghijklmnopq".to_vec()).unwrap_err().0,
            DecodeError::NotText(NotText::Controls { count: 3, of: 21 })
        );
        // Only the start is sampled: a NUL after it is the lexer's to report.
        let late = [vec![b' '; SAMPLE], vec![0]].concat();
        assert!(decode(late).is_ok());
    }

    #[test]
    fn bytes_are_sampled_as_units_are() {
        let cases: [&[u8]; 6] = [
            b"class A {};\r\n\x0c",
            b"\x1b\x01\x02 abcdefghijklmnopq",
            b"\x1b\x01 abcdefghijklmnopq",
            b"ab\x7f\x0b\x0e\x1f\x08",
            b"abc\0\x01\x02",
            b"",
        ];
        for bytes in cases {
            let by_unit = NotText::find(bytes.iter().map(|&b| u32::from(b)), 3, 1);
            assert_eq!(NotText::find_in_bytes(bytes, 3), by_unit, "{bytes:?}");
        }
        let long = [vec![b'\x01'; SAMPLE / 10], vec![b' '; SAMPLE], vec![0]].concat();
        assert_eq!(NotText::find_in_bytes(&long, 0), None);
    }

    #[test]
    fn broken_utf16() {
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0x41]).unwrap_err().0,
            DecodeError::OddUtf16Length
        );
        // "A" then a lone high surrogate.
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8]).unwrap_err().0,
            DecodeError::InvalidUtf16 { offset: 4 }
        );
    }
}
