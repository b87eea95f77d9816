//! What a class is made of once it inherits (its *shape*), and the conflicts between a class's
//! own declaration and the shape of its superclass chain.
//!
//! The same check serves both ends of PutClass: a new class must fit the chain it is put under
//! (step 4 of `loader-semantics.md`), and after a structural change every descendant must still
//! fit its changed chain (the conflict table), or have the misfit removed in force mode.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use imbl::OrdMap;

use super::event::{Change, Intrinsic, Operation, Outcome};
use super::hresult::HResult;
use super::object::feature_name;
use crate::repo::Store;
use crate::sema::builtins;
use crate::sema::model::Flavors;
use crate::source::FileId;
use crate::syntax::ast::{ClassDecl, Feature, Flavor, Item, Qualifier, ValueKind};
use crate::syntax::{parse, print};

/// The classes of one namespace as an operation sees them: stored ones, built-in ones, and the
/// changes the operation is about to make (`pending`), which win.
pub struct Classes<'s> {
    store: &'s Store,
    namespace: String,
    pending: HashMap<String, Option<Arc<ClassDecl>>>,
    flavors: OnceCell<Arc<HashMap<String, Flavors>>>,
}

impl<'s> Classes<'s> {
    pub fn new(store: &'s Store, namespace: &str) -> Classes<'s> {
        Classes {
            store,
            namespace: namespace.to_string(),
            pending: HashMap::new(),
            flavors: OnceCell::new(),
        }
    }

    /// The declared flavors of every qualifier the namespace knows: the stored declarations
    /// over the built-in ones. Computed only when a check needs them.
    fn flavors(&self) -> &HashMap<String, Flavors> {
        static BUILTIN: OnceLock<HashMap<String, Flavors>> = OnceLock::new();
        self.flavors.get_or_init(|| {
            self.store.flavors(&self.namespace, || {
                let mut flavors = BUILTIN
                    .get_or_init(|| {
                        builtins()
                            .qualifiers()
                            .map(|(q, _)| (q.name.text.to_ascii_lowercase(), Flavors::declared(&q.flavors)))
                            .collect()
                    })
                    .clone();
                let stored: String = self
                    .store
                    .qualifiers_in(&self.namespace)
                    .map(|(_, text)| text)
                    .collect();
                for item in parse(FileId(0), &stored).ast.items {
                    if let Item::Qualifier(q) = item {
                        flavors.insert(q.name.text.to_ascii_lowercase(), Flavors::declared(&q.flavors));
                    }
                }
                flavors
            })
        })
    }

    /// Makes the operation see `decl` as class `name` (or no such class, for `None`).
    pub fn stage(&mut self, name: &str, decl: Option<Arc<ClassDecl>>) {
        self.pending.insert(name.to_ascii_lowercase(), decl);
    }

    pub fn get(&self, name: &str) -> Option<Arc<ClassDecl>> {
        if let Some(staged) = self.pending.get(&name.to_ascii_lowercase()) {
            return staged.clone();
        }
        match self.store.class(&self.namespace, name) {
            Some(stored) => stored.decl(),
            None => builtin_class(name),
        }
    }

    /// The class and its ancestors, root first; `None` if one is missing or they form a cycle.
    /// Chains may be of any depth: WMI documents no limit, and the compiler has none.
    pub fn chain(&self, name: &str) -> Option<Vec<Arc<ClassDecl>>> {
        let first = self.get(name)?;
        let mut seen = HashSet::from([first.name.text.to_ascii_lowercase()]);
        let mut chain = vec![first];
        while let Some(superclass) = chain.last().and_then(|c| c.superclass.clone()) {
            if !seen.insert(superclass.text.to_ascii_lowercase()) {
                return None;
            }
            chain.push(self.get(&superclass.text)?);
        }
        chain.reverse();
        Some(chain)
    }

    /// Whether a qualifier may not be changed below where it is set: its declaration says
    /// `DisableOverride` and it does not say otherwise where it is used.
    pub fn locked(&self, q: &Qualifier) -> bool {
        self.declared(q).overlaid(&q.flavors).has(Flavor::DisableOverride)
    }

    /// The flavors a qualifier's declaration gives it (DSP0004's defaults if it has none).
    pub fn declared(&self, q: &Qualifier) -> Flavors {
        self.flavors()
            .get(&q.name.text.to_ascii_lowercase())
            .copied()
            .unwrap_or_else(|| Flavors::declared(&[]))
    }

    /// The shape a class has through its chain (root first).
    pub fn shape(&self, chain: &[Arc<ClassDecl>]) -> Shape {
        chain
            .iter()
            .fold(Shape::default(), |shape, class| self.extend(shape, class))
    }

    /// The shape of `class` below a superclass of shape `shape`.
    fn extend(&self, mut shape: Shape, class: &ClassDecl) -> Shape {
        for q in class.qualifiers.iter().filter(|q| self.locked(q)) {
            shape
                .locked
                .entry(q.name.text.to_ascii_lowercase())
                .or_insert_with(|| value_text(q));
        }
        for feature in &class.features {
            let name = feature_name(feature).text.to_ascii_lowercase();
            let qualifiers = qualifiers(feature);
            let member = shape.members.entry(name).or_default();
            member.method = matches!(feature, Feature::Method(_));
            member.signature = signature(feature);
            member.key |= qualifiers.iter().any(is_key);
            if let Feature::Property(p) = feature
                && let Some(default) = &p.default
            {
                member.default = Some(print::value(default));
            }
            for q in qualifiers.iter().filter(|q| self.locked(q)) {
                member
                    .locked
                    .entry(q.name.text.to_ascii_lowercase())
                    .or_insert_with(|| value_text(q));
            }
        }
        shape
    }

    /// What class `name` inherits, as [`Classes::chain`] and [`Classes::shape`] make it (`None`
    /// where `chain` has none), from `cache` where it was made before: only the classes above
    /// `name` that are not there yet are walked, and each is added to it. For the store as it
    /// is, without staged changes.
    pub fn inherited(&self, name: &str, cache: &mut Shapes) -> Option<Inherited> {
        debug_assert!(self.pending.is_empty(), "the cache holds the store's shapes only");
        let known = cache.namespaces.entry(self.namespace.to_ascii_lowercase()).or_default();
        let mut walked: Vec<(String, Arc<ClassDecl>)> = Vec::new();
        let mut seen = HashSet::new();
        let mut next = Some(name.to_ascii_lowercase());
        let mut base = Inherited::default();
        while let Some(key) = next {
            if let Some(done) = known.get(&key) {
                base = done.clone();
                break;
            }
            let decl = self.get(&key)?;
            if !seen.insert(key.clone()) {
                return None;
            }
            next = decl.superclass.as_ref().map(|s| s.text.to_ascii_lowercase());
            walked.push((key, decl));
        }
        for (key, decl) in walked.into_iter().rev() {
            if base.ancestors.contains(&key) {
                return None;
            }
            base = Inherited {
                shape: self.extend(base.shape, &decl),
                ancestors: base.ancestors.update(key.clone()),
            };
            known.insert(key, base.clone());
        }
        Some(base)
    }

    /// How `decl` conflicts with the shape of the chain it is put under, in declaration order.
    pub fn conflicts(&self, decl: &ClassDecl, parent: &Shape) -> Vec<Conflict> {
        let mut found = Vec::new();
        for q in &decl.qualifiers {
            if let Some(locked) = parent.locked.get(&q.name.text.to_ascii_lowercase())
                && *locked != value_text(q)
            {
                found.push(Conflict::Locked {
                    member: None,
                    qualifier: q.name.text.to_string(),
                });
            }
        }
        let mut new_keys = Vec::new();
        for feature in &decl.features {
            let name = feature_name(feature);
            let inherited = parent.members.get(&name.text.to_ascii_lowercase());
            if let Some(inherited) = inherited {
                if inherited.method != matches!(feature, Feature::Method(_))
                    || inherited.signature != signature(feature)
                {
                    found.push(Conflict::Retyped {
                        member: name.text.to_string(),
                        method: inherited.method,
                    });
                }
                for q in qualifiers(feature) {
                    if let Some(locked) = inherited.locked.get(&q.name.text.to_ascii_lowercase())
                        && *locked != value_text(q)
                    {
                        found.push(Conflict::Locked {
                            member: Some(name.text.to_string()),
                            qualifier: q.name.text.to_string(),
                        });
                    }
                }
            } else if qualifiers(feature).iter().any(is_key) {
                new_keys.push(name.text.to_string());
            }
            if let Some(target) = overridden(feature)
                && !parent.members.contains_key(&target.to_ascii_lowercase())
            {
                found.push(Conflict::OverridesNothing {
                    member: name.text.to_string(),
                    target,
                });
            }
        }
        if !new_keys.is_empty() && parent.members.values().any(|m| m.key) {
            found.push(Conflict::Keys { members: new_keys });
        }
        found
    }
}

/// A built-in class (a WMI system class, a DSC base), shared once made.
fn builtin_class(name: &str) -> Option<Arc<ClassDecl>> {
    static BUILTIN: OnceLock<HashMap<String, Arc<ClassDecl>>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            builtins()
                .classes()
                .map(|c| (c.name.text.to_ascii_lowercase(), Arc::new(c.clone())))
                .collect()
        })
        .get(&name.to_ascii_lowercase())
        .cloned()
}

