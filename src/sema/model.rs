//! The resolved model of a compilation: qualifier types, classes with their effective features
//! and qualifiers after inheritance, instances with their object paths, and the class graph.
//!
//! The model borrows the syntax trees (of the unit and of the built-in declarations) instead of
//! copying them: a node of the model is a declaration plus what resolution learnt about it.

use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use petgraph::graph::DiGraph;

use crate::source::{FileId, Span};
use crate::syntax::ast::{
    ClassDecl, Flavor, InstanceDecl, Intrinsic, MethodDecl, Name, PropertyDecl, QualifierDecl, ScopeKind, Type, Value,
    same_name,
};
use crate::syntax::unit::Unit;

/// Where a declaration comes from: a file of the compilation, or mofc's built-in knowledge of a
/// dialect (which has no place to point at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    File(FileId),
    Builtin,
}

impl Origin {
    pub fn file(self) -> Option<FileId> {
        match self {
            Origin::File(file) => Some(file),
            Origin::Builtin => None,
        }
    }
}

/// A name compared and hashed without regard to ASCII case, as MOF compares names.
#[derive(Debug, Clone, Copy)]
pub struct NoCase<'a>(pub &'a str);

impl PartialEq for NoCase<'_> {
    fn eq(&self, other: &Self) -> bool {
        same_name(self.0, other.0)
    }
}

impl Eq for NoCase<'_> {}

impl Hash for NoCase<'_> {
    /// Hashes the bytes eight at a time with bit 0x20 set in each, which makes the two cases of
    /// a letter one: names that are the same without regard to case hash alike (other bytes
    /// may collide, which costs a comparison, never a wrong answer). Names are hashed for every
    /// qualifier and class reference of a schema, so this is on the hot path; lower-casing
    /// each byte took 160 instructions a name.
    fn hash<H: Hasher>(&self, state: &mut H) {
        const CASE: u64 = 0x2020_2020_2020_2020;
        let bytes = self.0.as_bytes();
        let (words, rest) = bytes.as_chunks::<8>();
        for word in words {
            state.write_u64(u64::from_le_bytes(*word) | CASE);
        }
        if !rest.is_empty() {
            state.write_u64(last_bytes(bytes) | CASE);
        }
        state.write_usize(bytes.len());
    }
}

/// The bytes of `bytes` after its last whole word of eight, as a word, read without copying them
/// out one by one (a copy of a variable length is a call to `memcpy`): the last eight bytes of a
/// longer name, which overlap its last whole word, or a short name's bytes from both of its
/// ends. Which bytes are read depends only on the length, so that names alike but for the case
/// of their letters give words alike but for bit 0x20 of those bytes.
fn last_bytes(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let half = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes")));
    match n {
        8.. => word(n - 8),
        4.. => half(0) | half(n - 4) << 32,
        1.. => u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16,
        0 => 0,
    }
}

/// The MOF dialect a compilation is written in; see `dialect.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Dmtf,
    Wmi,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Dmtf => "DMTF",
            Dialect::Wmi => "WMI",
        }
    }
}

/// The dialect and why it was chosen, so that diagnostics depending on it can say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialectChoice {
    pub dialect: Dialect,
    pub reason: String,
    /// The construct that decided it, when one did.
    pub at: Option<(FileId, Span)>,
}

/// A set of scopes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scopes(u16);

impl Scopes {
    /// Every element.
    pub const ANY: Scopes = Scopes(1 << ScopeKind::Any as u16);

    pub fn of(scopes: &[(ScopeKind, Span)]) -> Scopes {
        Scopes(scopes.iter().fold(0, |bits, &(s, _)| bits | 1 << s as u16))
    }

    pub fn contains(self, scope: ScopeKind) -> bool {
        self.0 & (1 << ScopeKind::Any as u16 | 1 << scope as u16) != 0
    }
}

/// A set of flavors, resolved so that of each pair of opposites at most one is present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flavors(u16);

