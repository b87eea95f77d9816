//! The files of a PowerShell DSC resource, known by their names: `<Name>.schema.mof` (the
//! schema), `<Name>.psm1` beside it (the module) and `<locale>/<Name>.schema.mfl` below it (the
//! localized text). The loader reads the module and the localized descriptions with the schema;
//! the rules of `sema::dsc` find schemas and amendments by these names.

use std::collections::HashSet;
use std::path::Path;

use super::ast::{Feature, Item};
use super::parser::parse;
use crate::source::{FileId, decode};

/// The resource name a schema file's name gives (`Demo_Disk` for `Demo_Disk.schema.mof`, the
/// suffix in any letter case).
pub fn resource_name(file_name: &str) -> Option<&str> {
    stem(file_name, ".schema.mof")
}

/// The name before `suffix` (compared in any letter case), if the name has one.
pub fn stem<'n>(file_name: &'n str, suffix: &str) -> Option<&'n str> {
    let cut = file_name.len().checked_sub(suffix.len())?;
    let end = file_name.get(cut..)?;
    (cut > 0 && end.eq_ignore_ascii_case(suffix)).then(|| &file_name[..cut])
}

/// The name before `suffix` of the file at `path`, as [`stem`] gives it. The path's bytes are
/// looked at first: the rules ask this of every file of a compilation, and finding a path's file
/// name parses it from the end (1,634 files of the CIM Schema, twice: 0.3 ms).
pub fn path_stem<'p>(path: &'p Path, suffix: &str) -> Option<&'p str> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let end = bytes.get(bytes.len().checked_sub(suffix.len())?..)?;
    if !end.eq_ignore_ascii_case(suffix.as_bytes()) {
        return None;
    }
    stem(path.file_name()?.to_str()?, suffix)
}

/// The file name of the module beside a resource schema (`Demo.psm1` for `Demo.schema.mof`), or
/// `None` if `schema` is not named as a resource schema.
pub fn module_name_for(schema: &str) -> Option<String> {
    resource_name(schema).map(|name| format!("{name}.psm1"))
}

/// The properties (in lower case) that the amendment class `resource` of a localized
/// `.schema.mfl` text gives a `Description`. The text is only read, never compiled: what it
/// says of the model is checked in its own compilation (DSC118).
pub fn described_in_amendment(bytes: Vec<u8>, resource: &str) -> HashSet<String> {
    let Ok(text) = decode(bytes) else {
        return HashSet::new();
    };
    // The diagnostics of this parse are not reported: the `.mfl` reports its own when checked.
    let parsed = parse(FileId(0), &text);
    let mut described = HashSet::new();
    for item in &parsed.ast.items {
        let Item::Class(class) = item else { continue };
        if !class.name.is(resource) {
            continue;
        }
        for feature in &class.features {
            if let Feature::Property(property) = feature
                && property.qualifiers.iter().any(|q| q.name.is("Description"))
            {
                described.insert(property.name.text.to_ascii_lowercase());
            }
        }
    }
    described
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_come_from_schema_file_names() {
        assert_eq!(resource_name("Demo_Disk.schema.mof"), Some("Demo_Disk"));
        assert_eq!(resource_name("DSC_NetAdapterRSC.Schema.MOF"), Some("DSC_NetAdapterRSC"));
        assert_eq!(resource_name(".schema.mof"), None);
        assert_eq!(resource_name("Demo.mof"), None);
        assert_eq!(resource_name("é.schema.mof"), Some("é"));
        assert_eq!(module_name_for("Demo.SCHEMA.mof").as_deref(), Some("Demo.psm1"));
        assert_eq!(module_name_for("Demo.mof"), None);
        assert_eq!(stem("Demo.schema.mfl", ".schema.mfl"), Some("Demo"));
        assert_eq!(
            path_stem(Path::new("m/en-US/Demo.Schema.MFL"), ".schema.mfl"),
            Some("Demo")
        );
        assert_eq!(path_stem(Path::new("m/Demo.schema.mof"), ".schema.mof"), Some("Demo"));
        assert_eq!(path_stem(Path::new("m/.schema.mof"), ".schema.mof"), None);
        assert_eq!(path_stem(Path::new("m/Demo.mof"), ".schema.mof"), None);
        assert_eq!(path_stem(Path::new("mof"), ".schema.mof"), None);
    }

    #[test]
    fn descriptions_of_the_amendment_class_are_found() {
        let text = "[Description(\"x\") : Amended, AMENDMENT, LOCALE(\"MS_409\")]\n\
                    class Demo : OMI_BaseResource\n\
                    {\n  [Key, Description(\"The name.\") : Amended] string Name;\n  [Write] string Other;\n};\n\
                    class Else { [Description(\"no\")] string Third; };\n";
        let found = described_in_amendment(text.as_bytes().to_vec(), "demo");
        assert_eq!(found, HashSet::from(["name".to_string()]));
        assert!(described_in_amendment(vec![0xff, 0xfe, 0x00], "demo").is_empty());
    }
}
