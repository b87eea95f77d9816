//! The language server's navigation, rename and feedback end to end: the real binary over
//! JSON-RPC (`support/lsp_client.rs`), on a workspace of several files, with exact ranges, URIs
//! and names. A rename's edits are applied to a copy of the files, which must compile to the
//! model of the original with the name substituted.

#[path = "support/lsp_client.rs"]
mod client;
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use client::{Client, uri};
use serde_json::{Value, json};

/// `root.mof` includes a qualifier declaration, a base class and two generations of subclasses
/// (in files of their own), and declares instances, one naming another by alias.
const FILES: [(&str, &str); 5] = [
    (
        "root.mof",
        "#pragma include(\"quals.mof\")\n#pragma include(\"base.mof\")\n#pragma include(\"child.mof\")\n\
         #pragma include(\"grandchild.mof\")\n\n\
         instance of T_Base as $bee\n{\n    Id = \"b\";\n    Heading = \"h\";\n};\n\n\
         instance of T_Child\n{\n    Id = \"c\";\n    Peer = $bee;\n    Heading = \"i\";\n};\n",
    ),
    ("quals.mof", "qualifier Colour : string = null, scope(property);\n"),
    (
        "base.mof",
        "class T_Base\n{\n    [Key] string Id;\n    string Heading;\n    T_Base REF Peer;\n    uint32 Go();\n};\n",
    ),
    (
        "child.mof",
        "class T_Child : T_Base\n{\n    [Override(\"Heading\"), Colour(\"blue\")] string Heading;\n    \
         [EmbeddedInstance(\"T_Base\")] string Inside;\n};\n",
    ),
    (
        "grandchild.mof",
        "class T_GrandChild : T_Child\n{\n    [Colour(\"red\")] string Heading;\n};\n",
    ),
];

/// The workspace in a new folder (by its canonical path, as the server names files).
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = support::tree(&FILES);
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

/// A server on the workspace, with every file compiled.
fn server(root: &Path) -> Client {
    let (mut client, _) = Client::start(root, &[]);
    // Requests are answered once the compilations are up to date.
    client.request("workspace/symbol", json!({"query": "zzz"}));
    client
}

