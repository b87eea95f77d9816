//! Every real file of the corpus, compiled as `mofc check` compiles a folder. The self-contained
//! groups (the CIM Schema, `wmi/`, `dsc/`, `cim-tests/`) must give no error at all, except the
//! known defects listed here, which must give exactly the listed error: a defect that
//! disappears, or a new error anywhere, fails the test. In `omi/`, whose files depend on
//! includes the corpus lacks, the front end must be clean; `peer.rs` checks the rest.

mod support;

use std::path::{Path, PathBuf};

use mofc::sema::{
    self,
    model::{Member, Origin},
};
use mofc::source::{DiskWorld, SearchPath, mof_files};
use mofc::syntax::unit::entry_points;
use rayon::prelude::*;
use support::{Found, compile, corpus};

/// Files with real defects: (path suffix, code and line of the first error, why). Later errors in
/// the same file may be consequences and are not listed. The peer compiler pywbem
/// (`pywbem-outcomes.tsv`) agrees on each that is one of its entry points.
const KNOWN_DEFECTS: &[(&str, &str, usize, &str)] = &[
    // DSC localisation files whose Description lacks its closing `")`; reported as warnings,
    // since a localization file cannot change the schema (`sema::settle`).
    (
        "MSFT_UserResource/en-US/MSFT_UserResource.schema.mfl",
        "E0201",
        5,
        "unclosed Description string",
    ),
    (
        "DSC_xUserResource/en-US/DSC_xUserResource.schema.mfl",
        "E0201",
        5,
        "unclosed Description string",
    ),
    // `ClassName = "TST_Assoc5;` never closes its string.
    (
        "TestProviders/Load/AssociationTestProviderR.mof",
        "E0201",
        151,
        "unclosed string on line 150",
    ),
    // Non-standard escapes (`\s`, `\d`, `\C`, `\``); pywbem: "genuine defect".
    ("networkschema/MSFT_NetworkACLService.mof", "E0104", 18, "escape \\s"),
    ("networkschema/MSFT_SwitchService.mof", "E0104", 25, "escape \\s"),
    ("Network/schema/MSFT_SwitchService.mof", "E0104", 26, "escape \\s"),
    ("Network/schema/MSFT_NetworkVLAN.mof", "E0104", 9, "escape \\d"),
    ("TestClass_Employee/TestClass_Employee.mof", "E0104", 4, "escape \\C"),
    ("cmdline/tests/ValidMof4b.mof", "E0104", 52, "escape \\`"),
    // `ssint64 = 0x8000000000000000`: beyond sint64, which OMI reads as a two's complement bit
    // pattern; DSP0004 gives hexadecimal literals their value, not a bit pattern.
    (
        "blue/mofs/dmtftypes_instanceminvalue.mof",
        "E0106",
        16,
        "hex beyond sint64",
    ),
];

/// Syntax-level codes: reading, tokens, literals, grammar. Missing includes (E0003) are
/// dependencies the corpus lacks. (In a localization file these are warnings; see `is_error`.)
fn is_front_end(f: &Found) -> bool {
    let code = f.code;
    (code.starts_with("E00") && code != "E0003") || code.starts_with("E01") || code.starts_with("E02")
}

fn is_error(f: &Found) -> bool {
    f.error
}

fn check_group(corpus: &Path, group: &str, extra_search: &[PathBuf], keep: fn(&Found) -> bool) -> Vec<Found> {
    let dir = corpus.join(group);
    let files = mof_files(&DiskWorld, &dir).expect("corpus folder readable");
    let mut search = vec![dir.clone()];
    search.extend_from_slice(extra_search);
    let entries = entry_points(&DiskWorld, &files, &SearchPath { dirs: search.clone() });
    entries
        .par_iter()
        .flat_map_iter(|entry| compile(entry, &search).1)
        .filter(keep)
        .collect()
}

