//! The repository's contents in memory, with a record of what changed since they were read.
//!
//! Keys are lower case (MOF names compare case-insensitively); records keep the spelling they
//! were written with. Maps are ordered, so listings and exports are deterministic.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use crate::sema::model::Flavors;
use crate::source::FileId;
use crate::syntax::ast::{ClassDecl, Item};
use crate::syntax::parse;

/// The file id of stored text when it is parsed back; spans into it are never shown.
const STORED: FileId = FileId(u32::MAX - 1);

/// A class as stored: its own declaration (not what it inherits), as canonical MOF.
#[derive(Debug, Clone)]
pub struct StoredClass {
    pub name: String,
    pub superclass: Option<String>,
    pub text: String,
    /// The text parsed, once asked for. A change replaces the whole record, so it never
    /// goes stale.
    parsed: OnceLock<Option<Arc<ClassDecl>>>,
}

impl StoredClass {
    pub fn new(name: String, superclass: Option<String>, text: String) -> StoredClass {
        StoredClass {
            name,
            superclass,
            text,
            parsed: OnceLock::new(),
        }
    }

    /// The declaration; `None` only if the record is damaged.
    pub fn decl(&self) -> Option<Arc<ClassDecl>> {
        self.parsed
            .get_or_init(|| {
                parse(STORED, &self.text)
                    .ast
                    .items
                    .into_iter()
                    .find_map(|item| match item {
                        Item::Class(c) => Some(Arc::new(*c)),
                        _ => None,
                    })
            })
            .clone()
    }
}

impl PartialEq for StoredClass {
    fn eq(&self, other: &StoredClass) -> bool {
        (&self.name, &self.superclass, &self.text) == (&other.name, &other.superclass, &other.text)
    }
}

impl Eq for StoredClass {}

/// An instance as stored, under its object path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInstance {
    pub class: String,
    pub path: String,
    pub text: String,
}

/// A record's address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Namespace(String),
    Qualifier(String, String),
    Class(String, String),
    Instance(String, String),
}

#[derive(Debug, Default)]
pub struct Store {
    /// Lower-case path → path as first written.
    pub namespaces: BTreeMap<String, String>,
    /// (namespace, lower-case name) → declaration text.
    pub qualifiers: BTreeMap<(String, String), String>,
    pub classes: BTreeMap<(String, String), StoredClass>,
    /// (namespace, path key) → instance; see `load::path`.
    pub instances: BTreeMap<(String, String), StoredInstance>,
    changed: BTreeSet<Key>,
    /// The declared flavors of each namespace's qualifiers, once asked for; forgotten when the
    /// namespace's qualifiers change.
    flavors: Mutex<HashMap<String, Arc<HashMap<String, Flavors>>>>,
}

impl Clone for Store {
    fn clone(&self) -> Store {
        Store {
            namespaces: self.namespaces.clone(),
            qualifiers: self.qualifiers.clone(),
            classes: self.classes.clone(),
            instances: self.instances.clone(),
            changed: self.changed.clone(),
            flavors: Mutex::default(),
        }
    }
}

impl Store {
    /// What a new repository holds: `root` and the namespace loads start in.
    pub fn fresh(namespace: &str) -> Store {
        let mut store = Store::default();
        store.add_namespace("root");
        store.add_namespace(namespace);
        store
    }

