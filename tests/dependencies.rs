//! Files read to find a class, includes as the tools find them, the schema of a run, and one
//! report per file: `mofc check` end to end on small trees written for each case.

mod support;

use std::path::Path;

use support::{text, tree};

/// A diagnostic as these tests compare it: (code, file, line, column, message).
type Found = (String, String, u64, u64, String);

/// What `mofc check --format json ARGS`, run in `dir`, reports: exit code, each diagnostic, and
/// the summary (files, errors, warnings).
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<Found>, (u64, u64, u64)) {
    let (code, doc) = support::check_json(dir, args);
    let found = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = |key: &str| d[key].as_u64().unwrap();
            (
                text(d, "code"),
                text(d, "file"),
                at("line"),
                at("column"),
                text(d, "message"),
            )
        })
        .collect();
    let summary = &doc["summary"];
    let count = |key: &str| summary[key].as_u64().unwrap();
    (code, found, (count("files"), count("errors"), count("warnings")))
}

fn found(code: &str, file: &str, line: u64, column: u64, message: &str) -> Found {
    (code.into(), file.into(), line, column, message.into())
}

/// OpenPegasus's schema layout: an area file named like a class, which only includes the files
/// of its area, beside the folder where each class has its own file.
const PEGASUS: &[(&str, &str)] = &[
    (
        "schema/CIM_System.mof",
        "#pragma include (\"System/CIM_System.mof\")\n#pragma include (\"System/CIM_ComputerSystem.mof\")\n",
    ),
    (
        "schema/CIM_Core.mof",
        "#pragma include (\"Core/CIM_ManagedElement.mof\")\n",
    ),
    (
        "schema/Core/CIM_ManagedElement.mof",
        "class CIM_ManagedElement { string Caption; };\n",
    ),
    (
        "schema/System/CIM_System.mof",
        "class CIM_System : CIM_ManagedElement { [Key] string Name; };\n",
    ),
    // Broken: read only if the area file is taken for the file of `CIM_System`.
    (
        "schema/System/CIM_ComputerSystem.mof",
        "class CIM_ComputerSystem : CIM_Gone { };\n",
    ),
];

#[test]
fn a_class_is_read_from_the_file_that_declares_it_not_from_an_area_file() {
    let mut files = PEGASUS.to_vec();
    files.push(("app/my.mof", "class My_System : CIM_System { };\n"));
    let dir = tree(&files);
    assert_eq!(
        check(dir.path(), &["-I", "schema", "app/my.mof"]),
        (0, vec![], (1, 0, 0))
    );
}

#[test]
fn a_class_in_a_broken_file_is_one_error_where_it_is_used() {
    let mut files = PEGASUS.to_vec();
    files.push(("app/my.mof", "class My_Computer : CIM_ComputerSystem { };\n"));
    let dir = tree(&files);
    let expected = found(
        "E0006",
        "app/my.mof",
        1,
        21,
        "1 error in `schema/System/CIM_ComputerSystem.mof`, read to find `CIM_ComputerSystem`",
    );
    assert_eq!(
        check(dir.path(), &["-I", "schema", "app/my.mof"]),
        (1, vec![expected], (1, 1, 0))
    );
    // Checked directly, the file shows its error.
    let expected = found(
        "E0301",
        "schema/System/CIM_ComputerSystem.mof",
        1,
        28,
        "the superclass `CIM_Gone` is not defined",
    );
    let direct = check(dir.path(), &["schema/System/CIM_ComputerSystem.mof"]);
    assert_eq!(direct, (1, vec![expected], (1, 1, 0)));
}

