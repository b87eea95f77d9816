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
    let (code, stdout, _) = mofc(&["check", "--format", "json", "tests/fixtures/broken.mof"]);
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
    assert_eq!(first["file"], "tests/fixtures/broken.mof");
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

/// A class with a syntax error: E0201 at 1:11.
const BROKEN: &str = "class X {x};\n";

/// A diagnostic as these tests compare it: (code, file, line, column).
type Place = (String, String, u64, u64);

/// `mofc check --format json` in `cwd`: exit code, files counted, and each diagnostic.
fn check_json(cwd: &std::path::Path, args: &[&str], stdin: &[u8]) -> (i32, u64, Vec<Place>) {
    let all: Vec<&str> = ["check", "--format", "json"].iter().chain(args).copied().collect();
    let (code, stdout, stderr) = support::run_mofc_with(cwd, &all, &[], stdin);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let text = |d: &serde_json::Value, key: &str| d[key].as_str().unwrap().to_string();
    let number = |d: &serde_json::Value, key: &str| d[key].as_u64().unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let found = diagnostics
        .iter()
        .map(|d| (text(d, "code"), text(d, "file"), number(d, "line"), number(d, "column")))
        .collect();
    (code, doc["summary"]["files"].as_u64().unwrap(), found)
}

fn e0201(file: &str) -> Place {
    ("E0201".into(), file.into(), 1, 11)
}

#[test]
fn folder_walks_skip_ignored_hidden_and_excluded_entries() {
    let dir = support::tree(&[
        (".gitignore", "build/\n*.gen.mof\n!keep.gen.mof\n"),
        ("a.mof", "class A {};\n"),
        ("build/b.mof", BROKEN),
        ("x.gen.mof", BROKEN),
        ("keep.gen.mof", "class K {};\n"),
        (".hidden/c.mof", BROKEN),
        (".c.mof", BROKEN),
        ("node_modules/pkg/e.mof", BROKEN),
        ("vendor/v.mof", BROKEN),
        ("sub/.ignore", "local.mof\n"),
        ("sub/local.mof", BROKEN),
        ("sub/d.mof", "class D {};\n"),
        ("mofc.toml", "extend-exclude = [\"vendor\"]\n"),
        ("all.toml", "exclude = []\n"),
    ]);
    let root = dir.path();
    // a.mof, keep.gen.mof, sub/d.mof.
    assert_eq!(check_json(root, &["."], b""), (0, 3, vec![]));
    // Explicit PATHs are always checked: a file or a folder that a walk leaves out.
    assert_eq!(
        check_json(root, &["build/b.mof"], b""),
        (1, 1, vec![e0201("build/b.mof")])
    );
    assert_eq!(check_json(root, &["build"], b""), (1, 1, vec![e0201("build/b.mof")]));
    assert_eq!(check_json(root, &["vendor"], b""), (1, 1, vec![e0201("vendor/v.mof")]));
    assert_eq!(
        check_json(root, &[".hidden"], b""),
        (1, 1, vec![e0201(".hidden/c.mof")])
    );
    // `exclude = []` replaces the default (node_modules); `extend-exclude` is gone with the file.
    assert_eq!(
        check_json(root, &["--config", "all.toml", "."], b""),
        (1, 5, vec![e0201("node_modules/pkg/e.mof"), e0201("vendor/v.mof")])
    );
    // `mofc fmt` walks the same way (none of the broken files is read).
    let (code, _, stderr) = support::run_mofc(root, &["fmt", "--check", "."]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("3 files would be left unchanged"), "{stderr}");
}

