//! The syntax tree of one file, as written: nothing is resolved, every node has its span.
//!
//! Names keep their spelling; comparisons are the semantic pass's business (MOF names are
//! case-insensitive). Literal values are already decoded, and the source text under each span is
//! still there for tools that need the spelling (the formatter).

use crate::source::Span;

/// A parsed file. Its declarations are in source order; comments are kept separately, in order,
/// for the formatter and the language server.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
    pub comments: Vec<Span>,
}

/// The declarations are boxed: the largest is three times a pragma's size, and a schema's main
/// file is over a thousand `#pragma include`s.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Pragma(Pragma),
    Qualifier(Box<QualifierDecl>),
    Class(Box<ClassDecl>),
    Instance(Box<InstanceDecl>),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Pragma(p) => p.span,
            Item::Qualifier(q) => q.span,
            Item::Class(c) => c.span,
            Item::Instance(i) => i.span,
        }
    }
}

/// A name as written (identifier or contextual keyword).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: Box<str>,
    pub span: Span,
}

impl Name {
    pub fn is(&self, other: &str) -> bool {
        same_name(&self.text, other)
    }
}

/// Whether two names are the same, as MOF compares them: without regard to ASCII case. Most
/// names compared are spelt alike (a qualifier's name and its declaration's), so the bytes are
/// compared whole first; `eq_ignore_ascii_case` goes a byte at a time.
pub fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a == b || a.eq_ignore_ascii_case(b))
}

/// `#pragma name(args)`; `#pragma autorecover` has no arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Pragma {
    pub name: Name,
    pub args: Vec<PragmaArg>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PragmaArg {
    String(StringLit),
    Number(Integer, Span),
    Name(Name),
}

/// One or more adjacent string literals, concatenated and unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

/// `qualifier Name : type [= default], scope(...) [, flavor(...)];`, or mofcomp's
/// `qualifier Name : flavor...;`, which gives only the flavors the qualifier has by default in
/// the compilation (no type, no scope: WMI qualifiers are typed by their values).
#[derive(Debug, Clone, PartialEq)]
pub struct QualifierDecl {
    pub name: Name,
    /// `None` for mofcomp's flavors-only declaration.
    pub ty: Option<Type>,
    pub array: Option<ArraySpec>,
    pub default: Option<Value>,
    pub scopes: Vec<(ScopeKind, Span)>,
    pub flavors: Vec<(Flavor, Span)>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    Class,
    Association,
    Indication,
    Qualifier,
    Property,
    Reference,
    Method,
    Parameter,
    Any,
}

impl ScopeKind {
    pub const ALL: [(&'static str, ScopeKind); 9] = [
        ("class", ScopeKind::Class),
        ("association", ScopeKind::Association),
        ("indication", ScopeKind::Indication),
        ("qualifier", ScopeKind::Qualifier),
        ("property", ScopeKind::Property),
        ("reference", ScopeKind::Reference),
        ("method", ScopeKind::Method),
        ("parameter", ScopeKind::Parameter),
        ("any", ScopeKind::Any),
    ];

    pub fn from_name(name: &str) -> Option<ScopeKind> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, s)| s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    EnableOverride,
    DisableOverride,
    Restricted,
    ToSubclass,
    Translatable,
    ToInstance,
    /// WMI: the qualifier is localized and stored in the locale namespace.
    Amended,
    /// WMI.
    NotToInstance,
    /// WMI.
    NotToSubclass,
}

impl Flavor {
    pub const ALL: [(&'static str, Flavor); 9] = [
        ("EnableOverride", Flavor::EnableOverride),
        ("DisableOverride", Flavor::DisableOverride),
        ("Restricted", Flavor::Restricted),
        ("ToSubclass", Flavor::ToSubclass),
        ("Translatable", Flavor::Translatable),
        ("ToInstance", Flavor::ToInstance),
        ("Amended", Flavor::Amended),
        ("NotToInstance", Flavor::NotToInstance),
        ("NotToSubclass", Flavor::NotToSubclass),
    ];

    pub fn from_name(name: &str) -> Option<Flavor> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, f)| f)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|&&(_, f)| f == self)
            .map(|&(n, _)| n)
            .unwrap_or_default()
    }

    /// The flavor this one cannot be combined with, if any.
    pub fn contradicts(self, other: Flavor) -> bool {
        use Flavor::*;
        matches!(
            (self, other),
            (EnableOverride, DisableOverride)
                | (DisableOverride, EnableOverride)
                | (ToSubclass, Restricted | NotToSubclass)
                | (Restricted | NotToSubclass, ToSubclass)
                | (ToInstance, NotToInstance)
                | (NotToInstance, ToInstance)
        )
    }
}

/// The intrinsic data types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Sint8,
    Sint16,
    Sint32,
    Sint64,
    Real32,
    Real64,
    String,
    Char16,
    Boolean,
    Datetime,
    /// WMI's embedded object type.
    Object,
}

