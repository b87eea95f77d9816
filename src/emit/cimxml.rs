//! The resolved model as CIM-XML (DSP0201 2.4), the form WBEM servers and clients exchange:
//! one `DECLGROUP` per namespace, holding its qualifier declarations, then its classes
//! (superclasses first, each with every property and method it has, marked `PROPAGATED` where
//! inherited, and `CLASSORIGIN`), then its instances.

use std::fmt::Write;

use super::class_order;
use crate::sema::Model;
use crate::sema::model::{Class, ClassId, Flavors, Member, Method, NamespaceId, Property, QualifierValue, embeds};
use crate::syntax::ast::{ArraySpec, Flavor, InstanceDecl, Intrinsic, PropertyDecl, Type, Value, ValueKind};

pub fn model(model: &Model) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.4\">\n<DECLARATION>\n");
    let classes = class_order(model);
    let mut namespaces: Vec<NamespaceId> = classes.iter().map(|(_, c)| c.namespace).collect();
    namespaces.extend(model.instances.iter().map(|i| i.namespace));
    namespaces.sort_by_key(|&ns| &model.namespaces[ns]);
    namespaces.dedup();
    if namespaces.is_empty() {
        namespaces.push(model.classes.first().map_or(0, |c| c.namespace));
    }
    for (index, &ns) in namespaces.iter().enumerate() {
        out.push_str("<DECLGROUP>\n<LOCALNAMESPACEPATH>");
        for part in model.namespaces[ns].split('/').filter(|p| !p.is_empty()) {
            let _ = write!(out, "<NAMESPACE NAME=\"{}\"/>", escape(part));
        }
        out.push_str("</LOCALNAMESPACEPATH>\n");
        // Qualifier declarations are the compilation's, written once, with the first namespace.
        if index == 0 {
            for q in model.qualifiers.iter().filter(|q| q.origin.file().is_some()) {
                qualifier_declaration(&mut out, model, q);
            }
        }
        for &(id, class) in classes.iter().filter(|(_, c)| c.namespace == ns) {
            out.push_str("<VALUE.OBJECT>\n");
            class_element(&mut out, model, id, class);
            out.push_str("</VALUE.OBJECT>\n");
        }
        for instance in model.instances.iter().filter(|i| i.namespace == ns) {
            out.push_str("<VALUE.OBJECT>\n");
            instance_element(
                &mut out,
                model,
                instance.decl,
                instance.class.map(|c| &model.classes[c]),
            );
            out.push_str("</VALUE.OBJECT>\n");
        }
        out.push_str("</DECLGROUP>\n");
    }
    out.push_str("</DECLARATION>\n</CIM>\n");
    out
}

fn qualifier_declaration(out: &mut String, model: &Model, q: &crate::sema::model::QualifierType) {
    let _ = write!(
        out,
        "<QUALIFIER.DECLARATION NAME=\"{}\" TYPE=\"{}\" ISARRAY=\"{}\"",
        escape(&q.decl.name.text),
        q.ty.map_or("string", Intrinsic::name),
        q.array
    );
    if let Some(ArraySpec { size: Some(n), .. }) = q.decl.array {
        let _ = write!(out, " ARRAYSIZE=\"{n}\"");
    }
    flavor_attributes(out, q.flavors);
    out.push_str(">\n<SCOPE");
    for (name, scope) in crate::syntax::ast::ScopeKind::ALL
        .iter()
        .filter(|(n, _)| *n != "any" && *n != "qualifier")
    {
        let _ = write!(out, " {}=\"{}\"", name.to_ascii_uppercase(), q.scopes.contains(*scope));
    }
    out.push_str("/>\n");
    if let Some(default) = &q.decl.default {
        value_element(out, model, default);
    }
    out.push_str("</QUALIFIER.DECLARATION>\n");
}

fn flavor_attributes(out: &mut String, flavors: Flavors) {
    let _ = write!(
        out,
        " OVERRIDABLE=\"{}\" TOSUBCLASS=\"{}\" TOINSTANCE=\"{}\" TRANSLATABLE=\"{}\"",
        !flavors.has(Flavor::DisableOverride),
        flavors.propagates(),
        flavors.has(Flavor::ToInstance),
        flavors.has(Flavor::Translatable)
    );
}