/// A member of a shape: what subclasses and instances depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Member {
    pub method: bool,
    /// Type and array-ness (references: only that they are references, since a subclass may
    /// narrow the class a reference points to); for a method, its whole signature.
    pub signature: String,
    pub key: bool,
    pub default: Option<String>,
    /// `DisableOverride` qualifiers in force, lower-case name → value.
    pub locked: BTreeMap<String, String>,
}

/// Persistent maps: a subclass's shape is its superclass's plus its own members, so that
/// sharing the superclass's costs nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// Lower-case name → member.
    pub members: OrdMap<String, Member>,
    /// The class's `DisableOverride` qualifiers in force.
    pub locked: OrdMap<String, String>,
}

/// What a class inherits through its chain: its shape, and the lower-case names of the chain's
/// classes (itself included), which a class put under it may not be.
#[derive(Debug, Clone, Default)]
pub struct Inherited {
    pub shape: Shape,
    pub ancestors: imbl::HashSet<String>,
}

/// What the classes of a repository inherit, kept across the operations of one load so that
/// putting a class below a chain of any depth costs its own size, not the chain's. `apply`
/// forgets it whenever an operation changes what a class stored before inherits (see
/// [`Shapes::after`]).
#[derive(Default)]
pub struct Shapes {
    /// Lower-case namespace → lower-case class name → what it inherits.
    namespaces: HashMap<String, HashMap<String, Inherited>>,
}

