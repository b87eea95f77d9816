//! A DSC resource class has at least one `Key` property of its own.
//!
//! What it checks: among the properties the resource class declares, one at least is
//! qualified `Key`. Inherited keys do not count (`OMI_BaseResource` has none). Reported at the
//! class name.
//!
//! Why: the Local Configuration Manager identifies a resource instance by its keys; a
//! configuration cannot name two instances of a resource apart without them, and
//! `Test-xDscSchema` fails with `NoKeyTestError`. Microsoft's MOF resource authoring guide says
//! "at least one [Key] property is required".
//!
//! Example:
//!
//! ```mof
//! [ClassVersion("1.0.0"), FriendlyName("NoKey")]
//! class Demo_NoKey : OMI_BaseResource     // DSC103
//! {
//!     [Required] string Path;
//! };
//! ```
//!
//! Make the property that identifies the thing managed `[Key]`.

use super::{Schema, properties, written};
use crate::diag::{Code, Diagnostic};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for class in schema.resource_classes() {
        if properties(class).any(|p| written(&p.qualifiers, "Key").is_some()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::DscNoKey,
                schema.file,
                class.decl.name.span,
                format!("DSC resource class `{}` has no `Key` property", class.name()),
            )
            .with_label("a resource needs at least one key of its own")
            .with_help("qualify the property that identifies the managed thing `[Key]`"),
        );
    }
}