impl Flavors {
    pub fn has(self, flavor: Flavor) -> bool {
        self.0 & 1 << flavor as u16 != 0
    }

    pub fn with(self, flavor: Flavor) -> Flavors {
        Flavors(self.0 & !Self::opposites(flavor) | 1 << flavor as u16)
    }

    /// The flavors of a declaration, completed with DSP0004's defaults (`EnableOverride`,
    /// `ToSubclass`) where the declaration is silent.
    pub fn declared(flavors: &[(Flavor, Span)]) -> Flavors {
        let mut set = Flavors::default().with(Flavor::EnableOverride).with(Flavor::ToSubclass);
        for &(flavor, _) in flavors {
            set = set.with(flavor);
        }
        set
    }

    /// The flavors of mofcomp's flavors-only declaration (`Qualifier vendor : ToInstance;`),
    /// completed with WMI's defaults: a WMI qualifier can be overridden and, unless given
    /// `ToSubclass` or `ToInstance`, passes to neither subclasses nor instances.
    pub fn wmi_defaults(flavors: &[(Flavor, Span)]) -> Flavors {
        let set = Flavors::default().with(Flavor::EnableOverride).with(Flavor::Restricted);
        set.overlaid(flavors)
    }

    /// The flavors written where a qualifier is used, laid over the declared ones.
    pub fn overlaid(self, flavors: &[(Flavor, Span)]) -> Flavors {
        flavors.iter().fold(self, |set, &(flavor, _)| set.with(flavor))
    }

    /// Whether the qualifier passes to subclasses.
    pub fn propagates(self) -> bool {
        !self.has(Flavor::Restricted) && !self.has(Flavor::NotToSubclass)
    }

    pub fn names(self) -> Vec<&'static str> {
        Flavor::ALL
            .iter()
            .filter(|&&(_, f)| self.has(f))
            .map(|&(n, _)| n)
            .collect()
    }

    fn opposites(flavor: Flavor) -> u16 {
        Flavor::ALL
            .iter()
            .filter(|&&(_, other)| flavor.contradicts(other))
            .fold(0, |bits, &(_, other)| bits | 1 << other as u16)
    }
}

/// A qualifier's declaration, from the input or built in.
#[derive(Debug)]
pub struct QualifierType<'a> {
    pub decl: &'a QualifierDecl,
    pub origin: Origin,
    /// `None` if the declared type is not an intrinsic type (already reported by the parser).
    pub ty: Option<Intrinsic>,
    pub array: bool,
    pub scopes: Scopes,
    pub flavors: Flavors,
}

pub type QualifierId = usize;
pub type ClassId = usize;
pub type NamespaceId = usize;
/// An index into [`Model::locales`].
pub type LocaleId = usize;

/// A qualifier as it applies to an element after inheritance.
///
/// A schema's model holds one of these for each qualifier of each element of each class (the
/// CIM Schema, some 100,000), so it is kept to 32 bytes: the indexes are `u32` (a compilation
/// has fewer than 2³² classes and qualifier declarations, each taking bytes of input), and the
/// locale, which almost every one lacks, is an index into [`Model::locales`]. Read the indexes
/// through the methods. Whether it is inherited is not stored but known from the class that
/// holds the element ([`QualifierValue::inherited_in`]): a subclass then shares its parent's
/// list instead of copying it to flip a flag.
#[derive(Debug, Clone)]
pub struct QualifierValue<'a> {
    /// The qualifier as written, in the class that wrote it.
    pub name: &'a Name,
    /// `None` for a bare flag such as `[Key]`.
    pub value: Option<&'a Value>,
    declaration: Index32,
    /// The class whose declaration wrote it (itself, or an ancestor).
    from: u32,
    /// The locale of an amendment that added it (`[Amendment, Locale(...)]`); none for the
    /// qualifiers of the class itself.
    locale: Index32,
    pub flavors: Flavors,
}

