//! Compiled DSC configuration documents (`dsc.md` section C) as `mofc check` sees them: the
//! real documents of `../shared/corpus/dsc-configs/`, copies of one broken in the three ways
//! the issue names, and the lookup of a resource class by its module. The rules one by one are
//! pinned by `tests/fixtures/rules/DSC3xx/`.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::{check_json, check_text, corpus, each_diagnostic, number, run_mofc, text, tree};

/// The documents of the corpus, sorted.
fn documents(corpus: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "mof") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&corpus.join("dsc-configs"), &mut found);
    found.sort();
    found
}

/// (code, line, message) of each diagnostic of `mofc check ARGS FILE`.
fn check(file: &Path, args: &[&str]) -> Vec<(String, u64, String)> {
    let mut all = args.to_vec();
    all.push(file.to_str().unwrap());
    let (_, doc) = check_json(Path::new(env!("CARGO_MANIFEST_DIR")), &all);
    each_diagnostic(&doc, |d| (text(d, "code"), number(d, "line"), text(d, "message")))
}

/// The errors of a run, each unresolved class aside: how many times each class was reported
/// unresolved (lower-case name), and the other errors.
fn errors(file: &Path, args: &[&str]) -> (BTreeMap<String, usize>, Vec<String>) {
    let mut all = args.to_vec();
    all.push(file.to_str().unwrap());
    let (_, doc) = check_json(Path::new(env!("CARGO_MANIFEST_DIR")), &all);
    let mut unresolved = BTreeMap::new();
    let mut other = Vec::new();
    for d in doc["diagnostics"].as_array().unwrap() {
        if text(d, "severity") != "error" {
            continue;
        }
        let message = text(d, "message");
        if text(d, "code") == "E0301" {
            let class = message.split('`').nth(1).unwrap().to_ascii_lowercase();
            *unresolved.entry(class).or_insert(0) += 1;
        } else {
            other.push(format!(
                "{}:{} {} {message}",
                text(d, "file"),
                number(d, "line"),
                text(d, "code")
            ));
        }
    }
    (unresolved, other)
}

/// Every document checks with no error but its third-party classes, each reported once; with
/// the resource schemas of `dsc/` on the search path, the classes they declare resolve (and
/// their instances check cleanly against them), and no other class is reported.
#[test]
fn every_corpus_document_checks_with_no_error_but_unresolved_classes_once_each() {
    let Some(corpus) = corpus() else { return };
    let schemas = corpus.join("dsc");
    let with_schemas = ["-I", schemas.to_str().unwrap()];
    let files = documents(&corpus);
    assert_eq!(files.len(), 27);
    let mut resolved_by_schemas = 0;
    for file in &files {
        let (alone, other) = errors(file, &[]);
        assert!(other.is_empty(), "{}: {other:#?}", file.display());
        assert!(alone.values().all(|&n| n == 1), "{}: {alone:?}", file.display());
        let (given, other) = errors(file, &with_schemas);
        assert!(other.is_empty(), "{} with -I dsc: {other:#?}", file.display());
        assert!(given.values().all(|&n| n == 1), "{}: {given:?}", file.display());
        assert!(
            given.keys().all(|class| alone.contains_key(class)),
            "{}",
            file.display()
        );
        resolved_by_schemas += alone.len() - given.len();
    }
    // ActiveDirectoryDsc's MSFT_ADDomain and MSFT_ADUser, PSDscResources' MSFT_WindowsFeature.
    assert!(resolved_by_schemas >= 3, "{resolved_by_schemas}");
}

/// The built-in in-box classes and LCM settings, compiled as input (with the DSC bases they
/// derive from), are valid MOF: the compiler checks its own knowledge.
#[test]
fn the_built_in_dsc_classes_compile_cleanly() {
    let text = [
        include_str!("../src/sema/builtin/dsc-classes.mof"),
        include_str!("../src/sema/builtin/dsc-inbox.mof"),
    ]
    .concat();
    assert_eq!(check_text(&text), []);
}

