//! Instances: the class exists, every property it sets exists and its value fits, every key has
//! a value, aliases are defined once and every alias used is defined somewhere in the
//! compilation (before or after its use). Each instance gets its object path
//! (`Class.Key="value"`), with aliases in key values replaced by the paths they name.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::Resolver;
use super::embedded::check_string;
use super::link::undefined;
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{ClassId, Dialect, Instance, NamespaceId, NoCase, Origin, Property, find};
use crate::sema::values::{Expected, check};
use crate::source::{FileId, Span};
use crate::syntax::Suggester;
use crate::syntax::ast::{InstanceDecl, Name, PropertyValue, Type, Value, ValueKind};

pub fn run<'a>(cx: &mut Resolver<'a>, instances: &[(FileId, NamespaceId, &'a InstanceDecl)]) {
    // Every alias is defined before values are checked: a value may use an alias defined
    // after it, and the MOF in an embedded object's string those of the compilation.
    let mut aliases: HashMap<NoCase<'a>, (FileId, Span, Option<usize>)> = HashMap::new();
    // Classes may be named by alias too (`class C as $c`).
    let unit = cx.unit;
    for (file, class) in unit.classes() {
        if let Some(alias) = &class.alias {
            define(cx, &mut aliases, file, alias, None);
        }
    }
    for (index, &(file, _, decl)) in instances.iter().enumerate() {
        if let Some(alias) = &decl.alias {
            define(cx, &mut aliases, file, alias, Some(index));
        }
    }
    cx.aliases = aliases;
    let mut used: Vec<(FileId, &'a Value)> = Vec::new();
    for &(file, namespace, decl) in instances {
        let class = check_instance(cx, file, namespace, decl, false, &mut used);
        cx.model.instances.push(Instance {
            decl,
            file,
            namespace,
            class,
            path: None,
        });
    }
    for (file, value) in used {
        undefined_alias(cx, file, value);
    }
    let by_alias: HashMap<NoCase<'a>, usize> = cx.aliases.iter().filter_map(|(&k, &(_, _, i))| Some((k, i?))).collect();
    for index in 0..cx.model.instances.len() {
        let path = object_path(cx, &by_alias, index, 0);
        cx.model.instances[index].path = path;
    }
}

/// Reports `value` if it is an alias that the compilation does not define.
pub fn undefined_alias(cx: &mut Resolver, file: FileId, value: &Value) {
    let ValueKind::Alias(name) = &value.kind else { return };
    if cx.aliases.contains_key(&NoCase(name)) {
        return;
    }
    let mut d = Diagnostic::new(
        Code::UndefinedAlias,
        file,
        value.span,
        format!("alias `${name}` is not defined"),
    )
    .with_label("no class or instance is declared `as` this alias");
    let aliases = &cx.aliases;
    let names = cx.alias_names.get_or_insert_with(|| {
        // In a fixed order, so that the first of equally close aliases is always the same.
        let mut names: Vec<&str> = aliases.keys().map(|k| k.0).collect();
        names.sort_unstable();
        Suggester::new(names)
    });
    if let Some(close) = names.suggestion(name) {
        // The alias without its `$`.
        let span = Span::new(value.span.start as usize + 1, value.span.end as usize);
        d = d.with_suggestion(format_args!("`${}`", close.name), close.guess(file, span, name));
    }
    cx.push(d);
}

fn define<'a>(
    cx: &mut Resolver,
    aliases: &mut HashMap<NoCase<'a>, (FileId, Span, Option<usize>)>,
    file: FileId,
    alias: &'a Name,
    instance: Option<usize>,
) {
    if let Some(&(first_file, first, _)) = aliases.get(&NoCase(&alias.text)) {
        let d = Diagnostic::new(
            Code::DuplicateAlias,
            file,
            alias.span,
            format!("alias `${}` is defined twice", alias.text),
        )
        .with_label("second definition")
        .with_secondary(first_file, first, "first defined here");
        cx.push(d);
        return;
    }
    aliases.insert(NoCase(&alias.text), (file, alias.span, instance));
}

/// Checks an instance (or an embedded one) against its class; returns the class if known.
pub fn check_instance<'v>(
    cx: &mut Resolver,
    file: FileId,
    namespace: NamespaceId,
    decl: &'v InstanceDecl,
    embedded: bool,
    used: &mut Vec<(FileId, &'v Value)>,
) -> Option<ClassId> {
    let Some(class) = cx.model.class(namespace, &decl.class.text) else {
        undefined(cx, Origin::File(file), &decl.class, "instance's class");
        // The values may still use aliases.
        for pv in &decl.properties {
            pv.value.iter().for_each(|v| aliases_in(file, v, used));
        }
        return None;
    };
    // The first value given to each property, by name.
    let mut given: FxHashMap<NoCase<'v>, &'v PropertyValue> = FxHashMap::default();
    for pv in &decl.properties {
        let Some(value) = &pv.value else { continue };
        aliases_in(file, value, used);
        let first = match given.entry(NoCase(&pv.name.text)) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(pv);
                None
            }
        };
        if let Some(first) = first {
            let d = Diagnostic::new(
                Code::DuplicateFeature,
                file,
                pv.name.span,
                format!("`{}` is given a value twice in this instance", pv.name.text),
            )
            .with_label("second value")
            .with_secondary(file, first.name.span, "first value");
            cx.push(d);
        }
        let Some(property) = cx.model.classes[class].property(&pv.name.text) else {
            if !cx.model.classes[class].incomplete {
                unknown_property(cx, file, class, &pv.name);
            }
            continue;
        };
        let embedded = property.is_embedded();
        // Only an embedded or class-typed property names a class (its qualifiers are not looked
        // through again for every other value).
        let class_typed = matches!(property.decl.ty, Type::Class(_));
        let wanted = (embedded || class_typed).then(|| embedded_class(property)).flatten();
        let (property, origin) = (property.decl, property.origin);
        let items = value.entries();
        let strings = embedded && cx.model.dialect().dialect == Dialect::Dmtf;
        for item in items {
            match &item.kind {
                ValueKind::Instance(inner) => {
                    let got = check_instance(cx, file, namespace, inner, true, used);
                    conforms(cx, (file, inner.class.span), namespace, got, wanted);
                }
                ValueKind::String(text) if strings => check_string(cx, file, namespace, text, item.span, wanted),
                _ => {}
            }
        }
        // A class type that names no class was reported where it is declared.
        if let Type::Class(name) = &property.ty
            && cx.model.class(namespace, &name.text).is_none()
        {
            continue;
        }
        let Some(expected) = Expected::of(&property.ty, embedded) else {
            continue;
        };
        if let Err(fault) = check(value, expected, property.array.is_some()) {
            let at = property.name.span;
            let d = Diagnostic::new(fault.code, file, fault.span, fault.message)
                .with_label(format!("the value of `{}`", pv.name.text));
            let d = Resolver::at_declaration(d, origin, at, "declared here");
            cx.push(d);
        }
    }
    // An embedded instance has no object path, so it needs no keys.
    if !embedded && !cx.model.classes[class].incomplete {
        missing_keys(cx, file, class, decl);
    }
    Some(class)
}