const _: () = assert!(std::mem::size_of::<QualifierValue>() <= 32);

/// An optional index in 32 bits, `u32::MAX` standing for none (an `Option<u32>` takes 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Index32(u32);

impl Index32 {
    fn new(index: Option<usize>) -> Index32 {
        Index32(index.map_or(u32::MAX, |i| i as u32))
    }

    fn get(self) -> Option<usize> {
        (self.0 != u32::MAX).then_some(self.0 as usize)
    }
}

impl<'a> QualifierValue<'a> {
    /// A qualifier written on an element of class `from`, with the flavors it has there.
    pub fn new(
        name: &'a Name,
        value: Option<&'a Value>,
        declaration: Option<QualifierId>,
        flavors: Flavors,
        from: ClassId,
    ) -> Self {
        QualifierValue {
            name,
            value,
            declaration: Index32::new(declaration),
            from: from as u32,
            locale: Index32::new(None),
            flavors,
        }
    }

    /// The same qualifier added by an amendment of locale `locale` (see [`Model::locales`]).
    pub fn localized(self, locale: LocaleId) -> Self {
        QualifierValue {
            locale: Index32::new(Some(locale)),
            ..self
        }
    }

    pub fn is(&self, name: &str) -> bool {
        self.name.is(name)
    }

    /// Its declaration, if the compilation or mofc's built-in knowledge declares it.
    pub fn declaration(&self) -> Option<QualifierId> {
        self.declaration.get()
    }

    /// The class whose declaration wrote it (the element's class, or an ancestor).
    pub fn from(&self) -> ClassId {
        self.from as ClassId
    }

    /// Whether an element of class `holder` has it by inheritance rather than writes it: a
    /// qualifier written (or amended) on an element of a class has that class as its `from`.
    pub fn inherited_in(&self, holder: ClassId) -> bool {
        self.from() != holder
    }

    /// Whether an amendment added it (read its locale with [`Model::locale`]).
    pub fn is_localized(&self) -> bool {
        self.locale.get().is_some()
    }
}

/// The qualifiers of one element, in one allocation of their exact length (a growing `Vec`
/// left a quarter of its room unused, and its own header took another allocation). Shared: a
/// property inherited unchanged through ten classes holds one list, not ten copies.
pub type Qualifiers<'a> = Arc<[QualifierValue<'a>]>;

/// Looks a qualifier up by name, ignoring localized (amended) copies.
pub fn find<'q, 'a>(qualifiers: &'q [QualifierValue<'a>], name: &str) -> Option<&'q QualifierValue<'a>> {
    qualifiers.iter().find(|q| !q.is_localized() && q.is(name))
}

/// Whether a boolean qualifier is set: present as a flag, or with the value `true`.
pub fn flag(qualifiers: &[QualifierValue], name: &str) -> bool {
    find(qualifiers, name).is_some_and(|q| match q.value {
        None => true,
        Some(v) => matches!(v.kind, crate::syntax::ast::ValueKind::Bool(true)),
    })
}

#[derive(Debug, Clone)]
pub struct Property<'a> {
    /// The declaration in force: the class's own, or the nearest ancestor's.
    pub decl: &'a PropertyDecl,
    pub origin: Origin,
    /// The class that first declared the property (CIM's class origin).
    pub class_origin: ClassId,
    /// The class whose declaration `decl` is (the class or the ancestor it inherits it from;
    /// see [`Member::inherited_in`]).
    pub declared_in: ClassId,
    pub qualifiers: Qualifiers<'a>,
}

impl Property<'_> {
    pub fn is_reference(&self) -> bool {
        matches!(self.decl.ty, Type::Ref(_))
    }

    pub fn is_key(&self) -> bool {
        flag(&self.qualifiers, "Key")
    }

    pub fn is_embedded(&self) -> bool {
        embeds(&self.qualifiers)
    }
}

