//! An embedded instance in a DSC resource is a `string` (or `string[]`).
//!
//! What it checks: a property of the resource class qualified `EmbeddedInstance(...)` is of
//! type `string` or `string[]`. Reported at the type.
//!
//! Why: MOF encodes an embedded instance as a string holding the instance; DSC's type map
//! turns a `string` with `EmbeddedInstance` into a `CimInstance` (or `PSCredential`) parameter,
//! and has no entry for any other type with it. `Test-xDscSchema` fails with
//! `EmbeddedInstanceCimTypeError`.
//!
//! Example:
//!
//! ```mof
//! [Write, EmbeddedInstance("MSFT_Credential")] uint32 Credential;   // DSC111
//! [Write, EmbeddedInstance("MSFT_Credential")] string Credential;   // good
//! ```

use super::{Schema, written};
use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::{Intrinsic, Type};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for property in schema.resource_properties() {
        if written(&property.qualifiers, "EmbeddedInstance").is_none()
            || matches!(property.ty, Type::Intrinsic(Intrinsic::String, _))
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::DscEmbeddedType,
                schema.file,
                property.ty.span(),
                format!("embedded instance `{}` is not a string", property.name.text),
            )
            .with_label("DSC passes embedded instances as strings")
            .with_help("declare it `string` (or `string[]` for several)"),
        );
    }
}
