//! A resource module must define `Get-TargetResource`, `Set-TargetResource` and
//! `Test-TargetResource`.
//!
//! What it checks: the `<Name>.psm1` beside a `<Name>.schema.mof` defines the three functions at
//! its top level (names in any letter case). The finding is at the schema's class name and names
//! the missing functions. A schema without a module beside it is not reported: a composite or
//! class-based resource has none.
//!
//! Why: the Local Configuration Manager calls these three functions of a MOF-based resource;
//! `Test-xDscResource` fails with `KeyFunctionsNotDefined`, and Microsoft's documentation says a
//! resource module must include them.
//!
//! Example:
//!
//! ```powershell
//! function Get-TargetResource { ... }
//! function Set-TargetResource { ... }
//! # DSC201: no Test-TargetResource
//! ```

use super::Resource;
use crate::diag::{Code, Diagnostic};
use crate::syntax::powershell::TARGET_FUNCTIONS;

pub fn check(resource: &Resource, out: &mut Vec<Diagnostic>) {
    let missing: Vec<&str> = TARGET_FUNCTIONS
        .into_iter()
        .filter(|name| resource.module.function(name).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let names = missing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    out.push(
        Diagnostic::new(
            Code::DscModuleFunctions,
            resource.schema,
            resource.class.decl.name.span,
            format!("the resource module does not define {names}"),
        )
        .with_label(format!("the module beside this schema has no {names}"))
        .with_help("define the three functions at the top level of the module"),
    );
}
