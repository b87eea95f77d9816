//! `Set-TargetResource` and `Test-TargetResource` must take nothing the schema does not
//! declare.
//!
//! What it checks: every parameter of the two functions is a property of the resource class
//! (in any letter case); the common parameters (`Verbose`, `ErrorAction`, `WhatIf`, ...) are
//! exempt. The finding is at the parameter.
//!
//! Why: the Local Configuration Manager passes the properties of the configured instance and
//! nothing else, so such a parameter can never be set by a configuration, and an author who
//! relies on it has a schema missing a property. `Test-xDscResource` fails with
//! `SetAndTestExtraParameterError`.
//!
//! Example:
//!
//! ```powershell
//! # schema: no Comment property
//! function Set-TargetResource
//! {
//!     param ( [Parameter(Mandatory = $true)] [System.String] $Name,
//!             [Parameter()] [System.String] $Comment )                 # DSC204
//! }
//! ```
//!
//! Add `[Write] string Comment;` to the schema, or drop the parameter.

use super::{Functions, Resource, is_common};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for function in [functions.set, functions.test] {
        for parameter in &function.parameters {
            if resource.property(&parameter.name).is_none() && !is_common(&parameter.name) {
                out.push(
                    resource
                        .at_parameter(
                            Code::DscExtraParameter,
                            parameter,
                            format!(
                                "`{}` takes `${}`, which the schema does not declare",
                                function.name, parameter.name
                            ),
                        )
                        .with_label("no property of the resource class has this name")
                        .with_secondary(resource.schema, resource.class.decl.name.span, "the resource class")
                        .with_help("declare the property in the schema, or remove the parameter"),
                );
            }
        }
    }
}