fn position(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn at(path: &Path, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": position(line, character)})
}

fn range(value: &Value) -> Range {
    let n = |v: &Value| v.as_u64().unwrap();
    (
        n(&value["start"]["line"]),
        n(&value["start"]["character"]),
        n(&value["end"]["line"]),
        n(&value["end"]["character"]),
    )
}

/// A location as (file name, range).
fn place(location: &Value, root: &Path) -> (String, Range) {
    let file = location["uri"].as_str().unwrap();
    let name = file
        .strip_prefix(&format!("{}/", uri(root)))
        .unwrap_or(file)
        .to_string();
    (name, range(&location["range"]))
}

/// A range as (start line, start character, end line, end character).
type Range = (u64, u64, u64, u64);

/// An edit: its range and new text.
type Edit = (Range, String);

/// A rename's edits, by file name, in order.
type Edits = BTreeMap<String, Vec<Edit>>;

fn edits(result: &Value, root: &Path) -> Edits {
    let mut out = Edits::new();
    for (file, list) in result["changes"].as_object().unwrap() {
        let name = file.strip_prefix(&format!("{}/", uri(root))).unwrap().to_string();
        let list = list.as_array().unwrap();
        let edits = list
            .iter()
            .map(|e| (range(&e["range"]), e["newText"].as_str().unwrap().to_string()));
        out.insert(name, edits.collect());
    }
    out
}

/// Applies edits to the text of a file (none overlap; later ones first).
fn apply(text: &str, edits: &[Edit]) -> String {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |line: u64, character: u64| starts[line as usize] + character as usize;
    let mut text = text.to_string();
    for ((l1, c1, l2, c2), new) in edits.iter().rev() {
        text.replace_range(offset(*l1, *c1)..offset(*l2, *c2), new);
    }
    text
}

/// The JSON model of `root.mof` in `dir`.
fn model(dir: &Path) -> String {
    let (code, stdout, stderr) = support::run_mofc(dir, &["compile", "--emit", "json", "root.mof"]);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

/// Renames what is at (`file`, `line`, `character`) to `new`, applies the edits to a copy of
/// the workspace, and checks that it compiles to the original's model with `old` (a name found
/// only where it is renamed) replaced by `new`. The edits, by file.
fn renamed(file: &str, line: u32, character: u32, old: &str, new: &str) -> Edits {
    let (_dir, root) = workspace();
    let mut client = server(&root);
    let mut params = at(&root.join(file), line, character);
    let prepared = client.request("textDocument/prepareRename", params.clone());
    assert_eq!(prepared["placeholder"], old);
    params["newName"] = json!(new);
    let result = client.request("textDocument/rename", params);
    assert_eq!(client.stop(), 0);
    let edits = edits(&result, &root);
    let copy = support::tree(&FILES);
    for (name, list) in &edits {
        let path = copy.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, apply(&text, list)).unwrap();
    }
    // Compared as JSON values: a renamed property may sort elsewhere among an instance's.
    // An alias is in the model without its `$`.
    let json = |text: String| serde_json::from_str::<Value>(&text).unwrap();
    let (old_name, new_name) = (old.trim_start_matches('$'), new.trim_start_matches('$'));
    assert_eq!(json(model(copy.path())), json(model(&root).replace(old_name, new_name)));
    edits
}

fn edit(l1: u64, c1: u64, l2: u64, c2: u64, new: &str) -> Edit {
    ((l1, c1, l2, c2), new.to_string())
}

#[test]
fn renaming_a_class_renames_every_use_across_files() {
    // From its use in a superclass clause.
    let found = renamed("child.mof", 0, 18, "T_Base", "T_Root");
    let expected = Edits::from([
        (
            "base.mof".into(),
            vec![edit(0, 6, 0, 12, "T_Root"), edit(4, 4, 4, 10, "T_Root")],
        ),
        (
            "child.mof".into(),
            vec![edit(0, 16, 0, 22, "T_Root"), edit(3, 23, 3, 29, "T_Root")],
        ),
        ("root.mof".into(), vec![edit(5, 12, 5, 18, "T_Root")]),
    ]);
    assert_eq!(found, expected);
}

#[test]
fn renaming_a_property_renames_its_overrides_and_the_instances_that_set_it() {
    // From an instance that sets it.
    let found = renamed("root.mof", 8, 6, "Heading", "Title");
    let expected = Edits::from([
        ("base.mof".into(), vec![edit(3, 11, 3, 18, "Title")]),
        (
            "child.mof".into(),
            vec![edit(2, 15, 2, 22, "Title"), edit(2, 49, 2, 56, "Title")],
        ),
        ("grandchild.mof".into(), vec![edit(2, 27, 2, 34, "Title")]),
        (
            "root.mof".into(),
            vec![edit(8, 4, 8, 11, "Title"), edit(15, 4, 15, 11, "Title")],
        ),
    ]);
    assert_eq!(found, expected);
}

#[test]
fn renaming_a_qualifier_and_an_alias() {
    let found = renamed("quals.mof", 0, 12, "Colour", "Tint");
    let expected = Edits::from([
        ("child.mof".into(), vec![edit(2, 26, 2, 32, "Tint")]),
        ("grandchild.mof".into(), vec![edit(2, 5, 2, 11, "Tint")]),
        ("quals.mof".into(), vec![edit(0, 10, 0, 16, "Tint")]),
    ]);
    assert_eq!(found, expected);
    // The alias's `$` stays; a new name may be given with or without it.
    let found = renamed("root.mof", 14, 12, "$bee", "$base");
    let expected = Edits::from([(
        "root.mof".into(),
        vec![edit(5, 22, 5, 26, "$base"), edit(14, 11, 14, 15, "$base")],
    )]);
    assert_eq!(found, expected);
}

#[test]
fn renames_that_cannot_be_done_are_refused_with_a_reason() {
    let (_dir, root) = workspace();
    let mut client = server(&root);
    let base = root.join("base.mof");
    let refused = |client: &mut Client, method: &str, params: Value| {
        let answer = client.answer(method, params);
        assert_eq!(answer["error"]["code"], -32803, "{answer}");
        answer["error"]["message"].as_str().unwrap().to_string()
    };
    // A qualifier mofc knows by name, though the workspace does not declare it.
    assert_eq!(
        refused(&mut client, "textDocument/prepareRename", at(&base, 2, 6)),
        "`Key` is a qualifier mofc knows by its name, and cannot be renamed"
    );
    assert_eq!(
        refused(&mut client, "textDocument/prepareRename", at(&base, 5, 12)),
        "mofc renames classes, properties, qualifiers and aliases, not methods or parameters"
    );
    // Nothing to rename on a brace: no range, no error.
    assert_eq!(
        client.request("textDocument/prepareRename", at(&base, 1, 0)),
        Value::Null
    );
    let rename = |line, character, new: &str| {
        let mut params = at(&base, line, character);
        params["newName"] = json!(new);
        params
    };
    assert_eq!(
        refused(&mut client, "textDocument/rename", rename(0, 8, "class")),
        "`class` is a MOF keyword, not a name for a class"
    );
    assert_eq!(
        refused(&mut client, "textDocument/rename", rename(0, 8, "2nd_Base")),
        "`2nd_Base` is not a MOF identifier (a letter or `_`, then letters, digits or `_`)"
    );
    assert_eq!(
        refused(&mut client, "textDocument/rename", rename(0, 8, "t_child")),
        "a class named `t_child` exists already"
    );
    assert_eq!(
        refused(&mut client, "textDocument/rename", rename(2, 18, "Peer")),
        "class `T_Base` has a property or method named `Peer` already"
    );
    // A class mofc has built in, in a file open on its own.
    let system = root.join("system.mof");
    client.open(&system, "instance of __Namespace\n{\n    Name = \"x\";\n};\n");
    assert_eq!(
        refused(&mut client, "textDocument/prepareRename", at(&system, 0, 14)),
        "`__NAMESPACE` is a class built into mofc (known by its name), and cannot be renamed"
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn the_type_hierarchy_spans_files() {
    let (_dir, root) = workspace();
    let mut client = server(&root);
    // From the superclass clause of `T_Child` to `T_Base`.
    let items = client.request("textDocument/prepareTypeHierarchy", at(&root.join("child.mof"), 0, 18));
    let base = &items[0];
    assert_eq!(items.as_array().unwrap().len(), 1);
    assert_eq!(base["name"], "T_Base");
    assert_eq!(base["kind"], 5);
    assert_eq!(base["uri"], uri(&root.join("base.mof")));
    assert_eq!(range(&base["range"]), (0, 0, 6, 2));
    assert_eq!(range(&base["selectionRange"]), (0, 6, 0, 12));

    let subtypes = client.request("typeHierarchy/subtypes", json!({"item": base}));
    let names: Vec<(&str, &str)> = subtypes
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["name"].as_str().unwrap(), i["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(names, [("T_Child", ": T_Base")]);
    let child = &subtypes[0];
    assert_eq!(child["uri"], uri(&root.join("child.mof")));
    assert_eq!(range(&child["selectionRange"]), (0, 6, 0, 13));

    let grandchildren = client.request("typeHierarchy/subtypes", json!({"item": child}));
    assert_eq!(grandchildren[0]["name"], "T_GrandChild");
    assert_eq!(grandchildren[0]["uri"], uri(&root.join("grandchild.mof")));
    let supertypes = client.request("typeHierarchy/supertypes", json!({"item": grandchildren[0]}));
    assert_eq!(supertypes[0]["name"], "T_Child");
    // A root class has no supertypes; a leaf no subtypes.
    assert_eq!(
        client.request("typeHierarchy/supertypes", json!({"item": base})),
        json!([])
    );
    assert_eq!(
        client.request("typeHierarchy/subtypes", json!({"item": grandchildren[0]})),
        json!([])
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn implementations_are_subclasses_and_overriding_properties() {
    let (_dir, root) = workspace();
    let mut client = server(&root);
    let base = root.join("base.mof");
    let places = |client: &mut Client, line, character| -> Vec<(String, Range)> {
        let found = client.request("textDocument/implementation", at(&base, line, character));
        found.as_array().unwrap().iter().map(|l| place(l, &root)).collect()
    };
    assert_eq!(
        places(&mut client, 0, 8),
        [
            ("child.mof".to_string(), (0, 6, 0, 13)),
            ("grandchild.mof".to_string(), (0, 6, 0, 18)),
        ]
    );
    assert_eq!(
        places(&mut client, 3, 14),
        [
            ("child.mof".to_string(), (2, 49, 2, 56)),
            ("grandchild.mof".to_string(), (2, 27, 2, 34)),
        ]
    );
    // `Id` is overridden nowhere.
    assert_eq!(places(&mut client, 2, 18), []);
    assert_eq!(client.stop(), 0);
}

#[test]
fn workspace_symbols_match_fuzzily_best_first() {
    let (_dir, root) = workspace();
    let mut client = server(&root);
    let symbols = |client: &mut Client, query: &str| -> Vec<(String, u64, String)> {
        let found = client.request("workspace/symbol", json!({"query": query}));
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let container = s["containerName"].as_str().unwrap_or_default();
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["kind"].as_u64().unwrap(),
                    container.to_string(),
                )
            })
            .collect()
    };
    let owned = |list: &[(&str, u64, &str)]| -> Vec<(String, u64, String)> {
        list.iter()
            .map(|(n, k, c)| (n.to_string(), *k, c.to_string()))
            .collect()
    };
    // A subsequence in any case: `tch` is in `T_Child` and `T_GrandChild` (the shorter first).
    assert_eq!(
        symbols(&mut client, "tch"),
        owned(&[("T_Child", 5, ""), ("T_GrandChild", 5, "")])
    );
    // Members carry their class; a prefix match ranks first.
    assert_eq!(
        symbols(&mut client, "head"),
        owned(&[
            ("Heading", 7, "T_Base"),
            ("Heading", 7, "T_Child"),
            ("Heading", 7, "T_GrandChild")
        ])
    );
    assert_eq!(symbols(&mut client, "colr"), owned(&[("Colour", 14, "")]));
    assert_eq!(symbols(&mut client, "xyz"), []);
    let found = client.request("workspace/symbol", json!({"query": "T_GrandChild"}));
    assert_eq!(
        place(&found[0]["location"], &root),
        ("grandchild.mof".into(), (0, 6, 0, 18))
    );
    assert_eq!(client.stop(), 0);
}

#[test]
fn the_first_compilation_reports_progress_in_order() {
    let (_dir, root) = workspace();
    let capabilities = json!({"window": {"workDoneProgress": true}});
    let (mut client, _) = Client::start_with(&root, capabilities);
    let create = client.wait_for(|m| m["method"] == "window/workDoneProgress/create");
    let token = create["params"]["token"].clone();
    let mut kinds = Vec::new();
    let mut messages = Vec::new();
    loop {
        let progress = client.wait_for(|m| m["method"] == "$/progress");
        assert_eq!(progress["params"]["token"], token);
        let value = &progress["params"]["value"];
        kinds.push(value["kind"].as_str().unwrap().to_string());
        messages.push(value["message"].as_str().unwrap().to_string());
        if value["kind"] == "end" {
            break;
        }
    }
    assert_eq!(kinds, ["begin", "report", "report", "end"]);
    assert_eq!(
        messages,
        [
            "finding the files of the workspace",
            "loading 1 compilations",
            "analysing 5 files",
            "1 compilations, 5 files",
        ]
    );
    // Only the first compilation is reported.
    client.change(&root.join("base.mof"), 2, json!([{"text": "class T_Base { };"}]));
    client.request("workspace/symbol", json!({"query": "zzz"}));
    assert!(!client.pending.iter().any(|m| m["method"] == "$/progress"));
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_broken_mofc_toml_is_shown_once_per_change() {
    let dir = support::tree(&[
        ("mofc.toml", "dialect = \"dmtf\"\nfiles = 3\n"),
        ("a.mof", "class A { };\n"),
    ]);
    let root = dir.path().canonicalize().unwrap();
    let config = root.join("mofc.toml");
    let (mut client, _) = Client::start(&root, &[]);
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1);
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("{}:2:9: invalid type: integer `3`", config.display())),
        "{message}"
    );
    // Saved again with the same mistake: nothing new to tell.
    let changed = json!({"changes": [{"uri": uri(&config), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changed.clone());
    client.request("workspace/symbol", json!({"query": "zzz"}));
    assert!(!client.pending.iter().any(|m| m["method"] == "window/showMessage"));
    // Another mistake is told.
    std::fs::write(&config, "nonsense = true\n").unwrap();
    client.notify("workspace/didChangeWatchedFiles", changed);
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("{}:1:1: unknown key `nonsense`", config.display())),
        "{message}"
    );
    assert_eq!(client.stop(), 0);
}

/// `value` with every string that is exactly `old` (or the reference type `old ref`) renamed.
fn substituted(value: Value, old: &str, new: &str) -> Value {
    match value {
        Value::String(s) if s == old => Value::String(new.into()),
        Value::String(s) if s == format!("{old} ref") => Value::String(format!("{new} ref")),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| substituted(v, old, new)).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, substituted(v, old, new))).collect()),
        other => other,
    }
}

