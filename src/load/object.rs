//! Classes and instances as the loader handles them: declarations (syntax trees) that are stored
//! as canonical MOF text, and the qualifier surgery that updates need: leaving out cosmetic
//! qualifiers to compare shapes, splitting amended qualifiers off into a locale's amendment.

use crate::source::Span;
use crate::syntax::ast::{ClassDecl, Feature, FlavorList, InstanceDecl, Name, Qualifier, Value, ValueKind};
use crate::syntax::print;

pub fn class_text(decl: &ClassDecl) -> String {
    let mut text = String::new();
    print::class_decl(&mut text, decl);
    text
}

pub fn instance_text(decl: &InstanceDecl) -> String {
    let mut text = String::new();
    print::instance_decl(&mut text, decl, 0);
    text.push_str(";\n");
    text
}

/// A copy of `decl` without the qualifiers `drop` selects, on the class, its features and their
/// parameters.
pub fn without(decl: &ClassDecl, drop: &dyn Fn(&Qualifier) -> bool) -> ClassDecl {
    let mut copy = decl.clone();
    copy.retain_qualifiers(&|q| !drop(q));
    copy
}

/// The amendment holding only the qualifiers `amended` selects: the class's own, and the
/// features that have any (with only those). `None` if there are none.
pub fn amendment(decl: &ClassDecl, amended: &dyn Fn(&Qualifier) -> bool, locale: &str) -> Option<ClassDecl> {
    let mut copy = without(decl, &|q| !amended(q));
    copy.superclass = None;
    copy.features.retain(|f| match f {
        Feature::Property(p) => !p.qualifiers.is_empty(),
        Feature::Method(m) => !m.qualifiers.is_empty() || m.params.iter().any(|p| !p.qualifiers.is_empty()),
    });
    if copy.qualifiers.is_empty() && copy.features.is_empty() {
        return None;
    }
    copy.qualifiers.insert(0, qualifier("Amendment", None));
    let locale = Value {
        kind: ValueKind::String(locale.into()),
        span: Span::default(),
    };
    copy.qualifiers.insert(1, qualifier("Locale", Some(locale)));
    Some(copy)
}

fn qualifier(name: &str, value: Option<Value>) -> Qualifier {
    Qualifier {
        name: Name {
            text: name.into(),
            span: Span::default(),
        },
        value,
        flavors: FlavorList::default(),
        span: Span::default(),
    }
}

/// `decl` with the qualifiers of `amendment` laid over it: what a class looks like in a locale.
pub fn amended(decl: &ClassDecl, amendment: &ClassDecl) -> ClassDecl {
    let mut copy = decl.clone();
    let is_marker = |q: &Qualifier| q.name.is("Amendment") || q.name.is("Locale");
    overlay(
        &mut copy.qualifiers,
        amendment.qualifiers.iter().filter(|q| !is_marker(q)),
    );
    for feature in &amendment.features {
        let target = copy
            .features
            .iter_mut()
            .find(|f| feature_name(f).is(&feature_name(feature).text));
        match (target, feature) {
            (Some(Feature::Property(p)), Feature::Property(a)) => overlay(&mut p.qualifiers, a.qualifiers.iter()),
            (Some(Feature::Method(m)), Feature::Method(a)) => {
                overlay(&mut m.qualifiers, a.qualifiers.iter());
                for param in &a.params {
                    if let Some(p) = m.params.iter_mut().find(|p| p.name.is(&param.name.text)) {
                        overlay(&mut p.qualifiers, param.qualifiers.iter());
                    }
                }
            }
            _ => {}
        }
    }
    copy
}

fn overlay<'q>(qualifiers: &mut Vec<Qualifier>, over: impl Iterator<Item = &'q Qualifier>) {
    for q in over {
        match qualifiers.iter_mut().find(|mine| mine.name.is(&q.name.text)) {
            Some(mine) => *mine = q.clone(),
            None => qualifiers.push(q.clone()),
        }
    }
}

pub fn feature_name(feature: &Feature) -> &Name {
    match feature {
        Feature::Property(p) => &p.name,
        Feature::Method(m) => &m.name,
    }
}

/// The locale namespace an amendment's `Locale` qualifier names: `Locale(0x409)` and
/// `Locale("MS_409")` are both `ms_409`.
pub fn locale_of(decl: &ClassDecl) -> Option<String> {
    let value = decl.qualifiers.iter().find(|q| q.name.is("Locale"))?.value.as_ref()?;
    match &value.kind {
        ValueKind::Int(n) => Some(crate::sema::locale_namespace(n.get())),
        ValueKind::String(s) => Some(s.to_ascii_lowercase()),
        _ => None,
    }
}
