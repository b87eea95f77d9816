//! Effective features and qualifiers, computed from the root classes down: a class starts from
//! what its superclass passes on (qualifiers that are not `Restricted`, every property and
//! method), then lays its own declarations over it. This is where overrides are checked: an
//! `Override` must name an inherited element of the same kind and a compatible type, a
//! `DisableOverride` qualifier cannot change value, and a redeclaration without `Override` is
//! reported as the peers disagree on it (OMI and OpenPegasus accept it, pywbem does not).
//!
//! The WMI repository does not check `Override` (Windows has overrides of properties no
//! ancestor has, and references narrowed to classes outside the inherited one's tree), so
//! those two are warnings in a WMI compilation; a changed data type stays an error. Below an
//! ancestor that is not known, nothing about overrides is checked.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Resolver;
use crate::diag::{Code, Diagnostic, Edit, Fix};
use crate::sema::model::{
    ClassId, Dialect, Flavors, Members, Method, Model, NoCase, Origin, Property, QualifierValue, Qualifiers, flag,
};
use crate::sema::severity::accepted_by_wmi;
use crate::sema::values::same;
use crate::source::Span;
use crate::syntax::ast::{Feature, Flavor, MethodDecl, Name, PropertyDecl, Qualifier, Type, ValueKind};

pub fn run(cx: &mut Resolver) {
    // Ancestors first: a class's depth is the length of its (acyclic, once linked) lineage.
    let mut order: Vec<(usize, ClassId)> = cx.model.depths().into_iter().zip(0..).collect();
    order.sort_unstable();
    // A class needs only its ancestors, so the classes of one depth are resolved in parallel
    // against the model as it stands, then stored in order (diagnostics too, so the output
    // does not depend on the threads).
    for level in order.chunk_by(|a, b| a.0 == b.0) {
        let resolved: Vec<(ClassId, Resolved, Vec<Diagnostic>)> = level
            .par_iter()
            .map(|&(_, id)| {
                let mut one = ClassContext {
                    model: &cx.model,
                    out: Vec::new(),
                };
                let resolved = resolve_class(&mut one, id);
                (id, resolved, one.out)
            })
            .collect();
        for (id, resolved, mut out) in resolved {
            let class = &mut cx.model.classes[id];
            class.incomplete = resolved.incomplete;
            class.qualifiers = resolved.qualifiers;
            class.properties = resolved.properties;
            class.methods = resolved.methods;
            cx.out.append(&mut out);
        }
    }
}

/// What resolving one class reads (the model, whose shallower classes are resolved) and
/// writes (its own diagnostics).
struct ClassContext<'m, 'a> {
    model: &'m Model<'a>,
    out: Vec<Diagnostic>,
}

impl ClassContext<'_, '_> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

/// A class's effective qualifiers and members.
struct Resolved<'a> {
    incomplete: bool,
    qualifiers: Qualifiers<'a>,
    properties: Members<Property<'a>>,
    methods: Members<Method<'a>>,
}

fn resolve_class<'a>(cx: &mut ClassContext<'_, 'a>, id: ClassId) -> Resolved<'a> {
    let class = &cx.model.classes[id];
    let (decl, origin) = (class.decl, class.origin);
    let (qualifiers, mut properties, mut methods) = match class.superclass {
        Some(s) => {
            let parent = &cx.model.classes[s];
            let properties = parent.properties.inherited(inherited_property);
            let methods = parent.methods.inherited(inherited_method);
            (propagate(&parent.qualifiers), properties, methods)
        }
        None => (Qualifiers::default(), Members::default(), Members::default()),
    };
    let incomplete = match class.superclass {
        Some(s) => cx.model.classes[s].incomplete,
        None => decl.superclass.is_some(),
    };
    let qualifiers = overlay(cx, qualifiers, &decl.qualifiers, id, origin);
    // The features seen, by name, once a class declares enough for searching them to cost;
    // most declare a few (hashing each name was 3 million instructions of the CIM Schema).
    let mut seen: Option<FxHashMap<NoCase, &Name>> = (decl.features.len() > 8).then(FxHashMap::default);
    for (i, feature) in decl.features.iter().enumerate() {
        let name = feature_name(feature);
        let first = match &seen {
            Some(seen) => seen.get(&NoCase(&name.text)).copied(),
            None => decl.features[..i].iter().map(feature_name).find(|f| f.is(&name.text)),
        };
        if let Some(first) = first {
            duplicate(cx, origin, name, first, "class");
            continue;
        }
        if let Some(seen) = &mut seen {
            seen.insert(NoCase(&name.text), name);
        }
        let member = Member { id, origin, incomplete };
        match feature {
            Feature::Property(p) => property(cx, member, p, &mut properties, &methods),
            Feature::Method(m) => method(cx, member, m, &mut methods, &properties),
        }
    }
    properties.finish();
    methods.finish();
    Resolved {
        incomplete,
        qualifiers,
        properties,
        methods,
    }
}

