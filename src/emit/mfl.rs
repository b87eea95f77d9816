//! mofcomp's localization split (`mofcomp -MOF:neutral.mof -MFL:x.mfl -Amendment:MS_409`): the
//! compilation as canonical MOF without its amended qualifiers (those written with the WMI
//! flavor `Amended`, or whose declaration gives them that flavor), and a localization file
//! (`.mfl`) holding exactly those, as amendments in the locale's child namespace:
//!
//! ```text
//! #pragma namespace("\\\\.\\root\\cimv2")
//! instance of __namespace{ name="ms_409";};
//! #pragma namespace("\\\\.\\root\\cimv2\\ms_409")
//!
//! [Description("A thing") : Amended ToSubclass, AMENDMENT, LOCALE(0x409)]
//! class Sample_Thing : Sample_Base
//! {
//!     [Description("Its name") : Amended]
//!     string Name;
//! };
//! ```
//!
//! Compiled together (the neutral MOF first), the two give the original model, each amended
//! qualifier now tagged with the locale (`tests/emit.rs`). Unlike mofcomp, the neutral classes
//! get no `Locale(1033)` qualifier and the amendments no copy of `Key`, which would make the
//! model differ from the original.

use std::fmt::Write;

use super::class_order;
use super::mof::{self, Form, machine_path};
use crate::sema::Model;
use crate::syntax::ast::{ClassDecl, Feature, Flavor, Qualifier};
use crate::syntax::print::{class_decl, escape, qualifier};

/// The language-neutral MOF and the localization file of a compilation, for the locale whose
/// LCID is `lcid` (0x409 is `ms_409`, American English).
pub fn split(model: &Model, form: Form, lcid: u32) -> (String, String) {
    let neutral = mof::write(model, &|out, model, id| {
        let mut decl = form.decl(model, id).into_owned();
        decl.retain_qualifiers(&|q| !amended(model, q));
        class_decl(out, &decl);
    });
    (neutral, localized(model, form, lcid))
}

/// Each class with amended qualifiers as an amendment, namespace by namespace, each namespace
/// preceded by the creation of its locale namespace and a switch into it, as mofcomp writes it.
fn localized(model: &Model, form: Form, lcid: u32) -> String {
    let locale = crate::sema::locale_namespace(lcid);
    let mut out = String::new();
    let mut current = None;
    for (id, class) in class_order(model) {
        let Some(amendment) = amendment(model, &form.decl(model, id)) else {
            continue;
        };
        let namespace = model.namespaces[class.namespace].as_str();
        if current != Some(namespace) {
            let path = |namespace: &str| escape(&machine_path(namespace));
            let _ = writeln!(out, "#pragma namespace(\"{}\")", path(namespace));
            let _ = writeln!(out, "instance of __namespace{{ name=\"{locale}\";}};");
            let _ = writeln!(
                out,
                "#pragma namespace(\"{}\")\n",
                path(&format!("{namespace}/{locale}"))
            );
            current = Some(namespace);
        }
        let head: Vec<String> = amendment
            .qualifiers
            .iter()
            .map(qualifier)
            .chain(["AMENDMENT".to_string(), format!("LOCALE(0x{lcid:x})")])
            .collect();
        let _ = writeln!(out, "[{}]", head.join(", "));
        class_decl(
            &mut out,
            &ClassDecl {
                qualifiers: Vec::new(),
                ..amendment
            },
        );
    }
    out
}

/// Whether a qualifier is amended: written with the `Amended` flavor, or declared with it.
fn amended(model: &Model, q: &Qualifier) -> bool {
    q.flavors.iter().any(|&(f, _)| f == Flavor::Amended)
        || model
            .qualifier(&q.name.text)
            .is_some_and(|declared| declared.flavors.has(Flavor::Amended))
}

/// The amendment of a class: its amended qualifiers (each written `Amended`) and the members
/// that have some, with nothing else; `None` when it has none. A method keeps all its
/// parameters, as its signature.
fn amendment(model: &Model, decl: &ClassDecl) -> Option<ClassDecl> {
    let mut amendment = decl.clone();
    amendment.retain_qualifiers(&|q| amended(model, q));
    amendment.alias = None;
    marked(&mut amendment.qualifiers);
    amendment.features.retain_mut(|feature| match feature {
        Feature::Property(p) => {
            p.default = None;
            marked(&mut p.qualifiers);
            !p.qualifiers.is_empty()
        }
        Feature::Method(m) => {
            marked(&mut m.qualifiers);
            for p in &mut m.params {
                p.default = None;
                marked(&mut p.qualifiers);
            }
            !m.qualifiers.is_empty() || m.params.iter().any(|p| !p.qualifiers.is_empty())
        }
    });
    (!amendment.qualifiers.is_empty() || !amendment.features.is_empty()).then_some(amendment)
}

/// Writes the `Amended` flavor on each qualifier, declared or not, as mofcomp does.
fn marked(qualifiers: &mut [Qualifier]) {
    for q in qualifiers {
        if !q.flavors.iter().any(|&(f, _)| f == Flavor::Amended) {
            let amended = std::iter::once((Flavor::Amended, q.name.span));
            q.flavors = amended.chain(q.flavors.iter().copied()).collect();
        }
    }
}
