//! Collects the declarations of a compilation in order: qualifier types (the input's, then the
//! built-in ones it does not replace), classes per namespace (`#pragma namespace` applies to
//! what follows), and the amendments and instances to resolve once every class is known.

use std::collections::HashSet;

use super::Resolver;
use crate::diag::{Code, Diagnostic};
use crate::sema::builtin::builtins;
use crate::sema::model::{
    BUILTIN_NAMESPACE, Class, ClassId, Flavors, Members, NamespaceId, NoCase, Origin, QualifierType, Scopes,
};
use crate::source::FileId;
use crate::syntax::ast::{ClassDecl, InstanceDecl, Item, PragmaArg, QualifierDecl, Type};
use crate::syntax::namespace_path_problem;

/// What the later steps resolve: declarations with their file and namespace.
pub struct Declared<'a> {
    pub amendments: Vec<(FileId, NamespaceId, &'a ClassDecl)>,
    pub instances: Vec<(FileId, NamespaceId, &'a InstanceDecl)>,
}

pub fn run<'a>(cx: &mut Resolver<'a>, namespace: &str) -> Declared<'a> {
    qualifiers(cx);
    // The built-in classes' namespace, first (`BUILTIN_NAMESPACE`).
    namespace_id(cx, "");
    // Room for every class at once (amendments, counted too, are a few): grown by doubling,
    // the list of a schema's classes of some 300 bytes each left a fifth of its room unused.
    let unit = cx.unit;
    let classes = builtins().classes().count() + unit.classes().count();
    cx.model.classes.reserve_exact(classes);
    cx.model.graph.reserve_exact_nodes(classes);
    for class in builtins().classes() {
        add_class(cx, Origin::Builtin, BUILTIN_NAMESPACE, class);
    }
    let mut current = namespace_id(cx, &normalize_namespace("", namespace));
    cx.model.start = current;
    let mut declared = Declared {
        amendments: Vec::new(),
        instances: Vec::new(),
    };
    // Classes deleted by `#pragma deleteclass`, whose next declaration is not a redeclaration.
    let mut deleted: HashSet<(NamespaceId, NoCase)> = HashSet::new();
    for (file, item) in unit.items() {
        match item {
            Item::Pragma(p) if p.name.is("namespace") => {
                // A path that is not one (`http://...`) was reported by the parser; the
                // compilation stays where it was rather than entering a made-up namespace.
                if let [PragmaArg::String(s)] = &p.args[..]
                    && namespace_path_problem(&s.value).is_none()
                {
                    let path = normalize_namespace(&cx.model.namespaces[current], &s.value);
                    current = namespace_id(cx, &path);
                }
            }
            Item::Pragma(p) if p.name.is("deleteclass") => {
                if let Some(PragmaArg::String(s)) = p.args.first() {
                    deleted.insert((current, NoCase(&s.value)));
                }
            }
            Item::Class(class) if class.qualifiers.iter().any(|q| q.name.is("Amendment")) => {
                declared.amendments.push((file, current, class));
            }
            Item::Class(class) => {
                let key = (current, NoCase(&class.name.text));
                match cx.model.class_index.get(&key).copied() {
                    Some(first) if !deleted.remove(&key) => redeclared(cx, file, first, class),
                    Some(first) => cx.model.classes[first].decl = class,
                    None => {
                        add_class(cx, Origin::File(file), current, class);
                    }
                }
            }
            Item::Instance(instance) => declared.instances.push((file, current, instance)),
            _ => {}
        }
    }
    declared
}

/// The input's qualifier declarations, then the built-in ones it does not replace.
fn qualifiers(cx: &mut Resolver) {
    let unit = cx.unit;
    let input = unit.items().filter_map(|(file, item)| match item {
        Item::Qualifier(q) => Some((Origin::File(file), &**q)),
        _ => None,
    });
    let builtin = builtins().qualifiers().map(|(q, _)| (Origin::Builtin, q));
    for (origin, decl) in input.collect::<Vec<_>>().into_iter().chain(builtin) {
        let key = NoCase(&decl.name.text);
        match cx.model.qualifier_index.get(&key) {
            // A later declaration in the input replaces an earlier one, as an update would.
            Some(&id) if origin != Origin::Builtin => cx.model.qualifiers[id] = qualifier_type(origin, decl),
            Some(_) => {}
            None => {
                cx.model.qualifier_index.insert(key, cx.model.qualifiers.len());
                cx.model.qualifiers.push(qualifier_type(origin, decl));
            }
        }
    }
}

