//! `Get-TargetResource` returns a hashtable, `Test-TargetResource` a boolean, and
//! `Set-TargetResource` nothing: their `[OutputType(...)]` must say so.
//!
//! What it checks, as `Test-xDscResource` does: `Get-TargetResource` declares
//! `[OutputType([System.Collections.Hashtable])]` (`[Hashtable]`; a warning when it declares no
//! output type, an error when it declares another); `Test-TargetResource` declares
//! `[OutputType([System.Boolean])]` (`[bool]`; likewise); `Set-TargetResource` declares none (an
//! error). The finding is at the output type, or at the function's name when there is none.
//!
//! Why: the Local Configuration Manager reads the hashtable of `Get-` and the boolean of
//! `Test-`, and ignores what `Set-` writes to the pipeline (which usually is a mistake).
//! `Test-xDscResource` reports `GetTargetResourceOutWarning` / `GetTargetResourceOutError`,
//! `TestTargetResourceOutWarning` / `TestTargetResourceOutError` and `SetTargetResourceOutError`.
//!
//! Example:
//!
//! ```powershell
//! function Test-TargetResource
//! {
//!     [OutputType([System.String])]      # DSC211: Test-TargetResource returns a boolean
//!     param ( ... )
//! }
//! ```

use super::types::PsType;
use super::{Functions, Resource};
use crate::diag::{Code, Diagnostic, Severity};
use crate::syntax::powershell::Function;

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    expect(resource, functions.get, "System.Collections.Hashtable", out);
    expect(resource, functions.test, "System.Boolean", out);
    if let Some(declared) = functions.set.output_types.first() {
        out.push(
            Diagnostic::new(
                Code::DscOutputType,
                resource.file,
                declared.span,
                "`Set-TargetResource` declares an output type",
            )
            .with_label("it should return nothing")
            .with_help("remove `[OutputType(...)]` from `Set-TargetResource`"),
        );
    }
}

fn expect(resource: &Resource, function: &Function, wanted: &str, out: &mut Vec<Diagnostic>) {
    let help = format!("declare `[OutputType([{wanted}])]` before its `param` block");
    if function.output_types.is_empty() {
        out.push(
            resource
                .at_function(
                    Code::DscOutputType,
                    function,
                    format!("`{}` declares no output type", function.name),
                )
                .with_label(format!("it returns a `[{wanted}]`"))
                .with_help(help)
                .with_severity(Severity::Warning),
        );
        return;
    }
    let expected = PsType::parse(wanted);
    for declared in &function.output_types {
        if PsType::parse(&declared.text) != expected {
            out.push(
                Diagnostic::new(
                    Code::DscOutputType,
                    resource.file,
                    declared.span,
                    format!("`{}` declares the output type `[{}]`", function.name, declared.text),
                )
                .with_label(format!("it returns a `[{wanted}]`"))
                .with_help(help.clone()),
            );
        }
    }
}