/// Whether qualifiers make a string element hold an embedded instance (`EmbeddedInstance("C")`,
/// `EmbeddedObject`).
pub fn embeds(qualifiers: &[QualifierValue]) -> bool {
    find(qualifiers, "EmbeddedInstance").is_some() || find(qualifiers, "EmbeddedObject").is_some()
}

#[derive(Debug, Clone)]
pub struct Method<'a> {
    pub decl: &'a MethodDecl,
    pub origin: Origin,
    pub class_origin: ClassId,
    /// The class whose declaration `decl` is.
    pub declared_in: ClassId,
    pub qualifiers: Qualifiers<'a>,
    /// The effective qualifiers of each parameter, in the order of `decl.params`.
    pub params: Vec<Qualifiers<'a>>,
}

#[derive(Debug)]
pub struct Class<'a> {
    pub decl: &'a ClassDecl,
    pub origin: Origin,
    pub namespace: NamespaceId,
    pub superclass: Option<ClassId>,
    /// Whether an ancestor is missing (a superclass that nothing defines, or a cycle), so that
    /// what the class inherits is unknown and checks that need it are skipped.
    pub incomplete: bool,
    pub qualifiers: Qualifiers<'a>,
    pub properties: Members<Property<'a>>,
    pub methods: Members<Method<'a>>,
}

/// What [`Members`] needs to know of a member.
pub trait Member<'a>: Clone {
    fn name(&self) -> &'a Name;

    /// The class whose declaration of the member is in force.
    fn declared_in(&self) -> ClassId;

    /// Whether class `holder` inherits the member without redeclaring it. Not stored: a
    /// subclass then shares its parent's member, not a copy that differs by a flag.
    fn inherited_in(&self, holder: ClassId) -> bool {
        self.declared_in() != holder
    }
}

impl<'a> Member<'a> for Property<'a> {
    fn name(&self) -> &'a Name {
        &self.decl.name
    }

    fn declared_in(&self) -> ClassId {
        self.declared_in
    }
}

impl<'a> Member<'a> for Method<'a> {
    fn name(&self) -> &'a Name {
        &self.decl.name
    }

    fn declared_in(&self) -> ClassId {
        self.declared_in
    }
}

/// The effective properties (or methods) of a class in order, with an index by name and the
/// places of those the class declares itself. The list and the index are persistent
/// structures shared with the superclass's where unchanged: a chain of n classes each adding a
/// property would otherwise hold n²/2 members (5,000 classes took 550 MB), and each class
/// would copy and index all it inherits.
#[derive(Debug, Clone)]
pub struct Members<T: Clone> {
    /// Each member behind an `Arc`: a change copies a chunk of 64 pointers, not of 64 members.
    list: imbl::Vector<Arc<T>>,
    /// The place of the first member of each name, once there are more than [`INDEXED_FROM`]
    /// members; a short list is searched instead (most classes are short, and an index for
    /// each took a tenth of the CIM Schema's analysis).
    names: Option<NameIndex>,
    /// The places of the class's own members, ascending once resolution is done.
    own: Vec<usize>,
}

const INDEXED_FROM: usize = 32;

/// The place (a `u32`: a class has fewer than 2³² members) of the first member whose name
/// has each [`name_key`]. Keyed by a hash of the name rather than by the name, which took 16
/// bytes more of each entry, in nodes of 16 entries that are copied whenever a subclass adds
/// a member; a name whose key is another's is found by searching the list.
type NameIndex = imbl::GenericHashMap<u32, u32, rustc_hash::FxBuildHasher, imbl::shared_ptr::DefaultSharedPtr>;

/// A hash of a name without regard to ASCII case.
fn name_key(name: &str) -> u32 {
    let mut hasher = rustc_hash::FxHasher::default();
    NoCase(name).hash(&mut hasher);
    hasher.finish() as u32
}

