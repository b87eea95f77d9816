//! Parsing a file: lex, split into declarations, parse each with the LALRPOP parser.
//! Parsing never fails: it returns a syntax tree of everything that could be read, and
//! diagnostics for everything that could not.

use std::ops::Range;

use super::ast::File;
use super::builder::{Builder, Context};
use super::chunk::chunks;
use super::cpp::{Macros, preprocess};
use super::grammar::ItemsParser;
use super::lexer::{Lexed, Spanned, lex};
use super::mof3;
use super::token::{Run, Tok};
use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// How deeply `{` may nest in one declaration. The syntax tree of nested embedded instances is
/// recursive, so this bounds the stack that building, checking and dropping it can take.
const MAX_DEPTH: usize = 100;

/// The first `{` that opens level `MAX_DEPTH + 1`, if any.
fn too_deep<'a>(tokens: &'a [Spanned<'a>]) -> Option<&'a Spanned<'a>> {
    let mut depth = 0usize;
    tokens.iter().find(|t| {
        match t.1 {
            Tok::LBrace => depth += 1,
            Tok::RBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth > MAX_DEPTH
    })
}

/// The tokens of `range` as the parser takes them: each run of adjacent string literals as one
/// [`Tok::Strings`], every other token as it is.
fn with_string_runs<'a, 's>(tokens: &'a [Spanned<'s>], range: Range<usize>) -> impl Iterator<Item = Spanned<'s>> + 'a {
    let is_string = |t: &Spanned| matches!(t.1, Tok::String(_));
    let mut next = range.start;
    std::iter::from_fn(move || {
        let first = next;
        let token = *tokens[..range.end].get(first)?;
        let mut last = first;
        if is_string(&token) {
            while last + 1 < range.end && is_string(&tokens[last + 1]) {
                last += 1;
            }
        }
        next = last + 1;
        Some(if last == first {
            token
        } else {
            let run = Run {
                first: first as u32,
                last: last as u32,
            };
            (token.0, Tok::Strings(run), tokens[last].2)
        })
    })
}

pub struct Parsed {
    pub ast: File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a file on its own. Its C macros, if any, are its own; its includes are the unit's
/// business (see `unit.rs`, which runs the preprocessor across files in include order).
pub fn parse(file: FileId, text: &str) -> Parsed {
    let mut lexed = lex(file, text);
    if lexed.has_directives {
        let tokens = std::mem::take(&mut lexed.tokens);
        lexed.tokens = preprocess(
            file,
            tokens,
            &mut Macros::default(),
            &mut |_, _, _| true,
            &mut lexed.diagnostics,
        );
    }
    parse_lexed(file, text, lexed)
}

/// Parses tokens of `text` that are ready for the grammar (preprocessed where needed).
pub fn parse_lexed(file: FileId, text: &str, lexed: Lexed<'_>) -> Parsed {
    let mut builder = Builder::new(file, text, &lexed.tokens);
    let parser = ItemsParser::new();
    let mut items = Vec::new();
    // Stretches of text after a syntax error, to the end of its declaration. A lexical error there
    // is most often a consequence (a stray quote turns text inside out), so it is not reported.
    let mut shadowed = Vec::new();
    for chunk in chunks(&lexed.tokens) {
        let errors_before = builder.error_offsets.len();
        let end = lexed.tokens[chunk.end - 1].2;
        if let Some(at) = too_deep(&lexed.tokens[chunk.clone()]) {
            let d = Diagnostic::new(
                Code::NestingTooDeep,
                file,
                Span::new(at.0, at.2),
                "braces nested too deeply",
            )
            .with_label(format!("more than {MAX_DEPTH} levels of `{{` at this point"));
            builder.diagnostics.push(d);
            continue;
        }
        let tokens = with_string_runs(&lexed.tokens, chunk).map(Ok);
        match parser.parse(&mut builder, tokens) {
            Ok(parsed) => items.extend(parsed),
            Err(error) => builder.report(error, Context::Declaration),
        }
        if let Some(&first) = builder.error_offsets.get(errors_before) {
            shadowed.push(first..end);
        }
    }
    // Every MOF 3.0 construct is an error to a MOF 2 parser, so only a file with errors is
    // looked at again for one (a clean file pays nothing).
    let errors = !lexed.diagnostics.is_empty() || !builder.diagnostics.is_empty();
    if let Some((span, what)) = errors.then(|| mof3::find(text, &lexed.tokens)).flatten() {
        return mof3_file(file, span, what, lexed.comments);
    }
    let mut diagnostics = lexed.diagnostics;
    diagnostics.retain(|d| {
        let at = d.primary.span.start as usize;
        // The stretches are in order and disjoint (one per declaration at most).
        let before = shadowed.partition_point(|s: &std::ops::Range<usize>| s.start < at);
        before.checked_sub(1).is_none_or(|i| at >= shadowed[i].end)
    });
    diagnostics.append(&mut builder.diagnostics);
    diagnostics.sort_by_key(|d| d.primary.span.start);
    Parsed {
        ast: File {
            items,
            comments: lexed.comments,
        },
        diagnostics,
    }
}

/// A MOF 3.0 file: one diagnostic at its first MOF 3.0 construct, and no declarations (what a
/// MOF 2 parser would make of them is wrong; see `mof3.rs`).
fn mof3_file(file: FileId, span: Span, what: &str, comments: Vec<Span>) -> Parsed {
    let d = Diagnostic::new(
        Code::Mof3,
        file,
        span,
        format!("{what} is MOF 3.0 (DSP0221), which mofc does not support yet"),
    )
    .with_label("MOF 3.0")
    .with_help("mofc reads MOF 2 (DSP0004 2.x, with the WMI and OMI extensions); this file is not checked further");
    Parsed {
        ast: File {
            items: Vec::new(),
            comments,
        },
        diagnostics: vec![d],
    }
}
