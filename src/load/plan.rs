//! A validated compilation as the operations a load performs, in compilation order, each with
//! its namespace and flags as the pragmas before it set them (`#pragma namespace`,
//! `classflags`, `instanceflags`, `locale`, `amendment`, `deleteclass`, `deleteinstance`).

use std::collections::HashMap;

use super::flags::{self, FlagKind, USE_AMENDED_QUALIFIERS};
use crate::sema::model::NoCase;
use crate::sema::{Model, normalize_namespace};
use crate::syntax::ast::{ClassDecl, InstanceDecl, Item, PragmaArg, QualifierDecl, Value, ValueKind};
use crate::syntax::unit::Unit;

/// What a load starts from (the command line).
#[derive(Debug, Clone)]
pub struct Settings {
    pub namespace: String,
    pub class_flags: u32,
    pub instance_flags: u32,
    /// Store amended qualifiers in the locale's namespace (`WBEM_FLAG_USE_AMENDED_QUALIFIERS`).
    pub amended: bool,
    pub locale: String,
}

#[derive(Debug, Clone)]
pub enum Action {
    PutQualifier(QualifierDecl),
    PutClass(ClassDecl),
    PutInstance(InstanceDecl),
    DeleteClass { name: String, fail: bool },
    DeleteInstance { path: String, fail: bool },
}

/// One operation of a load, with where it was written.
#[derive(Debug, Clone)]
pub struct Step {
    pub action: Action,
    pub namespace: String,
    pub flags: u32,
    pub locale: String,
    pub file: String,
    pub line: usize,
}

/// The operations of a compilation, skipping the files `skip` says are not the input's (the
/// repository's own declarations).
pub fn plan(unit: &Unit, model: &Model, settings: &Settings, skip: &dyn Fn(&std::path::Path) -> bool) -> Vec<Step> {
    let paths: HashMap<NoCase, &str> = model
        .instances
        .iter()
        .filter_map(|i| Some((NoCase(&i.decl.alias.as_ref()?.text), i.path.as_deref()?)))
        .collect();
    let amended = if settings.amended { USE_AMENDED_QUALIFIERS } else { 0 };
    let mut namespace = normalize_namespace("", &settings.namespace);
    let mut class_flags = settings.class_flags;
    let mut instance_flags = settings.instance_flags;
    let mut locale = settings.locale.clone();
    let mut steps = Vec::new();
    for (file, item) in unit.items() {
        let source = unit.sources.get(file);
        if skip(&source.path) {
            continue;
        }
        let strings: Vec<&str> = match item {
            Item::Pragma(p) => p
                .args
                .iter()
                .filter_map(|a| match a {
                    PragmaArg::String(s) => Some(s.value.as_str()),
                    PragmaArg::Name(n) => Some(&*n.text),
                    PragmaArg::Number(..) => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let fail = || !strings.get(1).is_some_and(|s| s.eq_ignore_ascii_case("nofail"));
        let action = match item {
            Item::Pragma(p) if p.name.is("namespace") => {
                if let Some(path) = strings.first() {
                    namespace = namespace_of(&namespace, path);
                }
                continue;
            }
            Item::Pragma(p) if p.name.is("classflags") || p.name.is("instanceflags") => {
                let kind = if p.name.is("classflags") {
                    FlagKind::Class
                } else {
                    FlagKind::Instance
                };
                // Unknown names were reported by the compiler; the others still apply.
                let names = strings.iter().flat_map(|s| s.split(','));
                let value = names.filter_map(|n| flags::parse(kind, [n]).ok()).fold(0, |a, b| a | b);
                match kind {
                    FlagKind::Class => class_flags = value,
                    FlagKind::Instance => instance_flags = value,
                }
                continue;
            }
            Item::Pragma(p) if p.name.is("locale") || p.name.is("amendment") => {
                if let Some(name) = strings.first() {
                    locale = name.to_ascii_lowercase();
                }
                continue;
            }
            Item::Pragma(p) if p.name.is("deleteclass") => match strings.first() {
                Some(name) => Action::DeleteClass {
                    name: name.to_string(),
                    fail: fail(),
                },
                None => continue,
            },
            Item::Pragma(p) if p.name.is("deleteinstance") => match strings.first() {
                Some(path) => Action::DeleteInstance {
                    path: path.to_string(),
                    fail: fail(),
                },
                None => continue,
            },
            Item::Pragma(_) => continue,
            // mofcomp's flavors-only declaration sets defaults for the compilation; it is not an
            // object the repository holds.
            Item::Qualifier(q) if q.ty.is_none() => continue,
            Item::Qualifier(q) => Action::PutQualifier((**q).clone()),
            Item::Class(c) => Action::PutClass((**c).clone()),
            Item::Instance(i) => {
                let mut instance = (**i).clone();
                instance.alias = None;
                instance
                    .properties
                    .iter_mut()
                    .filter_map(|pv| pv.value.as_mut())
                    .for_each(|v| resolve_aliases(v, &paths));
                Action::PutInstance(instance)
            }
        };
        let flags = match action {
            Action::PutInstance(_) | Action::DeleteInstance { .. } => instance_flags,
            _ => class_flags,
        } | amended;
        steps.push(Step {
            action,
            namespace: namespace.clone(),
            flags,
            locale: locale.clone(),
            file: source.name.clone(),
            line: source.line_column(item.span().start as usize).0,
        });
    }
    steps
}

/// The namespace a `#pragma namespace` names. A machine other than `.` cannot be loaded into,
/// so its path is kept as written: no repository has it, and operations there fail with
/// `WBEM_E_INVALID_NAMESPACE`.
fn namespace_of(current: &str, path: &str) -> String {
    let unified = path.replace('\\', "/");
    match unified
        .strip_prefix("//")
        .map(|rest| rest.split('/').next().unwrap_or(""))
    {
        Some(machine) if machine != "." => path.to_string(),
        _ => normalize_namespace(current, path),
    }
}

/// Replaces `$alias` values with the object paths of the instances they name.
fn resolve_aliases(value: &mut Value, paths: &HashMap<NoCase, &str>) {
    match &mut value.kind {
        ValueKind::Alias(alias) => {
            if let Some(path) = paths.get(&NoCase(alias)) {
                value.kind = ValueKind::String((*path).into());
            }
        }
        ValueKind::Array(items) => items.iter_mut().for_each(|v| resolve_aliases(v, paths)),
        ValueKind::Instance(instance) => instance
            .properties
            .iter_mut()
            .filter_map(|pv| pv.value.as_mut())
            .for_each(|v| resolve_aliases(v, paths)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::namespace_of;

    #[test]
    fn remote_machines_are_kept_unreachable() {
        assert_eq!(namespace_of("root/cimv2", "\\\\.\\root\\wmi"), "root/wmi");
        assert_eq!(namespace_of("root/cimv2", "sub"), "root/cimv2/sub");
        assert_eq!(namespace_of("root/cimv2", "\\\\server\\root"), "\\\\server\\root");
    }
}
