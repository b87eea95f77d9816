//! The Key and Required properties of a resource instance are set.
//!
//! What it checks: a resource instance of a configuration document gives a value to every
//! property its class qualifies `Key` or `Required` (those of `OMI_BaseResource` are DSC302's);
//! an error at the instance names those missing. For a key this is E0318, reported under this
//! code in documents. An empty string is a value (`ValueName = ""` is the registry key's
//! default value).
//!
//! Why: the reference page of each resource makes these properties mandatory, and
//! PowerShell's `Configuration` keyword refuses a resource block without them; the Local
//! Configuration Manager cannot test or set a resource whose key is unknown.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_RegistryResource as $MSFT_RegistryResource1ref   // DSC308: no ValueName
//! {
//!     ResourceID = "[Registry]Banner";
//!     Key = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Demo";
//!     ...
//! };
//! ```
//!
//! Add `ValueName = "Banner";`.

use super::{BASE_REQUIRED, Document, Kind, value};
use crate::diag::{Code, Diagnostic};
use crate::sema::model::flag;

/// E0318 in a resource, taken over.
pub fn adopted(d: &mut Diagnostic) {
    d.help = Some("a resource's keys are mandatory: set each of them".into());
}

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    for resource in &document.resources {
        let Some(class) = resource.class else { continue };
        if resource.kind == Kind::Unresolved || class.incomplete || resource.foreign_inbox() {
            continue;
        }
        let decl = resource.decl();
        let missing: Vec<String> = class
            .properties
            .iter()
            .filter(|p| !p.is_key() && flag(&p.qualifiers, "Required"))
            .map(|p| &*p.decl.name.text)
            .filter(|name| !BASE_REQUIRED.iter().any(|b| b.eq_ignore_ascii_case(name)))
            .filter(|name| value(decl, name).is_none())
            .map(|name| format!("`{name}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let s = if missing.len() == 1 { "y" } else { "ies" };
        out.push(
            Diagnostic::new(
                Code::DscRequiredProperty,
                document.file,
                decl.class.span,
                format!(
                    "this instance of `{}` has no value for the required propert{s} {}",
                    class.name(),
                    missing.join(", ")
                ),
            )
            .with_label("the resource cannot be applied without them")
            .with_help("set each `[Required]` property of the resource"),
        );
    }
}
