//! No function of a resource module may take a `Read` property as a parameter.
//!
//! What it checks: `Get-`, `Set-` and `Test-TargetResource` have no parameter named like a
//! property that is neither `Key`, `Required` nor `Write`. The finding is at the parameter,
//! with a label at the property.
//!
//! Why: a `Read` property is what `Get-TargetResource` reports, never something a
//! configuration sets; the Local Configuration Manager never passes it. `Test-xDscResource`
//! fails with `GetTakesReadError`, `SetTestTakeReadError` or `SchemaModuleReadError`.
//!
//! Example:
//!
//! ```powershell
//! # schema: [Read] string ShareState;
//! function Set-TargetResource
//! {
//!     param ( [Parameter(Mandatory = $true)] [System.String] $Name,
//!             [Parameter()] [System.String] $ShareState )              # DSC205
//! }
//! ```
//!
//! Return `ShareState` in `Get-TargetResource`'s hashtable instead.

use super::{Functions, Kind, Resource};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for function in [functions.get, functions.set, functions.test] {
        for parameter in &function.parameters {
            let Some(property) = resource.property(&parameter.name) else {
                continue;
            };
            if Kind::of(property) == Kind::Read {
                let d = resource.at_parameter(
                    Code::DscReadParameter,
                    parameter,
                    format!(
                        "`{}` takes the `Read` property `{}`",
                        function.name, property.decl.name.text
                    ),
                );
                out.push(
                    resource
                        .with_property(d.with_label("a configuration never sets a `Read` property"), property)
                        .with_help("remove the parameter; `Get-TargetResource` returns the property instead"),
                );
            }
        }
    }
}
