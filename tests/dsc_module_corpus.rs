//! The schema ↔ module rules (`DSC2xx`) on every resource of `../shared/corpus/dsc` (each schema
//! with its `.psm1`): no error, and exactly the findings recorded, with their evidence, in
//! `tests/fixtures/rules/dsc-module-corpus-findings.tsv`.

mod support;

use std::path::Path;

use support::{check_json, corpus, each_diagnostic, number, text};

#[test]
fn the_dsc_corpus_has_no_module_error_and_exactly_the_recorded_findings() {
    let Some(corpus) = corpus() else {
        return;
    };
    let dsc = corpus.join("dsc");
    let (_, doc) = check_json(&dsc, &["."]);
    let mut found: Vec<String> = each_diagnostic(&doc, |d| {
        let code = text(d, "code");
        code.starts_with("DSC2").then(|| {
            format!(
                "{}\t{}\t{}\t{}\t{code}",
                text(d, "file").replace('\\', "/"),
                number(d, "line"),
                number(d, "column"),
                text(d, "severity")
            )
        })
    })
    .into_iter()
    .flatten()
    .collect();
    let errors: Vec<&String> = found.iter().filter(|f| f.contains("\terror\t")).collect();
    assert!(errors.is_empty(), "module errors in the corpus: {errors:#?}");

    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/dsc-module-corpus-findings.tsv");
    let table = std::fs::read_to_string(table).expect("findings table");
    let mut recorded: Vec<String> = table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.splitn(6, '\t').take(5).collect::<Vec<_>>().join("\t"))
        .collect();
    found.sort();
    recorded.sort();
    assert_eq!(found, recorded);
    // Every module was read with its schema: the run's files are the MOF files and the modules.
    let (mut mof, mut modules) = (0, 0);
    count(&dsc, &mut mof, &mut modules);
    assert!(modules > 0);
    assert_eq!(number(&doc["summary"], "files"), mof + modules);
}

/// The `.mof`/`.mfl` files and the `.psm1` files under `dir`.
fn count(dir: &Path, mof: &mut u64, modules: &mut u64) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match extension.as_str() {
            _ if path.is_dir() => count(&path, mof, modules),
            "mof" | "mfl" => *mof += 1,
            "psm1" => *modules += 1,
            _ => {}
        }
    }
}
