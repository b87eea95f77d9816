//! The language server on a workspace holding the whole CIM Schema 2.49 (1,634 files): the time
//! from a one-line edit (`textDocument/didChange`) to the diagnostics it causes
//! (`textDocument/publishDiagnostics`), measured through the real binary's stdio as an editor
//! sees it. Each iteration breaks the line or mends it again, so every edit changes what is
//! published. Then the same schema as one 5.4 MB document (`flat_*`): opening it, its outline,
//! its semantic tokens, an edit. Requests on the schema folder (hover, definition, completion,
//! rename, workspace symbols) are timed from request to response, once it is compiled. Skipped
//! when `../shared/corpus` is absent.

#[path = "../tests/support/lsp_client.rs"]
mod client;

use std::path::{Path, PathBuf};

use client::{Client, uri};
use serde_json::json;

mod support;

fn main() {
    divan::main();
}

/// The schema folder by its canonical path, as the server names files.
fn schema_dir() -> Option<PathBuf> {
    support::schema_dir()?.canonicalize().ok()
}

/// Edits line `line` (0-based) of `file` in the schema, from `good` to `bad` and back, and
/// waits each time for the file's diagnostics.
fn edit(bencher: divan::Bencher, file: &str, line: u32, good: &str, bad: &str) {
    let Some(root) = schema_dir() else { return };
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("schema file readable");
    assert_eq!(text.lines().nth(line as usize), Some(good), "the line to edit");
    let (client, _) = Client::start(&root, &[]);
    break_and_mend(bencher, client, &path, &text, line, good, bad);
}

/// Opens `text` as `path`, waits until it is compiled, then edits line `line` from `good` to
/// `bad` and back, waiting each time for the file's diagnostics.
fn break_and_mend(
    bencher: divan::Bencher,
    mut client: Client,
    path: &Path,
    text: &str,
    line: u32,
    good: &str,
    bad: &str,
) {
    client.open(path, text);
    // Requests are answered once the compilations are up to date.
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(path)}}),
    );
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        let broken = version % 2 == 0;
        let range = json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": good.len().max(bad.len())}});
        let replacement = if broken { bad } else { good };
        client.change(path, version, json!([{"range": range, "text": replacement}]));
        let found = client.diagnostics(path);
        assert_eq!(found.len(), usize::from(broken));
    });
    assert_eq!(client.stop(), 0);
}

/// A leaf class: `CIM_Battery`.
#[divan::bench(sample_count = 40)]
fn edit_leaf_class(bencher: divan::Bencher) {
    edit(
        bencher,
        "Device/CIM_Battery.mof",
        39,
        "   uint32 TimeOnBattery;",
        "   uint32 TimeOnBattery = \"x\";",
    );
}

/// The root of almost every class: `CIM_ManagedElement`.
#[divan::bench(sample_count = 40)]
fn edit_root_class(bencher: divan::Bencher) {
    edit(
        bencher,
        "Core/CIM_ManagedElement.mof",
        48,
        "   string Caption;",
        "   string Caption = 1;",
    );
}

/// A hover over an inherited-and-overridden property of a leaf class, answered after the
/// schema has been compiled: what the editor waits for when the pointer rests on a name.
#[divan::bench(sample_count = 40)]
fn hover_property(bencher: divan::Bencher) {
    let Some(root) = schema_dir() else { return };
    let path = root.join("Device/CIM_Battery.mof");
    let text = std::fs::read_to_string(&path).expect("schema file readable");
    assert_eq!(text.lines().nth(39), Some("   uint32 TimeOnBattery;"));
    let (mut client, _) = Client::start(&root, &[]);
    client.open(&path, &text);
    bencher.bench_local(|| {
        let hover = client.at("textDocument/hover", &path, 39, 12);
        assert!(
            hover["contents"]["value"]
                .as_str()
                .is_some_and(|v| v.contains("TimeOnBattery"))
        );
    });
    assert_eq!(client.stop(), 0);
}

/// A server with the schema folder as its workspace, compiled, and `file` of it open.
fn schema_with(file: &str) -> Option<(Client, PathBuf)> {
    let root = schema_dir()?;
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("schema file readable");
    let (mut client, _) = Client::start(&root, &[]);
    client.open(&path, &text);
    Some((client, path))
}

