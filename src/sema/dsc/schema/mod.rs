//! The rules on a resource schema by itself (`dsc.md` section A, `DSC1xx`), one file each.
//!
//! A file is a resource schema when its name ends in `.schema.mof` (in any letter case); its
//! resource class is the class named like the file. Each rule gets the [`Schema`] and reports
//! what it finds.

mod base_class;

use crate::diag::Diagnostic;
use crate::sema::model::{Class, Model};
use crate::source::FileId;
use crate::syntax::unit::Unit;

/// One resource schema of the compilation.
pub struct Schema<'m, 'a> {
    pub file: FileId,
    /// The file's text.
    pub text: &'m str,
    /// The file name without `.schema.mof`, as written: the resource's name.
    pub resource: &'m str,
    /// The classes the file declares, in order.
    pub classes: Vec<&'m Class<'a>>,
}

impl<'m, 'a> Schema<'m, 'a> {
    /// The class named like the file, if there is one (letter case aside).
    pub fn resource_class(&self) -> Option<&'m Class<'a>> {
        self.classes
            .iter()
            .copied()
            .find(|class| class.name().eq_ignore_ascii_case(self.resource))
    }
}

/// The resource name a schema file's name gives (`Demo_Disk` for `Demo_Disk.schema.mof`).
pub fn resource_name(file_name: &str) -> Option<&str> {
    let cut = file_name.len().checked_sub(".schema.mof".len())?;
    let suffix = file_name.get(cut..)?;
    (cut > 0 && suffix.eq_ignore_ascii_case(".schema.mof")).then(|| &file_name[..cut])
}

/// The resource schemas among the compilation's files: in a `mofc check` of a module, its entry
/// file; where a schema includes another, each of them.
fn schemas<'m, 'a>(unit: &'m Unit, model: &'m Model<'a>) -> Vec<Schema<'m, 'a>> {
    let mut found: Vec<Schema> = unit
        .sources
        .iter()
        .filter_map(|(file, source)| {
            let name = source.path.file_name()?.to_str()?;
            Some(Schema {
                file,
                text: &source.text,
                resource: resource_name(name)?,
                classes: Vec::new(),
            })
        })
        .collect();
    if found.is_empty() {
        return found;
    }
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
    }
}

#[cfg(test)]
mod tests {
    use super::resource_name;

    #[test]
    fn resource_names_come_from_schema_file_names() {
        assert_eq!(resource_name("Demo_Disk.schema.mof"), Some("Demo_Disk"));
        assert_eq!(resource_name("DSC_NetAdapterRSC.Schema.MOF"), Some("DSC_NetAdapterRSC"));
        assert_eq!(resource_name(".schema.mof"), None);
        assert_eq!(resource_name("Demo.mof"), None);
        assert_eq!(resource_name("é.schema.mof"), Some("é"));
    }
}
