//! Every `DependsOn` entry of a configuration document names one of its resources.
//!
//! What it checks: each string of a resource's `DependsOn` is the `ResourceID` of a resource of
//! the same document, compared without regard to letter case and in full (the `::[Composite]`
//! suffix of a resource inside a composite resource included); an error at the entry
//! otherwise, with the nearest ResourceID suggested. The `ResourceName` of `WaitForAll`,
//! `WaitForAny` and `WaitForSome`, which names a resource on another node, is not a dependency
//! and is not checked.
//!
//! Why: PowerShell's `Configuration` keyword fails on a dependency that names no resource, and
//! the Local Configuration Manager refuses a document with one (Microsoft's "DSC resource
//! dependencies"). It is the usual result of renaming a resource and not its dependents.
//!
//! Example:
//!
//! ```mof
//! DependsOn = {"[WindowsFeature]IIS-Server"};   // DSC305: the document has [WindowsFeature]IIS
//! ```
//!
//! Write `DependsOn = {"[WindowsFeature]IIS"};`.

use super::Document;
use crate::diag::{Code, Diagnostic};
use crate::syntax::Suggester;

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    let mut names: Option<Suggester> = None;
    for (_, target, span, to) in document.dependencies() {
        if to.is_some() {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::DscDependsOn,
            document.file,
            span,
            format!("`DependsOn` names `{target}`, which is no resource of this document"),
        )
        .with_label("no resource has this ResourceID");
        let names = names
            .get_or_insert_with(|| Suggester::new(document.resources.iter().filter_map(|r| r.id.map(|(id, _)| id))));
        d.help = Some(match names.closest(target) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "name a resource of the document as its ResourceID reads, `[Type]Name`".into(),
        });
        out.push(d);
    }
}