/// Copies the files of a folder and its subfolders into another.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `CIM_ManagedElement`, the root of the CIM Schema, renamed across its 1,634 files: the files
/// edited compile to the schema's model with the class's name changed wherever the model names
/// it (class names, superclasses, class origins, reference types, `EmbeddedInstance` values), and
/// nowhere else (descriptions that mention it are prose).
#[test]
fn renaming_the_root_of_the_cim_schema() {
    let Some(corpus) = support::corpus() else { return };
    let root = corpus.join("cim-schema-2.49.0").canonicalize().unwrap();
    let (mut client, _) = Client::start(&root, &[]);
    let mut params = at(&root.join("Core/CIM_ManagedElement.mof"), 7, 8);
    params["newName"] = json!("CIM_ManagedThing");
    let result = client.request("textDocument/rename", params);
    assert_eq!(client.stop(), 0);
    let edits = edits(&result, &root);
    assert!(edits.len() > 100, "{} files edited", edits.len());
    let copy = tempfile::tempdir().unwrap();
    copy_tree(&root, copy.path());
    for (name, list) in &edits {
        let path = copy.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, apply(&text, list)).unwrap();
    }
    let compiled = |dir: &Path| -> Value {
        let (code, stdout, stderr) = support::run_mofc(dir, &["compile", "--emit", "json", "cim_schema_2.49.0.mof"]);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str(&stdout).unwrap()
    };
    let expected = substituted(compiled(&root), "CIM_ManagedElement", "CIM_ManagedThing");
    assert!(compiled(copy.path()) == expected, "the renamed schema's model differs");
}