/// The class an embedded instance must be of (or derive from): a property's class type, or the
/// value of its `EmbeddedInstance` qualifier.
fn embedded_class<'a>(property: &Property<'a>) -> Option<&'a str> {
    if let Type::Class(name) = &property.decl.ty {
        return Some(&name.text);
    }
    match find(&property.qualifiers, "EmbeddedInstance")?.value?.kind {
        ValueKind::String(ref name) => Some(name),
        _ => None,
    }
}

/// DSP0004 on `EmbeddedInstance`: "The embedded instance shall be an instance of the specified
/// class, including instances of its subclasses." An unknown class on either side was reported
/// already. `at` is the embedded instance's class name.
pub fn conforms(
    cx: &mut Resolver,
    at: (FileId, Span),
    namespace: NamespaceId,
    got: Option<ClassId>,
    wanted: Option<&str>,
) {
    let (Some(got), Some(wanted)) = (got, wanted) else {
        return;
    };
    let Some(wanted_id) = cx.model.class(namespace, wanted) else {
        return;
    };
    if cx.model.derives_from(got, wanted_id) {
        return;
    }
    let got = cx.model.classes[got].name();
    let d = Diagnostic::new(
        Code::ValueType,
        at.0,
        at.1,
        format!("an instance of `{got}` where an instance of `{wanted}` (or of a subclass) belongs"),
    )
    .with_label(format!("`{got}` does not derive from `{wanted}`"));
    cx.push(d);
}

