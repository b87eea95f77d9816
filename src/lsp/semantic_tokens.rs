//! Semantic tokens (`textDocument/semanticTokens/full`, `/range` and `/full/delta`): every token
//! of a document classified for highlighting, with the standard token types and modifiers of the
//! protocol's legend, so that every theme colours them.
//!
//! The lexer gives every token and comment of the text; the syntax tree says what each name is
//! (a class declared or used, a property, a qualifier...); the classes the compilation declares
//! give the modifiers of a class where it is used (`Abstract` and `Deprecated` are restricted
//! qualifiers: a class has them only from its own declaration). One pass over the tokens, the
//! names of the tree sorted beside them (they come nearly in order) and positions found by
//! walking the text once: linear in the document.
//!
//! A token spanning lines (a comment, a string, a directive with continuation lines) is sent as
//! one token per line, since the server does not ask whether the client supports multi-line
//! tokens.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    Range, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensDelta,
    SemanticTokensEdit, SemanticTokensFullDeltaResult, SemanticTokensLegend,
};

use super::position::{Lines, Walk};
use super::workspace::{Compilation, Workspace};
use crate::source::Span;
use crate::syntax::ast::{
    ClassDecl, Feature, File, InstanceDecl, Item, PragmaArg, PropertyDecl, Qualifier, Type, Value, ValueKind,
};
use crate::syntax::lexer;
use crate::syntax::token::{Lexeme, Tok};

/// The token types, in the order of [`Kind`].
const TYPES: [SemanticTokenType; 12] = [
    SemanticTokenType::CLASS,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::METHOD,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::DECORATOR,
    SemanticTokenType::KEYWORD,
    SemanticTokenType::TYPE,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::MACRO,
    SemanticTokenType::VARIABLE,
];

/// What a token is, as an index into [`TYPES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Class,
    Property,
    Method,
    Parameter,
    /// A qualifier, declared or used.
    Qualifier,
    /// A keyword, and the scope and flavor names, which are keywords in context.
    Keyword,
    /// An intrinsic data type, or `void`.
    Type,
    String,
    Number,
    Comment,
    /// `#pragma` with its name, a C preprocessor directive, a macro name left in a value.
    Pragma,
    Alias,
}

/// The modifiers, in the order of their bits.
const MODIFIERS: [SemanticTokenModifier; 5] = [
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::READONLY,
    SemanticTokenModifier::DEPRECATED,
    SemanticTokenModifier::STATIC,
    SemanticTokenModifier::ABSTRACT,
];
const DECLARATION: u32 = 1;
const READONLY: u32 = 1 << 1;
const DEPRECATED: u32 = 1 << 2;
const STATIC: u32 = 1 << 3;
const ABSTRACT: u32 = 1 << 4;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

/// How a token is shown: its kind and modifier bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    kind: Kind,
    modifiers: u32,
}

/// The tokens of the document at `path` that meet `within` (every token without it).
pub fn tokens(workspace: &Workspace, path: &Path, within: Option<Range>) -> Option<Vec<SemanticToken>> {
    let (compilation, file) = workspace.compilation_of(path)?;
    let text = &compilation.unit.sources.get(file).text;
    let within = match within {
        Some(range) => {
            let lines = Lines::new(text, workspace.encoding);
            Span::new(lines.offset(range.start) as usize, lines.offset(range.end) as usize)
        }
        None => Span::new(0, text.len()),
    };
    let names = Names::of(compilation, &compilation.unit.files[file.0 as usize]);
    let mut out = Encoder {
        text,
        walk: Walk::new(text, workspace.encoding),
        last: lsp_types::Position::default(),
        tokens: Vec::new(),
    };
    let lexed = lexer::lex(file, text);
    let mut comments = lexed.comments.iter().peekable();
    let mut named = names.styles.iter().peekable();
    for &(start, token, end) in &lexed.tokens {
        let span = Span::new(start, end);
        while let Some(comment) = comments.next_if(|c| c.start < span.start) {
            out.emit(*comment, within, plain(Kind::Comment));
        }
        // The name the tree has at this token, if any.
        while named.next_if(|(at, _)| *at < span.start).is_some() {}
        let named = named.next_if(|(at, _)| *at == span.start).map(|&(_, style)| style);
        if let Some(style) = named.or_else(|| lexical(token)) {
            out.emit(span, within, style);
        }
    }
    for comment in comments {
        out.emit(*comment, within, plain(Kind::Comment));
    }
    Some(out.tokens)
}