/// The in-box classes are built in: a document of them alone checks cleanly, with no module.
#[test]
fn in_box_resources_resolve_without_modules() {
    let Some(corpus) = corpus() else { return };
    for name in [
        "Danielsun88+azure_TST",
        "GustavCleveman+dscTest",
        "jwells4569-dev+Powershell",
    ] {
        let file = corpus.join("dsc-configs").join(name).join("localhost.mof");
        let found = check(&file, &[]);
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}

/// DSC312 warns at each clear-text password and never repeats it, in any machine output.
#[test]
fn clear_text_passwords_are_warned_about_without_showing_them() {
    let Some(corpus) = corpus() else { return };
    let file = corpus.join("dsc-configs/BelmansB+DSC-Bmoos/localhost.mof");
    let text = decode(&std::fs::read(&file).unwrap());
    let lines = lines(&text);
    let warned: Vec<(String, u64, String)> = check(&file, &[])
        .into_iter()
        .filter(|(code, _, _)| code == "DSC312")
        .collect();
    assert!(!warned.is_empty());
    for (_, line, message) in warned {
        let written = &lines[line as usize - 1];
        let password = written.split('"').nth(1).unwrap();
        assert!(written.trim_start().starts_with("Password"), "{written}");
        assert!(!message.contains(password), "{message}");
        for format in ["json", "sarif", "github"] {
            let (_, out, _) = run_mofc(Path::new("."), &["check", "--format", format, file.to_str().unwrap()]);
            assert!(!out.contains(password), "{format}");
        }
    }
}

/// The lines of `text` as mofc counts them: ended by `\r\n`, `\n` or a lone `\r` (several
/// corpus documents have lone ones).
fn lines(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(end) = rest.find(['\r', '\n']) {
        found.push(&rest[..end]);
        let skip = if rest[end..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[end + skip..];
    }
    found.push(rest);
    found
}

/// The text of a corpus document: UTF-16LE with a byte order mark, or UTF-8.
fn decode(bytes: &[u8]) -> String {
    match bytes {
        [0xff, 0xfe, rest @ ..] => {
            let units: Vec<u16> = rest.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
            String::from_utf16(&units).unwrap()
        }
        _ => String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// A copy of a real document with `from` (the first after `after`) replaced by `to`: the
/// errors other than unresolved classes, and the line of the change.
fn broken(after: &str, from: &str, to: &str) -> Option<(Vec<String>, usize)> {
    let corpus = corpus()?;
    let original = decode(&std::fs::read(corpus.join("dsc-configs/goldenvesper+ExamenDSC/localhost.mof")).unwrap());
    let start = original.find(after).unwrap();
    let at = start + original[start..].find(from).unwrap();
    let changed = format!("{}{to}{}", &original[..at], &original[at + from.len()..]);
    let line = lines(&original[..at]).len();
    let dir = tree(&[("localhost.mof", &changed)]);
    let (_, other) = errors(&dir.path().join("localhost.mof"), &[]);
    Some((other, line))
}

#[test]
fn a_broken_depends_on_fails_at_its_line() {
    let Some((errors, line)) = broken(
        "[ADDomain]bmoos.local",
        "\"[Computer]NewName\"",
        "\"[Computer]OldName\"",
    ) else {
        return;
    };
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains(&format!(":{line} DSC305 ")), "{errors:?} at {line}");
}

#[test]
fn an_unknown_property_of_an_in_box_resource_fails_at_its_line() {
    let Some((errors, line)) = broken("[File]HR", "DestinationPath", "Recursive = True;\r\n DestinationPath") else {
        return;
    };
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains(&format!(":{line} DSC307 ")), "{errors:?} at {line}");
}

#[test]
fn a_duplicated_resource_id_fails_at_its_line() {
    let Some((errors, line)) = broken("[File]Marketing\"", "[File]HR\"", "[File]Marketing\"") else {
        return;
    };
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains(&format!(":{line} DSC304 ")), "{errors:?} at {line}");
}

/// A document's class is looked up in the module it names first: the same class name in two
/// modules with different schemas, each instance checked against its module's (here the
/// document uses one module's, and its value is allowed there only).
#[test]
fn a_class_is_found_in_the_module_the_document_names() {
    let schema = |ensure: &str| {
        format!(
            "[ClassVersion(\"1.0.0\"), FriendlyName(\"Feature\")]\nclass Demo_Feature : OMI_BaseResource\n{{\n    \
             [Key] string Name;\n    [Write, ValueMap{{{ensure}}}, Values{{{ensure}}}] string Ensure;\n}};\n"
        )
    };
    let resource = |n: usize| {
        format!(
            "instance of Demo_Feature as $Demo_Feature{n}ref\n{{\nResourceID = \"[Feature]F{n}\";\n Name = \"F{n}\";\n \
             Ensure = \"Enable\";\n ModuleName = \"NewModule\";\n ModuleVersion = \"2.0\";\n}};\n"
        )
    };
    let document = format!(
        "{}{}instance of OMI_ConfigurationDocument\n{{\n Version = \"2.0.0\";\n Name = \"Demo\";\n}};\n",
        resource(1),
        resource(2)
    );
    let old = schema("\"Present\", \"Absent\"");
    let new = schema("\"Enable\", \"Disable\"");
    let dir = tree(&[
        (
            "modules/NewModule/1.0/DSCResources/Demo_Feature/Demo_Feature.schema.mof",
            &old,
        ),
        (
            "modules/NewModule/2.0/DSCResources/Demo_Feature/Demo_Feature.schema.mof",
            &new,
        ),
        (
            "modules/AOldModule/DSCResources/Demo_Feature/Demo_Feature.schema.mof",
            &old,
        ),
        ("doc/localhost.mof", &document),
    ]);
    let file = dir.path().join("doc/localhost.mof");
    let modules = dir.path().join("modules");
    let found = check(&file, &["-I", modules.to_str().unwrap()]);
    assert!(found.is_empty(), "{found:#?}");
    // Without the module, the class is reported once for both instances, naming the module
    // asked for.
    let (_, doc) = check_json(dir.path(), &[file.to_str().unwrap()]);
    let helps = each_diagnostic(&doc, |d| {
        (text(d, "code"), d["help"].as_str().unwrap_or("").to_string())
    });
    assert_eq!(helps.len(), 1, "{helps:?}");
    assert_eq!(helps[0].0, "E0301");
    assert!(helps[0].1.contains("`NewModule` version 2.0"), "{}", helps[0].1);
}

/// An in-box class under the in-box module's name is the built-in one even when a folder of
/// the search path holds another module's class of the same name (PSDscResources'
/// MSFT_WindowsOptionalFeature has Ensure {Present, Absent}, the in-box one {Enable, Disable}).
#[test]
fn an_in_box_class_is_not_taken_from_another_module() {
    let Some(corpus) = corpus() else { return };
    let document = "instance of MSFT_WindowsOptionalFeature as $MSFT_WindowsOptionalFeature1ref\n{\n\
                    ResourceID = \"[WindowsOptionalFeature]Telnet\";\n Name = \"TelnetClient\";\n Ensure = \"Enable\";\n \
                    ModuleName = \"PSDesiredStateConfiguration\";\n ModuleVersion = \"1.0\";\n};\n\
                    instance of OMI_ConfigurationDocument\n{\n Version = \"2.0.0\";\n Name = \"Demo\";\n};\n";
    let dir = tree(&[("localhost.mof", document)]);
    let schemas = corpus.join("dsc");
    let found = check(&dir.path().join("localhost.mof"), &["-I", schemas.to_str().unwrap()]);
    assert!(found.is_empty(), "{found:#?}");
    // Named as PSDscResources' class, the same value is not one of its allowed values.
    let theirs = document
        .replace("PSDesiredStateConfiguration", "PSDscResources")
        .replace("\"1.0\"", "\"2.12.0.0\"");
    let dir = tree(&[("localhost.mof", &theirs)]);
    let found = check(&dir.path().join("localhost.mof"), &["-I", schemas.to_str().unwrap()]);
    let codes: Vec<(&str, u64)> = found.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
    assert_eq!(codes, [("DSC309", 5)]);
}

#[test]
fn a_long_dependency_cycle_is_named_in_part() {
    // Thirty resources, each depending on the one before, the first on the last.
    let mut document = String::new();
    for i in 0..30 {
        let before = (i + 29) % 30;
        document.push_str(&format!(
            "instance of MSFT_RoleResource as $MSFT_RoleResource{i}ref\n{{\n ResourceID = \"[WindowsFeature]F{i}\";\n \
             Name = \"F{i}\";\n ModuleName = \"PSDesiredStateConfiguration\";\n ModuleVersion = \"1.0\";\n \
             DependsOn = {{\"[WindowsFeature]F{before}\"}};\n ConfigurationName = \"C\";\n}};\n"
        ));
    }
    document.push_str("instance of OMI_ConfigurationDocument\n{\n Version = \"2.0.0\";\n Name = \"C\";\n};\n");
    let dir = tree(&[("localhost.mof", &document)]);
    let (code, doc) = check_json(dir.path(), &["localhost.mof"]);
    assert_eq!(code, 1);
    let cycles: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "DSC306")
        .collect();
    assert_eq!(cycles.len(), 1, "{doc}");
    let message = text(cycles[0], "message");
    assert!(message.ends_with(", and 10 more"), "{message}");
    assert_eq!(message.matches("[WindowsFeature]").count(), 20, "{message}");
    assert_eq!(cycles[0]["labels"].as_array().unwrap().len(), 20);
}
