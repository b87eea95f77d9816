//! The values of a resource instance have the types of its properties.
//!
//! What it checks: in a resource instance of a configuration document, strings are quoted,
//! booleans are `True` or `False`, integers are unquoted and in range, an array property takes
//! `{...}`, and an embedded instance is of the class the property's `EmbeddedInstance` names.
//! This is E0316, reported under this code in documents: an error, but a single value where
//! string array belongs is a warning (MOF reads it as an array of one, and PowerShell always
//! writes `{...}`, so it marks a document written by hand).
//!
//! Why: the node deserialises each value into the type its class declares; a value of another
//! type fails there, and the resource never runs.
//!
//! Example:
//!
//! ```mof
//! Force = "yes";          // DSC310 error: Force is a boolean
//! ValueData = "on";       // DSC310 warning: ValueData is an array
//! ```
//!
//! Write `Force = True;  ValueData = {"on"};`.

use super::Resource;
use crate::diag::{Diagnostic, Severity};
use crate::syntax::ast::ValueKind;

/// E0316 in a resource, taken over.
pub fn adopted(resource: &Resource, d: &mut Diagnostic) {
    let Some(class) = resource.class else { return };
    let scalar_for_array = resource.decl().properties.iter().any(|pv| {
        pv.value.as_ref().is_some_and(|v| {
            v.span == d.primary.span
                && !matches!(v.kind, ValueKind::Array(_))
                && class.property(&pv.name.text).is_some_and(|p| p.decl.array.is_some())
        })
    });
    if scalar_for_array {
        d.severity = Severity::Warning;
        d.help = Some("write the value as an array of one, `{...}`, as PowerShell does".into());
    }
}