#[test]
fn only_what_a_dependency_declares_for_the_compilation_is_checked() {
    // `Linux_Bar.mof` has a class with an undefined superclass that nothing uses, and a warning.
    let lib = "class Linux_Bar { [Key] string Id; };\nclass Other : Nowhere {};\n";
    let app = "class App {\n    [Key] string Name;\n    Linux_Bar REF Bar;\n};\n";
    let dir = tree(&[("lib/Linux_Bar.mof", lib), ("app/a.mof", app)]);
    assert_eq!(check(dir.path(), &["-I", "lib", "app/a.mof"]), (0, vec![], (1, 0, 0)));
    // A warning in the part it needs is counted as a warning.
    let warned = "class Linux_Bar { [Key] string Id; [ValueMap {\"1\", \"2\"}, Values {\"a\"}] uint32 X; };\n";
    let dir = tree(&[("lib/Linux_Bar.mof", warned), ("app/a.mof", app)]);
    let expected = found(
        "W0006",
        "app/a.mof",
        3,
        5,
        "1 warning in `lib/Linux_Bar.mof`, read to find `Linux_Bar`",
    );
    assert_eq!(
        check(dir.path(), &["-I", "lib", "app/a.mof"]),
        (0, vec![expected], (1, 0, 1))
    );
}

#[test]
fn a_provider_beside_an_older_copy_of_its_model_reports_nothing_from_the_copy() {
    let provider = "class Linux_Foo {\n    [Key] string Name;\n    uint32 Size;\n    Linux_Bar REF Bar;\n};\n";
    let copy = "class Linux_Bar { [Key] string Id; };\nclass Linux_Foo { [Key] string Name; string Size; };\n\
                instance of Linux_Foo { Name = \"x\"; Size = \"big\"; };\n";
    let dir = tree(&[("prov/Linux_Foo.mof", provider), ("prov/Linux_Foo-Model.mof", copy)]);
    assert_eq!(check(dir.path(), &["prov"]), (0, vec![], (2, 0, 0)));
    // The copy's own error is reported once, in its own compilation, and not counted again in
    // the provider's, which read it to find `Linux_Bar`.
    let broken = format!("{copy}class Extra {{ string x = ; }};\n");
    let dir = tree(&[("prov/Linux_Foo.mof", provider), ("prov/Linux_Foo-Model.mof", &broken)]);
    let expected = found(
        "E0201",
        "prov/Linux_Foo-Model.mof",
        4,
        26,
        "expected a value, a name, `{`, `[` or `(`, found `;`",
    );
    assert_eq!(check(dir.path(), &["prov"]), (1, vec![expected], (2, 1, 0)));
}

#[test]
fn an_absolute_include_is_read() {
    let dir = tree(&[("lib/base.mof", "class Base { [Key] string K; };\n")]);
    let absolute = dir.path().join("lib/base.mof");
    let main = format!(
        "#pragma include(\"{}\")\nclass Derived : Base {{}};\n",
        absolute.display()
    );
    std::fs::write(dir.path().join("main.mof"), main).unwrap();
    assert_eq!(check(dir.path(), &["main.mof"]), (0, vec![], (2, 0, 0)));
    // An absolute path that does not exist is not looked for elsewhere.
    let missing = dir.path().join("nowhere/base.mof");
    std::fs::write(
        dir.path().join("main.mof"),
        format!("#pragma include(\"{}\")\n", missing.display()),
    )
    .unwrap();
    let message = format!("included file `{}` not found", missing.display());
    let expected = found("E0003", "main.mof", 1, 1, &message);
    assert_eq!(check(dir.path(), &["main.mof"]), (1, vec![expected], (1, 1, 0)));
}

#[test]
fn an_include_in_another_letter_case_is_found_with_a_warning() {
    let qualifiers = "Qualifier Special : boolean = false, Scope(class);\n";
    let main = |name: &str| format!("#pragma include(\"{name}\")\n[Special] class A {{ [Key] string K; }};\n");
    let dir = tree(&[
        ("sub/msft_qualifiers.mof", qualifiers),
        ("main.mof", &main("Sub/MSFT_Qualifiers.mof")),
        ("exact.mof", &main("sub/msft_qualifiers.mof")),
    ]);
    if dir.path().join("SUB").exists() {
        // A file system that ignores letter case finds the name as written.
        return;
    }
    let expected = found(
        "W0007",
        "main.mof",
        1,
        1,
        "included file `Sub/MSFT_Qualifiers.mof` is `msft_qualifiers.mof` on disk",
    );
    assert_eq!(check(dir.path(), &["main.mof"]), (0, vec![expected], (2, 0, 1)));
    assert_eq!(check(dir.path(), &["exact.mof"]), (0, vec![], (2, 0, 0)));
}