fn class_element(out: &mut String, model: &Model, id: ClassId, class: &Class) {
    let _ = write!(out, "<CLASS NAME=\"{}\"", escape(class.name()));
    if let Some(superclass) = class.superclass {
        let _ = write!(out, " SUPERCLASS=\"{}\"", escape(model.classes[superclass].name()));
    }
    out.push_str(">\n");
    qualifiers(out, model, id, &class.qualifiers);
    for p in &class.properties {
        property_element(out, model, id, p);
    }
    for m in &class.methods {
        method_element(out, model, id, m);
    }
    out.push_str("</CLASS>\n");
}

/// The qualifiers in force on an element of class `holder`, without localized copies (CIM-XML
/// has no locales).
fn qualifiers(out: &mut String, model: &Model, holder: ClassId, qualifiers: &[QualifierValue]) {
    for q in qualifiers.iter().filter(|q| !q.is_localized()) {
        let ty = q
            .declaration()
            .and_then(|d| model.qualifiers[d].ty)
            .map_or_else(|| guess_type(q.value), Intrinsic::name);
        let _ = write!(
            out,
            "<QUALIFIER NAME=\"{}\" TYPE=\"{ty}\" PROPAGATED=\"{}\"",
            escape(&q.name.text),
            q.inherited_in(holder)
        );
        flavor_attributes(out, q.flavors);
        out.push('>');
        match q.value {
            None => out.push_str("<VALUE>true</VALUE>"),
            Some(v) => value_element(out, model, v),
        }
        out.push_str("</QUALIFIER>\n");
    }
}

/// The type of a qualifier nothing declares (WMI's), from its value.
fn guess_type(value: Option<&Value>) -> &'static str {
    let kind = value.map(|v| match &v.kind {
        ValueKind::Array(items) => items.first().map_or(&ValueKind::Null, |i| &i.kind),
        kind => kind,
    });
    match kind {
        None | Some(ValueKind::Bool(_)) => "boolean",
        Some(ValueKind::Int(_)) => "sint64",
        Some(ValueKind::Real(_)) => "real64",
        _ => "string",
    }
}

fn property_element(out: &mut String, model: &Model, holder: ClassId, p: &Property) {
    typed_open(out, "PROPERTY", p.decl, p.is_embedded());
    origin(out, model, p.class_origin, p.inherited_in(holder));
    qualifiers(out, model, holder, &p.qualifiers);
    if let Some(default) = &p.decl.default {
        value_element(out, model, default);
    }
    let _ = writeln!(out, "</{}>", element_name("PROPERTY", p.decl));
}

fn method_element(out: &mut String, model: &Model, holder: ClassId, m: &Method) {
    let _ = write!(out, "<METHOD NAME=\"{}\"", escape(&m.decl.name.text));
    match &m.decl.return_type {
        Type::Void(_) => {}
        Type::Intrinsic(t, _) => {
            let _ = write!(out, " TYPE=\"{}\"", t.name());
        }
        // Embedded objects and references as return values are strings with a qualifier.
        Type::Class(_) | Type::Ref(_) => out.push_str(" TYPE=\"string\""),
    }
    origin(out, model, m.class_origin, m.inherited_in(holder));
    qualifiers(out, model, holder, &m.qualifiers);
    for (param, param_qualifiers) in m.decl.params.iter().zip(&m.params) {
        typed_open(out, "PARAMETER", param, embeds(param_qualifiers));
        out.push_str(">\n");
        qualifiers(out, model, holder, param_qualifiers);
        let _ = writeln!(out, "</{}>", element_name("PARAMETER", param));
    }
    out.push_str("</METHOD>\n");
}

/// Where a member comes from, and the end of its opening tag.
fn origin(out: &mut String, model: &Model, class_origin: ClassId, propagated: bool) {
    let origin = escape(model.classes[class_origin].name());
    let _ = writeln!(out, " CLASSORIGIN=\"{origin}\" PROPAGATED=\"{propagated}\">");
}