fn plain(kind: Kind) -> Style {
    Style { kind, modifiers: 0 }
}

/// The style a token has by itself; names are left to the tree.
fn lexical(token: Tok) -> Option<Style> {
    let kind = match token.lexeme() {
        Lexeme::Comment => Kind::Comment,
        Lexeme::Pragma => Kind::Pragma,
        Lexeme::Keyword => Kind::Keyword,
        Lexeme::Alias => Kind::Alias,
        Lexeme::Number => Kind::Number,
        Lexeme::Literal => Kind::String,
        Lexeme::Name | Lexeme::Punctuation | Lexeme::Error => return None,
    };
    Some(plain(kind))
}

/// Tokens in the protocol's relative encoding.
struct Encoder<'t> {
    text: &'t str,
    walk: Walk<'t>,
    /// Where the last token sent starts.
    last: lsp_types::Position,
    tokens: Vec<SemanticToken>,
}

impl Encoder<'_> {
    /// Sends the part of `span` in `within`, one token per line.
    fn emit(&mut self, span: Span, within: Span, style: Style) {
        if span.end <= within.start || span.start >= within.end {
            return;
        }
        let bytes = self.text.as_bytes();
        let mut start = span.start as usize;
        let mut i = start;
        let end = span.end as usize;
        while i < end {
            match bytes[i] {
                b'\r' | b'\n' => {
                    self.segment(start, i, style);
                    i += if bytes[i..].starts_with(b"\r\n") { 2 } else { 1 };
                    start = i;
                }
                _ => i += 1,
            }
        }
        self.segment(start, end.min(bytes.len()), style);
    }

    fn segment(&mut self, start: usize, end: usize, style: Style) {
        let from = self.walk.to(start as u32);
        let to = self.walk.to(end as u32);
        let length = to.character.saturating_sub(from.character);
        if length == 0 {
            return;
        }
        let delta_line = from.line - self.last.line;
        let delta_start = if delta_line == 0 {
            from.character - self.last.character
        } else {
            from.character
        };
        self.tokens.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: style.kind as u32,
            token_modifiers_bitset: style.modifiers,
        });
        self.last = from;
    }
}

/// What the names of a file are, by where they start, from its syntax tree.
struct Names<'a> {
    /// The classes the compilation declares, by name in lower case.
    classes: HashMap<String, &'a ClassDecl>,
    /// The properties those classes declare, by `class.property` in lower case: made at the
    /// first property an instance sets, so that finding one costs a few lookups per class of
    /// its chain rather than a search of each class's members.
    properties: OnceCell<HashMap<String, &'a PropertyDecl>>,
    styles: Vec<(u32, Style)>,
}

