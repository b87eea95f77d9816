//! A DSC resource's `Ensure` property takes `Present` or `Absent`.
//!
//! What it checks: a property of the resource class named `Ensure` that the user sets (not
//! `Read`) has `ValueMap` or `Values` (a note at its name when it has neither) whose entries
//! are `Present` or `Absent` (a note at the list otherwise). A resource that can only ensure
//! presence may list `Present` alone.
//!
//! Why: Microsoft's MOF resource authoring guide recommends an `Ensure` property with the
//! values `Present` and `Absent` for a resource that adds or removes something; users and
//! tools expect those two words, and a free string lets a typo through to the module.
//!
//! Example:
//!
//! ```mof
//! [Write] string Ensure;                                                      // DSC117
//! [Write, ValueMap{"Present","Absent"}, Values{"Present","Absent"}] string Ensure;   // good
//! ```

use super::{Schema, strings, written};
use crate::diag::{Code, Diagnostic};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for property in schema.resource_properties() {
        if !property.name.is("Ensure") || written(&property.qualifiers, "Read").is_some() {
            continue;
        }
        let list = written(&property.qualifiers, "Values").or(written(&property.qualifiers, "ValueMap"));
        let d = match list {
            None => Diagnostic::new(
                Code::DscEnsure,
                schema.file,
                property.name.span,
                format!("`{}` takes any string", property.name.text),
            )
            .with_label("no `ValueMap`/`Values`")
            .with_help("add `ValueMap{\"Present\",\"Absent\"}, Values{\"Present\",\"Absent\"}`"),
            Some(q) => {
                let entries = strings(q);
                let Some((other, span)) = entries.iter().find(|(s, _)| !["Present", "Absent"].contains(s)) else {
                    continue;
                };
                Diagnostic::new(
                    Code::DscEnsure,
                    schema.file,
                    *span,
                    format!("`{}` takes \"{other}\"", property.name.text),
                )
                .with_label("neither `Present` nor `Absent`")
                .with_help(
                    "DSC resources use `Present` and `Absent` for `Ensure`; give other states their own property",
                )
            }
        };
        out.push(d);
    }
}
