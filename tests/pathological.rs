//! Inputs that once cost quadratic time or memory, or overflowed the stack, at sizes where that
//! cost would take minutes in a debug build (and `run_mofc` kills a run after a minute): each
//! test asserts the exact outcome, and passing at all keeps the cost linear. The inputs come
//! from `support/pathological.rs`; `benches/pathological.rs` measures them.

mod support;

#[path = "support/pathological.rs"]
mod pathological;

use std::path::Path;

use pathological::{
    class_chain, diamond_includes, embedded_in_strings, include_chain, long_class_name, many_namespaces,
    misspelt_includes, misspelt_superclasses, nested_brackets, one_line_of_errors, qualified_property, self_includes,
    wide_class, wide_instance,
};
use serde_json::Value;
use support::run_mofc;

/// A diagnostic as these tests compare it: code, file name, line, column.
type Reported = (String, String, u64, u64);

/// `mofc check --format json` of `entry` in `dir`: exit code, each diagnostic as (code, file
/// name, line, column), and the summary.
fn check(dir: &Path, entry: &str) -> (i32, Vec<Reported>, Value) {
    let (code, stdout, stderr) = run_mofc(dir, &["check", "--format", "json", entry]);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                // Included files are named by the path they were found at.
                Path::new(d["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    (code, diagnostics, report["summary"].clone())
}

/// [`check`] of `text`, the only file of a folder of its own, named `name`.
fn check_text(name: &str, text: impl AsRef<[u8]>) -> (i32, Vec<Reported>, Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    check(dir.path(), name)
}

/// `mofc compile --emit json --as-written` of `entry` in `dir`: the document.
fn declared_model(dir: &Path, entry: &str) -> Value {
    let (code, stdout, stderr) = run_mofc(dir, &["compile", "--emit", "json", "--as-written", entry]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("a JSON document")
}

fn diagnostic(code: &str, file: &str, line: u64, column: u64) -> Reported {
    (code.to_string(), file.to_string(), line, column)
}

#[test]
fn a_run_of_100_000_brackets_is_one_syntax_error() {
    let (code, diagnostics, _) = check_text("b.mof", nested_brackets(100_000));
    assert_eq!(code, 1);
    assert_eq!(diagnostics, [diagnostic("E0201", "b.mof", 1, 2)]);
}

#[test]
fn a_file_of_100_000_namespaces_finds_each_by_its_path() {
    let (code, diagnostics, _) = check_text("ns.mof", many_namespaces(100_000));
    // `C` again in `root/ns0`, on the last line.
    assert_eq!(diagnostics, [diagnostic("W0303", "ns.mof", 200_002, 7)]);
    assert_eq!(code, 0);
}

/// Each column was counted from the start of its line: quadratic, but at a few bytes a cycle,
/// so that only sizes too large for a debug build show it (`one_line_of_errors_columns` in
/// `benches/pathological.rs` shows the growth). This checks the columns themselves.
#[test]
fn a_line_of_50_000_diagnostics_has_the_column_of_each() {
    let text = one_line_of_errors(50_000);
    let (code, diagnostics, _) = check_text("line.mof", &text);
    assert_eq!(code, 1);
    // Each default `300`, one column after its byte offset on this ASCII line.
    let expected: Vec<_> = text
        .match_indices("= 300")
        .map(|(at, _)| diagnostic("E0106", "line.mof", 1, at as u64 + 3))
        .collect();
    assert_eq!(expected.len(), 50_000);
    assert_eq!(diagnostics, expected);
}

#[test]
fn a_class_name_of_20_000_characters_is_not_indexed_for_suggestions() {
    let (code, diagnostics, _) = check_text("long.mof", long_class_name(20_000));
    assert_eq!(code, 1);
    // `class D{i} : Missing{i}`, i from 0 to 39 on lines 2 to 41.
    let expected: Vec<_> = (0..40)
        .map(|i| diagnostic("E0301", "long.mof", i + 2, if i < 10 { 12 } else { 13 }))
        .collect();
    assert_eq!(diagnostics, expected);
}

#[test]
fn embedded_objects_nest_8_strings_deep_and_no_deeper() {
    for (levels, expected) in [
        (8, vec![]),
        // Refused at the ninth string, which the diagnostic points into as the outermost one.
        (9, vec![diagnostic("E0210", "e.mof", 2, 21)]),
        // 1.1 MB, which made 200 MB of copies when every level was compiled.
        (600, vec![diagnostic("E0210", "e.mof", 2, 21)]),
    ] {
        let (code, diagnostics, _) = check_text("e.mof", embedded_in_strings(levels));
        assert_eq!(diagnostics, expected, "{levels} levels");
        assert_eq!(code, i32::from(levels > 8), "{levels} levels");
    }
}

#[test]
fn a_file_that_includes_itself_10_000_times_has_one_cycle_per_include() {
    let n = 10_000;
    let (code, diagnostics, summary) = check_text("self.mof", self_includes("self.mof", n));
    assert_eq!(code, 1);
    let expected: Vec<_> = (1..=n as u64)
        .map(|line| diagnostic("E0004", "self.mof", line, 1))
        .collect();
    assert_eq!(diagnostics, expected);
    assert_eq!(summary["files"], 1);
}

#[test]
fn a_class_of_100_000_properties_checks_clean_and_a_duplicate_is_found() {
    let n = 100_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wide.mof"), wide_class(n)).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "wide.mof");
    assert_eq!((code, diagnostics), (0, vec![]));
    let model = declared_model(dir.path(), "wide.mof");
    let properties = model["classes"][0]["properties"].as_array().unwrap();
    assert_eq!(properties.len(), n);
    assert_eq!(properties[n - 1]["name"], "P99999");

    // The twin: the first property declared again at the end (line n + 2).
    let twin = wide_class(n).replace("};\n", "    uint32 P0;\n};\n");
    std::fs::write(dir.path().join("twin.mof"), twin).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "twin.mof");
    assert_eq!(code, 1);
    assert_eq!(diagnostics, [diagnostic("E0308", "twin.mof", n as u64 + 2, 12)]);
}

#[test]
fn a_property_with_100_000_qualifiers_keeps_them_all() {
    let n = 100_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q.mof"), qualified_property(n)).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "q.mof");
    assert_eq!((code, diagnostics), (0, vec![]));
    let model = declared_model(dir.path(), "q.mof");
    let qualifiers = model["classes"][0]["properties"][0]["qualifiers"].as_array().unwrap();
    assert_eq!(qualifiers.len(), n);
    assert_eq!(qualifiers[n - 1]["name"], "Q99999");
}

#[test]
fn an_instance_with_100_000_values_checks_clean_and_a_second_value_is_found() {
    let n = 100_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("i.mof"), wide_instance(n)).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "i.mof");
    assert_eq!((code, diagnostics), (0, vec![]));

    // The twin: `P0` given a value again at the end of the instance (class: n + 2 lines, then
    // `instance of`, the n values, and this one).
    let twin = wide_instance(n).strip_suffix("};\n").unwrap().to_string() + "    P0 = 1;\n};\n";
    std::fs::write(dir.path().join("twin.mof"), twin).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "twin.mof");
    assert_eq!(code, 1);
    assert_eq!(diagnostics, [diagnostic("E0308", "twin.mof", 2 * n as u64 + 4, 5)]);
}

