//! The front end on small inputs: exact literal values, exact diagnostics (code, line, column),
//! recovery, includes and encodings, and inputs built to break it.

mod support;

use std::path::PathBuf;

use mofc::source::{FileId, SourceFile};
use mofc::syntax::ast::{Feature, InstanceDecl, Item, Type, Value, ValueKind};
use mofc::syntax::parse;
use support::compile;

/// (code, line, column) of every diagnostic of a text.
fn diagnostics(text: &str) -> Vec<(&'static str, usize, usize)> {
    ranges(text)
        .into_iter()
        .map(|(code, (line, column), _)| (code, line, column))
        .collect()
}

fn only_instance(text: &str) -> InstanceDecl {
    let parsed = parse(FileId(0), text);
    assert_eq!(parsed.diagnostics, vec![], "{text}");
    match parsed.ast.items.into_iter().next() {
        Some(Item::Instance(i)) => *i,
        other => panic!("not an instance: {other:?}"),
    }
}

/// The value of `P` in `instance of C { P = <value>; };`.
fn value(literal: &str) -> ValueKind {
    let instance = only_instance(&format!("instance of C {{ P = {literal}; }};"));
    instance.properties[0].value.clone().expect("a value").kind
}

#[test]
fn literal_values_are_exact() {
    assert_eq!(value("42"), ValueKind::Int(42.into()));
    assert_eq!(value("-42"), ValueKind::Int((-42).into()));
    assert_eq!(value("0x2A"), ValueKind::Int(42.into()));
    assert_eq!(value("052"), ValueKind::Int(42.into()));
    assert_eq!(value("101010b"), ValueKind::Int(42.into()));
    assert_eq!(
        value("18446744073709551615"),
        ValueKind::Int(18446744073709551615.into())
    );
    assert_eq!(
        value("-9223372036854775808"),
        ValueKind::Int((-9223372036854775808).into())
    );
    assert_eq!(value("1.5"), ValueKind::Real(1.5));
    assert_eq!(value(".5"), ValueKind::Real(0.5));
    assert_eq!(value("-1.2778E+02"), ValueKind::Real(-127.78));
    assert_eq!(value("2.3e-2"), ValueKind::Real(0.023));
    assert_eq!(value(r#""a" "b""#), ValueKind::String("ab".into()));
    assert_eq!(
        value(r#""tab\there \"q\" \x41\X263A""#),
        ValueKind::String("tab\there \"q\" A\u{263A}".into())
    );
    assert_eq!(value("'a'"), ValueKind::Char16(0x61));
    assert_eq!(value(r"'\''"), ValueKind::Char16(0x27));
    assert_eq!(value(r"'\XABCD'"), ValueKind::Char16(0xABCD));
    assert_eq!(value("TRUE"), ValueKind::Bool(true));
    assert_eq!(value("false"), ValueKind::Bool(false));
    assert_eq!(value("Null"), ValueKind::Null);
    assert_eq!(value("$x"), ValueKind::Alias("x".into()));
    let ValueKind::Array(items) = value(r#"{1, "two", $three}"#) else {
        panic!()
    };
    let kinds: Vec<ValueKind> = items.into_iter().map(|v: Value| v.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ValueKind::Int(1.into()),
            ValueKind::String("two".into()),
            ValueKind::Alias("three".into())
        ]
    );
    assert_eq!(value("{}"), ValueKind::Array(Box::default()));
}

#[test]
fn embedded_instances_and_aliases() {
    let outer = only_instance("instance of A as $a { Inner = instance of B { X = 1; }; };");
    assert_eq!(&*outer.alias.unwrap().text, "a");
    let Some(ValueKind::Instance(inner)) = outer.properties[0].value.as_ref().map(|v| v.kind.clone()) else {
        panic!()
    };
    assert_eq!(&*inner.class.text, "B");
}

/// Adjacent string literals reach the parser as one token: the value is their concatenation,
/// the span runs from the first quote to the last, comments between them are comments.
#[test]
fn adjacent_strings_are_one_literal() {
    let text = "#pragma locale(\"en\" \"_US\")\n[Description(\"a\" /* c */ \"b\" // x\n  \"c\")]\nclass C { string p = \"x\" \"y\"; };";
    let parsed = parse(FileId(0), text);
    assert_eq!(parsed.diagnostics, vec![]);
    assert_eq!(parsed.ast.comments.len(), 2);
    let Item::Pragma(pragma) = &parsed.ast.items[0] else {
        panic!()
    };
    let mofc::syntax::ast::PragmaArg::String(locale) = &pragma.args[0] else {
        panic!()
    };
    assert_eq!(locale.value, "en_US");
    assert_eq!(&text[locale.span.range()], "\"en\" \"_US\"");
    let Item::Class(class) = &parsed.ast.items[1] else {
        panic!()
    };
    let description = class.qualifiers[0].value.as_ref().unwrap();
    assert_eq!(description.kind, ValueKind::String("abc".into()));
    assert_eq!(&text[description.span.range()], "\"a\" /* c */ \"b\" // x\n  \"c\"");
    let Feature::Property(p) = &class.features[0] else {
        panic!()
    };
    assert_eq!(p.default.as_ref().unwrap().kind, ValueKind::String("xy".into()));
    // A run where it does not belong is reported once, at its first piece.
    assert_eq!(
        diagnostics("instance of C { P = 1 \"a\"\n \"b\"; };"),
        vec![("E0201", 1, 23)]
    );
}

#[test]
fn malformed_literals_are_pinned() {
    let cases = [
        ("class C { sint8 x = 128; };", ("E0106", 1, 21)),
        ("class C { uint8 x = -1; };", ("E0106", 1, 21)),
        ("class C { uint16 x[] = {1, 65536}; };", ("E0106", 1, 28)),
        ("instance of C { P = 09; };", ("E0105", 1, 21)),
        ("instance of C { P = 2b; };", ("E0105", 1, 21)),
        ("instance of C { P = 0x1FFFFFFFFFFFFFFFF; };", ("E0106", 1, 21)),
        ("instance of C { P = 1.0E; };", ("E0105", 1, 21)),
        ("instance of C { P = 'ab'; };", ("E0107", 1, 21)),
        ("instance of C { P = \"a\\qb\"; };", ("E0104", 1, 23)),
        ("instance of C { P = \"a\"\n  \"b\\x\"; };", ("E0104", 2, 5)),
        ("instance of C { P = @; };", ("E0101", 1, 21)),
    ];
    for (text, expected) in cases {
        assert_eq!(diagnostics(text), vec![expected], "{text}");
    }
}

#[test]
fn declarations_of_every_form() {
    let text = r#"
        #pragma namespace("\\\\.\\root\\cimv2")
        #pragma autorecover
        #pragma deleteclass("Old", NOFAIL)
        Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
        Qualifier ValueMap : string[], Scope(property, method, parameter);
        [Abstract, Description("x") : Amended ToSubclass]
        class Base : Top as $b {
            [Key] string Name;
            uint8 Data[16] = {1, 2};
            Base REF Other = $b;
            object Obj;
            Embedded Thing;
            string[] List([in] uint32 a[], [in, out] Base REF r, [out] Embedded e);
            void Nothing();
            Base REF Find();
        };
    "#;
    let parsed = parse(FileId(0), text);
    assert_eq!(parsed.diagnostics, vec![]);
    assert_eq!(parsed.ast.items.len(), 6);
    let Item::Class(class) = &parsed.ast.items[5] else {
        panic!()
    };
    assert_eq!(class.features.len(), 8);
    let Feature::Property(reference) = &class.features[2] else {
        panic!()
    };
    assert!(matches!(&reference.ty, Type::Ref(c) if &*c.text == "Base"));
    let Feature::Property(embedded) = &class.features[4] else {
        panic!()
    };
    assert!(matches!(&embedded.ty, Type::Class(c) if &*c.text == "Embedded"));
    let Feature::Method(method) = &class.features[5] else {
        panic!()
    };
    assert_eq!(method.params.len(), 3);
    assert_eq!(method.return_array.as_ref().map(|a| a.size), Some(None));
    assert_eq!(class.qualifiers[1].flavors.len(), 2);
}

/// mofcomp's flavors-only declaration (`Qualifier Description : ToSubClass Amended;`, Microsoft
/// Learn "Qualifier Flavors") gives the default flavors and no type; one flavor or several.
#[test]
fn flavors_only_qualifier_declarations() {
    let parsed = parse(
        FileId(0),
        "qualifier Description : ToSubclass Amended;\nqualifier vendor : ToInstance;\nqualifier T : string;",
    );
    assert_eq!(parsed.diagnostics, vec![]);
    let decls: Vec<_> = parsed
        .ast
        .items
        .iter()
        .map(|item| match item {
            Item::Qualifier(q) => (
                q.ty.is_some(),
                q.flavors.iter().map(|(f, _)| f.name()).collect::<Vec<_>>(),
            ),
            other => panic!("not a qualifier declaration: {other:?}"),
        })
        .collect();
    assert_eq!(
        decls,
        vec![
            (false, vec!["ToSubclass", "Amended"]),
            (false, vec!["ToInstance"]),
            (true, vec![]),
        ]
    );
}

#[test]
fn keywords_are_names_where_names_stand() {
    let text = "class Class { string Instance; uint32 Scope; string flavor; string of; boolean Qualifier(); };";
    assert_eq!(diagnostics(text), vec![]);
    // Spelt as written, not as the keyword.
    let parsed = parse(FileId(0), text);
    let Some(Item::Class(class)) = parsed.ast.items.first() else {
        panic!("a class")
    };
    let names: Vec<&str> = class
        .features
        .iter()
        .map(|f| match f {
            Feature::Property(p) => &*p.name.text,
            Feature::Method(m) => &*m.name.text,
        })
        .collect();
    assert_eq!(&*class.name.text, "Class");
    assert_eq!(names, ["Instance", "Scope", "flavor", "of", "Qualifier"]);
}

#[test]
fn qualifier_declaration_errors() {
    let flavor = "Qualifier A : boolean, Scope(class), Flavor(ToSubclass, Restricted);";
    assert_eq!(diagnostics(flavor), vec![("E0206", 1, 57)]);
    // mofcomp allows a declaration without a scope; the semantic pass judges it by dialect.
    assert_eq!(diagnostics("Qualifier A : boolean, Flavor(ToSubclass);"), vec![]);
    assert_eq!(diagnostics("Qualifier A : ToSubclas Amended;"), vec![("E0205", 1, 15)]);
    assert_eq!(
        diagnostics("Qualifier A : Restricted ToSubclass;"),
        vec![("E0206", 1, 26)]
    );
    assert_eq!(
        diagnostics("Qualifier A : boolean, Scope(klass);"),
        vec![("E0204", 1, 30)]
    );
    assert_eq!(
        diagnostics("[Description(\"x\") : Amendd] class A {};"),
        vec![("E0205", 1, 21)]
    );
}

#[test]
fn every_error_in_a_file_is_reported() {
    let text = "class A {\n  uint32 x\n  uint32 y;\n  string z = ;\n};\nclass B : { };\ninstance of B { p = 1 q = 2; };\n#pragma junk(\"x\")\n";
    assert_eq!(
        diagnostics(text),
        vec![
            ("E0201", 3, 3),
            ("E0201", 4, 14),
            ("E0201", 6, 11),
            ("E0201", 7, 23),
            ("W0202", 8, 9)
        ]
    );
}

#[test]
fn messages_say_what_was_expected_in_words() {
    let parsed = parse(FileId(0), "instance of C {\n  a = 1\n  b = 2;\n};");
    let d = &parsed.diagnostics[0];
    assert_eq!(d.message, "expected `;` after the property value, found `b`");
    assert_eq!(d.secondary[0].message, "`;` expected after this");
    let parsed = parse(FileId(0), "class C { int32 x; };");
    assert_eq!(
        parsed.diagnostics,
        vec![],
        "a class-named type is resolved by the semantic pass"
    );
}

#[test]
fn unterminated_things_point_at_their_start() {
    assert_eq!(diagnostics("class A {};\n/* open\nclass B {};"), vec![("E0103", 2, 1)]);
    assert_eq!(diagnostics("instance of A { p = \"open;\n};\n"), vec![("E0102", 1, 21)]);
}

/// A 1-based line and column.
type LineColumn = (usize, usize);

/// (code, start, end) of every diagnostic of a text.
fn ranges(text: &str) -> Vec<(&'static str, LineColumn, LineColumn)> {
    let parsed = parse(FileId(0), text);
    let file = SourceFile::new("t.mof".into(), "t.mof".into(), text.into());
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            let at = |offset: u32| file.line_column(offset as usize);
            (d.code.id(), at(d.primary.span.start), at(d.primary.span.end))
        })
        .collect()
}

