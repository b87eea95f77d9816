//! `mofc check --fix`, `--unsafe-fixes` and `--diff` end to end: for each kind of fix a file
//! whose fixed text is pinned, whose remaining diagnostics are exact, and which a second
//! `--fix` leaves as it is.

mod support;

use std::path::Path;

use support::{check_json, each_diagnostic, number, run_mofc, run_mofc_with, text, tree};

/// Each remaining diagnostic as `CODE LINE:COLUMN`.
fn remaining(dir: &Path, args: &[&str]) -> Vec<String> {
    let (_, doc) = check_json(dir, args);
    each_diagnostic(&doc, |d| {
        format!("{} {}:{}", text(d, "code"), number(d, "line"), number(d, "column"))
    })
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Runs `mofc check --fix ARGS` on `name` (written as `before`); checks that the file becomes
/// `after`, that what remains is `left`, and that a second run changes nothing.
fn fixes_to(name: &str, before: &str, args: &[&str], after: &str, left: &[&str]) {
    let dir = tree(&[(name, before)]);
    let mut all = vec!["check", "--fix"];
    all.extend_from_slice(args);
    all.push(name);
    let (code, _, stderr) = run_mofc(dir.path(), &all);
    assert_eq!(read(dir.path(), name), after, "{stderr}");
    assert_eq!(code, i32::from(left.iter().any(|l| l.starts_with('E'))), "{stderr}");
    let mut check: Vec<&str> = args.to_vec();
    check.push(name);
    assert_eq!(remaining(dir.path(), &check), left);
    // Idempotent: nothing more to fix.
    let (_, _, stderr) = run_mofc(dir.path(), &all);
    assert!(stderr.contains("fixed 0 problems in 0 files"), "{stderr}");
    assert_eq!(read(dir.path(), name), after);
}

#[test]
fn a_misspelt_data_type_is_replaced() {
    fixes_to(
        "a.mof",
        "class T_A\n{\n    [Key] strng Id;\n};\n",
        &[],
        "class T_A\n{\n    [Key] string Id;\n};\n",
        &[],
    );
}

#[test]
fn a_misspelt_scope_and_flavor_and_a_repeated_flavor_are_fixed() {
    fixes_to(
        "q.mof",
        "Qualifier Q : boolean = false, Scope(property, clas), Flavor(ToSubclass, ToSubclass, EnableOveride);\n",
        &[],
        "Qualifier Q : boolean = false, Scope(property, class), Flavor(ToSubclass, EnableOverride);\n",
        &[],
    );
}

#[test]
fn a_missing_semicolon_at_the_end_of_a_line_is_inserted() {
    fixes_to(
        "a.mof",
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size\n};\n",
        &[],
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size;\n};\n",
        &[],
    );
}

#[test]
fn a_missing_semicolon_at_the_end_of_the_file_is_inserted() {
    fixes_to(
        "a.mof",
        "class T_A\n{\n    [Key] string Id;\n}",
        &[],
        "class T_A\n{\n    [Key] string Id;\n};",
        &[],
    );
}

#[test]
fn a_missing_semicolon_within_a_line_is_an_unsafe_fix() {
    let before = "class T_A\n{\n    [Key] string Id;\n    uint32 Size uint32 Other;\n};\n";
    fixes_to("a.mof", before, &[], before, &["E0201 4:17"]);
    fixes_to(
        "a.mof",
        before,
        &["--unsafe-fixes"],
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size; uint32 Other;\n};\n",
        &[],
    );
}

#[test]
fn override_is_added_to_a_redeclared_property() {
    let base = "class T_Base\n{\n    [Key] string Id;\n    string Name;\n    uint32 Size;\n};\n\n";
    fixes_to(
        "a.mof",
        &format!("{base}class T_Sub : T_Base\n{{\n    string Name;\n    [Read] uint32 Size;\n}};\n"),
        &[],
        &format!(
            "{base}class T_Sub : T_Base\n{{\n    [Override(\"Name\")] string Name;\n    [Override(\"Size\"), Read] uint32 Size;\n}};\n"
        ),
        &[],
    );
}

