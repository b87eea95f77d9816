//! PutClass and DeleteClass, in the order of checks `loader-semantics.md` fixes: flags, name,
//! existence, superclass, validity, the class's own instances, then its subclasses breadth-first
//! in name order. Nothing is changed until every check has passed.

use std::collections::VecDeque;
use std::sync::Arc;

use super::event::{Change, Intrinsic, Outcome};
use super::flags::{CREATE_ONLY, UPDATE_FORCE_MODE, UPDATE_ONLY, UPDATE_SAFE_MODE, USE_AMENDED_QUALIFIERS, valid};
use super::hresult::HResult;
use super::object::{amendment, class_text, feature_name, locale_of, without};
use super::shape::{Classes, Shape, Shapes, signature};
use crate::repo::{Store, StoredClass, StoredInstance};
use crate::syntax::ast::{ClassDecl, Flavor, Qualifier};

/// `shapes` holds what the classes put before inherit (see [`Shapes`]).
pub fn put_class(
    store: &mut Store,
    shapes: &mut Shapes,
    namespace: &str,
    decl: &ClassDecl,
    flags: u32,
    locale: &str,
) -> Outcome {
    let name = decl.name.text.to_string();
    if !valid(flags) {
        return Outcome::failed(HResult::WBEM_E_INVALID_PARAMETER, "the flags contradict each other");
    }
    if let Some(failure) = check_name(&name) {
        return failure;
    }
    if !store.has_namespace(namespace) {
        return no_namespace(namespace);
    }
    if decl.qualifiers.iter().any(|q| q.name.is("Amendment")) {
        return put_amendment(store, namespace, decl, locale);
    }
    let existing = store.class(namespace, &name).cloned();
    match (&existing, flags & (CREATE_ONLY | UPDATE_ONLY)) {
        (Some(_), CREATE_ONLY) => {
            return Outcome::failed(HResult::WBEM_E_ALREADY_EXISTS, format!("class {name} already exists"));
        }
        (None, UPDATE_ONLY) => return Outcome::failed(HResult::WBEM_E_NOT_FOUND, format!("there is no class {name}")),
        _ => {}
    }
    // What is stored was checked when it was put, and kept consistent since: an identical
    // declaration needs no checks.
    let amended = flags & USE_AMENDED_QUALIFIERS != 0;
    if !amended && existing.as_ref().is_some_and(|e| e.text == class_text(decl)) {
        return Outcome::done(Change::Unchanged, Vec::new());
    }
    let classes = Classes::new(store, namespace);
    let parent = match &decl.superclass {
        None => Shape::default(),
        Some(superclass) => match classes.inherited(&superclass.text, shapes) {
            Some(inherited) if inherited.ancestors.contains(&name.to_ascii_lowercase()) => {
                return Outcome::failed(
                    HResult::WBEM_E_CIRCULAR_REFERENCE,
                    format!("{name} would become its own ancestor through {}", superclass.text),
                );
            }
            Some(inherited) => inherited.shape,
            None => {
                return Outcome::failed(
                    HResult::WBEM_E_INVALID_SUPERCLASS,
                    format!("the superclass {} does not exist in {namespace}", superclass.text),
                );
            }
        },
    };
    if let Some(conflict) = classes.conflicts(decl, &parent).first() {
        return Outcome::failed(conflict.code(), conflict.describe(&name));
    }

    // With amended qualifiers, the localized ones go to the locale's namespace.
    let (base, localized) = if amended {
        let amended = |q: &Qualifier| classes.amended(q);
        (without(decl, &amended), amendment(decl, &amended, locale))
    } else {
        (decl.clone(), None)
    };
    let stored = StoredClass::new(
        name.clone(),
        decl.superclass.as_ref().map(|s| s.text.to_string()),
        class_text(&base),
    );
    let cosmetic_only = |old: &ClassDecl| {
        let cosmetic = |q: &Qualifier| q.name.is("Description") || q.name.is("DisplayName") || classes.amended(q);
        class_text(&without(old, &cosmetic)) == class_text(&without(&base, &cosmetic))
    };
    let mut outcome = match existing {
        None => Outcome::done(Change::Created, vec![created(namespace, &name)]),
        Some(old) if old == stored => Outcome::done(Change::Unchanged, Vec::new()),
        Some(old) => match old.decl() {
            Some(old_decl) if old.superclass == stored.superclass && cosmetic_only(&old_decl) => {
                Outcome::done(Change::Updated, vec![modified(namespace, &old)])
            }
            _ => {
                drop(classes);
                return structural(store, namespace, &old, stored, flags, localized.as_ref(), locale);
            }
        },
    };
    drop(classes);
    if outcome.change != Some(Change::Unchanged) {
        store.put_class(namespace, stored);
    }
    put_localized(store, namespace, localized.as_ref(), locale, &mut outcome);
    outcome
}

