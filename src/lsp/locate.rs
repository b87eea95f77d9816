//! What is under the cursor: the syntax node at a byte offset of a file, found through the spans
//! of its syntax tree, and the places in the model that the features point at.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::Position;

use super::position::Lines;
use super::workspace::{Compilation, Workspace};
use crate::sema::Model;
use crate::sema::model::{ClassId, NamespaceId};
use crate::source::{FileId, Span};
use crate::syntax::ast::{
    ClassDecl, Feature, File, InstanceDecl, Item, MethodDecl, PragmaArg, PropertyDecl, PropertyValue, Qualifier,
    QualifierDecl, Type, Value, ValueKind,
};
use crate::syntax::unit::Unit;

/// A position in an open file, in the compilation that answers for it.
pub struct Cursor<'w> {
    pub compilation: &'w Compilation,
    pub file: FileId,
    pub offset: u32,
}

impl<'w> Cursor<'w> {
    pub fn new(workspace: &'w Workspace, path: &Path, position: Position) -> Option<Cursor<'w>> {
        let (compilation, file) = workspace.compilation_of(path)?;
        let text = &compilation.unit.sources.get(file).text;
        let offset = Lines::new(text, workspace.encoding).offset(position);
        Some(Cursor {
            compilation,
            file,
            offset,
        })
    }

    pub fn node(&self) -> Option<Node<'w>> {
        node_at(&self.compilation.unit.files[self.file.0 as usize], self.offset)
    }

    /// The node under the cursor, with the span of its name.
    pub fn node_and_span(&self) -> Option<(Node<'w>, Span)> {
        named_at(&self.compilation.unit.files[self.file.0 as usize], self.offset)
    }
}

/// Where a class name is used.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Class(&'a ClassDecl),
    Instance(&'a InstanceDecl),
}

/// A syntax node the features know about.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// A class's own name, where it is declared.
    Class(&'a ClassDecl),
    /// A class named where it is used: superclass, reference or embedded type,
    /// `EmbeddedInstance("...")` (where the name's span is inside the quotes), `instance of`.
    ClassUse {
        name: &'a str,
        owner: Owner<'a>,
    },
    Qualifier(&'a Qualifier),
    QualifierDecl(&'a QualifierDecl),
    Property {
        class: &'a ClassDecl,
        decl: &'a PropertyDecl,
    },
    Method {
        class: &'a ClassDecl,
        decl: &'a MethodDecl,
    },
    Parameter {
        method: &'a MethodDecl,
        decl: &'a PropertyDecl,
    },
    /// A property named in an instance.
    InstanceProperty {
        instance: &'a InstanceDecl,
        value: &'a PropertyValue,
    },
    /// An alias, where it is defined (`as $x`) or used (`$x`); the name is without the `$`.
    Alias {
        name: &'a str,
        defines: bool,
    },
    /// The file named by `#pragma include`.
    Include {
        name: &'a str,
    },
}

/// Whether the cursor is on a span: inside it, or just after its last character.
fn on(span: Span, offset: u32) -> bool {
    span.start <= offset && offset <= span.end
}

/// The node whose name the cursor is on.
pub fn node_at(file: &File, offset: u32) -> Option<Node<'_>> {
    named_at(file, offset).map(|(node, _)| node)
}

/// The node whose name the cursor is on, with the span of that name.
fn named_at(file: &File, offset: u32) -> Option<(Node<'_>, Span)> {
    let mut found = None;
    visit(file, &mut |node, span| {
        if found.is_none() && on(span, offset) {
            found = Some((node, span));
        }
    });
    found
}

/// [`visit`] over every file of a unit, with the file of each node.
pub fn visit_unit<'u>(unit: &'u Unit, mut f: impl FnMut(FileId, Node<'u>, Span)) {
    for (index, file) in unit.files.iter().enumerate() {
        visit(file, &mut |node, span| f(FileId(index as u32), node, span));
    }
}

/// Calls `f` with every node of a file and the span of the name it is about, in source order.
pub fn visit<'a>(file: &'a File, f: &mut impl FnMut(Node<'a>, Span)) {
    for item in &file.items {
        match item {
            Item::Pragma(p) if p.name.is("include") => {
                if let [PragmaArg::String(s)] = &p.args[..] {
                    f(Node::Include { name: &s.value }, s.span);
                }
            }
            Item::Pragma(_) => {}
            Item::Qualifier(q) => f(Node::QualifierDecl(q), q.name.span),
            Item::Class(class) => visit_class(class, f),
            Item::Instance(instance) => visit_instance(instance, f),
        }
    }
}

fn visit_class<'a>(class: &'a ClassDecl, f: &mut impl FnMut(Node<'a>, Span)) {
    let owner = Owner::Class(class);
    visit_qualifiers(&class.qualifiers, owner, f);
    f(Node::Class(class), class.name.span);
    if let Some(superclass) = &class.superclass {
        f(class_use(&superclass.text, owner), superclass.span);
    }
    if let Some(alias) = &class.alias {
        f(alias_node(&alias.text, true), alias.span);
    }
    for feature in &class.features {
        match feature {
            Feature::Property(decl) => {
                visit_typed(decl, owner, f);
                f(Node::Property { class, decl }, decl.name.span);
            }
            Feature::Method(method) => {
                visit_qualifiers(&method.qualifiers, owner, f);
                visit_type(&method.return_type, owner, f);
                f(Node::Method { class, decl: method }, method.name.span);
                for decl in &method.params {
                    visit_typed(decl, owner, f);
                    f(Node::Parameter { method, decl }, decl.name.span);
                }
            }
        }
    }
}

/// A property or parameter, but for its own name.
fn visit_typed<'a>(decl: &'a PropertyDecl, owner: Owner<'a>, f: &mut impl FnMut(Node<'a>, Span)) {
    visit_qualifiers(&decl.qualifiers, owner, f);
    visit_type(&decl.ty, owner, f);
    if let Some(value) = &decl.default {
        visit_value(value, f);
    }
}

