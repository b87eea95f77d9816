//! The `ResourceID`s of a configuration document are unique.
//!
//! What it checks: no two resources of a document have the same `ResourceID`, compared without
//! regard to letter case; an error at the second, with a label on the first.
//!
//! Why: PowerShell's `Configuration` keyword refuses two resources of the same type and name
//! ("duplicate resource identifier"), and the Local Configuration Manager, which orders and
//! reports resources by their ID, cannot tell them apart. Two such instances are a document
//! merged or edited by hand.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_RoleResource as $MSFT_RoleResource1ref { ResourceID = "[WindowsFeature]IIS"; ... };
//! instance of MSFT_RoleResource as $MSFT_RoleResource2ref { ResourceID = "[WindowsFeature]IIS"; ... };  // DSC304
//! ```
//!
//! Give the second its own name: `[WindowsFeature]IISConsole`.

use super::Document;
use crate::diag::{Code, Diagnostic};

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    let first = &document.ids;
    for (index, resource) in document.resources.iter().enumerate() {
        let Some((id, span)) = resource.id else {
            continue;
        };
        let earlier = first[&id.to_ascii_lowercase()];
        if earlier == index {
            continue;
        }
        let Some((_, first_span)) = document.resources[earlier].id else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::DscDuplicateId,
                document.file,
                span,
                format!("two resources of the document are named `{id}`"),
            )
            .with_label("second resource with this ResourceID")
            .with_secondary(document.file, first_span, "first resource with it")
            .with_help("each resource needs its own `[Type]Name`; rename one, or remove the copy"),
        );
    }
}
