//! `Set-TargetResource` and `Test-TargetResource` must take every `Key`, `Required` and `Write`
//! property as a parameter.
//!
//! What it checks: for each property of the resource class that is not `Read`, both functions
//! have a parameter of the same name (in any letter case). The finding is at the function's
//! name, with a label at the property.
//!
//! Why: the Local Configuration Manager calls both functions with every property the
//! configuration sets; a property without a parameter makes the call fail on the node.
//! Microsoft's documentation requires the parameter set to be the set of properties;
//! `Test-xDscResource` fails with `SetAndTestMissingParameterError`.
//!
//! Severity: a warning, although `Test-xDscResource` fails on it, because Microsoft365DSC,
//! whose modules are in mofc's corpus, has such faults and ships (see
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`); raise it with `[lint] severity` in
//! `mofc.toml` to fail like DscResource.Test does.
//!
//! Example:
//!
//! ```powershell
//! # schema: [Write] uint32 MaxUsers;
//! function Set-TargetResource
//! {
//!     param ( [Parameter(Mandatory = $true)] [System.String] $Name )   # DSC203: no $MaxUsers
//! }
//! ```

use super::{Functions, Kind, Resource};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for function in [functions.set, functions.test] {
        for &property in &resource.properties {
            let name = &property.decl.name.text;
            if Kind::of(property) != Kind::Read && function.parameter(name).is_none() {
                let d = resource.at_function(
                    Code::DscSetTestProperties,
                    function,
                    format!("`{}` has no parameter `${name}`", function.name),
                );
                out.push(
                    resource
                        .with_property(d.with_label("the function lacks it"), property)
                        .with_help(format!("add `${name}` to its `param` block")),
                );
            }
        }
    }
}