#[test]
fn ranges_end_within_their_line_with_crlf_endings() {
    // `c = 'x;` is 8 columns: the range ends after column 8, not after the `\r`.
    for ending in ["\n", "\r\n"] {
        let char16 = format!("instance of A {{{ending}c = 'x;{ending}}};{ending}");
        assert_eq!(ranges(&char16), vec![("E0102", (2, 5), (2, 8))], "{ending:?}");
        let backslash = format!("instance of A {{{ending}s = \"C:\\{ending}\";{ending}}};{ending}");
        assert_eq!(ranges(&backslash), vec![("E0102", (2, 5), (2, 6))], "{ending:?}");
    }
}

#[test]
fn a_namespace_pragma_takes_a_namespace_path_not_a_uri() {
    let uri = "#pragma namespace(\"http://acme.com/root/test\")\nclass A {};\n";
    assert_eq!(diagnostics(uri), vec![("E0209", 1, 19)]);
    let messages: Vec<String> = parse(FileId(0), uri)
        .diagnostics
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        messages,
        ["`http://acme.com/root/test` is not a namespace path: a URI scheme or port (`name:`) has no place in it"]
    );
    for good in ["root/test", "\\\\\\\\.\\\\root\\\\test", "//./root/test", "ms_409"] {
        let text = format!("#pragma namespace(\"{good}\")\nclass A {{}};\n");
        assert_eq!(diagnostics(&text), vec![], "{good}");
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mofc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn includes_resolve_in_order_and_report_their_chain() {
    let dir = temp_dir("includes");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("main.mof"), "#pragma include(\"sub/a.mof\")\nclass Last {};\n").unwrap();
    std::fs::write(dir.join("sub/a.mof"), "class A {};\n#pragma include (\"b.mof\")\n").unwrap();
    std::fs::write(
        dir.join("sub/b.mof"),
        "class B {};\n#pragma include(\"missing.mof\")\n#pragma include(\"a.mof\")\n",
    )
    .unwrap();
    let (unit, found) = compile(&dir.join("main.mof"), &[]);
    let codes: Vec<(&str, usize)> = found.iter().map(|f| (f.code, f.line)).collect();
    assert_eq!(codes, vec![("E0003", 2), ("E0004", 3)]);
    assert!(found[0].file.ends_with("b.mof"));
    let missing = unit.diagnostics.iter().find(|d| d.code.id() == "E0003").unwrap();
    assert_eq!(missing.secondary.len(), 2, "the chain: b.mof from a.mof from main.mof");
    let classes: Vec<String> = unit.classes().map(|(_, c)| c.name.text.to_string()).collect();
    assert_eq!(classes, ["A", "B", "Last"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn utf16_and_bad_encodings() {
    let dir = temp_dir("encodings");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "class Ä { string s = \"ü\"; };"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.join("wide.mof"), utf16).unwrap();
    assert_eq!(compile(&dir.join("wide.mof"), &[]).1, vec![]);
    std::fs::write(dir.join("latin1.mof"), b"class A {};\n// caf\xE9\n").unwrap();
    let (_, found) = compile(&dir.join("latin1.mof"), &[]);
    assert_eq!(
        found.iter().map(|f| (f.code, f.line, f.column)).collect::<Vec<_>>(),
        vec![("E0002", 2, 7)]
    );
    assert!(found[0].message.contains("offset 18"), "{}", found[0].message);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_terminal_gets_no_control_characters_from_a_file() {
    // An ESC sequence in a string, and an ESC after a backslash, which the message quotes.
    let text = "class A {\n  [Description(\"\x1b[31mred\\\x1b\")] string s;\n};\n";
    let dir = support::tree(&[("esc.mof", text)]);
    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "esc.mof"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains(|c: char| c.is_control() && c != '\n'), "{stderr:?}");
    assert!(stderr.contains("unknown escape `\\␛`"), "{stderr}");
    // One column per control character: the carets stay under the escape they mark.
    assert!(stderr.contains("esc.mof:2:25"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "  [Description(\"␛[31mred\\␛\")] string s;\n  │ {}^^\n",
            " ".repeat(24)
        )),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_text_is_refused_in_one_diagnostic() {
    let dir = temp_dir("binary");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(dir.join("tool.mof"), &binary).unwrap();
    let bomless: Vec<u8> = "class A {};\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.join("bomless.mof"), bomless).unwrap();
    for (name, offset) in [("tool.mof", 0), ("bomless.mof", 1)] {
        let (_, found) = compile(&dir.join(name), &[]);
        let pinned: Vec<(&str, usize, usize)> = found.iter().map(|f| (f.code, f.line, f.column)).collect();
        assert_eq!(pinned, vec![("E0002", 1, 1)], "{name}");
        assert!(
            found[0].message.contains(&format!("a NUL byte at offset {offset}")),
            "{}",
            found[0].message
        );
        let (code, _, stderr) = support::run_mofc(&dir, &["check", name]);
        assert_eq!(code, 1, "{stderr}");
        // One line, and none of the file's bytes.
        let first = format!("error[E0002]: {name}: this is not a text file (a NUL byte at offset {offset})");
        assert!(stderr.starts_with(&first), "{stderr:?}");
        assert_eq!(stderr.lines().filter(|l| !l.is_empty()).count(), 2, "{stderr:?}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 200_000;
    let braces = format!("instance of A {{ p = {}; }};", "{".repeat(depth));
    assert_eq!(diagnostics(&braces)[0].0, "E0210");
    let mut nested = String::from("instance of A { p = ");
    for _ in 0..50_000 {
        nested.push_str("instance of A { p = ");
    }
    nested.push_str(&"1; }".repeat(50_001));
    nested.push(';');
    assert_eq!(diagnostics(&nested)[0].0, "E0210");
    let shallow = "instance of A { p = instance of B { q = instance of C { r = 1; }; }; };";
    assert_eq!(diagnostics(shallow), vec![]);
}

#[test]
fn a_ten_megabyte_file() {
    let class = "[Description(\"A class of a large generated schema, with enough text to be realistic.\")]\nclass Big_Class : Big_Base {\n  [Key] string Name;\n  uint32 Count = 42;\n  real64 Ratio[] = {1.5, 2.5};\n  uint32 Run([in] string Arg);\n};\n";
    let text = class.repeat(10 * 1024 * 1024 / class.len() + 1);
    assert!(text.len() > 10 * 1024 * 1024);
    let parsed = parse(FileId(0), &text);
    assert_eq!(parsed.diagnostics, vec![]);
    assert_eq!(parsed.ast.items.len(), text.len() / class.len());
}

#[test]
fn c_preprocessor_sources_compile_in_include_order() {
    let dir = temp_dir("cpp");
    // main.mof defines GEN for common.mof; common.mof defines T and Q for main.mof.
    std::fs::write(
        dir.join("main.mof"),
        "#define GEN FALSE\n#include \"common.mof\"\nclass B : A { [Q] T z; string s = LIMIT; };\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("common.mof"),
        "#include \"limits.h\"\n#define T uint32\n#define Q \\\n  Description(\"q\"), Read\nclass A { [Static(GEN)] T x; uint32 y = (0x1 | (0x2 | 4)); };\n",
    )
    .unwrap();
    let (unit, found) = compile(&dir.join("main.mof"), &[]);
    let codes: Vec<(&str, usize)> = found.iter().map(|f| (f.code, f.line)).collect();
    assert_eq!(codes, vec![("W0212", 3), ("W0003", 1)], "{found:#?}");
    let classes: Vec<_> = unit.classes().map(|(_, c)| c).collect();
    let Feature::Property(y) = &classes[0].features[1] else {
        panic!()
    };
    assert_eq!(
        y.default.as_ref().map(|v| v.kind.clone()),
        Some(ValueKind::Int(7.into()))
    );
    assert_eq!(classes[0].features.len(), 2);
    let Feature::Property(z) = &classes[1].features[0] else {
        panic!()
    };
    assert!(matches!(z.ty, Type::Intrinsic(mofc::syntax::ast::Intrinsic::Uint32, _)));
    assert_eq!(z.qualifiers.len(), 2);

    // With the header present, a name left undefined is an error.
    std::fs::write(dir.join("limits.h"), "#define OTHER 1\n").unwrap();
    let (_, found) = compile(&dir.join("main.mof"), &[]);
    assert_eq!(
        found.iter().map(|f| (f.code, f.line)).collect::<Vec<_>>(),
        vec![("E0212", 3)]
    );
    std::fs::remove_dir_all(dir).unwrap();
}
