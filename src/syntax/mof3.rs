//! MOF 3.0 (DSP0221, the MOF of DSP0004 v3) is not read yet. Its constructs are recognised so
//! that a MOF 3.0 file gets one diagnostic that says so, instead of syntax errors about what a
//! MOF 2 parser makes of them (`unexpected character '.'` in `MonthsEnum.January`, then a
//! cascade). The file's declarations are not checked further.

use super::lexer::Spanned;
use super::token::Tok;
use crate::source::Span;

/// The first MOF 3.0 construct of a file's tokens, and what it is in words.
pub fn find(text: &str, tokens: &[Spanned<'_>]) -> Option<(Span, &'static str)> {
    (0..tokens.len()).find_map(|i| declaration(&tokens[i..]).or_else(|| enumeration_value(text, tokens, i)))
}

/// `structure Name {`, `structure Name : Base {` or `enumeration Name : type {` at the start
/// of `tokens`.
fn declaration(tokens: &[Spanned<'_>]) -> Option<(Span, &'static str)> {
    let [
        (start, Tok::Ident(keyword), end),
        (_, Tok::Ident(_), _),
        (_, next, _),
        ..,
    ] = tokens
    else {
        return None;
    };
    let what = match next {
        Tok::LBrace | Tok::Colon if keyword.eq_ignore_ascii_case("structure") => "a `structure` declaration",
        Tok::Colon if keyword.eq_ignore_ascii_case("enumeration") => "an `enumeration` declaration",
        _ => return None,
    };
    Some((Span::new(*start, *end), what))
}

/// `MonthsEnum.January` in the place of a value (after `=`, `(`, `{` or `,`, before `;`, `)`,
/// `}` or `,`), starting at `tokens[i]`. A MOF 2 text has no `.` outside numbers and strings,
/// and a stray one elsewhere (`uint32 a.b;`) stays the character error it is.
fn enumeration_value(text: &str, tokens: &[Spanned<'_>], i: usize) -> Option<(Span, &'static str)> {
    let before = tokens.get(i.checked_sub(1)?)?.1;
    let [
        (start, Tok::Ident(_), end),
        (dot, Tok::Error, dot_end),
        (name, Tok::Ident(_), name_end),
        (_, after, _),
        ..,
    ] = tokens[i..]
    else {
        return None;
    };
    let in_place = matches!(before, Tok::Eq | Tok::LParen | Tok::LBrace | Tok::Comma)
        && matches!(after, Tok::Semi | Tok::RParen | Tok::RBrace | Tok::Comma);
    let written = end == dot && dot_end == name && text.get(dot..dot_end) == Some(".");
    (in_place && written).then(|| (Span::new(start, name_end), "an enumeration value (`Enumeration.Value`)"))
}

#[cfg(test)]
mod tests {
    use super::find;
    use crate::source::FileId;
    use crate::syntax::lexer::lex;

    fn what(text: &str) -> Option<(u32, &'static str)> {
        find(text, &lex(FileId(0), text).tokens).map(|(span, what)| (span.start, what))
    }

    #[test]
    fn constructs_of_mof_3() {
        assert_eq!(
            what("structure S { string a; };"),
            Some((0, "a `structure` declaration"))
        );
        assert_eq!(
            what("enumeration E : uint8 { A = 1 };"),
            Some((0, "an `enumeration` declaration"))
        );
        assert_eq!(
            what("class C { E e = E.A; };"),
            Some((16, "an enumeration value (`Enumeration.Value`)"))
        );
        assert_eq!(
            what("[Q(E.A)] class C { E e[] = {E.A, E.B}; };"),
            Some((3, "an enumeration value (`Enumeration.Value`)"))
        );
    }

    #[test]
    fn mof_2_that_looks_alike_is_not_mof_3() {
        assert_eq!(what("class structure { string enumeration; };"), None);
        assert_eq!(what("class C { structure s; enumeration e = 1.5; };"), None);
        assert_eq!(what("class C { uint8 a@b; };"), None);
        assert_eq!(what("class C { uint8 a.b; };"), None);
        assert_eq!(what("class C { uint8 a = b@c; };"), None);
        assert_eq!(what("class C { string s = \"E.A\"; };"), None);
    }
}
