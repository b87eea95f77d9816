//! The rules over a resolved model, one module each. Resolution itself reports what it cannot
//! resolve (undefined classes and aliases, cycles, overrides, instance values); these are the
//! checks that only need to look.

mod association;
mod constants;
mod defaults;
mod keys;
mod limits;
mod qualifiers;
mod value_map;

use rayon::prelude::*;

use super::model::{Class, ClassId, Model, QualifierValue};
use crate::diag::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast::{PropertyDecl, Qualifier};
use crate::syntax::unit::Unit;

/// Runs every rule. The rules about elements look at one element at a time, so the classes are
/// shared out between threads; the few whole-model rules run beside them.
pub fn check(unit: &Unit, model: &Model, out: &mut Vec<Diagnostic>) {
    let input: Vec<(ClassId, &Class, FileId)> = model
        .classes
        .iter()
        .enumerate()
        .filter_map(|(id, c)| c.origin.file().map(|file| (id, c, file)))
        .collect();
    let qualifier_names = qualifiers::names(model);
    let (per_element, mut whole) = rayon::join(
        || {
            input
                .par_iter()
                .flat_map_iter(|&(id, class, file)| {
                    let mut found = Vec::new();
                    for element in elements(id, class, file) {
                        qualifiers::element(model, &qualifier_names, &element, &mut found);
                        keys::element(model, &element, &mut found);
                        value_map::element(model, &element, &mut found);
                        defaults::element(&element, &mut found);
                        limits::element(model, &element, &mut found);
                    }
                    found
                })
                .collect::<Vec<_>>()
        },
        || {
            let mut found = Vec::new();
            constants::check(unit, &mut found);
            qualifiers::instances(model, &qualifier_names, &mut found);
            qualifiers::declarations(model, &mut found);
            limits::instances(model, &mut found);
            association::check(model, &mut found);
            defaults::qualifier_declarations(model, &mut found);
            found
        },
    );
    out.extend(per_element);
    out.append(&mut whole);
}

/// What kind of element qualifiers are written on; decides the scope they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementKind {
    Class,
    Property,
    Reference,
    Method,
    Parameter,
}

/// An element declared in the input (not inherited), with its effective qualifiers.
pub struct Element<'m, 'a> {
    pub class: &'m Class<'a>,
    /// The class's id, which tells the qualifiers it inherits from those written on it.
    pub id: ClassId,
    pub file: FileId,
    pub kind: ElementKind,
    /// The qualifiers written on the element.
    pub written: &'a [Qualifier],
    /// Its qualifiers after inheritance.
    pub qualifiers: &'m [QualifierValue<'a>],
    /// The declaration of a property, reference or parameter.
    pub typed: Option<&'a PropertyDecl>,
}

/// A class of the input (declared in `file`) and every property, reference, method and
/// parameter it declares itself.
fn elements<'m, 'a>(id: ClassId, class: &'m Class<'a>, file: FileId) -> impl Iterator<Item = Element<'m, 'a>> {
    let own = Element {
        class,
        id,
        file,
        kind: ElementKind::Class,
        written: &class.decl.qualifiers,
        qualifiers: &class.qualifiers,
        typed: None,
    };
    let properties = class.properties.own().map(move |p| Element {
        class,
        id,
        file,
        kind: if p.is_reference() {
            ElementKind::Reference
        } else {
            ElementKind::Property
        },
        written: &p.decl.qualifiers,
        qualifiers: &p.qualifiers,
        typed: Some(p.decl),
    });
    let methods = class.methods.own().flat_map(move |m| {
        let method = Element {
            class,
            id,
            file,
            kind: ElementKind::Method,
            written: &m.decl.qualifiers,
            qualifiers: &m.qualifiers,
            typed: None,
        };
        let params = m
            .decl
            .params
            .iter()
            .zip(&m.params)
            .map(move |(decl, qualifiers)| Element {
                class,
                id,
                file,
                kind: ElementKind::Parameter,
                written: &decl.qualifiers,
                qualifiers,
                typed: Some(decl),
            });
        std::iter::once(method).chain(params)
    });
    std::iter::once(own).chain(properties).chain(methods)
}
