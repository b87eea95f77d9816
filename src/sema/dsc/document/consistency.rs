//! A resource's `ConfigurationName` and `SourceInfo` agree with the document.
//!
//! What it checks (notes): each resource's `ConfigurationName` is the `Name` of the document's
//! `OMI_ConfigurationDocument`; its `SourceInfo` has the form `path::line::column::Type`, line
//! and column numbers (the path may be empty), and `Type` is the type of its ResourceID, letter
//! case aside.
//!
//! Why: PowerShell writes both from the same configuration, so a difference shows a document
//! assembled from pieces or edited by hand; the Local Configuration Manager reports errors with
//! `SourceInfo`, which then points to the wrong place.
//!
//! Example:
//!
//! ```mof
//! ResourceID = "[File]Index";
//! SourceInfo = "C:\\web.ps1::12::9::Registry";   // DSC313: the resource is a File
//! ```
//!
//! Write `SourceInfo = "C:\\web.ps1::12::9::File";`.

use super::resource_id::segments;
use super::{Document, Kind, string};
use crate::diag::{Code, Diagnostic};

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    let name = document
        .document_instances()
        .next()
        .and_then(|(_, i)| string(i.decl, "Name"))
        .map(|(name, _)| name);
    let note = |span, message: String, help: &str| {
        Diagnostic::new(Code::DscConsistency, document.file, span, message)
            .with_label("not what PowerShell writes")
            .with_help(help.to_string())
    };
    for resource in document.resources.iter().filter(|r| r.kind != Kind::Setting) {
        if let (Some(name), Some((own, span))) = (name, resource.string("ConfigurationName"))
            && own != name
        {
            out.push(note(
                span,
                format!("this resource's configuration is `{own}`, the document's is `{name}`"),
                "a document holds one configuration: check where this resource comes from",
            ));
        }
        let Some((info, span)) = resource.string("SourceInfo") else {
            continue;
        };
        let parts: Vec<&str> = info.rsplitn(4, "::").collect();
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let [ty, column, line, _path] = parts[..] else {
            out.push(note(
                span,
                "this SourceInfo is not `path::line::column::Type`".into(),
                "PowerShell writes the script, line, column and resource type, separated by `::`",
            ));
            continue;
        };
        if !numeric(line) || !numeric(column) {
            out.push(note(
                span,
                "this SourceInfo's line and column are not numbers".into(),
                "PowerShell writes `path::line::column::Type`",
            ));
            continue;
        }
        let id_type = resource.id.and_then(|(id, _)| segments(id)).map(|s| s[0].0);
        if let Some(id_type) = id_type
            && !id_type.eq_ignore_ascii_case(ty)
        {
            out.push(note(
                span,
                format!("this SourceInfo names the resource type `{ty}`, the ResourceID `{id_type}`"),
                "the two are written from the same resource block; one of them was changed",
            ));
        }
    }
}
