//! A DSC resource class has a `FriendlyName` that is a valid resource name.
//!
//! What it checks: a resource class without `FriendlyName` is a warning at its name; a
//! `FriendlyName` that does not match `^[A-Za-z][A-Za-z0-9_]*$` or is longer than 255
//! characters is an error at its value.
//!
//! Why: the FriendlyName is the name configurations use for the resource (`Share MyShare {...}`);
//! without one they must use the class name, and adding one later changes every configuration
//! and ResourceID that names the resource. A name of other characters cannot be written in a
//! configuration: `Test-xDscSchema` fails with `InvalidResourceNameError` or
//! `ResourceNameTooLongError`.
//!
//! Example:
//!
//! ```mof
//! [ClassVersion("1.0.0")]
//! class Demo_Quiet : OMI_BaseResource                       // DSC113, warning
//! { [Key] string Name; };
//!
//! [ClassVersion("1.0.0"), FriendlyName("Quiet")]
//! class Demo_Quiet : OMI_BaseResource                       // good
//! { [Key] string Name; };
//! ```
//!
//! mofc checks one schema at a time, so two resources of a module with the same FriendlyName
//! are not reported.

use super::{Schema, string, valid_name, written};
use crate::diag::{Code, Diagnostic, Severity};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for class in schema.resource_classes() {
        let Some(friendly) = written(&class.decl.qualifiers, "FriendlyName") else {
            out.push(Diagnostic::with_severity(
                Diagnostic::new(
                    Code::DscFriendlyName,
                    schema.file,
                    class.decl.name.span,
                    format!("DSC resource class `{}` has no `FriendlyName`", class.name()),
                )
                .with_label("configurations will have to use the class name")
                .with_help("add `FriendlyName(\"Name\")`: the name configurations use"),
                Severity::Warning,
            ));
            continue;
        };
        let (name, span) = string(friendly).unwrap_or(("", friendly.span));
        if !valid_name(name) {
            out.push(
                Diagnostic::new(
                    Code::DscFriendlyName,
                    schema.file,
                    span,
                    format!("\"{name}\" is not a valid DSC resource name"),
                )
                .with_label("a letter, then letters, digits or `_`; at most 255 characters"),
            );
        }
    }
}
