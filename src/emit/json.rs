//! The resolved model as one JSON document (documented in the README). Every class lists its
//! effective qualifiers, properties and methods, each marked local or `propagated` and with
//! the class it comes from, so that tools need not re-implement inheritance; with
//! `--as-written` ([`Declared`]), only the members it declares itself.
//!
//! The document is serialized straight from the model, never built as a tree of JSON values:
//! the CIM Schema's is 67 MB, and the tree took half a gigabyte. Keys are written in sorted
//! order, as a JSON object map would sort them.

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::class_order;
use crate::sema::Model;
use crate::sema::model::{Class, ClassId, Instance, Member, Members, Method, Property, QualifierType, QualifierValue};
use crate::syntax::ast::{ArraySpec, InstanceDecl, Param, PropertyValue, Value, ValueKind};
use crate::syntax::print::type_name;

/// The whole model: `serde_json::to_writer(out, &Document(&model))`.
pub struct Document<'m, 'a>(pub &'m Model<'a>);

/// The model with each class listing only the properties and methods it declares itself
/// (overrides included), for `--as-written`: the size of [`Document`] grows with the members
/// every class inherits (a chain of 5,000 classes makes 2.7 GB), this one with the input.
pub struct Declared<'m, 'a>(pub &'m Model<'a>);

/// Which members a class lists.
#[derive(Clone, Copy)]
enum Listed {
    Effective,
    Declared,
}

/// Something of the model, serialized with the model at hand (for class names and aliases).
struct In<'m, 'a, T: ?Sized>(&'m Model<'a>, &'m T);

/// Something of an element of a class (a member, a parameter, a list of qualifiers), serialized
/// with the model and the class at hand: the class tells the qualifiers it inherits from those
/// written on the element.
struct Held<'m, 'a, T: ?Sized>(&'m Model<'a>, ClassId, &'m T);

/// Serializes each item of a list (a slice, or a class's members) with the model at hand.
struct Each<'m, 'a, C: ?Sized>(&'m Model<'a>, &'m C);

impl<'m, 'a, C: ?Sized, T: 'm> Serialize for Each<'m, 'a, C>
where
    &'m C: IntoIterator<Item = &'m T>,
    In<'m, 'a, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for item in self.1 {
            seq.serialize_element(&In(self.0, item))?;
        }
        seq.end()
    }
}

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Listing(self.0, Listed::Effective).serialize(serializer)
    }
}

impl Serialize for Declared<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Listing(self.0, Listed::Declared).serialize(serializer)
    }
}

/// The document, with the members of classes listed as asked.
struct Listing<'m, 'a>(&'m Model<'a>, Listed);

impl Serialize for Listing<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, listed) = (self.0, self.1);
        let classes: Vec<ClassIn> = class_order(model)
            .into_iter()
            .map(|(id, class)| ClassIn(model, id, class, listed))
            .collect();
        let qualifiers: Vec<&QualifierType> = model.qualifiers.iter().filter(|q| q.origin.file().is_some()).collect();
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("classes", &classes)?;
        map.serialize_entry("dialect", model.dialect().dialect.name())?;
        map.serialize_entry("instances", &Each(model, &model.instances))?;
        map.serialize_entry("qualifiers", &Each(model, &qualifiers))?;
        map.end()
    }
}

impl Serialize for In<'_, '_, &QualifierType<'_>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, q) = (self.0, self.1);
        let scopes: Vec<String> = q
            .decl
            .scopes
            .iter()
            .map(|&(s, _)| format!("{s:?}").to_ascii_lowercase())
            .collect();
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("array", &Array(q.decl.array.as_ref()))?;
        map.serialize_entry("default", &q.decl.default.as_ref().map(|v| In(model, v)))?;
        map.serialize_entry("flavors", &q.flavors.names())?;
        map.serialize_entry("name", &*q.decl.name.text)?;
        map.serialize_entry("scopes", &scopes)?;
        map.serialize_entry("type", &q.decl.ty.as_ref().map(type_name))?;
        map.end()
    }
}

/// A class, listing its members as asked.
struct ClassIn<'m, 'a>(&'m Model<'a>, ClassId, &'m Class<'a>, Listed);

/// The properties or methods of a class: every one it has, or those it declares itself.
struct MembersIn<'m, 'a, T: Clone>(&'m Model<'a>, ClassId, &'m Members<T>, Listed);

impl<'m, 'a, T: Member<'a>> Serialize for MembersIn<'m, 'a, T>
where
    Held<'m, 'a, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items: Box<dyn Iterator<Item = &'m T>> = match self.3 {
            Listed::Effective => Box::new(self.2.into_iter()),
            Listed::Declared => Box::new(self.2.own()),
        };
        let mut seq = serializer.serialize_seq(None)?;
        for item in items {
            seq.serialize_element(&Held(self.0, self.1, item))?;
        }
        seq.end()
    }
}

impl Serialize for ClassIn<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, id, class) = (self.0, self.1, self.2);
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("methods", &MembersIn(model, id, &class.methods, self.3))?;
        map.serialize_entry("name", class.name())?;
        map.serialize_entry("namespace", &model.namespaces[class.namespace])?;
        map.serialize_entry("properties", &MembersIn(model, id, &class.properties, self.3))?;
        map.serialize_entry("qualifiers", &Held(model, id, &class.qualifiers[..]))?;
        map.serialize_entry("superclass", &class.superclass.map(|s| model.classes[s].name()))?;
        map.end()
    }
}

impl Serialize for In<'_, '_, Instance<'_>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, instance) = (self.0, self.1);
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("alias", &instance.decl.alias.as_ref().map(|a| &*a.text))?;
        map.serialize_entry("class", &*instance.decl.class.text)?;
        map.serialize_entry("namespace", &model.namespaces[instance.namespace])?;
        map.serialize_entry("path", &instance.path)?;
        map.serialize_entry("properties", &Values(model, &instance.decl.properties))?;
        map.end()
    }
}