impl<T: Clone> Default for Members<T> {
    fn default() -> Self {
        Members {
            list: imbl::Vector::new(),
            names: None,
            own: Vec::new(),
        }
    }
}

impl<'a, T: Member<'a>> Members<T> {
    /// What a subclass starts from: these members, each of this class's own that `inherit`
    /// changes (dropping qualifiers that do not pass to subclasses) replaced; the others are
    /// shared.
    pub fn inherited(&self, inherit: impl Fn(&T) -> Option<T>) -> Self {
        let mut list = self.list.clone();
        for &i in &self.own {
            if let Some(member) = inherit(&self.list[i]) {
                list.set(i, Arc::new(member));
            }
        }
        Members {
            list,
            names: self.names.clone(),
            own: Vec::new(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.list.iter().map(|member| &**member)
    }

    /// The members the class declares itself, in list order.
    pub fn own(&self) -> impl Iterator<Item = &T> {
        self.own.iter().map(|&i| &*self.list[i])
    }

    /// The place of the first member named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        let search = || self.list.iter().position(|m| m.name().is(name));
        let Some(names) = &self.names else {
            return search();
        };
        // Every member's key is in the index: a key that is not belongs to no member.
        let place = *names.get(&name_key(name))? as usize;
        if self.list[place].name().is(name) {
            Some(place)
        } else {
            search()
        }
    }

    /// The first member named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.position(name).map(|i| &*self.list[i])
    }

    /// The place of the member named `name` that class `holder` (whose members these are)
    /// inherits, unless the class redeclared it.
    pub fn inherited_position(&self, name: &str, holder: ClassId) -> Option<usize> {
        self.position(name).filter(|&i| self.list[i].inherited_in(holder))
    }

    pub fn get_mut(&mut self, index: usize) -> &mut T {
        Arc::make_mut(&mut self.list[index])
    }

    /// Puts a class's own member in the list: in the place of the inherited one it overrides
    /// (or, if the override renames it, at the end instead), or at the end if it is new.
    pub fn place(&mut self, inherited: Option<usize>, member: T) {
        let at = match inherited {
            Some(i) if self.list[i].name().is(&member.name().text) => {
                self.list.set(i, Arc::new(member));
                i
            }
            Some(i) => {
                // Rare: the members after the renamed one move up, so the index is rebuilt.
                self.list.remove(i);
                for place in &mut self.own {
                    if *place > i {
                        *place -= 1;
                    }
                }
                self.list.push_back(Arc::new(member));
                self.names = None;
                self.index();
                self.list.len() - 1
            }
            None => {
                if let Some(names) = &mut self.names {
                    names
                        .entry(name_key(&member.name().text))
                        .or_insert(self.list.len() as u32);
                }
                self.list.push_back(Arc::new(member));
                self.index();
                self.list.len() - 1
            }
        };
        self.own.push(at);
    }

    /// Builds the index by name once the list is long enough to need one.
    fn index(&mut self) {
        if self.names.is_none() && self.list.len() > INDEXED_FROM {
            let mut names = NameIndex::with_hasher(rustc_hash::FxBuildHasher);
            for (place, m) in self.list.iter().enumerate().rev() {
                names.insert(name_key(&m.name().text), place as u32);
            }
            self.names = Some(names);
        }
    }

    /// Ends the class's resolution: its own members in list order.
    pub fn finish(&mut self) {
        self.own.sort_unstable();
    }
}

impl<T: Clone> std::ops::Index<usize> for Members<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.list[index]
    }
}

impl<'m, T: Clone> IntoIterator for &'m Members<T> {
    type Item = &'m T;
    type IntoIter =
        std::iter::Map<imbl::vector::Iter<'m, Arc<T>, imbl::shared_ptr::DefaultSharedPtr>, fn(&Arc<T>) -> &T>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter().map(|member| &**member)
    }
}

