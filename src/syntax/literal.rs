//! The values of literal tokens: integers, reals, strings and char16, with the exact checks of
//! DSP0004 and the errors users get for malformed ones.
//!
//! Range checks against a *declared type* (`sint8 x = 128;`) happen where the type is known; here
//! an integer only has to fit in 64 bits (signed or unsigned), since no CIM type is wider.

use crate::diag::Code;

/// A numeric literal's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Between `-(2^64 - 1)` and `2^64 - 1`.
    Int(i128),
    Real(f64),
}

/// What is wrong with a literal, and where inside the token (byte offsets from its start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    pub code: Code,
    pub start: usize,
    pub end: usize,
    pub message: String,
}

impl LiteralError {
    fn new(code: Code, range: std::ops::Range<usize>, message: impl Into<String>) -> LiteralError {
        LiteralError {
            code,
            start: range.start,
            end: range.end,
            message: message.into(),
        }
    }
}

/// Parses a number token (as matched by the lexer, sign included).
pub fn parse_number(text: &str) -> Result<Number, LiteralError> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let whole = 0..text.len();
    let invalid = |message: String| Err(LiteralError::new(Code::InvalidNumber, whole.clone(), message));

    let is_real = body.contains('.')
        || (body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'+' | b'-'))
            && body.bytes().any(|b| matches!(b, b'e' | b'E')));
    if is_real {
        return parse_real(text, body);
    }

    let (digits, radix, what) = if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (hex, 16, "hexadecimal")
    } else if let Some(bin) = body.strip_suffix(['b', 'B']) {
        (bin, 2, "binary")
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8, "octal")
    } else {
        (body, 10, "decimal")
    };
    if digits.is_empty() {
        return invalid(format!("`{text}` has no digits"));
    }
    if let Some(bad) = digits.chars().find(|c| !c.is_digit(radix)) {
        let hint = match radix {
            16 => "hexadecimal digits are 0-9 and A-F".to_string(),
            8 => "a leading 0 makes a number octal, whose digits are 0 to 7".to_string(),
            2 => "binary numbers (with the `b` suffix) have only the digits 0 and 1".to_string(),
            _ => "decimal numbers have only the digits 0 to 9".to_string(),
        };
        return invalid(format!(
            "`{bad}` is not a valid digit in the {what} number `{text}`: {hint}"
        ));
    }
    match u64::from_str_radix(digits, radix) {
        Ok(magnitude) => {
            let value = i128::from(magnitude);
            Ok(Number::Int(if negative { -value } else { value }))
        }
        Err(_) => Err(LiteralError::new(
            Code::IntegerOutOfRange,
            whole,
            format!("`{text}` does not fit in 64 bits, the widest integer type of MOF"),
        )),
    }
}

fn parse_real(text: &str, body: &str) -> Result<Number, LiteralError> {
    let bad = |why: &str| {
        Err(LiteralError::new(
            Code::InvalidNumber,
            0..text.len(),
            format!("`{text}` is not a valid real number: {why}"),
        ))
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let Some((int_part, frac_part)) = mantissa.split_once('.') else {
        return bad("a real needs a decimal point, as in `1.0e5`");
    };
    if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return bad("only digits may stand before and after the decimal point");
    }
    if frac_part.is_empty() {
        return bad("a digit must follow the decimal point");
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return bad("the exponent needs digits, as in `1.0E3`");
        }
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Number::Real(value)),
        _ => bad("it is too large for real64"),
    }
}

/// One decoded unit of a string or char16 body.
enum Unit<'a> {
    /// Text without escapes, as written: copied whole, not a character at a time.
    Text(&'a str),
    /// The character a simple escape (`\n`, `\"`, ...) stands for.
    Char(char),
    /// A `\x` escape, which names a UTF-16 code unit.
    Code(u16),
}

