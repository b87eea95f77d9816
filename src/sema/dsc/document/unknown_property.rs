//! The properties of a resource instance exist in its resource class.
//!
//! What it checks: every property a resource instance of a configuration document sets is
//! declared by its class (the in-box classes mofc has built in, or the schema found for the
//! module the document names) or by `OMI_BaseResource`; an error at the property, with the
//! nearest property name suggested. This is E0317, reported under this code in documents.
//!
//! Why: the node deserialises each instance into its class; a property the class does not have
//! fails there (and PowerShell's `Configuration` keyword refuses it when it compiles the
//! configuration). It is the mark of a document written for another version of a module, or
//! edited by hand.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_FileDirectoryConfiguration as $MSFT_FileDirectoryConfiguration1ref
//! {
//!     ResourceID = "[File]Index";
//!     DestinationFolder = "C:\\inetpub";   // DSC307: the File resource has DestinationPath
//!     ...
//! };
//! ```
//!
//! Write `DestinationPath = "C:\\inetpub";`.

use super::Resource;
use crate::diag::Diagnostic;

/// E0317 in a resource, taken over.
pub fn adopted(resource: &Resource, d: &mut Diagnostic) {
    if d.help.is_none() {
        let module = resource.string("ModuleName").map_or("its module", |(m, _)| m);
        d.help = Some(format!(
            "remove it, or check that the schema found is the one of the module the document names ({module})"
        ));
    }
}
