//! PutInstance, DeleteInstance and PutQualifier, and object paths: an instance is stored under
//! its class and key values (`Class.Key="value",Other=3`), compared without regard to the case
//! of class and key names.

use super::class::no_namespace;
use super::event::{Change, Intrinsic, Outcome};
use super::flags::{CREATE_ONLY, UPDATE_ONLY, valid};
use super::hresult::HResult;
use super::object::instance_text;
use super::shape::Classes;
use crate::repo::{Store, StoredInstance};
use crate::sema::{Expected, check_value, key_value};
use crate::syntax::ast::{Feature, InstanceDecl, PropertyDecl, QualifierDecl, ValueKind};
use crate::syntax::print;

/// The result of PutInstance, with the instance's path when it has one.
pub struct PutInstance {
    pub outcome: Outcome,
    pub path: Option<String>,
}

pub fn put_instance(store: &mut Store, namespace: &str, decl: &InstanceDecl, flags: u32) -> PutInstance {
    let failed = |code, detail: String| PutInstance {
        outcome: Outcome::failed(code, detail),
        path: None,
    };
    if !valid(flags) {
        return failed(
            HResult::WBEM_E_INVALID_PARAMETER,
            "the flags contradict each other".into(),
        );
    }
    if !store.has_namespace(namespace) {
        return PutInstance {
            outcome: no_namespace(namespace),
            path: None,
        };
    }
    let class_name = decl.class.text.to_string();
    if decl.class.is("__Namespace") {
        return put_namespace(store, namespace, decl, flags);
    }
    let classes = Classes::new(store, namespace);
    let Some(chain) = classes.chain(&class_name) else {
        return failed(HResult::WBEM_E_INVALID_CLASS, format!("there is no class {class_name}"));
    };
    let class = chain.last().cloned();
    if class
        .as_ref()
        .is_some_and(|c| c.qualifiers.iter().any(|q| q.name.is("Abstract")))
    {
        return failed(
            HResult::WBEM_E_INVALID_OPERATION,
            format!("{class_name} is abstract and cannot have instances"),
        );
    }
    let shape = classes.shape(&chain);
    // The declaration in force for each property: the nearest class's.
    let declaration = |name: &str| -> Option<&PropertyDecl> {
        chain.iter().rev().find_map(|c| {
            c.features.iter().find_map(|f| match f {
                Feature::Property(p) if p.name.is(name) => Some(p),
                _ => None,
            })
        })
    };
    for pv in &decl.properties {
        let Some(property) = declaration(&pv.name.text) else {
            return failed(
                HResult::WBEM_E_INVALID_PROPERTY,
                format!("{class_name} has no property {}", pv.name.text),
            );
        };
        let embedded = property
            .qualifiers
            .iter()
            .any(|q| q.name.is("EmbeddedInstance") || q.name.is("EmbeddedObject"));
        if let (Some(value), Some(expected)) = (&pv.value, Expected::of(&property.ty, embedded))
            && let Err(fault) = check_value(value, expected, property.array.is_some())
        {
            return failed(
                HResult::WBEM_E_TYPE_MISMATCH,
                format!("{}.{}: {}", class_name, pv.name.text, fault.message),
            );
        }
    }
    let mut keys = Vec::new();
    for key in shape.keys() {
        let given = decl
            .properties
            .iter()
            .find(|pv| pv.name.is(key))
            .and_then(|pv| pv.value.as_ref());
        let property = declaration(key);
        let value = given.or_else(|| property.and_then(|p| p.default.as_deref()));
        let text = value.and_then(|v| key_value(&v.kind, &|_| None));
        let (Some(text), Some(property)) = (text, property) else {
            return failed(
                HResult::WBEM_E_ILLEGAL_NULL,
                format!("the key {class_name}.{key} has no value"),
            );
        };
        keys.push((property.name.text.to_string(), text));
    }
    let singleton = chain
        .iter()
        .any(|c| c.qualifiers.iter().any(|q| q.name.is("Singleton")));
    if keys.is_empty() && !singleton {
        return failed(
            HResult::WBEM_E_NO_KEY,
            format!("{class_name} has no key properties and is not a singleton"),
        );
    }
    drop(classes);
    let path = object_path(&class_name, &keys);
    let path_key = path_key(&class_name, &keys);
    let existing = store.instance(namespace, &path_key).cloned();
    match (&existing, flags & (CREATE_ONLY | UPDATE_ONLY)) {
        (Some(_), CREATE_ONLY) => {
            return failed(HResult::WBEM_E_ALREADY_EXISTS, format!("{path} already exists"));
        }
        (None, UPDATE_ONLY) => return failed(HResult::WBEM_E_NOT_FOUND, format!("there is no {path}")),
        _ => {}
    }
    let stored = StoredInstance {
        class: class_name,
        path: path.clone(),
        text: instance_text(decl),
    };
    let ns = namespace.to_string();
    let outcome = match existing {
        Some(old) if old == stored => Outcome::done(Change::Unchanged, Vec::new()),
        Some(old) => Outcome::done(
            Change::Updated,
            vec![Intrinsic::InstanceModification {
                namespace: ns,
                path: path.clone(),
                previous: old.text,
            }],
        ),
        None => Outcome::done(
            Change::Created,
            vec![Intrinsic::InstanceCreation {
                namespace: ns,
                path: path.clone(),
            }],
        ),
    };
    if outcome.change != Some(Change::Unchanged) {
        store.put_instance(namespace, path_key, stored);
    }
    PutInstance {
        outcome,
        path: Some(path),
    }
}