impl<'a> Class<'a> {
    pub fn name(&self) -> &'a str {
        &self.decl.name.text
    }

    pub fn property(&self, name: &str) -> Option<&Property<'a>> {
        self.properties.get(name)
    }

    pub fn is_association(&self) -> bool {
        flag(&self.qualifiers, "Association")
    }

    pub fn is_indication(&self) -> bool {
        flag(&self.qualifiers, "Indication")
    }

    pub fn keys(&self) -> impl Iterator<Item = &Property<'a>> {
        self.properties.iter().filter(|p| p.is_key())
    }
}

/// An instance declaration, with its class and object path once resolved.
#[derive(Debug)]
pub struct Instance<'a> {
    pub decl: &'a InstanceDecl,
    pub file: FileId,
    pub namespace: NamespaceId,
    pub class: Option<ClassId>,
    /// `Class.Key="value",...`; `None` if the class is unknown or a key has no value.
    pub path: Option<String>,
}

/// What a class graph edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// From a subclass to its superclass.
    Inherits,
    /// From a class to the target of one of its references.
    References,
    /// From a class to the class of an embedded instance it declares.
    Embeds,
}

/// The dialect of a compilation, detected on first use: detection may scan every qualifier of
/// the compilation, and only diagnostics that depend on the dialect need it.
#[derive(Default)]
pub struct LazyDialect<'a> {
    pub unit: Option<&'a Unit>,
    pub forced: Option<Dialect>,
    choice: OnceLock<DialectChoice>,
}

impl std::fmt::Debug for LazyDialect<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyDialect")
            .field("choice", &self.choice.get())
            .finish()
    }
}

#[derive(Debug, Default)]
pub struct Model<'a> {
    pub dialect: LazyDialect<'a>,
    pub qualifiers: Vec<QualifierType<'a>>,
    pub qualifier_index: FxHashMap<NoCase<'a>, QualifierId>,
    /// Namespace names (`root/cimv2`), lower case, indexed by [`NamespaceId`].
    pub namespaces: Vec<String>,
    /// The namespace the compilation starts in, before any `#pragma namespace`.
    pub start: NamespaceId,
    /// Every class, built-in ones included; a node of `graph` has the same index.
    pub classes: Vec<Class<'a>>,
    pub class_index: FxHashMap<(NamespaceId, NoCase<'a>), ClassId>,
    pub instances: Vec<Instance<'a>>,
    pub graph: DiGraph<ClassId, Edge>,
    /// The locales of the amendments (`Locale(0x409)` as `ms_409`), indexed by [`LocaleId`].
    pub locales: Vec<String>,
}

impl<'a> Model<'a> {
    /// The dialect of the compilation, and why.
    pub fn dialect(&self) -> &DialectChoice {
        let lazy = &self.dialect;
        lazy.choice.get_or_init(|| match lazy.unit {
            Some(unit) => super::dialect::detect(unit, lazy.forced),
            None => DialectChoice {
                dialect: lazy.forced.unwrap_or(Dialect::Dmtf),
                reason: "no compilation".into(),
                at: None,
            },
        })
    }

    /// The locale of the amendment that added `q`, if one did.
    pub fn locale(&self, q: &QualifierValue) -> Option<&str> {
        self.locales.get(q.locale.get()?).map(|l| &**l)
    }