#[test]
fn ignore_files_above_the_folder_count_up_to_the_git_root() {
    let dir = support::tree(&[
        (".gitignore", "*.mof\n"),
        ("plain/.gitignore", "skipped.mof\n"),
        ("plain/inner/skipped.mof", BROKEN),
        ("plain/inner/kept.mof", "class K {};\n"),
        ("repo/.git/HEAD", "ref: refs/heads/main\n"),
        ("repo/.git/info/exclude", "excluded.mof\n"),
        ("repo/excluded.mof", BROKEN),
        ("repo/a.mof", "class A {};\n"),
    ]);
    let root = dir.path();
    // Above `inner`, without git: both `.gitignore` files (`*.mof` too: nothing left).
    assert_eq!(check_json(&root.join("plain"), &["inner"], b""), (0, 0, vec![]));
    let (code, files, _) = check_json(&root.join("plain"), &["inner/kept.mof"], b"");
    assert_eq!((code, files), (0, 1));
    // In a git repository, nothing above its root counts; `.git/info/exclude` does.
    assert_eq!(check_json(&root.join("repo"), &["."], b""), (0, 1, vec![]));
}

#[test]
fn standard_input_stands_for_the_file_it_names() {
    let dir = support::tree(&[
        ("sub/Base.mof", "class Base { string Name; };\n"),
        ("sub/part.mof", "class Part {};\n"),
    ]);
    let root = dir.path();
    let text = b"#pragma include(\"part.mof\")\nclass Z : Base { [Key] string Id; };\ninstance of Part {};\n";
    // Its folder is searched: for the include, and for `Base.mof`.
    let (code, files, found) = check_json(root, &["-", "--stdin-filename", "sub/z.mof"], text);
    assert_eq!((code, found), (0, vec![]));
    assert_eq!(files, 2);
    // Diagnostics name it, at their line and column.
    let (code, _, found) = check_json(root, &["-", "--stdin-filename", "sub/z.mof"], b"\nclass X {x};\n");
    assert_eq!((code, found), (1, vec![("E0201".into(), "sub/z.mof".into(), 2, 11)]));
    // Without a name it is `<stdin>`, in the current folder (where `Base.mof` is not).
    std::fs::create_dir(root.join("other")).unwrap();
    let (code, _, found) = check_json(&root.join("other"), &["-"], b"class Z : Base {};\n");
    assert_eq!((code, found), (1, vec![("E0301".into(), "<stdin>".into(), 1, 11)]));
    // `-` stands alone.
    let (code, _, stderr) = support::run_mofc_with(root, &["check", "-", "sub/part.mof"], &[], b"");
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be combined with other paths"), "{stderr}");
}

