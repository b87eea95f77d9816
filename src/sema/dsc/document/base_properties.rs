//! Every resource instance of a configuration document sets `ResourceID`, `ModuleName` and
//! `ModuleVersion`.
//!
//! What it checks: each instance of a DSC resource class in a document (settings of a
//! meta-configuration aside) gives these three properties of `OMI_BaseResource` a value; an
//! error at the instance names those missing.
//!
//! Why: `OMI_BaseResource` declares them `[Required]`; the Local Configuration Manager names
//! resources by `ResourceID` (for `DependsOn` and its reports) and loads each resource's module
//! by `ModuleName` and `ModuleVersion`. It refuses a document whose resources lack them. The
//! settings of the LCM (`MSFT_DSCMetaConfiguration` and its download, resource and report
//! managers) belong to no module and are exempt.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_RoleResource as $r1     // DSC302: no ResourceID, no ModuleVersion
//! {
//!     Name = "Web-Server";
//!     ModuleName = "PSDesiredStateConfiguration";
//! };
//! ```
//!
//! Add `ResourceID = "[WindowsFeature]IIS";` and `ModuleVersion = "1.0";`.

use super::{BASE_REQUIRED, Document, Kind};
use crate::diag::{Code, Diagnostic};

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    for resource in document.resources.iter().filter(|r| r.kind != Kind::Setting) {
        let missing: Vec<String> = BASE_REQUIRED
            .iter()
            .filter(|name| super::value(resource.decl(), name).is_none())
            .map(|name| format!("`{name}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let decl = resource.decl();
        out.push(
            Diagnostic::new(
                Code::DscBaseProperties,
                document.file,
                decl.class.span,
                format!(
                    "this resource instance of `{}` has no {}",
                    decl.class.text,
                    missing.join(", ")
                ),
            )
            .with_label("the Local Configuration Manager refuses it")
            .with_help("`OMI_BaseResource` requires `ResourceID = \"[Type]Name\"`, `ModuleName` and `ModuleVersion`"),
        );
    }
}