    pub fn qualifier(&self, name: &str) -> Option<&QualifierType<'a>> {
        self.qualifier_index.get(&NoCase(name)).map(|&id| &self.qualifiers[id])
    }

    /// The class named `name` as seen from `namespace`: declared there, or built in.
    pub fn class(&self, namespace: NamespaceId, name: &str) -> Option<ClassId> {
        self.class_index
            .get(&(namespace, NoCase(name)))
            .or_else(|| self.class_index.get(&(BUILTIN_NAMESPACE, NoCase(name))))
            .copied()
    }

    /// `class` and its ancestors, nearest first.
    pub fn lineage(&self, class: ClassId) -> impl Iterator<Item = ClassId> + '_ {
        std::iter::successors(Some(class), |&c| self.classes[c].superclass)
    }

    /// Whether every ancestor of `class` is known (none is missing, none was cut from a cycle);
    /// the same as `!incomplete`, but usable before inheritance has reached the class.
    pub fn ancestry_known(&self, class: ClassId) -> bool {
        self.lineage(class)
            .last()
            .is_none_or(|root| self.classes[root].decl.superclass.is_none())
    }

    /// The number of classes in each class's lineage (1 for a root), indexed by class: each is
    /// computed once from its superclass's, rather than by walking every lineage (a chain of
    /// 20,000 classes has 200 million steps of lineage).
    pub fn depths(&self) -> Vec<usize> {
        let mut depths = vec![0; self.classes.len()];
        let mut pending = Vec::new();
        for class in 0..self.classes.len() {
            // Up to the first ancestor whose depth is known, then back down.
            let mut at = Some(class);
            while let Some(c) = at.filter(|&c| depths[c] == 0) {
                pending.push(c);
                at = self.classes[c].superclass;
            }
            let mut depth = at.map_or(0, |c| depths[c]);
            while let Some(c) = pending.pop() {
                depth += 1;
                depths[c] = depth;
            }
        }
        depths
    }

    /// Whether `class` is `ancestor` or derives from it.
    pub fn derives_from(&self, class: ClassId, ancestor: ClassId) -> bool {
        self.lineage(class).any(|c| c == ancestor)
    }

    /// The instance declared `as $alias`.
    pub fn aliased(&self, alias: &str) -> Option<&Instance<'a>> {
        self.instances
            .iter()
            .find(|i| i.decl.alias.as_ref().is_some_and(|a| a.is(alias)))
    }

    /// The classes of the input (not the built-in ones), in declaration order.
    pub fn input_classes(&self) -> impl Iterator<Item = (ClassId, &Class<'a>)> {
        self.classes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.origin != Origin::Builtin)
    }
}

