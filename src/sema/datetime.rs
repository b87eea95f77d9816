//! The string form of CIM `datetime` values (DSP0004, "Datetime type").
//!
//! MOF writes a datetime as a string literal, so the grammar accepts anything between the quotes;
//! this module checks that a string given where a `datetime` belongs (a qualifier default such as
//! `Qualifier Q : Datetime = "20091225123000.123456-360"`, a property default or an instance
//! value) really is one, as OMI's MOF parser and OpenPegasus check it. DSP0004 defines two forms,
//! both exactly 25 characters long and told apart by character 22:
//!
//! - a timestamp, `yyyymmddhhmmss.mmmmmmsutc`: year, month, day, hour, minute, second, a dot,
//!   microseconds, then the sign `+` or `-` and the offset from UTC in minutes;
//! - an interval, `ddddddddhhmmss.mmmmmm:000`: days, hours, minutes, seconds, a dot,
//!   microseconds, then `:000` literally.
//!
//! Asterisks stand for digits that are not significant. The rules applied here, and why:
//!
//! - A field other than microseconds is all digits or all asterisks, never a mix (DSP0004: "the
//!   granularity for asterisks is always the entire field"; OMI and OpenPegasus both reject a mix).
//! - In microseconds, asterisks may replace trailing digits only (`.123***`), as DSP0004 and
//!   OpenPegasus allow; a digit after an asterisk is an error.
//! - Which fields are asterisks is not restricted. DSP0004 asks that they be adjacent, starting
//!   from microseconds, and OpenPegasus enforces that, but OMI accepts any field as asterisks (its
//!   parser documents them as "repetitive times", such as every year on a given day), and the OMI
//!   test schema `tests/mof/classes.mof` uses `"****0317093000.000000-480"` and
//!   `"1942**21103300.000000-480"`, which must compile.
//! - The UTC offset may be `***` for the same reason (that file uses `"19421121103300.000000+***"`;
//!   OMI reads it as "local time zone" and stores `+000`). DSP0004 forbids it and OpenPegasus
//!   rejects it, but a file OMI accepts must not fail here. It is returned as offset 0, like OMI.
//! - The `:000` ending of an interval is literal: no other digits, no asterisks.
//!
//! Ranges follow DSP0004 and OpenPegasus (`CIMDateTime::setTimeStamp`): month 01-12; day 01 up to
//! the length of the month (February has 29 days in leap years of the Gregorian calendar, and when
//! the year is asterisks; any month has 31 when the month is asterisks); hour 00-23; minute and
//! second 00-59. A leap second (60) is refused: DSP0004 gives seconds as 00-59 and OpenPegasus
//! refuses 60. (OMI's MOF parser, `_StrToDatetime` in `Unix/mof/types.c`, checks no ranges at all,
//! only that each field is digits, so it has no say here.) Intervals: hours 00-23, minutes and
//! seconds 00-59, any number of days.
//!
//! In messages, characters are counted from 1, as a reader counts them; `DatetimeError::at` is a
//! byte range within the string, counted from 0, for pointing into the source.

use std::fmt;
use std::ops::Range;

/// A well-formed CIM datetime value.
///
/// `None` means the field was given as asterisks. Microseconds are the value in microseconds of
/// the digits given, with asterisked trailing digits read as zeros: `.123***` is `Some(123000)`,
/// `.******` is `None`. (So `.123***` and `.123000` give the same number: the type has no place
/// for the precision, and no check needs it.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datetime {
    /// A point in time, `yyyymmddhhmmss.mmmmmmsutc`.
    Timestamp {
        year: Option<u16>,
        month: Option<u8>,
        day: Option<u8>,
        hour: Option<u8>,
        minute: Option<u8>,
        second: Option<u8>,
        microseconds: Option<u32>,
        /// Minutes east of UTC (negative west of it); 0 when given as `***`, as OMI stores it.
        utc_offset_minutes: i16,
    },
    /// A duration, `ddddddddhhmmss.mmmmmm:000`.
    Interval {
        days: Option<u32>,
        hours: Option<u8>,
        minutes: Option<u8>,
        seconds: Option<u8>,
        microseconds: Option<u32>,
    },
}