impl Shapes {
    /// Keeps the cache true after an operation with `outcome`: a failed or unchanging operation
    /// changed nothing, an instance put changes no class, and a class created under a new name
    /// (not a built-in one, which it would hide) is below what was there, which it does not
    /// change. Anything else may change what stored classes inherit: updates and deletions of
    /// classes, qualifier declarations (their flavors decide what is locked), deleted
    /// namespaces; the cache is emptied and refilled as the next operations need it.
    pub fn after(&mut self, operation: Operation, class: Option<&str>, outcome: &Outcome) {
        let harmless = match (operation, outcome.change) {
            _ if !outcome.result.is_success() => true,
            (_, Some(Change::Unchanged)) | (Operation::PutInstance, _) => true,
            // Unless it also replaced a localized class (an amendment puts one in its locale's
            // namespace, which may be an update).
            (Operation::PutClass, Some(Change::Created)) => {
                class.is_some_and(|c| builtin_class(c).is_none())
                    && !outcome
                        .intrinsic
                        .iter()
                        .any(|i| matches!(i, Intrinsic::ClassModification { .. }))
            }
            _ => false,
        };
        if !harmless {
            self.namespaces.clear();
        }
    }
}

impl Shape {
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().filter(|(_, m)| m.key).map(|(n, _)| n.as_str())
    }
}

/// A way a class does not fit the chain above it (the conflict table of `loader-semantics.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// It declares an inherited member with another type or signature.
    Retyped { member: String, method: bool },
    /// It sets a `DisableOverride` qualifier to another value.
    Locked { member: Option<String>, qualifier: String },
    /// `Override("target")` where the chain has no such member.
    OverridesNothing { member: String, target: String },
    /// It declares keys below a chain that has keys.
    Keys { members: Vec<String> },
}

impl Conflict {
    pub fn code(&self) -> HResult {
        match self {
            Conflict::Retyped { method: true, .. } => HResult::WBEM_E_UPDATE_PROPAGATED_METHOD,
            Conflict::Retyped { .. } => HResult::WBEM_E_UPDATE_TYPE_MISMATCH,
            Conflict::Locked { .. } | Conflict::OverridesNothing { .. } => HResult::WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED,
            Conflict::Keys { .. } => HResult::WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE,
        }
    }

