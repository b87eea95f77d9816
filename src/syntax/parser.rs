//! Parsing a file: lex, split into declarations, parse each with the LALRPOP parser.
//! Parsing never fails: it returns a syntax tree of everything that could be read, and
//! diagnostics for everything that could not.

use super::ast::File;
use super::builder::{Builder, Context};
use super::chunk::chunks;
use super::grammar::ItemsParser;
use super::lexer::lex;
use crate::diag::Diagnostic;
use crate::source::FileId;

pub struct Parsed {
    pub ast: File,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn parse(file: FileId, text: &str) -> Parsed {
    let lexed = lex(file, text);
    let mut builder = Builder::new(file, &lexed.tokens);
    let parser = ItemsParser::new();
    let mut items = Vec::new();
    // Stretches of text after a syntax error, to the end of its declaration. A lexical error there
    // is most often a consequence (a stray quote turns text inside out), so it is not reported.
    let mut shadowed = Vec::new();
    for chunk in chunks(&lexed.tokens) {
        let errors_before = builder.error_offsets.len();
        let end = lexed.tokens[chunk.end - 1].2;
        let tokens = lexed.tokens[chunk].iter().copied().map(Ok);
        match parser.parse(&mut builder, tokens) {
            Ok(parsed) => items.extend(parsed),
            Err(error) => builder.report(error, Context::Declaration),
        }
        if let Some(&first) = builder.error_offsets.get(errors_before) {
            shadowed.push(first..end);
        }
    }
    let mut diagnostics = lexed.diagnostics;
    diagnostics.retain(|d| {
        let at = d.primary.span.start as usize;
        !shadowed.iter().any(|s| s.start < at && at < s.end)
    });
    diagnostics.append(&mut builder.diagnostics);
    diagnostics.sort_by_key(|d| d.primary.span.start);
    Parsed { ast: File { items, comments: lexed.comments }, diagnostics }
}
