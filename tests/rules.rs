//! One folder of fixtures per rule, as ruff keeps them: `tests/fixtures/rules/<CODE>/<case>/`,
//! where a case is a folder that `mofc check --format json .` runs in (with the arguments of its
//! `args` file, one per line, if it has one). Its `expected` file lists every diagnostic the run
//! must give, one per line as `FILE:LINE:COLUMN SEVERITY CODE`, in the order mofc reports them; a
//! case without the file must give none. So a fixture pins the rule's code and place, and that
//! no other rule fires on the same text.
//!
//! A case may also have a `labels` file: each secondary label of the run, one per line as
//! `FILE:LINE:COLUMN CODE -> FILE:LINE:COLUMN` (the diagnostic's place, then the label's), so
//! that a finding about two files (a schema and its module) is pinned in both.
//!
//! Every code of the DSC family has a folder with at least one `bad*` case that reports it and
//! one `good*` case. The DSC schema rules are also run on the real modules of
//! `../shared/corpus/dsc`, which must give exactly the findings recorded, with their evidence,
//! in `fixtures/rules/dsc-corpus-findings.tsv`.

mod support;

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use support::{check_json, corpus, each_diagnostic, number, text};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    found.sort();
    found
}

fn read_lines(path: &Path) -> Vec<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// What `mofc check` reports for one case, in the `expected` file's form, and its exit code.
fn run(case: &Path) -> (i32, Vec<String>) {
    let mut args: Vec<String> = read_lines(&case.join("args"));
    args.push(".".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, doc) = check_json(case, &args);
    let found = each_diagnostic(&doc, |d| {
        format!(
            "{}:{}:{} {} {}",
            text(d, "file").replace('\\', "/"),
            number(d, "line"),
            number(d, "column"),
            text(d, "severity"),
            text(d, "code")
        )
    });
    (code, found)
}

#[test]
fn every_case_reports_exactly_what_it_expects() {
    let mut failures = Vec::new();
    for rule in folders(&fixtures()) {
        for case in folders(&rule) {
            let expected = read_lines(&case.join("expected"));
            let (code, found) = run(&case);
            let errors = expected.iter().any(|line| line.contains(" error "));
            let name = case.strip_prefix(fixtures()).unwrap().display().to_string();
            if found != expected {
                failures.push(format!(
                    "{name}:\n  expected:\n    {}\n  found:\n    {}",
                    expected.join("\n    "),
                    found.join("\n    ")
                ));
            } else if code != i32::from(errors) {
                failures.push(format!("{name}: exit code {code}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cases_with_labels_report_them_in_both_files() {
    let mut failures = Vec::new();
    for rule in folders(&fixtures()) {
        for case in folders(&rule).into_iter().filter(|c| c.join("labels").is_file()) {
            let expected = read_lines(&case.join("labels"));
            let (_, doc) = check_json(&case, &["."]);
            let place = |v: &serde_json::Value| {
                format!(
                    "{}:{}:{}",
                    text(v, "file").replace('\\', "/"),
                    number(v, "line"),
                    number(v, "column")
                )
            };
            let found: Vec<String> = each_diagnostic(&doc, |d| {
                d["labels"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|label| format!("{} {} -> {}", place(d), text(d, "code"), place(label)))
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .flatten()
            .collect();
            if found != expected {
                let name = case.strip_prefix(fixtures()).unwrap().display().to_string();
                failures.push(format!("{name}: labels {found:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_dsc_rule_has_a_failing_and_a_passing_case() {
    for info in mofc::diag::CODES.iter().filter(|info| info.id.starts_with("DSC")) {
        let rule = fixtures().join(info.id);
        assert!(rule.is_dir(), "{} has no fixtures in {}", info.id, rule.display());
        let cases = folders(&rule);
        let named = |prefix: &str| {
            cases
                .iter()
                .filter(|c| c.file_name().unwrap().to_string_lossy().starts_with(prefix))
                .collect::<Vec<_>>()
        };
        let reports = named("bad")
            .iter()
            .any(|case| read_lines(&case.join("expected")).iter().any(|l| l.ends_with(info.id)));
        assert!(reports, "{}: no bad* case expects it", info.id);
        assert!(!named("good").is_empty(), "{}: no good* case", info.id);
    }
}

/// DSC107 and DSC110 keep the general code where mofc already reports the fault (an array key,
/// an embedded class nobody declares) and add what DSC makes of it as the help.
#[test]
fn dsc_wording_goes_to_the_general_code() {
    let cases = [
        ("DSC107/bad", "E0311", "DSC: "),
        ("DSC110/bad", "E0301", "DSC: "),
        // The general report's suggestion stays in front.
        ("DSC110/bad-misspelt", "E0301", "did you mean `Demo_Binding`? DSC: "),
    ];
    for (case, code, start) in cases {
        let (_, doc) = check_json(&fixtures().join(case), &["."]);
        let helps = each_diagnostic(&doc, |d| {
            (text(d, "code"), d["help"].as_str().unwrap_or("").to_string())
        });
        let (_, help) = helps.iter().find(|(c, _)| c == code).expect(code);
        assert!(help.starts_with(start), "{case}: {help}");
    }
}

/// The modules of the corpus pass xDSCResourceDesigner in their own CI: no DSC rule may give an
/// error there, and each warning or note is a recorded finding.
#[test]
fn dsc_corpus_gives_exactly_the_recorded_findings() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let dsc = corpus.join("dsc");
    let (_, doc) = check_json(&dsc, &["."]);
    let mut found: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let each = each_diagnostic(&doc, |d| {
        (text(d, "file").replace('\\', "/"), text(d, "code"), text(d, "severity"))
    });
    for key in each.into_iter().filter(|(_, code, _)| code.starts_with("DSC1")) {
        *found.entry(key).or_default() += 1;
    }
    let errors: Vec<_> = found.keys().filter(|(_, _, severity)| severity == "error").collect();
    assert!(
        errors.is_empty(),
        "DSC errors on modules that pass xDSCResourceDesigner: {errors:?}"
    );
    let recorded = std::fs::read_to_string(fixtures().join("dsc-corpus-findings.tsv")).unwrap();
    let expected: BTreeMap<(String, String, String), usize> = recorded
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let key = (fields[0].to_string(), fields[1].to_string(), fields[2].to_string());
            (key, fields[3].parse().unwrap())
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_module_given_as_a_path_checks_the_schema_beside_it() {
    let case = fixtures().join("DSC207/bad");
    let (code, doc) = check_json(&case, &["Demo_Res.psm1"]);
    let found = each_diagnostic(&doc, |d| {
        format!("{}:{} {}", text(d, "file"), number(d, "line"), text(d, "code"))
    });
    assert_eq!(found, ["Demo_Res.psm1:34 DSC207"]);
    assert_eq!(code, 0);
    assert_eq!(number(&doc["summary"], "files"), 2);
}
