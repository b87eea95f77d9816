//! Find references: every place of the compilation that names the same class (declaration,
//! superclass, reference and embedded types, `EmbeddedInstance`, `instance of`), qualifier, alias
//! or property (its declarations down the inheritance tree and the instances that set it).

use std::path::Path;

use lsp_types::{Location, Position};

use super::locate::{Cursor, Decls, Node, Owner, visit_unit};
use super::position::Places;
use super::workspace::Workspace;
use crate::sema::Model;
use crate::sema::model::{ClassId, Origin};

/// What the references are to.
pub(super) enum Target<'a> {
    Class(ClassId),
    Qualifier(&'a str),
    Alias(&'a str),
    /// A property, by the class that first declared it.
    Property {
        origin: ClassId,
        name: &'a str,
    },
}

pub fn references(workspace: &Workspace, path: &Path, position: Position, declarations: bool) -> Vec<Location> {
    let Some(cursor) = Cursor::new(workspace, path, position) else {
        return Vec::new();
    };
    let Some(node) = cursor.node() else {
        return Vec::new();
    };
    let compilation = cursor.compilation;
    compilation.with_model(|unit, analysed| {
        let (model, decls) = (&analysed.model, analysed.decls());
        let Some(target) = target(model, decls, node) else {
            return Vec::new();
        };
        let mut places = Places::new(&unit.sources, workspace.encoding);
        let mut found = Vec::new();
        visit_unit(unit, |file, node, span| {
            if let Some(declares) = matches(model, decls, &target, node)
                && (declarations || !declares)
            {
                found.extend(places.location(Origin::File(file), span));
            }
        });
        found
    })
}

pub(super) fn target<'a>(model: &Model, decls: &Decls, node: Node<'a>) -> Option<Target<'a>> {
    Some(match node {
        Node::Class(decl) => Target::Class(decls.class_of(decl)?),
        Node::ClassUse { name, owner, .. } => Target::Class(decls.class_named(model, owner, name)?),
        Node::Qualifier(q) => Target::Qualifier(&q.name.text),
        Node::QualifierDecl(decl) => Target::Qualifier(&decl.name.text),
        Node::Alias { name, .. } => Target::Alias(name),
        Node::Property { class, decl } => {
            let class = &model.classes[decls.class_of(class)?];
            let origin = class.property(&decl.name.text)?.class_origin;
            Target::Property {
                origin,
                name: &decl.name.text,
            }
        }
        Node::InstanceProperty { instance, value } => {
            let class = decls.class_named(model, Owner::Instance(instance), &instance.class.text)?;
            let origin = model.classes[class].property(&value.name.text)?.class_origin;
            Target::Property {
                origin,
                name: &value.name.text,
            }
        }
        Node::Method { .. } | Node::Parameter { .. } | Node::Include { .. } => return None,
    })
}

/// Whether a node refers to the target, and if so whether it declares it.
pub(super) fn matches(model: &Model, decls: &Decls, target: &Target, node: Node) -> Option<bool> {
    let named = |name: &str, wanted: ClassId| name.eq_ignore_ascii_case(model.classes[wanted].name());
    match (target, node) {
        (&Target::Class(id), Node::Class(decl)) => {
            (named(&decl.name.text, id) && decls.class_of(decl) == Some(id)).then_some(true)
        }
        (&Target::Class(id), Node::ClassUse { name, owner, .. }) => {
            (named(name, id) && decls.class_named(model, owner, name) == Some(id)).then_some(false)
        }
        (Target::Qualifier(wanted), Node::Qualifier(q)) => q.name.is(wanted).then_some(false),
        (Target::Qualifier(wanted), Node::QualifierDecl(decl)) => decl.name.is(wanted).then_some(true),
        (Target::Alias(wanted), Node::Alias { name, defines }) => name.eq_ignore_ascii_case(wanted).then_some(defines),
        (&Target::Property { origin, name }, Node::Property { class, decl }) => {
            (decl.name.is(name) && decls.class_of(class).is_some_and(|c| model.derives_from(c, origin))).then_some(true)
        }
        (&Target::Property { origin, name }, Node::InstanceProperty { instance, value }) => (value.name.is(name)
            && decls
                .class_named(model, Owner::Instance(instance), &instance.class.text)
                .is_some_and(|c| model.derives_from(c, origin)))
        .then_some(false),
        _ => None,
    }
}