fn assert_only_known_defects(found: Vec<Found>, expected_defective_files: usize) {
    let defect = |f: &Found| KNOWN_DEFECTS.iter().find(|(file, ..)| f.file.ends_with(file));
    let unexpected: Vec<&Found> = found.iter().filter(|f| defect(f).is_none()).collect();
    assert!(
        unexpected.is_empty(),
        "front-end errors in real files:\n{unexpected:#?}"
    );
    let mut first_errors: Vec<(&str, &str, usize)> = found
        .iter()
        .filter_map(|f| {
            defect(f)
                .filter(|d| d.1 == f.code && d.2 == f.line)
                .map(|d| (d.0, f.code, f.line))
        })
        .collect();
    first_errors.sort();
    first_errors.dedup();
    assert_eq!(
        first_errors.len(),
        expected_defective_files,
        "known defects no longer reported as listed: {found:#?}"
    );
}

/// The counts pywbem's own tests assert for this schema: 1,631 classes, 70 qualifier types.
#[test]
fn cim_schema_resolves_cleanly() {
    let Some(corpus) = corpus() else { return };
    let entry = corpus.join("cim-schema-2.49.0/cim_schema_2.49.0.mof");
    let (unit, found) = compile(&entry, &[]);
    assert_eq!(found, vec![]);
    assert_eq!(unit.sources.len(), 1634, "the entry point includes every schema file");
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    assert_eq!(model.input_classes().count(), 1631);
    let declared = model.qualifiers.iter().filter(|q| q.origin != Origin::Builtin).count();
    assert_eq!(declared, 70);
    // Spot checks of resolution: inheritance, keys and propagated qualifiers.
    let ns = model.classes[model.input_classes().next().unwrap().0].namespace;
    let system_id = model.class(ns, "CIM_ComputerSystem").unwrap();
    let system = &model.classes[system_id];
    let keys: Vec<&str> = system.keys().map(|k| &*k.decl.name.text).collect();
    assert_eq!(
        keys,
        ["Name", "CreationClassName"],
        "inherited first, in ancestor order"
    );
    // CIM_System overrides Name (declared by CIM_ManagedSystemElement) and makes it a key;
    // CIM_ComputerSystem inherits the override.
    let name = system.property("Name").unwrap();
    assert!(name.inherited_in(system_id));
    assert_eq!(model.classes[name.class_origin].name(), "CIM_ManagedSystemElement");
    let key = name.qualifiers.iter().find(|q| q.is("Key")).unwrap();
    assert!(key.inherited_in(system_id));
    assert_eq!(model.classes[key.from()].name(), "CIM_System");
    let element_name = system.property("ElementName").unwrap();
    assert!(element_name.inherited_in(system_id));
    assert_eq!(model.classes[element_name.class_origin].name(), "CIM_ManagedElement");
}

#[test]
fn wmi_files_compile_cleanly() {
    let Some(corpus) = corpus() else { return };
    assert_only_known_defects(check_group(&corpus, "wmi", &[], is_error), 0);
}

#[test]
fn dsc_files_compile_cleanly() {
    let Some(corpus) = corpus() else { return };
    assert_only_known_defects(check_group(&corpus, "dsc", &[], is_error), 0);
    // The two broken localization files are still reported, as warnings.
    let broken = check_group(&corpus, "dsc", &[], is_front_end);
    assert!(
        broken.iter().all(|f| !f.error && f.file.ends_with(".mfl")),
        "{broken:#?}"
    );
    assert_only_known_defects(broken, 2);
}

#[test]
fn omi_files_parse_cleanly() {
    let Some(corpus) = corpus() else { return };
    let schema = corpus.join("cim-schema-2.49.0");
    assert_only_known_defects(check_group(&corpus, "omi", &[schema], is_front_end), 8);
}

#[test]
fn cim_tests_compile_cleanly_with_the_schema() {
    let Some(corpus) = corpus() else { return };
    let schema = corpus.join("cim-schema-2.49.0");
    assert_only_known_defects(check_group(&corpus, "cim-tests", &[schema], is_error), 0);
}