/// Why a string is not a CIM datetime: a message in plain words that names the field and the
/// expected form, e.g. "month 13 is out of range 01-12", "expected 25 characters, found 9",
/// "character 15 should be '.'", and the byte range within the string where the fault is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatetimeError {
    pub message: String,
    pub at: Range<usize>,
}

impl DatetimeError {
    fn new(message: String, at: Range<usize>) -> Self {
        DatetimeError { message, at }
    }
}

impl fmt::Display for DatetimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DatetimeError {}

/// Both forms have exactly this many characters.
const LENGTH: usize = 25;

/// Where the forms differ: `+` or `-` for a timestamp, `:` for an interval.
const SIGN: usize = 21;

/// The dot between seconds and microseconds, in both forms.
const DOT: usize = 14;

/// A fixed-width part of the string: its name for messages, where it starts and how wide it is.
#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    start: usize,
    width: usize,
}

impl Field {
    const fn new(name: &'static str, start: usize, width: usize) -> Self {
        Field { name, start, width }
    }

    fn range(self) -> Range<usize> {
        self.start..self.start + self.width
    }

    /// The field's bytes. Every field lies within the 25 bytes by construction (a unit test checks
    /// the layout), so this cannot fail; it still degrades to empty rather than panic.
    fn bytes(self, text: &[u8; LENGTH]) -> &[u8] {
        text.get(self.range()).unwrap_or(&[])
    }

    /// The field as written, for quoting in messages (the string is ASCII by then).
    fn quoted(self, text: &[u8; LENGTH]) -> String {
        format!("\"{}\"", String::from_utf8_lossy(self.bytes(text)))
    }

    /// A value of this field written as it would appear in the string, zero-padded.
    fn show(self, value: u32) -> String {
        format!("{value:0width$}", width = self.width)
    }
}

const YEAR: Field = Field::new("year", 0, 4);
const MONTH: Field = Field::new("month", 4, 2);
const DAY: Field = Field::new("day", 6, 2);
const DAYS: Field = Field::new("days", 0, 8);
const HOURS: Field = Field::new("hours", 8, 2);
const MINUTES: Field = Field::new("minutes", 10, 2);
const SECONDS: Field = Field::new("seconds", 12, 2);
const HOUR: Field = Field::new("hour", 8, 2);
const MINUTE: Field = Field::new("minute", 10, 2);
const SECOND: Field = Field::new("second", 12, 2);
const MICROSECONDS: Field = Field::new("microseconds", 15, 6);
const UTC_OFFSET: Field = Field::new("UTC offset", 22, 3);
const INTERVAL_END: Field = Field::new("interval ending", 22, 3);

/// Parses the string form of a CIM datetime (the text between the quotes, escapes resolved).
pub fn parse(text: &str) -> Result<Datetime, DatetimeError> {
    let bytes = fixed_ascii(text)?;
    match bytes[SIGN] {
        b'+' | b'-' => parse_timestamp(bytes),
        b':' => parse_interval(bytes),
        other => Err(DatetimeError::new(
            format!(
                "character {} should be '+' or '-' (a timestamp's UTC offset sign) or ':' (an interval), found {}",
                SIGN + 1,
                show_byte(other)
            ),
            SIGN..SIGN + 1,
        )),
    }
}

