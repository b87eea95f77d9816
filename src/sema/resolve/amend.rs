//! `[Amendment, Locale(...)]` classes (WMI `.mfl` files, DSC `.schema.mfl` files) add localized
//! qualifiers to a class declared elsewhere. Their qualifiers are merged onto that class, each
//! tagged with the amendment's locale and the `Amended` flavor; every property or method they
//! name must exist.

use super::Resolver;
use super::link::undefined;
use crate::diag::Code;
use crate::sema::model::{ClassId, Flavors, LocaleId, Model, NamespaceId, NoCase, Origin, QualifierValue, Qualifiers};
use crate::source::FileId;
use crate::syntax::ast::{ClassDecl, Feature, Flavor, Name, Qualifier, ValueKind};

pub fn run<'a>(cx: &mut Resolver<'a>, amendments: &[(FileId, NamespaceId, &'a ClassDecl)]) {
    for &(file, namespace, decl) in amendments {
        let Some(target) = amended_class(cx, namespace, &decl.name) else {
            undefined(cx, Origin::File(file), &decl.name, "amended class");
            continue;
        };
        let locale = intern_locale(&mut cx.model, locale(decl));
        let localized = localize(cx, &decl.qualifiers, target, locale, true);
        extend(&mut cx.model.classes[target].qualifiers, localized);
        for feature in &decl.features {
            match feature {
                Feature::Property(p) => {
                    let Some(index) = cx.model.classes[target].properties.position(&p.name.text) else {
                        missing(cx, file, target, &p.name, "property");
                        continue;
                    };
                    let localized = localize(cx, &p.qualifiers, target, locale, false);
                    let property = cx.model.classes[target].properties.get_mut(index);
                    extend(&mut property.qualifiers, localized);
                }
                Feature::Method(m) => {
                    let Some(index) = cx.model.classes[target].methods.position(&m.name.text) else {
                        missing(cx, file, target, &m.name, "method");
                        continue;
                    };
                    let localized = localize(cx, &m.qualifiers, target, locale, false);
                    let method = cx.model.classes[target].methods.get_mut(index);
                    let decl = method.decl;
                    extend(&mut method.qualifiers, localized);
                    for param in &m.params {
                        let Some(at) = decl.params.iter().position(|x| x.name.is(&param.name.text)) else {
                            missing(cx, file, target, &param.name, "parameter");
                            continue;
                        };
                        let localized = localize(cx, &param.qualifiers, target, locale, false);
                        let method = cx.model.classes[target].methods.get_mut(index);
                        extend(&mut method.params[at], localized);
                    }
                }
            }
        }
    }
}

/// The class an amendment amends: in its own namespace, in a parent namespace (WMI puts
/// localized classes in a child such as `root/cimv2/ms_409`), or built in.
fn amended_class(cx: &Resolver, namespace: NamespaceId, name: &Name) -> Option<ClassId> {
    let mut path = cx.model.namespaces[namespace].as_str();
    loop {
        if let Some(&ns) = cx.namespace_ids.get(path)
            && let Some(&id) = cx.model.class_index.get(&(ns, NoCase(&name.text)))
        {
            return Some(id);
        }
        match path.rsplit_once('/') {
            Some((parent, _)) => path = parent,
            None => return cx.model.class(namespace, &name.text),
        }
    }
}

/// `Locale(1033)`, `Locale(0x409)` or `Locale("MS_409")`, as written; empty if absent.
fn locale(decl: &ClassDecl) -> String {
    let value = decl
        .qualifiers
        .iter()
        .find(|q| q.name.is("Locale"))
        .and_then(|q| q.value.as_ref());
    match value.map(|v| &v.kind) {
        Some(ValueKind::String(s)) => s.to_string(),
        Some(ValueKind::Int(n)) => locale_namespace(n.get()),
        _ => String::new(),
    }
}

/// Adds localized qualifiers to an element's list (a new list: others may share the old one).
fn extend<'a>(qualifiers: &mut Qualifiers<'a>, localized: Vec<QualifierValue<'a>>) {
    *qualifiers = qualifiers.iter().cloned().chain(localized).collect();
}

/// The place of `locale` in the model's locales, added if new (a compilation has a few).
fn intern_locale(model: &mut Model, locale: String) -> LocaleId {
    match model.locales.iter().position(|l| *l == locale) {
        Some(id) => id,
        None => {
            model.locales.push(locale);
            model.locales.len() - 1
        }
    }
}

/// The name of the namespace of a locale, as WMI names it: `ms_409` for LCID 0x409.
pub fn locale_namespace(lcid: impl std::fmt::LowerHex) -> String {
    format!("ms_{lcid:x}")
}

/// The qualifiers of an amendment's element, tagged with its locale. On the class itself the
/// `Amendment` and `Locale` qualifiers describe the amendment and are left out.
fn localize<'a>(
    cx: &Resolver<'a>,
    written: &'a [Qualifier],
    target: ClassId,
    locale: LocaleId,
    class_level: bool,
) -> Vec<QualifierValue<'a>> {
    written
        .iter()
        .filter(|q| !class_level || !(q.name.is("Amendment") || q.name.is("Locale")))
        .map(|q| {
            let declaration = cx.model.qualifier_index.get(&NoCase(&q.name.text)).copied();
            let declared = declaration.map_or_else(|| Flavors::declared(&[]), |d| cx.model.qualifiers[d].flavors);
            let flavors = declared.overlaid(&q.flavors).with(Flavor::Amended);
            QualifierValue::new(&q.name, q.value.as_ref(), declaration, flavors, target).localized(locale)
        })
        .collect()
}

fn missing(cx: &mut Resolver, file: FileId, target: ClassId, name: &Name, kind: &str) {
    let message = format!(
        "the amended class `{}` has no {kind} `{}`",
        cx.model.classes[target].name(),
        name.text
    );
    cx.no_such_property(
        Code::AmendsNothing,
        file,
        target,
        name,
        message,
        "this localization is not used",
    );
}
