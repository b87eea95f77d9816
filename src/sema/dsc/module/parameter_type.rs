//! A parameter's type must match its property's type.
//!
//! What it checks: each parameter compared with its property (as for DSC206) has the .NET type
//! of xDSCResourceDesigner's table: `string` → `[System.String]`, `boolean` →
//! `[System.Boolean]`, `uint8`..`uint64` → `[System.Byte]`, `[System.UInt16]`, `[System.UInt32]`,
//! `[System.UInt64]`, `sint8`..`sint64` → `[System.SByte]`, `[System.Int16]`, `[System.Int32]`,
//! `[System.Int64]`, `real32`/`real64` → `[System.Single]`/`[System.Double]`, `char16` →
//! `[System.Char]`, `datetime` → `[System.DateTime]`, arrays with `[]`; the name compared without
//! `System.`, in any letter case, accelerators such as `[int]` and `[bool]` resolved. A property
//! with `EmbeddedInstance("MSFT_Credential")` takes `[PSCredential]`, one with
//! `EmbeddedInstance("MSFT_KeyValuePair")` takes `[Microsoft.Management.Infrastructure.CimInstance[]]`,
//! and one with another embedded class `[Microsoft.Management.Infrastructure.CimInstance]` (`[]`
//! for an array). An untyped parameter is `[System.Object]`, which matches nothing; a type that
//! DSC cannot pass at all is DSC212's finding, not this rule's.
//!
//! Severity: a warning, although `Test-xDscResource` fails on it (`SchemaModuleTypeError`), because Microsoft365DSC,
//! whose modules are in mofc's corpus, has such faults and ships (see
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`); raise it with `[lint] severity` in
//! `mofc.toml` to fail like DscResource.Test does.
//! (xDSCResourceDesigner does not compare the embedded-instance rows, but a `[string]`
//! parameter for a credential is a real fault: DSC passes a `PSCredential`.)
//!
//! Example:
//!
//! ```powershell
//! # schema: [Write] uint32 MaxUsers;
//! param ( [Parameter()] [System.String] $MaxUsers )    # DSC207: System.UInt32 expected
//! ```

use super::types::{PsType, expected};
use super::{Functions, Resource};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for (parameter, property) in resource.compared(functions) {
        let Some((wanted, _)) = expected(property) else {
            continue;
        };
        let found = PsType::of(parameter);
        // An untyped parameter or one of a type DSC cannot pass is reported by DSC212.
        if found == wanted || !found.is_supported() {
            continue;
        }
        let d = resource
            .at_parameter(
                Code::DscParameterType,
                parameter,
                format!(
                    "`${}` is `[{}]`, but its property needs `[{}]`",
                    parameter.name,
                    found.display(),
                    wanted.display()
                ),
            )
            .with_label("this type");
        let d = resource
            .with_property(d, property)
            .with_help(format!("declare it `[{}]`", wanted.display()));
        out.push(d);
    }
}