/// Checks the length and that every character is ASCII, so that the rest can index by byte.
fn fixed_ascii(text: &str) -> Result<&[u8; LENGTH], DatetimeError> {
    // Count characters, not bytes: "expected 25, found 26" for a string with one 'é' in 25 visible
    // characters would be confusing.
    let count = text.chars().count();
    if count != LENGTH {
        return Err(DatetimeError::new(
            format!(
                "expected {LENGTH} characters (yyyymmddhhmmss.mmmmmmsutc for a timestamp, \
                 ddddddddhhmmss.mmmmmm:000 for an interval), found {count}"
            ),
            0..text.len(),
        ));
    }
    if let Some((number, (offset, c))) = text.char_indices().enumerate().find(|(_, (_, c))| !c.is_ascii()) {
        return Err(DatetimeError::new(
            format!(
                "character {} is {c:?}; a datetime holds only digits, '*', '.', '+', '-' and ':'",
                number + 1
            ),
            offset..offset + c.len_utf8(),
        ));
    }
    // All ASCII and 25 characters, hence 25 bytes; the conversion cannot fail, but is not trusted.
    text.as_bytes()
        .try_into()
        .map_err(|_| DatetimeError::new(format!("expected {LENGTH} bytes, found {}", text.len()), 0..text.len()))
}

fn parse_timestamp(text: &[u8; LENGTH]) -> Result<Datetime, DatetimeError> {
    let year = field(text, YEAR)?;
    let month = field(text, MONTH)?;
    in_range(month, MONTH, 1, 12, "")?;
    let day = field(text, DAY)?;
    check_day(day, month, year)?;
    let hour = field(text, HOUR)?;
    in_range(hour, HOUR, 0, 23, "")?;
    let minute = field(text, MINUTE)?;
    in_range(minute, MINUTE, 0, 59, "")?;
    let second = field(text, SECOND)?;
    in_range(second, SECOND, 0, 59, " (leap seconds are not allowed)")?;
    dot(text)?;
    let microseconds = microseconds(text)?;
    let utc_offset_minutes = utc_offset(text)?;
    Ok(Datetime::Timestamp {
        year: narrow(year),
        month: narrow(month),
        day: narrow(day),
        hour: narrow(hour),
        minute: narrow(minute),
        second: narrow(second),
        microseconds,
        utc_offset_minutes,
    })
}

fn parse_interval(text: &[u8; LENGTH]) -> Result<Datetime, DatetimeError> {
    // Days take the places of a timestamp's year, month and day; the rest are placed alike.
    let days = field(text, DAYS)?;
    let hours = field(text, HOURS)?;
    in_range(hours, HOURS, 0, 23, "")?;
    let minutes = field(text, MINUTES)?;
    in_range(minutes, MINUTES, 0, 59, "")?;
    let seconds = field(text, SECONDS)?;
    in_range(seconds, SECONDS, 0, 59, "")?;
    dot(text)?;
    let microseconds = microseconds(text)?;
    interval_end(text)?;
    Ok(Datetime::Interval {
        days,
        hours: narrow(hours),
        minutes: narrow(minutes),
        seconds: narrow(seconds),
        microseconds,
    })
}

/// A field that is all digits (its value) or all asterisks (`None`).
fn field(text: &[u8; LENGTH], field: Field) -> Result<Option<u32>, DatetimeError> {
    let bytes = field.bytes(text);
    if bytes.iter().all(|&b| b == b'*') {
        return Ok(None);
    }
    if let Some(i) = bytes.iter().position(|&b| !b.is_ascii_digit() && b != b'*') {
        let at = field.start + i;
        return Err(DatetimeError::new(
            format!(
                "{} {} should be {} digits (or {} asterisks), but character {} is {}",
                field.name,
                field.quoted(text),
                field.width,
                field.width,
                at + 1,
                show_byte(text[at])
            ),
            at..at + 1,
        ));
    }
    if bytes.contains(&b'*') {
        return Err(DatetimeError::new(
            format!(
                "{} {} mixes digits and asterisks; a field is either all digits or all asterisks",
                field.name,
                field.quoted(text)
            ),
            field.range(),
        ));
    }
    Ok(Some(decimal(bytes)))
}

/// The value of a run of ASCII digits (at most 8 here, so it fits in a u32).
fn decimal(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |value, &b| value * 10 + u32::from(b - b'0'))
}

/// Checks a field's value against its range; asterisks (`None`) are always in range.
fn in_range(value: Option<u32>, field: Field, min: u32, max: u32, note: &str) -> Result<(), DatetimeError> {
    match value {
        Some(v) if v < min || v > max => Err(DatetimeError::new(
            format!(
                "{} {} is out of range {}-{}{note}",
                field.name,
                field.show(v),
                field.show(min),
                field.show(max)
            ),
            field.range(),
        )),
        _ => Ok(()),
    }
}