fn qualifier_type(origin: Origin, decl: &QualifierDecl) -> QualifierType<'_> {
    QualifierType {
        decl,
        origin,
        ty: match decl.ty {
            Some(Type::Intrinsic(t, _)) => Some(t),
            _ => None,
        },
        array: decl.array.is_some(),
        // A declaration without a scope (mofcomp's forms; an error in DMTF, reported once by
        // `rules::qualifiers`) lets the qualifier be used anywhere rather than nowhere.
        scopes: if decl.scopes.is_empty() {
            Scopes::ANY
        } else {
            Scopes::of(&decl.scopes)
        },
        flavors: match decl.ty {
            Some(_) => Flavors::declared(&decl.flavors),
            None => Flavors::wmi_defaults(&decl.flavors),
        },
    }
}

fn add_class<'a>(cx: &mut Resolver<'a>, origin: Origin, namespace: NamespaceId, decl: &'a ClassDecl) -> ClassId {
    let id = cx.model.classes.len();
    cx.model.classes.push(Class {
        decl,
        origin,
        namespace,
        superclass: None,
        incomplete: false,
        qualifiers: Default::default(),
        properties: Members::default(),
        methods: Members::default(),
    });
    cx.model.graph.add_node(id);
    cx.model.class_index.insert((namespace, NoCase(&decl.name.text)), id);
    id
}

/// A second declaration of a class replaces the first, as an update would; it is reported
/// because in one compilation it is more often a copy-paste mistake than an intended update.
fn redeclared<'a>(cx: &mut Resolver<'a>, file: FileId, first: ClassId, class: &'a ClassDecl) {
    let previous = &cx.model.classes[first];
    let d = Diagnostic::new(
        Code::ClassRedeclared,
        file,
        class.name.span,
        format!("class `{}` is declared a second time", class.name.text),
    )
    .with_label("this declaration replaces the first");
    let d = Resolver::at_declaration(d, previous.origin, previous.decl.name.span, "first declared here");
    cx.push(d);
    let previous = &mut cx.model.classes[first];
    previous.decl = class;
    previous.origin = Origin::File(file);
}

fn namespace_id(cx: &mut Resolver, path: &str) -> NamespaceId {
    if let Some(&id) = cx.namespace_ids.get(path) {
        return id;
    }
    let id = cx.model.namespaces.len();
    cx.model.namespaces.push(path.to_string());
    cx.namespace_ids.insert(path.to_string(), id);
    id
}

/// `\\.\root\wmi`, `//./root/wmi` and `root/wmi` are the same namespace; a path that does not
/// start at `root` is relative to the current namespace, as in mofcomp.
pub fn normalize_namespace(current: &str, path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = match path.strip_prefix("//") {
        // A machine name comes first: `//./root/wmi`, `//server/root/wmi`.
        Some(rest) => rest.split_once('/').map_or("", |(_, p)| p).to_string(),
        None => path,
    };
    let path = path.trim_matches('/').to_ascii_lowercase();
    if path == "root" || path.starts_with("root/") || current.is_empty() {
        path
    } else if path.is_empty() {
        current.to_string()
    } else {
        format!("{current}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_namespace;

    #[test]
    fn namespaces_are_normalized() {
        assert_eq!(normalize_namespace("root/cimv2", "\\\\.\\root\\WMI"), "root/wmi");
        assert_eq!(
            normalize_namespace("root/cimv2", "//server/root/default"),
            "root/default"
        );
        assert_eq!(normalize_namespace("root/cimv2", "ms_409"), "root/cimv2/ms_409");
        assert_eq!(normalize_namespace("", "root/cimv2"), "root/cimv2");
    }
}