/// A structural change to an existing class: decided by the update mode, the class's
/// instances and every descendant.
fn structural(
    store: &mut Store,
    namespace: &str,
    old: &StoredClass,
    new: StoredClass,
    flags: u32,
    localized: Option<&ClassDecl>,
    locale: &str,
) -> Outcome {
    let name = new.name.clone();
    let force = flags & UPDATE_FORCE_MODE != 0;
    let safe = flags & UPDATE_SAFE_MODE != 0;
    let Some(new_decl) = new.decl() else {
        return Outcome::failed(HResult::WBEM_E_FAILED, "the class cannot be read back");
    };
    let mut resolutions = Vec::new();
    let mut deletions: Vec<(String, StoredInstance)> = Vec::new();

    let own = store.instances_of(namespace, &name);
    if !own.is_empty() {
        if !force {
            return Outcome::failed(
                HResult::WBEM_E_CLASS_HAS_INSTANCES,
                format!(
                    "{name} has {} instance(s); a structural change needs force mode",
                    own.len()
                ),
            );
        }
        let old_decl = old.decl();
        let provider = is_provider(&new_decl) || old_decl.is_some_and(|d| is_provider(&d));
        if !provider {
            resolutions.extend(own.iter().map(|(_, i)| format!("instance {} was deleted", i.path)));
            deletions = own;
        }
    }

    let descendants = descendants(store, namespace, &name);
    if !descendants.is_empty() && !safe && !force {
        return Outcome::failed(
            HResult::WBEM_E_CLASS_HAS_CHILDREN,
            format!("{name} has subclasses; a structural change needs safe or force mode"),
        );
    }
    let before = Classes::new(store, namespace);
    let mut after = Classes::new(store, namespace);
    after.stage(&name, Some(new_decl));
    let mut fixed: Vec<ClassDecl> = Vec::new();
    for child in &descendants {
        let (Some(decl), Some(parent)) = (after.get(&child.name), child.superclass.as_deref()) else {
            continue;
        };
        let parent_shape = after.chain(parent).map(|c| after.shape(&c)).unwrap_or_default();
        let conflicts = after.conflicts(&decl, &parent_shape);
        if let Some(first) = conflicts.first() {
            if !force {
                return Outcome::failed(first.code(), first.describe(&child.name));
            }
            let mut repaired = (*decl).clone();
            resolutions.extend(conflicts.iter().map(|c| c.resolve(&mut repaired)));
            after.stage(&child.name, Some(Arc::new(repaired.clone())));
            fixed.push(repaired);
        }
        let instances = store.instances_of(namespace, &child.name);
        if !instances.is_empty() {
            let shape = |classes: &Classes| classes.chain(&child.name).map(|c| classes.shape(&c));
            if shape(&before) != shape(&after) {
                return Outcome::failed(
                    HResult::WBEM_E_CLASS_HAS_INSTANCES,
                    format!(
                        "the subclass {} has instances and its inherited shape would change",
                        child.name
                    ),
                );
            }
        }
    }
    drop((before, after));

    let mut intrinsic = Vec::new();
    for (key, instance) in deletions {
        store.remove_instance(namespace, &key);
        intrinsic.push(Intrinsic::InstanceDeletion {
            namespace: namespace.to_string(),
            path: instance.path,
        });
    }
    intrinsic.push(modified(namespace, old));
    store.put_class(namespace, new);
    for decl in fixed {
        if let Some(previous) = store.class(namespace, &decl.name.text).cloned() {
            intrinsic.push(modified(namespace, &previous));
            let repaired = StoredClass::new(previous.name.clone(), previous.superclass.clone(), class_text(&decl));
            store.put_class(namespace, repaired);
        }
    }
    let mut outcome = Outcome::done(Change::Updated, intrinsic);
    outcome.resolutions = resolutions;
    put_localized(store, namespace, localized, locale, &mut outcome);
    outcome
}