/// The class a member is declared in, and whether its ancestry is known in full.
#[derive(Clone, Copy)]
struct Member {
    id: ClassId,
    origin: Origin,
    /// An ancestor is unknown: what the member overrides cannot be checked.
    incomplete: bool,
}

fn feature_name(feature: &Feature) -> &Name {
    match feature {
        Feature::Property(p) => &p.name,
        Feature::Method(m) => &m.name,
    }
}

/// A property as a subclass receives it, if not as it is (shared): some of its qualifiers do
/// not pass to subclasses.
fn inherited_property<'a>(p: &Property<'a>) -> Option<Property<'a>> {
    let qualifiers = propagate(&p.qualifiers);
    let changed = !Arc::ptr_eq(&qualifiers, &p.qualifiers);
    changed.then(|| Property {
        qualifiers,
        ..p.clone()
    })
}

/// A method as a subclass receives it, if not as it is (shared).
fn inherited_method<'a>(m: &Method<'a>) -> Option<Method<'a>> {
    let qualifiers = propagate(&m.qualifiers);
    let params: Vec<Qualifiers> = m.params.iter().map(propagate).collect();
    let changed = !Arc::ptr_eq(&qualifiers, &m.qualifiers)
        || params.iter().zip(&m.params).any(|(new, old)| !Arc::ptr_eq(new, old));
    changed.then(|| Method {
        qualifiers,
        params,
        ..m.clone()
    })
}

/// The qualifiers a subclass receives: all but those that do not pass to subclasses and the
/// localized ones. Usually that is all of them, and the list itself is returned (shared).
fn propagate<'a>(qualifiers: &Qualifiers<'a>) -> Qualifiers<'a> {
    let passes = |q: &QualifierValue| q.flavors.propagates() && !q.is_localized();
    if qualifiers.iter().all(passes) {
        return qualifiers.clone();
    }
    qualifiers.iter().filter(|q| passes(q)).cloned().collect()
}

/// Lays the qualifiers written on an element over those it inherits.
fn overlay<'a>(
    cx: &mut ClassContext<'_, 'a>,
    base: Qualifiers<'a>,
    written: &'a [Qualifier],
    from: ClassId,
    origin: Origin,
) -> Qualifiers<'a> {
    if written.is_empty() {
        return base;
    }
    // Built with room for every written qualifier, then copied into a list of its exact length.
    let mut list = Vec::with_capacity(base.len() + written.len());
    list.extend_from_slice(&base);
    // Where each qualifier of the list is, by name, once an element writes enough of them for
    // searching the list for each to cost (an element may write thousands).
    let mut index: Option<FxHashMap<NoCase<'a>, usize>> = (written.len() > 8).then(|| {
        let unlocalized = list.iter().enumerate().rev().filter(|(_, b)| !b.is_localized());
        unlocalized.map(|(i, b)| (NoCase(&b.name.text), i)).collect()
    });
    for q in written {
        let declaration = cx.model.qualifier_index.get(&NoCase(&q.name.text)).copied();
        let declared = declaration.map_or_else(|| Flavors::declared(&[]), |d| cx.model.qualifiers[d].flavors);
        let value = QualifierValue::new(
            &q.name,
            q.value.as_ref(),
            declaration,
            declared.overlaid(&q.flavors),
            from,
        );
        let found = match &index {
            Some(index) => index.get(&NoCase(&q.name.text)).copied(),
            None => list.iter().position(|b| !b.is_localized() && b.is(&q.name.text)),
        };
        match found {
            Some(i) => {
                if list[i].inherited_in(from)
                    && list[i].flavors.has(Flavor::DisableOverride)
                    && !same_value(&list[i], &value)
                {
                    override_disabled(cx, origin, &list[i], q);
                }
                list[i] = value;
            }
            None => {
                if let Some(index) = &mut index {
                    index.insert(NoCase(&q.name.text), list.len());
                }
                list.push(value);
            }
        }
    }
    list.into()
}

