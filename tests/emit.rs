//! `compile --emit`: the JSON model holds what resolution found, and canonical MOF compiles
//! back to the same JSON model (the CIM Schema, and a small schema with instances, aliases and
//! an amendment).

mod support;

use std::path::{Path, PathBuf};

use mofc::emit;
use mofc::sema;
use mofc::source::{DiskWorld, SearchPath, mof_files};
use mofc::syntax::unit::{Unit, entry_points};
use rayon::prelude::*;
use support::corpus;

/// Compiles `entry`, returning (JSON model, canonical MOF); panics on errors.
fn emit_both(entry: &Path) -> (serde_json::Value, String) {
    let search = SearchPath::default();
    let mut unit = Unit::load(&DiskWorld, entry, &search).expect("readable");
    sema::complete(&mut unit, &DiskWorld, &search);
    let (model, found) = sema::analyze(&unit, &sema::Options::default());
    let errors: Vec<_> = unit.diagnostics.iter().chain(&found).filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (
        serde_json::to_value(emit::json::Document(&model)).unwrap(),
        emit::mof::model(&model),
    )
}

fn round_trip(entry: &Path, name: &str) -> serde_json::Value {
    let (json, mof) = emit_both(entry);
    let again = std::env::temp_dir().join(format!("mofc-emit-{}-{name}.mof", std::process::id()));
    std::fs::write(&again, &mof).unwrap();
    let (json_again, mof_again) = emit_both(&again);
    std::fs::remove_file(&again).unwrap();
    assert_eq!(json, json_again, "the model changed through canonical MOF");
    assert_eq!(mof, mof_again, "canonical MOF is a fixed point");
    json
}

#[test]
fn cim_schema_round_trips_through_canonical_mof() {
    let Some(corpus) = corpus() else { return };
    let json = round_trip(&corpus.join("cim-schema-2.49.0/cim_schema_2.49.0.mof"), "cim");
    assert_eq!(json["classes"].as_array().unwrap().len(), 1631);
    assert_eq!(json["qualifiers"].as_array().unwrap().len(), 70);
    assert_eq!(json["dialect"], "DMTF");
}

