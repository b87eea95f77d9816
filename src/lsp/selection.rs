//! Selection ranges ("expand selection"): from the token under the cursor out through the syntax
//! nodes around it (a value, a qualifier, the qualifier list, a property, its class) to the whole
//! document.

use std::path::Path;

use lsp_types::{Position, SelectionRange};

use super::position::Lines;
use super::workspace::Workspace;
use crate::source::Span;
use crate::syntax::ast::{Feature, InstanceDecl, Item, PragmaArg, PropertyDecl, Qualifier, Value, ValueKind};
use crate::syntax::lexer;

pub fn selection_ranges(workspace: &Workspace, path: &Path, positions: &[Position]) -> Option<Vec<SelectionRange>> {
    let (compilation, file) = workspace.compilation_of(path)?;
    let text = &compilation.unit.sources.get(file).text;
    let tree = &compilation.unit.files[file.0 as usize];
    let lines = Lines::new(text, workspace.encoding);
    let lexed = lexer::lex(file, text);
    let ranges = positions
        .iter()
        .map(|&position| {
            let offset = lines.offset(position);
            let mut around = Around {
                offset,
                spans: vec![Span::new(0, text.len())],
            };
            if let Some(item) = tree.items.iter().find(|item| around.has(item.span())) {
                around.item(item);
            }
            // The token or comment under the cursor, innermost.
            let tokens = lexed.tokens.iter().map(|&(start, _, end)| Span::new(start, end));
            if let Some(token) = tokens.chain(lexed.comments.iter().copied()).find(|&s| around.has(s)) {
                around.spans.push(token);
            }
            around.chain(&lines)
        })
        .collect();
    Some(ranges)
}

/// The spans around an offset, outermost first.
struct Around {
    offset: u32,
    spans: Vec<Span>,
}

impl Around {
    fn has(&self, span: Span) -> bool {
        span.start <= self.offset && self.offset <= span.end
    }

    /// Keeps `span` if the cursor is in it; whether it is.
    fn add(&mut self, span: Span) -> bool {
        let has = self.has(span);
        if has {
            self.spans.push(span);
        }
        has
    }

    /// The nested ranges, innermost first: a span that is not inside the one before it (a node
    /// whose span does not cover its children) is left out, and so is one equal to it.
    fn chain(mut self, lines: &Lines) -> SelectionRange {
        let mut nested: Vec<Span> = Vec::new();
        for span in self.spans.drain(..) {
            match nested.last() {
                Some(last) if span == *last || span.start < last.start || span.end > last.end => {}
                _ => nested.push(span),
            }
        }
        // Built outermost first, each range the parent of the next.
        let mut range: Option<SelectionRange> = None;
        for span in nested {
            range = Some(SelectionRange {
                range: lines.range(span),
                parent: range.map(Box::new),
            });
        }
        range.expect("the whole document is always there")
    }

    fn item(&mut self, item: &Item) {
        self.add(item.span());
        match item {
            Item::Pragma(pragma) => {
                self.add(pragma.name.span);
                for arg in &pragma.args {
                    let span = match arg {
                        PragmaArg::String(s) => s.span,
                        PragmaArg::Number(_, span) => *span,
                        PragmaArg::Name(name) => name.span,
                    };
                    self.add(span);
                }
            }
            Item::Qualifier(decl) => {
                self.add(decl.name.span);
                if let Some(ty) = &decl.ty {
                    self.add(ty.span());
                }
                if let Some(value) = &decl.default {
                    self.value(value);
                }
            }
            Item::Class(class) => {
                self.qualifiers(&class.qualifiers);
                self.add(class.name.span);
                if let Some(superclass) = &class.superclass {
                    self.add(superclass.span);
                }
                for feature in &class.features {
                    match feature {
                        Feature::Property(p) => self.typed(p),
                        Feature::Method(m) => {
                            if self.add(m.span) {
                                self.qualifiers(&m.qualifiers);
                                self.add(m.return_type.span());
                                self.add(m.name.span);
                                m.params.iter().for_each(|p| self.typed(p));
                            }
                        }
                    }
                }
            }
            Item::Instance(instance) => self.instance(instance),
        }
    }

    fn typed(&mut self, decl: &PropertyDecl) {
        if self.add(decl.span) {
            self.qualifiers(&decl.qualifiers);
            self.add(decl.ty.span());
            self.add(decl.name.span);
            if let Some(value) = &decl.default {
                self.value(value);
            }
        }
    }

    fn qualifiers(&mut self, qualifiers: &[Qualifier]) {
        if let (Some(first), Some(last)) = (qualifiers.first(), qualifiers.last()) {
            self.add(Span::new(first.span.start as usize, last.span.end as usize));
        }
        for q in qualifiers {
            if self.add(q.span) {
                self.add(q.name.span);
                if let Some(value) = &q.value {
                    self.value(value);
                }
            }
        }
    }

    fn instance(&mut self, instance: &InstanceDecl) {
        if !self.add(instance.span) {
            return;
        }
        self.qualifiers(&instance.qualifiers);
        self.add(instance.class.span);
        for property in &instance.properties {
            if self.add(property.span) {
                self.qualifiers(&property.qualifiers);
                self.add(property.name.span);
                if let Some(value) = &property.value {
                    self.value(value);
                }
            }
        }
    }

    fn value(&mut self, value: &Value) {
        if !self.add(value.span) {
            return;
        }
        match &value.kind {
            ValueKind::Array(items) => items.iter().for_each(|v| self.value(v)),
            ValueKind::Instance(instance) => self.instance(instance),
            _ => {}
        }
    }
}