/// Whether two uses of a qualifier give it the same value (a bare flag is `true`).
fn same_value(a: &QualifierValue, b: &QualifierValue) -> bool {
    let flag = ValueKind::Bool(true);
    let value = |q: &QualifierValue| -> ValueKind { q.value.map_or_else(|| flag.clone(), |v| v.kind.clone()) };
    same(&value(a), &value(b))
}

fn override_disabled(cx: &mut ClassContext, origin: Origin, inherited: &QualifierValue, q: &Qualifier) {
    let Origin::File(file) = origin else { return };
    let ancestor = &cx.model.classes[inherited.from()];
    let d = Diagnostic::new(
        Code::OverrideDisabled,
        file,
        q.span,
        format!(
            "`{}` cannot be changed here: `{}` sets it with the DisableOverride flavor",
            q.name.text,
            ancestor.name()
        ),
    )
    .with_label("a different value than the ancestor's");
    let d = Resolver::at_declaration(d, ancestor.origin, inherited.name.span, "set here");
    cx.push(d);
}

fn duplicate(cx: &mut ClassContext, origin: Origin, name: &Name, first: &Name, within: &str) {
    let Origin::File(file) = origin else { return };
    let d = Diagnostic::new(
        Code::DuplicateFeature,
        file,
        name.span,
        format!("`{}` is declared twice in this {within}", name.text),
    )
    .with_label("second declaration")
    .with_secondary(file, first.span, "first declared here");
    cx.push(d);
}

/// The inherited member a declaration redeclares: the `Override` qualifier's value names it, or
/// by default the declaration's own name.
fn overridden<'q>(qualifiers: &'q [Qualifier], name: &'q Name) -> (Option<&'q Qualifier>, &'q str) {
    let q = qualifiers.iter().find(|q| q.name.is("Override"));
    let target = match q.and_then(|q| q.value.as_ref()).map(|v| &v.kind) {
        Some(ValueKind::String(s)) => s.as_ref(),
        _ => &name.text,
    };
    (q, target)
}

fn property<'a>(
    cx: &mut ClassContext<'_, 'a>,
    Member { id, origin, incomplete }: Member,
    p: &'a PropertyDecl,
    properties: &mut Members<Property<'a>>,
    methods: &Members<Method<'a>>,
) {
    let (override_q, target) = overridden(&p.qualifiers, &p.name);
    let inherited = properties.inherited_position(target, id);
    match (override_q, inherited) {
        (Some(q), None) if !incomplete => {
            let method = methods.inherited_position(target, id).is_some();
            overrides_nothing(cx, origin, q, ("property", "method"), target, method);
        }
        (Some(q), Some(i)) if !compatible(cx, id, properties[i].decl, p) => {
            let by = (q.span, "this Override");
            retyped(cx, origin, by, &format!("overrides `{target}`"), p, &properties[i]);
        }
        // A redeclaration is taken as an override; of a key, with another type, it would change
        // the object paths of the ancestor's instances, which DSP0004 does not allow in a DMTF
        // compilation (see E0309). mofcomp accepts it here and its repository refuses it.
        (None, Some(i))
            if flag(&properties[i].qualifiers, "Key")
                && !compatible(cx, id, properties[i].decl, p)
                && cx.model.dialect().dialect == Dialect::Dmtf =>
        {
            let by = (p.name.span, "a redeclaration, taken as an override");
            retyped(
                cx,
                origin,
                by,
                &format!("redeclares the key `{target}`"),
                p,
                &properties[i],
            );
        }
        (None, Some(i)) => redeclared(cx, origin, p, &properties[i]),
        _ => {}
    }
    let base = inherited.map(|i| properties[i].qualifiers.clone()).unwrap_or_default();
    let qualifiers = overlay(cx, base, &p.qualifiers, id, origin);
    let resolved = Property {
        decl: p,
        origin,
        class_origin: inherited.map_or(id, |i| properties[i].class_origin),
        declared_in: id,
        qualifiers,
    };
    properties.place(inherited, resolved);
}