#[test]
fn instances_aliases_and_amendments_round_trip() {
    let text = r#"
        #pragma namespace("\\\\.\\root\\test")
        [Description("base") : ToSubclass]
        class T_Base { [Key] string Id; real64 R = 1.5E-3; char16 C = 'x'; };
        class T_Sub : T_Base { [Override("Id"), MaxLen(8)] string Id; T_Base REF Peer; };
        [Amendment, Locale(0x409)]
        class T_Base { [Description("the id") : Amended] string Id; };
        instance of T_Sub { Id = "b"; Peer = $a; };
        instance of T_Base as $a { Id = "a\n\"quoted\""; R = 2.0; };
    "#;
    let path = std::env::temp_dir().join(format!("mofc-emit-{}-source.mof", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let json = round_trip(&path, "small");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(json["dialect"], "WMI");
    let sub = &json["classes"][1];
    assert_eq!(sub["name"], "T_Sub");
    assert_eq!(sub["namespace"], "root/test");
    // Description passes down with ToSubclass; the override keeps the class origin.
    assert_eq!(sub["qualifiers"][0]["name"], "Description");
    assert_eq!(sub["qualifiers"][0]["propagated"], true);
    assert_eq!(sub["properties"][0]["class_origin"], "T_Base");
    assert_eq!(sub["properties"][0]["propagated"], false);
    // The amendment's localized Description sits beside the property's own qualifiers.
    let base_id = &json["classes"][0]["properties"][0];
    let localized = base_id["qualifiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["locale"] == "ms_409");
    assert_eq!(localized.unwrap()["value"], "the id");
    // The forward alias is resolved to the object path of the instance it names.
    assert_eq!(
        json["instances"][0]["properties"]["Peer"],
        "T_Base.Id=\"a\n\\\"quoted\\\"\""
    );
    assert_eq!(json["instances"][1]["path"], "T_Base.Id=\"a\n\\\"quoted\\\"\"");
}

/// A compilation that is WMI only by its namespace path stays WMI through canonical MOF.
#[test]
fn wmi_namespace_paths_round_trip() {
    let path = std::env::temp_dir().join(format!("mofc-emit-{}-wmi-source.mof", std::process::id()));
    std::fs::write(
        &path,
        "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\nclass A { [Key] string k; };\n",
    )
    .unwrap();
    let json = round_trip(&path, "wmi");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(json["dialect"], "WMI");
    assert_eq!(json["classes"][0]["namespace"], "root/wmi");
}

/// A WDK source whose C header is absent keeps the macro names it could not replace; its MOF
/// includes the same header, so that compiled again they are warnings (W0212), not errors.
#[test]
fn names_from_a_missing_header_stay_warnings_through_mof() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("wdk.mof");
    std::fs::write(
        &source,
        "#include \"absent.h\"\n#define LEN 8\nclass A { [Key, MaxLen(LEN)] string k; [MaxLen(ABSENT_LEN)] string v; };\n",
    )
    .unwrap();
    let search = SearchPath::default();
    let emitted = emit_all(&source, &search);
    assert_eq!(emitted.errors, Vec::<String>::new());
    assert!(
        emitted.as_written.starts_with("#include \"absent.h\"\n"),
        "{}",
        emitted.as_written
    );
    // The known macro is written as its value.
    assert!(emitted.as_written.contains("MaxLen(8)"), "{}", emitted.as_written);
    let again = dir.path().join("again.mof");
    std::fs::write(&again, &emitted.as_written).unwrap();
    let (_, found) = support::compile(&again, &[]);
    let codes: Vec<(&str, usize)> = found.iter().map(|f| (f.code, f.line)).collect();
    assert_eq!(codes, [("W0003", 1), ("W0212", 9)], "{}", emitted.as_written);
}

/// A localization file is WMI by its name alone; its MOF, in a file of another name, says so
/// with a machine path, even when nothing else is written.
#[test]
fn the_dialect_survives_when_nothing_else_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("X.schema.mfl");
    std::fs::write(&source, "// nothing but a comment\n").unwrap();
    let emitted = emit_all(&source, &SearchPath::default());
    assert_eq!(emitted.json["dialect"], "WMI");
    let again = dir.path().join("again.mof");
    std::fs::write(&again, &emitted.as_written).unwrap();
    assert_eq!(emit_all(&again, &SearchPath::default()).json, emitted.json);
    assert_eq!(
        emitted.as_written,
        "#pragma namespace(\"\\\\\\\\.\\\\root\\\\cimv2\")\n\n"
    );
}

/// A class's members and qualifiers as the JSON model has them, without saying where each comes
/// from: what a fully resolved MOF text must keep.
fn shape(class: &serde_json::Value) -> serde_json::Value {
    let qualifiers = |list: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut named: Vec<serde_json::Value> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|q| !q["name"].as_str().unwrap().eq_ignore_ascii_case("Override"))
            .map(|q| serde_json::json!([q["name"], q["value"], q["locale"]]))
            .collect();
        named.sort_by_key(|q| q.to_string());
        named
    };
    let members = |list: &serde_json::Value| -> Vec<serde_json::Value> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|m| {
                serde_json::json!([
                    m["name"],
                    m["type"],
                    m["array"],
                    m["default"],
                    qualifiers(&m["qualifiers"])
                ])
            })
            .collect()
    };
    serde_json::json!({
        "name": class["name"],
        "superclass": class["superclass"],
        "qualifiers": qualifiers(&class["qualifiers"]),
        "properties": members(&class["properties"]),
        "methods": members(&class["methods"]),
    })
}

