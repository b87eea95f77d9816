//! Every property of a DSC resource class says how it is used: `Key`, `Required`, `Write` or
//! `Read`.
//!
//! What it checks: each property the resource class declares carries one of the four access
//! qualifiers (in any letter case: `[write]` is common). Embedded classes are not checked, as
//! xDSCResourceDesigner does not check them. Reported at the property name.
//!
//! Why: DSC derives the resource's parameters from these qualifiers: `Key` and `Required`
//! properties are mandatory parameters, `Write` properties optional ones, `Read` properties
//! only returned by `Get-TargetResource`. A property with none of them is neither, and
//! `Test-xDscSchema` fails with `MissingAttributeError` ("must be tagged as either Key,
//! Required, Write, or Read").
//!
//! Example:
//!
//! ```mof
//! [Description("free text")] string Comment;           // DSC104
//! [Write, Description("free text")] string Comment;    // good
//! ```

use super::{Schema, written};
use crate::diag::{Code, Diagnostic};

/// The access qualifiers, strongest first.
pub const ACCESS: [&str; 4] = ["Key", "Required", "Write", "Read"];

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for property in schema.resource_properties() {
        if ACCESS.iter().any(|name| written(&property.qualifiers, name).is_some()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::DscAccess,
                schema.file,
                property.name.span,
                format!("property `{}` has no access qualifier", property.name.text),
            )
            .with_label("DSC needs one of `Key`, `Required`, `Write` or `Read`")
            .with_help("add `Write` for a setting the user may give, `Read` for one the resource only reports"),
        );
    }
}
