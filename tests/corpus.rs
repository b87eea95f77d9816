//! Every real file of the corpus goes through the front end. Files outside `negative/` must give
//! no syntax or literal error, except the known defects listed here, which must give exactly the
//! listed error: a defect that disappears, or a new error anywhere, fails the test.

mod support;

use std::path::{Path, PathBuf};

use mofc::source::{DiskWorld, SearchPath, mof_files};
use mofc::syntax::unit::entry_points;
use rayon::prelude::*;
use support::{Found, compile, corpus};

/// Files with real defects: (path suffix, code and line of the first error, why). Later errors in
/// the same file may be consequences and are not listed. The peer compiler pywbem
/// (`pywbem-outcomes.tsv`) agrees on each that is one of its entry points.
const KNOWN_DEFECTS: &[(&str, &str, usize, &str)] = &[
    // DSC localisation files whose Description lacks its closing `")`.
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
];

/// Syntax-level codes: reading, tokens, literals, grammar. Missing includes (E0003) are
/// dependencies the corpus lacks, and semantic codes are the semantic pass's tests.
fn is_front_end(code: &str) -> bool {
    (code.starts_with("E00") && code != "E0003") || code.starts_with("E01") || code.starts_with("E02")
}

fn check_group(corpus: &Path, group: &str, extra_search: &[PathBuf]) -> Vec<Found> {
    let dir = corpus.join(group);
    let files = mof_files(&dir).expect("corpus folder readable");
    let mut search = vec![dir.clone()];
    search.extend_from_slice(extra_search);
    let entries = entry_points(&DiskWorld, &files, &SearchPath { dirs: search.clone() });
    entries
        .par_iter()
        .flat_map_iter(|entry| compile(entry, &search).1)
        .filter(|f| is_front_end(f.code))
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

#[test]
fn cim_schema_parses_cleanly() {
    let Some(corpus) = corpus() else { return };
    let entry = corpus.join("cim-schema-2.49.0/cim_schema_2.49.0.mof");
    let (unit, found) = compile(&entry, &[]);
    assert_eq!(found, vec![]);
    assert_eq!(unit.sources.len(), 1634, "the entry point includes every schema file");
    let classes = unit.classes().count();
    assert_eq!(classes, 1631);
}

#[test]
fn wmi_files_parse_cleanly() {
    let Some(corpus) = corpus() else { return };
    assert_only_known_defects(check_group(&corpus, "wmi", &[]), 0);
}

#[test]
fn dsc_files_parse_cleanly() {
    let Some(corpus) = corpus() else { return };
    assert_only_known_defects(check_group(&corpus, "dsc", &[]), 2);
}

#[test]
fn omi_files_parse_cleanly() {
    let Some(corpus) = corpus() else { return };
    let schema = corpus.join("cim-schema-2.49.0");
    assert_only_known_defects(check_group(&corpus, "omi", &[schema]), 7);
}

#[test]
fn cim_tests_parse_cleanly() {
    let Some(corpus) = corpus() else { return };
    let schema = corpus.join("cim-schema-2.49.0");
    assert_only_known_defects(check_group(&corpus, "cim-tests", &[schema]), 0);
}
