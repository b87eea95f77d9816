//! Folding ranges: declarations (from the line of their name, so that a qualifier list above it
//! folds on its own), qualifier lists and values spanning lines (a `Description` written as a
//! concatenation of strings, a `ValueMap`), block comments and runs of line comments, and runs
//! of `#pragma` lines.

use std::path::Path;

use lsp_types::{FoldingRange, FoldingRangeKind};

use super::position::Lines;
use super::workspace::Workspace;
use crate::source::Span;
use crate::syntax::ast::{ClassDecl, Feature, InstanceDecl, Item, Qualifier, Value, ValueKind};

pub fn folding_ranges(workspace: &Workspace, path: &Path) -> Vec<FoldingRange> {
    let Some((compilation, file)) = workspace.compilation_of(path) else {
        return Vec::new();
    };
    let text = &compilation.unit.sources.get(file).text;
    let mut folds = Folds {
        lines: Lines::new(text, workspace.encoding),
        out: Vec::new(),
    };
    let tree = &compilation.unit.files[file.0 as usize];
    let mut pragmas: Option<(u32, u32)> = None;
    for item in &tree.items {
        if let Item::Pragma(pragma) = item {
            let (start, end) = folds.lines_of(pragma.span);
            pragmas = match pragmas {
                Some((first, last)) if start == last + 1 => Some((first, end)),
                run => {
                    folds.run(run, FoldingRangeKind::Imports);
                    Some((start, end))
                }
            };
            continue;
        }
        folds.run(pragmas.take(), FoldingRangeKind::Imports);
        match item {
            Item::Pragma(_) => {}
            Item::Qualifier(decl) => {
                folds.add(decl.span, None);
                if let Some(value) = &decl.default {
                    folds.value(value);
                }
            }
            Item::Class(class) => folds.class(class),
            Item::Instance(instance) => folds.instance(instance),
        }
    }
    folds.run(pragmas, FoldingRangeKind::Imports);
    // Comments: a block comment over lines, or a run of line comments on consecutive lines.
    let mut run: Option<(u32, u32)> = None;
    for &comment in &tree.comments {
        let (start, end) = folds.lines_of(comment);
        let block = text[comment.start as usize..].starts_with("/*");
        run = match run {
            Some((first, last)) if !block && start == last + 1 => Some((first, end)),
            previous => {
                folds.run(previous, FoldingRangeKind::Comment);
                if block {
                    folds.run(Some((start, end)), FoldingRangeKind::Comment);
                    None
                } else {
                    Some((start, end))
                }
            }
        };
    }
    folds.run(run, FoldingRangeKind::Comment);
    folds.out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    // Clients keep one range per start line: the outermost.
    folds.out.dedup_by_key(|f| f.start_line);
    folds.out
}

struct Folds<'t> {
    lines: Lines<'t>,
    out: Vec<FoldingRange>,
}

impl Folds<'_> {
    fn lines_of(&self, span: Span) -> (u32, u32) {
        let range = self.lines.range(span);
        (range.start.line, range.end.line)
    }

    fn add(&mut self, span: Span, kind: Option<FoldingRangeKind>) {
        let (start, end) = self.lines_of(span);
        self.run(Some((start, end)), kind);
    }

    /// A fold over lines `first..=last`, if that is more than one line.
    fn run(&mut self, lines: Option<(u32, u32)>, kind: impl Into<Option<FoldingRangeKind>>) {
        let Some((first, last)) = lines.filter(|(first, last)| last > first) else {
            return;
        };
        self.out.push(FoldingRange {
            start_line: first,
            end_line: last,
            kind: kind.into(),
            ..Default::default()
        });
    }

    /// A declaration from its name to its end, after its qualifiers.
    fn declaration(&mut self, qualifiers: &[Qualifier], name: Span, span: Span) {
        self.qualifiers(qualifiers);
        self.add(
            Span {
                start: name.start,
                ..span
            },
            None,
        );
    }

    fn qualifiers(&mut self, qualifiers: &[Qualifier]) {
        if let (Some(first), Some(last)) = (qualifiers.first(), qualifiers.last()) {
            self.add(Span::new(first.span.start as usize, last.span.end as usize), None);
        }
        for value in qualifiers.iter().filter_map(|q| q.value.as_ref()) {
            self.value(value);
        }
    }

    fn class(&mut self, class: &ClassDecl) {
        self.declaration(&class.qualifiers, class.name.span, class.span);
        for feature in &class.features {
            match feature {
                Feature::Property(p) => {
                    self.declaration(&p.qualifiers, p.ty.span(), p.span);
                    if let Some(value) = &p.default {
                        self.value(value);
                    }
                }
                Feature::Method(m) => {
                    self.declaration(&m.qualifiers, m.return_type.span(), m.span);
                    for p in &m.params {
                        self.declaration(&p.qualifiers, p.ty.span(), p.span);
                    }
                }
            }
        }
    }

    fn instance(&mut self, instance: &InstanceDecl) {
        self.declaration(&instance.qualifiers, instance.class.span, instance.span);
        for property in &instance.properties {
            self.declaration(&property.qualifiers, property.name.span, property.span);
            if let Some(value) = &property.value {
                self.value(value);
            }
        }
    }

    /// A value over lines: a string made of pieces, an array, an embedded instance.
    fn value(&mut self, value: &Value) {
        match &value.kind {
            ValueKind::String(_) => self.add(value.span, None),
            ValueKind::Array(items) => {
                self.add(value.span, None);
                items.iter().for_each(|v| self.value(v));
            }
            ValueKind::Instance(instance) => self.instance(instance),
            _ => {}
        }
    }
}
