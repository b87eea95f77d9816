//! A configuration document has one `instance of OMI_ConfigurationDocument`, after its
//! resources.
//!
//! What it checks: a file of DSC resource instances (classes deriving from `OMI_BaseResource`,
//! with a `ResourceID`) holds an instance of `OMI_ConfigurationDocument` (an error when there
//! is none), exactly one (a warning for each further one), as its last instance (a warning
//! otherwise).
//!
//! Why: every document PowerShell's `Configuration` keyword writes ends with it, and the Local
//! Configuration Manager reads its `Version` and `MinimumCompatibleVersion` to decide whether it
//! can apply the document at all. A document assembled or edited by hand that loses it is
//! refused on the node. Several, or one in the middle, is no document PowerShell writes.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_RoleResource as $MSFT_RoleResource1ref
//! {
//!     ResourceID = "[WindowsFeature]IIS";   // DSC301: no OMI_ConfigurationDocument follows
//!     Name = "Web-Server";
//!     ModuleName = "PSDesiredStateConfiguration";
//!     ModuleVersion = "1.0";
//! };
//! ```
//!
//! End the file with `instance of OMI_ConfigurationDocument { Version = "2.0.0";
//! MinimumCompatibleVersion = "1.0.0"; Name = "..."; };`.

use super::{Document, Kind};
use crate::diag::{Code, Diagnostic, Severity};

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    let found: Vec<_> = document.document_instances().collect();
    let Some(&(position, first)) = found.first() else {
        let Some(resource) = document
            .resources
            .iter()
            .find(|r| r.kind == Kind::Resource && r.id.is_some())
        else {
            return;
        };
        out.push(
            Diagnostic::new(
                Code::DscDocumentInstance,
                document.file,
                resource.decl().class.span,
                "this configuration document has no `instance of OMI_ConfigurationDocument`",
            )
            .with_label("a DSC resource instance")
            .with_help(
                "end the document with `instance of OMI_ConfigurationDocument { Version = \"2.0.0\"; \
                 MinimumCompatibleVersion = \"1.0.0\"; Name = \"<configuration>\"; };`, as PowerShell writes it",
            ),
        );
        return;
    };
    for &(_, again) in &found[1..] {
        let d = Diagnostic::new(
            Code::DscDocumentInstance,
            document.file,
            again.decl.class.span,
            "a second `instance of OMI_ConfigurationDocument` in the document",
        )
        .with_label("another document instance")
        .with_secondary(document.file, first.decl.class.span, "the first")
        .with_help("keep one, at the end of the document")
        .with_severity(Severity::Warning);
        out.push(d);
    }
    if found.len() == 1 && position + 1 < document.instances.len() {
        let d = Diagnostic::new(
            Code::DscDocumentInstance,
            document.file,
            first.decl.class.span,
            "`instance of OMI_ConfigurationDocument` is not the last instance of the document",
        )
        .with_label("instances follow it")
        .with_help("move it to the end, where PowerShell writes it")
        .with_severity(Severity::Warning);
        out.push(d);
    }
}
