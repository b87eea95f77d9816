//! A `Key` property of a DSC resource is not an embedded instance.
//!
//! What it checks: a property of the resource class qualified both `Key` and
//! `EmbeddedInstance(...)`. Reported at `EmbeddedInstance`.
//!
//! Why: a key identifies the resource instance in the configuration document and in the
//! `ResourceID`; an embedded instance (a credential, a list of settings) cannot. `Test-xDscSchema`
//! fails with `IllegalAttributeCombinationError`.
//!
//! Example:
//!
//! ```mof
//! [Key, EmbeddedInstance("MSFT_Credential")] string Account;   // DSC106
//! ```
//!
//! Make a plain property the key (`[Key] string AccountName;`) and the credential a `Write`
//! property.

use super::{Schema, written};
use crate::diag::{Code, Diagnostic};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for property in schema.resource_properties() {
        let (Some(key), Some(embedded)) = (
            written(&property.qualifiers, "Key"),
            written(&property.qualifiers, "EmbeddedInstance"),
        ) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::DscKeyEmbedded,
                schema.file,
                embedded.name.span,
                format!("key property `{}` is an embedded instance", property.name.text),
            )
            .with_label("a key cannot be an embedded instance")
            .with_secondary(schema.file, key.name.span, "made a key here")
            .with_help("identify the resource by a plain property and make this one `Write`"),
        );
    }
}
