//! `mofc fmt`: the canonical layout of MOF source, comments kept.
//!
//! The formatter changes nothing but whitespace: the layout (`layout.rs`) walks the file's
//! tokens in order and the builder (`builder.rs`) emits each one exactly as written, with the
//! comments around it, into a document (`doc.rs`) whose line breaks the printer chooses from the
//! width. The result is then lexed again and compared with the source, token by token and comment
//! by comment; should they differ, the file is left as it is. A file with syntax errors is never
//! formatted: its diagnostics are returned instead.
//!
//! Line endings are kept (a file whose lines mostly end in CRLF stays CRLF); encodings are the
//! caller's business (`source::Encoding`).

mod builder;
mod doc;
mod layout;

use std::borrow::Cow;
use std::fmt;

use crate::diag::{Code, Diagnostic};
use crate::source::FileId;
use crate::syntax::lexer::lex;
use crate::syntax::parse;
use crate::syntax::token::Tok;

/// The width the printer fills lines to, where breaks allow.
pub const WIDTH: usize = 100;

/// What formatting a file gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formatted {
    /// The canonical text (which may be the text given).
    Text(String),
    /// The file is left as it is, for this reason.
    Unchanged(Reason),
}

/// Why a file that parses is left as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A C preprocessor directive stands inside a declaration, where moving it could change what
    /// the preprocessor does.
    DirectiveInDeclaration,
    /// A C macro stands for more than one token, so the declarations as written do not follow
    /// the grammar.
    Macro,
    /// A construct the layout does not know; a bug of the formatter.
    Unknown,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::DirectiveInDeclaration => "a preprocessor directive stands inside a declaration",
            Reason::Macro => "a C macro hides the structure of a declaration",
            Reason::Unknown => "the formatter cannot lay out a construct of this file safely",
        })
    }
}

/// Formats a file's text, or returns its diagnostics when it has syntax errors. A file that
/// cannot be formatted safely comes back unchanged; [`format`] says why.
pub fn format_text(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    Ok(match format(file, text)? {
        Formatted::Text(formatted) => formatted,
        Formatted::Unchanged(_) => text.to_owned(),
    })
}

/// Formats a file's text: the canonical text, or why the file is left as it is; its diagnostics
/// when it has syntax errors.
pub fn format(file: FileId, text: &str) -> Result<Formatted, Vec<Diagnostic>> {
    let parsed = parse(file, text);
    if parsed.diagnostics.iter().any(blocks_formatting) {
        return Err(parsed.diagnostics);
    }
    let crlf = mostly_crlf(text);
    let source: Cow<str> = if crlf {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    };
    let lexed = lex(file, &source);
    let mut builder = builder::Builder::new(&source, &lexed.tokens, &lexed.comments);
    if let Err(stop) = layout::file(&mut builder) {
        let reason = match lexed.tokens.get(stop.at).map(|t| t.1) {
            Some(Tok::Directive(_)) => Reason::DirectiveInDeclaration,
            _ if lexed.has_directives => Reason::Macro,
            _ => Reason::Unknown,
        };
        return Ok(Formatted::Unchanged(reason));
    }
    let mut formatted = doc::print(&builder.finish(), WIDTH);
    if crlf {
        formatted = formatted.replace('\n', "\r\n");
    }
    if !same_tokens_and_comments(file, text, &formatted) {
        return Ok(Formatted::Unchanged(Reason::Unknown));
    }
    Ok(Formatted::Text(formatted))
}

/// Errors that leave the structure of the file in doubt stop formatting: bad characters, unclosed
/// strings and comments, syntax errors, directives that cannot be run. Errors in what a
/// well-formed declaration says (a literal out of range, an unknown type or flavor, a name left
/// undefined by C macros that another file may define) change nothing of its layout.
fn blocks_formatting(d: &Diagnostic) -> bool {
    d.is_error()
        && matches!(
            d.code,
            Code::UnexpectedCharacter
                | Code::UnterminatedString
                | Code::UnterminatedComment
                | Code::SyntaxError
                | Code::UnexpectedEof
                | Code::NestingTooDeep
                | Code::InvalidDirective
        )
}

/// Whether most line breaks are CRLF.
fn mostly_crlf(text: &str) -> bool {
    let breaks = text.matches('\n').count();
    let crlf = text.matches("\r\n").count();
    crlf * 2 > breaks
}

/// Whether two texts have the same tokens, each spelled the same, and the same comments (up to
/// trailing whitespace and carriage returns). This is what "only whitespace changed" means.
fn same_tokens_and_comments(file: FileId, before: &str, after: &str) -> bool {
    let (a, b) = (lex(file, before), lex(file, after));
    let tokens = |text: &str, lexed: &crate::syntax::lexer::Lexed<'_>| -> Vec<String> {
        lexed.tokens.iter().map(|t| text[t.0..t.2].to_owned()).collect()
    };
    let comments = |text: &str, lexed: &crate::syntax::lexer::Lexed<'_>| -> Vec<String> {
        lexed
            .comments
            .iter()
            .map(|c| text[c.range()].replace('\r', "").trim_end().to_owned())
            .collect()
    };
    tokens(before, &a) == tokens(after, &b) && comments(before, &a) == comments(after, &b)
}
