//! The compilation written back as one canonical MOF text: qualifier declarations, then the
//! classes superclasses first, then amendments and instances, namespace by namespace, each
//! declaration in one layout (four-space indent, one feature per line).
//!
//! Two forms: `model` writes each class as it was written (`--as-written`), and compiles back
//! to the same model (`tests/emit.rs` checks this on the CIM Schema); `resolved` writes each
//! class with everything it inherits, as a reader (or a tool without inheritance) wants it.
//! Either form can be split as mofcomp splits it for localization (`mfl.rs`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

use super::class_order;
use crate::diag::Code;
use crate::sema::Model;
use crate::sema::model::{Class, ClassId, Dialect, Flavors, Member, QualifierValue};
use crate::syntax::ast::{ClassDecl, Feature, Flavor, FlavorList, Name, Qualifier, Value, ValueKind};
use crate::syntax::cpp;
use crate::syntax::print::{class_decl, escape, instance_decl, property_head, qualifier_decl, qualifier_value};

/// Every class as it was written.
pub fn model(model: &Model) -> String {
    write(model, &|out, model, id| class_decl(out, model.classes[id].decl))
}

/// Every class fully resolved: its effective qualifiers, and every property and method it has,
/// inherited ones included (marked `Override`, which keeps them the same members), each with
/// its effective qualifiers.
pub fn resolved(model: &Model) -> String {
    write(model, &|out, model, id| class_decl(out, &flattened(model, id)))
}

/// Which of the two forms a class is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// As it was declared (`model`).
    AsWritten,
    /// With everything it inherits (`resolved`).
    Resolved,
}

impl Form {
    /// The declaration class `id` is written as in this form.
    pub(super) fn decl<'d>(self, model: &'d Model, id: ClassId) -> Cow<'d, ClassDecl> {
        match self {
            Form::AsWritten => Cow::Borrowed(model.classes[id].decl),
            Form::Resolved => Cow::Owned(flattened(model, id)),
        }
    }
}

/// The whole compilation, each class written by `class_text`.
pub(super) fn write(model: &Model, class_text: &dyn Fn(&mut String, &Model, ClassId)) -> String {
    let mut out = String::new();
    missing_headers(&mut out, model);
    let mut namespace = None;
    let wmi = model.dialect().dialect == Dialect::Wmi;
    if wmi {
        // The starting namespace as a machine path keeps the text WMI when it is read again,
        // whatever made the source WMI (a `.schema.mfl` name, which the output does not have).
        switch_namespace(&mut out, &mut namespace, wmi, &model.namespaces[model.start]);
    }
    for q in model.qualifiers.iter().filter(|q| q.origin.file().is_some()) {
        qualifier_decl(&mut out, q.decl);
    }
    let order = class_order(model);
    for &(id, class) in &order {
        switch_namespace(&mut out, &mut namespace, wmi, &model.namespaces[class.namespace]);
        class_text(&mut out, model, id);
    }
    for &(_, class) in &order {
        switch_namespace(&mut out, &mut namespace, wmi, &model.namespaces[class.namespace]);
        amendments(&mut out, model, class);
    }
    for instance in &model.instances {
        switch_namespace(&mut out, &mut namespace, wmi, &model.namespaces[instance.namespace]);
        instance_decl(&mut out, instance.decl, 0);
        out.push_str(";\n\n");
    }
    out
}

/// `#include` of each C header that the compilation could not read. The names its macros would
/// have replaced are left in the model (`MaxLen(MAX_ISCSI_NAME_LEN)`, a property of type
/// `ISCSI_STATUS`); with the same includes, the text compiled again knows where they come from
/// and warns about them as the source did (W0212), or expands them where the header is found.
fn missing_headers(out: &mut String, model: &Model) {
    let Some(unit) = model.dialect.unit else { return };
    let mut written = Vec::new();
    for d in unit.diagnostics.iter().filter(|d| d.code == Code::CHeaderNotFound) {
        let directive = &unit.sources.get(d.primary.file).text[d.primary.span.range()];
        if let Some(name) = cpp::include_name(directive).filter(|name| !written.contains(name)) {
            let _ = writeln!(out, "#include \"{name}\"");
            written.push(name);
        }
    }
}

