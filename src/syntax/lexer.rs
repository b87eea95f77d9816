//! Runs the logos lexer over a whole file: tokens for the parser, comments kept aside, and
//! lexical errors reported. Lexing never fails; a bad character becomes a `Tok::Error` that the
//! parser recovers from.

use logos::Logos;

use super::token::{LexError, Tok};
use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

pub type Spanned<'s> = (usize, Tok<'s>, usize);

pub struct Lexed<'s> {
    pub tokens: Vec<Spanned<'s>>,
    pub comments: Vec<Span>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the text has C preprocessor directives, which `cpp.rs` must run.
    pub has_directives: bool,
}

pub fn lex(file: FileId, text: &str) -> Lexed<'_> {
    let mut out = Lexed {
        tokens: Vec::with_capacity(text.len() / 6),
        comments: Vec::new(),
        diagnostics: Vec::new(),
        has_directives: false,
    };
    let mut lexer = Tok::lexer(text);
    while let Some(mut result) = lexer.next() {
        let mut range = lexer.span();
        // A line comment or directive ends before the `\r` of a CRLF line end, so that its
        // range (and a diagnostic on it) stays within the line's columns.
        if matches!(result, Ok(Tok::LineComment | Tok::Directive(_))) && text[..range.end].ends_with('\r') {
            range.end -= 1;
            if let Ok(Tok::Directive(directive)) = &mut result {
                *directive = &directive[..directive.len() - 1];
            }
        }
        let span = Span::new(range.start, range.end);
        let token = match result {
            Ok(Tok::LineComment | Tok::BlockComment) => {
                out.comments.push(span);
                continue;
            }
            Ok(Tok::UnterminatedString(_)) => {
                let start = Span::new(range.start, range.start + 1);
                let d = Diagnostic::new(Code::UnterminatedString, file, start, "this string is never closed")
                    .with_label("the string starts here and runs to the end of the file")
                    .with_help("add the closing `\"`; a stray quote earlier in the file can cause this too");
                out.diagnostics.push(d);
                Tok::Error
            }
            Ok(Tok::UnterminatedChar(_)) => {
                let d = Diagnostic::new(
                    Code::UnterminatedString,
                    file,
                    span,
                    "this char16 literal has no closing quote on its line",
                )
                .with_label("the literal starts here");
                out.diagnostics.push(d);
                Tok::Error
            }
            Ok(token) => {
                out.has_directives |= matches!(token, Tok::Directive(_));
                token
            }
            Err(LexError::UnterminatedComment) => {
                out.comments.push(span);
                let start = Span::new(range.start, range.start + 2);
                out.diagnostics.push(
                    Diagnostic::new(
                        Code::UnterminatedComment,
                        file,
                        start,
                        "this block comment is never closed",
                    )
                    .with_label("the comment starts here and runs to the end of the file")
                    .with_help("close it with `*/`"),
                );
                continue;
            }
            Err(LexError::UnexpectedCharacter) => {
                // One diagnostic for a run of bad characters, not one per character.
                if let Some(last) = out
                    .tokens
                    .last_mut()
                    .filter(|t| t.1 == Tok::Error && t.2 == range.start)
                {
                    last.2 = range.end;
                    if let Some(d) = out
                        .diagnostics
                        .last_mut()
                        .filter(|d| d.code == Code::UnexpectedCharacter)
                    {
                        d.primary.span.end = range.end as u32;
                    }
                    continue;
                }
                let c = text[range.clone()].chars().next().unwrap_or('?');
                out.diagnostics.push(Diagnostic::new(
                    Code::UnexpectedCharacter,
                    file,
                    span,
                    format!("unexpected character `{}` (U+{:04X})", c.escape_debug(), c as u32),
                ));
                Tok::Error
            }
        };
        out.tokens.push((range.start, token, range.end));
    }
    out
}

/// The directive names of [`Tok::Directive`], as its pattern in `token.rs` lists them.
const DIRECTIVES: [&str; 11] = [
    "define", "undef", "include", "ifdef", "ifndef", "if", "elif", "else", "endif", "error", "line",
];