/// A flat schema file and two provider files that each declare a helper class of the same name.
const SCHEMA: &[(&str, &str)] = &[
    (
        "schema/CIM_Schema.mof",
        "Qualifier Vendor : string, Scope(class);\n\
         class CIM_ManagedElement { string Caption; };\n\
         class CIM_LogicalElement : CIM_ManagedElement { [Key] string Name; };\n\
         class CIM_Unused : CIM_Gone { };\n",
    ),
    (
        "prov/a.mof",
        "class Helper { [Key] string A; };\n[Vendor(\"a\")] class A_Thing : CIM_LogicalElement { Helper REF H; };\n",
    ),
    (
        "prov/b.mof",
        "class Helper { [Key] uint32 B; };\n[Vendor(\"b\")] class B_Thing : CIM_LogicalElement { Helper REF H; };\n",
    ),
];

#[test]
fn every_compilation_resolves_against_the_schema_and_paths_stay_independent() {
    let dir = tree(SCHEMA);
    let clean = (0, vec![], (2, 0, 0));
    let args = ["--schema", "schema/CIM_Schema.mof", "prov/a.mof", "prov/b.mof"];
    assert_eq!(check(dir.path(), &args), clean);
    // The schema as a folder.
    assert_eq!(check(dir.path(), &["--schema", "schema", "prov"]), clean);
    // Without it, each compilation lacks the schema's class.
    let (code, diagnostics, _) = check(dir.path(), &["prov/a.mof", "prov/b.mof"]);
    assert_eq!(code, 1);
    let codes: Vec<(&str, &str, u64, u64)> = diagnostics
        .iter()
        .map(|d| (d.0.as_str(), d.1.as_str(), d.2, d.3))
        .filter(|d| d.0 == "E0301")
        .collect();
    assert_eq!(codes, [("E0301", "prov/a.mof", 2, 31), ("E0301", "prov/b.mof", 2, 31)]);
}

#[test]
fn the_schema_can_be_named_in_mofc_toml() {
    let mut files = SCHEMA.to_vec();
    files.push((
        "mofc.toml",
        "files = [\"prov/a.mof\", \"prov/b.mof\"]\nschema = [\"schema/CIM_Schema.mof\"]\n",
    ));
    let dir = tree(&files);
    assert_eq!(check(dir.path(), &[]), (0, vec![], (2, 0, 0)));
    // A schema that cannot be read stops the run.
    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "--schema", "schema/nothing.mof"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot read schema `schema/nothing.mof`"), "{stderr}");
}

#[test]
fn a_file_has_one_name_and_a_shared_diagnostic_is_reported_once() {
    let dir = tree(&[
        ("lib/shared.inc.mof", "class S { string x = ; };\n"),
        ("a.mof", "#pragma include(\"lib/shared.inc.mof\")\nclass A {};\n"),
        ("b.mof", "#pragma include(\"lib/shared.inc.mof\")\nclass B {};\n"),
    ]);
    let expected = found(
        "E0201",
        "lib/shared.inc.mof",
        1,
        22,
        "expected a value, a name, `{`, `[` or `(`, found `;`",
    );
    // Three files, one error, whatever the spelling of the entry files.
    assert_eq!(
        check(dir.path(), &["./a.mof", "b.mof"]),
        (1, vec![expected.clone()], (3, 1, 0))
    );
    // An entry file named with its absolute path below the current folder is named relative too.
    let absolute = dir.path().join("a.mof");
    let (_, diagnostics, summary) = check(dir.path(), &[absolute.to_str().unwrap(), "a.mof"]);
    assert_eq!((diagnostics, summary), (vec![expected], (2, 1, 0)));
}