impl Serialize for Held<'_, '_, Property<'_>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, holder, p) = (self.0, self.1, self.2);
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry("array", &Array(p.decl.array.as_ref()))?;
        map.serialize_entry("class_origin", model.classes[p.class_origin].name())?;
        map.serialize_entry("default", &p.decl.default.as_deref().map(|v| In(model, v)))?;
        map.serialize_entry("name", &*p.decl.name.text)?;
        map.serialize_entry("propagated", &p.inherited_in(holder))?;
        map.serialize_entry("qualifiers", &Held(model, holder, &p.qualifiers[..]))?;
        map.serialize_entry("type", &type_name(&p.decl.ty))?;
        map.end()
    }
}

impl Serialize for Held<'_, '_, Method<'_>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, holder, m) = (self.0, self.1, self.2);
        let parameters: Vec<(&Param, &[QualifierValue])> =
            m.decl.params.iter().zip(m.params.iter().map(|q| &q[..])).collect();
        let parameters: Vec<Held<_>> = parameters.iter().map(|p| Held(model, holder, p)).collect();
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry("array", &Array(m.decl.return_array.as_deref()))?;
        map.serialize_entry("class_origin", model.classes[m.class_origin].name())?;
        map.serialize_entry("name", &*m.decl.name.text)?;
        map.serialize_entry("parameters", &parameters)?;
        map.serialize_entry("propagated", &m.inherited_in(holder))?;
        map.serialize_entry("qualifiers", &Held(model, holder, &m.qualifiers[..]))?;
        map.serialize_entry("type", &type_name(&m.decl.return_type))?;
        map.end()
    }
}

/// A parameter with its effective qualifiers.
impl Serialize for Held<'_, '_, (&Param, &[QualifierValue<'_>])> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, holder, (p, qualifiers)) = (self.0, self.1, self.2);
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("array", &Array(p.array.as_ref()))?;
        map.serialize_entry("name", &*p.name.text)?;
        map.serialize_entry("qualifiers", &Held(model, holder, *qualifiers))?;
        map.serialize_entry("type", &type_name(&p.ty))?;
        map.end()
    }
}

impl Serialize for Held<'_, '_, [QualifierValue<'_>]> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.2.len()))?;
        for q in self.2 {
            seq.serialize_element(&Held(self.0, self.1, q))?;
        }
        seq.end()
    }
}

impl Serialize for Held<'_, '_, QualifierValue<'_>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (model, holder, q) = (self.0, self.1, self.2);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("flavors", &q.flavors.names())?;
        map.serialize_entry("from", model.classes[q.from()].name())?;
        if let Some(locale) = model.locale(q) {
            map.serialize_entry("locale", locale)?;
        }
        map.serialize_entry("name", &*q.name.text)?;
        map.serialize_entry("propagated", &q.inherited_in(holder))?;
        // A qualifier written without a value is a flag that is set.
        match q.value {
            Some(v) => map.serialize_entry("value", &In(model, v))?,
            None => map.serialize_entry("value", &true)?,
        }
        map.end()
    }
}

/// `null` for a scalar, `"[]"` for a variable array, the size for a fixed one.
struct Array<'a>(Option<&'a ArraySpec>);

impl Serialize for Array<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => serializer.serialize_none(),
            Some(ArraySpec { size: None, .. }) => serializer.serialize_str("[]"),
            Some(ArraySpec { size: Some(n), .. }) => serializer.serialize_u32(*n),
        }
    }
}

/// The property values of an instance, by name (the last of a name written twice).
struct Values<'m, 'a>(&'m Model<'a>, &'m [PropertyValue]);

impl Serialize for Values<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let values: BTreeMap<&str, &Value> = self
            .1
            .iter()
            .filter_map(|p| Some((&*p.name.text, p.value.as_ref()?)))
            .collect();
        let mut map = serializer.serialize_map(Some(values.len()))?;
        for (name, value) in values {
            map.serialize_entry(name, &In(self.0, value))?;
        }
        map.end()
    }
}

/// A value in JSON: integers beyond 64 bits (which no type holds) as strings, aliases as the
/// object path of the instance they name where it is known.
impl Serialize for In<'_, '_, Value> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let model = self.0;
        match &self.1.kind {
            ValueKind::Null | ValueKind::Invalid => serializer.serialize_none(),
            ValueKind::Bool(b) => serializer.serialize_bool(*b),
            ValueKind::Int(n) => match (i64::try_from(n.get()), u64::try_from(n.get())) {
                (Ok(n), _) => serializer.serialize_i64(n),
                (_, Ok(n)) => serializer.serialize_u64(n),
                _ => serializer.collect_str(n),
            },
            ValueKind::Real(r) => serializer.serialize_f64(*r),
            ValueKind::String(s) => serializer.serialize_str(s),
            ValueKind::Char16(c) => serializer.serialize_str(&String::from_utf16_lossy(&[*c])),
            ValueKind::Alias(a) => match model.aliased(a).and_then(|i| i.path.as_deref()) {
                Some(path) => serializer.serialize_str(path),
                None => serializer.collect_str(&format_args!("${a}")),
            },
            ValueKind::Array(items) => Each(model, items).serialize(serializer),
            ValueKind::Constant(name) => serializer.serialize_str(&name.text),
            ValueKind::Instance(instance) => In(model, &**instance).serialize(serializer),
        }
    }
}

/// An embedded instance value.
impl Serialize for In<'_, '_, InstanceDecl> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("instance_of", &*self.1.class.text)?;
        map.serialize_entry("properties", &Values(self.0, &self.1.properties))?;
        map.end()
    }
}