/// Every class below `name`, breadth-first, each level in name order.
fn descendants(store: &Store, namespace: &str, name: &str) -> Vec<StoredClass> {
    let mut found = Vec::new();
    let mut queue: VecDeque<String> = VecDeque::from([name.to_string()]);
    while let Some(next) = queue.pop_front() {
        for child in store.children(namespace, &next) {
            if found.len() > store.classes.len() {
                break;
            }
            queue.push_back(child.name.clone());
            found.push(child.clone());
        }
    }
    found
}

/// An `[Amendment]` class: localized qualifiers for an existing class, stored in the locale's
/// namespace. It may not change the class's structure.
fn put_amendment(store: &mut Store, namespace: &str, decl: &ClassDecl, locale: &str) -> Outcome {
    let name = decl.name.text.to_string();
    let locale = locale_of(decl).unwrap_or_else(|| locale.to_string());
    // mofcomp's `.mfl` files switch to the locale's namespace (`root/cimv2/ms_409`) before their
    // amendments: the class they amend is in its parent.
    let namespace = match namespace.rsplit_once('/') {
        Some((parent, last)) if last.eq_ignore_ascii_case(&locale) && store.class(namespace, &name).is_none() => parent,
        _ => namespace,
    };
    let classes = Classes::new(store, namespace);
    let Some(chain) = store.class(namespace, &name).and_then(|_| classes.chain(&name)) else {
        return Outcome::failed(HResult::WBEM_E_NOT_FOUND, format!("there is no class {name} to amend"));
    };
    let shape = classes.shape(&chain);
    drop(classes);
    let changes_structure = decl.features.iter().any(|f| {
        let member = shape.members.get(&feature_name(f).text.to_ascii_lowercase());
        member.is_none_or(|m| m.signature != signature(f))
    });
    if changes_structure {
        return Outcome::failed(
            HResult::WBEM_E_INVALID_OPERATION,
            format!("the amendment of {name} adds or changes members; an amendment may only add qualifiers"),
        );
    }
    let mut outcome = Outcome::done(Change::Unchanged, Vec::new());
    put_localized(store, namespace, Some(decl), &locale, &mut outcome);
    outcome
}

/// Stores a class's localized qualifiers in `namespace/locale`, creating it if needed.
fn put_localized(
    store: &mut Store,
    namespace: &str,
    localized: Option<&ClassDecl>,
    locale: &str,
    outcome: &mut Outcome,
) {
    let Some(decl) = localized else { return };
    let locale_ns = format!("{namespace}/{locale}");
    if store.add_namespace(&locale_ns) {
        outcome.intrinsic.push(Intrinsic::NamespaceCreation {
            namespace: locale_ns.clone(),
        });
    }
    let stored = StoredClass::new(decl.name.text.to_string(), None, class_text(decl));
    match store.class(&locale_ns, &stored.name).cloned() {
        Some(old) if old == stored => {}
        old => {
            outcome.intrinsic.push(match &old {
                Some(old) => modified(&locale_ns, old),
                None => created(&locale_ns, &stored.name),
            });
            if outcome.change == Some(Change::Unchanged) {
                outcome.change = Some(if old.is_some() {
                    Change::Updated
                } else {
                    Change::Created
                });
            }
            store.put_class(&locale_ns, stored);
        }
    }
}

/// `#pragma deleteclass`: the class, its subclasses (deepest first) and all their instances.
pub fn delete_class(store: &mut Store, namespace: &str, name: &str, fail: bool) -> Outcome {
    if let Some(failure) = check_name(name) {
        return failure;
    }
    if !store.has_namespace(namespace) {
        return no_namespace(namespace);
    }
    if store.class(namespace, name).is_none() {
        return if fail {
            Outcome::failed(HResult::WBEM_E_NOT_FOUND, format!("there is no class {name}"))
        } else {
            Outcome::done(Change::Unchanged, Vec::new())
        };
    }
    let mut doomed = descendants(store, namespace, name);
    doomed.reverse();
    doomed.extend(store.class(namespace, name).cloned());
    let mut intrinsic = Vec::new();
    for class in doomed {
        for (key, instance) in store.instances_of(namespace, &class.name) {
            store.remove_instance(namespace, &key);
            intrinsic.push(Intrinsic::InstanceDeletion {
                namespace: namespace.to_string(),
                path: instance.path,
            });
        }
        let locales: Vec<String> = store
            .namespaces
            .keys()
            .filter(|ns| ns.strip_prefix(namespace).is_some_and(|rest| rest.starts_with('/')))
            .cloned()
            .collect();
        for locale_ns in locales {
            if store.remove_class(&locale_ns, &class.name).is_some() {
                intrinsic.push(deleted(&locale_ns, &class.name));
            }
        }
        store.remove_class(namespace, &class.name);
        intrinsic.push(deleted(namespace, &class.name));
    }
    Outcome::done(Change::Deleted, intrinsic)
}

