//! What mofc knows without being told: the DMTF standard qualifiers, the qualifiers WMI's mofcomp
//! accepts undeclared, the WMI system classes, the DSC/OMI base classes and the in-box DSC
//! resources with the Local Configuration Manager's settings. They are written as
//! MOF in `builtin/` and parsed once per process, so they read like any schema and are checked by
//! the same compiler. A declaration in the input replaces the built-in one of the same name.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::model::NoCase;
use crate::source::FileId;
use crate::syntax::ast::{ClassDecl, File, Item, QualifierDecl};
use crate::syntax::parse_alone;

/// The built-in files: (name, text, whether its qualifiers are WMI's own).
const FILES: [(&str, &str, bool); 5] = [
    (
        "dmtf-qualifiers.mof",
        include_str!("builtin/dmtf-qualifiers.mof"),
        false,
    ),
    ("wmi-qualifiers.mof", include_str!("builtin/wmi-qualifiers.mof"), true),
    ("wmi-classes.mof", include_str!("builtin/wmi-classes.mof"), false),
    ("dsc-classes.mof", include_str!("builtin/dsc-classes.mof"), false),
    ("dsc-inbox.mof", include_str!("builtin/dsc-inbox.mof"), false),
];

/// The file of the in-box DSC resources (module `PSDesiredStateConfiguration`).
const INBOX: usize = 4;

/// The module that ships the in-box resources, as configuration documents name it.
pub const INBOX_MODULE: &str = "PSDesiredStateConfiguration";

/// The parsed built-in declarations.
pub struct Builtins {
    files: Vec<(File, bool)>,
    /// Lower-case names of the qualifiers only WMI defines; looked up for every qualifier of a
    /// compilation, so a set.
    wmi_only: FxHashSet<NoCase<'static>>,
    /// Names of the classes of `dsc-inbox.mof`: a configuration document takes them from
    /// [`INBOX_MODULE`] unless it names another module.
    inbox: FxHashSet<NoCase<'static>>,
    /// Where each class is, by name: (file, item). Looked up for every superclass a
    /// compilation's search for classes follows, so a map.
    class_at: FxHashMap<NoCase<'static>, (usize, usize)>,
}

impl Builtins {
    /// Every built-in qualifier declaration, with whether only WMI defines it.
    pub fn qualifiers(&self) -> impl Iterator<Item = (&QualifierDecl, bool)> {
        self.files.iter().flat_map(|(file, wmi)| {
            file.items.iter().filter_map(move |item| match item {
                Item::Qualifier(q) => Some((&**q, *wmi)),
                _ => None,
            })
        })
    }

    pub fn classes(&self) -> impl Iterator<Item = &ClassDecl> {
        self.files.iter().flat_map(|(file, _)| {
            file.items.iter().filter_map(|item| match item {
                Item::Class(c) => Some(&**c),
                _ => None,
            })
        })
    }

    /// The built-in class named `name`, in any letter case.
    pub fn class(&self, name: &str) -> Option<&ClassDecl> {
        let &(file, item) = self.class_at.get(&NoCase(name))?;
        match self.files.get(file)?.0.items.get(item)? {
            Item::Class(c) => Some(c),
            _ => None,
        }
    }

    /// Whether `name` is a class of the in-box DSC module ([`INBOX_MODULE`]).
    pub fn is_inbox(&self, name: &str) -> bool {
        self.inbox.contains(&NoCase(name))
    }

    /// Whether `name` is a qualifier that WMI defines and DMTF does not.
    pub fn is_wmi_qualifier(&self, name: &str) -> bool {
        self.wmi_only.contains(&NoCase(name))
    }
}

/// The file id the built-in files' spans refer to; they are never shown.
pub const BUILTIN_FILE: FileId = FileId(u32::MAX);

/// The built-in declarations, parsed on first use.
pub fn builtins() -> &'static Builtins {
    static BUILTINS: OnceLock<Builtins> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        let files = FILES
            .iter()
            .map(|&(_, text, wmi)| (parse_alone(BUILTIN_FILE, text).ast, wmi))
            .collect();
        let mut builtins = Builtins {
            files,
            wmi_only: FxHashSet::default(),
            inbox: FxHashSet::default(),
            class_at: FxHashMap::default(),
        };
        let names: Vec<&'static str> = builtins
            .qualifiers()
            .filter(|(_, wmi)| *wmi)
            .map(|(q, _)| &*Box::leak(q.name.text.clone()))
            .collect();
        builtins.wmi_only = names.into_iter().map(NoCase).collect();
        let inbox: Vec<&'static str> = builtins.files[INBOX]
            .0
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Class(c) => Some(&*Box::leak(c.name.text.clone())),
                _ => None,
            })
            .collect();
        builtins.inbox = inbox.into_iter().map(NoCase).collect();
        for (f, (file, _)) in builtins.files.iter().enumerate() {
            for (i, item) in file.items.iter().enumerate() {
                if let Item::Class(c) = item {
                    // The first of a name, as a walk through `classes` finds it.
                    let name = NoCase(&*Box::leak(c.name.text.clone()));
                    builtins.class_at.entry(name).or_insert((f, i));
                }
            }
        }
        builtins
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn builtin_files_parse_cleanly() {
        for (name, text, _) in FILES {
            let parsed = parse(BUILTIN_FILE, text);
            assert!(parsed.diagnostics.is_empty(), "{name}: {:#?}", parsed.diagnostics);
        }
    }

    #[test]
    fn a_class_is_found_by_name_in_any_letter_case_as_the_first_of_the_classes() {
        for class in builtins().classes() {
            let first = builtins().classes().find(|c| c.name.is(&class.name.text));
            let upper = class.name.text.to_ascii_uppercase();
            assert!(std::ptr::eq(
                builtins().class(&upper).expect("found"),
                first.expect("found")
            ));
        }
        assert!(builtins().class("__SystemClas").is_none());
    }

    #[test]
    fn the_dmtf_set_has_the_70_qualifiers_of_cim_2_49() {
        let dmtf = builtins().qualifiers().filter(|(_, wmi)| !wmi).count();
        assert_eq!(dmtf, 70);
        assert!(builtins().is_wmi_qualifier("WmiDataId"));
        assert!(!builtins().is_wmi_qualifier("Key"));
    }
}
