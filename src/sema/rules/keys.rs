//! Keys: a class below one that has keys does not add keys of its own, and a key is a scalar.

use super::{Element, ElementKind};
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Model, flag};
use crate::syntax::ast::Qualifier;

pub fn element(model: &Model, element: &Element, out: &mut Vec<Diagnostic>) {
    let (Some(decl), ElementKind::Property | ElementKind::Reference) = (element.typed, element.kind) else {
        return;
    };
    let Some(key) = written_key(element.written) else {
        return;
    };
    if !flag(element.qualifiers, "Key") {
        return;
    }
    if decl.array.is_some() {
        out.push(
            Diagnostic::new(
                Code::ArrayKey,
                element.file,
                decl.name.span,
                format!("key property `{}` is an array", decl.name.text),
            )
            .with_label("a key must be a scalar")
            .with_secondary(element.file, key.span, "made a key here"),
        );
    }
    let Some(parent) = element.class.superclass.map(|s| &model.classes[s]) else {
        return;
    };
    let inherited = parent.property(&decl.name.text).is_some();
    if inherited || parent.keys().next().is_none() {
        return;
    }
    let keyed = parent
        .keys()
        .next()
        .map(|k| (k.origin, k.decl.name.span, k.class_origin));
    let mut d = Diagnostic::new(
        Code::KeyBelowKeys,
        element.file,
        key.span,
        format!(
            "`{}` adds a key below `{}`, which already has keys",
            decl.name.text,
            parent.name()
        ),
    )
    .with_label("a new key in a subclass");
    if let Some((origin, span, owner)) = keyed
        && let Some(file) = origin.file()
    {
        d = d.with_secondary(file, span, format!("a key of `{}`", model.classes[owner].name()));
    }
    out.push(d);
}

fn written_key(qualifiers: &[Qualifier]) -> Option<&Qualifier> {
    qualifiers.iter().find(|q| q.name.is("Key"))
}
