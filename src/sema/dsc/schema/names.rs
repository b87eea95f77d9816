//! A DSC resource's schema file, its class and its folder have the resource's name.
//!
//! What it checks: `<Name>.schema.mof` declares `class <Name>` (an error when no class of the
//! file has that name), and, when the file is in a folder of a `DSCResources` folder, that
//! folder is named `<Name>` too (an error otherwise). Names that differ only in letter case are
//! one warning for the schema, naming the three spellings.
//!
//! Why: `Test-xDscSchema` reads the class name from the file and compares it with the file
//! name, case-sensitively (`ClassNameSchemaNameDifferentError`); PowerShell finds a resource by
//! its folder under `DSCResources`, so a folder of another name hides the resource from
//! `Import-DscResource`. A difference in letter case only passes PowerShell's case-insensitive
//! lookups but fails xDSCResourceDesigner's test, so it is a warning.
//!
//! Example, in `DSCResources/Demo_Disk/Demo_Disk.schema.mof`:
//!
//! ```mof
//! [ClassVersion("1.0.0"), FriendlyName("Volume")]
//! class Demo_Volume : OMI_BaseResource   // DSC102: the file says Demo_Disk
//! {
//!     [Key] string DriveLetter;
//! };
//! ```
//!
//! Rename the class, or the file and its folder, so that all three say the same name.

use super::{Schema, derives_from_base};
use crate::diag::{Code, Diagnostic, Severity};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let resource = schema.resource;
    let Some(class) = schema.named_class() else {
        // The class meant as the resource: the one declared as one, else the last (embedded
        // classes come first, as they must be declared before they are used).
        let meant = schema
            .classes
            .iter()
            .find(|c| derives_from_base(c))
            .or(schema.classes.last());
        if let Some(class) = meant {
            out.push(
                Diagnostic::new(
                    Code::DscNames,
                    schema.file,
                    class.decl.name.span,
                    format!("`{resource}.schema.mof` declares no class `{resource}`"),
                )
                .with_label(format!("the resource class is named `{}`", class.name()))
                .with_help(
                    "a resource's schema file is named after its class: `<Name>.schema.mof` holds `class <Name>`",
                ),
            );
        }
        return;
    };
    let folder = resource_folder(schema);
    let d = |message: String| Diagnostic::new(Code::DscNames, schema.file, class.decl.name.span, message);
    match folder {
        Some(folder) if !folder.eq_ignore_ascii_case(resource) => out.push(
            d(format!(
                "resource `{resource}` is in the folder `DSCResources/{folder}`"
            ))
            .with_label("PowerShell looks for a resource in the folder of its name")
            .with_help(format!("move `{resource}.schema.mof` to `DSCResources/{resource}`")),
        ),
        _ if class.name() != resource || folder.is_some_and(|f| f != resource) => {
            let names = match folder {
                Some(f) => format!(
                    "file `{resource}.schema.mof`, class `{}` and folder `{f}`",
                    class.name()
                ),
                None => format!("file `{resource}.schema.mof` and class `{}`", class.name()),
            };
            out.push(Diagnostic::with_severity(
                d(format!("{names} differ in letter case"))
                    .with_label("xDSCResourceDesigner compares these names case-sensitively")
                    .with_help("spell the file, the class and the folder alike"),
                Severity::Warning,
            ));
        }
        _ => {}
    }
}

/// The name of the schema's folder, when that folder is in a `DSCResources` folder.
fn resource_folder<'p>(schema: &Schema<'p, '_>) -> Option<&'p str> {
    let folder = schema.path.parent()?;
    let parent = folder.parent()?.file_name()?.to_str()?;
    parent.eq_ignore_ascii_case("DSCResources").then_some(())?;
    folder.file_name()?.to_str()
}
