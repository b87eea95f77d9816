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
    for chunk in chunks(&lexed.tokens) {
        let tokens = lexed.tokens[chunk].iter().copied().map(Ok);
        match parser.parse(&mut builder, tokens) {
            Ok(parsed) => items.extend(parsed),
            Err(error) => builder.report(error, Context::Declaration),
        }
    }
    let mut diagnostics = lexed.diagnostics;
    diagnostics.append(&mut builder.diagnostics);
    diagnostics.sort_by_key(|d| d.primary.span.start);
    Parsed { ast: File { items, comments: lexed.comments }, diagnostics }
}