/// Decodes the body of a quoted literal (`quoted` includes the quotes), calling `emit` per run
/// of plain text and per escape.
fn scan<'a>(
    quoted: &'a str,
    mut emit: impl FnMut(Unit<'a>, std::ops::Range<usize>) -> Result<(), LiteralError>,
) -> Result<(), LiteralError> {
    let body = &quoted[1..quoted.len() - 1];
    let mut at = 0;
    while at < body.len() {
        let start = at + 1; // offset in the token, past the opening quote
        let rest = &body[at..];
        let plain = memchr::memchr(b'\\', rest.as_bytes()).unwrap_or(rest.len());
        if plain > 0 {
            emit(Unit::Text(&rest[..plain]), start..start + plain)?;
            at += plain;
            continue;
        }
        let mut chars = rest[1..].chars();
        let Some(escape) = chars.next() else {
            return Err(LiteralError::new(
                Code::InvalidEscape,
                start..start + 1,
                "a backslash ends the literal",
            ));
        };
        let simple = match escape {
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            '"' => Some('"'),
            '\'' => Some('\''),
            '\\' => Some('\\'),
            'x' | 'X' => None,
            other => {
                let end = start + 1 + other.len_utf8();
                return Err(LiteralError::new(
                    Code::InvalidEscape,
                    start..end,
                    format!("unknown escape `\\{other}`; write a backslash as `\\\\`"),
                ));
            }
        };
        if let Some(c) = simple {
            emit(Unit::Char(c), start..start + 2)?;
            at += 1 + escape.len_utf8();
            continue;
        }
        let digits = chars.as_str().bytes().take(4).take_while(u8::is_ascii_hexdigit).count();
        let end = start + 2 + digits;
        if digits == 0 {
            return Err(LiteralError::new(
                Code::InvalidEscape,
                start..end,
                "`\\x` must be followed by one to four hexadecimal digits",
            ));
        }
        let hex = &chars.as_str()[..digits];
        let value = u16::from_str_radix(hex, 16).unwrap_or_default();
        emit(Unit::Code(value), start..end)?;
        at += 2 + digits;
    }
    Ok(())
}

/// The value of a string literal token (with quotes).
pub fn unescape_string(quoted: &str) -> Result<String, LiteralError> {
    let mut out = String::with_capacity(quoted.len() - 2);
    unescape_into(&mut out, quoted)?;
    Ok(out)
}

/// Appends the value of a string literal token (with quotes) to `out`: the pieces of a
/// concatenated string (`"a" "b"`, as the CIM Schema splits every description) go into one
/// buffer, without a string of their own.
pub fn unescape_into(out: &mut String, quoted: &str) -> Result<(), LiteralError> {
    let body = &quoted[1..quoted.len() - 1];
    // Most strings (the CIM Schema's descriptions) have no escapes at all. (`memchr` searches
    // a vector at a time; `str::contains` a word at a time.)
    if memchr::memchr(b'\\', body.as_bytes()).is_none() {
        out.push_str(body);
        return Ok(());
    }
    // A piece with a bad escape adds nothing.
    let before = out.len();
    let scanned = scan(quoted, |unit, range| {
        match unit {
            Unit::Text(text) => out.push_str(text),
            Unit::Char(c) => out.push(c),
            Unit::Code(code) => match char::from_u32(u32::from(code)) {
                Some(c) => out.push(c),
                None => {
                    return Err(LiteralError::new(
                        Code::InvalidEscape,
                        range,
                        format!("`\\x{code:X}` is half of a surrogate pair, not a character"),
                    ));
                }
            },
        }
        Ok(())
    });
    if scanned.is_err() {
        out.truncate(before);
    }
    scanned
}

