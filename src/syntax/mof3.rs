//! MOF 3.0 (DSP0221, the MOF of DSP0004 v3) is not read yet. Its constructs are recognised so
//! that a MOF 3.0 file gets one diagnostic that says so, instead of syntax errors about what a
//! MOF 2 parser makes of them (`unexpected character '.'` in `MonthsEnum.January`, then a
//! cascade). The file's declarations are not checked further.

use super::lexer::Spanned;
use super::token::Tok;
use crate::source::Span;

/// The first MOF 3.0 construct of a file's tokens, and what it is in words.
pub fn find(text: &str, tokens: &[Spanned<'_>]) -> Option<(Span, &'static str)> {
    tokens.windows(3).find_map(|w| {
        let ((start, first, end), (_, second, _), (_, third, third_end)) = (w[0], w[1], w[2]);
        let keyword = |k: &str| matches!(first, Tok::Ident(name) if name.eq_ignore_ascii_case(k));
        let at = Span::new(start, end);
        match (second, third) {
            // `structure Name {` or `structure Name : Base {`
            (Tok::Ident(_), Tok::LBrace | Tok::Colon) if keyword("structure") => {
                Some((at, "a `structure` declaration"))
            }
            // `enumeration Name : type {`
            (Tok::Ident(_), Tok::Colon) if keyword("enumeration") => Some((at, "an `enumeration` declaration")),
            // `MonthsEnum.January`, written without spaces: a MOF 2 text has no `.` outside
            // numbers and strings.
            (Tok::Error, Tok::Ident(_))
                if matches!(first, Tok::Ident(_))
                    && end == w[1].0
                    && w[1].2 == w[2].0
                    && text.get(w[1].0..w[1].2) == Some(".") =>
            {
                Some((
                    Span::new(start, third_end),
                    "an enumeration value (`Enumeration.Value`)",
                ))
            }
            _ => None,
        }
    })
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
    }

    #[test]
    fn mof_2_that_looks_alike_is_not_mof_3() {
        assert_eq!(what("class structure { string enumeration; };"), None);
        assert_eq!(what("class C { structure s; enumeration e = 1.5; };"), None);
        assert_eq!(what("class C { uint8 a @b; };"), None);
        assert_eq!(what("class C { string s = \"E.A\"; };"), None);
    }
}