#[test]
fn a_misspelt_property_of_an_instance_is_replaced() {
    let class = "class T_Base\n{\n    [Key] string Id;\n    string Name;\n};\n\n";
    fixes_to(
        "a.mof",
        &format!("{class}instance of T_Base\n{{\n    Id = \"a\";\n    Nme = \"x\";\n}};\n"),
        &[],
        &format!("{class}instance of T_Base\n{{\n    Id = \"a\";\n    Name = \"x\";\n}};\n"),
        &[],
    );
}

#[test]
fn an_include_is_written_as_the_file_is_spelt() {
    let dir = tree(&[
        ("a.mof", "#pragma include(\"Base.MOF\")\nclass T_A : T_Base\n{\n};\n"),
        ("base.mof", "class T_Base\n{\n};\n"),
    ]);
    let (code, _, stderr) = run_mofc(dir.path(), &["check", "--fix", "a.mof"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read(dir.path(), "a.mof"),
        "#pragma include(\"base.mof\")\nclass T_A : T_Base\n{\n};\n"
    );
    assert_eq!(remaining(dir.path(), &["a.mof"]), Vec::<String>::new());
}

#[test]
fn unused_suppressions_are_removed_whole_or_one_code() {
    fixes_to(
        "a.mof",
        "class T_A\n{\n    // mofc: ignore[W0313]\n    [Key] string Id;\n    uint32 Size; // mofc: ignore[E0322, W0314]\n};\n",
        &[],
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size;\n};\n",
        &[],
    );
    // One of two codes still silences something: only the other goes.
    let base = "class T_Base\n{\n    [Key] string Id;\n    string Name;\n};\n\n";
    fixes_to(
        "b.mof",
        &format!("{base}class T_Sub : T_Base\n{{\n    string Name; // mofc: ignore[E0322, W0313]\n}};\n"),
        &[],
        &format!("{base}class T_Sub : T_Base\n{{\n    string Name; // mofc: ignore[W0313]\n}};\n"),
        &[],
    );
}

#[test]
fn a_fix_that_uncovers_another_problem_is_followed_by_its_fix() {
    // The missing `;` hides the unused suppression (no unused suppression is reported in a
    // compilation with syntax errors); the second round removes it.
    fixes_to(
        "a.mof",
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size\n    uint32 Other; // mofc: ignore[W0313]\n};\n",
        &[],
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size;\n    uint32 Other;\n};\n",
        &[],
    );
}

