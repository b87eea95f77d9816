//! `Get-TargetResource` must take every `Key` and `Required` property as a parameter.
//!
//! What it checks: for each property of the resource class qualified `Key` or `Required`,
//! `Get-TargetResource` has a parameter of the same name (in any letter case). The finding is at
//! the function's name, with a label at the property. (That the parameter is mandatory and typed
//! as the property is checked by DSC206 and DSC207.)
//!
//! Why: the Local Configuration Manager calls `Get-TargetResource` with the key and required
//! properties of the configured instance; a function without the parameter fails on every
//! node. `Test-xDscResource` fails with `GetMissingKeyOrRequiredError`.
//!
//! Example:
//!
//! ```powershell
//! # schema: [Key] string Name;
//! function Get-TargetResource
//! {
//!     param ( [Parameter(Mandatory = $true)] [System.String] $Path )   # DSC202: no $Name
//! }
//! ```

use super::{Functions, Kind, Resource};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for &property in &resource.properties {
        let name = &property.decl.name.text;
        if Kind::of(property).mandatory() && functions.get.parameter(name).is_none() {
            let d = resource.at_function(
                Code::DscGetKeys,
                functions.get,
                format!("`Get-TargetResource` has no parameter `${name}`"),
            );
            out.push(
                resource
                    .with_property(d.with_label("the function lacks it"), property)
                    .with_help(format!(
                        "add `[Parameter(Mandatory = $true)] ${name}` to its `param` block"
                    )),
            );
        }
    }
}
