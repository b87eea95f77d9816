//! What a compilation's dialect changes: mofcomp's qualifier declarations, the faults the WMI
//! repository accepts (warnings in WMI, errors in DMTF, same code), classes every Windows
//! target has, and MOF 3.0 named as such. Each case gives exact code, line, column and
//! severity, with a twin in the other dialect or a clean twin.

mod support;

use mofc::sema::model::{Flavors, find};
use mofc::sema::{self, Dialect, Options};
use mofc::source::{DiskWorld, SearchPath};
use mofc::syntax::ast::Flavor;
use mofc::syntax::unit::Unit;
use support::{fresh_dir, run_mofc};

/// A diagnostic: code, line, column, and `'E'` or `'W'` for its severity.
type At = (&'static str, usize, usize, char);

/// Compiles `text` as `mofc check` does, the dialect detected (`None`) or forced.
fn check(text: &str, dialect: Option<Dialect>) -> Vec<At> {
    with_unit(text, |unit| {
        let options = Options {
            dialect,
            ..Options::default()
        };
        let (_, mut found) = sema::analyze(unit, &options);
        sema::settle(&unit.sources, &mut found);
        let mut all = unit.diagnostics.clone();
        all.extend(found);
        all.sort_by_key(|d| (d.primary.file, d.primary.span.start));
        all.iter()
            .map(|d| {
                let (line, column) = unit
                    .sources
                    .get(d.primary.file)
                    .line_column(d.primary.span.start as usize);
                (d.code.id(), line, column, if d.is_error() { 'E' } else { 'W' })
            })
            .collect()
    })
}

/// Runs `f` on the unit of `text`, written to a file of its own.
fn with_unit<T>(text: &str, f: impl FnOnce(&Unit) -> T) -> T {
    let dir = fresh_dir();
    let path = dir.join("t.mof");
    std::fs::write(&path, text).unwrap();
    let search = SearchPath { dirs: Vec::new() };
    let mut unit = Unit::load(&DiskWorld, &path, &search).expect("readable");
    sema::complete(&mut unit, &DiskWorld, &search);
    std::fs::remove_dir_all(&dir).unwrap();
    f(&unit)
}

const WMI: Option<Dialect> = Some(Dialect::Wmi);
const DMTF: Option<Dialect> = Some(Dialect::Dmtf);

// ---------------------------------------------------------------- 1. mofcomp's declarations

const FLAVORS_ONLY: &str = "\
qualifier Description : ToSubclass Amended;
qualifier write : ToInstance ToSubclass;
qualifier vendor : ToInstance;
[Description(\"a class\"), vendor(\"me\")]
class Sample_A
{
    [key, write, Description(\"k\")] string Id;
    [Description(\"m\"), vendor(1)] uint32 Go([in, vendor(\"p\")] uint32 x);
};
class Sample_B : Sample_A { };
";

#[test]
fn flavors_only_declarations_make_a_clean_wmi_compilation() {
    assert_eq!(check(FLAVORS_ONLY, None), vec![]);
    // A DMTF compilation (forced) reports each declaration once, and none of its uses.
    assert_eq!(
        check(FLAVORS_ONLY, DMTF),
        vec![("E0207", 1, 11, 'E'), ("E0207", 2, 11, 'E'), ("E0207", 3, 11, 'E')]
    );
}

#[test]
fn flavors_only_declarations_set_default_flavors_with_wmi_defaults() {
    let flavors = with_unit(FLAVORS_ONLY, |unit| {
        let (model, _) = sema::analyze(unit, &Options::default());
        let b = model.classes.iter().find(|c| c.name() == "Sample_B").expect("Sample_B");
        let a = model.classes.iter().find(|c| c.name() == "Sample_A").expect("Sample_A");
        let of = |class: &mofc::sema::model::Class, name: &str| find(&class.qualifiers, name).map(|q| q.flavors);
        (of(a, "vendor"), of(b, "vendor"), of(b, "Description"))
    });
    let vendor = flavors.0.expect("vendor on Sample_A");
    assert!(vendor.has(Flavor::ToInstance) && vendor.has(Flavor::Restricted));
    // `vendor` is not ToSubclass: Sample_B does not inherit it; `Description` is, and Amended.
    assert_eq!(flavors.1, None);
    let description: Flavors = flavors.2.expect("Description inherited");
    assert!(description.has(Flavor::ToSubclass) && description.has(Flavor::Amended));
}

#[test]
fn a_flavors_only_declaration_makes_the_compilation_wmi() {
    let text = "qualifier vendor : ToInstance;\nclass A { [nokey] string k; };";
    assert_eq!(check(text, None), vec![("W0304", 2, 12, 'W')]);
}

#[test]
fn a_declaration_without_a_scope_is_an_error_in_dmtf_only_and_usable_anywhere() {
    let body = "qualifier mine : string;\n[mine(\"c\")] class A { [mine(\"p\")] string p; [mine(\"m\")] uint32 m([mine(\"x\")] uint32 x); };";
    assert_eq!(check(body, None), vec![("E0207", 1, 11, 'E')]);
    let wmi = format!("#pragma autorecover\n{body}");
    assert_eq!(check(&wmi, None), vec![]);
    // With a scope, uses outside it are still reported, in both dialects' own way.
    let scoped = "qualifier mine : string, scope(property);\nclass A { [mine(\"m\")] uint32 m(); };";
    assert_eq!(check(scoped, None), vec![("E0305", 2, 12, 'E')]);
}

// ---------------------------------------------------------------- 2. what the WMI repository accepts

/// A fault the WMI repository accepts: a warning in WMI, an error in DMTF, same code and place.
fn accepted_by_wmi(text: &str, code: &'static str, line: usize, column: usize) {
    assert_eq!(check(text, DMTF), vec![(code, line, column, 'E')], "DMTF: {text}");
    assert_eq!(check(text, WMI), vec![(code, line, column, 'W')], "WMI: {text}");
}

#[test]
fn value_map_entries_the_wmi_repository_accepts() {
    accepted_by_wmi("class A { [ValueMap {\"Recoverable\"}] uint8 X; };", "E0315", 1, 22);
    accepted_by_wmi("class A { [ValueMap {\"-1\", \"0\"}] uint32 Y; };", "E0315", 1, 22);
    // Clean twin.
    assert_eq!(
        check("class A { [ValueMap {\"0\", \"1..4\"}] uint32 Y; };", DMTF),
        vec![]
    );
}

#[test]
fn overrides_the_wmi_repository_accepts() {
    accepted_by_wmi(
        "class A { };\nclass B : A { [Override(\"Nope\")] string Nope; };",
        "E0309",
        2,
        16,
    );
    accepted_by_wmi(
        "class A { A REF r; };\nclass O { };\nclass B : A { [Override(\"r\")] O REF r; };",
        "E0309",
        3,
        16,
    );
    // A changed data type is refused by the repository too: an error in both dialects.
    let retyped = "class A { string x; };\nclass B : A { [Override(\"x\")] uint32 x; };";
    assert_eq!(check(retyped, WMI), vec![("E0309", 2, 16, 'E')]);
    // Narrowing to a subclass is right in both.
    let narrowed = "class A { A REF r; };\nclass B : A { [Override(\"r\")] B REF r; };";
    assert_eq!(check(narrowed, DMTF), vec![]);
}

#[test]
fn limits_on_other_types_the_wmi_repository_accepts() {
    accepted_by_wmi("class A { [MaxLen(8)] uint32 Z; };", "E0322", 1, 12);
    assert_eq!(check("class A { [MaxLen(8)] string Z; };", DMTF), vec![]);
}

#[test]
fn abstract_associations_without_references_in_wmi() {
    accepted_by_wmi("[Association, Abstract] class As { };", "E0312", 1, 31);
    // A concrete association is never accepted without its references.
    assert_eq!(check("[Association] class As { };", WMI), vec![("E0312", 1, 21, 'E')]);
}

#[test]
fn the_message_says_the_wmi_repository_accepts_it() {
    let text = "#pragma autorecover\nclass A { [MaxLen(8)] uint32 Z; };";
    let (code, _, stderr) = with_file(text, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[E0322]: `MaxLen` applies to string or array elements, and `Z` is not one (the WMI repository accepts it)"),
        "{stderr}"
    );
}

#[test]
fn explain_says_what_each_rule_does_in_each_dialect() {
    for code in ["E0207", "E0309", "E0312", "E0315", "E0322"] {
        let (status, stdout, _) = run_mofc(&std::env::temp_dir(), &["explain", code]);
        assert_eq!(status, 0);
        assert!(stdout.contains("DMTF") && stdout.contains("WMI"), "{code}: {stdout}");
    }
    // Every semantic rule says it, whether or not the dialect changes it.
    for info in mofc::diag::CODES.iter().filter(|i| i.id[1..].starts_with("03")) {
        assert!(
            info.explanation().contains("WMI"),
            "{} does not say what it does in WMI",
            info.id
        );
    }
}

/// Runs the binary on `text` written to a file: exit code, stdout, stderr.
fn with_file(text: &str, args: &[&str]) -> (i32, String, String) {
    let dir = fresh_dir();
    std::fs::write(dir.join("t.mof"), text).unwrap();
    let mut all = args.to_vec();
    all.push("t.mof");
    let out = run_mofc(&dir, &all);
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

// ---------------------------------------------------------------- 3. what the target machine has

const ON_WINDOWS: &str = "\
[Dynamic, Provider(\"P\")]
class Sample_Process : CIM_Process
{
    [Override(\"Priority\")] uint32 Priority;
    CIM_Process REF Parent;
    [key] string Id;
};
class Sample_Svc : Win32_Service { [Override(\"Name\")] string Name; };
[Association] class Sample_Link { CIM_Process REF A; Win32_Service REF B; };
class Sample_Inv : SMS_Class_Template { };
instance of Win32_Thing { Anything = 1; };
";

#[test]
fn classes_of_every_windows_target_are_assumed_once_each_in_wmi() {
    assert_eq!(
        check(ON_WINDOWS, None),
        vec![
            ("W0325", 2, 24, 'W'),
            ("W0325", 8, 20, 'W'),
            ("W0325", 10, 20, 'W'),
            ("W0325", 11, 13, 'W'),
        ]
    );
}

#[test]
fn in_dmtf_they_are_undefined_with_nothing_depending_on_them() {
    // No `Override` knock-on below the unknown ancestors, no property check on the instance.
    let dmtf = ON_WINDOWS.replace("Dynamic, Provider(\"P\")", "Description(\"x\")");
    assert_eq!(
        check(&dmtf, None),
        vec![
            ("E0301", 2, 24, 'E'),
            ("E0301", 5, 5, 'E'),
            ("E0301", 8, 20, 'E'),
            ("E0301", 9, 35, 'E'),
            ("E0301", 9, 54, 'E'),
            ("E0301", 10, 20, 'E'),
            ("E0301", 11, 13, 'E'),
        ]
    );
}

#[test]
fn a_reference_narrowed_to_a_class_below_an_unknown_ancestor_is_not_judged() {
    let text = "class A { A REF r; };\nclass X : Missing { };\nclass B : A { [Override(\"r\")] X REF r; };";
    assert_eq!(check(text, None), vec![("E0301", 2, 11, 'E')]);
    // Its twin with every ancestor known is judged.
    let known = text.replace("X : Missing", "X");
    assert_eq!(check(&known, None), vec![("E0309", 3, 16, 'E')]);
}

#[test]
fn other_missing_classes_stay_errors_in_wmi() {
    let text = "#pragma autorecover\nclass A : Sample_Missing { [Override(\"x\")] string x; };";
    assert_eq!(check(text, None), vec![("E0301", 2, 11, 'E')]);
}

#[test]
fn management_odata_schema_qualifiers_are_known() {
    let text = "class Sample_Product { [key] string Name; [AssociationClass(\"Sample_PC\"), ToEnd(\"theCategory\")] Sample_Category ref Category; };\n\
                class Sample_Category { [key, Etag] string Name; };\n\
                [Association] class Sample_PC { Sample_Category ref theCategory; Sample_Product ref theProducts; };";
    assert_eq!(check(text, None), vec![]);
}

// ---------------------------------------------------------------- 8. MOF 3.0

#[test]
fn mof_3_constructs_get_one_diagnostic() {
    let cases: &[(&str, At)] = &[
        (
            "// a\nstructure Sample_S { string A; };\nclass C { Sample_S s; };",
            ("E0213", 2, 1, 'E'),
        ),
        (
            "enumeration MonthsEnum : uint16 { January = 1, February = 2 };\nclass C { MonthsEnum m = MonthsEnum.January; };",
            ("E0213", 1, 1, 'E'),
        ),
        ("class C {\n  string m = MonthsEnum.January;\n};", ("E0213", 2, 14, 'E')),
        ("class C {\n  [OCL{\"inv: true\"}] uint8 m;\n};", ("E0213", 2, 4, 'E')),
    ];
    for (text, at) in cases {
        assert_eq!(check(text, None), vec![*at], "{text}");
    }
}

#[test]
fn mof_2_lookalikes_are_not_mof_3() {
    let text = "class structure { string enumeration; real32 r = 1.5; string s = \"E.A\"; };";
    assert_eq!(check(text, None), vec![]);
    // A stray character stays what it is.
    assert_eq!(check("class C { uint8 a@b; };", None)[0].0, "E0101");
    assert_eq!(check("class C { uint8 a.b; };", None)[0], ("E0101", 1, 18, 'E'));
    // In WMI, where mofcomp accepts any qualifier, `OCL` is only undeclared.
    assert_eq!(
        check("class C {\n  [OCL{\"inv: true\"}] uint8 m;\n};", WMI),
        vec![("W0304", 2, 4, 'W')]
    );
}