fn visit_type<'a>(ty: &'a Type, owner: Owner<'a>, f: &mut impl FnMut(Node<'a>, Span)) {
    if let Type::Ref(name) | Type::Class(name) = ty {
        f(class_use(&name.text, owner), name.span);
    }
}

fn visit_qualifiers<'a>(qualifiers: &'a [Qualifier], owner: Owner<'a>, f: &mut impl FnMut(Node<'a>, Span)) {
    for q in qualifiers {
        f(Node::Qualifier(q), q.name.span);
        match &q.value {
            Some(Value {
                kind: ValueKind::String(name),
                span,
            }) if q.name.is("EmbeddedInstance") => {
                let span = inside_quotes(*span);
                f(class_use(name, owner), span);
            }
            Some(value) => visit_value(value, f),
            None => {}
        }
    }
}

fn visit_instance<'a>(instance: &'a InstanceDecl, f: &mut impl FnMut(Node<'a>, Span)) {
    let owner = Owner::Instance(instance);
    visit_qualifiers(&instance.qualifiers, owner, f);
    f(class_use(&instance.class.text, owner), instance.class.span);
    if let Some(alias) = &instance.alias {
        f(alias_node(&alias.text, true), alias.span);
    }
    for value in &instance.properties {
        visit_qualifiers(&value.qualifiers, owner, f);
        f(Node::InstanceProperty { instance, value }, value.name.span);
        if let Some(v) = &value.value {
            visit_value(v, f);
        }
    }
}

fn visit_value<'a>(value: &'a Value, f: &mut impl FnMut(Node<'a>, Span)) {
    match &value.kind {
        ValueKind::Alias(name) => f(alias_node(name, false), value.span),
        ValueKind::Array(items) => items.iter().for_each(|v| visit_value(v, f)),
        ValueKind::Instance(instance) => visit_instance(instance, f),
        _ => {}
    }
}

fn class_use<'a>(name: &'a str, owner: Owner<'a>) -> Node<'a> {
    Node::ClassUse { name, owner }
}

fn alias_node(name: &str, defines: bool) -> Node<'_> {
    Node::Alias { name, defines }
}

/// The span of a string literal's contents.
pub fn inside_quotes(span: Span) -> Span {
    Span {
        start: (span.start + 1).min(span.end),
        end: span.end.saturating_sub(1).max(span.start),
    }
}

/// The model's classes and instances by their declarations: a request that looks many of them
/// up (find references over a document of 100,000 classes) must not search the model each time.
/// Declarations are known by their address (as `usize`, so that the index can be kept with the
/// model and sent between threads), which is unique while the syntax trees live.
pub struct Decls {
    classes: HashMap<usize, ClassId>,
    /// The model's instances by their declaration's address, as indices into `model.instances`.
    instances: HashMap<usize, usize>,
}

fn address<T>(decl: &T) -> usize {
    std::ptr::from_ref(decl) as usize
}

impl Decls {
    pub fn of(model: &Model) -> Decls {
        let classes = model
            .classes
            .iter()
            .enumerate()
            .map(|(id, c)| (address(c.decl), id))
            .collect();
        let instances = model
            .instances
            .iter()
            .enumerate()
            .map(|(index, i)| (address(i.decl), index))
            .collect();
        Decls { classes, instances }
    }

    /// The model's class for a class declaration.
    pub fn class_of(&self, decl: &ClassDecl) -> Option<ClassId> {
        self.classes.get(&address(decl)).copied()
    }

    /// The model's instance for an instance declaration, as its index in `model.instances`.
    pub fn instance_of(&self, decl: &InstanceDecl) -> Option<usize> {
        self.instances.get(&address(decl)).copied()
    }

    /// The namespace of the class or instance that uses a name, if the model has it.
    fn namespace(&self, model: &Model, owner: Owner) -> Option<NamespaceId> {
        match owner {
            Owner::Class(decl) => self.class_of(decl).map(|id| model.classes[id].namespace),
            Owner::Instance(decl) => self.instance_of(decl).map(|i| model.instances[i].namespace),
        }
    }

    /// The class a name means where `owner` uses it: in its namespace (or built in), else in
    /// any.
    pub fn class_named(&self, model: &Model, owner: Owner, name: &str) -> Option<ClassId> {
        self.namespace(model, owner)
            .and_then(|ns| model.class(ns, name))
            .or_else(|| model.classes.iter().position(|c| c.decl.name.is(name)))
    }
}