/// The namespace of built-in classes, visible from every namespace.
pub const BUILTIN_NAMESPACE: NamespaceId = 0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::{Feature, File, Item};
    use crate::syntax::parse;

    fn hash_of(name: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, NoCase(name))
    }

    #[test]
    fn names_that_differ_only_in_case_are_equal_and_hash_alike() {
        let pairs = [
            ("Description", "DESCRIPTION"),
            ("CIM_ManagedElement", "cim_managedelement"),
            ("a_1", "A_1"),
            ("", ""),
            ("ÄbC", "Äbc"),
        ];
        for (a, b) in pairs {
            assert_eq!(NoCase(a), NoCase(b));
            assert_eq!(hash_of(a), hash_of(b), "{a} / {b}");
        }
        // Every length up to three words, each byte's case changed in turn.
        let name = "aBcDeFgHiJkLmNoPqRsTuVwX";
        for n in 0..=name.len() {
            let a = &name[..n];
            for i in 0..n {
                let mut b = a.to_string().into_bytes();
                b[i] ^= 0x20;
                let b = String::from_utf8(b).unwrap();
                assert_eq!(NoCase(a), NoCase(&b));
                assert_eq!(hash_of(a), hash_of(&b), "{a} / {b}");
            }
        }
        // Non-letters are compared exactly, though bit 0x20 makes some hash alike.
        assert_ne!(NoCase("a_"), NoCase("a\x7f"));
        assert_ne!(NoCase("Key"), NoCase("Keys"));
        assert_ne!(NoCase("ÄbC"), NoCase("äbc"));
        assert_ne!(hash_of("Key"), hash_of("Keys"));
        assert_ne!(hash_of("ValueMap"), hash_of("Values"));
    }

    /// The properties declared in `file`, in order.
    fn declared(file: &File) -> Vec<&PropertyDecl> {
        let features = file.items.iter().flat_map(|item| match item {
            Item::Class(class) => class.features.iter().collect(),
            _ => Vec::new(),
        });
        features
            .filter_map(|feature| match feature {
                Feature::Property(p) => Some(p),
                Feature::Method(_) => None,
            })
            .collect()
    }

    /// The parent class and the child class.
    const PARENT: ClassId = 0;
    const CHILD: ClassId = 1;

    fn own(decl: &PropertyDecl, class: ClassId) -> Property<'_> {
        Property {
            decl,
            origin: Origin::Builtin,
            class_origin: class,
            declared_in: class,
            qualifiers: Qualifiers::default(),
        }
    }

    /// The names of `members`, each with whether the child inherits it.
    fn names<'m>(members: impl Iterator<Item = &'m Property<'m>>) -> Vec<(&'m str, bool)> {
        members.map(|p| (&*p.decl.name.text, p.inherited_in(CHILD))).collect()
    }

    /// `size` properties `P0`... in one class, then `B`, `D`, `E` in another.
    fn parent_and_child(size: usize) {
        let parent_text: String = (0..size).map(|i| format!("uint32 P{i}; ")).collect();
        let text = format!("class P {{ {parent_text} }}; class Q {{ uint32 p1; uint32 D; uint32 E; }};");
        let file = parse(FileId(0), &text).ast;
        let decls = declared(&file);
        let mut parent = Members::default();
        for decl in &decls[..size] {
            parent.place(None, own(decl, PARENT));
        }
        parent.finish();
        let mut child = parent.inherited(|_| None);
        // `p1` overrides `P1` in its place; `E` overrides `P0` under another name, so it goes to
        // the end, after which `D` is new.
        child.place(child.inherited_position("P1", CHILD), own(decls[size], CHILD));
        child.place(child.inherited_position("P0", CHILD), own(decls[size + 2], CHILD));
        child.place(child.inherited_position("D", CHILD), own(decls[size + 1], CHILD));
        child.finish();

        let mut expected: Vec<(String, bool)> = vec![("p1".into(), false)];
        expected.extend((2..size).map(|i| (format!("P{i}"), true)));
        expected.extend([("E".into(), false), ("D".into(), false)]);
        let found: Vec<(String, bool)> = names(child.iter()).into_iter().map(|(n, p)| (n.into(), p)).collect();
        assert_eq!(found, expected);
        assert_eq!(names(child.own()), [("p1", false), ("E", false), ("D", false)]);
        assert_eq!(child.position("e"), Some(size - 1));
        assert_eq!(child.position("P0"), None);
        assert_eq!(child.inherited_position("p2", CHILD), Some(1));
        assert_eq!(child.inherited_position("D", CHILD), None);
        // The parent's list is as it was.
        assert_eq!(parent.position("P0"), Some(0));
        assert_eq!(names(parent.own()).len(), size);
    }

    /// Two names whose keys in the index are the same: the index points at the first, and the
    /// second is found by searching the list.
    #[test]
    fn members_whose_names_share_a_key_are_all_found() {
        let size = INDEXED_FROM + 8;
        let text: String = (0..size).map(|i| format!("uint32 P{i}; ")).collect();
        let file = parse(FileId(0), &format!("class P {{ {text} }};")).ast;
        let mut members = Members::default();
        for decl in declared(&file) {
            members.place(None, own(decl, PARENT));
        }
        // As if `P3` had the key of `P5`, which comes after it.
        if let Some(names) = &mut members.names {
            names.insert(name_key("P5"), 3);
        }
        assert_eq!(members.position("p5"), Some(5));
        assert_eq!(members.position("P3"), Some(3));
        assert_eq!(members.position("P99"), None);
    }

    #[test]
    fn members_override_in_place_or_at_the_end_in_short_and_indexed_lists() {
        parent_and_child(3);
        parent_and_child(INDEXED_FROM + 8);
    }
}
