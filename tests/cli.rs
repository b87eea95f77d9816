//! The `mofc` binary as scripts see it: exit codes and the JSON document of `cli.md`.

mod support;

fn mofc(args: &[&str]) -> (i32, String, String) {
    support::run_mofc(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

#[test]
fn a_clean_file_exits_zero() {
    let (code, _, stderr) = mofc(&["check", "fixtures/sample.mof"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("checked 1 file: 0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn errors_exit_one_and_json_has_the_contract_shape() {
    let (code, stdout, _) = mofc(&["check", "--format", "json", "fixtures/broken.mof"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    let found: Vec<(String, u64, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("E0201", 4, 5), ("E0106", 5, 19), ("E0203", 6, 5), ("E0104", 10, 20)];
    assert_eq!(found, expected.map(|(c, l, col)| (c.to_string(), l, col)));
    let first = &doc["diagnostics"][0];
    for key in [
        "severity",
        "code",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "labels",
    ] {
        assert!(!first[key].is_null(), "missing {key}");
    }
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "fixtures/broken.mof");
    assert_eq!(first["wbem"], "WBEMMOF_E_UNRECOGNIZED_TOKEN");
    assert_eq!(first["labels"][0]["line"], 3);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 1, "errors": 4, "warnings": 0})
    );
}

#[test]
fn an_unreadable_path_exits_two() {
    let (code, _, stderr) = mofc(&["check", "fixtures/no-such-file.mof"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read `fixtures/no-such-file.mof`"), "{stderr}");
    let (code, _, _) = mofc(&["check", "--format", "yaml", "fixtures/sample.mof"]);
    assert_eq!(code, 2);
}

/// What is not a regular file is never read: opening a FIFO blocks, `/dev/zero` never ends.
#[cfg(unix)]
#[test]
fn special_files_are_refused_unread() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.mof");
    let name = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let up = "../".repeat(40);
    std::fs::write(
        dir.path().join("zero.mof"),
        format!("#pragma include(\"{up}dev/zero\")\nclass A {{}};\n"),
    )
    .unwrap();
    let run = |args: &[&str]| support::run_mofc(dir.path(), args);
    for args in [&["check", "pipe.mof"][..], &["fmt", "--check", "pipe.mof"]] {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stderr.contains("cannot read `pipe.mof`: not a regular file"),
            "{stderr}"
        );
    }
    // An include that leads to a device finds no file there.
    let (code, stdout, _) = run(&["check", "--format", "json", "zero.mof"]);
    assert_eq!(code, 1);
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let d = &document["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("E0003"), Some(1), Some(1))
    );
    // In a folder, a FIFO is no MOF file at all.
    std::fs::remove_file(dir.path().join("zero.mof")).unwrap();
    std::fs::write(dir.path().join("a.mof"), "class A {};\n").unwrap();
    let (code, _, stderr) = run(&["check", "."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("checked 1 file"), "{stderr}");
}

#[test]
fn a_folder_without_mof_files_passes_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not MOF").unwrap();
    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "."]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("warning: no MOF files (*.mof, *.mfl) in `.`"),
        "{stderr}"
    );
    assert!(stderr.contains("checked 0 files"), "{stderr}");
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = std::env::temp_dir().join(format!("mofc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("w.mof");
    std::fs::write(&file, "#pragma frobnicate(\"x\")\n").unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(mofc(&["check", path]).0, 0);
    assert_eq!(mofc(&["check", "--deny-warnings", path]).0, 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn explain_describes_codes() {
    let (code, stdout, _) = mofc(&["explain", "e0105"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("E0105: a malformed numeric literal (error)"),
        "{stdout}"
    );
    assert_eq!(mofc(&["explain", "E9999"]).0, 2);
    let (_, list, _) = mofc(&["explain"]);
    assert!(list.lines().count() >= 20);
}

#[test]
fn a_folder_compiles_each_file_nothing_includes() {
    let dir = std::env::temp_dir().join(format!("mofc-folder-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("en-US")).unwrap();
    std::fs::write(dir.join("main.mof"), "#pragma include(\"part.mof\")\nclass B : A {};\n").unwrap();
    std::fs::write(dir.join("part.mof"), "class A {};\n").unwrap();
    std::fs::write(dir.join("en-US/extra.mfl"), "class C { };\n").unwrap();
    let (code, stdout, _) = mofc(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // main.mof with part.mof, and extra.mfl: part.mof is not compiled on its own.
    assert_eq!(doc["summary"]["files"], 3);
    std::fs::remove_dir_all(dir).unwrap();
}