impl<'a> Names<'a> {
    fn of(compilation: &'a Compilation, file: &'a File) -> Names<'a> {
        let classes = compilation
            .unit
            .classes()
            .map(|(_, class)| (class.name.text.to_ascii_lowercase(), class))
            .collect();
        let mut names = Names {
            classes,
            properties: OnceCell::new(),
            styles: Vec::new(),
        };
        for item in &file.items {
            match item {
                Item::Pragma(pragma) => {
                    names.add(pragma.name.span, plain(Kind::Pragma));
                    for arg in &pragma.args {
                        if let PragmaArg::Name(name) = arg {
                            names.add(name.span, plain(Kind::Keyword));
                        }
                    }
                }
                Item::Qualifier(decl) => {
                    names.add(
                        decl.name.span,
                        Style {
                            kind: Kind::Qualifier,
                            modifiers: DECLARATION,
                        },
                    );
                    if let Some(ty) = &decl.ty {
                        names.ty(ty);
                    }
                    if let Some(value) = &decl.default {
                        names.value(value);
                    }
                    let scopes = decl.scopes.iter().map(|&(_, span)| span);
                    for span in scopes.chain(decl.flavors.iter().map(|&(_, span)| span)) {
                        names.add(span, plain(Kind::Keyword));
                    }
                }
                Item::Class(class) => names.class(class),
                Item::Instance(instance) => names.instance(instance),
            }
        }
        // Nearly in order already (a stable sort is linear on sorted runs).
        names.styles.sort_by_key(|&(start, _)| start);
        names
    }

    fn add(&mut self, span: Span, style: Style) {
        self.styles.push((span.start, style));
    }

    fn class(&mut self, class: &'a ClassDecl) {
        self.qualifiers(&class.qualifiers);
        let modifiers = DECLARATION | class_modifiers(class);
        self.add(
            class.name.span,
            Style {
                kind: Kind::Class,
                modifiers,
            },
        );
        if let Some(superclass) = &class.superclass {
            self.class_use(&superclass.text, superclass.span);
        }
        if let Some(alias) = &class.alias {
            self.add(
                alias.span,
                Style {
                    kind: Kind::Alias,
                    modifiers: DECLARATION,
                },
            );
        }
        for feature in &class.features {
            match feature {
                Feature::Property(decl) => self.typed(decl, Kind::Property),
                Feature::Method(method) => {
                    self.qualifiers(&method.qualifiers);
                    self.ty(&method.return_type);
                    let mut modifiers = DECLARATION;
                    if flag(&method.qualifiers, "Static") {
                        modifiers |= STATIC;
                    }
                    if flag(&method.qualifiers, "Deprecated") {
                        modifiers |= DEPRECATED;
                    }
                    self.add(
                        method.name.span,
                        Style {
                            kind: Kind::Method,
                            modifiers,
                        },
                    );
                    for param in &method.params {
                        self.typed(param, Kind::Parameter);
                    }
                }
            }
        }
    }

    /// A property or a parameter.
    fn typed(&mut self, decl: &'a PropertyDecl, kind: Kind) {
        self.qualifiers(&decl.qualifiers);
        self.ty(&decl.ty);
        self.add(
            decl.name.span,
            Style {
                kind,
                modifiers: DECLARATION | property_modifiers(&decl.qualifiers),
            },
        );
        if let Some(value) = &decl.default {
            self.value(value);
        }
    }

    fn ty(&mut self, ty: &Type) {
        match ty {
            Type::Intrinsic(_, span) | Type::Void(span) => self.add(*span, plain(Kind::Type)),
            Type::Ref(name) | Type::Class(name) => self.class_use(&name.text, name.span),
        }
    }

    fn class_use(&mut self, name: &str, span: Span) {
        let modifiers = self
            .classes
            .get(&name.to_ascii_lowercase())
            .map_or(0, |decl| class_modifiers(decl));
        self.add(
            span,
            Style {
                kind: Kind::Class,
                modifiers,
            },
        );
    }

    fn qualifiers(&mut self, qualifiers: &'a [Qualifier]) {
        for q in qualifiers {
            self.add(q.name.span, plain(Kind::Qualifier));
            if let Some(value) = &q.value {
                self.value(value);
            }
            for &(_, span) in &q.flavors {
                self.add(span, plain(Kind::Keyword));
            }
        }
    }

    fn instance(&mut self, instance: &'a InstanceDecl) {
        self.qualifiers(&instance.qualifiers);
        self.class_use(&instance.class.text, instance.class.span);
        if let Some(alias) = &instance.alias {
            self.add(
                alias.span,
                Style {
                    kind: Kind::Alias,
                    modifiers: DECLARATION,
                },
            );
        }
        for value in &instance.properties {
            self.qualifiers(&value.qualifiers);
            let declared = self.property(&instance.class.text, &value.name.text);
            self.add(
                value.name.span,
                Style {
                    kind: Kind::Property,
                    modifiers: declared.map_or(0, |decl| property_modifiers(&decl.qualifiers)),
                },
            );
            if let Some(v) = &value.value {
                self.value(v);
            }
        }
    }

    /// The declaration of property `name` in class `class` or the nearest of its ancestors
    /// that the compilation declares.
    fn property(&self, class: &str, name: &str) -> Option<&'a PropertyDecl> {
        let properties = self.properties.get_or_init(|| {
            let mut properties = HashMap::new();
            for (class, decl) in &self.classes {
                for feature in &decl.features {
                    if let Feature::Property(p) = feature {
                        properties.insert(format!("{class}.{}", p.name.text.to_ascii_lowercase()), p);
                    }
                }
            }
            properties
        });
        let name = name.to_ascii_lowercase();
        let mut class = class.to_ascii_lowercase();
        // A chain of superclasses that loops (reported elsewhere) is followed a bounded time.
        for _ in 0..64 {
            if let Some(&found) = properties.get(&format!("{class}.{name}")) {
                return Some(found);
            }
            class = self.classes.get(&class)?.superclass.as_ref()?.text.to_ascii_lowercase();
        }
        None
    }

    fn value(&mut self, value: &'a Value) {
        match &value.kind {
            ValueKind::Array(items) => items.iter().for_each(|v| self.value(v)),
            ValueKind::Instance(instance) => self.instance(instance),
            ValueKind::Constant(name) => self.add(name.span, plain(Kind::Pragma)),
            _ => {}
        }
    }
}