/// The day must exist in its month, as OpenPegasus checks: "20090230" is not a date. What is
/// unknown (asterisks) is given the benefit of the doubt.
fn check_day(day: Option<u32>, month: Option<u32>, year: Option<u32>) -> Result<(), DatetimeError> {
    let last = days_in_month(month, year);
    let note = match (month, year) {
        (Some(2), Some(y)) => format!(" for month 02 of year {}", YEAR.show(y)),
        (Some(m), _) => format!(" for month {}", MONTH.show(m)),
        (None, _) => String::new(),
    };
    in_range(day, DAY, 1, last, &note)
}

fn days_in_month(month: Option<u32>, year: Option<u32>) -> u32 {
    match month {
        Some(2) if year.is_none_or(is_leap_year) => 29,
        Some(2) => 28,
        Some(4 | 6 | 9 | 11) => 30,
        _ => 31,
    }
}

/// Gregorian leap years (DSP0004 timestamps use the Gregorian calendar; year 0000 is 1 BCE).
fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn dot(text: &[u8; LENGTH]) -> Result<(), DatetimeError> {
    match text[DOT] {
        b'.' => Ok(()),
        other => Err(DatetimeError::new(
            format!(
                "character {} should be '.' between seconds and microseconds, found {}",
                DOT + 1,
                show_byte(other)
            ),
            DOT..DOT + 1,
        )),
    }
}

/// Six digits, of which trailing ones may be asterisks; see [`Datetime`] for the value returned.
fn microseconds(text: &[u8; LENGTH]) -> Result<Option<u32>, DatetimeError> {
    let bytes = MICROSECONDS.bytes(text);
    let given = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    for (i, &b) in bytes.iter().enumerate().skip(given) {
        let at = MICROSECONDS.start + i;
        if b.is_ascii_digit() {
            return Err(DatetimeError::new(
                format!(
                    "microseconds {}: the digit at character {} follows an asterisk; asterisks may only \
                     replace trailing digits (as in 123***)",
                    MICROSECONDS.quoted(text),
                    at + 1
                ),
                at..at + 1,
            ));
        }
        if b != b'*' {
            return Err(DatetimeError::new(
                format!(
                    "microseconds {} should be 6 digits (trailing ones may be asterisks), but character {} is {}",
                    MICROSECONDS.quoted(text),
                    at + 1,
                    show_byte(b)
                ),
                at..at + 1,
            ));
        }
    }
    if given == 0 {
        return Ok(None);
    }
    let digits = bytes.get(..given).unwrap_or(&[]);
    let scale = 10u32.pow(u32::try_from(MICROSECONDS.width - given).unwrap_or(0));
    Ok(Some(decimal(digits) * scale))
}

/// The sign (already known to be '+' or '-') and three digits of minutes, or `***` (see the
/// module documentation), which gives 0.
fn utc_offset(text: &[u8; LENGTH]) -> Result<i16, DatetimeError> {
    let minutes = field(text, UTC_OFFSET)?.unwrap_or(0);
    // Three digits are at most 999, which fits in an i16.
    let minutes = i16::try_from(minutes).unwrap_or(i16::MAX);
    Ok(if text[SIGN] == b'-' { -minutes } else { minutes })
}

/// An interval always ends in ":000" (DSP0004: intervals carry no UTC offset).
fn interval_end(text: &[u8; LENGTH]) -> Result<(), DatetimeError> {
    let bytes = INTERVAL_END.bytes(text);
    match bytes.iter().position(|&b| b != b'0') {
        None => Ok(()),
        Some(i) => {
            let at = INTERVAL_END.start + i;
            Err(DatetimeError::new(
                format!(
                    "an interval ends in ':000', but character {} is {} (in {})",
                    at + 1,
                    show_byte(text[at]),
                    INTERVAL_END.quoted(text)
                ),
                at..at + 1,
            ))
        }
    }
}