/// The value of a char16 literal token (with quotes): exactly one UTF-16 code unit.
pub fn parse_char16(quoted: &str) -> Result<u16, LiteralError> {
    let mut units = Vec::with_capacity(1);
    scan(quoted, |unit, _| {
        match unit {
            Unit::Text(text) => units.extend(text.encode_utf16()),
            Unit::Char(c) => units.extend(c.encode_utf16(&mut [0; 2]).iter().copied()),
            Unit::Code(code) => units.push(code),
        }
        Ok(())
    })?;
    match units.as_slice() {
        [unit] => Ok(*unit),
        [] => Err(LiteralError::new(
            Code::InvalidChar16,
            0..quoted.len(),
            "an empty char16 literal",
        )),
        _ => Err(LiteralError::new(
            Code::InvalidChar16,
            0..quoted.len(),
            format!("{quoted} holds more than one character; a char16 holds exactly one (use a string for text)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(text: &str) -> i128 {
        match parse_number(text) {
            Ok(Number::Int(v)) => v,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn real(text: &str) -> f64 {
        match parse_number(text) {
            Ok(Number::Real(v)) => v,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn error(text: &str) -> Code {
        parse_number(text).expect_err(text).code
    }

    #[test]
    fn integer_forms() {
        assert_eq!(int("0"), 0);
        assert_eq!(int("42"), 42);
        assert_eq!(int("-42"), -42);
        assert_eq!(int("+7"), 7);
        assert_eq!(int("0x1F"), 31);
        assert_eq!(int("0XfF"), 255);
        assert_eq!(int("-0x10"), -16);
        assert_eq!(int("017"), 15);
        assert_eq!(int("-017"), -15);
        assert_eq!(int("101b"), 5);
        assert_eq!(int("1B"), 1);
        assert_eq!(int("0b"), 0);
        assert_eq!(int("18446744073709551615"), u64::MAX as i128);
        assert_eq!(int("0xFFFFFFFFFFFFFFFF"), u64::MAX as i128);
        assert_eq!(int("-9223372036854775808"), i64::MIN as i128);
    }

    #[test]
    fn malformed_integers() {
        assert_eq!(error("09"), Code::InvalidNumber);
        assert_eq!(error("2b"), Code::InvalidNumber);
        assert_eq!(error("0x"), Code::InvalidNumber);
        assert_eq!(error("0xG1"), Code::InvalidNumber);
        assert_eq!(error("12abc"), Code::InvalidNumber);
        assert_eq!(error("0x1FFFFFFFFFFFFFFFF"), Code::IntegerOutOfRange);
        assert_eq!(error("18446744073709551616"), Code::IntegerOutOfRange);
        let message = parse_number("09").unwrap_err().message;
        assert!(message.contains("octal"), "{message}");
    }

    #[test]
    fn real_forms() {
        assert_eq!(real("1.5"), 1.5);
        assert_eq!(real(".5"), 0.5);
        assert_eq!(real("-1.2778E+02"), -127.78);
        assert_eq!(real("2.3e-2"), 0.023);
        assert_eq!(real("+0.0"), 0.0);
        assert_eq!(real("1.0E3"), 1000.0);
    }

    #[test]
    fn malformed_reals() {
        for text in ["1.0E", "1.0e+", "1.", "1.2.3", "1e5", "1.5x", "1.0E3.5", "1.0e999"] {
            assert_eq!(error(text), Code::InvalidNumber, "{text}");
        }
    }

    #[test]
    fn string_escapes() {
        assert_eq!(unescape_string(r#""plain""#).unwrap(), "plain");
        assert_eq!(unescape_string(r#""""#).unwrap(), "");
        assert_eq!(
            unescape_string(r#""\b\t\n\f\r\"\'\\""#).unwrap(),
            "\u{8}\t\n\u{c}\r\"'\\"
        );
        assert_eq!(unescape_string(r#""\x41\X263a\x7g""#).unwrap(), "A\u{263A}\u{7}g");
        assert_eq!(unescape_string(r#""\x00410""#).unwrap(), "A0");
        assert_eq!(unescape_string(r#""ünï""#).unwrap(), "ünï");
        // Text runs between escapes are copied whole; multi-byte characters on either side.
        assert_eq!(unescape_string(r#""é \"ü\" x\\""#).unwrap(), "é \"ü\" x\\");
        let e = unescape_string(r#""ü\q""#).unwrap_err();
        assert_eq!((e.code, e.start, e.end), (Code::InvalidEscape, 3, 5));
    }

    #[test]
    fn bad_string_escapes_point_at_the_escape() {
        let e = unescape_string(r#""ab\qc""#).unwrap_err();
        assert_eq!((e.code, e.start, e.end), (Code::InvalidEscape, 3, 5));
        let e = unescape_string(r#""\x""#).unwrap_err();
        assert_eq!((e.code, e.start, e.end), (Code::InvalidEscape, 1, 3));
        assert_eq!(unescape_string(r#""\xD800""#).unwrap_err().code, Code::InvalidEscape);
    }

    #[test]
    fn char16_values() {
        assert_eq!(parse_char16("'a'").unwrap(), u16::from(b'a'));
        assert_eq!(parse_char16(r"'\''").unwrap(), u16::from(b'\''));
        assert_eq!(parse_char16(r"'\XABCD'").unwrap(), 0xABCD);
        assert_eq!(parse_char16(r"'\xD800'").unwrap(), 0xD800);
        assert_eq!(parse_char16("'€'").unwrap(), 0x20AC);
        assert_eq!(parse_char16("'ab'").unwrap_err().code, Code::InvalidChar16);
        assert_eq!(parse_char16("''").unwrap_err().code, Code::InvalidChar16);
        assert_eq!(parse_char16("'😀'").unwrap_err().code, Code::InvalidChar16);
        assert_eq!(parse_char16(r"'\q'").unwrap_err().code, Code::InvalidEscape);
    }
}