#[test]
fn a_chain_of_20_000_classes_checks_clean_and_its_keys_are_inherited() {
    let n = 20_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chain.mof"), class_chain(n)).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "chain.mof");
    assert_eq!((code, diagnostics), (0, vec![]));

    // Each class lists the one property it declares.
    let model = declared_model(dir.path(), "chain.mof");
    let classes = model["classes"].as_array().unwrap();
    assert_eq!(classes.len(), n);
    let last = &classes[n - 1];
    assert_eq!(
        (&last["name"], &last["superclass"]),
        (&"C19999".into(), &"C19998".into())
    );
    let properties = last["properties"].as_array().unwrap();
    assert_eq!(properties.len(), 1);
    assert_eq!(
        (&properties[0]["name"], &properties[0]["class_origin"]),
        (&"P19999".into(), &"C19999".into())
    );

    // The twin: a key added at the bottom of the chain, below C0's (line n + 1, at `Key`).
    let twin = class_chain(n) + "class Bad : C19999 { [Key] string K2; };\n";
    std::fs::write(dir.path().join("twin.mof"), twin).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "twin.mof");
    assert_eq!(code, 0);
    assert_eq!(diagnostics, [diagnostic("W0310", "twin.mof", n as u64 + 1, 23)]);
}

#[test]
fn a_chain_of_20_000_included_files_is_walked_without_recursion() {
    let dir = tempfile::tempdir().unwrap();
    include_chain(dir.path(), 20_000, false);
    let (code, diagnostics, summary) = check(dir.path(), "f0.mof");
    assert_eq!((code, diagnostics), (0, vec![]));
    assert_eq!(summary["files"], 20_000);
}

/// Each include names its file in another letter case, so the folder is listed to find it: once
/// per load, not once per include (20,000 listings of 20,000 files would take minutes).
#[test]
fn includes_in_another_letter_case_list_their_folder_once() {
    let dir = tempfile::tempdir().unwrap();
    misspelt_includes(dir.path(), 20_000);
    let (code, diagnostics, summary) = check(dir.path(), "main.mof");
    assert_eq!(code, 0);
    let expected: Vec<Reported> = (1..=20_000)
        .map(|line| diagnostic("W0007", "main.mof", line, 1))
        .collect();
    assert_eq!(diagnostics, expected);
    assert_eq!(summary["files"], 20_001);
}