/// Fully resolved MOF (the default of `--emit mof`) writes every inherited member into each
/// class; compiled again, every class has the same members and qualifiers, now all its own.
#[test]
fn resolved_mof_keeps_every_class_whole() {
    let Some(corpus) = corpus() else { return };
    let entry = corpus.join("cim-schema-2.49.0/cim_schema_2.49.0.mof");
    let search = SearchPath::default();
    let unit = Unit::load(&DiskWorld, &entry, &search).expect("readable");
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    let (json, resolved) = (
        serde_json::to_value(emit::json::Document(&model)).unwrap(),
        emit::mof::resolved(&model),
    );
    let again = std::env::temp_dir().join(format!("mofc-emit-{}-resolved.mof", std::process::id()));
    std::fs::write(&again, &resolved).unwrap();
    let (json_again, _) = emit_both(&again);
    std::fs::remove_file(&again).unwrap();
    let classes = json["classes"].as_array().unwrap();
    let classes_again = json_again["classes"].as_array().unwrap();
    assert_eq!(classes.len(), classes_again.len());
    for (before, after) in classes.iter().zip(classes_again) {
        assert_eq!(shape(before), shape(after), "{}", before["name"]);
    }
    // Nothing is inherited any more: every member is declared by the class itself.
    let system = classes_again
        .iter()
        .find(|c| c["name"] == "CIM_ComputerSystem")
        .unwrap();
    assert!(
        system["properties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["propagated"] == false)
    );
    assert!(
        system["properties"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "ElementName")
    );
}

/// `--emit cimxml`: well-formed CIM-XML with every class and qualifier declaration, each class
/// whole (inherited members marked `PROPAGATED` with their `CLASSORIGIN`).
#[test]
fn cim_schema_as_cim_xml() {
    let Some(corpus) = corpus() else { return };
    let entry = corpus.join("cim-schema-2.49.0/cim_schema_2.49.0.mof");
    let unit = Unit::load(&DiskWorld, &entry, &SearchPath::default()).expect("readable");
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    let xml = emit::cimxml::model(&model);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let count = |tag: &str| doc.descendants().filter(|n| n.has_tag_name(tag)).count();
    assert_eq!(count("CLASS"), 1631);
    assert_eq!(count("QUALIFIER.DECLARATION"), 70);
    assert_eq!(count("DECLGROUP"), 1);
    let class = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("CLASS") && n.attribute("NAME") == Some(name))
            .unwrap()
    };
    let system = class("CIM_ComputerSystem");
    assert_eq!(system.attribute("SUPERCLASS"), Some("CIM_System"));
    let name = system
        .children()
        .find(|n| n.has_tag_name("PROPERTY") && n.attribute("NAME") == Some("Name"))
        .unwrap();
    // Declared by CIM_ManagedSystemElement, overridden by CIM_System, inherited from there.
    assert_eq!(name.attribute("CLASSORIGIN"), Some("CIM_ManagedSystemElement"));
    assert_eq!(name.attribute("PROPAGATED"), Some("true"));
    let overridden = class("CIM_System")
        .children()
        .find(|n| n.attribute("NAME") == Some("Name"))
        .unwrap();
    assert_eq!(overridden.attribute("PROPAGATED"), Some("false"));
    let caption = system
        .children()
        .find(|n| n.attribute("NAME") == Some("Caption"))
        .unwrap();
    assert_eq!(caption.attribute("CLASSORIGIN"), Some("CIM_ManagedElement"));
    assert_eq!(caption.attribute("PROPAGATED"), Some("true"));
    let dependent = class("CIM_Dependency")
        .children()
        .find(|n| n.attribute("NAME") == Some("Dependent"))
        .unwrap();
    assert_eq!(dependent.tag_name().name(), "PROPERTY.REFERENCE");
    assert_eq!(dependent.attribute("REFERENCECLASS"), Some("CIM_ManagedElement"));
}

