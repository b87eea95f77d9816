//! A DSC schema's localized amendment (`<lang>/<Name>.schema.mfl`) matches the schema.
//!
//! What it checks, in a `<Name>.schema.mfl` file: each `[Amendment]` class is named `<Name>`,
//! like the schema the file is named after (a warning at the class name otherwise), and each
//! `Values` it gives a property has as many entries as the schema's `Values` for that property
//! (a warning at the amendment's `Values`). A property the schema lacks is reported by the
//! general amendment check (W0317).
//!
//! Why: `Get-DscResource` and the DSC community's documentation take a resource's localized
//! descriptions and value names from `<lang>/<Name>.schema.mfl` by its file name; an amendment
//! of another class, or with another number of value names, shows users text that belongs to
//! nothing, or pairs names with the wrong values.
//!
//! Example, in `en-US/Demo_Share.schema.mfl` for a schema with `Values{"Present","Absent"}`:
//!
//! ```mof
//! [Description("Shares a folder.") : Amendment, Locale("en-US")]
//! class Demo_Share : OMI_BaseResource
//! {
//!     [Values{"Present"} : Amendment] string Ensure;   // DSC118: the schema has two values
//! };
//! ```

use super::{properties, strings, written};
use crate::diag::{Code, Diagnostic};
use crate::sema::model::Model;
use crate::source::FileId;
use crate::syntax::ast::{Feature, Item};
use crate::syntax::unit::Unit;

pub fn check(unit: &Unit, model: &Model, file: FileId, resource: &str, out: &mut Vec<Diagnostic>) {
    let amendments = unit.files[file.0 as usize].items.iter().filter_map(|item| match item {
        Item::Class(class) if written(&class.qualifiers, "Amendment").is_some() => Some(class),
        _ => None,
    });
    for amendment in amendments {
        if !amendment.name.is(resource) {
            out.push(
                Diagnostic::new(
                    Code::DscAmendment,
                    file,
                    amendment.name.span,
                    format!("`{resource}.schema.mfl` amends class `{}`", amendment.name.text),
                )
                .with_label(format!("DSC reads this file for `{resource}`"))
                .with_help(format!(
                    "amend `{resource}` here, or move the amendment to `{}.schema.mfl`",
                    amendment.name.text
                )),
            );
            continue;
        }
        let schema = model
            .input_classes()
            .map(|(_, class)| class)
            .find(|class| class.name().eq_ignore_ascii_case(&amendment.name.text) && class.origin.file() != Some(file));
        let Some(schema) = schema else { continue };
        for feature in &amendment.features {
            let Feature::Property(localized) = feature else {
                continue;
            };
            let Some(values) = written(&localized.qualifiers, "Values") else {
                continue;
            };
            let declared = properties(schema)
                .find(|p| p.name.is(&localized.name.text))
                .and_then(|p| written(&p.qualifiers, "Values"));
            let Some(declared) = declared else { continue };
            let (given, wanted) = (strings(values).len(), strings(declared).len());
            if given != wanted {
                out.push(
                    Diagnostic::new(
                        Code::DscAmendment,
                        file,
                        values.name.span,
                        format!(
                            "`Values` of `{}` has {given} entries here and {wanted} in the schema",
                            localized.name.text
                        ),
                    )
                    .with_label("one localized name per value")
                    .with_secondary(
                        schema.origin.file().unwrap_or(file),
                        declared.name.span,
                        "the schema's `Values`",
                    ),
                );
            }
        }
    }
}