/// `Override` names a member no ancestor has (`kinds`: this member's kind, the other kind,
/// which an ancestor may have under that name instead).
fn overrides_nothing(
    cx: &mut ClassContext,
    origin: Origin,
    q: &Qualifier,
    kinds: (&str, &str),
    target: &str,
    other: bool,
) {
    let why = if other {
        format!("the inherited member of that name is a {}", kinds.1)
    } else {
        "no ancestor has it".into()
    };
    let message = format!("`Override` names the {} `{target}`, but {why}", kinds.0);
    bad_override(cx, origin, (q.span, "this Override"), &message, None, true);
}

fn method<'a>(
    cx: &mut ClassContext<'_, 'a>,
    Member { id, origin, incomplete }: Member,
    m: &'a MethodDecl,
    methods: &mut Members<Method<'a>>,
    properties: &Members<Property<'a>>,
) {
    let mut params: FxHashMap<NoCase, &Name> = FxHashMap::default();
    for param in &m.params {
        match params.get(&NoCase(&param.name.text)) {
            Some(first) => duplicate(cx, origin, &param.name, first, "method"),
            None => {
                params.insert(NoCase(&param.name.text), &param.name);
            }
        }
    }
    let (override_q, target) = overridden(&m.qualifiers, &m.name);
    let inherited = methods.inherited_position(target, id);
    match (override_q, inherited) {
        (Some(q), None) if !incomplete => {
            let property = properties.inherited_position(target, id).is_some();
            overrides_nothing(cx, origin, q, ("method", "property"), target, property);
        }
        (Some(q), Some(i)) if !same_type(&methods[i].decl.return_type, &m.return_type) => {
            let message = format!(
                "`{}` overrides `{target}` with another return type ({}, inherited {})",
                m.name.text,
                type_words(&m.return_type, false),
                type_words(&methods[i].decl.return_type, false)
            );
            let at = (methods[i].origin, methods[i].decl.name.span);
            bad_override(cx, origin, (q.span, "this Override"), &message, Some(at), false);
        }
        _ => {}
    }
    let base = inherited.map(|i| methods[i].clone());
    let qualifiers = overlay(
        cx,
        base.as_ref().map(|b| b.qualifiers.clone()).unwrap_or_default(),
        &m.qualifiers,
        id,
        origin,
    );
    // The inherited method's parameters by name; the first of a name, as a search would find.
    let mut inherited_params: FxHashMap<NoCase, usize> = FxHashMap::default();
    for (index, param) in base.iter().flat_map(|b| b.decl.params.iter().enumerate()).rev() {
        inherited_params.insert(NoCase(&param.name.text), index);
    }
    let params = m
        .params
        .iter()
        .map(|param| {
            let inherited_param = base.as_ref().and_then(|b| {
                let index = *inherited_params.get(&NoCase(&param.name.text))?;
                b.params.get(index).cloned()
            });
            overlay(cx, inherited_param.unwrap_or_default(), &param.qualifiers, id, origin)
        })
        .collect();
    let resolved = Method {
        decl: m,
        origin,
        class_origin: base.as_ref().map_or(id, |b| b.class_origin),
        declared_in: id,
        qualifiers,
        params,
    };
    methods.place(inherited, resolved);
}

