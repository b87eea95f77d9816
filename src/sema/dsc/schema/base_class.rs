//! A DSC resource class must derive from `OMI_BaseResource`, written so that xDSCResourceDesigner
//! sees it.
//!
//! What it checks: the class named like its `<Name>.schema.mof` file has `OMI_BaseResource` as
//! its superclass (an error otherwise). It also warns where the declaration is written in a way
//! `Test-xDscSchema` does not recognise although MOF accepts it: the `class` keyword not at the
//! start of a line, or the superclass named in another letter case. xDSCResourceDesigner finds
//! the declaration with the case-sensitive pattern `^class\s+<Name>\s*:\s*OMI_BaseResource`.
//!
//! Why: the Local Configuration Manager and `Import-DscResource` load a resource through the
//! properties `OMI_BaseResource` declares (`ResourceId`, `DependsOn`, `ModuleName`, ...); a class
//! without it is not a resource. `Test-xDscSchema` fails with `MissingOMI_BaseResourceError`,
//! which DscResource.Test runs in the CI of every DSC community module.
//!
//! Example:
//!
//! ```mof
//! [ClassVersion("1.0.0"), FriendlyName("Plain")]
//! class Demo_Plain            // DSC101: no superclass
//! {
//!     [Key] string Name;
//! };
//! ```
//!
//! Write `class Demo_Plain : OMI_BaseResource` on a line of its own instead.

use super::Schema;
use crate::diag::{Code, Diagnostic, Severity};
use crate::syntax::ast::Name;

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let Some(class) = schema.named_class() else {
        return;
    };
    let decl = class.decl;
    let superclass = decl.superclass.as_ref().filter(|base| base.is("OMI_BaseResource"));
    let Some(superclass) = superclass else {
        let found = match &decl.superclass {
            Some(other) => format!("it derives from `{}`", other.text),
            None => "it has no superclass".to_string(),
        };
        out.push(
            Diagnostic::new(
                Code::DscBaseClass,
                schema.file,
                decl.name.span,
                format!(
                    "DSC resource class `{}` does not derive from `OMI_BaseResource`",
                    decl.name.text
                ),
            )
            .with_label(found)
            .with_help(format!("declare it as `class {} : OMI_BaseResource`", decl.name.text)),
        );
        return;
    };
    let unrecognised = if &*superclass.text != "OMI_BaseResource" {
        Some(format!("the superclass is written `{}`", superclass.text))
    } else if !keyword_starts_line(schema.text, &decl.name) {
        Some("`class` does not start the line".to_string())
    } else {
        None
    };
    if let Some(why) = unrecognised {
        let d = Diagnostic::new(
            Code::DscBaseClass,
            schema.file,
            superclass.span,
            format!(
                "xDSCResourceDesigner will not find `class {} : OMI_BaseResource` here",
                decl.name.text
            ),
        )
        .with_label(why)
        .with_help("write `class <Name> : OMI_BaseResource` at the start of a line, the superclass spelt exactly so")
        .with_severity(Severity::Warning);
        out.push(d);
    }
}

/// Whether the `class` keyword before `name` starts its line (only white space between them).
fn keyword_starts_line(text: &str, name: &Name) -> bool {
    let before = text[..name.span.start as usize].trim_end();
    let Some(rest) = before.strip_suffix("class") else {
        return false;
    };
    rest.is_empty() || rest.ends_with(['\n', '\r'])
}