#[test]
fn a_folder_whose_files_all_include_each_other_is_checked() {
    let dir = tree(&[
        ("cycle/a.mof", "#pragma include(\"b.mof\")\nclass A {};\n"),
        ("cycle/b.mof", "#pragma include(\"a.mof\")\nclass B {};\n"),
    ]);
    let expected = found("E0004", "cycle/b.mof", 1, 1, "`cycle/a.mof` includes itself");
    assert_eq!(check(dir.path(), &["cycle"]), (1, vec![expected], (2, 1, 0)));
}

#[test]
fn a_file_outside_the_current_folder_keeps_the_name_it_was_given() {
    let dir = tree(&[
        ("lib/a.mof", "class A { string x = ; };\n"),
        ("work/main.mof", "#pragma include(\"../lib/a.mof\")\nclass M {};\n"),
    ]);
    let expected = found(
        "E0201",
        "../lib/a.mof",
        1,
        22,
        "expected a value, a name, `{`, `[` or `(`, found `;`",
    );
    let work = dir.path().join("work");
    assert_eq!(
        check(&work, &["main.mof", "../lib/a.mof"]),
        (1, vec![expected], (2, 1, 0))
    );
}

#[test]
fn a_class_not_found_by_its_name_is_taken_from_a_file_found_for_another() {
    let dir = tree(&[
        // `Helper` has no file of its own; `Linux_Bar.mof`, found for `Linux_Bar`, declares it.
        (
            "lib/Linux_Bar.mof",
            "class Helper { [Key] string K; };\nclass Linux_Bar : Helper {};\n",
        ),
        ("app/a.mof", "class A : Helper {};\nclass B : Linux_Bar {};\n"),
    ]);
    assert_eq!(check(dir.path(), &["-I", "lib", "app/a.mof"]), (0, vec![], (1, 0, 0)));
}

#[test]
fn a_long_chain_of_class_files_is_found_in_linear_time() {
    // Each class in its own file, each found only once the one before is read: 15,000 rounds.
    // Looking at every declaration again in each round took minutes at this depth (2.7 s at
    // 3,000); the harness kills a run after one.
    const DEPTH: usize = 15_000;
    let mut files: Vec<(String, String)> = (1..DEPTH)
        .map(|i| (format!("lib/C{i}.mof"), format!("class C{i} : C{} {{}};\n", i + 1)))
        .collect();
    files.push((format!("lib/C{DEPTH}.mof"), format!("class C{DEPTH} {{}};\n")));
    files.push(("app/a.mof".into(), "class A : C1 {};\n".into()));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = tree(&files);
    assert_eq!(check(dir.path(), &["-I", "lib", "app/a.mof"]), (0, vec![], (1, 0, 0)));
}

#[test]
fn the_problems_of_a_dependency_are_counted_once_in_a_run() {
    let lib = "class Linux_Bar { [Key] string Id; string X = 1; };\n";
    let dir = tree(&[
        ("lib/Linux_Bar.mof", lib),
        ("app/a.mof", "class A : Linux_Bar {};\n"),
        ("app/b.mof", "class B : Linux_Bar {};\n"),
    ]);
    let expected = found(
        "E0006",
        "app/a.mof",
        1,
        11,
        "1 error in `lib/Linux_Bar.mof`, read to find `Linux_Bar`",
    );
    assert_eq!(check(dir.path(), &["-I", "lib", "app"]), (1, vec![expected], (2, 1, 0)));
}

/// A class the compilation uses only inside an instance's values: in the MOF of an embedded
/// object's string (also when the property is declared in a class that is itself found on
/// the search path), in a nested instance, or named by `EmbeddedInstance("C")`.
const INSIDE_VALUES: &[(&str, &str)] = &[
    (
        "class App { [Key] string Id; [EmbeddedObject] string Item; };\n\
         instance of App { Id = \"x\"; Item = \"instance of Linux_Inner { };\"; };\n",
        "E0301:2:49",
    ),
    (
        "class App : Linux_Base { };\n\
         instance of App { Id = \"x\"; Item = \"instance of Linux_Inner { };\"; };\n",
        "E0301:2:49",
    ),
    (
        "class App { [Key] string Id; [EmbeddedObject] string Item; };\n\
         instance of App { Id = \"x\"; Item = instance of Linux_Inner { }; };\n",
        "E0301:2:48",
    ),
    (
        "class App { [Key] string Id; [EmbeddedInstance(\"Linux_Inner\")] string Item; };\n",
        "E0301:1:48",
    ),
];

