//! An in-box resource class is used with the in-box module's name and version.
//!
//! What it checks: a resource instance of one of the in-box classes mofc has built in
//! (`MSFT_FileDirectoryConfiguration`, `MSFT_RoleResource`, ...) whose `ModuleName` is not
//! `PSDesiredStateConfiguration` (letter case aside), or whose `ModuleVersion` is not `1.0` or
//! `1.1`, is a warning at that value, once per class and module in a document. Its properties
//! are then not checked against the in-box schema (DSC307, DSC308, DSC309, DSC310 stay silent
//! on it).
//!
//! Why: the same class name can come from two modules with different schemas:
//! PSDscResources declares `MSFT_WindowsOptionalFeature` with `Ensure` {Present, Absent} where
//! the in-box one has {Enable, Disable}. mofc looks a document's class up by its module first
//! (in `-I` folders and `dsc-module-path`); when the module's schemas are not there it falls
//! back to the in-box class, which may not be the one the document was compiled against. A
//! module that has no such class at all (PSDscResources has no `File`) is a document that
//! will fail on the node.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_FileDirectoryConfiguration as $MSFT_FileDirectoryConfiguration1ref
//! {
//!     ...
//!     ModuleName = "PSDscResources";     // DSC311
//!     ModuleVersion = "2.12.0.0";
//! };
//! ```
//!
//! Write `ModuleName = "PSDesiredStateConfiguration"; ModuleVersion = "1.0";`, or give the
//! module's schemas with `-I` so that its own class is used.

use rustc_hash::FxHashSet;

use super::{Document, Kind};
use crate::diag::{Code, Diagnostic};
use crate::sema::builtin::{INBOX_MODULE, builtins};
use crate::sema::model::Origin;

/// The versions of the in-box module that documents name.
const INBOX_VERSIONS: [&str; 2] = ["1.0", "1.1"];

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    // Lower-case (class, module, version) already reported.
    let mut reported: FxHashSet<(String, String, String)> = FxHashSet::default();
    for resource in document.resources.iter().filter(|r| r.kind == Kind::Resource) {
        let Some(class) = resource.class else { continue };
        if class.origin != Origin::Builtin || !builtins().is_inbox(class.name()) {
            continue;
        }
        let text = |property| {
            resource
                .string(property)
                .map_or(String::new(), |(s, _)| s.to_ascii_lowercase())
        };
        let key = (
            class.name().to_ascii_lowercase(),
            text("ModuleName"),
            text("ModuleVersion"),
        );
        if !reported.insert(key) {
            continue;
        }
        if let Some((module, span)) = resource.string("ModuleName")
            && !module.eq_ignore_ascii_case(INBOX_MODULE)
        {
            out.push(
                Diagnostic::new(
                    Code::DscModule,
                    document.file,
                    span,
                    format!(
                        "`{}` is an in-box resource of {INBOX_MODULE}, not of `{module}`",
                        class.name()
                    ),
                )
                .with_label(
                    "the in-box schema was used; the properties of this class's instances were not checked against it",
                )
                .with_help(format!(
                    "give the schemas of `{module}` with `-I` (or `dsc-module-path` in mofc.toml) to check this \
                     instance against its own class, or name {INBOX_MODULE} if the in-box resource is meant"
                )),
            );
            continue;
        }
        if let Some((version, span)) = resource.string("ModuleVersion")
            && !INBOX_VERSIONS.contains(&version)
        {
            out.push(
                Diagnostic::new(
                    Code::DscModule,
                    document.file,
                    span,
                    format!("{INBOX_MODULE} ships its in-box resources as version 1.0 or 1.1, not `{version}`"),
                )
                .with_label("no such version of the in-box module")
                .with_help("write `ModuleVersion = \"1.0\";` as PowerShell does"),
            );
        }
    }
}
