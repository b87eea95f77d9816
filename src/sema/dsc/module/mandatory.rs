//! A parameter must be mandatory exactly when its property is `Key` or `Required`.
//!
//! What it checks: the first `[Parameter(...)]` attribute of a parameter says `Mandatory`
//! (bare, `Mandatory = $true`, `Mandatory = 1`) if and only if its property is `Key` or
//! `Required`. As `Test-xDscResource`, it looks at `Get-TargetResource`'s parameters for the
//! `Key` and `Required` properties and at all of `Set-TargetResource`'s (`Test-TargetResource`
//! must match `Set-`: DSC209; the rest of `Get-` too: DSC210). The finding is at the parameter,
//! with a label at the property.
//!
//! Why: PowerShell prompts for, or fails without, a mandatory parameter, and the Local
//! Configuration Manager does not pass an optional property the configuration leaves unset; a
//! key that is optional hides a configuration that forgot it. `Test-xDscResource` fails with
//! `SchemaModuleAttributeError`.
//!
//! Severity: a warning, although `Test-xDscResource` fails on it, because Microsoft365DSC,
//! whose modules are in mofc's corpus, has such faults and ships (see
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`); raise it with `[lint] severity` in
//! `mofc.toml` to fail like DscResource.Test does.
//!
//! Example:
//!
//! ```powershell
//! # schema: [Key] string Name; [Write] string Owner;
//! param (
//!     [Parameter()] [System.String] $Name,                        # DSC206: a key
//!     [Parameter(Mandatory = $true)] [System.String] $Owner       # DSC206: not a key
//! )
//! ```

use super::{Functions, Kind, Resource};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for (parameter, property) in resource.compared(functions) {
        let kind = Kind::of(property);
        if kind.mandatory() == parameter.mandatory {
            continue;
        }
        let (message, label, help) = if kind.mandatory() {
            (
                format!(
                    "`${}` is not mandatory, but its property is `{}`",
                    parameter.name,
                    kind.name()
                ),
                "not mandatory",
                "write `[Parameter(Mandatory = $true)]`",
            )
        } else {
            (
                format!(
                    "`${}` is mandatory, but its property is `{}`",
                    parameter.name,
                    kind.name()
                ),
                "mandatory",
                "write `[Parameter()]`, or make the property `Key` or `Required`",
            )
        };
        let d = resource
            .at_parameter(Code::DscMandatory, parameter, message)
            .with_label(label);
        out.push(resource.with_property(d, property).with_help(help));
    }
}
