//! Go to definition: from a class name to the class (superclass, reference class, embedded
//! class, `EmbeddedInstance` class, `instance of`), from a qualifier to its declaration, from a
//! property named in an instance or overridden in a subclass to its declaration, from an alias
//! to the declaration that defines it, and from `#pragma include` to the file.

use std::path::Path;

use lsp_types::{Location, Position, Range};

use super::locate::{Cursor, Decls, Node, Owner};
use super::position::Places;
use super::uri;
use super::workspace::{Compilation, Workspace};
use crate::sema::Model;
use crate::sema::model::Origin;
use crate::syntax::ast::Item;

pub fn definition(workspace: &Workspace, path: &Path, position: Position) -> Option<Location> {
    let cursor = Cursor::new(workspace, path, position)?;
    let node = cursor.node()?;
    let compilation = cursor.compilation;
    if let Node::Include { name } = node {
        let includer = &compilation.unit.sources.get(cursor.file).path;
        let found = compilation.search().resolve_include(&workspace.world, includer, name)?;
        let found = workspace.canonical(&found);
        return Some(Location::new(uri::from_path(&found)?, Range::default()));
    }
    if let Node::Alias { name, .. } = node {
        return alias(workspace, compilation, name);
    }
    let (origin, span) = compilation.with_model(|_, analysed| target(&analysed.model, analysed.decls(), node))?;
    Places::new(&compilation.unit.sources, workspace.encoding).location(origin, span)
}

/// Where the thing a node names is declared.
fn target(model: &Model, decls: &Decls, node: Node) -> Option<(Origin, crate::source::Span)> {
    match node {
        Node::Class(decl) => {
            let class = &model.classes[decls.class_of(decl)?];
            Some((class.origin, class.decl.name.span))
        }
        Node::ClassUse { name, owner, .. } => {
            let class = &model.classes[decls.class_named(model, owner, name)?];
            Some((class.origin, class.decl.name.span))
        }
        Node::Qualifier(q) => {
            let declared = model.qualifier(&q.name.text)?;
            Some((declared.origin, declared.decl.name.span))
        }
        Node::QualifierDecl(decl) => {
            let declared = model.qualifier(&decl.name.text)?;
            Some((declared.origin, declared.decl.name.span))
        }
        Node::Property { class, decl } => {
            // An overriding property leads to the declaration it overrides.
            let own = &model.classes[decls.class_of(class)?];
            match own.superclass.and_then(|s| model.classes[s].property(&decl.name.text)) {
                Some(inherited) => Some((inherited.origin, inherited.decl.name.span)),
                None => Some((own.origin, decl.name.span)),
            }
        }
        Node::Method { class, decl } => {
            let own = &model.classes[decls.class_of(class)?];
            let inherited = own.superclass.and_then(|s| {
                model.classes[s]
                    .methods
                    .iter()
                    .find(|m| m.decl.name.is(&decl.name.text))
            });
            match inherited {
                Some(m) => Some((m.origin, m.decl.name.span)),
                None => Some((own.origin, decl.name.span)),
            }
        }
        Node::InstanceProperty { instance, value } => {
            let class = decls
                .instance_of(instance)
                .and_then(|i| model.instances[i].class)
                .or_else(|| decls.class_named(model, Owner::Instance(instance), &instance.class.text))?;
            let property = model.classes[class].property(&value.name.text)?;
            Some((property.origin, property.decl.name.span))
        }
        Node::Parameter { .. } | Node::Alias { .. } | Node::Include { .. } => None,
    }
}

/// The declaration that defines an alias (`instance of X as $name` or `class X as $name`).
fn alias(workspace: &Workspace, compilation: &Compilation, name: &str) -> Option<Location> {
    compilation.unit.items().find_map(|(file, item)| {
        let alias = match item {
            Item::Instance(instance) => instance.alias.as_ref(),
            Item::Class(class) => class.alias.as_ref(),
            _ => None,
        }?;
        alias.is(name).then(|| {
            Places::new(&compilation.unit.sources, workspace.encoding).location(Origin::File(file), alias.span)
        })?
    })
}