/// Whether a qualifier is in force: present, and not set to false.
fn flag(qualifiers: &[Qualifier], name: &str) -> bool {
    qualifiers.iter().any(|q| {
        q.name.is(name)
            && !matches!(
                q.value,
                Some(Value {
                    kind: ValueKind::Bool(false),
                    ..
                })
            )
    })
}

fn class_modifiers(class: &ClassDecl) -> u32 {
    let mut modifiers = 0;
    if flag(&class.qualifiers, "Abstract") {
        modifiers |= ABSTRACT;
    }
    if flag(&class.qualifiers, "Deprecated") {
        modifiers |= DEPRECATED;
    }
    modifiers
}

/// `readonly` for a property that can be read and not written (`Read` without `Write`, as DSC
/// resources mark their output properties), `static`, `deprecated`.
fn property_modifiers(qualifiers: &[Qualifier]) -> u32 {
    let mut modifiers = 0;
    if flag(qualifiers, "Read") && !flag(qualifiers, "Write") {
        modifiers |= READONLY;
    }
    if flag(qualifiers, "Static") {
        modifiers |= STATIC;
    }
    if flag(qualifiers, "Deprecated") {
        modifiers |= DEPRECATED;
    }
    modifiers
}

/// The tokens last sent for each document, with the `resultId` they were sent under, so that
/// `/full/delta` can answer with what changed. Kept behind a `RefCell`: requests are answered
/// on the server's one thread, through a shared reference to the server.
#[derive(Default)]
pub struct Sent {
    last: RefCell<HashMap<PathBuf, (String, Vec<SemanticToken>)>>,
    count: Cell<u64>,
}

impl Sent {
    /// Every token of the document, kept under a new `resultId`.
    pub fn full(&self, workspace: &Workspace, path: &Path) -> Option<SemanticTokens> {
        let data = tokens(workspace, path, None)?;
        let result_id = Some(self.keep(path, data.clone()));
        Some(SemanticTokens { result_id, data })
    }

    /// What changed since the tokens sent as `previous`, or every token if they are not kept.
    pub fn delta(&self, workspace: &Workspace, path: &Path, previous: &str) -> Option<SemanticTokensFullDeltaResult> {
        let data = tokens(workspace, path, None)?;
        let edits = match self.last.borrow().get(path) {
            Some((id, old)) if id == previous => Some(edits(old, &data)),
            _ => None,
        };
        let result_id = Some(self.keep(path, data.clone()));
        Some(match edits {
            Some(edits) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta { result_id, edits }),
            None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens { result_id, data }),
        })
    }

    /// Drops what was sent for a document that was closed.
    pub fn forget(&self, path: &Path) {
        self.last.borrow_mut().remove(path);
    }

    fn keep(&self, path: &Path, data: Vec<SemanticToken>) -> String {
        self.count.set(self.count.get() + 1);
        let id = self.count.get().to_string();
        self.last.borrow_mut().insert(path.to_path_buf(), (id.clone(), data));
        id
    }
}

/// One edit replacing the tokens between the common start and the common end of `old` and
/// `new` (none if they are the same). Offsets count integers, five per token.
fn edits(old: &[SemanticToken], new: &[SemanticToken]) -> Vec<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let deleted = old.len() - prefix - suffix;
    let inserted = &new[prefix..new.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return Vec::new();
    }
    vec![SemanticTokensEdit {
        start: 5 * prefix as u32,
        delete_count: 5 * deleted as u32,
        data: Some(inserted.to_vec()),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(delta_line: u32, delta_start: u32) -> SemanticToken {
        SemanticToken {
            delta_line,
            delta_start,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    #[test]
    fn an_edit_replaces_what_lies_between_the_common_ends() {
        let old = [token(0, 0), token(0, 2), token(1, 0), token(0, 4)];
        let new = [token(0, 0), token(0, 3), token(0, 1), token(1, 0), token(0, 4)];
        let edits = edits(&old, &new);
        assert_eq!(
            edits,
            vec![SemanticTokensEdit {
                start: 5,
                delete_count: 5,
                data: Some(vec![token(0, 3), token(0, 1)]),
            }]
        );
        assert_eq!(super::edits(&old, &old), Vec::new());
        // All of one side shared with the other: nothing counted twice.
        let edits = super::edits(&old[..2], &old);
        assert_eq!(edits[0].start, 10);
        assert_eq!(edits[0].delete_count, 0);
        assert_eq!(edits[0].data.as_ref().map(Vec::len), Some(2));
    }
}