#[test]
fn several_compilations_emit_one_json_document() {
    let dir = support::tree(&[("a.mof", "class A { string P; };\n"), ("b.mof", "class B {};\n")]);
    let root = dir.path();
    let (code, stdout, stderr) = support::run_mofc(root, &["compile", "--emit", "json", "a.mof", "b.mof"]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    let compilations = doc["compilations"].as_array().unwrap();
    let entries: Vec<&str> = compilations.iter().map(|c| c["entry"].as_str().unwrap()).collect();
    assert_eq!(entries, ["a.mof", "b.mof"]);
    assert_eq!(compilations[0]["model"]["classes"][0]["name"], "A");
    assert_eq!(compilations[0]["model"]["classes"][0]["properties"][0]["name"], "P");
    assert_eq!(compilations[1]["model"]["classes"][0]["name"], "B");
    assert_eq!(compilations[1]["model"]["dialect"], "DMTF");
    // Each model is the document that one compilation writes.
    let (_, one, _) = support::run_mofc(root, &["compile", "--emit", "json", "b.mof"]);
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(compilations[1]["model"], one);
    assert!(one.get("compilations").is_none());
    // A folder of two entry points is two compilations; `-o` writes the same document.
    let (code, _, stderr) = support::run_mofc(root, &["compile", "--emit", "json", ".", "-o", "out.json"]);
    assert_eq!(code, 0, "{stderr}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("out.json")).unwrap()).unwrap();
    assert_eq!(written["compilations"].as_array().unwrap().len(), 2);
    // CIM-XML likewise: one document, each compilation's declaration groups in turn.
    let (code, stdout, stderr) = support::run_mofc(root, &["compile", "--emit", "cimxml", "a.mof", "b.mof"]);
    assert_eq!(code, 0, "{stderr}");
    let xml = roxmltree::Document::parse(&stdout).expect("one XML document");
    let classes: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name("CLASS"))
        .filter_map(|n| n.attribute("NAME"))
        .collect();
    assert_eq!(classes, ["A", "B"]);
    let groups = xml.descendants().filter(|n| n.has_tag_name("DECLGROUP")).count();
    assert_eq!(groups, 2);
}

/// Every application error, a warning about the run, and a diagnostic: (arguments, exit code,
/// what stderr says).
const ERROR_PATHS: &[(&[&str], i32, &str)] = &[
    (&["check", "missing.mof"], 2, "error: cannot read `missing.mof`"),
    (&["check", "--frob", "a.mof"], 2, "unexpected argument '--frob'"),
    (&["check", "--config", "bad.toml", "a.mof"], 2, "unknown key `frob`"),
    (
        &["load", "--repo", "a.mof", "a.mof"],
        2,
        "cannot use the repository `a.mof`: it is a file",
    ),
    (&["fmt", "--check", "a.mof", "broken.mof"], 1, "error[E0201]"),
    (
        &["check", "empty"],
        0,
        "warning: no MOF files (*.mof, *.mfl) in `empty`",
    ),
    (&["check", "broken.mof"], 1, "error[E0201]"),
];

#[test]
fn color_never_and_no_color_reach_every_error() {
    let dir = support::tree(&[
        ("a.mof", "class A {};\n"),
        ("broken.mof", BROKEN),
        ("bad.toml", "frob = 1\n"),
        ("empty/notes.txt", ""),
    ]);
    let run = |args: &[&str], env: &[(&str, &str)]| support::run_mofc_with(dir.path(), args, env, b"");
    for &(args, expected, says) in ERROR_PATHS {
        // Forced colour colours each of them...
        let (code, _, forced) = run(args, &[("CLICOLOR_FORCE", "1")]);
        assert_eq!(code, expected, "{args:?}: {forced}");
        assert!(forced.contains('\x1b'), "{args:?}: {forced}");
        // ... an empty NO_COLOR does not stop it (no-color.org) ...
        let (_, _, empty) = run(args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]);
        assert!(empty.contains('\x1b'), "{args:?}: {empty}");
        // ... and `--color never` or a NO_COLOR with a value does, whatever the place of the flag.
        let mut never = vec!["--color", "never"];
        never.extend_from_slice(args);
        let mut never_after = args.to_vec();
        never_after.push("--color=never");
        for (args, env) in [
            (&never[..], &[("CLICOLOR_FORCE", "1")][..]),
            (&never_after[..], &[("CLICOLOR_FORCE", "1")][..]),
            (args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")][..]),
        ] {
            let (code, _, plain) = run(args, env);
            assert_eq!(code, expected, "{args:?}: {plain}");
            assert!(!plain.contains('\x1b'), "{args:?} {env:?}: {plain}");
            assert!(plain.contains(says), "{args:?}: {plain}");
        }
    }
    // An error in mofc.toml is shown as a diagnostic is: at its place, with an excerpt.
    let (_, _, stderr) = run(&["check", "--config", "bad.toml", "a.mof"], &[]);
    assert!(stderr.starts_with("error: unknown key `frob`"), "{stderr}");
    assert!(stderr.contains("┌─ bad.toml:1:1"), "{stderr}");
    assert!(stderr.contains("= help: the Configuration section"), "{stderr}");
}

#[test]
fn every_command_answers_an_unreadable_file_with_two() {
    let dir = support::tree(&[("a.mof", "class A {};\n")]);
    let mut unreadable = vec!["missing.mof"];
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let fifo = dir.path().join("pipe.mof");
        let name = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        unreadable.push("pipe.mof");
    }
    for file in unreadable {
        for command in [
            &["check"][..],
            &["compile", "--emit", "json"],
            &["fmt", "--check"],
            &["fmt"],
            &["load", "--repo", "repo"],
        ] {
            let mut args = command.to_vec();
            args.push(file);
            let (code, _, stderr) = support::run_mofc(dir.path(), &args);
            assert_eq!(code, 2, "{args:?}: {stderr}");
            assert!(stderr.contains(&format!("cannot read `{file}`")), "{args:?}: {stderr}");
        }
    }
}

