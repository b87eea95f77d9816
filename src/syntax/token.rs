//! Tokens. Keywords are matched case-insensitively; the grammar accepts them as names too, since
//! MOF keywords are contextual (`class`, `scope` and `ref` are legal property names).
//!
//! Data types, scopes and flavors are deliberately *not* keywords: they are names that the parser
//! checks in context, which keeps the grammar small and lets `int32 weight;` be reported as
//! "unknown data type `int32`" rather than as a token soup.

use logos::Logos;

#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(skip r"([ \t\r\n\x0C]|\\\r?\n)+", error = LexError)]
pub enum Tok<'s> {
    /// `//[^\n]*`, read by [`line_comment`].
    #[token("//", line_comment)]
    LineComment,
    #[token("/*", block_comment)]
    BlockComment,

    #[regex(r"#[ \t]*[pP][rR][aA][gG][mM][aA]")]
    Pragma,
    /// A C preprocessor directive line (`#define`, `#include`, `#ifdef`, ...) with its
    /// continuation lines. WDK sources are written for `cl /EP` before mofcomp; `cpp.rs` runs them.
    #[regex(r"#[ \t]*(define|undef|include|ifdef|ifndef|if|elif|else|endif|error|line)([^\n\\]|\\\r?\n|\\[^\n])*", |lex| lex.slice(), allow_greedy = true)]
    Directive(&'s str),

    #[token("class", ignore(case))]
    Class,
    #[token("instance", ignore(case))]
    Instance,
    #[token("of", ignore(case))]
    Of,
    #[token("as", ignore(case))]
    As,
    #[token("ref", ignore(case))]
    Ref,
    #[token("qualifier", ignore(case))]
    Qualifier,
    #[token("scope", ignore(case))]
    Scope,
    #[token("flavor", ignore(case))]
    Flavor,
    #[token("null", ignore(case))]
    Null,
    #[token("true", ignore(case))]
    True,
    #[token("false", ignore(case))]
    False,

    #[regex(r"[A-Za-z_\u{80}-\u{10FFFF}][A-Za-z0-9_\u{80}-\u{10FFFF}]*", |lex| lex.slice())]
    Ident(&'s str),
    #[regex(r"\$[A-Za-z_\u{80}-\u{10FFFF}][A-Za-z0-9_\u{80}-\u{10FFFF}]*", |lex| &lex.slice()[1..])]
    Alias(&'s str),

    /// Any run that starts like a number. Its form is checked by `literal::parse_number`, so that
    /// `09` or `1.0E` get a precise message instead of being split into several tokens.
    #[regex(r"[+-]?(\.[0-9]|[0-9])([0-9A-Za-z_.]|[eE][+-][0-9])*", |lex| lex.slice())]
    Number(&'s str),
    /// A string literal with its quotes; escapes are checked by `literal::unescape`. Strings may
    /// span lines, as OMI and OpenPegasus accept.
    /// A backslash never escapes a line end (`\r` or `\n`): `"C:\` at the end of a line is
    /// an open string in CRLF files as in LF ones, and its range stays on its line.
    /// Made by [`string`], at a [`Tok::Quote`]: `"([^"\\]|\\[^\r\n])*"`.
    String(&'s str),
    /// A string that the end of the file (or a backslash before a line end) cuts off:
    /// `"([^"\\]|\\[^\r\n])*` not followed by `"`.
    UnterminatedString(&'s str),
    /// The `"` that opens a string: never a token of its own, as [`string`] reads the rest of the
    /// string and gives a [`Tok::String`] or [`Tok::UnterminatedString`]. (Logos can only give
    /// one of several kinds of token from the callback of a variant without data.)
    #[token("\"", string)]
    Quote,
    /// A char16 literal ends on its line; neither form takes in a line end, not even the `\r`
    /// of CRLF, so that ranges never run past the last column.
    #[regex(r#"'([^'\\\r\n]|\\[^\r\n])*'"#, |lex| lex.slice())]
    Char(&'s str),
    #[regex(r#"'([^'\\\r\n]|\\[^\r\n])*"#, |lex| lex.slice())]
    UnterminatedChar(&'s str),

    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token(";")]
    Semi,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    /// Bitwise or, in the constant expressions that C macros expand to: `(0x100 | 0x400)`.
    #[token("|")]
    Pipe,
    #[token("=")]
    Eq,

    /// A character that starts no token. The lexer adapter reports it; the parser sees this token,
    /// which no rule accepts, and recovers.
    Error,

    /// Adjacent string literals (`"a" "b"`, as the CIM Schema splits every description), given
    /// to the parser as one token so that it does not shift and reduce each piece: the parser's
    /// glue makes them (`parser.rs`), never the lexer.
    Strings(Run),
}

/// The string tokens of a [`Tok::Strings`], as indices into the file's tokens (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub first: u32,
    pub last: u32,
}

/// What the lexer itself can find wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LexError {
    #[default]
    UnexpectedCharacter,
    /// A `/*` with no `*/` after it; the rest of the input is the comment.
    UnterminatedComment,
}

/// Reads a string literal after its opening `"`, as the patterns of [`Tok::String`] and
/// [`Tok::UnterminatedString`] say, looking only at quotes and backslashes: descriptions are most
/// of the bytes of a schema, and logos's automaton would take every byte one at a time.
fn string<'s>(lex: &mut logos::Lexer<'s, Tok<'s>>) -> Tok<'s> {
    let rest = lex.remainder().as_bytes();
    let mut at = 0;
    let end = loop {
        let Some(found) = memchr::memchr2(b'"', b'\\', &rest[at..]) else {
            break Err(rest.len());
        };
        let found = at + found;
        if rest[found] == b'"' {
            break Ok(found + 1);
        }
        match rest.get(found + 1) {
            // A backslash escapes the next character, a line end excepted. When that character
            // takes several bytes, the next search starts on a continuation byte, which is
            // neither a quote nor a backslash.
            Some(b'\r' | b'\n') | None => break Err(found),
            Some(_) => at = found + 2,
        }
    };
    match end {
        Ok(end) => {
            lex.bump(end);
            Tok::String(lex.slice())
        }
        Err(end) => {
            lex.bump(end);
            Tok::UnterminatedString(lex.slice())
        }
    }
}

/// Skips to the end of a line comment's line (the `\n` is not part of it).
fn line_comment<'s>(lex: &mut logos::Lexer<'s, Tok<'s>>) {
    let rest = lex.remainder().as_bytes();
    lex.bump(memchr::memchr(b'\n', rest).unwrap_or(rest.len()));
}

/// Skips to the end of a block comment; without one, the comment runs to the end of the input.
fn block_comment<'s>(lex: &mut logos::Lexer<'s, Tok<'s>>) -> logos::FilterResult<(), LexError> {
    match lex.remainder().find("*/") {
        Some(end) => {
            lex.bump(end + 2);
            logos::FilterResult::Emit(())
        }
        None => {
            lex.bump(lex.remainder().len());
            logos::FilterResult::Error(LexError::UnterminatedComment)
        }
    }
}

/// The kinds of text tokens are, by [`Tok::lexeme`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexeme {
    Comment,
    /// `#pragma` and C preprocessor directives.
    Pragma,
    /// `class instance of as ref qualifier scope flavor null true false` (all but `ref` are
    /// names too where a name is expected).
    Keyword,
    Name,
    Alias,
    Number,
    /// A string or char16 literal, whole or unterminated.
    Literal,
    Punctuation,
    Error,
}

impl Tok<'_> {
    /// What kind of text it is, whatever the grammar makes of it (the language server colours
    /// by it, and completes after names).
    pub fn lexeme(&self) -> Lexeme {
        match self {
            Tok::LineComment | Tok::BlockComment => Lexeme::Comment,
            Tok::Pragma | Tok::Directive(_) => Lexeme::Pragma,
            Tok::Class
            | Tok::Instance
            | Tok::Of
            | Tok::As
            | Tok::Ref
            | Tok::Qualifier
            | Tok::Scope
            | Tok::Flavor
            | Tok::Null
            | Tok::True
            | Tok::False => Lexeme::Keyword,
            Tok::Ident(_) => Lexeme::Name,
            Tok::Alias(_) => Lexeme::Alias,
            Tok::Number(_) => Lexeme::Number,
            Tok::String(_)
            | Tok::UnterminatedString(_)
            | Tok::Quote
            | Tok::Char(_)
            | Tok::UnterminatedChar(_)
            | Tok::Strings(_) => Lexeme::Literal,
            Tok::LBrace
            | Tok::RBrace
            | Tok::LBracket
            | Tok::RBracket
            | Tok::LParen
            | Tok::RParen
            | Tok::Semi
            | Tok::Comma
            | Tok::Colon
            | Tok::Pipe
            | Tok::Eq => Lexeme::Punctuation,
            Tok::Error => Lexeme::Error,
        }
    }

    /// How a token is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(name) => format!("`{name}`"),
            Tok::Alias(name) => format!("alias `${name}`"),
            Tok::Number(text) => format!("number `{text}`"),
            Tok::String(_) | Tok::Strings(_) | Tok::UnterminatedString(_) | Tok::Quote => "a string".into(),
            Tok::Char(_) | Tok::UnterminatedChar(_) => "a char16 literal".into(),
            Tok::LineComment | Tok::BlockComment => "a comment".into(),
            Tok::Error => "an invalid character".into(),
            Tok::Directive(_) => "a preprocessor directive".into(),
            other => format!("`{}`", other.keyword_text()),
        }
    }

    /// How a keyword or punctuation token is spelt (in lower case).
    pub(super) fn keyword_text(&self) -> &'static str {
        match self {
            Tok::Pragma => "#pragma",
            Tok::Class => "class",
            Tok::Instance => "instance",
            Tok::Of => "of",
            Tok::As => "as",
            Tok::Ref => "ref",
            Tok::Qualifier => "qualifier",
            Tok::Scope => "scope",
            Tok::Flavor => "flavor",
            Tok::Null => "null",
            Tok::True => "true",
            Tok::False => "false",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Semi => ";",
            Tok::Comma => ",",
            Tok::Colon => ":",
            Tok::Pipe => "|",
            Tok::Eq => "=",
            _ => "",
        }
    }
}