/// Whether a redeclaration keeps the inherited type: the same intrinsic type and array-ness,
/// or a reference (embedded class) narrowed to a subclass.
fn compatible(cx: &ClassContext, id: ClassId, inherited: &PropertyDecl, local: &PropertyDecl) -> bool {
    if inherited.array.is_some() != local.array.is_some() {
        return false;
    }
    let namespace = cx.model.classes[id].namespace;
    match (&inherited.ty, &local.ty) {
        (Type::Ref(a), Type::Ref(b)) | (Type::Class(a), Type::Class(b)) => {
            match (cx.model.class(namespace, &a.text), cx.model.class(namespace, &b.text)) {
                // Below an unknown ancestor, `b` may well derive from `a`.
                (Some(a), Some(b)) => cx.model.derives_from(b, a) || !cx.model.ancestry_known(b),
                // An unknown class is reported where it is named.
                _ => true,
            }
        }
        (a, b) => same_type(a, b),
    }
}

fn same_type(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Intrinsic(a, _), Type::Intrinsic(b, _)) => a == b,
        (Type::Ref(a), Type::Ref(b)) | (Type::Class(a), Type::Class(b)) => a.is(&b.text),
        (Type::Void(_), Type::Void(_)) => true,
        _ => false,
    }
}

fn type_words(ty: &Type, array: bool) -> String {
    let base = match ty {
        Type::Intrinsic(t, _) => t.name().to_string(),
        Type::Ref(c) => format!("{} REF", c.text),
        Type::Class(c) => c.text.to_string(),
        Type::Void(_) => "void".into(),
    };
    if array { format!("{base}[]") } else { base }
}

/// A property that overrides (`what`: "overrides `x`") `inherited` with another type.
fn retyped(
    cx: &mut ClassContext,
    origin: Origin,
    by: (Span, &str),
    what: &str,
    p: &PropertyDecl,
    inherited: &Property,
) {
    let message = format!(
        "`{}` {what} with another type ({}, inherited {})",
        p.name.text,
        type_words(&p.ty, p.array.is_some()),
        type_words(&inherited.decl.ty, inherited.decl.array.is_some())
    );
    let at = (inherited.origin, inherited.decl.name.span);
    // Another class, where the types are classes, is what the WMI repository accepts.
    let classes = matches!(
        (&p.ty, &inherited.decl.ty),
        (Type::Ref(_), Type::Ref(_)) | (Type::Class(_), Type::Class(_))
    ) && p.array.is_some() == inherited.decl.array.is_some();
    bad_override(cx, origin, by, &message, Some(at), classes);
}

/// An override that does not fit what it overrides; `label` says what overrides (an `Override`
/// qualifier, or a redeclaration taken as one); `wmi_accepts`: one the WMI repository accepts.
fn bad_override(
    cx: &mut ClassContext,
    origin: Origin,
    (span, label): (Span, &str),
    message: &str,
    inherited: Option<(Origin, Span)>,
    wmi_accepts: bool,
) {
    let Origin::File(file) = origin else { return };
    let mut d = Diagnostic::new(Code::BadOverride, file, span, message).with_label(label);
    if let Some((origin, at)) = inherited {
        d = Resolver::at_declaration(d, origin, at, "the inherited declaration");
    }
    cx.push(if wmi_accepts { accepted_by_wmi(cx.model, d) } else { d });
}

/// A redeclaration without `Override`: accepted as an override, with a warning.
fn redeclared(cx: &mut ClassContext, origin: Origin, p: &PropertyDecl, inherited: &Property) {
    let Origin::File(file) = origin else { return };
    let ancestor = cx.model.classes[inherited.class_origin].name();
    let name = &p.name;
    let qualifier = format!("Override(\"{}\")", inherited.decl.name.text);
    // Saying so changes nothing: the redeclaration is an override already.
    let edit = match p.qualifiers.first() {
        Some(first) => Edit::insert(file, first.span.start, format!("{qualifier}, ")),
        None => Edit::insert(file, p.span.start, format!("[{qualifier}] ")),
    };
    let d = Diagnostic::new(
        Code::RedeclaredWithoutOverride,
        file,
        name.span,
        format!(
            "`{}` redeclares the property inherited from `{ancestor}` without `Override`",
            name.text
        ),
    )
    .with_label("treated as an override")
    .with_help(format!("add `{qualifier}` to its qualifiers"))
    .with_fix(Fix::safe(format!("Add `{qualifier}`"), vec![edit]));
    let d = Resolver::at_declaration(d, inherited.origin, inherited.decl.name.span, "inherited declaration");
    cx.push(d);
}
