//! Hover: a class's, property's, method's or qualifier's declaration, its `Description`, and
//! what it inherits and from where.

use std::fmt::Write;
use std::path::Path;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::locate::{Cursor, Decls, Node};
use super::workspace::{Compilation, Workspace};
use crate::sema::Model;
use crate::sema::model::{ClassId, Member, Origin, QualifierValue, find};
use crate::syntax::ast::{MethodDecl, QualifierDecl, ValueKind};
use crate::syntax::print::{property_head, qualifier_decl, type_name, value};

pub fn hover(workspace: &Workspace, path: &Path, position: Position) -> Option<Hover> {
    let cursor = Cursor::new(workspace, path, position)?;
    let node = cursor.node()?;
    let compilation = cursor.compilation;
    let text = compilation.with_model(|_, analysed| text(compilation, &analysed.model, analysed.decls(), node))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}

/// What a hover over `node` shows.
fn text(compilation: &Compilation, model: &Model, decls: &Decls, node: Node) -> Option<String> {
    Some(match node {
        Node::Class(decl) => class(compilation, model, decls.class_of(decl)?),
        Node::ClassUse { name, owner, .. } => class(compilation, model, decls.class_named(model, owner, name)?),
        Node::Qualifier(q) => qualifier(compilation, model, model.qualifier(&q.name.text)?.decl),
        Node::QualifierDecl(decl) => qualifier(compilation, model, decl),
        Node::Property { class, decl } => {
            let class = decls.class_of(class)?;
            property(compilation, model, class, &decl.name.text)
        }
        Node::InstanceProperty { instance, value } => {
            let class = decls.instance_of(instance).and_then(|i| model.instances[i].class)?;
            property(compilation, model, class, &value.name.text)
        }
        Node::Method { class, decl } => method(compilation, model, decls.class_of(class)?, decl),
        Node::Parameter { method, decl } => format!(
            "```mof\n{}\n```\nparameter of `{}`",
            property_head(decl),
            method.name.text
        ),
        Node::Alias { name, .. } => alias(model, name)?,
        Node::Include { .. } => return None,
    })
}

fn class(compilation: &Compilation, model: &Model, id: ClassId) -> String {
    let class = &model.classes[id];
    let mut out = format!("```mof\nclass {}", class.name());
    if let Some(superclass) = class.superclass {
        let _ = write!(out, " : {}", model.classes[superclass].name());
    }
    out.push_str("\n```\n");
    description(&mut out, model, id, &class.qualifiers);
    let _ = writeln!(out, "\n{}", declared_in(compilation, class.origin));
    // Inherited members, grouped by the class that declared them, nearest ancestor first.
    for ancestor in model.lineage(id).skip(1) {
        let properties = class
            .properties
            .iter()
            .filter(|p| p.inherited_in(id) && p.class_origin == ancestor)
            .map(|p| format!("`{}`", p.decl.name.text));
        let methods = class
            .methods
            .iter()
            .filter(|m| m.inherited_in(id) && m.class_origin == ancestor)
            .map(|m| format!("`{}()`", m.decl.name.text));
        let members: Vec<String> = properties.chain(methods).collect();
        if !members.is_empty() {
            let _ = writeln!(
                out,
                "\ninherited from `{}`: {}",
                model.classes[ancestor].name(),
                members.join(", ")
            );
        }
    }
    out
}

fn property(compilation: &Compilation, model: &Model, class: ClassId, name: &str) -> String {
    let owner = &model.classes[class];
    let Some(property) = owner.property(name) else {
        return String::new();
    };
    let mut out = format!("```mof\n{}\n```\n", property_head(property.decl));
    let _ = write!(out, "property of `{}`", owner.name());
    if property.class_origin != class {
        let _ = write!(
            out,
            ", first declared in `{}`",
            model.classes[property.class_origin].name()
        );
    }
    out.push('\n');
    description(&mut out, model, class, &property.qualifiers);
    qualifiers(&mut out, model, class, &property.qualifiers);
    let _ = writeln!(out, "\n{}", declared_in(compilation, property.origin));
    out
}

fn method(compilation: &Compilation, model: &Model, class: ClassId, decl: &MethodDecl) -> String {
    let owner = &model.classes[class];
    let params: Vec<String> = decl.params.iter().map(property_head).collect();
    let mut out = format!(
        "```mof\n{}{} {}({})\n```\nmethod of `{}`",
        type_name(&decl.return_type),
        if decl.return_array.is_some() { "[]" } else { "" },
        decl.name.text,
        params.join(", "),
        owner.name()
    );
    let effective = owner.methods.iter().find(|m| m.decl.name.is(&decl.name.text));
    if let Some(m) = effective {
        if m.class_origin != class {
            let _ = write!(out, ", first declared in `{}`", model.classes[m.class_origin].name());
        }
        out.push('\n');
        description(&mut out, model, class, &m.qualifiers);
        let _ = writeln!(out, "\n{}", declared_in(compilation, m.origin));
    }
    out
}

fn qualifier(compilation: &Compilation, model: &Model, decl: &QualifierDecl) -> String {
    let mut written = String::new();
    qualifier_decl(&mut written, decl);
    let origin = model.qualifier(&decl.name.text).map_or(Origin::Builtin, |q| q.origin);
    format!(
        "```mof\n{}\n```\n{}\n",
        written.trim_end(),
        declared_in(compilation, origin)
    )
}

fn alias(model: &Model, name: &str) -> Option<String> {
    let instance = model.aliased(name)?;
    let mut out = format!("```mof\ninstance of {} as ${name}\n```\n", instance.decl.class.text);
    if let Some(path) = &instance.path {
        let _ = writeln!(out, "object path: `{path}`");
    }
    Some(out)
}

/// The `Description` of an element of class `holder`, saying which class wrote it if it is
/// inherited.
fn description(out: &mut String, model: &Model, holder: ClassId, qualifiers: &[QualifierValue]) {
    let Some(q) = find(qualifiers, "Description") else {
        return;
    };
    let Some(ValueKind::String(text)) = q.value.map(|v| &v.kind) else {
        return;
    };
    out.push('\n');
    out.push_str(text);
    out.push('\n');
    if q.inherited_in(holder) {
        let _ = writeln!(out, "\n(description from `{}`)", model.classes[q.from()].name());
    }
}

/// The qualifiers in force other than `Description`, inherited ones with their class.
fn qualifiers(out: &mut String, model: &Model, holder: ClassId, qualifiers: &[QualifierValue]) {
    let list: Vec<String> = qualifiers
        .iter()
        .filter(|q| !q.is_localized() && !q.is("Description"))
        .map(|q| {
            let mut text = format!("`{}", q.name.text);
            if let Some(v) = q.value {
                let _ = write!(text, "({})", value(v));
            }
            text.push('`');
            if q.inherited_in(holder) {
                let _ = write!(text, " (from `{}`)", model.classes[q.from()].name());
            }
            text
        })
        .collect();
    if !list.is_empty() {
        let _ = writeln!(out, "\nqualifiers: {}", list.join(", "));
    }
}

fn declared_in(compilation: &Compilation, origin: Origin) -> String {
    match origin {
        Origin::File(file) => format!("declared in `{}`", compilation.unit.sources.get(file).name),
        Origin::Builtin => "built into mofc".into(),
    }
}