    /// Adds a namespace (and every namespace above it); returns whether it is new.
    pub fn add_namespace(&mut self, path: &str) -> bool {
        let mut added = false;
        let mut prefix = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let key = prefix.to_ascii_lowercase();
            if !self.namespaces.contains_key(&key) {
                self.namespaces.insert(key.clone(), prefix.clone());
                self.changed.insert(Key::Namespace(key));
                added = true;
            }
        }
        added
    }

    pub fn has_namespace(&self, namespace: &str) -> bool {
        self.namespaces.contains_key(&namespace.to_ascii_lowercase())
    }

    pub fn class(&self, namespace: &str, name: &str) -> Option<&StoredClass> {
        self.classes.get(&record_key(namespace, name))
    }

    pub fn put_class(&mut self, namespace: &str, class: StoredClass) {
        let key = record_key(namespace, &class.name);
        self.changed.insert(Key::Class(key.0.clone(), key.1.clone()));
        self.classes.insert(key, class);
    }

    pub fn remove_class(&mut self, namespace: &str, name: &str) -> Option<StoredClass> {
        let key = record_key(namespace, name);
        self.changed.insert(Key::Class(key.0.clone(), key.1.clone()));
        self.classes.remove(&key)
    }

    /// The direct subclasses of a class, in name order.
    pub fn children(&self, namespace: &str, name: &str) -> Vec<&StoredClass> {
        let mut children: Vec<&StoredClass> = self
            .classes_in(namespace)
            .filter(|c| c.superclass.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(name)))
            .collect();
        children.sort_by_key(|c| c.name.to_ascii_lowercase());
        children
    }

    pub fn classes_in<'s>(&'s self, namespace: &str) -> impl Iterator<Item = &'s StoredClass> + 's {
        let ns = namespace.to_ascii_lowercase();
        self.classes
            .range((ns.clone(), String::new())..)
            .take_while(move |((n, _), _)| *n == ns)
            .map(|(_, c)| c)
    }

    pub fn qualifier(&self, namespace: &str, name: &str) -> Option<&String> {
        self.qualifiers.get(&record_key(namespace, name))
    }

    pub fn put_qualifier(&mut self, namespace: &str, name: &str, text: String) {
        let key = record_key(namespace, name);
        self.flavors.lock().unwrap_or_else(|e| e.into_inner()).remove(&key.0);
        self.changed.insert(Key::Qualifier(key.0.clone(), key.1.clone()));
        self.qualifiers.insert(key, text);
    }

    /// The qualifier declarations of a namespace: (lower-case name, declaration text).
    pub fn qualifiers_in<'s>(&'s self, namespace: &str) -> impl Iterator<Item = (&'s str, &'s str)> + 's {
        let ns = namespace.to_ascii_lowercase();
        self.qualifiers
            .range((ns.clone(), String::new())..)
            .take_while(move |((n, _), _)| *n == ns)
            .map(|((_, name), text)| (name.as_str(), text.as_str()))
    }

    /// The flavors the qualifier declarations of a namespace give, computed by `compute` the
    /// first time and kept until they change.
    pub fn flavors(
        &self,
        namespace: &str,
        compute: impl FnOnce() -> HashMap<String, Flavors>,
    ) -> Arc<HashMap<String, Flavors>> {
        let mut cache = self.flavors.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(namespace.to_ascii_lowercase())
            .or_insert_with(|| Arc::new(compute()))
            .clone()
    }

    pub fn instance(&self, namespace: &str, path_key: &str) -> Option<&StoredInstance> {
        self.instances
            .get(&(namespace.to_ascii_lowercase(), path_key.to_string()))
    }

    pub fn put_instance(&mut self, namespace: &str, path_key: String, instance: StoredInstance) {
        let key = (namespace.to_ascii_lowercase(), path_key);
        self.changed.insert(Key::Instance(key.0.clone(), key.1.clone()));
        self.instances.insert(key, instance);
    }

    pub fn remove_instance(&mut self, namespace: &str, path_key: &str) -> Option<StoredInstance> {
        let key = (namespace.to_ascii_lowercase(), path_key.to_string());
        self.changed.insert(Key::Instance(key.0.clone(), key.1.clone()));
        self.instances.remove(&key)
    }

    /// The instances of exactly this class (not of its subclasses), as (path key, instance).
    pub fn instances_of(&self, namespace: &str, class: &str) -> Vec<(String, StoredInstance)> {
        let ns = namespace.to_ascii_lowercase();
        self.instances
            .range((ns.clone(), String::new())..)
            .take_while(|((n, _), _)| *n == ns)
            .filter(|(_, i)| i.class.eq_ignore_ascii_case(class))
            .map(|((_, key), i)| (key.clone(), i.clone()))
            .collect()
    }

    /// What changed since the store was read.
    pub fn changes(&self) -> Vec<Key> {
        self.changed.iter().cloned().collect()
    }

    pub fn clear_changes(&mut self) {
        self.changed.clear();
    }

    /// Every record's key, for writing a store out whole.
    pub fn keys(&self) -> Vec<Key> {
        let namespaces = self.namespaces.keys().map(|k| Key::Namespace(k.clone()));
        let qualifiers = self
            .qualifiers
            .keys()
            .map(|(n, k)| Key::Qualifier(n.clone(), k.clone()));
        let classes = self.classes.keys().map(|(n, k)| Key::Class(n.clone(), k.clone()));
        let instances = self.instances.keys().map(|(n, k)| Key::Instance(n.clone(), k.clone()));
        namespaces.chain(qualifiers).chain(classes).chain(instances).collect()
    }
}

/// The key of a named record in a namespace: both lower case.
fn record_key(namespace: &str, name: &str) -> (String, String) {
    (namespace.to_ascii_lowercase(), name.to_ascii_lowercase())
}