impl Intrinsic {
    pub const ALL: [(&'static str, Intrinsic); 15] = [
        ("uint8", Intrinsic::Uint8),
        ("uint16", Intrinsic::Uint16),
        ("uint32", Intrinsic::Uint32),
        ("uint64", Intrinsic::Uint64),
        ("sint8", Intrinsic::Sint8),
        ("sint16", Intrinsic::Sint16),
        ("sint32", Intrinsic::Sint32),
        ("sint64", Intrinsic::Sint64),
        ("real32", Intrinsic::Real32),
        ("real64", Intrinsic::Real64),
        ("string", Intrinsic::String),
        ("char16", Intrinsic::Char16),
        ("boolean", Intrinsic::Boolean),
        ("datetime", Intrinsic::Datetime),
        ("object", Intrinsic::Object),
    ];

    pub fn from_name(name: &str) -> Option<Intrinsic> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, t)| t)
    }

    pub fn name(self) -> &'static str {
        Self::ALL[self as usize].0
    }

    /// The inclusive range of an integer type.
    pub fn int_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Intrinsic::Uint8 => (0, u8::MAX.into()),
            Intrinsic::Uint16 => (0, u16::MAX.into()),
            Intrinsic::Uint32 => (0, u32::MAX.into()),
            Intrinsic::Uint64 => (0, u64::MAX.into()),
            Intrinsic::Sint8 => (i8::MIN.into(), i8::MAX.into()),
            Intrinsic::Sint16 => (i16::MIN.into(), i16::MAX.into()),
            Intrinsic::Sint32 => (i32::MIN.into(), i32::MAX.into()),
            Intrinsic::Sint64 => (i64::MIN.into(), i64::MAX.into()),
            _ => return None,
        })
    }
}

/// A declared type. The class names are boxed, so that a type is 16 bytes, not 32: most
/// properties have an intrinsic type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Intrinsic(Intrinsic, Span),
    /// A reference to an instance of the class: `CIM_Foo REF name`.
    Ref(Box<Name>),
    /// A class name used as a type: an embedded instance of that class, as WMI and OMI allow
    /// (`MSStorageDriver_SenseData Data;`). Whether the class exists is the semantic pass's concern,
    /// which also reports misspelt intrinsic types (`int32`) this way.
    Class(Box<Name>),
    /// `void`, the return type of a method that returns nothing (WMI).
    Void(Span),
}

impl Type {
    pub fn span(&self) -> Span {
        match self {
            Type::Intrinsic(_, span) | Type::Void(span) => *span,
            Type::Ref(name) | Type::Class(name) => name.span,
        }
    }
}

/// `[]` or `[N]` after a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArraySpec {
    pub size: Option<u32>,
    pub span: Span,
}

/// `Name`, `Name(value)` or `Name{values}`, optionally followed by WMI flavors (`: Amended`).
#[derive(Debug, Clone, PartialEq)]
pub struct Qualifier {
    pub name: Name,
    pub value: Option<Value>,
    pub flavors: FlavorList,
    pub span: Span,
}

/// The flavors written after a qualifier (`: Amended`), in order. A schema has tens of thousands
/// of qualifiers and almost none has flavors: an empty list is a null pointer, 8 bytes, where a
/// boxed slice takes 16 and a `Vec` 24.
#[derive(Clone, Default, PartialEq)]
#[allow(
    clippy::box_collection,
    reason = "the box is the point: a thin pointer to the rare list"
)]
pub struct FlavorList(Option<Box<Vec<(Flavor, Span)>>>);

impl std::ops::Deref for FlavorList {
    type Target = [(Flavor, Span)];

