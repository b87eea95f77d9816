//! The resolved model as one JSON document (documented in the README). Every class lists its
//! effective qualifiers, properties and methods, each marked local or `propagated` and with
//! the class it comes from, so that tools need not re-implement inheritance.

use serde_json::{Map, Value as Json, json};

use super::class_order;
use crate::sema::Model;
use crate::sema::model::{Method, Property, QualifierValue};
use crate::syntax::ast::{ArraySpec, Value, ValueKind};
use crate::syntax::print::type_name;

pub fn model(model: &Model) -> Json {
    let qualifiers: Vec<Json> = model
        .qualifiers
        .iter()
        .filter(|q| q.origin.file().is_some())
        .map(|q| {
            json!({
                "name": &*q.decl.name.text,
                "type": type_name(&q.decl.ty),
                "array": array(q.decl.array.as_ref()),
                "default": q.decl.default.as_ref().map_or(Json::Null, |v| value(model, v)),
                "scopes": q.decl.scopes.iter().map(|&(s, _)| format!("{s:?}").to_ascii_lowercase()).collect::<Vec<_>>(),
                "flavors": q.flavors.names(),
            })
        })
        .collect();
    let classes: Vec<Json> = class_order(model)
        .into_iter()
        .map(|(_, class)| {
            json!({
                "name": class.name(),
                "namespace": &model.namespaces[class.namespace],
                "superclass": class.superclass.map(|s| model.classes[s].name()),
                "qualifiers": qualifier_list(model, &class.qualifiers),
                "properties": class.properties.iter().map(|p| property(model, p)).collect::<Vec<_>>(),
                "methods": class.methods.iter().map(|m| method(model, m)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let instances: Vec<Json> = model
        .instances
        .iter()
        .map(|i| {
            let properties: Map<String, Json> = i
                .decl
                .properties
                .iter()
                .filter_map(|p| Some((p.name.text.to_string(), value(model, p.value.as_ref()?))))
                .collect();
            json!({
                "class": &*i.decl.class.text,
                "namespace": &model.namespaces[i.namespace],
                "alias": i.decl.alias.as_ref().map(|a| &*a.text),
                "path": i.path,
                "properties": properties,
            })
        })
        .collect();
    json!({
        "dialect": model.dialect().dialect.name(),
        "qualifiers": qualifiers,
        "classes": classes,
        "instances": instances,
    })
}

fn property(model: &Model, p: &Property) -> Json {
    json!({
        "name": &*p.decl.name.text,
        "type": type_name(&p.decl.ty),
        "array": array(p.decl.array.as_ref()),
        "default": p.decl.default.as_ref().map_or(Json::Null, |v| value(model, v)),
        "class_origin": model.classes[p.class_origin].name(),
        "propagated": p.propagated,
        "qualifiers": qualifier_list(model, &p.qualifiers),
    })
}

fn method(model: &Model, m: &Method) -> Json {
    let parameters: Vec<Json> = m
        .decl
        .params
        .iter()
        .zip(&m.params)
        .map(|(p, qualifiers)| {
            json!({
                "name": &*p.name.text,
                "type": type_name(&p.ty),
                "array": array(p.array.as_ref()),
                "qualifiers": qualifier_list(model, qualifiers),
            })
        })
        .collect();
    json!({
        "name": &*m.decl.name.text,
        "type": type_name(&m.decl.return_type),
        "array": array(m.decl.return_array.as_ref()),
        "class_origin": model.classes[m.class_origin].name(),
        "propagated": m.propagated,
        "qualifiers": qualifier_list(model, &m.qualifiers),
        "parameters": parameters,
    })
}

fn qualifier_list(model: &Model, qualifiers: &[QualifierValue]) -> Vec<Json> {
    qualifiers
        .iter()
        .map(|q| {
            let mut entry = json!({
                "name": &*q.name.text,
                "value": q.value.map_or(Json::Bool(true), |v| value(model, v)),
                "flavors": q.flavors.names(),
                "propagated": q.propagated,
                "from": model.classes[q.from].name(),
            });
            if let Some(locale) = &q.locale {
                entry["locale"] = Json::from(&**locale);
            }
            entry
        })
        .collect()
}

/// `null` for a scalar, `"[]"` for a variable array, the size for a fixed one.
fn array(spec: Option<&ArraySpec>) -> Json {
    match spec {
        None => Json::Null,
        Some(ArraySpec { size: None, .. }) => Json::from("[]"),
        Some(ArraySpec { size: Some(n), .. }) => Json::from(*n),
    }
}

/// A value in JSON: integers beyond 64 bits (which no type holds) as strings, aliases as the
/// object path of the instance they name where it is known.
fn value(model: &Model, v: &Value) -> Json {
    match &v.kind {
        ValueKind::Null | ValueKind::Invalid => Json::Null,
        ValueKind::Bool(b) => Json::from(*b),
        ValueKind::Int(n) => i64::try_from(*n)
            .map(Json::from)
            .or_else(|_| u64::try_from(*n).map(Json::from))
            .unwrap_or_else(|_| Json::from(n.to_string())),
        ValueKind::Real(r) => Json::from(*r),
        ValueKind::String(s) => Json::from(s.as_str()),
        ValueKind::Char16(c) => Json::from(String::from_utf16_lossy(&[*c])),
        ValueKind::Alias(a) => {
            let path = model.aliased(a).and_then(|i| i.path.clone());
            Json::from(path.unwrap_or_else(|| format!("${a}")))
        }
        ValueKind::Array(items) => Json::Array(items.iter().map(|i| value(model, i)).collect()),
        ValueKind::Constant(name) => Json::from(&*name.text),
        ValueKind::Instance(instance) => {
            let properties: Map<String, Json> = instance
                .properties
                .iter()
                .filter_map(|p| Some((p.name.text.to_string(), value(model, p.value.as_ref()?))))
                .collect();
            json!({ "instance_of": &*instance.class.text, "properties": properties })
        }
    }
}
