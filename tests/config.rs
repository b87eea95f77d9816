//! `mofc.toml` and suppression comments, through the binary: each key, the command line winning
//! over the file, discovery, `--config`, errors in the file, and inline suppressions.

mod support;

use std::path::Path;

use support::run_mofc as mofc;
use support::tree as project;
use support::{each_diagnostic, number, text};

/// A diagnostic as these tests compare it: (code, severity, file, line, column).
type Found = (String, String, String, u64, u64);

/// Runs `mofc check --format json ARGS` in `cwd`: the exit code and every diagnostic.
fn check(cwd: &Path, args: &[&str]) -> (i32, Vec<Found>) {
    let (code, doc) = support::check_json(cwd, args);
    assert_ne!(code, 2, "mofc could not run: {doc}");
    let found = each_diagnostic(&doc, |d| {
        let at = |key| number(d, key);
        (
            text(d, "code"),
            text(d, "severity"),
            text(d, "file"),
            at("line"),
            at("column"),
        )
    });
    (code, found)
}

fn found(code: &str, severity: &str, file: &str, line: u64, column: u64) -> Found {
    (code.into(), severity.into(), file.into(), line, column)
}

/// An unknown pragma (W0202 at 1:9), an undeclared qualifier (E0304 at 2:2 in DMTF, W0304 in
/// WMI) and Values/ValueMap of different lengths (W0314 at 3:4).
const THREE: &str =
    "#pragma frobnicate(\"x\")\n[Frob] class A {\n  [ValueMap{\"1\", \"2\"}, Values{\"a\"}] uint32 P;\n};\n";

