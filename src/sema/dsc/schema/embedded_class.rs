//! An embedded instance in a DSC schema is of `MSFT_Credential`, `MSFT_KeyValuePair`, or a
//! class of the same file.
//!
//! What it checks: the class each `EmbeddedInstance("Class")` of the schema names (in any of
//! its classes) is one of the two DSC classes or is declared in the schema file itself; one
//! found only elsewhere (another file of the folder, a search folder) is an error at the
//! qualifier's value. A class that nothing declares is already an error (E0301), to which this
//! adds the DSC wording rather than a second report. A warning goes to a class of the file that
//! is embedded and derives from `OMI_BaseResource`: it is a structure, not a resource.
//!
//! Why: DSC loads each schema file on its own (`Import-DscResource`, the Local Configuration
//! Manager through MI), so the classes a resource embeds must be in it; classes of other files
//! are not there when the schema is loaded. Older xDSCResourceDesigner releases allowed only
//! the two `MSFT_` classes (`InvalidEmbeddedInstance`); current ones, and most community
//! modules, use classes of the same file.
//!
//! Example:
//!
//! ```mof
//! [ClassVersion("1.0.0")]
//! class Demo_Binding
//! {
//!     [Write] string Protocol;
//!     [Write] uint16 Port;
//! };
//!
//! [ClassVersion("1.0.0"), FriendlyName("Site")]
//! class Demo_Site : OMI_BaseResource
//! {
//!     [Key] string Name;
//!     [Write, EmbeddedInstance("Demo_Binding")] string Bindings[];   // good: declared above
//! };
//! ```

use super::{Schema, derives_from_base, properties, string, written};
use crate::diag::{Code, Diagnostic, Severity};

/// The classes DSC itself provides to every schema.
const PROVIDED: [&str; 2] = ["MSFT_Credential", "MSFT_KeyValuePair"];

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let mut embedded_here = Vec::new();
    for class in &schema.classes {
        for property in properties(class) {
            let Some((embedded, span)) = written(&property.qualifiers, "EmbeddedInstance").and_then(string) else {
                continue;
            };
            if let Some(declared) = schema.classes.iter().find(|c| c.name().eq_ignore_ascii_case(embedded)) {
                embedded_here.push((*declared, span));
                continue;
            }
            if PROVIDED.iter().any(|p| p.eq_ignore_ascii_case(embedded)) {
                continue;
            }
            let help = format!(
                "DSC: a schema embeds `MSFT_Credential`, `MSFT_KeyValuePair` or a class declared \
                 in the same file; declare `{embedded}` before `{}`",
                class.name()
            );
            match schema.reported(out, Code::UndefinedClass, span) {
                Some(d) => {
                    // A near name found by the general report stays: it is the likelier fix.
                    d.help = Some(match d.take_suggestion() {
                        Some(near) => format!("{near} {help}"),
                        None => help,
                    });
                }
                None => out.push(
                    Diagnostic::new(
                        Code::DscEmbeddedClass,
                        schema.file,
                        span,
                        format!("embedded class `{embedded}` is not declared in this schema"),
                    )
                    .with_label("DSC loads the schema file on its own")
                    .with_help(help),
                ),
            }
        }
    }
    let resources = schema.resource_classes();
    let mut warned = Vec::new();
    for (class, used) in embedded_here {
        let resource = resources.iter().any(|r| std::ptr::eq(*r, class));
        if resource || !derives_from_base(class) || warned.iter().any(|w| std::ptr::eq(*w, class)) {
            continue;
        }
        warned.push(class);
        out.push(Diagnostic::with_severity(
            Diagnostic::new(
                Code::DscEmbeddedClass,
                schema.file,
                class.decl.name.span,
                format!("embedded class `{}` derives from `OMI_BaseResource`", class.name()),
            )
            .with_label("only the resource class is a resource")
            .with_secondary(schema.file, used, "embedded here")
            .with_help("declare an embedded class without a superclass"),
            Severity::Warning,
        ));
    }
}
