//! A DSC resource class carries `ClassVersion("x.y.z")`.
//!
//! What it checks: the resource class has a `ClassVersion` qualifier (an error at the class
//! name when it has none) whose value is one to four integers separated by dots (a warning at
//! the value otherwise).
//!
//! Why: every schema of Microsoft's documentation, of the in-box resources and of the DSC
//! community carries it, and DSC's resource cache knows classes by name and version. Whether
//! DSC refuses a schema without it is not documented, so the rule follows what every working
//! schema does.
//!
//! Example:
//!
//! ```mof
//! [FriendlyName("Share")]
//! class Demo_Share : OMI_BaseResource                       // DSC112
//! { [Key] string Name; };
//!
//! [ClassVersion("1.0.0"), FriendlyName("Share")]
//! class Demo_Share : OMI_BaseResource                       // good
//! { [Key] string Name; };
//! ```

use super::{Schema, string};
use crate::diag::{Code, Diagnostic, Severity};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    for class in schema.resource_classes() {
        let Some(version) = super::written(&class.decl.qualifiers, "ClassVersion") else {
            out.push(
                Diagnostic::new(
                    Code::DscClassVersion,
                    schema.file,
                    class.decl.name.span,
                    format!("DSC resource class `{}` has no `ClassVersion`", class.name()),
                )
                .with_label("every DSC schema gives its class a version")
                .with_help("add `[ClassVersion(\"1.0.0\")]` before the class"),
            );
            continue;
        };
        let (text, span) = string(version).unwrap_or(("", version.span));
        if !well_formed(text) {
            out.push(Diagnostic::with_severity(
                Diagnostic::new(
                    Code::DscClassVersion,
                    schema.file,
                    span,
                    format!("`ClassVersion` of `{}` is not a version number", class.name()),
                )
                .with_label("expected one to four integers separated by dots, such as \"1.0.0\""),
                Severity::Warning,
            ));
        }
    }
}

/// One to four dot-separated integers, as `System.Version` parses them.
fn well_formed(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    (1..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::well_formed;

    #[test]
    fn versions_are_one_to_four_numbers() {
        for good in ["1", "1.0", "1.0.0", "1.0.0.0", "10.20.300"] {
            assert!(well_formed(good), "{good}");
        }
        for bad in ["", "1.0.0.0.0", "v1", "1..0", "1.0-beta", "1.0."] {
            assert!(!well_formed(bad), "{bad}");
        }
    }
}
