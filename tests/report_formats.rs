//! `--format sarif` and `--format github`: the SARIF 2.1.0 log checked for its structure (the
//! properties the standard and code-scanning uploads require, rule metadata, exact locations),
//! and the workflow command lines checked exactly, escaping included.

mod support;

use std::path::{Path, PathBuf};

use mofc::diag::render::{github, sarif};
use mofc::diag::{CODES, Code, Diagnostic, Severity};
use mofc::source::{SourceFile, Sources, Span};
use serde_json::Value;
use support::run_mofc as mofc;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/broken.mof` as SARIF, run from the crate's folder.
fn broken_sarif() -> Value {
    let (code, stdout, stderr) = mofc(
        manifest_dir(),
        &["check", "--format", "sarif", "tests/fixtures/broken.mof"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, "", "SARIF runs print nothing else");
    serde_json::from_str(&stdout).expect("one JSON document")
}

/// A SARIF location: (uri, uriBaseId, startLine, startColumn, endLine, endColumn, message).
type Place = (String, Option<String>, u64, u64, u64, u64, Option<String>);

fn place(location: &Value) -> Place {
    let physical = &location["physicalLocation"];
    let artifact = &physical["artifactLocation"];
    let region = &physical["region"];
    let number = |key: &str| region[key].as_u64().unwrap_or_else(|| panic!("region.{key} missing"));
    (
        artifact["uri"].as_str().expect("uri").to_string(),
        artifact["uriBaseId"].as_str().map(str::to_string),
        number("startLine"),
        number("startColumn"),
        number("endLine"),
        number("endColumn"),
        location["message"]["text"].as_str().map(str::to_string),
    )
}

fn relative(line: u64, column: u64, end_line: u64, end_column: u64, message: Option<&str>) -> Place {
    (
        "tests/fixtures/broken.mof".into(),
        Some("%SRCROOT%".into()),
        line,
        column,
        end_line,
        end_column,
        message.map(str::to_string),
    )
}

#[test]
fn sarif_log_run_and_tool() {
    let log = broken_sarif();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mofc");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    // Relative URIs resolve against the folder mofc ran in.
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    let dir = manifest_dir().to_str().unwrap();
    if dir.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b)) {
        assert_eq!(root, format!("file://{dir}/"));
    }
    assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");
}

#[test]
fn sarif_rules_describe_every_code() {
    let log = broken_sarif();
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), CODES.len());
    for (rule, info) in rules.iter().zip(CODES) {
        assert_eq!(rule["id"], info.id);
        assert_eq!(rule["name"], format!("{:?}", info.code));
        assert_eq!(rule["shortDescription"]["text"], info.summary);
        assert_eq!(rule["fullDescription"]["text"], *info.explanation());
        let help = rule["help"]["text"].as_str().expect("help");
        assert!(help.starts_with(&*info.explanation()), "{}", info.id);
        assert_eq!(rule["defaultConfiguration"]["level"], info.severity.as_str());
        match info.wbem {
            Some(wbem) => {
                assert_eq!(rule["properties"]["wbem"], wbem);
                assert!(help.ends_with(&format!("mofcomp reports the same fault as {wbem}.")));
            }
            None => assert!(rule.get("properties").is_none(), "{}", info.id),
        }
    }
    let undeclared = &rules[Code::UndeclaredQualifierWmi as usize];
    assert_eq!(undeclared["id"], "W0304");
    assert_eq!(undeclared["defaultConfiguration"]["level"], "warning");
}

#[test]
fn sarif_results_with_exact_locations() {
    let log = broken_sarif();
    let results = log["runs"][0]["results"].as_array().expect("results");
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let summary: Vec<(&str, &str, Place)> = results
        .iter()
        .map(|r| {
            let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], r["ruleId"], "ruleIndex points at the rule");
            let locations = r["locations"].as_array().expect("locations");
            assert_eq!(locations.len(), 1);
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                place(&locations[0]),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("E0201", "error", relative(4, 5, 4, 11, Some("unexpected `string`"))),
            // A location without a label has no message.
            ("E0106", "error", relative(5, 19, 5, 22, None)),
            (
                "E0203",
                "error",
                relative(6, 5, 6, 10, Some("neither a data type nor a class of this compilation"))
            ),
            ("E0104", "error", relative(10, 20, 10, 22, None)),
        ]
    );
    let first = &results[0];
    assert_eq!(
        first["message"]["text"],
        "expected `;`, `[`, `(` or `=` after the property or method declaration, found `string`"
    );
    assert_eq!(first["properties"]["wbem"], "WBEMMOF_E_UNRECOGNIZED_TOKEN");
    let related = first["relatedLocations"].as_array().expect("relatedLocations");
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["id"], 0);
    assert_eq!(
        place(&related[0]),
        relative(3, 12, 3, 17, Some("`;` expected after this"))
    );
    // A diagnostic's own help follows its message.
    assert_eq!(
        results[2]["message"]["text"],
        "unknown data type `int32`\nhelp: did you mean the data type `uint32`?"
    );
    assert!(results[1].get("relatedLocations").is_none());
}

#[test]
fn sarif_uris_outside_the_folder_are_absolute_and_encoded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("run")).unwrap();
    std::fs::write(dir.path().join("a b%.mof"), "[Frob] class A {};\n").unwrap();
    std::fs::write(dir.path().join("run/c d.mof"), "[Frob] class C {};\n").unwrap();
    let (code, stdout, _) = mofc(
        &dir.path().join("run"),
        &["check", "--format", "sarif", "../a b%.mof", "c d.mof"],
    );
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let outside = place(&results[0]["locations"][0]);
    let parent = PathBuf::from(dir.path()).to_str().unwrap().to_string();
    if parent
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b))
    {
        assert_eq!(outside.0, format!("file://{parent}/a%20b%25.mof"));
    }
    assert!(outside.0.starts_with("file:///") && outside.0.ends_with("/a%20b%25.mof"));
    assert_eq!(outside.1, None);
    let inside = place(&results[1]["locations"][0]);
    assert_eq!(
        (inside.0.as_str(), inside.1.as_deref()),
        ("c%20d.mof", Some("%SRCROOT%"))
    );
}

#[test]
fn github_lines_for_the_fixture() {
    let (code, stdout, stderr) = mofc(
        manifest_dir(),
        &["check", "--format", "github", "tests/fixtures/broken.mof"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "::error file=tests/fixtures/broken.mof,line=4,col=5,endLine=4,endColumn=11,title=E0201::expected `;`, `[`, `(` or `=` after the property or method declaration, found `string`%0Atests/fixtures/broken.mof:3:12: `;` expected after this\n\
         ::error file=tests/fixtures/broken.mof,line=5,col=19,endLine=5,endColumn=22,title=E0106::128 is out of range for sint8, which holds -128 to 127\n\
         ::error file=tests/fixtures/broken.mof,line=6,col=5,endLine=6,endColumn=10,title=E0203::unknown data type `int32`%0Ahelp: did you mean the data type `uint32`?\n\
         ::error file=tests/fixtures/broken.mof,line=10,col=20,endLine=10,endColumn=22,title=E0104::unknown escape `\\q`; write a backslash as `\\\\`\n"
    );
    assert_eq!(stderr, "checked 1 file: 4 errors, 0 warnings\n");
}

#[test]
fn github_escapes_file_names_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a%b,c:d.mof"),
        "[Frob] class A {};\nclass B { uint8 % ; };\n#pragma frobnicate(\"x\")\n",
    )
    .unwrap();
    let (code, stdout, _) = mofc(dir.path(), &["check", "--format", "github", "a%b,c:d.mof"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "::error file=a%25b%2Cc%3Ad.mof,line=1,col=2,endLine=1,endColumn=6,title=E0304::qualifier `Frob` is not declared%0Ahelp: declare it with `Qualifier Frob: boolean, Scope(...)` (this is a DMTF compilation: no WMI construct was found)\n\
         ::error file=a%25b%2Cc%3Ad.mof,line=2,col=17,endLine=2,endColumn=18,title=E0101::unexpected character `%25` (U+0025)\n\
         ::warning file=a%25b%2Cc%3Ad.mof,line=3,col=9,endLine=3,endColumn=19,title=W0202::unknown pragma `frobnicate` is ignored\n"
    );
}

#[test]
fn github_notices_and_carriage_returns() {
    // No code is a note by default, and no message has a CR: the renderer is called directly.
    let mut sources = Sources::new();
    let cwd = std::env::current_dir().unwrap();
    let file = sources.add(SourceFile::new(
        cwd.join("x,y.mof"),
        "x,y.mof".into(),
        "class A {};\n".into(),
    ));
    let mut note =
        Diagnostic::new(Code::ClassRedeclared, file, Span::new(6, 7), "50%\r\ndone: a,b").with_help("see: here");
    note.severity = Severity::Note;
    assert_eq!(
        github(&[(&sources, &note)], &cwd),
        "::notice file=x%2Cy.mof,line=1,col=7,endLine=1,endColumn=8,title=W0303::50%25%0D%0Adone: a,b%0Ahelp: see: here\n"
    );
    let log: Value = serde_json::from_str(&sarif(&[(&sources, &note)], &cwd)).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["level"], "note");
    assert_eq!(result["message"]["text"], "50%\r\ndone: a,b\nhelp: see: here");
    assert_eq!(
        place(&result["locations"][0]),
        ("x%2Cy.mof".into(), Some("%SRCROOT%".into()), 1, 7, 1, 8, None)
    );
}
