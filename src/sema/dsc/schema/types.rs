//! A DSC resource's properties have types DSC can pass to its module.
//!
//! What it checks: each property of the resource class is of an intrinsic type (`uint8` to
//! `sint64`, `real32`, `real64`, `char16`, `string`, `boolean`, `datetime`) or an array of one;
//! an embedded instance is a `string` with `EmbeddedInstance("Class")`. An object reference
//! (`Class REF Name`) or a property typed by a class is an error at the type. A method is a
//! warning at its name: a MOF-based resource does its work in `Get-`, `Set-` and
//! `Test-TargetResource`, and DSC never calls a method.
//!
//! Why: the Configuration keyword and the Local Configuration Manager turn each property into
//! a PowerShell parameter through a fixed type map; other types have no entry in it, and
//! `Test-xDscSchema` fails with `UnsupportedMofTypeError`.
//!
//! Example:
//!
//! ```mof
//! [Write] CIM_LogicalFile REF Target;    // DSC108
//! [Write] string TargetPath;             // good
//! ```

use super::Schema;
use crate::diag::{Code, Diagnostic, Severity};
use crate::syntax::ast::{Feature, Type};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for class in schema.resource_classes() {
        for feature in &class.decl.features {
            match feature {
                Feature::Property(property) => {
                    let (what, name) = match &property.ty {
                        Type::Ref(name) => ("an object reference", name),
                        // A class name as a type; one that names no class is reported already.
                        Type::Class(name) if schema.model.class(class.namespace, &name.text).is_some() => {
                            ("an embedded object typed by its class", name)
                        }
                        _ => continue,
                    };
                    out.push(
                        Diagnostic::new(
                            Code::DscType,
                            schema.file,
                            name.span,
                            format!("property `{}` is {what}, which DSC does not support", property.name.text),
                        )
                        .with_label("not a type of DSC's type map")
                        .with_help(
                            "use an intrinsic type, or `[EmbeddedInstance(\"Class\")] string` for an instance of a class",
                        ),
                    );
                }
                Feature::Method(method) => out.push(Diagnostic::with_severity(
                    Diagnostic::new(
                        Code::DscType,
                        schema.file,
                        method.name.span,
                        format!("DSC resource class `{}` declares a method", class.name()),
                    )
                    .with_label("DSC never calls a method of a resource")
                    .with_help("do the work in Get-, Set- and Test-TargetResource"),
                    Severity::Warning,
                )),
            }
        }
    }
}
