//! A `ResourceID` has the form `[Type]Name`, its type naming the instance's resource.
//!
//! What it checks: each `ResourceID` of a document is one or more segments `[Type]Name` joined
//! by `::` (a resource inside a composite resource: `[File]Index::[WebSite]Site`), each type a
//! name (a letter, then letters, digits, `_`, `.`, `-`) and each name not empty (an error
//! otherwise). The first type should be the resource's FriendlyName or its class name, letter
//! case aside (a warning otherwise).
//!
//! Why: PowerShell's `DependsOn` and the Local Configuration Manager name a resource as
//! `[ResourceType]ResourceName` (Microsoft's "DSC resource dependencies"). A name may itself
//! hold brackets, as PowerSTIG writes them (`[Registry][V-241989.a][medium]...`): only a
//! bracketed type after `::` starts a new segment. A type that is not the resource's own
//! is what a document edited by hand, or a copied block, leaves behind.
//!
//! Example:
//!
//! ```mof
//! ResourceID = "File:Index";        // DSC303 error: no [Type]
//! ResourceID = "[File]Index";       // DSC303 warning on an instance of MSFT_RegistryResource
//! ```
//!
//! Write `ResourceID = "[Registry]Index";` on the registry resource.

use super::Document;
use crate::diag::{Code, Diagnostic, Severity};

/// The segments `(type, name)` of a ResourceID, or `None` if it does not have the form.
pub fn segments(id: &str) -> Option<Vec<(&str, &str)>> {
    let mut found = Vec::new();
    let mut rest = id;
    loop {
        let (ty, after) = bracketed_type(rest)?;
        // The name runs to the next `::[Type]`, or to the end.
        let end = after
            .match_indices("::[")
            .map(|(i, _)| i)
            .find(|&i| bracketed_type(&after[i + 2..]).is_some())
            .unwrap_or(after.len());
        let name = &after[..end];
        if name.is_empty() {
            return None;
        }
        found.push((ty, name));
        if end == after.len() {
            return Some(found);
        }
        rest = &after[end + 2..];
    }
}

/// `[Type]` at the start of `text`: the type and what follows. Reads no further than the
/// type's characters, so that trying it at every `::[` of a name stays linear.
fn bracketed_type(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))?;
    let ty = &inner[..close];
    let starts = ty.starts_with(|c: char| c.is_ascii_alphabetic());
    (starts && inner[close..].starts_with(']')).then(|| (ty, &inner[close + 1..]))
}

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    for resource in &document.resources {
        let Some((id, span)) = resource.id else {
            continue;
        };
        let Some(segments) = segments(id) else {
            out.push(
                Diagnostic::new(
                    Code::DscResourceId,
                    document.file,
                    span,
                    "this ResourceID does not have the form `[Type]Name`",
                )
                .with_label("expected `[Type]Name`, or `[Type]Name::[Composite]Outer` inside a composite resource")
                .with_help("name the resource as PowerShell does: its type in brackets, then its name"),
            );
            continue;
        };
        let Some(class) = resource.class else { continue };
        let ty = segments[0].0;
        let friendly = resource.friendly_name();
        if ty.eq_ignore_ascii_case(class.name()) || friendly.is_some_and(|f| ty.eq_ignore_ascii_case(f)) {
            continue;
        }
        let own = friendly.unwrap_or(class.name());
        let d = Diagnostic::new(
            Code::DscResourceId,
            document.file,
            span,
            format!("the ResourceID's type `{ty}` is not the resource `{own}` of this instance"),
        )
        .with_label(format!("an instance of `{}`", class.name()))
        .with_help(format!("write `[{own}]{}`", segments[0].1))
        .with_severity(Severity::Warning);
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn resource_ids_are_bracketed_types_and_names() {
        assert_eq!(segments("[File]Index"), Some(vec![("File", "Index")]));
        assert_eq!(
            segments("[WindowsFeature]Resource0::[WindowsFeatureSet]x"),
            Some(vec![("WindowsFeature", "Resource0"), ("WindowsFeatureSet", "x")])
        );
        assert_eq!(
            segments("[Registry][V-1.a][medium]::[WindowsFirewall]Policy"),
            Some(vec![("Registry", "[V-1.a][medium]"), ("WindowsFirewall", "Policy")])
        );
        assert_eq!(segments("[File]C::x"), Some(vec![("File", "C::x")]));
        assert_eq!(segments("File:Index"), None);
        assert_eq!(segments("[File]"), None);
        assert_eq!(segments("[1File]x"), None);
        assert_eq!(segments("[File]x::[Set]"), None);
        assert_eq!(segments(""), None);
    }
}
