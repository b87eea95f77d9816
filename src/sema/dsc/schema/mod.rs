//! The rules on a resource schema by itself (`dsc.md` section A, `DSC1xx`), one file each.
//!
//! A file is a resource schema when its name ends in `.schema.mof` (in any letter case): its
//! resource class is the class named like the file (or, where none is, the classes declared
//! `: OMI_BaseResource`). The other classes of a schema are its embedded classes, which only
//! the rules on embedded instances look at, as xDSCResourceDesigner tests only the resource
//! class's properties.
//!
//! A MOF file of another name is not a schema, even where a class in it derives from
//! `OMI_BaseResource` (`dsc.md` 0.1 allows it): PowerShell finds a resource only as
//! `DSCResources/<Name>/<Name>.schema.mof`, and the other files that hold such classes are not
//! written to be loaded by DSC: a resolved MOF (`mofc compile --emit mof` writes the
//! common properties out in every resource class, which DSC114 would refuse), the registration
//! MOF of a provider, a test's fixture. Checking them as schemas would report what is not wrong.
//!
//! Only the compilation's own files are schemas: a schema read to find a class (a
//! configuration document's resource, the schema a `.schema.mfl` amends) is a dependency, and
//! is checked in a compilation of its own. A `<Name>.schema.mfl` of the compilation is checked
//! against the schema it amends (DSC118).

mod access;
mod access_combination;
mod amendment;
mod base_class;
mod class_version;
mod descriptions;
mod embedded_class;
mod embedded_type;
mod encoding;
mod ensure;
mod friendly_name;
mod key;
mod key_array;
mod key_embedded;
mod names;
mod property_names;
mod types;
mod value_map;

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Class, Model};
use crate::source::{Encoding, FileId, Span};
use crate::syntax::ast::{Feature, PropertyDecl, Qualifier, ValueKind};
use crate::syntax::dsc_files::path_stem;
use crate::syntax::unit::Unit;

/// One resource schema of the compilation.
pub struct Schema<'m, 'a> {
    pub file: FileId,
    /// The file's path, for the rules about its name and folder.
    pub path: &'m std::path::Path,
    /// The file's text.
    pub text: &'m str,
    /// How the file was stored.
    pub encoding: Encoding,
    /// The file name without `.schema.mof`, as written: the resource's name.
    pub resource: &'m str,
    /// The classes the file declares, in order.
    pub classes: Vec<&'m Class<'a>>,
    pub model: &'m Model<'a>,
    /// The properties (in lower case) its localized amendments describe.
    pub described_elsewhere: Option<&'m HashSet<String>>,
}

impl<'m, 'a> Schema<'m, 'a> {
    /// The general diagnostic with `code` at `span` of this schema, which a rule completes with
    /// what DSC makes of it rather than reporting the fault twice.
    pub fn reported<'d>(&self, out: &'d mut [Diagnostic], code: Code, span: Span) -> Option<&'d mut Diagnostic> {
        out.iter_mut()
            .find(|d| d.code == code && d.primary.file == self.file && d.primary.span == span)
    }

    /// The class named like the file, if there is one (letter case aside).
    pub fn named_class(&self) -> Option<&'m Class<'a>> {
        self.classes
            .iter()
            .copied()
            .find(|class| class.name().eq_ignore_ascii_case(self.resource))
    }

    /// The resource classes: the class named like the file; in a schema without one, the
    /// classes that derive from `OMI_BaseResource`.
    pub fn resource_classes(&self) -> Vec<&'m Class<'a>> {
        match self.named_class() {
            Some(class) => vec![class],
            None => self.classes.iter().copied().filter(|c| derives_from_base(c)).collect(),
        }
    }

    /// The properties of the resource classes, as each class declares them.
    pub fn resource_properties(&self) -> Vec<&'a PropertyDecl> {
        self.resource_classes().into_iter().flat_map(properties).collect()
    }
}

/// Whether a class is declared `: OMI_BaseResource` (in any letter case).
pub fn derives_from_base(class: &Class) -> bool {
    class.decl.superclass.as_ref().is_some_and(|s| s.is("OMI_BaseResource"))
}