/// The README's first command: the bundled example's errors, each found only by reading two
/// files together (a key retyped below a class of another file, an instance without the key its
/// class inherits), the WMI dialect's leniency, and a DSC resource schema that is valid.
#[test]
fn the_bundled_example_shows_errors_across_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, doc) = support::check_json(root, &["fixtures/example"]);
    assert_eq!(code, 1);
    let found = support::each_diagnostic(&doc, |d| {
        let label = &d["labels"][0];
        format!(
            "{} {} {}:{}:{} (label {}:{}:{})",
            support::text(d, "severity"),
            support::text(d, "code"),
            support::text(d, "file"),
            support::number(d, "line"),
            support::number(d, "column"),
            support::text(label, "file"),
            support::number(label, "line"),
            support::number(label, "column"),
        )
    });
    let provider = "fixtures/example/contoso_provider.mof";
    let base = "fixtures/example/Contoso_ManagedElement.mof";
    assert_eq!(
        found,
        [
            format!("error E0309 {provider}:21:11 (label {base}:6:62)"),
            format!("warning E0309 {provider}:23:6 (label {provider}:4:1)"),
            format!("error E0318 {provider}:31:13 (label {provider}:26:7)"),
        ]
    );
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 3, "errors": 2, "warnings": 1})
    );
}