/// Every alias inside a value.
fn aliases_in<'v>(file: FileId, value: &'v Value, used: &mut Vec<(FileId, &'v Value)>) {
    match &value.kind {
        ValueKind::Alias(_) => used.push((file, value)),
        ValueKind::Array(items) => items.iter().for_each(|v| aliases_in(file, v, used)),
        _ => {}
    }
}

fn unknown_property(cx: &mut Resolver, file: FileId, class: ClassId, name: &Name) {
    let message = format!(
        "class `{}` has no property `{}`",
        cx.model.classes[class].name(),
        name.text
    );
    let label = "not a property of the class or its ancestors";
    cx.no_such_property(Code::UnknownProperty, file, class, name, message, label);
}

fn missing_keys(cx: &mut Resolver, file: FileId, class: ClassId, decl: &InstanceDecl) {
    let c = &cx.model.classes[class];
    let missing: Vec<&str> = c
        .keys()
        .filter(|k| k.decl.default.as_ref().is_none_or(|d| d.kind == ValueKind::Null))
        .filter(|k| {
            !decl
                .properties
                .iter()
                .any(|pv| pv.name.is(&k.decl.name.text) && pv.value.is_some())
        })
        .map(|k| &*k.decl.name.text)
        .collect();
    if missing.is_empty() {
        return;
    }
    let s = if missing.len() == 1 { "" } else { "s" };
    let d = Diagnostic::new(
        Code::MissingKey,
        file,
        decl.class.span,
        format!(
            "this instance of `{}` has no value for the key{s} {}",
            c.name(),
            missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    )
    .with_label("its object path is incomplete");
    let d = Resolver::at_declaration(d, c.origin, c.decl.name.span, "the class is declared here");
    cx.push(d);
}

/// `Class.Key1="v",Key2=3`, with aliases replaced by the paths of the instances they name;
/// `None` if the class is unknown or a key has no value. References nest, so the depth is bounded.
fn object_path(cx: &Resolver, by_alias: &HashMap<NoCase, usize>, index: usize, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    let instance = &cx.model.instances[index];
    let class = &cx.model.classes[instance.class?];
    let mut keys = Vec::new();
    for key in class.keys() {
        let given = instance
            .decl
            .properties
            .iter()
            .find(|pv| pv.name.is(&key.decl.name.text))
            .and_then(|pv| pv.value.as_ref())
            .or(key.decl.default.as_deref())?;
        let text = key_value(&given.kind, &|a| {
            object_path(cx, by_alias, *by_alias.get(&NoCase(a))?, depth + 1)
        })?;
        keys.push(format!("{}={text}", key.decl.name.text));
    }
    Some(if keys.is_empty() {
        format!("{}=@", class.name())
    } else {
        format!("{}.{}", class.name(), keys.join(","))
    })
}

/// A value as an object path writes it as a key: strings quoted, booleans upper case, and an
/// alias replaced by the path `alias` gives for it. `None` for values that cannot be keys.
pub fn key_value(value: &ValueKind, alias: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    Some(match value {
        ValueKind::String(s) => quote(s),
        ValueKind::Int(n) => n.to_string(),
        ValueKind::Real(r) => r.to_string(),
        ValueKind::Bool(b) => b.to_string().to_uppercase(),
        ValueKind::Char16(c) => c.to_string(),
        ValueKind::Alias(a) => quote(&alias(a)?),
        _ => return None,
    })
}

/// A string as a key value of an object path: quoted, with `\` and `"` escaped.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