#[test]
fn a_guess_among_class_names_is_applied_only_with_unsafe_fixes() {
    let before = "class T_Base\n{\n};\n\nclass T_Sub : T_Bse\n{\n};\n";
    fixes_to("a.mof", before, &[], before, &["E0301 5:15"]);
    fixes_to(
        "a.mof",
        before,
        &["--unsafe-fixes"],
        "class T_Base\n{\n};\n\nclass T_Sub : T_Base\n{\n};\n",
        &[],
    );
}

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let before = "class T_A\n{\n    [Key] strng Id;\n    uint32 Size\n};\n";
    let dir = tree(&[("a.mof", before)]);
    let (code, stdout, stderr) = run_mofc(dir.path(), &["check", "--diff", "a.mof"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "--- a.mof\n+++ a.mof (fixed)\n@@ -1,5 +1,5 @@\n class T_A\n {\n-    [Key] strng Id;\n-    uint32 Size\n+    [Key] string Id;\n+    uint32 Size;\n };\n"
    );
    assert!(stderr.contains("would fix 2 problems in 1 file"), "{stderr}");
    assert_eq!(read(dir.path(), "a.mof"), before);
    // Nothing to fix: no diff, exit status 0 (whatever the remaining errors).
    let clean = tree(&[("b.mof", "class T_B : T_Nowhere\n{\n};\n")]);
    let (code, stdout, _) = run_mofc(clean.path(), &["check", "--diff", "b.mof"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let before = "class T_A\n{\n    [Key] strng Id;\n    uint32 Size\n    uint32 More;\n    [Descripton(\"x\")] uint32 Other;\n};\n";
    let dir = tree(&[("a.mof", "class T_Untouched\n{\n};\n")]);
    let args = ["check", "--fix", "-", "--stdin-filename", "a.mof"];
    let (code, stdout, stderr) = run_mofc_with(dir.path(), &args, &[("NO_COLOR", "1")], before.as_bytes());
    assert_eq!(
        stdout,
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size;\n    uint32 More;\n    [Descripton(\"x\")] uint32 Other;\n};\n"
    );
    // What remains is reported on stderr; the file standard input stands for is left alone.
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error[E0304]: qualifier `Descripton` is not declared"),
        "{stderr}"
    );
    assert_eq!(read(dir.path(), "a.mof"), "class T_Untouched\n{\n};\n");
}

#[test]
fn a_file_read_only_to_find_a_class_is_not_fixed() {
    let dependency = "class T_Dep\n{\n    [Key] strng Id;\n};\n";
    let dir = tree(&[
        ("lib/T_Dep.mof", dependency),
        ("user.mof", "class T_User : T_Dep\n{\n    strng Extra;\n};\n"),
    ]);
    let (_, _, stderr) = run_mofc(dir.path(), &["check", "-I", "lib", "--fix", "user.mof"]);
    assert!(stderr.contains("fixed 1 problem in 1 file"), "{stderr}");
    assert_eq!(
        read(dir.path(), "user.mof"),
        "class T_User : T_Dep\n{\n    string Extra;\n};\n"
    );
    assert_eq!(read(dir.path(), "lib/T_Dep.mof"), dependency);
    assert_eq!(remaining(dir.path(), &["-I", "lib", "user.mof"]), ["E0006 1:16"]);
}

#[test]
fn a_utf16_file_keeps_its_encoding() {
    let text = "class T_A\n{\n    [Key] strng Id;\n};\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let dir = tree(&[]);
    std::fs::write(dir.path().join("a.mof"), bytes).unwrap();
    let (code, _, stderr) = run_mofc(dir.path(), &["check", "--fix", "a.mof"]);
    assert_eq!(code, 0, "{stderr}");
    let fixed = std::fs::read(dir.path().join("a.mof")).unwrap();
    let expected: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            text.replace("strng", "string")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert_eq!(fixed, expected);
}

#[test]
fn check_says_how_many_problems_the_fixes_would_fix() {
    let dir = tree(&[(
        "a.mof",
        "class T_Base\n{\n    [Key] strng Id;\n};\n\nclass T_Sub : T_Bse\n{\n};\n",
    )]);
    let (code, _, stderr) = run_mofc(dir.path(), &["check", "a.mof"]);
    assert_eq!(code, 1);
    assert!(
        stderr
            .ends_with("checked 1 file: 2 errors, 0 warnings\n1 fixable with `--fix` (1 more with `--unsafe-fixes`)\n"),
        "{stderr}"
    );
    let (_, _, stderr) = run_mofc(dir.path(), &["check", "--fix", "a.mof"]);
    assert!(
        stderr.ends_with("checked 1 file: 1 error, 0 warnings\n1 fixable with `--fix --unsafe-fixes`\n"),
        "{stderr}"
    );
}

#[test]
fn json_carries_each_fix() {
    let dir = tree(&[("a.mof", "class T_A\n{\n    [Key] strng Id;\n};\n")]);
    let (_, doc) = check_json(dir.path(), &["a.mof"]);
    assert_eq!(
        doc["diagnostics"][0]["fix"],
        serde_json::json!({
            "message": "Replace with `string`",
            "applicability": "safe",
            "edits": [{
                "file": "a.mof", "line": 3, "column": 11, "end_line": 3, "end_column": 16,
                "content": "string",
            }],
        })
    );
}

#[test]
fn sarif_carries_each_fix() {
    let dir = tree(&[("a.mof", "class T_A\n{\n    [Key] strng Id;\n};\n")]);
    let (_, stdout, _) = run_mofc(dir.path(), &["check", "--format", "sarif", "a.mof"]);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        log["runs"][0]["results"][0]["fixes"],
        serde_json::json!([{
            "description": {"text": "Replace with `string`"},
            "artifactChanges": [{
                "artifactLocation": {"uri": "a.mof", "uriBaseId": "%SRCROOT%"},
                "replacements": [{
                    "deletedRegion": {"startLine": 3, "startColumn": 11, "endLine": 3, "endColumn": 16},
                    "insertedContent": {"text": "string"},
                }],
            }],
        }])
    );
}

#[test]
fn a_name_a_macro_wrote_gets_no_fix_where_it_is_used() {
    // `T` expands to the misspelt `strng`: replacing the use of `T` would change the wrong
    // text, so only the misspelling written in place is fixed.
    let source = "#define T strng\nclass A { T X; strng Y; };\n";
    let dir = tree(&[("a.mof", source)]);
    let (_, doc) = check_json(dir.path(), &["a.mof"]);
    let found = each_diagnostic(&doc, |d| {
        (
            text(d, "code"),
            number(d, "line"),
            number(d, "column"),
            d.get("fix").is_some(),
        )
    });
    assert_eq!(
        found,
        [("E0203".to_string(), 2, 11, false), ("E0203".to_string(), 2, 16, true)]
    );
    let (code, _, _) = run_mofc(dir.path(), &["check", "--fix", "a.mof"]);
    assert_eq!(code, 1);
    assert_eq!(
        read(dir.path(), "a.mof"),
        "#define T strng\nclass A { T X; string Y; };\n"
    );
}

#[test]
fn an_unused_suppression_between_two_tokens_leaves_them_apart() {
    fixes_to(
        "a.mof",
        "class T_A\n{\n    [Key] string /* mofc: ignore[W0313] */Id;\n    uint32/* mofc: ignore[W0313] */Size;\n};\n",
        &[],
        "class T_A\n{\n    [Key] string Id;\n    uint32 Size;\n};\n",
        &[],
    );
}

/// `Foo_Bar`, declared in a file not named for it: the class finder does not take it.
const SHARED: &str = "class Foo_Bar\n{\n    [Key] string Id;\n};\n";

#[test]
fn an_include_is_offered_for_a_class_declared_in_a_file_of_the_search_path() {
    let before = "class T_A : Foo_Bar\n{\n};\n";
    let dir = tree(&[("app/a.mof", before), ("lib/shared.mof", SHARED)]);
    let (code, doc) = check_json(dir.path(), &["-I", "lib", "app/a.mof"]);
    assert_eq!(code, 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(
        (text(d, "code"), number(d, "line"), number(d, "column")),
        ("E0301".to_string(), 1, 13)
    );
    assert_eq!(text(d, "help"), "`Foo_Bar` is declared in `lib/shared.mof`; include it");
    assert_eq!(
        d["fix"],
        serde_json::json!({
            "message": "Include `shared.mof`",
            "applicability": "unsafe",
            "edits": [{
                "file": "app/a.mof", "line": 1, "column": 1, "end_line": 1, "end_column": 1,
                "content": "#pragma include (\"shared.mof\")\n",
            }],
        })
    );
    // `--diff` shows it, with `--unsafe-fixes`, and writes nothing.
    let (code, stdout, stderr) = run_mofc(
        dir.path(),
        &["check", "--diff", "--unsafe-fixes", "-I", "lib", "app/a.mof"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "--- app/a.mof\n+++ app/a.mof (fixed)\n@@ -1,3 +1,4 @@\n+#pragma include (\"shared.mof\")\n class T_A : Foo_Bar\n {\n };\n"
    );
    assert!(stderr.contains("would fix 1 problem in 1 file"), "{stderr}");
    assert_eq!(read(dir.path(), "app/a.mof"), before);
    // `--fix` leaves an unsafe fix; `--unsafe-fixes` applies it, once. (`lib` is not below
    // the using file's folder: the name is relative to `-I lib`.)
    let (code, _, stderr) = run_mofc(dir.path(), &["check", "--fix", "-I", "lib", "app/a.mof"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("fixed 0 problems in 0 files"), "{stderr}");
    assert_eq!(read(dir.path(), "app/a.mof"), before);
    assert_eq!(remaining(dir.path(), &["-I", "lib", "app/a.mof"]), ["E0301 1:13"]);
    let after = "#pragma include (\"shared.mof\")\nclass T_A : Foo_Bar\n{\n};\n";
    let (code, _, stderr) = run_mofc(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "-I", "lib", "app/a.mof"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("fixed 1 problem in 1 file"), "{stderr}");
    assert_eq!(read(dir.path(), "app/a.mof"), after);
    assert_eq!(remaining(dir.path(), &["-I", "lib", "app/a.mof"]), Vec::<String>::new());
    let (_, _, stderr) = run_mofc(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "-I", "lib", "app/a.mof"],
    );
    assert!(stderr.contains("fixed 0 problems in 0 files"), "{stderr}");
    assert_eq!(read(dir.path(), "app/a.mof"), after);
}

#[test]
fn an_include_of_a_file_below_the_using_files_folder_goes_after_its_includes() {
    let dir = tree(&[
        ("app/a.mof", "#pragma include (\"t.mof\")\nclass T_A : Foo_Bar\n{\n};\n"),
        ("app/t.mof", "class T_T\n{\n};\n"),
        ("app/common/shared.mof", SHARED),
    ]);
    let (code, _, stderr) = run_mofc(dir.path(), &["check", "--fix", "--unsafe-fixes", "app/a.mof"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read(dir.path(), "app/a.mof"),
        "#pragma include (\"t.mof\")\n#pragma include (\"common/shared.mof\")\nclass T_A : Foo_Bar\n{\n};\n"
    );
    assert_eq!(remaining(dir.path(), &["app/a.mof"]), Vec::<String>::new());
}

#[test]
fn an_include_at_the_start_of_a_file_goes_after_its_licence_header() {
    let dir = tree(&[
        (
            "app/a.mof",
            "// Licence\r\n// of the file\r\n\r\n// T_A\r\nclass T_A : Foo_Bar\r\n{\r\n};\r\n",
        ),
        ("mofc.toml", "include-dirs = [\"lib\"]\n"),
        ("lib/deep/shared.mof", SHARED),
    ]);
    let (code, _, stderr) = run_mofc(dir.path(), &["check", "--fix", "--unsafe-fixes", "app/a.mof"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read(dir.path(), "app/a.mof"),
        "// Licence\r\n// of the file\r\n#pragma include (\"deep/shared.mof\")\r\n\r\n// T_A\r\nclass T_A : Foo_Bar\r\n{\r\n};\r\n"
    );
}

#[test]
fn of_several_files_declaring_the_class_the_first_is_included_and_the_others_named() {
    let dir = tree(&[
        ("a.mof", "class T_A : Foo_Bar\n{\n};\n"),
        ("lib/one.mof", SHARED),
        ("lib/two.mof", &SHARED.replace("Foo_Bar", "FOO_BAR")),
    ]);
    let (_, doc) = check_json(dir.path(), &["-I", "lib", "a.mof"]);
    let d = &doc["diagnostics"][0];
    assert_eq!(
        text(d, "help"),
        "`Foo_Bar` is declared in `lib/one.mof`; include it (it is also declared in `lib/two.mof`)"
    );
    // `lib` is below the using file's folder: the name is relative to that folder.
    assert_eq!(text(&d["fix"], "message"), "Include `lib/one.mof`");
}

#[test]
fn no_include_is_offered_when_no_file_declares_the_class() {
    let dir = tree(&[
        ("a.mof", "class T_A : Foo_Bar\n{\n};\n"),
        ("lib/shared.mof", "class Foo_Other\n{\n};\n// class Foo_Bar\n"),
    ]);
    let (_, doc) = check_json(dir.path(), &["-I", "lib", "a.mof"]);
    let d = &doc["diagnostics"][0];
    assert_eq!(text(d, "code"), "E0301");
    assert_eq!(d["fix"], serde_json::Value::Null);
    assert_eq!(
        text(d, "help"),
        "declare it, include the file that does, or put `Foo_Bar.mof` in a folder given with `-I`"
    );
}

#[test]
fn no_include_is_offered_that_would_find_another_file() {
    // `#pragma include ("shared.mof")` in `app/a.mof` finds `app/shared.mof` first.
    let dir = tree(&[
        ("app/a.mof", "class T_A : Foo_Bar\n{\n};\n"),
        ("app/shared.mof", "class T_Other\n{\n};\n"),
        ("lib/shared.mof", SHARED),
    ]);
    let (_, doc) = check_json(dir.path(), &["-I", "lib", "app/a.mof"]);
    let d = &doc["diagnostics"][0];
    assert_eq!(
        (text(d, "code"), number(d, "line"), number(d, "column")),
        ("E0301".to_string(), 1, 13)
    );
    assert_eq!(d["fix"], serde_json::Value::Null);
}

#[test]
fn an_include_goes_after_the_namespace_pragma_and_is_added_once_for_every_use() {
    // The class must be declared in the namespace of its uses; a comment that goes on after
    // the pragma on its line must not take the include in.
    let dir = tree(&[
        (
            "app/a.mof",
            "#pragma namespace(\"\\\\\\\\.\\\\root\\\\test\") /* the test\nnamespace */\nclass T_A : Foo_Bar\n{\n};\nclass T_B : Foo_Bar\n{\n  Foo_Bar REF Peer;\n};\n",
        ),
        ("lib/shared.mof", SHARED),
    ]);
    let (code, _, stderr) = run_mofc(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "-I", "lib", "app/a.mof"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read(dir.path(), "app/a.mof"),
        "#pragma namespace(\"\\\\\\\\.\\\\root\\\\test\")\n#pragma include (\"shared.mof\") /* the test\nnamespace */\nclass T_A : Foo_Bar\n{\n};\nclass T_B : Foo_Bar\n{\n  Foo_Bar REF Peer;\n};\n"
    );
    assert_eq!(remaining(dir.path(), &["-I", "lib", "app/a.mof"]), Vec::<String>::new());
}

/// A fault in the MOF of an embedded object's string is fixed inside the string where the
/// literal is written as it reads; where it has escapes, the fault is reported on the whole
/// string with no fix (its fix, in the embedded text, once made the check panic).
#[test]
fn a_misspelt_flavor_in_an_embedded_object_is_fixed_in_its_string() {
    let classes = "class Inner { uint32 Size; };\n\
                   class Outer { [Key] string Id; [EmbeddedInstance(\"Inner\")] string Item; };\n";
    let escaped = "instance of Outer { Id = \"x\"; \
                   Item = \"instance of Inner { [Description(\\\"d\\\") : ToSubclas] Size = 1; };\"; };\n";
    let exact = |flavor: &str| {
        format!(
            "instance of Outer {{ Id = \"y\"; Item = \"instance of Inner {{ [Key : {flavor}] Size = 1; }};\"; }};\n"
        )
    };
    fixes_to(
        "e.mof",
        &format!("{classes}{escaped}{}", exact("ToSubclas")),
        &[],
        &format!("{classes}{escaped}{}", exact("ToSubclass")),
        &["E0205 3:38"],
    );
}

/// A DSC resource schema is loaded by DSC on its own: an embedded class missing from it is told
/// to be declared there (the DSC rule's help), not included from a file of the search path.
#[test]
fn no_include_is_offered_in_a_dsc_resource_schema() {
    let schema = "[ClassVersion(\"1.0.0\"), FriendlyName(\"Thing\")]\nclass MSFT_Thing : OMI_BaseResource\n{\n    [Key] string Name;\n    [Write, EmbeddedInstance(\"Foo_Bar\")] string Item;\n};\n";
    let dir = tree(&[("MSFT_Thing/MSFT_Thing.schema.mof", schema), ("lib/shared.mof", SHARED)]);
    let (_, doc) = check_json(dir.path(), &["-I", "lib", "MSFT_Thing/MSFT_Thing.schema.mof"]);
    let undefined: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| text(d, "code") == "E0301")
        .collect();
    assert_eq!(undefined.len(), 1, "{doc}");
    assert!(text(undefined[0], "help").starts_with("DSC: a schema embeds"), "{doc}");
    assert!(undefined[0]["fix"].is_null(), "{doc}");
}