/// `PROPERTY`, `PROPERTY.ARRAY` or `PROPERTY.REFERENCE` (and the `PARAMETER` forms).
fn element_name(base: &str, decl: &PropertyDecl) -> String {
    match (&decl.ty, decl.array.is_some(), base) {
        (Type::Ref(_), true, "PARAMETER") => "PARAMETER.REFARRAY".into(),
        (Type::Ref(_), _, _) => format!("{base}.REFERENCE"),
        (_, true, _) => format!("{base}.ARRAY"),
        _ => base.into(),
    }
}

/// The opening tag of a property or parameter, without its closing `>`.
fn typed_open(out: &mut String, base: &str, decl: &PropertyDecl, embedded: bool) {
    let _ = write!(
        out,
        "<{} NAME=\"{}\"",
        element_name(base, decl),
        escape(&decl.name.text)
    );
    match &decl.ty {
        Type::Ref(class) => {
            let _ = write!(out, " REFERENCECLASS=\"{}\"", escape(&class.text));
        }
        Type::Intrinsic(t, _) => {
            let _ = write!(out, " TYPE=\"{}\"", t.name());
        }
        Type::Class(_) | Type::Void(_) => out.push_str(" TYPE=\"string\""),
    }
    if embedded || matches!(decl.ty, Type::Class(_)) {
        out.push_str(" EmbeddedObject=\"instance\"");
    }
    if let Some(ArraySpec { size: Some(n), .. }) = decl.array {
        let _ = write!(out, " ARRAYSIZE=\"{n}\"");
    }
}

fn instance_element(out: &mut String, model: &Model, decl: &InstanceDecl, class: Option<&Class>) {
    let _ = writeln!(out, "<INSTANCE CLASSNAME=\"{}\">", escape(&decl.class.text));
    for pv in &decl.properties {
        let property = class.and_then(|c| c.property(&pv.name.text));
        match property {
            Some(p) => {
                typed_open(out, "PROPERTY", p.decl, p.is_embedded());
                out.push_str(">\n");
            }
            None => {
                let _ = writeln!(out, "<PROPERTY NAME=\"{}\" TYPE=\"string\">", escape(&pv.name.text));
            }
        }
        if let Some(value) = &pv.value {
            value_element(out, model, value);
        }
        let _ = writeln!(
            out,
            "</{}>",
            property.map_or("PROPERTY".into(), |p| element_name("PROPERTY", p.decl))
        );
    }
    out.push_str("</INSTANCE>\n");
}

/// `<VALUE>`, `<VALUE.ARRAY>` or `<VALUE.NULL/>`; an alias becomes the path it names, an
/// embedded instance its own CIM-XML, escaped as text.
fn value_element(out: &mut String, model: &Model, value: &Value) {
    match &value.kind {
        ValueKind::Null | ValueKind::Invalid => out.push_str("<VALUE.NULL/>"),
        ValueKind::Array(items) => {
            out.push_str("<VALUE.ARRAY>");
            for item in items {
                value_element(out, model, item);
            }
            out.push_str("</VALUE.ARRAY>");
        }
        kind => {
            let text = match kind {
                ValueKind::Bool(b) => b.to_string(),
                ValueKind::Int(n) => n.to_string(),
                ValueKind::Real(r) => r.to_string(),
                ValueKind::String(s) => s.to_string(),
                ValueKind::Char16(c) => String::from_utf16_lossy(&[*c]),
                ValueKind::Alias(a) => model
                    .aliased(a)
                    .and_then(|i| i.path.clone())
                    .unwrap_or_else(|| format!("${a}")),
                ValueKind::Constant(name) => name.text.to_string(),
                ValueKind::Instance(embedded) => {
                    let mut xml = String::new();
                    let class = model.classes.iter().find(|c| c.decl.name.is(&embedded.class.text));
                    instance_element(&mut xml, model, embedded, class);
                    xml
                }
                ValueKind::Null | ValueKind::Invalid | ValueKind::Array(_) => String::new(),
            };
            let _ = write!(out, "<VALUE>{}</VALUE>", escape(&text));
        }
    }
}

/// Text and attribute values with XML's five special characters escaped, and control
/// characters (which XML 1.0 cannot hold) as character references where allowed.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c if (c as u32) < 0x20 => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
