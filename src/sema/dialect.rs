//! Which MOF dialect a compilation is written in (`language.md`, "Dialect of a compilation").
//!
//! A compilation is WMI when it uses anything only mofcomp knows, or is a DSC schema; otherwise
//! it is DMTF. The first construct found in compilation order decides, and is remembered so that
//! diagnostics whose severity depends on the dialect can point at it.

use std::sync::Arc;

use rayon::prelude::*;

use super::builtin::builtins;
use super::model::{Dialect, DialectChoice};
use crate::source::{FileId, Span};
use crate::syntax::ast::{ClassDecl, Feature, File, Flavor, InstanceDecl, Intrinsic, Item, PragmaArg, Qualifier, Type};
use crate::syntax::unit::{ItemRef, Unit};

/// Pragmas that only mofcomp knows.
const WMI_PRAGMAS: [&str; 6] = [
    "autorecover",
    "classflags",
    "instanceflags",
    "deleteclass",
    "deleteinstance",
    "amendment",
];

/// Detects the dialect of `unit`, unless `forced` (`--dialect`) decides.
pub fn detect(unit: &Unit, forced: Option<Dialect>) -> DialectChoice {
    detect_among(&unit.files, &unit.order, wmi_by_entry(unit), forced)
}

/// As [`detect`], from the declarations of `order` (a stretch of a compilation's order) in
/// `files`; `schema_entry` says whether the entry file is a DSC resource schema.
pub fn detect_among(
    files: &[Arc<File>],
    order: &[ItemRef],
    schema_entry: bool,
    forced: Option<Dialect>,
) -> DialectChoice {
    if let Some(dialect) = forced {
        return DialectChoice {
            dialect,
            reason: "--dialect says so".into(),
            at: None,
        };
    }
    if schema_entry {
        return wmi("the file is a DSC resource schema (`.schema.mof`)", None);
    }
    // Every qualifier of a DMTF compilation is looked at (31,000 in the CIM Schema, 1 ms), in
    // parallel: the first construct in compilation order is the one named.
    let first = order.par_iter().find_map_first(|r| {
        let item = files.get(r.file.0 as usize)?.items.get(r.index)?;
        wmi_construct(item).map(|(reason, span)| (reason, r.file, span))
    });
    if let Some((reason, file, span)) = first {
        return wmi(&reason, Some((file, span)));
    }
    DialectChoice {
        dialect: Dialect::Dmtf,
        reason: "no WMI construct was found".into(),
        at: None,
    }
}

/// Whether the entry file makes a compilation WMI whatever it declares: a DSC resource schema.
pub fn wmi_by_entry(unit: &Unit) -> bool {
    let entry = &unit.sources.get(unit.entry).name.to_ascii_lowercase();
    entry.ends_with(".schema.mof") || entry.ends_with(".schema.mfl")
}

/// Whether a declaration uses something only mofcomp knows, which makes a compilation that
/// has it in its order WMI.
pub fn is_wmi_construct(item: &Item) -> bool {
    wmi_construct(item).is_some()
}

fn wmi(reason: &str, at: Option<(FileId, Span)>) -> DialectChoice {
    DialectChoice {
        dialect: Dialect::Wmi,
        reason: reason.into(),
        at,
    }
}

/// The first WMI-only construct of a declaration, in words, and where it is.
fn wmi_construct(item: &Item) -> Option<(String, Span)> {
    match item {
        Item::Pragma(p) => {
            if WMI_PRAGMAS.iter().any(|w| p.name.is(w)) {
                return Some((format!("it uses `#pragma {}`", p.name.text), p.span));
            }
            let machine_path = matches!(&p.args[..], [PragmaArg::String(s)] if s.value.starts_with("\\\\"));
            (p.name.is("namespace") && machine_path).then(|| ("it uses a WMI namespace path".into(), p.span))
        }
        Item::Qualifier(q) if q.ty.is_none() => Some((
            format!(
                "it declares only the default flavors of `{}`, as mofcomp allows",
                q.name.text
            ),
            q.span,
        )),
        Item::Qualifier(q) => wmi_flavor(&q.flavors),
        Item::Class(c) => wmi_class(c),
        Item::Instance(i) => wmi_instance(i),
    }
}

fn wmi_class(class: &ClassDecl) -> Option<(String, Span)> {
    if let Some(q) = class.qualifiers.iter().find(|q| q.name.is("Amendment")) {
        return Some(("it has an `[Amendment]` class".into(), q.span));
    }
    if let Some(base) = class.superclass.as_ref().filter(|s| s.is("OMI_BaseResource")) {
        return Some((
            "a class derives from `OMI_BaseResource` (a DSC resource)".into(),
            base.span,
        ));
    }
    wmi_qualifiers(&class.qualifiers).or_else(|| {
        class.features.iter().find_map(|feature| match feature {
            Feature::Property(p) => wmi_qualifiers(&p.qualifiers).or_else(|| object_type(&p.ty)),
            Feature::Method(m) => wmi_qualifiers(&m.qualifiers)
                .or_else(|| object_type(&m.return_type))
                .or_else(|| {
                    m.params
                        .iter()
                        .find_map(|p| wmi_qualifiers(&p.qualifiers).or_else(|| object_type(&p.ty)))
                }),
        })
    })
}

fn wmi_instance(instance: &InstanceDecl) -> Option<(String, Span)> {
    if instance.class.text.starts_with("__") {
        let reason = format!("it has an instance of the WMI system class `{}`", instance.class.text);
        return Some((reason, instance.class.span));
    }
    wmi_qualifiers(&instance.qualifiers)
        .or_else(|| instance.properties.iter().find_map(|p| wmi_qualifiers(&p.qualifiers)))
}

fn wmi_qualifiers(qualifiers: &[Qualifier]) -> Option<(String, Span)> {
    qualifiers.iter().find_map(|q| {
        if builtins().is_wmi_qualifier(&q.name.text) {
            return Some((format!("it uses the WMI qualifier `{}`", q.name.text), q.name.span));
        }
        wmi_flavor(&q.flavors)
    })
}

fn wmi_flavor(flavors: &[(Flavor, Span)]) -> Option<(String, Span)> {
    flavors
        .iter()
        .find(|(f, _)| matches!(f, Flavor::Amended | Flavor::NotToInstance | Flavor::NotToSubclass))
        .map(|&(f, span)| (format!("it uses the WMI flavor `{}`", f.name()), span))
}

fn object_type(ty: &Type) -> Option<(String, Span)> {
    match ty {
        Type::Intrinsic(Intrinsic::Object, span) => Some(("it uses the WMI type `object`".into(), *span)),
        _ => None,
    }
}