/// A system class (`__` prefix) may not be put or deleted; a name must be an identifier.
fn check_name(name: &str) -> Option<Outcome> {
    if name.starts_with("__") {
        return Some(Outcome::failed(
            HResult::WBEM_E_INVALID_OPERATION,
            format!("{name} is a system class"),
        ));
    }
    let mut chars = name.chars();
    let identifier =
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_');
    (!identifier).then(|| {
        Outcome::failed(
            HResult::WBEM_E_INVALID_PARAMETER,
            format!("`{name}` is not a class name"),
        )
    })
}

pub fn no_namespace(namespace: &str) -> Outcome {
    Outcome::failed(
        HResult::WBEM_E_INVALID_NAMESPACE,
        format!("the namespace {namespace} does not exist"),
    )
}

/// A class whose instances a provider supplies: the repository does not own them.
fn is_provider(decl: &ClassDecl) -> bool {
    decl.qualifiers
        .iter()
        .any(|q| q.name.is("Dynamic") || q.name.is("Provider"))
}

fn created(namespace: &str, class: &str) -> Intrinsic {
    Intrinsic::ClassCreation {
        namespace: namespace.to_string(),
        class: class.to_string(),
    }
}

fn modified(namespace: &str, previous: &StoredClass) -> Intrinsic {
    Intrinsic::ClassModification {
        namespace: namespace.to_string(),
        class: previous.name.clone(),
        previous: previous.text.clone(),
    }
}

fn deleted(namespace: &str, class: &str) -> Intrinsic {
    Intrinsic::ClassDeletion {
        namespace: namespace.to_string(),
        class: class.to_string(),
    }
}

impl Classes<'_> {
    /// Whether a qualifier is localized: written or declared with the `Amended` flavor.
    pub fn amended(&self, q: &Qualifier) -> bool {
        q.flavors.iter().any(|(f, _)| *f == Flavor::Amended) || self.declared(q).has(Flavor::Amended)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::event::Operation;
    use crate::load::flags::UPDATE_SAFE_MODE;
    use crate::source::FileId;
    use crate::syntax::ast::Item;
    use crate::syntax::parse;

    /// Puts `text`'s class as `mofc load` does, keeping `shapes` as `apply` does.
    fn put(store: &mut Store, shapes: &mut Shapes, text: &str, flags: u32) -> Outcome {
        let Some(Item::Class(decl)) = parse(FileId(0), text).ast.items.into_iter().next() else {
            panic!("a class: {text}");
        };
        let outcome = put_class(store, shapes, "root/cimv2", &decl, flags, "ms_409");
        shapes.after(Operation::PutClass, Some(&decl.name.text), &outcome);
        outcome
    }

    #[test]
    fn what_a_class_inherits_is_kept_until_its_chain_changes() {
        let mut store = Store::fresh("root/cimv2");
        let mut shapes = Shapes::default();
        put(&mut store, &mut shapes, "class A { [Key] string Id; };", 0);
        put(&mut store, &mut shapes, "class B : A { };", 0);
        // B's shape is kept: C fits it.
        let fits = put(&mut store, &mut shapes, "class C : B { string X; };", 0);
        assert_eq!(fits.change, Some(Change::Created));
        // A gains X as a number (C's own X conflicts, so C goes first).
        put(&mut store, &mut shapes, "class C : B { };", UPDATE_SAFE_MODE);
        let updated = put(
            &mut store,
            &mut shapes,
            "class A { [Key] string Id; uint32 X; };",
            UPDATE_SAFE_MODE,
        );
        assert_eq!(updated.change, Some(Change::Updated), "{:?}", updated.detail);
        // What B inherits was forgotten: D's string X conflicts with A's.
        let conflict = put(&mut store, &mut shapes, "class D : B { string X; };", 0);
        assert_eq!(
            conflict.result,
            HResult::WBEM_E_UPDATE_TYPE_MISMATCH,
            "{:?}",
            conflict.detail
        );
        // And a cycle is still found through the kept shapes.
        let cycle = put(
            &mut store,
            &mut shapes,
            "class A : C { [Key] string Id; };",
            UPDATE_SAFE_MODE,
        );
        assert_eq!(cycle.result, HResult::WBEM_E_CIRCULAR_REFERENCE);
    }
}
