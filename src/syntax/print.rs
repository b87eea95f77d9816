//! The syntax tree written back as canonical MOF text: one layout for every declaration
//! (four-space indent, one feature per line, qualifiers in brackets above what they qualify),
//! values in a spelling that reads back to the same value. `emit::mof` writes whole compilations
//! with it; the repository stores classes and instances in this form.

use std::fmt::Write;

use super::ast::{
    ArraySpec, ClassDecl, Feature, InstanceDecl, PropertyDecl, Qualifier, QualifierDecl, Type, Value, ValueKind,
};

/// A type as MOF spells it: `uint32`, `CIM_Foo ref`, `void`, or a class name.
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Intrinsic(t, _) => t.name().into(),
        Type::Ref(class) => format!("{} ref", class.text),
        Type::Class(class) => class.text.to_string(),
        Type::Void(_) => "void".into(),
    }
}

/// A qualifier declaration's type as MOF spells it; mofcomp's flavors-only form has none.
pub fn qualifier_type(q: &QualifierDecl) -> String {
    q.ty.as_ref().map_or_else(|| "untyped".into(), type_name)
}

pub fn qualifier_decl(out: &mut String, q: &QualifierDecl) {
    let flavors: Vec<&str> = q.flavors.iter().map(|(f, _)| f.name()).collect();
    let Some(ty) = &q.ty else {
        // mofcomp's flavors-only form; with no valid flavor left it declares nothing.
        if !flavors.is_empty() {
            let _ = write!(out, "Qualifier {} : {};\n\n", q.name.text, flavors.join(" "));
        }
        return;
    };
    let _ = write!(
        out,
        "Qualifier {} : {}{}",
        q.name.text,
        type_name(ty),
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
    // mofcomp allows a declaration without a scope.
    if !scopes.is_empty() {
        let _ = write!(out, ", Scope({})", scopes.join(", "));
    }
    if !flavors.is_empty() {
        let _ = write!(out, ", Flavor({})", flavors.join(", "));
    }
    out.push_str(";\n\n");
}

pub fn class_decl(out: &mut String, class: &ClassDecl) {
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
                    array(m.return_array.as_deref()),
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

pub fn property_head(p: &PropertyDecl) -> String {
    format!("{} {}{}", type_name(&p.ty), p.name.text, array(p.array.as_ref()))
}

pub fn instance_decl(out: &mut String, instance: &InstanceDecl, depth: usize) {
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
    let written: Vec<String> = qualifiers.iter().map(qualifier).collect();
    let separator = format!(",\n{indent} ");
    let _ = writeln!(out, "{indent}[{}]", written.join(&separator));
}

/// One qualifier as used: `Name`, `Name(value)` or `Name{values}`, then its WMI flavors.
pub fn qualifier(q: &Qualifier) -> String {
    let mut text = q.name.text.to_string();
    if let Some(v) = &q.value {
        text.push_str(&qualifier_value(v));
    }
    if !q.flavors.is_empty() {
        let flavors: Vec<&str> = q.flavors.iter().map(|(f, _)| f.name()).collect();
        let _ = write!(text, " : {}", flavors.join(" "));
    }
    text
}

/// `(value)`, or `{values}` for an array.
pub fn qualifier_value(v: &Value) -> String {
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
pub fn escape(s: &str) -> String {
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
