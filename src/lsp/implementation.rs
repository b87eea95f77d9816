//! Go to implementation (`textDocument/implementation`): from a class to every class that
//! derives from it, and from a property to the declarations that override it in those classes
//! (by name, or through an `Override("...")` that names it), across the workspace's
//! compilations.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use lsp_types::{Location, Position};

use super::hierarchy::in_each_compilation;
use super::kept::Declared;
use super::locate::{Cursor, Node, Owner};
use super::workspace::Workspace;
use crate::sema::model::ClassId;
use crate::source::Span;
use crate::syntax::ast::{Feature, ValueKind};

/// What implementations are looked for.
enum Target {
    Class(Declared),
    /// A property, by the class the cursor sees it in.
    Property {
        class: Declared,
        name: String,
    },
}

pub fn implementation(workspace: &Workspace, path: &Path, position: Position) -> Vec<Location> {
    let Some(target) = target(workspace, path, position) else {
        return Vec::new();
    };
    let (Target::Class(declared) | Target::Property { class: declared, .. }) = &target;
    let mut seen: HashSet<(PathBuf, u32)> = HashSet::new();
    let mut found = Vec::new();
    in_each_compilation(workspace, declared, |unit, analysed, base, places| {
        let model = &analysed.model;
        for (id, class) in model.input_classes() {
            if id == base || !model.derives_from(id, base) {
                continue;
            }
            let Some(file) = class.origin.file() else {
                continue;
            };
            let spans: Vec<Span> = match &target {
                Target::Class(_) => vec![class.decl.name.span],
                Target::Property { name, .. } => overriding(class.decl, name).collect(),
            };
            for span in spans {
                let path = unit.sources.get(file).path.clone();
                if seen.insert((path, span.start)) {
                    found.extend(places.at(file, span));
                }
            }
        }
    });
    found.sort_by(|a, b| {
        (a.uri.as_str(), a.range.start.line, a.range.start.character).cmp(&(
            b.uri.as_str(),
            b.range.start.line,
            b.range.start.character,
        ))
    });
    found
}

/// The class or property under the cursor.
fn target(workspace: &Workspace, path: &Path, position: Position) -> Option<Target> {
    let cursor = Cursor::new(workspace, path, position)?;
    let node = cursor.node()?;
    cursor.compilation.with_model(|unit, analysed| {
        let (model, decls) = (&analysed.model, analysed.decls());
        let class = |id: Option<ClassId>| analysed.declared(unit, id?);
        Some(match node {
            Node::Class(decl) => Target::Class(class(decls.class_of(decl))?),
            Node::ClassUse { name, owner } => Target::Class(class(decls.class_named(model, owner, name))?),
            Node::Property {
                class: decl,
                decl: property,
            } => Target::Property {
                class: class(decls.class_of(decl))?,
                name: property.name.text.to_string(),
            },
            Node::InstanceProperty { instance, value } => Target::Property {
                class: class(decls.class_named(model, Owner::Instance(instance), &instance.class.text))?,
                name: value.name.text.to_string(),
            },
            _ => return None,
        })
    })
}

/// The names of a class's own properties that override `name`: of that name, or with an
/// `Override` that names it.
fn overriding<'d>(decl: &'d crate::syntax::ast::ClassDecl, name: &'d str) -> impl Iterator<Item = Span> + 'd {
    decl.features.iter().filter_map(move |feature| {
        let Feature::Property(p) = feature else {
            return None;
        };
        let named = p.qualifiers.iter().any(|q| {
            q.name.is("Override") && matches!(q.value.as_ref().map(|v| &v.kind), Some(ValueKind::String(s)) if s.eq_ignore_ascii_case(name))
        });
        (named || p.name.is(name)).then_some(p.name.span)
    })
}
