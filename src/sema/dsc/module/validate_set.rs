//! A parameter's `[ValidateSet(...)]` must match its property's `ValueMap` (or `Values`).
//!
//! What it checks: for each parameter compared with its property (as for DSC206), as
//! `Test-xDscResource` does: the property has `Values` exactly when the parameter has a
//! `ValidateSet`; then the set of the schema (`ValueMap` when present, else `Values`) has as
//! many items as the `ValidateSet`, and each of its items is in the `ValidateSet`. The finding
//! is at the parameter, with a label at the property.
//!
//! Severity: a warning, although `Test-xDscResource` fails on it (`SchemaModuleValidateSetDiscrepancyError`,
//! `...CountError`, `...ItemError`), because Microsoft365DSC,
//! whose modules are in mofc's corpus, has such faults and ships (see
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`); raise it with `[lint] severity` in
//! `mofc.toml` to fail like DscResource.Test does.
//! Items that differ only in letter case are reported too (xDSCResourceDesigner compares them
//! exactly), and the message says so: PowerShell's `ValidateSet` ignores case.
//!
//! Why: the configuration is checked against the schema's values when it is compiled, and the
//! node's call against the `ValidateSet`; when they differ, a configuration that compiles fails
//! on the node, or a value the module accepts cannot be configured.
//!
//! Example:
//!
//! ```powershell
//! # schema: [Write, ValueMap{"Present","Absent"}, Values{"Present","Absent"}] string Ensure;
//! param ( [Parameter()] [ValidateSet("Present", "Absent", "Disabled")] [System.String] $Ensure )  # DSC208
//! ```

use super::{Functions, Resource};
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Property, find};
use crate::syntax::ast::ValueKind;

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for (parameter, property) in resource.compared(functions) {
        let values = strings(property, "Values");
        let value_map = strings(property, "ValueMap");
        let set = parameter.validate_set.as_ref().map(|(items, _)| items);
        let problem = match (&values, set) {
            (None, None) => None,
            (Some(_), None) => Some("the property has `Values` but the parameter no `ValidateSet`".to_string()),
            (None, Some(_)) => Some("the parameter has a `ValidateSet` but the property no `Values`".to_string()),
            (Some(values), Some(set)) => {
                let schema = value_map.as_ref().unwrap_or(values);
                if schema.len() != set.len() {
                    Some(format!(
                        "the schema has {} values, the `ValidateSet` {}",
                        schema.len(),
                        set.len()
                    ))
                } else if let Some(missing) = schema.iter().find(|v| !set.contains(v)) {
                    let case_only = set.iter().any(|s| s.eq_ignore_ascii_case(missing));
                    Some(if case_only {
                        format!("the `ValidateSet` has `{missing}` in another letter case")
                    } else {
                        format!("the `ValidateSet` lacks `{missing}`")
                    })
                } else {
                    None
                }
            }
        };
        let Some(why) = problem else {
            continue;
        };
        let span = parameter
            .validate_set
            .as_ref()
            .map_or(parameter.span, |(_, span)| *span);
        let d = Diagnostic::new(
            Code::DscValidateSet,
            resource.file,
            span,
            format!(
                "the values of `${}` differ between the module and the schema",
                parameter.name
            ),
        )
        .with_label(why);
        let d = resource
            .with_property(d, property)
            .with_help("list in `[ValidateSet(...)]` exactly the property's `ValueMap` (or `Values`)");
        out.push(d);
    }
}

/// The strings of a property's array qualifier (`Values`, `ValueMap`), if it has it.
fn strings(property: &Property, name: &str) -> Option<Vec<String>> {
    let value = find(&property.qualifiers, name)?.value?;
    let one = |kind: &ValueKind| match kind {
        ValueKind::String(s) => Some(s.to_string()),
        ValueKind::Int(i) => Some(i.to_string()),
        _ => None,
    };
    Some(match &value.kind {
        ValueKind::Array(items) => items.iter().filter_map(|v| one(&v.kind)).collect(),
        other => one(other).into_iter().collect(),
    })
}