    fn deref(&self) -> &[(Flavor, Span)] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl From<Vec<(Flavor, Span)>> for FlavorList {
    fn from(flavors: Vec<(Flavor, Span)>) -> FlavorList {
        FlavorList((!flavors.is_empty()).then(|| Box::new(flavors)))
    }
}

impl FromIterator<(Flavor, Span)> for FlavorList {
    fn from_iter<I: IntoIterator<Item = (Flavor, Span)>>(flavors: I) -> FlavorList {
        flavors.into_iter().collect::<Vec<_>>().into()
    }
}

impl<'a> IntoIterator for &'a FlavorList {
    type Item = &'a (Flavor, Span);
    type IntoIter = std::slice::Iter<'a, (Flavor, Span)>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// As the list it is.
impl std::fmt::Debug for FlavorList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// `[qualifiers] class Name [: Super] [as $alias] { features };`
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDecl {
    pub qualifiers: Vec<Qualifier>,
    pub name: Name,
    pub superclass: Option<Name>,
    pub alias: Option<Name>,
    pub features: Vec<Feature>,
    pub span: Span,
}

impl ClassDecl {
    /// Keeps only the qualifiers `keep` selects, on the class, its features and their
    /// parameters (the loader and the localization split take amended qualifiers apart so).
    pub fn retain_qualifiers(&mut self, keep: &dyn Fn(&Qualifier) -> bool) {
        let retain = |qualifiers: &mut Vec<Qualifier>| qualifiers.retain(|q| keep(q));
        retain(&mut self.qualifiers);
        for feature in &mut self.features {
            match feature {
                Feature::Property(p) => retain(&mut p.qualifiers),
                Feature::Method(m) => {
                    retain(&mut m.qualifiers);
                    m.params.iter_mut().for_each(|p| retain(&mut p.qualifiers));
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Feature {
    Property(PropertyDecl),
    Method(MethodDecl),
}

/// A property, reference or parameter declaration (a reference is one whose type is `Type::Ref`).
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyDecl {
    pub qualifiers: Vec<Qualifier>,
    pub ty: Type,
    pub name: Name,
    pub array: Option<ArraySpec>,
    /// Boxed: few properties and parameters have a default, and a `Value` is 32 bytes.
    pub default: Option<Box<Value>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MethodDecl {
    pub qualifiers: Vec<Qualifier>,
    pub return_type: Type,
    /// Boxed, as the parameters are a boxed slice, so that a method is no larger than a property
    /// (a class's features are a list of either): few methods return an array.
    pub return_array: Option<Box<ArraySpec>>,
    pub name: Name,
    pub params: Box<[Param]>,
    pub span: Span,
}

/// A method parameter: declared exactly as a property or reference is.
pub type Param = PropertyDecl;

/// `[qualifiers] instance of Class [as $alias] { Prop = value; ... };`
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceDecl {
    pub qualifiers: Vec<Qualifier>,
    pub class: Name,
    pub alias: Option<Name>,
    pub properties: Vec<PropertyValue>,
    pub span: Span,
}

/// `[qualifiers] Prop = value;` inside an instance (WMI allows qualifiers there; OMI also
/// allows `[qualifiers] Prop;`, which sets qualifiers only).
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyValue {
    pub qualifiers: Vec<Qualifier>,
    pub name: Name,
    pub value: Option<Value>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

impl Value {
    /// The elements of a value: an array's items, or the value itself.
    pub fn entries(&self) -> &[Value] {
        match &self.kind {
            ValueKind::Array(items) => items,
            _ => std::slice::from_ref(self),
        }
    }
}

/// No variant holds more than 16 bytes, so that a `Value` is 32 (boxed strings and slices, which
/// the tree never grows, are 8 bytes smaller than `String` and `Vec`).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Null,
    Bool(bool),
    Int(Integer),
    Real(f64),
    String(Box<str>),
    Char16(u16),
    /// `$name`, without the `$`.
    Alias(Box<str>),
    Array(Box<[Value]>),
    /// A bare name where a value belongs: a C macro that was never defined (see `cpp.rs`). Boxed:
    /// rare, and a `Name` is 24 bytes.
    Constant(Box<Name>),
    /// `instance of C { ... }` as a value.
    Instance(Box<InstanceDecl>),
    /// A literal that was malformed; already reported.
    Invalid,
}

/// An integer literal's value, from `-(2^64 - 1)` to `2^64 - 1`: an `i128` stored as two halves,
/// so that it asks for 8-byte alignment, not 16. An `i128` field made every `Value` 48 bytes
/// instead of 40 (and every qualifier, property and list of values larger with it), and sent
/// their allocations through the allocator's slower aligned path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Integer {
    low: u64,
    high: u64,
}

impl Integer {
    pub fn get(self) -> i128 {
        // The halves are the bits of the `i128` they were taken from (see `From<i128>`).
        ((u128::from(self.high) << 64) | u128::from(self.low)) as i128
    }
}

impl From<i128> for Integer {
    fn from(value: i128) -> Integer {
        let bits = value as u128;
        Integer {
            low: bits as u64,
            high: (bits >> 64) as u64,
        }
    }
}

impl std::fmt::Display for Integer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// As the `i128` it holds, which is what the halves mean.
impl std::fmt::Debug for Integer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::*;

    /// The syntax tree is most of a check's memory: these sizes are what its nodes were shrunk to.
    #[test]
    fn node_sizes() {
        assert_eq!(std::mem::align_of::<Value>(), 8);
        assert_eq!(std::mem::size_of::<Value>(), 32);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 32);
        assert_eq!(std::mem::size_of::<Qualifier>(), 72);
        assert_eq!(std::mem::size_of::<Type>(), 16);
        assert_eq!(std::mem::size_of::<PropertyDecl>(), 96);
        assert_eq!(std::mem::size_of::<MethodDecl>(), 96);
        assert_eq!(std::mem::size_of::<Feature>(), 104);
        assert_eq!(std::mem::size_of::<Item>(), 56);
    }
}
