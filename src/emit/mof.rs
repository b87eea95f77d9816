//! The compilation written back as one canonical MOF text: qualifier declarations, then the
//! classes superclasses first, then amendments and instances, namespace by namespace, each
//! declaration in one layout (four-space indent, one feature per line). Compiling the output
//! again gives the same model (`tests/emit.rs` checks this on the CIM Schema).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::class_order;
use super::json::type_name;
use crate::sema::Model;
use crate::sema::model::{Class, Dialect, Flavors, QualifierValue};
use crate::syntax::ast::{
    ArraySpec, ClassDecl, Feature, Flavor, InstanceDecl, PropertyDecl, Qualifier, QualifierDecl, Value, ValueKind,
};

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

fn qualifier_decl(out: &mut String, q: &QualifierDecl) {
    let _ = write!(
        out,
        "Qualifier {} : {}{}",
        q.name.text,
        type_name(&q.ty),
        array(q.array.as_ref())
    );
    if let Some(default) = &q.default {
        let _ = write!(out, " = {}", value(default));
    }
    let scopes: Vec<String> = q
        .scopes
        .iter()
        .map(|(s, _)| format!("{s:?}").to_ascii_lowercase())
        .collect();
    let _ = write!(out, ", Scope({})", scopes.join(", "));
    if !q.flavors.is_empty() {
        let flavors: Vec<&str> = q.flavors.iter().map(|(f, _)| f.name()).collect();
        let _ = write!(out, ", Flavor({})", flavors.join(", "));
    }
    out.push_str(";\n\n");
}

fn class_decl(out: &mut String, class: &ClassDecl) {
    qualifiers(out, &class.qualifiers, "");
    let _ = write!(out, "class {}", class.name.text);
    if let Some(superclass) = &class.superclass {
        let _ = write!(out, " : {}", superclass.text);
    }
    if let Some(alias) = &class.alias {
        let _ = write!(out, " as ${}", alias.text);
    }
    out.push_str("\n{\n");
    for feature in &class.features {
        match feature {
            Feature::Property(p) => {
                qualifiers(out, &p.qualifiers, "    ");
                out.push_str("    ");
                typed(out, p);
                out.push_str(";\n");
            }
            Feature::Method(m) => {
                qualifiers(out, &m.qualifiers, "    ");
                let _ = write!(
                    out,
                    "    {}{} {}(",
                    type_name(&m.return_type),
                    array(m.return_array.as_ref()),
                    m.name.text
                );
                for (i, param) in m.params.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    qualifiers(out, &param.qualifiers, "        ");
                    out.push_str("        ");
                    typed(out, param);
                }
                out.push_str(");\n");
            }
        }
    }
    out.push_str("};\n\n");
}

/// A property, reference or parameter: `type name[] = default`.
fn typed(out: &mut String, p: &PropertyDecl) {
    let _ = write!(out, "{} {}{}", type_name(&p.ty), p.name.text, array(p.array.as_ref()));
    if let Some(default) = &p.default {
        let _ = write!(out, " = {}", value(default));
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

fn property_head(p: &PropertyDecl) -> String {
    format!("{} {}{}", type_name(&p.ty), p.name.text, array(p.array.as_ref()))
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

fn instance_decl(out: &mut String, instance: &InstanceDecl, depth: usize) {
    let indent = "    ".repeat(depth);
    qualifiers(out, &instance.qualifiers, &indent);
    let _ = write!(out, "instance of {}", instance.class.text);
    if let Some(alias) = &instance.alias {
        let _ = write!(out, " as ${}", alias.text);
    }
    let _ = writeln!(out, "\n{indent}{{");
    for p in &instance.properties {
        let inner = format!("{indent}    ");
        qualifiers(out, &p.qualifiers, &inner);
        let _ = write!(out, "{inner}{}", p.name.text);
        match &p.value {
            Some(Value {
                kind: ValueKind::Instance(embedded),
                ..
            }) => {
                out.push_str(" = ");
                instance_decl(out, embedded, depth + 1);
            }
            Some(v) => {
                let _ = write!(out, " = {}", value(v));
            }
            None => {}
        }
        out.push_str(";\n");
    }
    let _ = write!(out, "{indent}}}");
}

fn qualifiers(out: &mut String, qualifiers: &[Qualifier], indent: &str) {
    if qualifiers.is_empty() {
        return;
    }
    let written: Vec<String> = qualifiers
        .iter()
        .map(|q| {
            let mut text = q.name.text.to_string();
            if let Some(v) = &q.value {
                text.push_str(&qualifier_value(v));
            }
            if !q.flavors.is_empty() {
                let flavors: Vec<&str> = q.flavors.iter().map(|(f, _)| f.name()).collect();
                let _ = write!(text, " : {}", flavors.join(" "));
            }
            text
        })
        .collect();
    let separator = format!(",\n{indent} ");
    let _ = writeln!(out, "{indent}[{}]", written.join(&separator));
}

/// `(value)`, or `{values}` for an array.
fn qualifier_value(v: &Value) -> String {
    match &v.kind {
        ValueKind::Array(_) => value(v),
        _ => format!("({})", value(v)),
    }
}

fn array(spec: Option<&ArraySpec>) -> String {
    match spec {
        None => String::new(),
        Some(ArraySpec { size: None, .. }) => "[]".into(),
        Some(ArraySpec { size: Some(n), .. }) => format!("[{n}]"),
    }
}

/// A value as MOF text that reads back to the same value.
pub fn value(v: &Value) -> String {
    match &v.kind {
        ValueKind::Null | ValueKind::Invalid => "null".into(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Int(n) => n.to_string(),
        ValueKind::Real(r) => real(*r),
        ValueKind::String(s) => format!("\"{}\"", escape(s)),
        ValueKind::Char16(c) => match char::from_u32(u32::from(*c)) {
            Some(ch) if !ch.is_control() && ch != '\'' && ch != '\\' => format!("'{ch}'"),
            _ => format!("'\\x{c:04X}'"),
        },
        ValueKind::Alias(a) => format!("${a}"),
        ValueKind::Array(items) => {
            let items: Vec<String> = items.iter().map(value).collect();
            format!("{{{}}}", items.join(", "))
        }
        ValueKind::Constant(name) => name.text.to_string(),
        ValueKind::Instance(instance) => {
            let mut out = String::new();
            instance_decl(&mut out, instance, 1);
            out
        }
    }
}

/// A real in MOF syntax, which needs a decimal point: the shortest form that reads back exactly.
fn real(r: f64) -> String {
    let text = format!("{r:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exponent}")
}

/// A string's contents with MOF escapes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\x{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}