/// `instance of __Namespace { Name = "x"; }` creates namespace `x` below the current one.
fn put_namespace(store: &mut Store, namespace: &str, decl: &InstanceDecl, flags: u32) -> PutInstance {
    let name =
        decl.properties
            .iter()
            .find(|pv| pv.name.is("Name"))
            .and_then(|pv| match pv.value.as_ref().map(|v| &v.kind) {
                Some(ValueKind::String(s)) => Some(s.clone()),
                _ => None,
            });
    let Some(name) = name.filter(|n| !n.is_empty() && !n.contains(['/', '\\'])) else {
        return PutInstance {
            outcome: Outcome::failed(
                HResult::WBEM_E_ILLEGAL_NULL,
                "a __Namespace instance needs a Name without separators",
            ),
            path: None,
        };
    };
    let path = format!("__Namespace.Name=\"{name}\"");
    let child = format!("{namespace}/{name}");
    let exists = store.has_namespace(&child);
    let outcome = match (exists, flags & (CREATE_ONLY | UPDATE_ONLY)) {
        (true, CREATE_ONLY) => Outcome::failed(HResult::WBEM_E_ALREADY_EXISTS, format!("{child} already exists")),
        (false, UPDATE_ONLY) => Outcome::failed(HResult::WBEM_E_NOT_FOUND, format!("there is no {child}")),
        (true, _) => Outcome::done(Change::Unchanged, Vec::new()),
        (false, _) => {
            store.add_namespace(&child);
            Outcome::done(Change::Created, vec![Intrinsic::NamespaceCreation { namespace: child }])
        }
    };
    PutInstance {
        outcome,
        path: Some(path),
    }
}

/// `#pragma deleteinstance("Class.Key=\"v\"", FAIL | NOFAIL)`.
pub fn delete_instance(store: &mut Store, namespace: &str, path: &str, fail: bool) -> Outcome {
    if !store.has_namespace(namespace) {
        return no_namespace(namespace);
    }
    let Some((class, keys)) = parse_path(path) else {
        return Outcome::failed(
            HResult::WBEM_E_INVALID_OBJECT_PATH,
            format!("`{path}` is not an object path"),
        );
    };
    if class.starts_with("__") {
        return Outcome::failed(HResult::WBEM_E_INVALID_OPERATION, format!("{class} is a system class"));
    }
    match store.remove_instance(namespace, &path_key(&class, &keys)) {
        Some(instance) => Outcome::done(
            Change::Deleted,
            vec![Intrinsic::InstanceDeletion {
                namespace: namespace.to_string(),
                path: instance.path,
            }],
        ),
        None if fail => Outcome::failed(HResult::WBEM_E_NOT_FOUND, format!("there is no {path}")),
        None => Outcome::done(Change::Unchanged, Vec::new()),
    }
}

/// A qualifier declaration, stored per namespace; a later one replaces it.
pub fn put_qualifier(store: &mut Store, namespace: &str, decl: &QualifierDecl) -> Outcome {
    if !store.has_namespace(namespace) {
        return no_namespace(namespace);
    }
    let mut text = String::new();
    print::qualifier_decl(&mut text, decl);
    let change = match store.qualifier(namespace, &decl.name.text) {
        Some(old) if *old == text => return Outcome::done(Change::Unchanged, Vec::new()),
        Some(_) => Change::Updated,
        None => Change::Created,
    };
    store.put_qualifier(namespace, &decl.name.text, text);
    Outcome::done(change, Vec::new())
}

/// `Class.Key="v",Other=3`, or `Class=@` for a singleton.
fn object_path(class: &str, keys: &[(String, String)]) -> String {
    if keys.is_empty() {
        return format!("{class}=@");
    }
    let keys: Vec<String> = keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{class}.{}", keys.join(","))
}

/// The path an instance is stored under: class and key names lower case, keys sorted.
fn path_key(class: &str, keys: &[(String, String)]) -> String {
    let mut keys: Vec<(String, &str)> = keys.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.as_str())).collect();
    keys.sort();
    let keys: Vec<(String, String)> = keys.into_iter().map(|(k, v)| (k, v.to_string())).collect();
    object_path(&class.to_ascii_lowercase(), &keys)
}

/// Splits `Class.K1="v,1",K2=3` (or `Class=@`) into the class and its keys; commas and `=`
/// inside quoted values belong to the value.
fn parse_path(path: &str) -> Option<(String, Vec<(String, String)>)> {
    let path = path.trim();
    if let Some(class) = path.strip_suffix("=@") {
        return Some((class.to_string(), Vec::new()));
    }
    let (class, rest) = path.split_once('.')?;
    let mut keys = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in rest.chars().chain(std::iter::once(',')) {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                let (key, value) = current.split_once('=')?;
                keys.push((key.trim().to_string(), value.trim().to_string()));
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    (!class.is_empty() && !quoted).then(|| (class.to_string(), keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_normalise() {
        let (class, keys) = parse_path(r#"Sample_Item.Name="a,b=\"c\"",Id=3"#).unwrap();
        assert_eq!(class, "Sample_Item");
        assert_eq!(
            keys,
            [("Name".into(), r#""a,b=\"c\"""#.into()), ("Id".into(), "3".into())]
        );
        assert_eq!(path_key(&class, &keys), r#"sample_item.id=3,name="a,b=\"c\"""#);
        assert_eq!(parse_path("Sample_Config=@"), Some(("Sample_Config".into(), vec![])));
        assert_eq!(parse_path("NoKeys"), None);
        assert_eq!(parse_path(r#"X.Name="open"#), None);
    }
}