/// A class's declaration with what it inherits written into it.
fn flattened(model: &Model, id: ClassId) -> ClassDecl {
    let class = &model.classes[id];
    let written = |qualifiers: &[QualifierValue]| -> Vec<Qualifier> {
        qualifiers
            .iter()
            .filter(|q| !q.is_localized())
            .map(|q| Qualifier {
                name: q.name.clone(),
                value: q.value.cloned(),
                flavors: explicit_flavors(model, q),
                span: q.name.span,
            })
            .collect()
    };
    let inherited = |mut qualifiers: Vec<Qualifier>, name: &Name| {
        qualifiers.push(Qualifier {
            name: Name {
                text: "Override".into(),
                span: name.span,
            },
            value: Some(Value {
                kind: ValueKind::String(name.text.clone()),
                span: name.span,
            }),
            flavors: FlavorList::default(),
            span: name.span,
        });
        qualifiers
    };
    let mut decl = class.decl.clone();
    decl.qualifiers = written(&class.qualifiers);
    let properties = class.properties.iter().map(|p| {
        let mut property = p.decl.clone();
        property.qualifiers = written(&p.qualifiers);
        if p.inherited_in(id) {
            property.qualifiers = inherited(property.qualifiers, &property.name);
        }
        Feature::Property(property)
    });
    let methods = class.methods.iter().map(|m| {
        let mut method = m.decl.clone();
        method.qualifiers = written(&m.qualifiers);
        for (param, qualifiers) in method.params.iter_mut().zip(&m.params) {
            param.qualifiers = written(qualifiers);
        }
        if m.inherited_in(id) {
            method.qualifiers = inherited(method.qualifiers, &method.name);
        }
        Feature::Method(method)
    });
    decl.features = properties.chain(methods).collect();
    decl
}

/// The flavors of a qualifier as it applies that its declaration does not already give it.
fn explicit_flavors(model: &Model, q: &QualifierValue) -> FlavorList {
    let declared = q
        .declaration()
        .map_or_else(|| Flavors::declared(&[]), |d| model.qualifiers[d].flavors);
    Flavor::ALL
        .iter()
        .filter(|&&(_, f)| q.flavors.has(f) && !declared.has(f))
        .map(|&(_, f)| (f, q.name.span))
        .collect()
}

/// `#pragma namespace` when the namespace changes; in a WMI compilation written as mofcomp's
/// machine path (`\\.\root\x`), which keeps the compilation WMI when it is read again.
fn switch_namespace<'n>(out: &mut String, current: &mut Option<&'n str>, wmi: bool, namespace: &'n str) {
    if *current != Some(namespace) {
        let path = if wmi {
            machine_path(namespace)
        } else {
            namespace.to_string()
        };
        let _ = writeln!(out, "#pragma namespace(\"{}\")\n", escape(&path));
        *current = Some(namespace);
    }
}

/// A namespace as mofcomp's path on the local machine: `root/cimv2` is `\\.\root\cimv2`.
pub(super) fn machine_path(namespace: &str) -> String {
    format!("\\\\.\\{}", namespace.replace('/', "\\"))
}

/// The localized qualifiers merged onto a class, written back as one amendment per locale.
fn amendments(out: &mut String, model: &Model, class: &Class) {
    let mut by_locale: BTreeMap<&str, Vec<(Option<String>, &QualifierValue)>> = BTreeMap::new();
    let own = std::iter::once((None, &class.qualifiers));
    let properties = class.properties.own();
    for (member, qualifiers) in own.chain(properties.map(|p| (Some(property_head(p.decl)), &p.qualifiers))) {
        for q in qualifiers.iter() {
            if let Some(locale) = model.locale(q) {
                by_locale.entry(locale).or_default().push((member.clone(), q));
            }
        }
    }
    for (locale, entries) in by_locale {
        let own: Vec<String> = entries
            .iter()
            .filter(|(m, _)| m.is_none())
            .map(|(_, q)| used(model, q))
            .collect();
        let mut head = vec!["Amendment".to_string(), format!("Locale(\"{}\")", escape(locale))];
        head.extend(own);
        let _ = writeln!(out, "[{}]\nclass {}\n{{", head.join(", "), class.name());
        let mut members: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (member, q) in &entries {
            if let Some(member) = member {
                members.entry(member.as_str()).or_default().push(used(model, q));
            }
        }
        for (member, qualifiers) in members {
            let _ = writeln!(out, "    [{}]\n    {member};", qualifiers.join(", "));
        }
        out.push_str("};\n\n");
    }
}

/// A qualifier as used, with the flavors that differ from its declaration's.
fn used(model: &Model, q: &QualifierValue) -> String {
    let mut text = q.name.text.to_string();
    if let Some(v) = q.value {
        text.push_str(&qualifier_value(v));
    }
    text.push_str(" : Amended");
    for (flavor, _) in explicit_flavors(model, q)
        .iter()
        .filter(|&&(f, _)| f != Flavor::Amended)
    {
        let _ = write!(text, " {}", flavor.name());
    }
    text
}
