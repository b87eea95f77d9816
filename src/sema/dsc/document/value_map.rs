//! The values of a resource's enumerated properties are among its allowed values.
//!
//! What it checks: where a property of a resource class has a `ValueMap`, each value a
//! resource instance of a configuration document gives it (each element of an array) is one of
//! the entries. PowerShell compared them without regard to letter case: another case is a
//! warning, any other value an error, with the allowed values listed. Settings of a
//! meta-configuration are DSC314's.
//!
//! Why: PowerShell's `Configuration` keyword validates enumerated properties against the
//! schema's `ValueMap` (the `ValidateSet` of the resource's parameters), and the resource
//! rejects other values on the node. A document edited by hand is where a misspelt `Ensure`
//! survives.
//!
//! Example:
//!
//! ```mof
//! Ensure = "Presnt";      // DSC309 error: Present or Absent
//! ValueType = "Dword";    // DSC309 warning: the schema writes DWord
//! ```
//!
//! Write `Ensure = "Present";`.

use super::{Document, Kind, Resource};
use crate::diag::{Code, Diagnostic, Severity};
use crate::sema::model::find;
use crate::syntax::ast::ValueKind;

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    for resource in document.resources.iter().filter(|r| r.kind == Kind::Resource) {
        if !resource.foreign_inbox() {
            check_values(document, resource, Code::DscAllowedValue, out);
        }
    }
}

/// Reports under `code` each value of `resource` that its property's `ValueMap` does not allow.
pub fn check_values(document: &Document, resource: &Resource, code: Code, out: &mut Vec<Diagnostic>) {
    let Some(class) = resource.class else { return };
    for pv in &resource.decl().properties {
        let Some(value) = &pv.value else { continue };
        let Some(property) = class.property(&pv.name.text) else {
            continue;
        };
        let Some(allowed) = find(&property.qualifiers, "ValueMap").and_then(|q| q.value) else {
            continue;
        };
        let allowed: Vec<&str> = allowed
            .entries()
            .iter()
            .filter_map(|v| match &v.kind {
                ValueKind::String(s) => Some(s.as_ref()),
                _ => None,
            })
            .collect();
        // A range of integers (`"1..5"`) is E0315's business, not a list of names.
        if allowed.is_empty() || allowed.iter().any(|a| a.contains("..")) {
            continue;
        }
        for item in value.entries() {
            let given = match &item.kind {
                ValueKind::String(s) => s.to_string(),
                ValueKind::Int(n) => n.to_string(),
                _ => continue,
            };
            if allowed.contains(&given.as_str()) {
                continue;
            }
            let listed = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            let d = match allowed.iter().find(|a| a.eq_ignore_ascii_case(&given)) {
                Some(exact) => Diagnostic::new(
                    code,
                    document.file,
                    item.span,
                    format!("`{}` is written `{exact}` in the resource's schema", pv.name.text),
                )
                .with_label("another letter case")
                .with_help(format!(
                    "write `{exact}`; PowerShell accepted the case, other tools may not"
                ))
                .with_severity(Severity::Warning),
                None => Diagnostic::new(
                    code,
                    document.file,
                    item.span,
                    format!("this is not an allowed value of `{}`", pv.name.text),
                )
                .with_label(format!("allowed: {listed}"))
                .with_help(format!("use one of {listed}")),
            };
            out.push(d);
        }
    }
}