/// The properties a class declares itself, as written: what xDSCResourceDesigner reads.
pub fn properties<'a>(class: &Class<'a>) -> impl Iterator<Item = &'a PropertyDecl> + use<'a> {
    class.decl.features.iter().filter_map(|feature| match feature {
        Feature::Property(p) => Some(p),
        Feature::Method(_) => None,
    })
}

/// The qualifier of this name written in `qualifiers`, in any letter case.
pub fn written<'q>(qualifiers: &'q [Qualifier], name: &str) -> Option<&'q Qualifier> {
    qualifiers.iter().find(|q| q.name.is(name))
}

/// The strings of a qualifier's value (one string, or an array of them), with their places.
pub fn strings(q: &Qualifier) -> Vec<(&str, Span)> {
    let Some(value) = &q.value else { return Vec::new() };
    value
        .entries()
        .iter()
        .filter_map(|item| match &item.kind {
            ValueKind::String(s) => Some((s.as_ref(), item.span)),
            _ => None,
        })
        .collect()
}

/// The string value of a qualifier such as `ClassVersion("1.0.0")`, with its place.
pub fn string(q: &Qualifier) -> Option<(&str, Span)> {
    match &q.value.as_ref()?.kind {
        ValueKind::String(s) => Some((s.as_ref(), q.value.as_ref()?.span)),
        _ => None,
    }
}

/// Whether a name is one xDSCResourceDesigner accepts for a resource or property:
/// `^[A-Za-z][A-Za-z0-9_]*$`, at most 255 characters.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 255
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The resource schemas among the compilation's own files: in a `mofc check` of a module, its
/// entry file; where a schema includes another, each of them.
fn schemas<'m, 'a>(unit: &'m Unit, model: &'m Model<'a>) -> Vec<Schema<'m, 'a>> {
    let mut found: Vec<Schema> = unit
        .sources
        .iter()
        .filter(|(file, _)| unit.is_own(*file))
        .filter_map(|(file, source)| {
            let resource = path_stem(&source.path, ".schema.mof")?;
            Some(Schema {
                file,
                path: &source.path,
                text: &source.text,
                encoding: source.encoding,
                resource,
                classes: Vec::new(),
                model,
                described_elsewhere: unit
                    .localized_descriptions
                    .iter()
                    .find(|(schema, _)| *schema == file)
                    .map(|(_, described)| described),
            })
        })
        .collect();
    for (_, class) in model.input_classes() {
        if let Some(schema) = found.iter_mut().find(|s| class.origin.file() == Some(s.file)) {
            schema.classes.push(class);
        }
    }
    found
}

pub fn check(unit: &Unit, model: &Model, out: &mut Vec<Diagnostic>) {
    for schema in schemas(unit, model) {
        base_class::check(&schema, out);
        names::check(&schema, out);
        encoding::check(&schema, out);
        key::check(&schema, out);
        access::check(&schema, out);
        access_combination::check(&schema, out);
        key_embedded::check(&schema, out);
        key_array::check(&schema, out);
        types::check(&schema, out);
        value_map::check(&schema, out);
        embedded_class::check(&schema, out);
        embedded_type::check(&schema, out);
        class_version::check(&schema, out);
        friendly_name::check(&schema, out);
        property_names::check(&schema, out);
        descriptions::check(&schema, out);
        ensure::check(&schema, out);
    }
    for (file, source) in unit.sources.iter().filter(|(file, _)| unit.is_own(*file)) {
        if let Some(resource) = path_stem(&source.path, ".schema.mfl") {
            amendment::check(unit, model, file, resource, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn names_are_checked_as_xdscresourcedesigner_does() {
        assert!(valid_name("Demo_Disk1"));
        assert!(!valid_name("_Demo"));
        assert!(!valid_name("1Demo"));
        assert!(!valid_name("Dé"));
        assert!(!valid_name("Demo-Disk"));
        assert!(!valid_name(""));
        assert!(valid_name(&"a".repeat(255)));
        assert!(!valid_name(&"a".repeat(256)));
    }
}
