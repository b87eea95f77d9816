//! A DSC property's access qualifiers do not contradict each other: `Read` stands alone, and
//! at most one of `Key`, `Required` and `Write` is given.
//!
//! What it checks: `Read` together with `Key`, `Required` or `Write` is an error, at the
//! `Read` qualifier. Two of `Key`, `Required` and `Write` on one property is a warning at the
//! second (redundant: `Key` already makes the property mandatory and given by the user).
//!
//! Why: a `Read` property is what `Get-TargetResource` reports and no function takes, which
//! the other three contradict; `Test-xDscSchema` fails with
//! `IllegalAttributeCombinationError`. xDSCResourceDesigner accepts `Key` with `Required` (it
//! takes the first of Key, Required, Write), which older modules have, so that is only a
//! warning.
//!
//! Example:
//!
//! ```mof
//! [Key, Read] string Id;      // DSC105, error
//! [Key, Write] string Name;   // DSC105, warning
//! [Key] string Name;          // good
//! ```

use super::Schema;
use super::access::ACCESS;
use crate::diag::{Code, Diagnostic, Severity};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for property in schema.resource_properties() {
        let given: Vec<_> = property
            .qualifiers
            .iter()
            .filter(|q| ACCESS.iter().any(|a| q.name.is(a)))
            .collect();
        let read = given.iter().find(|q| q.name.is("Read"));
        let others: Vec<_> = given.iter().filter(|q| !q.name.is("Read")).collect();
        let name = &property.name.text;
        match (read, others.first()) {
            (Some(read), Some(other)) => out.push(
                Diagnostic::new(
                    Code::DscAccessCombination,
                    schema.file,
                    read.name.span,
                    format!("property `{name}` is both `Read` and `{}`", other.name.text),
                )
                .with_label("a `Read` property is only reported, never set")
                .with_secondary(schema.file, other.name.span, "set by the user here")
                .with_help("keep `Read` alone, or drop it"),
            ),
            (None, Some(first)) if others.len() > 1 => out.push(Diagnostic::with_severity(
                Diagnostic::new(
                    Code::DscAccessCombination,
                    schema.file,
                    others[1].name.span,
                    format!(
                        "property `{name}` is both `{}` and `{}`",
                        first.name.text, others[1].name.text
                    ),
                )
                .with_label("redundant access qualifier")
                .with_help(format!("keep only `{}`", strongest(&others))),
                Severity::Warning,
            )),
            _ => {}
        }
    }
}

/// The strongest of the access qualifiers given (Key, then Required, then Write).
fn strongest(given: &[&&crate::syntax::ast::Qualifier]) -> &'static str {
    ACCESS
        .iter()
        .find(|a| given.iter().any(|q| q.name.is(a)))
        .copied()
        .unwrap_or("Write")
}