    /// Removes the conflict from `decl` as force mode does; says what was removed.
    pub fn resolve(&self, decl: &mut ClassDecl) -> String {
        let class = decl.name.text.to_string();
        match self {
            Conflict::Retyped { member, .. } => {
                decl.features.retain(|f| !feature_name(f).is(member));
                format!("{class}.{member}: its own declaration was removed; it inherits the new one")
            }
            Conflict::Locked {
                member: None,
                qualifier,
            } => {
                decl.qualifiers.retain(|q| !q.name.is(qualifier));
                format!("{class}: qualifier {qualifier} was removed")
            }
            Conflict::Locked {
                member: Some(member),
                qualifier,
            } => {
                if let Some(f) = decl.features.iter_mut().find(|f| feature_name(f).is(member)) {
                    qualifiers_mut(f).retain(|q| !q.name.is(qualifier));
                }
                format!("{class}.{member}: qualifier {qualifier} was removed")
            }
            Conflict::OverridesNothing { member, .. } => {
                if let Some(f) = decl.features.iter_mut().find(|f| feature_name(f).is(member)) {
                    qualifiers_mut(f).retain(|q| !q.name.is("Override"));
                }
                format!("{class}.{member}: qualifier Override was removed; it stays as the class's own member")
            }
            Conflict::Keys { members } => {
                for f in decl.features.iter_mut() {
                    qualifiers_mut(f).retain(|q| !q.name.is("Key"));
                }
                format!("{class}: its own Key qualifiers were removed ({})", members.join(", "))
            }
        }
    }

    pub fn describe(&self, class: &str) -> String {
        match self {
            Conflict::Retyped { member, .. } => format!("{class}.{member} is declared with another type"),
            Conflict::Locked { member, qualifier } => {
                let at = member
                    .as_ref()
                    .map_or_else(|| class.to_string(), |m| format!("{class}.{m}"));
                format!("{at} changes {qualifier}, which may not be overridden")
            }
            Conflict::OverridesNothing { member, target } => {
                format!("{class}.{member} overrides {target}, which no superclass has")
            }
            Conflict::Keys { members } => {
                format!("{class} declares keys ({}) below a class with keys", members.join(", "))
            }
        }
    }
}

fn qualifiers(feature: &Feature) -> &[Qualifier] {
    match feature {
        Feature::Property(p) => &p.qualifiers,
        Feature::Method(m) => &m.qualifiers,
    }
}

fn qualifiers_mut(feature: &mut Feature) -> &mut Vec<Qualifier> {
    match feature {
        Feature::Property(p) => &mut p.qualifiers,
        Feature::Method(m) => &mut m.qualifiers,
    }
}

/// Whether a qualifier is `Key` (and not `Key(false)`).
pub fn is_key(q: &Qualifier) -> bool {
    q.name.is("Key") && !matches!(q.value.as_ref().map(|v| &v.kind), Some(ValueKind::Bool(false)))
}

/// The member `Override` names: its value, or the feature's own name.
fn overridden(feature: &Feature) -> Option<String> {
    let q = qualifiers(feature).iter().find(|q| q.name.is("Override"))?;
    Some(match q.value.as_ref().map(|v| &v.kind) {
        Some(ValueKind::String(target)) => target.to_string(),
        _ => feature_name(feature).text.to_string(),
    })
}

fn value_text(q: &Qualifier) -> String {
    match &q.value {
        None => "true".into(),
        Some(v) => print::value(v),
    }
}

fn typed(ty: &crate::syntax::ast::Type, array: bool) -> String {
    let ty = match ty {
        crate::syntax::ast::Type::Ref(_) => "ref".to_string(),
        other => print::type_name(other).to_ascii_lowercase(),
    };
    if array { format!("{ty}[]") } else { ty }
}

/// A member's type and array-ness, or a method's whole signature, as shapes compare them.
pub fn signature(feature: &Feature) -> String {
    match feature {
        Feature::Property(p) => typed(&p.ty, p.array.is_some()),
        Feature::Method(m) => {
            let params: Vec<String> = m.params.iter().map(|p| typed(&p.ty, p.array.is_some())).collect();
            format!(
                "{}({})",
                typed(&m.return_type, m.return_array.is_some()),
                params.join(",")
            )
        }
    }
}
