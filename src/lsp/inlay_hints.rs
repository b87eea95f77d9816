//! Inlay hints, few and where the text does not say it: after `instance of C` the object path
//! its keys make; after a property an instance sets, the property's type; after a property a
//! class redeclares without a default, the default it inherits and from where.

use std::path::Path;

use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintTooltip, Range};

use super::kept::Analysed;
use super::locate::Decls;
use super::position::Lines;
use super::workspace::Workspace;
use crate::sema::Model;
use crate::sema::model::Member;
use crate::source::{FileId, Span};
use crate::syntax::ast::{ClassDecl, Feature, Item};
use crate::syntax::print::{type_name, value};
use crate::syntax::unit::Unit;

pub fn inlay_hints(workspace: &Workspace, path: &Path, range: Range) -> Vec<InlayHint> {
    let Some((compilation, file)) = workspace.compilation_of(path) else {
        return Vec::new();
    };
    let lines = Lines::new(&compilation.unit.sources.get(file).text, workspace.encoding);
    let within = Span::new(lines.offset(range.start) as usize, lines.offset(range.end) as usize);
    compilation.with_model(|unit, analysed| hints_in(unit, analysed, file, within, &lines))
}

/// The hints of `file` within `within`, from the compilation's kept model.
fn hints_in(unit: &Unit, analysed: &Analysed, file: FileId, within: Span, lines: &Lines) -> Vec<InlayHint> {
    let (model, decls) = (&analysed.model, analysed.decls());
    let mut hints = Vec::new();
    let mut hint = |at: u32, label: String, kind: Option<InlayHintKind>, tooltip: Option<String>| {
        if within.start <= at && at <= within.end {
            hints.push(InlayHint {
                position: lines.position(at),
                label: InlayHintLabel::String(label),
                kind,
                text_edits: None,
                tooltip: tooltip.map(InlayHintTooltip::String),
                padding_left: Some(kind != Some(InlayHintKind::TYPE)),
                padding_right: None,
                data: None,
            });
        }
    };
    let tree = &unit.files[file.0 as usize];
    for item in &tree.items {
        match item {
            Item::Class(class) => {
                for (at, label, from) in inherited_defaults(model, decls, class) {
                    hint(at, label, None, Some(from));
                }
            }
            Item::Instance(decl) => {
                let Some(instance) = decls.instance_of(decl).map(|i| &model.instances[i]) else {
                    continue;
                };
                if let Some(path) = &instance.path {
                    let head = decl.alias.as_ref().unwrap_or(&decl.class);
                    hint(head.span.end, format!("path: {path}"), None, None);
                }
                let Some(class) = instance.class.map(|c| &model.classes[c]) else {
                    continue;
                };
                for value in &decl.properties {
                    if let Some(property) = class.property(&value.name.text) {
                        let array = if property.decl.array.is_some() { "[]" } else { "" };
                        let label = format!(": {}{array}", type_name(&property.decl.ty));
                        hint(value.name.span.end, label, Some(InlayHintKind::TYPE), None);
                    }
                }
            }
            Item::Pragma(_) | Item::Qualifier(_) => {}
        }
    }
    hints
}

/// For each property `class` redeclares without a default while an ancestor gives it one: where
/// to show it (after the name and any array brackets), `= value`, and which class gave it.
fn inherited_defaults(model: &Model, decls: &Decls, class: &ClassDecl) -> Vec<(u32, String, String)> {
    let Some(id) = decls.class_of(class) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for feature in &class.features {
        let Feature::Property(decl) = feature else {
            continue;
        };
        if decl.default.is_some() {
            continue;
        }
        let inherited = model.lineage(id).skip(1).find_map(|ancestor| {
            let p = model.classes[ancestor].property(&decl.name.text)?;
            let default = p.decl.default.as_ref().filter(|_| !p.inherited_in(ancestor))?;
            Some((ancestor, default))
        });
        if let Some((ancestor, default)) = inherited {
            let at = decl.array.map_or(decl.name.span.end, |a| a.span.end);
            let from = format!("the default inherited from `{}`", model.classes[ancestor].name());
            out.push((at, format!("= {}", value(default)), from));
        }
    }
    out
}