/// The bundled fixtures are laid out as `mofc fmt` lays them out.
#[test]
fn the_fixtures_are_formatted() {
    let (code, stdout, stderr) = mofc(&["fmt", "--check", "fixtures"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

const MASTER: &str = r#"[Description("A thing.") : Amended ToSubclass]
class T_Thing {
    [Key, Description("Its name.") : Amended] string Name;
    [DisplayName("Size") : Amended, Units("bytes")] uint64 Size;
};
"#;

/// `compile --emit mof --mfl OUT --locale ms_409` writes the neutral MOF and the localization
/// file; `--mfl` is a usage error (exit 2) without a locale or with another `--emit`.
#[test]
fn compile_splits_amended_qualifiers_into_a_localization_file() {
    let dir = support::tree(&[("master.mof", MASTER)]);
    let split = [
        "compile",
        "--emit",
        "mof",
        "--as-written",
        "master.mof",
        "-o",
        "neutral.mof",
    ];
    let (code, _, stderr) = support::run_mofc(
        dir.path(),
        &[&split[..], &["--mfl", "t.mfl", "--locale", "MS_409"]].concat(),
    );
    assert_eq!(code, 0, "{stderr}");
    let neutral = std::fs::read_to_string(dir.path().join("neutral.mof")).unwrap();
    let localized = std::fs::read_to_string(dir.path().join("t.mfl")).unwrap();
    assert!(
        neutral.contains("[Key]\n    string Name;\n    [Units(\"bytes\")]\n    uint64 Size;"),
        "{neutral}"
    );
    assert!(!neutral.contains("Amended"), "{neutral}");
    assert!(
        localized.starts_with(
            "#pragma namespace(\"\\\\\\\\.\\\\root\\\\cimv2\")\ninstance of __namespace{ name=\"ms_409\";};\n\
             #pragma namespace(\"\\\\\\\\.\\\\root\\\\cimv2\\\\ms_409\")\n\n\
             [Description(\"A thing.\") : Amended ToSubclass, AMENDMENT, LOCALE(0x409)]\nclass T_Thing\n"
        ),
        "{localized}"
    );
    // The two checked together: the localization file finds its classes beside it.
    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "neutral.mof", "t.mfl"]);
    assert_eq!((code, stderr.as_str()), (0, "checked 2 files: 0 errors, 0 warnings\n"));
    for (extra, message) in [
        (&["--mfl", "t.mfl"][..], "--locale <LOCALE>"),
        (&["--locale", "ms_409"][..], "--mfl <OUT.mfl>"),
        (
            &["--mfl", "t.mfl", "--locale", "en-US"][..],
            "a locale is `ms_` and a hexadecimal LCID",
        ),
    ] {
        let (code, _, stderr) = support::run_mofc(dir.path(), &[&split[..], extra].concat());
        assert_eq!(code, 2, "{extra:?}");
        assert!(stderr.contains(message), "{extra:?}: {stderr}");
    }
    let json = [
        "compile",
        "--emit",
        "json",
        "master.mof",
        "--mfl",
        "t.mfl",
        "--locale",
        "ms_409",
    ];
    let (code, _, stderr) = support::run_mofc(dir.path(), &json);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: `--mfl` needs `--emit mof`"), "{stderr}");
}

/// As mofcomp's two outputs are loaded one after the other: the neutral MOF and then the
/// localization file give the repository that the original gives loaded with `--amended`, each
/// class the same in the locale (`repo show --locale`).
#[test]
fn the_split_loads_as_the_original_loads_with_amended() {
    let dir = support::tree(&[("master/master.mof", MASTER)]);
    let run = |args: &[&str]| {
        let (code, stdout, stderr) = support::run_mofc(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        stdout
    };
    run(&[
        "compile",
        "--emit",
        "mof",
        "--as-written",
        "master/master.mof",
        "-o",
        "neutral.mof",
        "--mfl",
        "t.mfl",
        "--locale",
        "ms_409",
    ]);
    run(&[
        "load",
        "--repo",
        "original",
        "--amended",
        "--locale",
        "ms_409",
        "master/master.mof",
    ]);
    run(&["load", "--repo", "split", "neutral.mof"]);
    run(&["load", "--repo", "split", "t.mfl"]);
    for locale in [&[][..], &["--locale", "ms_409"]] {
        let show = |repo: &str| run(&[&["repo", "--repo", repo, "show", "T_Thing"][..], locale].concat());
        assert_eq!(show("original"), show("split"), "{locale:?}");
    }
    assert!(
        run(&["repo", "--repo", "split", "show", "T_Thing", "--locale", "ms_409"])
            .contains("Description(\"Its name.\") : Amended")
    );
}

/// A folder of many compilations, enough for a progress bar.
fn many_files() -> tempfile::TempDir {
    let files: Vec<(String, String)> = (0..150)
        .map(|n| {
            (
                format!("many/f{n}.mof"),
                format!("class C_{n} {{ [Key] string K; }};\n"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    support::tree(&files)
}

/// Progress goes to a terminal only: piped, a long run writes what a short one writes.
#[test]
fn piped_runs_show_no_progress() {
    let dir = many_files();
    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "many"]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, "checked 150 files: 0 errors, 0 warnings\n")
    );
    let (code, stdout, stderr) = support::run_mofc(dir.path(), &["load", "--repo", "r", "--format", "json", "many"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout.lines().count(), 151, "{stdout}");
}

/// On a terminal (`script` gives the run one), the compilations and the operations of a load
/// show a bar on stderr, uncoloured with `--color never`, cleared before the summary.
#[test]
fn a_terminal_shows_progress() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let dir = many_files();
    let on_terminal = |args: &str| {
        let command = format!("{} {args}", env!("CARGO_BIN_EXE_mofc"));
        let output = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("TERM", "xterm")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, shown) = on_terminal("check many --color never");
    assert_eq!(code, Some(0));
    assert!(shown.contains("compiling ["), "{shown:?}");
    assert!(
        shown.ends_with("\r\u{1b}[2Kchecked 150 files: 0 errors, 0 warnings\r\n"),
        "{shown:?}"
    );
    assert!(!shown.contains("\u{1b}[3"), "no colour: {shown:?}");
    let (code, shown) = on_terminal("check many --color always");
    assert_eq!(code, Some(0));
    assert!(shown.contains("\u{1b}[36m"), "coloured: {shown:?}");
    let (code, shown) = on_terminal("load --repo r many --color never");
    assert_eq!(code, Some(0));
    assert!(shown.contains("loading ["), "{shown:?}");
    assert!(shown.contains("PutClass root/cimv2:C_149 created"), "{shown:?}");
}
