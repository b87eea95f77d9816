//! `Get-TargetResource` should return every property of the resource.
//!
//! What it checks: when every value `Get-TargetResource` returns is a hashtable literal
//! (`return @{ ... }`, or `@{ ... }` as its last statement), each has a key for every property
//! the resource class declares (in any letter case). A function that returns a variable or
//! anything else is not looked at. The finding, a note, is at the hashtable, with a label at
//! each missing property.
//!
//! Why: Microsoft's documentation says `Get-TargetResource` "must return a hash table that
//! lists all the resource properties"; `Get-DscConfiguration` shows what it returns, and a
//! missing property shows as empty. No tool checks it, hence a note.
//!
//! Example:
//!
//! ```powershell
//! # schema: [Key] string Name; [Write] string Ensure;
//! return @{ Name = $Name }     # DSC213: no Ensure
//! ```

use super::{Functions, Resource};
use crate::diag::{Code, Diagnostic};

pub fn check(resource: &Resource, functions: &Functions, out: &mut Vec<Diagnostic>) {
    for table in functions.get.returned.iter().flatten() {
        let missing: Vec<_> = resource
            .properties
            .iter()
            .filter(|p| !table.keys.iter().any(|k| k.eq_ignore_ascii_case(&p.decl.name.text)))
            .collect();
        let Some(first) = missing.first() else {
            continue;
        };
        let names = missing
            .iter()
            .map(|p| format!("`{}`", p.decl.name.text))
            .collect::<Vec<_>>()
            .join(", ");
        let mut d = Diagnostic::new(
            Code::DscGetReturns,
            resource.file,
            table.span,
            format!("`Get-TargetResource` returns no {names}"),
        )
        .with_label("this hashtable lacks them")
        .with_help(format!(
            "add `{} = ...` and the others to the hashtable",
            first.decl.name.text
        ));
        for property in missing {
            d = d.with_secondary(resource.schema, property.decl.name.span, "not returned");
        }
        out.push(d);
    }
}