/// Go to definition from `CIM_Battery`'s superclass clause to `CIM_LogicalDevice`.
#[divan::bench(sample_count = 40)]
fn definition_superclass(bencher: divan::Bencher) {
    let Some((mut client, path)) = schema_with("Device/CIM_Battery.mof") else {
        return;
    };
    bencher.bench_local(|| {
        let found = client.at("textDocument/definition", &path, 8, 25);
        assert!(
            found["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("CIM_LogicalDevice.mof"))
        );
    });
    assert_eq!(client.stop(), 0);
}

/// Completion where a member's type goes in `CIM_Battery`: the data types and every class.
#[divan::bench(sample_count = 40)]
fn completion_type(bencher: divan::Bencher) {
    let Some((mut client, path)) = schema_with("Device/CIM_Battery.mof") else {
        return;
    };
    bencher.bench_local(|| {
        let found = client.at("textDocument/completion", &path, 39, 3);
        assert!(found.as_array().is_some_and(|items| items.len() > 1600));
    });
    assert_eq!(client.stop(), 0);
}

/// Rename of `CIM_ManagedElement` (its declaration, and the superclass clauses, references and
/// `EmbeddedInstance` strings that name it), from the request to the workspace edit.
#[divan::bench(sample_count = 20)]
fn rename_root_class(bencher: divan::Bencher) {
    let Some((mut client, path)) = schema_with("Core/CIM_ManagedElement.mof") else {
        return;
    };
    let params = json!({
        "textDocument": {"uri": uri(&path)},
        "position": {"line": 7, "character": 8},
        "newName": "CIM_ManagedThing",
    });
    bencher.bench_local(|| {
        let edit = client.request("textDocument/rename", params.clone());
        assert!(edit["changes"].as_object().is_some_and(|files| files.len() > 100));
    });
    assert_eq!(client.stop(), 0);
}

/// A fuzzy search of the schema's classes, properties, methods and qualifiers.
#[divan::bench(sample_count = 40)]
fn workspace_symbols(bencher: divan::Bencher) {
    let Some((mut client, _)) = schema_with("Core/CIM_ManagedElement.mof") else {
        return;
    };
    bencher.bench_local(|| {
        let found = client.request("workspace/symbol", json!({"query": "mgdelem"}));
        assert!(found[0]["name"].as_str().is_some_and(|n| n.contains("ManagedElement")));
    });
    assert_eq!(client.stop(), 0);
}

/// The line of the flat schema that the `flat_*` cases break and mend.
const GOOD: &str = "   uint32 TimeOnBattery;";
const BAD: &str = "   uint32 TimeOnBattery = \"x\";";

/// A server on an empty folder, and the flat schema (with its line to edit), to open as an
/// unsaved document of that folder.
fn flat() -> Option<(Client, PathBuf, String, u32)> {
    let text = client::flat_cim_schema()?;
    let line = text.lines().position(|l| l == GOOD).expect("the line to edit") as u32;
    let dir = std::env::temp_dir().join(format!("mofc-bench-flat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let (client, _) = Client::start(&dir, &[]);
    Some((client, dir.join("cim.mof"), text, line))
}

/// From `didOpen` of the flat schema, with one error, to its diagnostics: reading, parsing and
/// analysing 5.4 MB, and publishing. A fresh server each time (started outside the timing).
#[divan::bench(sample_count = 10)]
fn flat_open_to_first_diagnostics(bencher: divan::Bencher) {
    let Some((_, path, text, _)) = flat() else { return };
    let broken = text.replacen(GOOD, BAD, 1);
    bencher
        .with_inputs(|| flat().expect("the schema").0)
        .bench_local_values(|mut client| {
            client.open(&path, &broken);
            assert_eq!(client.diagnostics(&path).len(), 1);
            client
        });
}

/// The outline of the flat schema (1,701 symbols with their members), once it is compiled.
#[divan::bench(sample_count = 20)]
fn flat_document_symbols(bencher: divan::Bencher) {
    let Some((mut client, path, text, _)) = flat() else {
        return;
    };
    client.open(&path, &text);
    let params = json!({"textDocument": {"uri": uri(&path)}});
    bencher.bench_local(|| {
        let found = client.request("textDocument/documentSymbol", params.clone());
        assert_eq!(found.as_array().map(Vec::len), Some(1701));
    });
    assert_eq!(client.stop(), 0);
}

/// The semantic tokens of the flat schema (every token classified, 5.4 MB), once it is compiled:
/// what an editor asks for when the document is opened or edited.
#[divan::bench(sample_count = 20)]
fn flat_semantic_tokens(bencher: divan::Bencher) {
    let Some((mut client, path, text, _)) = flat() else {
        return;
    };
    client.open(&path, &text);
    let params = json!({"textDocument": {"uri": uri(&path)}});
    bencher.bench_local(|| {
        let found = client.request("textDocument/semanticTokens/full", params.clone());
        assert!(found["data"].as_array().is_some_and(|data| !data.is_empty()));
    });
    assert_eq!(client.stop(), 0);
}

/// A one-line edit to the flat schema, to the diagnostics it causes (the document's only file is
/// parsed and analysed again).
#[divan::bench(sample_count = 20)]
fn flat_edit(bencher: divan::Bencher) {
    let Some((client, path, text, line)) = flat() else {
        return;
    };
    break_and_mend(bencher, client, &path, &text, line, GOOD, BAD);
}
