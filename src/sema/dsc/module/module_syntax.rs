//! The functions of a resource module must be readable as PowerShell.
//!
//! What it checks: mofc reads the `<Name>.psm1` beside a `<Name>.schema.mof` with the
//! `tree-sitter-powershell` grammar. Where the module does not parse and, because of it,
//! `Get-`, `Set-` or `Test-TargetResource` cannot be read (its name or `param` block is in the
//! broken part), the first syntax error is reported, once, and no other rule of the module is
//! checked. A syntax error elsewhere (inside a function's body) is not reported: the grammar
//! does not know every construct of PowerShell (`64KB`, `break Label`, ...), so the rules read
//! what they need and leave the rest to PowerShell's own parser.
//!
//! Severity: a warning, since the grammar may be what fails. When the module really does not
//! parse, `Test-xDscResource` fails to import it (`ImportResourceModuleError`), and the Local
//! Configuration Manager cannot load the resource either.
//!
//! Example:
//!
//! ```powershell
//! function Get-TargetResource
//! {
//!     param ( [string] $Name      # DSC214: `)` missing
//! }
//! ```

use super::Resource;
use crate::diag::{Code, Diagnostic};

/// Reports the module's syntax error if it hides one of the three functions; whether it did.
pub fn check(resource: &Resource, out: &mut Vec<Diagnostic>) -> bool {
    let Some((span, why)) = &resource.module.error else {
        return false;
    };
    if resource.functions().is_some() {
        return false;
    }
    out.push(
        Diagnostic::new(
            Code::DscModuleSyntax,
            resource.file,
            *span,
            "the resource module does not parse, so its functions cannot be checked",
        )
        .with_label(why.clone())
        .with_secondary(
            resource.schema,
            resource.class.decl.name.span,
            "the module of this resource",
        )
        .with_help("if PowerShell parses the module, mofc's grammar does not: please report it"),
    );
    true
}
