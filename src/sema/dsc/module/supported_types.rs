//! A resource's parameters must have types DSC can pass, and each function a mandatory
//! parameter that is not an array.
//!
//! What it checks, in each of `Get-`, `Set-` and `Test-TargetResource`, as `Test-xDscResource`
//! does: every parameter (common parameters aside) has a type of xDSCResourceDesigner's table
//! (the .NET types of the MOF types and their arrays, `[PSCredential]`, or a
//! `Microsoft.Management.Infrastructure.CimInstance` type): an untyped parameter is
//! `[System.Object]`, and `[hashtable]`, `[psobject]`, `[scriptblock]` are refused
//! (`UnsupportedTypeError`), and so is `[switch]`, although DSC passes a boolean to it. And at
//! least one parameter is mandatory, of such a type, and not an array (`NoKeyPropertyError`),
//! at the function's name.
//!
//! Severity: a warning, although `Test-xDscResource` fails on it, because Microsoft365DSC,
//! whose modules are in mofc's corpus, has such faults and ships (see
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`); raise it with `[lint] severity` in
//! `mofc.toml` to fail like DscResource.Test does.
//!
//! Why: the Local Configuration Manager converts each property of the configuration into the
//! parameter's type; it has no conversion to the others. A resource needs a key, which is a
//! mandatory scalar.
//!
//! Example:
//!
//! ```powershell
//! param ( [Parameter()] [hashtable] $Options )    # DSC212
//! ```
//!
//! Take `[Microsoft.Management.Infrastructure.CimInstance[]] $Options` with
//! `[Write, EmbeddedInstance("MSFT_KeyValuePair")] string Options[];` in the schema.

use super::types::PsType;
use super::{Functions, Resource, is_common};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for function in [functions.get, functions.set, functions.test] {
        let mut has_key = false;
        for parameter in function.parameters.iter().filter(|p| !is_common(&p.name)) {
            let ty = PsType::of(parameter);
            if ty.is_supported() {
                has_key |= parameter.mandatory && !ty.is_array();
                continue;
            }
            let written = parameter.type_name.as_ref().map_or("untyped", |t| t.text.as_str());
            let d = resource
                .at_parameter(
                    Code::DscUnsupportedType,
                    parameter,
                    format!(
                        "`${}` of `{}` has a type DSC cannot pass: `{written}`",
                        parameter.name, function.name
                    ),
                )
                .with_label(if parameter.type_name.is_some() {
                    "this type"
                } else {
                    "no type: `[System.Object]`"
                });
            let d = match resource.property(&parameter.name).and_then(super::types::expected) {
                Some((wanted, _)) => d.with_help(format!("declare it `[{}]`", wanted.display())),
                None => d.with_help("use a type of the MOF type mapping (`mofc explain DSC207`)"),
            };
            out.push(d);
        }
        if !has_key {
            out.push(
                resource
                    .at_function(
                        Code::DscUnsupportedType,
                        function,
                        format!("`{}` has no mandatory parameter that is not an array", function.name),
                    )
                    .with_label("a resource needs a key")
                    .with_help("make the key properties' parameters `[Parameter(Mandatory = $true)]`"),
            );
        }
    }
}
