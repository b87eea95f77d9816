//! `Get-TargetResource`'s parameters must be parameters of `Set-TargetResource`, declared the
//! same way.
//!
//! What it checks: each parameter of `Get-TargetResource` that is not a property of the schema
//! (common parameters aside) is a parameter of `Set-TargetResource`, and each for a `Write`
//! property is declared as in `Set-`: same type, `Mandatory` flag and `ValidateSet`. The finding
//! is at `Get-`'s parameter. (The parameters for `Key` and `Required` properties are compared
//! with the schema, as `Set-`'s are: DSC206 to DSC208; a property `Set-` lacks is DSC203's
//! finding, a `Read` property DSC205's.)
//!
//! Why: the Local Configuration Manager calls `Get-TargetResource` with the properties it
//! passes to `Set-`; a parameter only `Get-` has is never given, and one declared otherwise
//! makes the same configuration valid for one function and not the other. `Test-xDscResource`
//! fails with `SetTestMissingGetParameterError` or `GetParametersDifferentError`.
//!
//! Severity: a warning, although `Test-xDscResource` fails on it, because Microsoft365DSC,
//! whose modules are in mofc's corpus, has such faults and ships (see
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`); raise it with `[lint] severity` in
//! `mofc.toml` to fail like DscResource.Test does.
//!
//! Example:
//!
//! ```powershell
//! function Get-TargetResource { param ( [Parameter(Mandatory = $true)] [string] $Name,
//!                                       [Parameter()] [string] $Server ) }    # DSC210
//! function Set-TargetResource { param ( [Parameter(Mandatory = $true)] [string] $Name ) }
//! ```

use super::set_test_identical::{difference, report};
use super::{Functions, Kind, Resource, is_common};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    let (get, set) = (functions.get, functions.set);
    for parameter in &get.parameters {
        let kind = resource.property(&parameter.name).map(Kind::of);
        if is_common(&parameter.name) {
            continue;
        }
        match set.parameter(&parameter.name) {
            None if kind.is_none() => out.push(
                resource
                    .at_parameter(
                        Code::DscGetSubset,
                        parameter,
                        format!("`Set-TargetResource` has no parameter `${}`", parameter.name),
                    )
                    .with_label("only `Get-TargetResource` takes it")
                    .with_secondary(resource.file, set.name_span, "the function without it")
                    .with_help("take only the properties `Set-TargetResource` takes"),
            ),
            None => {}
            Some(other) => {
                if kind == Some(Kind::Write)
                    && let Some(why) = difference(parameter, other)
                {
                    out.push(report(resource, Code::DscGetSubset, parameter, get, other, set, why));
                }
            }
        }
    }
}
