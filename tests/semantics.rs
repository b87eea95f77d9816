//! The semantic pass on small inputs: each rule's code at its exact line and column, a clean
//! case beside each, labels that point into other files, the dialect both ways, and the
//! resolved model (inheritance, propagation, amendments, object paths).

mod support;

use support::{check_files, check_text};

/// A diagnostic's code, line and column.
type At = (&'static str, usize, usize);

/// Each rule: a text that breaks it, and the diagnostics it must give (code, line, column).
#[test]
fn each_rule_reports_its_code_where_the_fault_is() {
    let cases: &[(&str, &[At])] = &[
        ("class A : Missing {};", &[("E0301", 1, 11)]),
        ("class A { Missing REF r; };", &[("E0301", 1, 11)]),
        ("instance of Nope { };", &[("E0301", 1, 13)]),
        (
            "class A { [EmbeddedInstance(\"Nope\")] string e; };",
            &[("E0301", 1, 29)],
        ),
        ("class A : B {};\nclass B : A {};", &[("E0302", 1, 11)]),
        ("class A {};\nclass A {};", &[("W0303", 2, 7)]),
        ("class A { [nokey] string k; };", &[("E0304", 1, 12)]),
        ("class A { [Key] uint32 m(); };", &[("E0305", 1, 12)]),
        ("class A { [Static(\"True\")] uint32 m(); };", &[("E0306", 1, 19)]),
        (
            "class A { [Key] string k; };\nclass B : A { [Key(false), Override(\"k\")] string k; };",
            &[("E0307", 2, 16)],
        ),
        ("class A { string p; uint32 P(); };", &[("E0308", 1, 28)]),
        (
            "class A {};\nclass B : A { [Override(\"x\")] string x; };",
            &[("E0309", 2, 16)],
        ),
        (
            "class A { string x; };\nclass B : A { [Override(\"x\")] uint32 x; };",
            &[("E0309", 2, 16)],
        ),
        (
            "class A { [Key] string k; };\nclass B : A { [Key] string j; };",
            &[("W0310", 2, 16)],
        ),
        ("class A { [Key] string k[]; };", &[("E0311", 1, 24)]),
        ("[Association] class A { A REF x; };", &[("E0312", 1, 21)]),
        (
            "class A { string x; };\nclass B : A { string x; };",
            &[("W0313", 2, 22)],
        ),
        (
            "class A { [ValueMap{\"1\", \"2\"}, Values{\"a\"}] uint8 p; };",
            &[("W0314", 1, 12)],
        ),
        (
            "class A { [ValueMap{\"1\", \"x\"}, Values{\"a\", \"b\"}] uint8 p; };",
            &[("E0315", 1, 26)],
        ),
        ("class A { string s = 1; };", &[("E0316", 1, 22)]),
        (
            "class A { [Key] string k; };\ninstance of A { k = 5; };",
            &[("E0316", 2, 21)],
        ),
        (
            "class A { [Key] string k; };\ninstance of A { k = \"a\"; j = 1; };",
            &[("E0317", 2, 26)],
        ),
        ("class A { [Key] string k; };\ninstance of A { };", &[("E0318", 2, 13)]),
        (
            "class A { [Key] string k; };\ninstance of A as $a { k = \"1\"; };\ninstance of A as $a { k = \"2\"; };",
            &[("E0319", 3, 18)],
        ),
        (
            "class A { [Key] string k; A REF r; };\ninstance of A { k = \"1\"; r = $nobody; };",
            &[("E0320", 2, 30)],
        ),
        ("class A { datetime d = \"2009\"; };", &[("E0321", 1, 24)]),
        ("class A { [MinValue(1)] string s; };", &[("E0322", 1, 12)]),
        ("class A { [MaxValue(10)] uint8 u = 11; };", &[("E0323", 1, 36)]),
        (
            "class A { [Key] string k; [MaxLen(3)] string s[]; };\ninstance of A { k = \"a\"; s = {\"abc\", \"abcd\"}; };",
            &[("E0323", 2, 38)],
        ),
        (
            "class A {};\n[Association] class B : A { A REF x; A REF y; };",
            &[("E0324", 2, 25)],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&check_text(text), expected, "{text}");
    }
}

/// Beside each fault, the same construct written correctly is accepted.
#[test]
fn correct_uses_are_clean() {
    let clean = [
        "class A { [EmbeddedInstance(\"A\")] string e; };",
        "class A { [Key] string k; };\nclass B : A { [Key, Override(\"k\")] string k; };",
        "class A { string x; };\nclass B : A { [Override(\"x\")] string x = \"y\"; };",
        "class A {};\nclass B : A { A REF r; };\nclass C : B { [Override(\"r\")] B REF r; };",
        "class A { [ValueMap{\"1\", \"2..4\", \"..\"}, Values{\"a\", \"b\", \"c\"}] uint8 p; };",
        "class A { [MinValue(1), MaxValue(10)] uint8 u = 10; [MaxLen(3)] string s = \"abc\"; };",
        "class A { [Key] string k; [MaxLen(3)] string s[]; };\ninstance of A { k = \"a\"; s = {\"abc\", \"ab\"}; };",
        "class A { datetime d = \"20091225123000.123456-360\"; datetime i = \"00000001000000.000000:000\"; };",
        "[Association] class A { A REF x; A REF y; };\n[Association] class B : A { };",
        // Aliases may be used before they are defined.
        "class A { [Key] string k; A REF r; };\ninstance of A { k = \"1\"; r = $two; };\ninstance of A as $two { k = \"2\"; };",
        // A key with a default needs no value in the instance.
        "class A { [Key] string k = \"x\"; };\ninstance of A { };",
        // An embedded instance has no object path and needs no keys.
        "class E { [Key] string k; string v; };\nclass A { [Key] string k; [EmbeddedInstance(\"E\")] string e; };\ninstance of A { k = \"1\"; e = instance of E { v = \"x\"; }; };",
    ];
    for text in clean {
        assert_eq!(check_text(text), vec![], "{text}");
    }
}

/// A rule broken in one file about a declaration in another points at both.
#[test]
fn labels_point_into_the_other_file() {
    let found = check_files(&[
        (
            "sub.mof",
            "#pragma include(\"base.mof\")\nclass B : A { [Key(false), Override(\"k\")] string k; };",
        ),
        ("base.mof", "class A {\n  [Key] string k;\n};"),
    ]);
    assert_eq!(
        found,
        vec![("E0307", "sub.mof".into(), 2, 16, vec![("base.mof".into(), 2)])]
    );
    let found = check_files(&[
        ("sub.mof", "#pragma include(\"base.mof\")\nclass B : A { string k; };"),
        ("base.mof", "class A {\n  string k;\n};"),
    ]);
    assert_eq!(
        found,
        vec![("W0313", "sub.mof".into(), 2, 22, vec![("base.mof".into(), 2)])]
    );
}

/// An undeclared qualifier is an error in a DMTF compilation and a warning in a WMI one, and
/// the warning points at what made the compilation WMI.
#[test]
fn dialect_decides_undeclared_qualifiers() {
    assert_eq!(check_text("class A { [nokey] string k; };"), vec![("E0304", 1, 12)]);
    let wmi = check_files(&[(
        "t.mof",
        "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\nclass A { [nokey] string k; };",
    )]);
    assert_eq!(wmi, vec![("W0304", "t.mof".into(), 2, 12, vec![("t.mof".into(), 1)])]);
    let wmi = check_text("[WMI, guid(\"{1}\")] class A { [nokey] string k; };");
    assert_eq!(wmi, vec![("W0304", 1, 31)]);
    // mofcomp checks neither scope nor type of the qualifiers it knows.
    assert_eq!(
        check_text("#pragma autorecover\nclass A { [Key] uint32 m(); };"),
        vec![]
    );
}

/// Classes used but not defined are found as `<Class>.mof` in the file's folder.
#[test]
fn classes_are_found_by_file_name() {
    let found = check_files(&[
        ("sub.mof", "class B : A { };"),
        ("A.mof", "class A : Root { };"),
        ("Root.mof", "class Root { };"),
    ]);
    assert_eq!(found, vec![]);
}

/// DSC resources compile on their own: `OMI_BaseResource` and `MSFT_Credential` are built in,
/// and a `.schema.mfl` amendment finds the schema it localizes in the folder above.
#[test]
fn dsc_resources_compile_alone() {
    let schema = "[ClassVersion(\"1.0.0\"), FriendlyName(\"X\")]\nclass MSFT_X : OMI_BaseResource\n{\n  [Key, Description(\"n\")] String Name;\n  [Write, EmbeddedInstance(\"MSFT_Credential\"), Description(\"c\")] String Credential;\n};";
    assert_eq!(check_files(&[("MSFT_X.schema.mof", schema)]), vec![]);
    let amendment = "[Description(\"x\") : Amended, AMENDMENT, LOCALE(\"MS_409\")]\nclass MSFT_X : OMI_BaseResource\n{\n  [Key, Description(\"n\") : Amended] String Name;\n  [Description(\"gone\") : Amended] String Gone;\n};";
    let found = check_files(&[("MSFT_X.schema.mfl", amendment), ("MSFT_X.schema.mof", schema)]);
    assert_eq!(
        found,
        vec![(
            "W0317",
            "MSFT_X.schema.mfl".into(),
            5,
            42,
            vec![("MSFT_X.schema.mof".into(), 2)]
        )]
    );
}

/// A fault in a localization file (`.mfl`) is a warning with its usual code; the same text in a
/// `.mof` file is an error.
#[test]
fn faults_in_localization_files_are_warnings() {
    let text = "[Amendment, Locale(1033)]\nclass A { [Description(\"x\") : Amended] string p };\n";
    let schema = "class A { string p; };";
    let in_mfl = check_files(&[("A.mfl", text), ("A.mof", schema)]);
    assert_eq!(
        in_mfl,
        vec![("E0201", "A.mfl".into(), 2, 49, vec![("A.mfl".into(), 2)])]
    );
    for (name, error) in [("A.mfl", false), ("B.mof", true)] {
        let dir = std::env::temp_dir().join(format!("mofc-severity-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("A.mof"), schema).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
        let (unit, found) = support::compile(&dir.join(name), &[]);
        std::fs::remove_dir_all(&dir).unwrap();
        let syntax = found.iter().find(|f| f.code == "E0201").expect("the syntax error");
        assert_eq!(syntax.error, error, "{name}");
        let help = unit
            .diagnostics
            .iter()
            .find(|d| d.code.id() == "E0201")
            .and_then(|d| d.help.as_deref());
        assert_eq!(help.unwrap_or_default().contains("localization file"), !error, "{name}");
    }
}

/// The classes of one inheritance depth are resolved in parallel: what is reported must be the
/// same on one thread and on several.
#[test]
fn diagnostics_do_not_depend_on_the_threads() {
    // A binary tree of classes, eight levels deep, with faults at every level: a redeclaration
    // without `Override`, an `Override` of nothing, a feature declared twice (and below the
    // second level, `z` redeclares the parent's too).
    let mut text = String::from("class C1 { string x; };\n");
    for i in 2..256 {
        text += &format!(
            "class C{i} : C{} {{ string x; [Override(\"nope{i}\")] string y{i}; string z; string z; }};\n",
            i / 2
        );
    }
    let on = |threads| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| check_files(&[("t.mof", &text)]))
    };
    let one = on(1);
    assert_eq!(one.len(), 3 * 254 + 252);
    for _ in 0..3 {
        assert_eq!(on(4), one);
    }
}

/// The string value of an `EmbeddedInstance` / `EmbeddedObject` property is MOF, checked as
/// pywbem checks it: at the exact place in a literal without escapes, else on the whole string.
#[test]
fn embedded_object_strings_are_compiled_as_mof() {
    let classes = "class Inner { string Name; uint32 Size; };\n\
                   class Outer { [Key] string Id; [EmbeddedInstance(\"Inner\")] string Item; \
                   [EmbeddedObject] string Things[]; };\n";
    let broken: &[(&str, &[At])] = &[
        // An unknown class, at its name in the string.
        ("Item = \"instance of Nowhere { };\";", &[("E0301", 3, 51)]),
        // Unknown property and a wrong type, in a literal with escapes: on the whole string.
        (
            "Item = \"instance of Inner { Nme = \\\"a\\\"; Size = \\\"big\\\"; };\";",
            &[("E0317", 3, 38), ("E0316", 3, 38)],
        ),
        // Not instances, and a syntax error, in an array.
        (
            "Things = { \"class X {};\", \"instance of Inner { Size = ; };\" };",
            &[("E0326", 3, 43), ("E0201", 3, 85)],
        ),
        ("Item = \"just text\";", &[("E0201", 3, 39)]),
        ("Item = \" // only a comment\";", &[("E0326", 3, 39)]),
    ];
    for (values, expected) in broken {
        let text = format!("{classes}instance of Outer {{ Id = \"x\"; {values} }};");
        assert_eq!(check_text(&text), *expected, "{values}");
    }
    let clean = format!(
        "{classes}instance of Outer {{ Id = \"x\"; Item = \"instance of Inner {{ Name = \\\"a\\\"; }};\"; \
         Things = {{ \"instance of Inner {{ Size = 1; }}; instance of Inner {{ Size = 2; }};\", \"\" }}; }};"
    );
    assert_eq!(check_text(&clean), vec![]);
    // DSP0004: "The embedded instance shall be an instance of the specified class, including
    // instances of its subclasses", written inline or in a string, or for a class-typed property.
    let conformity = "class Inner { string Name; };\nclass Sub : Inner {};\nclass Other {};\n\
                      class Outer { [EmbeddedInstance(\"Inner\")] string E; Inner T[]; };\n";
    let wrong = format!(
        "{conformity}instance of Outer {{ E = instance of Other {{}}; }};\n\
         instance of Outer {{ E = \"instance of Other {{}};\"; T = {{ instance of Sub {{}}, instance of Other {{}} }}; }};"
    );
    assert_eq!(
        check_text(&wrong),
        vec![("E0316", 5, 37), ("E0316", 6, 38), ("E0316", 6, 88)]
    );
    let right = format!(
        "{conformity}instance of Outer {{ E = instance of Sub {{}}; T = {{ instance of Inner {{}} }}; }};\n\
         instance of Outer {{ E = \"instance of Inner {{}};\"; }};"
    );
    assert_eq!(check_text(&right), vec![]);
    // mofcomp keeps such strings as text: a WMI compilation does not parse them.
    let wmi = format!(
        "#pragma namespace(\"\\\\\\\\.\\\\root\\\\x\")\n{classes}instance of Outer {{ Id = \"x\"; Item = \"just text\"; }};"
    );
    assert_eq!(check_text(&wmi), vec![]);
}

/// An alias in the MOF of an embedded object's string is one of the compilation's, as pywbem
/// compiles the string with the parser of the file that holds it.
#[test]
fn aliases_in_embedded_object_strings_are_the_compilations() {
    let classes = "class T { [Key] string k; };\nclass Inner { T REF r; };\n\
                   class Outer { [Key] string Id; [EmbeddedInstance(\"Inner\")] string Item; };\n\
                   instance of T as $t { k = \"1\"; };\n";
    let used = |alias: &str| {
        format!("{classes}instance of Outer {{ Id = \"x\"; Item = \"instance of Inner {{ r = ${alias}; }};\"; }};")
    };
    assert_eq!(check_text(&used("t")), vec![]);
    assert_eq!(check_text(&used("u")), vec![("E0320", 5, 63)]);
}

/// A redeclaration without `Override` is taken as an override: of a key, with another type, it
/// is E0309 in a DMTF compilation and stays W0313 in a WMI one (the repository refuses it at
/// load time); keys added below keys stay W0310 in both (DSP0004 says "cannot", not "shall
/// not", and pywbem, OpenPegasus and OMI accept them).
#[test]
fn key_rules_of_dsp0004_by_dialect() {
    let retyped = "class A { [Key] string k; };\nclass B : A { uint32 k; };";
    assert_eq!(check_text(retyped), vec![("E0309", 2, 22)]);
    let wmi = "#pragma namespace(\"\\\\\\\\.\\\\root\\\\x\")\n";
    assert_eq!(check_text(&format!("{wmi}{retyped}")), vec![("W0313", 3, 22)]);
    // The same type is an override, warned about; another type for a non-key only warned.
    assert_eq!(
        check_text("class A { [Key] string k; };\nclass B : A { string k; };"),
        vec![("W0313", 2, 22)]
    );
    assert_eq!(
        check_text("class A { string p; };\nclass B : A { uint32 p; };"),
        vec![("W0313", 2, 22)]
    );
    let added = "class A { [Key] string k; };\nclass B : A { [Key] string j; };";
    assert_eq!(check_text(added), vec![("W0310", 2, 16)]);
    assert_eq!(check_text(&format!("{wmi}{added}")), vec![("W0310", 3, 16)]);
}

/// A subclass shares with its parent the members and qualifier lists it inherits whole, gets a
/// new list where a qualifier does not pass (`Restricted`), and tells the inherited members and
/// qualifiers from the ones written on it by the class that holds them.
#[test]
fn inherited_members_and_qualifier_lists_are_shared_and_marked_by_their_class() {
    use mofc::sema;
    use mofc::sema::model::Member;
    use mofc::source::{DiskWorld, SearchPath};
    use mofc::syntax::unit::Unit;

    let text = r#"
        Qualifier Secret : boolean = false, Scope(property), Flavor(Restricted);
        class T_A { [Key, Description("a")] string P; [Secret] string Q; };
        class T_B : T_A { };
        class T_C : T_B { [Override("P"), MaxLen(3)] string P; };
    "#;
    let dir = support::tree(&[("s.mof", text)]);
    let search = SearchPath::default();
    let unit = Unit::load(&DiskWorld, &dir.path().join("s.mof"), &search).expect("readable");
    let (model, found) = sema::analyze(&unit, &sema::Options::default());
    assert!(found.iter().all(|d| !d.is_error()), "{found:#?}");
    let id = |name: &str| model.input_classes().find(|(_, c)| c.name() == name).unwrap().0;
    let (a, b, c) = (id("T_A"), id("T_B"), id("T_C"));
    let qualifiers = |class: usize, property: &str| &model.classes[class].property(property).unwrap().qualifiers;
    // Which qualifiers an element of `class` has, each with whether `class` inherits it.
    let marked = |class: usize, property: &str| -> Vec<(String, bool)> {
        let list = qualifiers(class, property).iter();
        list.map(|q| (q.name.text.to_string(), q.inherited_in(class))).collect()
    };
    let expect = |names: &[(&str, bool)]| -> Vec<(String, bool)> {
        names.iter().map(|&(n, inherited)| (n.to_string(), inherited)).collect()
    };
    let property = |class: usize, name: &str| model.classes[class].property(name).unwrap();
    assert!(std::ptr::eq(property(a, "P"), property(b, "P")));
    let inherited = |name: &str| [a, b, c].map(|class| property(class, name).inherited_in(class));
    assert_eq!(inherited("P"), [false, true, false]);
    assert_eq!(inherited("Q"), [false, true, true]);
    assert!(std::sync::Arc::ptr_eq(qualifiers(a, "P"), qualifiers(b, "P")));
    assert_eq!(marked(a, "P"), expect(&[("Key", false), ("Description", false)]));
    assert_eq!(marked(b, "P"), expect(&[("Key", true), ("Description", true)]));
    assert_eq!(marked(a, "Q"), expect(&[("Secret", false)]));
    assert_eq!(marked(b, "Q"), expect(&[]));
    assert_eq!(
        marked(c, "P"),
        expect(&[
            ("Key", true),
            ("Description", true),
            ("Override", false),
            ("MaxLen", false)
        ])
    );
    assert_eq!(model.classes[qualifiers(c, "P")[1].from()].name(), "T_A");
}
