//! The compilation written back as one canonical MOF text: qualifier declarations, then the
//! classes superclasses first, then amendments and instances, namespace by namespace, each
//! declaration in one layout (four-space indent, one feature per line). Compiling the output
//! again gives the same model (`tests/emit.rs` checks this on the CIM Schema).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::class_order;
use crate::sema::Model;
use crate::sema::model::{Class, Dialect, Flavors, QualifierValue};
use crate::syntax::ast::Flavor;
use crate::syntax::print::{class_decl, escape, instance_decl, property_head, qualifier_decl, qualifier_value};

pub fn model(model: &Model) -> String {
    let mut out = String::new();
    for q in model.qualifiers.iter().filter(|q| q.origin.file().is_some()) {
        qualifier_decl(&mut out, q.decl);
    }
    let mut namespace = None;
    let wmi = model.dialect().dialect == Dialect::Wmi;
    for (_, class) in class_order(model) {
        switch_namespace(&mut out, &mut namespace, wmi, &model.namespaces[class.namespace]);
        class_decl(&mut out, class.decl);
    }
    for (_, class) in class_order(model) {
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

/// `#pragma namespace` when the namespace changes; in a WMI compilation written as mofcomp's
/// machine path (`\\.\root\x`), which keeps the compilation WMI when it is read again.
fn switch_namespace<'n>(out: &mut String, current: &mut Option<&'n str>, wmi: bool, namespace: &'n str) {
    if *current != Some(namespace) {
        let path = if wmi {
            format!("\\\\.\\{}", namespace.replace('/', "\\"))
        } else {
            namespace.to_string()
        };
        let _ = writeln!(out, "#pragma namespace(\"{}\")\n", escape(&path));
        *current = Some(namespace);
    }
}

/// The localized qualifiers merged onto a class, written back as one amendment per locale.
fn amendments(out: &mut String, model: &Model, class: &Class) {
    let mut by_locale: BTreeMap<&str, Vec<(Option<String>, &QualifierValue)>> = BTreeMap::new();
    let own = std::iter::once((None, &class.qualifiers));
    let properties = class.properties.iter().filter(|p| !p.propagated);
    for (member, qualifiers) in own.chain(properties.map(|p| (Some(property_head(p.decl)), &p.qualifiers))) {
        for q in qualifiers.iter() {
            if let Some(locale) = &q.locale {
                by_locale.entry(&**locale).or_default().push((member.clone(), q));
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
    let declared = q
        .declaration
        .map_or_else(|| Flavors::declared(&[]), |d| model.qualifiers[d].flavors)
        .with(Flavor::Amended);
    let mut text = q.name.text.to_string();
    if let Some(v) = q.value {
        text.push_str(&qualifier_value(v));
    }
    let extra: Vec<&str> = q
        .flavors
        .names()
        .into_iter()
        .filter(|name| Flavor::from_name(name).is_some_and(|f| !declared.has(f)))
        .collect();
    text.push_str(" : Amended");
    for flavor in extra {
        let _ = write!(text, " {flavor}");
    }
    text
}