/// Narrows a field of at most 4 digits to the type of its `Datetime` member.
fn narrow<T: TryFrom<u32>>(value: Option<u32>) -> Option<T> {
    value.and_then(|v| T::try_from(v).ok())
}

/// An ASCII byte quoted for a message, with control characters escaped ('\t', '\u{0}').
fn show_byte(b: u8) -> String {
    format!("{:?}", char::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that `text` is rejected, that the fault is at `at`, and that the message says `says`.
    #[track_caller]
    fn rejects(text: &str, at: Range<usize>, says: &str) {
        match parse(text) {
            Ok(value) => panic!("{text:?} was accepted as {value:?}"),
            Err(e) => {
                assert_eq!(e.at, at, "fault location for {text:?}: {}", e.message);
                assert!(
                    e.message.contains(says),
                    "message for {text:?} is {:?}, expected it to contain {says:?}",
                    e.message
                );
            }
        }
    }

    fn timestamp(
        year: Option<u16>,
        month: Option<u8>,
        day: Option<u8>,
        time: [Option<u8>; 3],
        microseconds: Option<u32>,
        utc_offset_minutes: i16,
    ) -> Datetime {
        let [hour, minute, second] = time;
        Datetime::Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
            microseconds,
            utc_offset_minutes,
        }
    }

    // The negative corpus, negative/omi-inline (OMI's MOF parser unit tests), string for string.

    #[test]
    fn pass_001_valid_timestamp_with_negative_utc_offset() {
        assert_eq!(
            parse("20091225123000.123456-360"),
            Ok(timestamp(
                Some(2009),
                Some(12),
                Some(25),
                [Some(12), Some(30), Some(0)],
                Some(123_456),
                -360
            ))
        );
    }

    #[test]
    fn pass_001_valid_interval() {
        assert_eq!(
            parse("12345678121212.123456:000"),
            Ok(Datetime::Interval {
                days: Some(12_345_678),
                hours: Some(12),
                minutes: Some(12),
                seconds: Some(12),
                microseconds: Some(123_456)
            })
        );
    }

    #[test]
    fn fail_002_utc_offset_missing_a_digit_makes_24_characters() {
        rejects("20091225123000.123456-36", 0..24, "expected 25 characters");
        rejects("20091225123000.123456-36", 0..24, "found 24");
    }

    #[test]
    fn fail_003_three_letters_are_not_a_datetime() {
        rejects("xxx", 0..3, "expected 25 characters");
        rejects("xxx", 0..3, "found 3");
    }

    #[test]
    fn fail_004_letter_in_year() {
        rejects("y0091225123000.123456-360", 0..1, "year \"y009\" should be 4 digits");
    }

    #[test]
    fn fail_005_letter_in_month() {
        rejects("20091x25123000.123456-360", 5..6, "month \"1x\" should be 2 digits");
    }

    #[test]
    fn fail_006_letter_in_day() {
        rejects("2009112z123000.123456-360", 7..8, "day \"2z\" should be 2 digits");
    }

    #[test]
    fn fail_007_letter_in_hour() {
        rejects(
            "20091121v23000.123456-360",
            8..9,
            "hour \"v2\" should be 2 digits (or 2 asterisks), but character 9 is 'v'",
        );
    }

    #[test]
    fn fail_008_letter_in_hour_digit_for_dot_and_letters_in_microseconds() {
        // OMI calls this test InvalidMin; the first fault from the left is the hour.
        rejects("20091121v23000112hh56-360", 8..9, "hour \"v2\"");
    }

    #[test]
    fn fail_009_letter_in_hour_digit_for_dot_and_letters_in_microseconds() {
        // OMI calls this test InvalidSec; the first fault from the left is the hour.
        rejects("20091121v2300011256ss-360", 8..9, "hour \"v2\"");
    }

    #[test]
    fn fail_010_question_mark_in_interval_days() {
        rejects(
            "12345?78121212.123456:000",
            5..6,
            "days \"12345?78\" should be 8 digits (or 8 asterisks), but character 6 is '?'",
        );
    }

    #[test]
    fn fail_011_letter_in_interval_hours() {
        rejects("123456781g1212.123456:000", 9..10, "hours \"1g\" should be 2 digits");
    }

    #[test]
    fn fail_012_letter_in_interval_minutes() {
        rejects("1234567812i212.123456:000", 10..11, "minutes \"i2\" should be 2 digits");
    }

    #[test]
    fn fail_013_dashes_in_interval_seconds() {
        rejects("123456781212--.123456:000", 12..13, "seconds \"--\" should be 2 digits");
    }

    #[test]
    fn fail_014_exclamation_mark_in_interval_microseconds() {
        rejects(
            "12345678121212.1!3456:000",
            16..17,
            "microseconds \"1!3456\" should be 6 digits",
        );
    }

    #[test]
    fn fail_015_second_dot_in_interval_microseconds() {
        rejects("12345678121212.12.456:000", 17..18, "microseconds \"12.456\"");
    }

    #[test]
    fn fail_016_dashes_in_interval_microseconds() {
        rejects("12345678121212.1234--:000", 19..20, "microseconds \"1234--\"");
    }

    #[test]
    fn fail_017_exclamation_mark_instead_of_dot_in_interval() {
        rejects("12345678121212!123456:000", 14..15, "character 15 should be '.'");
    }

    #[test]
    fn fail_018_letter_in_first_digit_of_interval_ending() {
        rejects(
            "12345678121212.123456:x00",
            22..23,
            "an interval ends in ':000', but character 23 is 'x'",
        );
    }

    #[test]
    fn fail_019_letter_in_second_digit_of_interval_ending() {
        rejects("12345678121212.123456:0x0", 23..24, "character 24 is 'x'");
    }

    #[test]
    fn fail_020_letter_in_third_digit_of_interval_ending() {
        rejects("12345678121212.123456:00x", 24..25, "character 25 is 'x'");
    }

    #[test]
    fn fail_021_array_element_with_letters_for_year_digits_is_24_characters() {
        rejects("xxx1225123000.123456-360", 0..24, "found 24");
    }

    #[test]
    fn fail_022_array_whose_last_element_is_three_letters() {
        let elements = [
            "20091225123000.123456-360",
            "20091225123000.123456-360",
            "20091225123000.123456-360",
            "xxx",
        ];
        let results: Vec<_> = elements.iter().map(|e| parse(e).is_ok()).collect();
        assert_eq!(results, [true, true, true, false]);
        rejects(elements[3], 0..3, "found 3");
    }

    // Asterisks, as the real corpus uses them (omi/omi/tests/mof/classes.mof compiles with OMI).

    #[test]
    fn accepts_asterisk_year_followed_by_digits_as_omi_does() {
        assert_eq!(
            parse("****0317093000.000000-480"),
            Ok(timestamp(
                None,
                Some(3),
                Some(17),
                [Some(9), Some(30), Some(0)],
                Some(0),
                -480
            ))
        );
    }

    #[test]
    fn accepts_asterisk_month_between_digits_as_omi_does() {
        assert_eq!(
            parse("1942**21103300.000000-480"),
            Ok(timestamp(
                Some(1942),
                None,
                Some(21),
                [Some(10), Some(33), Some(0)],
                Some(0),
                -480
            ))
        );
    }

    #[test]
    fn accepts_asterisk_utc_offset_as_omi_does_and_reads_it_as_zero() {
        assert_eq!(
            parse("19421121103300.000000+***"),
            Ok(timestamp(
                Some(1942),
                Some(11),
                Some(21),
                [Some(10), Some(33), Some(0)],
                Some(0),
                0
            ))
        );
    }

    #[test]
    fn accepts_reduced_precision_timestamp_from_the_right() {
        assert_eq!(
            parse("2004071912****.******+060"),
            Ok(timestamp(
                Some(2004),
                Some(7),
                Some(19),
                [Some(12), None, None],
                None,
                60
            ))
        );
    }

    #[test]
    fn accepts_all_asterisk_timestamp() {
        assert_eq!(
            parse("**************.******+000"),
            Ok(timestamp(None, None, None, [None; 3], None, 0))
        );
    }

    #[test]
    fn accepts_asterisks_in_interval_fields() {
        assert_eq!(
            parse("00000001******.******:000"),
            Ok(Datetime::Interval {
                days: Some(1),
                hours: None,
                minutes: None,
                seconds: None,
                microseconds: None
            })
        );
    }

    #[test]
    fn keeps_microsecond_digits_before_trailing_asterisks_scaled() {
        let parsed = parse("00000001132312.125***:000");
        assert_eq!(
            parsed,
            Ok(Datetime::Interval {
                days: Some(1),
                hours: Some(13),
                minutes: Some(23),
                seconds: Some(12),
                microseconds: Some(125_000)
            })
        );
        let Ok(Datetime::Timestamp { microseconds, .. }) = parse("20220510113045.1*****-480") else {
            panic!()
        };
        assert_eq!(microseconds, Some(100_000));
    }

    #[test]
    fn rejects_digit_after_asterisk_in_microseconds() {
        rejects("20091225123000.1*3456-360", 17..18, "follows an asterisk");
        rejects("20091225123000.**3456-360", 17..18, "follows an asterisk");
    }

    #[test]
    fn rejects_field_mixing_digits_and_asterisks() {
        rejects(
            "20*91225123000.123456-360",
            0..4,
            "year \"20*9\" mixes digits and asterisks",
        );
        rejects("200912251*3000.123456-360", 8..10, "hour \"1*\" mixes");
        rejects("20091225123000.123456-3**", 22..25, "UTC offset \"3**\" mixes");
        rejects("1234567*121212.123456:000", 0..8, "days \"1234567*\" mixes");
    }

    #[test]
    fn rejects_asterisks_in_interval_ending() {
        rejects("12345678121212.123456:***", 22..23, "character 23 is '*'");
    }

    // Ranges.

    #[test]
    fn rejects_month_out_of_range() {
        rejects("20091325123000.123456-360", 4..6, "month 13 is out of range 01-12");
        rejects("20090025123000.123456-360", 4..6, "month 00 is out of range 01-12");
    }

    #[test]
    fn rejects_day_out_of_range() {
        rejects(
            "20091200123000.123456-360",
            6..8,
            "day 00 is out of range 01-31 for month 12",
        );
        rejects(
            "20091232123000.123456-360",
            6..8,
            "day 32 is out of range 01-31 for month 12",
        );
        rejects(
            "20090431123000.123456-360",
            6..8,
            "day 31 is out of range 01-30 for month 04",
        );
        rejects("2009**32123000.123456-360", 6..8, "day 32 is out of range 01-31");
    }

    #[test]
    fn checks_february_29_against_gregorian_leap_years() {
        assert!(parse("20000229000000.000000+000").is_ok(), "2000 is a leap year");
        assert!(parse("20080229000000.000000+000").is_ok(), "2008 is a leap year");
        assert!(parse("****0229000000.000000+000").is_ok(), "some year is a leap year");
        rejects(
            "19000229000000.000000+000",
            6..8,
            "day 29 is out of range 01-28 for month 02 of year 1900",
        );
        rejects(
            "20090229000000.000000+000",
            6..8,
            "day 29 is out of range 01-28 for month 02 of year 2009",
        );
        rejects(
            "****0230000000.000000+000",
            6..8,
            "day 30 is out of range 01-29 for month 02",
        );
    }

    #[test]
    fn rejects_time_of_day_out_of_range() {
        rejects("20091225243000.123456-360", 8..10, "hour 24 is out of range 00-23");
        rejects("20091225126000.123456-360", 10..12, "minute 60 is out of range 00-59");
    }

    #[test]
    fn rejects_leap_second_like_openpegasus() {
        rejects(
            "20081231235960.000000+000",
            12..14,
            "second 60 is out of range 00-59 (leap seconds are not allowed)",
        );
    }

    #[test]
    fn rejects_interval_time_out_of_range() {
        rejects("00000001240000.000000:000", 8..10, "hours 24 is out of range 00-23");
        rejects("00000001006000.000000:000", 10..12, "minutes 60 is out of range 00-59");
        rejects("00000001000060.000000:000", 12..14, "seconds 60 is out of range 00-59");
    }

    #[test]
    fn accepts_extremes() {
        assert_eq!(
            parse("99991231235959.999999-999"),
            Ok(timestamp(
                Some(9999),
                Some(12),
                Some(31),
                [Some(23), Some(59), Some(59)],
                Some(999_999),
                -999
            ))
        );
        assert_eq!(
            parse("00000101000000.000000+999"),
            Ok(timestamp(Some(0), Some(1), Some(1), [Some(0); 3], Some(0), 999))
        );
        assert_eq!(
            parse("99999999235959.999999:000"),
            Ok(Datetime::Interval {
                days: Some(99_999_999),
                hours: Some(23),
                minutes: Some(59),
                seconds: Some(59),
                microseconds: Some(999_999)
            })
        );
        assert!(parse("00000000000000.000000:000").is_ok());
    }

    // Shape.

    #[test]
    fn rejects_unknown_separator_before_offset() {
        rejects("20091225123000.123456*360", 21..22, "character 22 should be '+' or '-'");
        rejects("20091225123000.123456 360", 21..22, "found ' '");
    }

    #[test]
    fn rejects_wrong_lengths() {
        rejects("", 0..0, "found 0");
        rejects("20091225123000.123456-3600", 0..26, "found 26");
        rejects(" 20091225123000.123456-360", 0..26, "found 26");
    }

    #[test]
    fn counts_characters_not_bytes_and_points_at_the_whole_non_ascii_character() {
        // 25 characters, 26 bytes: the 'é' is character 5 and bytes 4..6.
        rejects("2009é225123000.123456-360", 4..6, "character 5 is 'é'");
        // 24 characters but 25 bytes: a length fault, not a non-ASCII one.
        rejects("2009é25123000.123456-360", 0..25, "found 24");
    }

    #[test]
    fn escapes_control_characters_in_messages() {
        rejects("2009\t225123000.123456-360", 4..5, "'\\t'");
    }

    #[test]
    fn layout_fits_in_25_characters_and_tiles_them() {
        let timestamp = [YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, MICROSECONDS, UTC_OFFSET];
        let interval = [DAYS, HOURS, MINUTES, SECONDS, MICROSECONDS, INTERVAL_END];
        for fields in [&timestamp[..], &interval[..]] {
            let mut covered = [false; LENGTH];
            covered[DOT] = true;
            covered[SIGN] = true;
            for f in fields {
                assert!(f.range().end <= LENGTH, "{} runs past the end", f.name);
                for c in &mut covered[f.range()] {
                    assert!(!*c, "{} overlaps another part", f.name);
                    *c = true;
                }
            }
            assert!(covered.iter().all(|&c| c));
        }
    }

    #[test]
    fn never_panics_and_points_inside_the_string_on_char_boundaries() {
        let bases = [
            "20091225123000.123456-360",
            "12345678121212.123456:000",
            "**************.******+***",
        ];
        let replacements = [
            "", "0", "9", "*", ".", ":", "+", "-", "x", " ", "\0", "é", "€", "😀", "00", "**",
        ];
        for base in bases {
            for i in 0..=base.len() {
                for end in [i, (i + 1).min(base.len())] {
                    for r in replacements {
                        let text = format!("{}{r}{}", &base[..i], &base[end..]);
                        if let Err(e) = parse(&text) {
                            assert!(e.at.start <= e.at.end && e.at.end <= text.len(), "{text:?}: {e:?}");
                            assert!(
                                text.is_char_boundary(e.at.start) && text.is_char_boundary(e.at.end),
                                "{text:?}: {e:?}"
                            );
                            assert!(!e.message.is_empty());
                        }
                    }
                }
            }
        }
    }
}