/// Whether `text` may have C preprocessor directives: `false` only if no `#` in it starts one,
/// wherever it stands (a `#` in a string or comment is not a directive, which only [`lex`] can
/// tell). A compilation's entry file is checked for directives before it is parsed; this spares
/// lexing it twice when it has none (the CIM Schema as one file: 5.4 MB).
pub fn may_have_directives(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'#', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        let name = &rest[rest.iter().take_while(|&&b| b == b' ' || b == b'\t').count()..];
        DIRECTIVES.iter().any(|d| name.starts_with(d.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok<'_>> {
        lex(FileId(0), text).tokens.into_iter().map(|t| t.1).collect()
    }

    #[test]
    fn the_directive_names_are_those_of_the_token_pattern() {
        // `may_have_directives` would say "none" for a directive its list lacks, and the file
        // would be parsed without its macros: the two lists must agree.
        let source = include_str!("token.rs");
        let start = source.find(r"#[ \t]*(").expect("the pattern of Tok::Directive") + r"#[ \t]*(".len();
        let names: Vec<&str> = source[start..][..source[start..].find(')').unwrap()]
            .split('|')
            .collect();
        assert_eq!(names, DIRECTIVES);
        for name in DIRECTIVES {
            let text = format!("#{name} X\n");
            assert!(matches!(kinds(&text)[0], Tok::Directive(_)), "{name}");
            assert!(may_have_directives(&text), "{name}");
        }
    }

    #[test]
    fn keywords_are_case_insensitive() {
        assert_eq!(kinds("CLASS Instance oF"), vec![Tok::Class, Tok::Instance, Tok::Of]);
        assert_eq!(kinds("classes"), vec![Tok::Ident("classes")]);
        assert_eq!(kinds("# pragma"), vec![Tok::Pragma]);
    }

    #[test]
    fn literals_and_aliases() {
        assert_eq!(
            kinds(r#"$a1 -12 0x1F 1.0E-3 .5 "s\"x" 'c'"#),
            vec![
                Tok::Alias("a1"),
                Tok::Number("-12"),
                Tok::Number("0x1F"),
                Tok::Number("1.0E-3"),
                Tok::Number(".5"),
                Tok::String(r#""s\"x""#),
                Tok::Char("'c'"),
            ]
        );
    }

    #[test]
    fn comments_are_kept_aside() {
        let lexed = lex(FileId(0), "a // one\n/* two\n */ b");
        assert_eq!(lexed.tokens.len(), 2);
        assert_eq!(lexed.comments, vec![Span::new(2, 8), Span::new(9, 19)]);
    }

    #[test]
    fn errors_do_not_stop_lexing() {
        let lexed = lex(FileId(0), "a @@ b 'x\nc /* never closed");
        let codes: Vec<Code> = lexed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![
                Code::UnexpectedCharacter,
                Code::UnterminatedString,
                Code::UnterminatedComment
            ]
        );
        assert_eq!(lexed.diagnostics[0].primary.span, Span::new(2, 4));
        assert_eq!(lexed.diagnostics[2].primary.span, Span::new(12, 14));
        let kinds: Vec<Tok> = lexed.tokens.iter().map(|t| t.1).collect();
        assert_eq!(
            kinds,
            vec![
                Tok::Ident("a"),
                Tok::Error,
                Tok::Ident("b"),
                Tok::Error,
                Tok::Ident("c")
            ]
        );
    }

    #[test]
    fn strings_span_lines_and_an_open_one_runs_to_the_end() {
        assert_eq!(kinds("\"a\nb\" x"), vec![Tok::String("\"a\nb\""), Tok::Ident("x")]);
        let lexed = lex(FileId(0), "x = \"open;\n};\n");
        assert_eq!(lexed.diagnostics.len(), 1);
        assert_eq!(lexed.diagnostics[0].code, Code::UnterminatedString);
        assert_eq!(lexed.diagnostics[0].primary.span, Span::new(4, 5));
    }

    #[test]
    fn ranges_end_before_the_line_end_in_crlf_files() {
        let lexed = lex(FileId(0), "// c\r\n#define X 1\r\nx = 'a;\r\ny = \"b\\\r\n");
        assert_eq!(lexed.comments, vec![Span::new(0, 4)]);
        assert_eq!(lexed.tokens[0], (6, Tok::Directive("#define X 1"), 17));
        let spans: Vec<(Code, Span)> = lexed.diagnostics.iter().map(|d| (d.code, d.primary.span)).collect();
        // `'a;` stops before `\r`; `"b` is open, as with LF, and its `\`+CRLF a continuation.
        assert_eq!(
            spans,
            vec![
                (Code::UnterminatedString, Span::new(23, 26)),
                (Code::UnterminatedString, Span::new(32, 33))
            ]
        );
        assert_eq!(kinds("y = \"b\\\r\n"), kinds("y = \"b\\\n"));
    }

    #[test]
    fn a_text_without_directive_names_after_hash_has_no_directives() {
        for text in [
            "#pragma include (\"a.mof\")\nclass A {};",
            "# define X 1\n",
            "class A {}; #\tifdef X\n#endif",
            "x = \"#if\"; // #include\n",
            "#pragma #",
            "",
        ] {
            let lexed = lex(FileId(0), text).has_directives;
            assert!(!lexed || may_have_directives(text), "{text:?}");
        }
        assert!(!may_have_directives("#pragma include (\"a.mof\")\n// #, # pragma"));
        assert!(may_have_directives("#  define X"));
        // A directive name in a string is a false alarm, which the lexer then settles.
        assert!(may_have_directives("x = \"#if\";"));
    }

    #[test]
    fn strings_end_at_an_unescaped_quote_or_before_a_backslash_at_a_line_end() {
        let lexed = |text| {
            lex(FileId(0), text)
                .tokens
                .into_iter()
                .map(|t| (t.0, t.1, t.2))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lexed(r#""a\"b" x"#),
            vec![(0, Tok::String(r#""a\"b""#), 6), (7, Tok::Ident("x"), 8)]
        );
        assert_eq!(lexed(r#""\\" "\é\"""#)[1], (5, Tok::String(r#""\é\"""#), 12));
        assert_eq!(
            lexed("\"é\"//\"\n\"x\""),
            vec![(0, Tok::String("\"é\""), 4), (8, Tok::String("\"x\""), 11)]
        );
        // A backslash before a line end or the end of the text cuts the string off before it.
        assert_eq!(lexed("\"ab\\\nc\"")[0], (0, Tok::Error, 3));
        // (The lone `\` after it is an unexpected character, reported with the string.)
        assert_eq!(lexed("\"ab\\")[0], (0, Tok::Error, 4));
        assert_eq!(lexed("\"ab\\x")[0], (0, Tok::Error, 5));
        assert!(lexed("\"").iter().all(|t| t.1 == Tok::Error));
        assert_eq!(kinds("// c\n\"s\""), vec![Tok::String("\"s\"")]);
        assert_eq!(lex(FileId(0), "x // c").comments, vec![Span::new(2, 6)]);
    }

    #[test]
    fn a_backslash_newline_is_a_line_continuation() {
        assert_eq!(kinds("a, \\\n b"), vec![Tok::Ident("a"), Tok::Comma, Tok::Ident("b")]);
    }
}
