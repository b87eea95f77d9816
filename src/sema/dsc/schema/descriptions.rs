//! Each property of a DSC resource has a `Description`.
//!
//! What it checks: a property of the resource class without a `Description` qualifier is a
//! note at its name. When no property of the class has one, a single note at the class name
//! says so instead of one per property: such a schema keeps its text elsewhere (often in its
//! `en-US/<Name>.schema.mfl`) or nowhere, and one note is enough to decide which.
//!
//! Why: the DSC community's documentation generators (DscResource.DocGenerator) and
//! `Get-DscResource -Syntax` readers take a resource's help from these descriptions; a
//! property without one is undocumented.
//!
//! Example:
//!
//! ```mof
//! [Write] string Comment;                                  // DSC116
//! [Write, Description("Free text shown to users.")] string Comment;   // good
//! ```
//!
//! A description given in a localized amendment of the schema (`<locale>/<Name>.schema.mfl`
//! below its folder, as the DSC community keeps many) counts: the loader reads those files'
//! descriptions with the schema.

use super::{Schema, properties, written};
use crate::diag::{Code, Diagnostic};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for class in schema.resource_classes() {
        let elsewhere = |name: &str| {
            schema
                .described_elsewhere
                .is_some_and(|described| described.contains(&name.to_ascii_lowercase()))
        };
        let missing: Vec<_> = properties(class)
            .filter(|p| written(&p.qualifiers, "Description").is_none() && !elsewhere(&p.name.text))
            .collect();
        if missing.is_empty() {
            continue;
        }
        if missing.len() == properties(class).count() {
            out.push(
                Diagnostic::new(
                    Code::DscDescription,
                    schema.file,
                    class.decl.name.span,
                    format!("no property of `{}` has a `Description`", class.name()),
                )
                .with_label("undocumented properties")
                .with_help("add `Description(\"...\")` to each property: documentation generators read them"),
            );
            continue;
        }
        for property in missing {
            out.push(
                Diagnostic::new(
                    Code::DscDescription,
                    schema.file,
                    property.name.span,
                    format!("property `{}` has no `Description`", property.name.text),
                )
                .with_label("undocumented, unlike the other properties")
                .with_help("add `Description(\"...\")`: documentation generators read it"),
            );
        }
    }
}