#[test]
fn instances_as_cim_xml() {
    let text = r#"
        class T_Part { [Key] string Id; char16 C; uint8 Codes[]; };
        class T_Whole { [Key] string Id; T_Part REF Part; [EmbeddedInstance("T_Part")] string Inner; };
        instance of T_Part as $p { Id = "a<b & \"c\""; C = 'x'; Codes = {1, 2}; };
        instance of T_Whole { Id = "w"; Part = $p; Inner = instance of T_Part { Id = "i"; }; };
    "#;
    let path = std::env::temp_dir().join(format!("mofc-emit-{}-xml.mof", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let unit = Unit::load(&DiskWorld, &path, &SearchPath::default()).expect("readable");
    std::fs::remove_file(&path).unwrap();
    let (model, found) = sema::analyze(&unit, &sema::Options::default());
    assert!(!found.iter().any(|d| d.is_error()), "{found:#?}");
    let xml = emit::cimxml::model(&model);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let instances: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("INSTANCE") && n.parent().unwrap().has_tag_name("VALUE.OBJECT"))
        .collect();
    assert_eq!(instances.len(), 2);
    let value = |instance: roxmltree::Node, property: &str| -> String {
        let p = instance
            .children()
            .find(|n| n.attribute("NAME") == Some(property))
            .unwrap();
        p.descendants()
            .filter(|n| n.has_tag_name("VALUE"))
            .map(|v| v.text().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("|")
    };
    assert_eq!(value(instances[0], "Id"), "a<b & \"c\"");
    assert_eq!(value(instances[0], "C"), "x");
    assert_eq!(value(instances[0], "Codes"), "1|2");
    assert_eq!(value(instances[1], "Part"), "T_Part.Id=\"a<b & \\\"c\\\"\"");
    // The embedded instance is CIM-XML of its own, carried as text.
    let inner = value(instances[1], "Inner");
    let embedded = roxmltree::Document::parse(&inner).expect("embedded instance is XML");
    assert_eq!(embedded.root_element().attribute("CLASSNAME"), Some("T_Part"));
    let inner_property = instances[1]
        .children()
        .find(|n| n.attribute("NAME") == Some("Inner"))
        .unwrap();
    assert_eq!(inner_property.attribute("EmbeddedObject"), Some("instance"));
}

/// One compilation as `mofc compile` makes it: the JSON model, both MOF forms, and its errors.
struct Emitted {
    json: serde_json::Value,
    as_written: String,
    resolved: String,
    errors: Vec<String>,
}

fn emit_all(entry: &Path, search: &SearchPath) -> Emitted {
    let mut unit = Unit::load(&DiskWorld, entry, search).expect("readable");
    sema::complete(&mut unit, &DiskWorld, search);
    let (model, found) = sema::analyze(&unit, &sema::Options::default());
    let mut diagnostics: Vec<_> = unit.diagnostics.iter().chain(&found).cloned().collect();
    sema::settle(&unit.sources, &mut diagnostics);
    Emitted {
        json: serde_json::to_value(emit::json::Document(&model)).unwrap(),
        as_written: emit::mof::model(&model),
        resolved: emit::mof::resolved(&model),
        errors: diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}", d.code.id(), d.message))
            .collect(),
    }
}

/// Every entry point of the corpus that compiles (`mofc compile` writes nothing for the others),
/// the broken files of `negative/` aside, emitted as MOF in both forms and compiled again from
/// a file of another name with the same search path: neither form has an error, and MOF as
/// written gives the same model, dialect included. (The CIM Schema has its own tests above.)
#[test]
fn every_entry_point_of_the_corpus_round_trips_through_mof() {
    let Some(corpus) = corpus() else { return };
    let schema = corpus.join("cim-schema-2.49.0");
    let dir = tempfile::tempdir().unwrap();
    let groups: [(&str, Vec<PathBuf>); 5] = [
        ("wmi", vec![]),
        ("dsc", vec![]),
        ("dsc-configs", vec![]),
        ("omi", vec![schema.clone()]),
        ("cim-tests", vec![schema]),
    ];
    let mut entries = Vec::new();
    for (group, extra) in groups {
        let folder = corpus.join(group);
        let files = mof_files(&DiskWorld, &folder).unwrap();
        let search = SearchPath {
            dirs: std::iter::once(folder).chain(extra).collect(),
        };
        for entry in entry_points(&DiskWorld, &files, &search) {
            entries.push((entry, search.clone()));
        }
    }
    let compiled: Vec<_> = entries
        .par_iter()
        .enumerate()
        .filter_map(|(n, (entry, search))| {
            let source = emit_all(entry, search);
            source.errors.is_empty().then_some((n, entry, search, source))
        })
        .collect();
    assert!(compiled.len() > 400, "{} of {}", compiled.len(), entries.len());
    let failures: Vec<String> = compiled
        .par_iter()
        .flat_map_iter(|(n, entry, search, source)| {
            let mut failures = Vec::new();
            for (form, text) in [("as-written", &source.as_written), ("resolved", &source.resolved)] {
                let path = dir.path().join(format!("{n}-{form}.mof"));
                std::fs::write(&path, text).unwrap();
                let again = emit_all(&path, search);
                if !again.errors.is_empty() {
                    failures.push(format!("{} ({form}): {:?}", entry.display(), again.errors));
                }
                if form == "as-written" && again.json != source.json {
                    failures.push(format!("{} ({form}): the model changed", entry.display()));
                }
            }
            failures
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The model of `entry` (`emit_all`'s JSON), split as `mofc compile --emit mof --mfl` splits it,
/// and compiled back: the neutral MOF and the localization file, included in turn by one file.
/// Returns the original model and the model compiled back.
fn split_and_join(entry: &Path, search: &SearchPath, form: emit::mof::Form) -> [serde_json::Value; 2] {
    let mut unit = Unit::load(&DiskWorld, entry, search).expect("readable");
    sema::complete(&mut unit, &DiskWorld, search);
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    let (neutral, localized) = emit::mfl::split(&model, form, 0x409);
    assert!(!neutral.contains(": Amended"), "{neutral}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("neutral.mof"), &neutral).unwrap();
    std::fs::write(dir.path().join("localized.mfl"), &localized).unwrap();
    let both = dir.path().join("both.mof");
    std::fs::write(
        &both,
        "#pragma include(\"neutral.mof\")\n#pragma include(\"localized.mfl\")\n",
    )
    .unwrap();
    let again = emit_all(&both, search);
    assert!(again.errors.is_empty(), "{:?}\n{neutral}\n{localized}", again.errors);
    [serde_json::to_value(emit::json::Document(&model)).unwrap(), again.json]
}

/// What the localization split must keep: every class's shape (`shape`), its localized
/// qualifiers counted as its own (the locale is what the split adds), and the instances but the
/// `__namespace` instance that creates the locale's namespace. As written, a class's amendment
/// holds the qualifiers it writes, so what subclasses inherit of them is left out on both sides.
fn localized_shape(json: &serde_json::Value, form: emit::mof::Form) -> serde_json::Value {
    let mut json = json.clone();
    fn strip(value: &mut serde_json::Value, form: emit::mof::Form) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("locale");
                if let (Some(serde_json::Value::Array(qualifiers)), emit::mof::Form::AsWritten) =
                    (map.get_mut("qualifiers"), form)
                {
                    qualifiers.retain(|q| {
                        let amended = q["flavors"]
                            .as_array()
                            .is_some_and(|f| f.iter().any(|f| f == "Amended"));
                        !(amended && q["propagated"] == true)
                    });
                }
                map.values_mut().for_each(|v| strip(v, form));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| strip(v, form)),
            _ => {}
        }
    }
    strip(&mut json, form);
    let classes: Vec<serde_json::Value> = json["classes"].as_array().unwrap().iter().map(shape).collect();
    let instances: Vec<&serde_json::Value> = json["instances"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["class"].as_str().unwrap().eq_ignore_ascii_case("__namespace"))
        .collect();
    serde_json::json!({"classes": classes, "instances": instances})
}

/// `compile --emit mof --mfl`: the neutral MOF and the localization file compiled together give
/// the original model, in both forms; the localization file is what mofcomp writes.
#[test]
fn the_localization_split_compiles_back_to_the_model() {
    let text = r#"
        #pragma namespace("\\\\.\\root\\test")
        Qualifier Caption : string = null, Scope(any), Flavor(Amended, ToSubclass);
        [Description("The base") : Amended ToSubclass, Abstract]
        class T_Base {
            [Key, Description("Its id") : Amended] string Id;
            [Caption("Size")] uint64 Size = 4;
            [Description("Resets it") : Amended]
            uint32 Reset([In, Description("How hard") : Amended] uint32 Level, [In] boolean Now);
        };
        [Dynamic, Provider("T_Provider")]
        class T_Sub : T_Base { [Units("bytes"), DisplayName("Free") : Amended] uint64 Free; };
        class T_Plain { [Key] string Name; };
        instance of T_Plain { Name = "p"; };
    "#;
    let dir = tempfile::tempdir().unwrap();
    let entry = dir.path().join("master.mof");
    std::fs::write(&entry, text).unwrap();
    for form in [emit::mof::Form::Resolved, emit::mof::Form::AsWritten] {
        let [before, after] = split_and_join(&entry, &SearchPath::default(), form);
        assert_eq!(
            localized_shape(&before, form),
            localized_shape(&after, form),
            "{form:?}"
        );
        // What was amended is now localized: tagged with the locale.
        let base = &after["classes"][0];
        let description = base["qualifiers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["name"] == "Description");
        assert_eq!(description.unwrap()["locale"], "ms_409", "{form:?}");
        let paths: Vec<&str> = after["instances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["T_Plain.Name=\"p\"", "__NAMESPACE.Name=\"ms_409\""], "{form:?}");
    }
    let unit = Unit::load(&DiskWorld, &entry, &SearchPath::default()).unwrap();
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    let (_, localized) = emit::mfl::split(&model, emit::mof::Form::AsWritten, 0x409);
    let expected = r#"#pragma namespace("\\\\.\\root\\test")
instance of __namespace{ name="ms_409";};
#pragma namespace("\\\\.\\root\\test\\ms_409")

[Description("The base") : Amended ToSubclass, AMENDMENT, LOCALE(0x409)]
class T_Base
{
    [Description("Its id") : Amended]
    string Id;
    [Caption("Size") : Amended]
    uint64 Size;
    [Description("Resets it") : Amended]
    uint32 Reset(
        [Description("How hard") : Amended]
        uint32 Level,
        boolean Now);
};

[AMENDMENT, LOCALE(0x409)]
class T_Sub : T_Base
{
    [DisplayName("Free") : Amended]
    uint64 Free;
};

"#;
    assert_eq!(localized, expected);
}

/// The WMI sources of the corpus that have amended qualifiers, split and compiled back.
#[test]
fn corpus_sources_with_amended_qualifiers_split_and_join() {
    let Some(corpus) = corpus() else { return };
    let folder = corpus.join("wmi");
    let search = SearchPath {
        dirs: vec![folder.clone()],
    };
    let files = mof_files(&DiskWorld, &folder).unwrap();
    let mut split = 0;
    for entry in entry_points(&DiskWorld, &files, &search) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        if !text.to_ascii_lowercase().contains("amended") || !emit_all(&entry, &search).errors.is_empty() {
            continue;
        }
        for form in [emit::mof::Form::Resolved, emit::mof::Form::AsWritten] {
            let [before, after] = split_and_join(&entry, &search, form);
            assert_eq!(
                localized_shape(&before, form),
                localized_shape(&after, form),
                "{} {form:?}",
                entry.display()
            );
        }
        split += 1;
    }
    assert!(split >= 5, "{split} sources split");
}
