//! DSC107, a `Key` property of a DSC resource is a scalar, has no code of its own: every MOF
//! compilation reports an array key (E0311, "key property is an array"), and one fault gets
//! one report. In a resource class this adds to that diagnostic what DSC makes of it:
//! xDSCResourceDesigner refuses it (`KeyArrayError`), and each of the resource's functions
//! needs its keys as mandatory parameters that are not arrays (`NoKeyPropertyError`).

use super::Schema;
use crate::diag::{Code, Diagnostic};

pub fn check(schema: &Schema, out: &mut [Diagnostic]) {
    for property in schema.resource_properties() {
        if let Some(d) = schema.reported(out, Code::ArrayKey, property.name.span) {
            d.help = Some(
                "DSC: a resource's keys are scalars (xDSCResourceDesigner's `KeyArrayError`); key \
                 the resource by one value and put the list in a `Write` property"
                    .into(),
            );
        }
    }
}