#[test]
fn preprocessed_files_nest_1_025_deep_and_no_deeper() {
    let dir = tempfile::tempdir().unwrap();
    include_chain(dir.path(), 1_025, true);
    let (code, diagnostics, summary) = check(dir.path(), "f0.mof");
    assert_eq!((code, diagnostics), (0, vec![]));
    assert_eq!(summary["files"], 1_025);

    let dir = tempfile::tempdir().unwrap();
    include_chain(dir.path(), 1_026, true);
    let (code, diagnostics, summary) = check(dir.path(), "f0.mof");
    assert_eq!(code, 1);
    assert_eq!(diagnostics, [diagnostic("E0008", "f1024.mof", 1, 1)]);
    assert_eq!(summary["files"], 1_025);
}

#[test]
fn load_accepts_a_chain_as_deep_as_check_does() {
    let n = 1_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chain.mof"), class_chain(n)).unwrap();
    let (code, _, stderr) = run_mofc(dir.path(), &["load", "--repo", "repo", "chain.mof"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("C999 created"), "{stderr}");
    assert!(stderr.contains("1000 operations, 0 failed: committed"), "{stderr}");
}

#[test]
fn suggestions_for_10_000_undefined_superclasses_look_at_few_names() {
    // Comparing each unknown name with each of the 15,000 classes would take minutes.
    let n = 5_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("misspelt.mof"), misspelt_superclasses(n)).unwrap();
    let (code, stdout, stderr) = run_mofc(dir.path(), &["check", "--format", "json", "misspelt.mof"]);
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap().to_string();
            (
                text("code"),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                text("help"),
            )
        })
        .collect();
    let mut expected = Vec::new();
    for i in 0..n {
        let (line, column) = (3 * i as u64 + 2, 11 + i.to_string().len() as u64);
        expected.push(("E0301".to_string(), line, column, format!("did you mean `Base{i}`?")));
        let help =
            format!("declare it, include the file that does, or put `Missing{i}.mof` in a folder given with `-I`");
        expected.push(("E0301".to_string(), line + 1, column, help));
    }
    assert_eq!(found, expected);
}

#[test]
fn files_that_each_include_the_next_twice_are_read_again_up_to_a_bound() {
    // 22 files: the last would be read 2^21 times, with millions of warnings.
    let dir = tempfile::tempdir().unwrap();
    diamond_includes(dir.path(), 22);
    let (code, diagnostics, summary) = check(dir.path(), "f0.mof");
    assert_eq!(code, 1);
    // Reading f21 again is stopped in f20 once 100,000 declarations were read again; by then
    // the classes of f7 to f21 were declared again (a warning for each), f0 to f6 not yet.
    let mut expected: Vec<Reported> = (7..20)
        .map(|i| diagnostic("W0303", &format!("f{i}.mof"), 3, 7))
        .collect();
    expected.extend([
        diagnostic("E0009", "f20.mof", 2, 1),
        diagnostic("W0303", "f20.mof", 3, 7),
        diagnostic("W0303", "f21.mof", 1, 7),
    ]);
    assert_eq!(diagnostics, expected);
    assert_eq!(summary["files"], 22);
}

#[test]
fn a_file_included_twice_is_read_twice() {
    // Below the bound, a repeated include is read again, as mofcomp reads it: its class is
    // declared again, after the class between the includes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("common.mof"), "class A { uint32 P; };\n").unwrap();
    let main = "#pragma include (\"common.mof\")\nclass A { string Q; };\n#pragma include (\"common.mof\")\n";
    std::fs::write(dir.path().join("main.mof"), main).unwrap();
    let (code, diagnostics, _) = check(dir.path(), "main.mof");
    assert_eq!(code, 0);
    assert_eq!(
        diagnostics,
        [
            diagnostic("W0303", "main.mof", 2, 7),
            diagnostic("W0303", "common.mof", 1, 7)
        ]
    );
}

#[test]
fn load_puts_a_chain_of_10_000_classes_each_below_the_last() {
    // Each PutClass once walked the whole chain above it.
    let n = 10_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chain.mof"), class_chain(n)).unwrap();
    let (code, _, stderr) = run_mofc(dir.path(), &["load", "--repo", "repo", "chain.mof"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("PutClass root/cimv2:C9999 created"), "{stderr}");
    assert!(stderr.contains("10000 operations, 0 failed: committed"), "{stderr}");
    // The last class inherits the key of the first: an instance needs it.
    std::fs::write(
        dir.path().join("one.mof"),
        "instance of C9999 { Id = \"x\"; P9999 = 1; };\n",
    )
    .unwrap();
    let (code, _, stderr) = run_mofc(dir.path(), &["load", "--repo", "repo", "one.mof"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("created"), "{stderr}");
}
