//! `Set-TargetResource` and `Test-TargetResource` must take identical parameters.
//!
//! What it checks: each parameter the two functions share has the same type, the same
//! `Mandatory` flag and the same `ValidateSet` (same number of items, each of one in the other)
//! in both. The finding is at `Test-TargetResource`'s parameter, with a label at `Set-`'s. (A
//! parameter only one of them takes is reported once, by the rule it breaks: DSC203 for a
//! property, DSC204 for a name the schema lacks, DSC205 for a `Read` property.)
//!
//! Why: the Local Configuration Manager calls both with the same properties of the
//! configuration; Microsoft's documentation requires them to be identical, and
//! `Test-xDscResource` fails with `SetTestNotIdenticalError`, `SetTestMissingParameterError`,
//! `ModuleValidateSetError`, `ModuleMandatoryError` or `ModuleTypeError`.
//!
//! Severity: a warning, although `Test-xDscResource` fails on it, because Microsoft365DSC,
//! whose modules are in mofc's corpus, has such faults and ships (see
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`); raise it with `[lint] severity` in
//! `mofc.toml` to fail like DscResource.Test does.
//!
//! Example:
//!
//! ```powershell
//! function Set-TargetResource { param ( [ValidateSet("Present", "Absent")] [string] $Ensure ) }
//! function Test-TargetResource { param ( [string] $Ensure ) }    # DSC209
//! ```

use super::types::PsType;
use super::{Functions, Resource};
use crate::diag::{Code, Diagnostic};
use crate::syntax::powershell::{Function, Parameter};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    let (set, test) = (functions.set, functions.test);
    for parameter in &test.parameters {
        if let Some(other) = set.parameter(&parameter.name)
            && let Some(why) = difference(parameter, other)
        {
            out.push(report(
                resource,
                Code::DscSetTestIdentical,
                parameter,
                test,
                other,
                set,
                why,
            ));
        }
    }
}

/// How two declarations of a parameter differ, as `Test-xDscResource` compares them, if they do.
pub fn difference(a: &Parameter, b: &Parameter) -> Option<&'static str> {
    let sets_differ = match (&a.validate_set, &b.validate_set) {
        (None, None) => false,
        (Some((x, _)), Some((y, _))) => x.len() != y.len() || x.iter().any(|item| !y.contains(item)),
        _ => true,
    };
    if sets_differ {
        Some("its `ValidateSet` differs")
    } else if a.mandatory != b.mandatory {
        Some("its `Mandatory` flag differs")
    } else if PsType::of(a) != PsType::of(b) {
        Some("its type differs")
    } else {
        None
    }
}

/// A parameter of `function` declared otherwise than in `other_function`.
pub fn report(
    resource: &Resource,
    code: Code,
    parameter: &Parameter,
    function: &Function,
    other: &Parameter,
    other_function: &Function,
    why: &str,
) -> Diagnostic {
    resource
        .at_parameter(
            code,
            parameter,
            format!(
                "`${}` is declared otherwise in `{}` than in `{}`",
                parameter.name, function.name, other_function.name
            ),
        )
        .with_label(why)
        .with_secondary(
            resource.file,
            other.span,
            format!("as `{}` declares it", other_function.name),
        )
        .with_help("declare the parameter identically in both functions")
}