#[test]
fn a_class_used_only_inside_instance_values_is_found() {
    let base = "class Linux_Base { [Key] string Id; [EmbeddedObject] string Item; };\n";
    let inner = "class Linux_Inner { string Name; };\n";
    for (app, absent) in INSIDE_VALUES {
        let dir = tree(&[
            ("lib/Linux_Base.mof", base),
            ("lib/Linux_Inner.mof", inner),
            ("app/a.mof", app),
        ]);
        assert_eq!(
            check(dir.path(), &["-I", "lib", "app/a.mof"]),
            (0, vec![], (1, 0, 0)),
            "{app}"
        );
        // Without the class's file, the use is an error where the class is named.
        let dir = tree(&[("lib/Linux_Base.mof", base), ("app/a.mof", app)]);
        let (code, found, _) = check(dir.path(), &["-I", "lib", "app/a.mof"]);
        let at: Vec<String> = found.iter().map(|(c, _, l, col, _)| format!("{c}:{l}:{col}")).collect();
        assert_eq!((code, at), (1, vec![absent.to_string()]), "{app}");
    }
}

#[test]
fn a_broken_class_used_in_an_embedded_string_is_one_error_at_the_string() {
    let app = "class App { [Key] string Id; [EmbeddedObject] string Item; };\n\
               instance of App { Id = \"x\"; Item = \"instance of Linux_Inner { };\"; };\n";
    let dir = tree(&[
        ("lib/Linux_Inner.mof", "class Linux_Inner : Gone { };\n"),
        ("app/a.mof", app),
    ]);
    let expected = found(
        "E0006",
        "app/a.mof",
        2,
        36,
        "1 error in `lib/Linux_Inner.mof`, read to find `Linux_Inner`",
    );
    assert_eq!(
        check(dir.path(), &["-I", "lib", "app/a.mof"]),
        (1, vec![expected], (1, 1, 0))
    );
    // mofcomp keeps such strings as text: a WMI compilation does not look for their classes.
    let wmi = format!("#pragma namespace(\"\\\\\\\\.\\\\root\\\\x\")\n{app}");
    let dir = tree(&[
        ("lib/Linux_Inner.mof", "class Linux_Inner : Gone { };\n"),
        ("app/a.mof", &wmi),
    ]);
    assert_eq!(check(dir.path(), &["-I", "lib", "app/a.mof"]), (0, vec![], (1, 0, 0)));
    // Told it is DMTF, the same file's strings are compiled, and their classes looked for.
    let (code, found, _) = check(dir.path(), &["--dialect", "dmtf", "-I", "lib", "app/a.mof"]);
    let at: Vec<String> = found.iter().map(|(c, _, l, col, _)| format!("{c}:{l}:{col}")).collect();
    assert_eq!((code, at), (1, vec!["E0006:3:36".to_string()]));
}

/// Instances wait for the class that says which of their strings are embedded objects, and
/// are then each looked into once.
#[test]
fn many_embedded_strings_are_looked_into_in_linear_time() {
    let base = "class Linux_Base { [Key] string Id; [EmbeddedObject] string Item; };\n";
    let inner = "class Linux_Inner { string Name; };\n";
    let mut app = String::from("class App : Linux_Base { };\n");
    for i in 0..20_000 {
        app.push_str(&format!(
            "instance of App {{ Id = \"{i}\"; Item = \"instance of Linux_Inner {{ }};\"; }};\n"
        ));
    }
    let dir = tree(&[
        ("lib/Linux_Base.mof", base),
        ("lib/Linux_Inner.mof", inner),
        ("app/a.mof", &app),
    ]);
    assert_eq!(check(dir.path(), &["-I", "lib", "app/a.mof"]), (0, vec![], (1, 0, 0)));
}
