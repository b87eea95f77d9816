//! The aliases of a configuration document are defined before they are used, and used.
//!
//! What it checks: a value `$Name` in a document names an instance defined (`as $Name`) earlier
//! in the file: an error where it is used later than that, or never defined (E0320, reported
//! under this code in documents). An instance other than a resource or a setting (a
//! credential, an embedded value) whose alias nothing uses is a note: resources carry aliases
//! PowerShell never refers to.
//!
//! Why: mofcomp and the MI deserialiser on the node read a document once, top to bottom: an
//! alias is known only after its instance, which is why PowerShell writes each
//! `MSFT_Credential` just before the resource that uses it (as `PsDscRunAsCredential` or
//! `Credential`). An unused credential instance is a password copied for nothing.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_ScriptResource as $MSFT_ScriptResource1ref
//! {
//!     ...
//!     PsDscRunAsCredential = $MSFT_Credential1ref;   // DSC315: defined below
//! };
//! instance of MSFT_Credential as $MSFT_Credential1ref { ... };
//! ```
//!
//! Move the credential above the resource that uses it.

use rustc_hash::{FxHashMap, FxHashSet};

use super::Document;
use crate::diag::{Code, Diagnostic, Severity};
use crate::source::Span;
use crate::syntax::ast::{InstanceDecl, ValueKind};

/// E0320 in a resource, taken over.
pub fn adopted(d: &mut Diagnostic) {
    if d.help.is_none() {
        d.help =
            Some("define the instance (`instance of MSFT_Credential as $...`) before the resource that uses it".into());
    }
}

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    // Lower-case alias → the position of the instance that defines it.
    let mut defined: FxHashMap<String, usize> = FxHashMap::default();
    for (position, instance) in document.instances.iter().enumerate() {
        if let Some(alias) = &instance.decl.alias {
            defined.entry(alias.text.to_ascii_lowercase()).or_insert(position);
        }
    }
    let mut used: FxHashSet<String> = FxHashSet::default();
    for (position, instance) in document.instances.iter().enumerate() {
        let mut uses = Vec::new();
        aliases_in(instance.decl, &mut uses);
        for (alias, span) in uses {
            let key = alias.to_ascii_lowercase();
            if defined.get(&key).is_some_and(|&at| at > position) {
                out.push(
                    Diagnostic::new(
                        Code::DscAlias,
                        document.file,
                        span,
                        format!("`${alias}` is used before the instance that defines it"),
                    )
                    .with_label("defined further down")
                    .with_secondary(
                        document.file,
                        document.instances[defined[&key]]
                            .decl
                            .alias
                            .as_ref()
                            .map_or(span, |a| a.span),
                        "defined here",
                    )
                    .with_help("move the instance above its first use; the node reads the document in order"),
                );
            }
            used.insert(key);
        }
    }
    let mut resources = vec![false; document.instances.len()];
    for resource in &document.resources {
        resources[resource.position] = true;
    }
    for (instance, is_resource) in document.instances.iter().zip(resources) {
        let Some(alias) = &instance.decl.alias else { continue };
        if is_resource || used.contains(&alias.text.to_ascii_lowercase()) {
            continue;
        }
        let d = Diagnostic::new(
            Code::DscAlias,
            document.file,
            alias.span,
            format!("`${}` is never used", alias.text),
        )
        .with_label("no value of the document refers to this instance")
        .with_help("remove the instance if nothing needs it")
        .with_severity(Severity::Note);
        out.push(d);
    }
}

/// The aliases used in the values of `decl` and of the instances nested in them.
fn aliases_in<'a>(decl: &'a InstanceDecl, found: &mut Vec<(&'a str, Span)>) {
    for value in decl.properties.iter().filter_map(|pv| pv.value.as_ref()) {
        for item in value.entries() {
            match &item.kind {
                ValueKind::Alias(name) => found.push((name, item.span)),
                ValueKind::Instance(inner) => aliases_in(inner, found),
                _ => {}
            }
        }
    }
}
