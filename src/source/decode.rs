//! Turning file bytes into text: UTF-8 (with or without BOM) and UTF-16LE/BE with BOM, which is
//! what Windows tools (mofcomp, DSC's `New-xDscResource`) write.

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
    bytes.drain(..bom);
    String::from_utf8(bytes).map_err(|e| {
        let offset = bom + e.utf8_error().valid_up_to();
        (DecodeError::InvalidUtf8 { offset }, e.into_bytes())
    })
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if !body.len().is_multiple_of(2) {
        return Err(DecodeError::OddUtf16Length);
    }
    let units = body.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
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
