//! A DSC resource's property names are valid and do not reuse the names DSC adds to every
//! resource.
//!
//! What it checks: each property of the resource class has a name matching
//! `^[A-Za-z][A-Za-z0-9_]*$` of at most 255 characters, and none is named like a property of
//! `OMI_BaseResource` (`ResourceId`, `SourceInfo`, `DependsOn`, `ModuleName`,
//! `ModuleVersion`, `ConfigurationName`, `PsDscRunAsCredential`), in any letter case. Both are
//! errors, at the property name.
//!
//! Why: each property becomes a parameter of the resource in a configuration and of its
//! `*-TargetResource` functions; `Test-xDscSchema` fails with `InvalidPropertyNameError` or
//! `PropertyNameTooLongError`. The Configuration keyword adds the common properties to every
//! resource, so a resource property of the same name collides with them.
//!
//! Example:
//!
//! ```mof
//! [Write] string DependsOn[];       // DSC114
//! [Write] string Prerequisites[];   // good
//! ```

use super::{Schema, valid_name};
use crate::diag::{Code, Diagnostic};

/// The properties of `OMI_BaseResource`, which every resource instance carries.
const COMMON: [&str; 7] = [
    "ResourceId",
    "SourceInfo",
    "DependsOn",
    "ModuleName",
    "ModuleVersion",
    "ConfigurationName",
    "PsDscRunAsCredential",
];

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for property in schema.resource_properties() {
        let name = &property.name.text;
        let (message, label) = if let Some(common) = COMMON.iter().find(|c| c.eq_ignore_ascii_case(name)) {
            (
                format!("property `{name}` reuses the name of the common property `{common}`"),
                "DSC adds this property to every resource",
            )
        } else if !valid_name(name) {
            (
                format!("`{name}` is not a valid DSC property name"),
                "a letter, then letters, digits or `_`; at most 255 characters",
            )
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(Code::DscPropertyName, schema.file, property.name.span, message)
                .with_label(label)
                .with_help("rename the property (and its parameter in the module)"),
        );
    }
}