#[test]
fn without_configuration_every_code_at_its_own_severity() {
    let dir = project(&[("t.mof", THREE)]);
    let (code, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(code, 1);
    assert_eq!(
        all,
        [
            found("W0202", "warning", "t.mof", 1, 9),
            found("E0304", "error", "t.mof", 2, 2),
            found("W0314", "warning", "t.mof", 3, 4),
        ]
    );
}

#[test]
fn files_are_what_a_bare_check_compiles_found_walking_up() {
    let dir = project(&[
        ("mofc.toml", "files = [\"src/t.mof\", \"more\"]\n"),
        ("src/t.mof", THREE),
        ("more/u.mof", "#pragma frobnicate(\"y\")\n"),
        ("deep/er/readme.txt", ""),
    ]);
    // From two folders down, paths are relative to where mofc runs.
    let (code, all) = check(&dir.path().join("deep/er"), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        all,
        [
            found("W0202", "warning", "../../src/t.mof", 1, 9),
            found("E0304", "error", "../../src/t.mof", 2, 2),
            found("W0314", "warning", "../../src/t.mof", 3, 4),
            found("W0202", "warning", "../../more/u.mof", 1, 9),
        ]
    );
    // PATHs on the command line replace `files`.
    let (code, all) = check(dir.path(), &["more/u.mof"]);
    assert_eq!(code, 0);
    assert_eq!(all, [found("W0202", "warning", "more/u.mof", 1, 9)]);
}

/// `mofc fmt` and `mofc load` without PATH work on the same `files` as a bare `mofc check`.
#[test]
fn fmt_and_load_take_files_too() {
    let dir = project(&[
        ("mofc.toml", "files = [\"src\"]\n"),
        ("src/t.mof", "class   T_A{[Key]string   Id;};\n"),
        ("deep/readme.txt", ""),
    ]);
    let deep = dir.path().join("deep");
    let (code, stdout, _) = mofc(&deep, &["fmt", "--check"]);
    assert_eq!(code, 1, "the file is not in canonical layout");
    assert!(stdout.contains("+class T_A {"), "{stdout}");
    let (code, _, stderr) = mofc(&deep, &["fmt"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(mofc(&deep, &["fmt", "--check"]).0, 0);
    let (code, stdout, stderr) = mofc(&deep, &["load", "--repo", "repo", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"Class\":\"T_A\""), "{stdout}");
}

#[test]
fn a_bare_check_needs_files() {
    let dir = project(&[("mofc.toml", "namespace = \"root/x\"\n")]);
    let (code, _, stderr) = mofc(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no PATH given, and `mofc.toml` has no `files`"),
        "{stderr}"
    );
    let empty = project(&[]);
    let (code, _, stderr) = mofc(empty.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no PATH given, and no mofc.toml in the current folder or above"),
        "{stderr}"
    );
}

#[test]
fn include_dirs_are_relative_to_the_file_and_searched_after_the_command_line() {
    let dir = project(&[
        (
            "conf/mofc.toml",
            "include-dirs = [\"../lib\"]\nfiles = [\"../main.mof\"]\n",
        ),
        ("main.mof", "#pragma include(\"part.mof\")\nclass B : A {};\n"),
        ("lib/part.mof", "#pragma frobnicate(\"lib\")\nclass A {};\n"),
        ("cli/part.mof", "class A {};\n"),
    ]);
    let (code, all) = check(dir.path(), &["main.mof"]);
    assert_eq!(code, 1);
    assert_eq!(all[0].0, "E0003");
    let (code, all) = check(dir.path(), &["--config", "conf/mofc.toml"]);
    assert_eq!(code, 0);
    assert_eq!(all, [found("W0202", "warning", "lib/part.mof", 1, 9)]);
    // `-I` comes first: its part.mof is found, the file's is not read.
    let (code, all) = check(dir.path(), &["--config", "conf/mofc.toml", "-I", "cli"]);
    assert_eq!((code, all), (0, vec![]));
}

#[test]
fn dsc_module_path_is_searched_for_resource_classes_after_the_include_dirs() {
    let schema = "[ClassVersion(\"1.0.0\"), FriendlyName(\"Demo\")]\nclass Demo_Thing : OMI_BaseResource\n{\n    [Key] string Name;\n};\n";
    let document = "instance of Demo_Thing as $Demo_Thing1ref\n{\nResourceID = \"[Demo]One\";\n Name = \"One\";\n \
                    ModuleName = \"DemoDsc\";\n ModuleVersion = \"1.0\";\n};\n\
                    instance of OMI_ConfigurationDocument\n{\n Version = \"2.0.0\";\n Name = \"Demo\";\n};\n";
    let dir = project(&[
        (
            "conf/mofc.toml",
            "dsc-module-path = [\"../Modules\"]\nfiles = [\"../nodes/localhost.mof\"]\n",
        ),
        (
            "Modules/DemoDsc/1.0/DSCResources/Demo_Thing/Demo_Thing.schema.mof",
            schema,
        ),
        ("nodes/localhost.mof", document),
    ]);
    let (code, all) = check(dir.path(), &["nodes/localhost.mof"]);
    assert_eq!(code, 1);
    assert_eq!(all[0].0, "E0301");
    let (code, all) = check(dir.path(), &["--config", "conf/mofc.toml"]);
    assert_eq!((code, all), (0, vec![]));
}

#[test]
fn schema_is_relative_to_the_file_and_comes_after_the_command_line() {
    let dir = project(&[
        (
            "conf/mofc.toml",
            "schema = [\"../schema/old.mof\"]\nfiles = [\"../main.mof\"]\n",
        ),
        ("main.mof", "class B : Base {};\n"),
        ("schema/old.mof", "class Base { [Key] string K; };\nclass Base2 {};\n"),
        ("schema/new.mof", "class Base { [Key] string K; string Extra = 1; };\n"),
    ]);
    let (code, all) = check(dir.path(), &["main.mof"]);
    assert_eq!((code, all[0].0.as_str()), (1, "E0301"));
    let (code, all) = check(dir.path(), &["--config", "conf/mofc.toml"]);
    assert_eq!((code, all), (0, vec![]));
    // `--schema` is read first: its `Base` wins, and its error is counted where `Base` is used.
    let (code, all) = check(
        dir.path(),
        &["--config", "conf/mofc.toml", "--schema", "schema/new.mof"],
    );
    assert_eq!((code, all), (1, vec![found("E0006", "error", "main.mof", 1, 11)]));
}

#[test]
fn namespace_from_the_file_unless_given() {
    let dir = project(&[
        ("mofc.toml", "namespace = \"root/fromfile\"\n"),
        ("a.mof", "class A {};\n"),
    ]);
    let namespace = |args: &[&str]| {
        let mut all = vec!["compile", "--emit", "json", "a.mof"];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = mofc(dir.path(), &all);
        assert_eq!(code, 0, "{stderr}");
        let model: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        model["classes"][0]["namespace"].as_str().unwrap().to_string()
    };
    assert_eq!(namespace(&[]), "root/fromfile");
    assert_eq!(namespace(&["-n", "root/cli"]), "root/cli");
}

#[test]
fn dialect_from_the_file_unless_given() {
    let dir = project(&[("mofc.toml", "dialect = \"wmi\"\n"), ("t.mof", THREE)]);
    let (code, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(code, 0);
    assert_eq!(all[1], found("W0304", "warning", "t.mof", 2, 2));
    let (code, all) = check(dir.path(), &["t.mof", "--dialect", "dmtf"]);
    assert_eq!(code, 1);
    assert_eq!(all[1], found("E0304", "error", "t.mof", 2, 2));
}

#[test]
fn deny_warnings_from_the_file() {
    let dir = project(&[
        ("mofc.toml", "deny-warnings = true\n"),
        ("w.mof", "#pragma frobnicate(\"x\")\n"),
    ]);
    assert_eq!(mofc(dir.path(), &["check", "w.mof"]).0, 1);
    std::fs::write(dir.path().join("mofc.toml"), "deny-warnings = false\n").unwrap();
    assert_eq!(mofc(dir.path(), &["check", "w.mof"]).0, 0);
}

#[test]
fn select_and_ignore_by_code_and_prefix_the_more_precise_winning() {
    let cases: [(&str, &[&str]); 5] = [
        ("select = [\"E\"]", &["E0304"]),
        ("ignore = [\"W\"]", &["E0304"]),
        ("ignore = [\"w0202\", \"E0304\"]", &["W0314"]),
        ("select = [\"W03\"]\nignore = [\"W\"]", &["W0314"]),
        ("select = [\"ALL\"]\nignore = [\"W03\", \"E03\"]", &["W0202"]),
    ];
    for (lint, expected) in cases {
        let dir = project(&[("mofc.toml", &format!("[lint]\n{lint}\n")), ("t.mof", THREE)]);
        let (_, all) = check(dir.path(), &["t.mof"]);
        let codes: Vec<&str> = all.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(codes, expected, "{lint}");
    }
}

#[test]
fn syntax_errors_are_always_reported() {
    let dir = project(&[
        ("mofc.toml", "[lint]\nselect = [\"W\"]\nignore = [\"E\"]\n"),
        ("t.mof", "class A { uint32 X Y; };\n[Frob] class B {};\n"),
    ]);
    let (code, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(code, 1);
    assert_eq!(all, [found("E0201", "error", "t.mof", 1, 20)]);
}

#[test]
fn severity_overrides() {
    let dir = project(&[
        (
            "mofc.toml",
            "[lint.severity]\nW0202 = \"error\"\nE03 = \"warning\"\nE0304 = \"error\"\nW0314 = \"warning\"\n",
        ),
        ("t.mof", THREE),
        ("u.mof", "class A { [MaxLen(\"8\")] string S; };\n"),
    ]);
    let (code, all) = check(dir.path(), &["t.mof", "u.mof"]);
    assert_eq!(code, 1);
    assert_eq!(
        all,
        [
            found("W0202", "error", "t.mof", 1, 9),
            // The more precise selector wins: E0304 stays an error while the rest of E03 is not.
            found("E0304", "error", "t.mof", 2, 2),
            found("W0314", "warning", "t.mof", 3, 4),
            found("E0306", "warning", "u.mof", 1, 19),
        ]
    );
}

#[test]
fn per_file_ignores_by_path_and_by_name() {
    let dir = project(&[
        (
            "mofc.toml",
            "[lint.per-file-ignores]\n\"vendor/**\" = [\"W02\"]\n\"*.mfl\" = [\"W0202\"]\n\"top/*.mof\" = [\"W0202\"]\n",
        ),
        ("vendor/deep/a.mof", "#pragma frobnicate(\"x\")\n"),
        ("local/b.mof", "#pragma frobnicate(\"x\")\n"),
        ("local/en-US/c.mfl", "#pragma frobnicate(\"x\")\n"),
        ("top/d.mof", "#pragma frobnicate(\"x\")\n"),
        ("top/sub/e.mof", "#pragma frobnicate(\"x\")\n"),
    ]);
    let (_, all) = check(dir.path(), &["vendor", "local", "top"]);
    // `*` does not cross folders: top/sub/e.mof keeps its warning.
    assert_eq!(
        all,
        [
            found("W0202", "warning", "local/b.mof", 1, 9),
            found("W0202", "warning", "top/sub/e.mof", 1, 9),
        ]
    );
}

#[test]
fn an_unknown_key_is_an_error_naming_it_and_its_line() {
    for (text, key, place) in [
        ("files = []\nfrobnicate = 1\n", "frobnicate", "mofc.toml:2:1"),
        ("[lint]\nignore = []\nselet = [\"W\"]\n", "selet", "mofc.toml:3:1"),
    ] {
        let dir = project(&[("mofc.toml", text), ("a.mof", "class A {};\n")]);
        let (code, _, stderr) = mofc(dir.path(), &["check", "a.mof"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(&format!("unknown key `{key}`")), "{stderr}");
        assert!(stderr.contains(place), "{stderr}");
    }
}

#[test]
fn bad_values_are_errors_at_their_place() {
    let cases = [
        (
            "dialect = \"wmx\"\n",
            "unknown variant `wmx`, expected `wmi` or `dmtf`",
            "mofc.toml:1:11",
        ),
        (
            "[lint]\nignore = [\"X12\"]\n",
            "unknown code or group `X12`",
            "mofc.toml:2:11",
        ),
        (
            "[lint]\nignore = [\"E02\"]\n",
            "`E02` cannot be ignored",
            "mofc.toml:2:11",
        ),
        (
            "[lint.severity]\nE0201 = \"warning\"\n",
            "`E0201` cannot change severity",
            "mofc.toml:2:1",
        ),
        (
            "[lint.severity]\nW0202 = \"fatal\"\n",
            "unknown variant `fatal`",
            "mofc.toml:2:9",
        ),
        (
            "[lint.severity]\nW03 = \"error\"\nw03 = \"warning\"\n",
            "`W03` is given twice",
            "mofc.toml:3:1",
        ),
        (
            "[lint.per-file-ignores]\n\"[a\" = [\"W0202\"]\n",
            "invalid glob `[a`",
            "mofc.toml:2:1",
        ),
        (
            "files = \"a.mof\"\n",
            "invalid type: string \"a.mof\", expected a sequence",
            "mofc.toml:1:9",
        ),
        ("files = [\n", "unclosed array, expected `]`", "mofc.toml:1:10"),
        ("extend-exclude = [\"[a\"]\n", "invalid glob `[a`", "mofc.toml:1:19"),
        ("exclude = [\"a\", \"[b\"]\n", "invalid glob `[b`", "mofc.toml:1:17"),
    ];
    for (text, message, place) in cases {
        let dir = project(&[("mofc.toml", text), ("a.mof", "class A {};\n")]);
        let (code, _, stderr) = mofc(dir.path(), &["check", "a.mof"]);
        assert_eq!(code, 2, "{text}: {stderr}");
        assert!(stderr.contains(message), "{text}: {stderr}");
        assert!(stderr.contains(place), "{text}: {stderr}");
    }
}

#[test]
fn config_option_replaces_discovery() {
    let dir = project(&[
        ("mofc.toml", "[lint]\nignore = [\"W0202\"]\n"),
        ("other.toml", "deny-warnings = true\n"),
        ("w.mof", "#pragma frobnicate(\"x\")\n"),
    ]);
    assert_eq!(check(dir.path(), &["w.mof"]), (0, vec![]));
    assert_eq!(
        check(dir.path(), &["w.mof", "--config", "other.toml"]),
        (1, vec![found("W0202", "warning", "w.mof", 1, 9)])
    );
    let (code, _, stderr) = mofc(dir.path(), &["check", "w.mof", "--config", "missing.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read `missing.toml`"), "{stderr}");
}

#[test]
fn a_trailing_comment_suppresses_on_its_line() {
    let dir = project(&[(
        "t.mof",
        "[Frob] class A { // mofc: ignore[E0304] Frob is declared by the provider\n  [Frob] string S;\n};\n",
    )]);
    let (code, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(code, 1);
    assert_eq!(all, [found("E0304", "error", "t.mof", 2, 4)]);
}

#[test]
fn a_comment_on_its_own_line_suppresses_in_the_next_declaration() {
    let text = "\
// mofc: ignore[E0304]
/* another comment */

[Frob] class A {
  [Frob] string S;
};
[Frob] class B {
  /* mofc: ignore[E0304, W0314] */
  [Frob, ValueMap{\"1\"}, Values{}] uint32 P;
  [Frob] string Q;
};
instance of B {
  // mofc: ignore[E0317]
  Nope = 1;
  Gone = 2;
};
";
    let dir = project(&[("t.mof", text)]);
    let (code, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(code, 1);
    assert_eq!(
        all,
        [
            found("E0304", "error", "t.mof", 7, 2),
            found("E0304", "error", "t.mof", 10, 4),
            found("E0317", "error", "t.mof", 15, 3),
        ]
    );
}

#[test]
fn suppressions_that_cannot_apply_or_silence_nothing_are_warnings() {
    let text = "\
class A { // mofc: ignore[W0314, X0001, E0201, W0402]
};
// mofc: ignore W0314
class B {};
";
    let dir = project(&[("t.mof", text)]);
    let (code, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(code, 0);
    assert_eq!(
        all,
        [
            found("W0402", "warning", "t.mof", 1, 27),
            found("W0401", "warning", "t.mof", 1, 34),
            found("W0401", "warning", "t.mof", 1, 41),
            found("W0401", "warning", "t.mof", 1, 48),
            found("W0401", "warning", "t.mof", 3, 1),
        ]
    );
    // The configuration governs them like any other code.
    std::fs::write(dir.path().join("mofc.toml"), "[lint]\nignore = [\"W0402\"]\n").unwrap();
    let (_, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(all.iter().filter(|f| f.0 == "W0402").count(), 0);
    assert_eq!(all.len(), 4);
}

#[test]
fn unused_suppressions_are_not_reported_when_syntax_errors_stop_checks() {
    let dir = project(&[("t.mof", "class A { // mofc: ignore[W0314]\n  uint32 X Y;\n};\n")]);
    let (code, all) = check(dir.path(), &["t.mof"]);
    assert_eq!(code, 1);
    assert_eq!(all, [found("E0201", "error", "t.mof", 2, 12)]);
}

#[test]
fn a_file_role_severity_stands_against_an_override() {
    // In a localization file errors are warnings (sema::settle); an override does not undo it.
    let dir = project(&[
        ("mofc.toml", "[lint.severity]\nE0304 = \"error\"\nW0202 = \"error\"\n"),
        ("x.mfl", "#pragma frobnicate(\"x\")\n[Frob] class A {};\n"),
    ]);
    let (code, all) = check(dir.path(), &["x.mfl"]);
    assert_eq!(code, 1);
    assert_eq!(
        all,
        [
            found("W0202", "error", "x.mfl", 1, 9),
            found("E0304", "warning", "x.mfl", 2, 2),
        ]
    );
}

#[test]
fn the_result_cache_is_beside_the_file_unless_cache_dir_moves_it() {
    let dir = project(&[
        ("mofc.toml", "files = [\"src/a.mof\"]\n"),
        ("src/a.mof", "class A { };\n"),
    ]);
    // Run from a folder below: the cache is beside the mofc.toml in use, not here.
    assert_eq!(check(&dir.path().join("src"), &[]).0, 0);
    assert!(dir.path().join(".mofc_cache/CACHEDIR.TAG").is_file());
    assert!(!dir.path().join("src/.mofc_cache").exists());
    // Relative to the file's folder, as every path in it.
    std::fs::write(
        dir.path().join("mofc.toml"),
        "files = [\"src/a.mof\"]\ncache-dir = \"build/cache\"\n",
    )
    .unwrap();
    assert_eq!(check(&dir.path().join("src"), &[]).0, 0);
    assert!(dir.path().join("build/cache/CACHEDIR.TAG").is_file());
    let (_, _, stderr) = mofc(&dir.path().join("src"), &["check", "-v"]);
    assert!(stderr.contains("cache: 1 of 1 compilation reused"), "{stderr}");
}
