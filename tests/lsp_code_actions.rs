//! Quick fixes over JSON-RPC: the code actions the real server offers for the diagnostics it
//! published, applied to the text as an editor applies them, clear their diagnostic.

#[path = "support/lsp_client.rs"]
mod client;

use std::path::{Path, PathBuf};

use client::{Client, codes_and_lines, uri};
use serde_json::{Value, json};

fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mofc-code-actions-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The code actions for `diagnostic`, asked for at its range with it as the context.
fn actions(client: &mut Client, path: &Path, diagnostic: &Value) -> Vec<Value> {
    let params = json!({
        "textDocument": {"uri": uri(path)},
        "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic]},
    });
    client
        .request("textDocument/codeAction", params)
        .as_array()
        .unwrap()
        .clone()
}

/// `text` with the edits of `action` for `path` made (positions in ASCII text: UTF-16 units are
/// bytes), from the last so that earlier offsets stay right.
fn apply(text: &str, action: &Value, path: &Path) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<(usize, usize, String)> = action["edit"]["changes"][uri(path)]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let range = &e["range"];
            (
                offset(&range["start"]),
                offset(&range["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort();
    let mut out = text.to_string();
    for (start, end, new) in edits.into_iter().rev() {
        out.replace_range(start..end, &new);
    }
    out
}

fn titles(actions: &[Value]) -> Vec<(String, Value)> {
    actions
        .iter()
        .map(|a| (a["title"].as_str().unwrap().to_string(), a["isPreferred"].clone()))
        .collect()
}

#[test]
fn a_quick_fix_applied_clears_its_diagnostic() {
    let dir = workspace("fix");
    let path = dir.join("a.mof");
    let text = "class T_A\n{\n    [Key] strng Id;\n};\n";
    std::fs::write(&path, text).unwrap();
    let (mut client, init) = Client::start(&dir, &[]);
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    client.open(&path, text);
    let found = client.diagnostics(&path);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0203");

    let offered = actions(&mut client, &path, &found[0]);
    // E02xx errors cannot be suppressed: no suppression action.
    assert_eq!(titles(&offered), [("Replace with `string`".to_string(), json!(true))]);
    assert_eq!(offered[0]["kind"], "quickfix");
    assert_eq!(offered[0]["diagnostics"][0]["code"], "E0203");
    let fixed = apply(text, &offered[0], &path);
    assert_eq!(fixed, "class T_A\n{\n    [Key] string Id;\n};\n");
    client.change(&path, 2, json!([{"text": fixed}]));
    assert_eq!(client.diagnostics(&path), Vec::<Value>::new());
    // Nothing left to fix there.
    let params = json!({
        "textDocument": {"uri": uri(&path)},
        "range": {"start": {"line": 2, "character": 10}, "end": {"line": 2, "character": 10}},
        "context": {"diagnostics": []},
    });
    assert_eq!(client.request("textDocument/codeAction", params), json!([]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_suppression_comment_applied_clears_its_diagnostic() {
    let dir = workspace("suppress");
    let path = dir.join("a.mof");
    let text = "class T_Base\n{\n    [Key] string Id;\n    string Name;\n};\n\nclass T_Sub : T_Base\n{\n    string Name;\n};\n";
    std::fs::write(&path, text).unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    client.open(&path, text);
    let found = client.diagnostics(&path);
    assert_eq!(found[0]["code"], "W0313");

    let offered = actions(&mut client, &path, &found[0]);
    assert_eq!(
        titles(&offered),
        [
            ("Add `Override(\"Name\")`".to_string(), json!(true)),
            ("Suppress W0313 on this line".to_string(), Value::Null),
        ]
    );
    let suppressed = apply(text, &offered[1], &path);
    assert!(
        suppressed.contains("    string Name; // mofc: ignore[W0313]\n"),
        "{suppressed}"
    );
    client.change(&path, 2, json!([{"text": suppressed}]));
    assert_eq!(client.diagnostics(&path), Vec::<Value>::new());
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_syntax_error_is_fixed_but_never_suppressed() {
    let dir = workspace("syntax");
    let path = dir.join("a.mof");
    let text = "class T_A\n{\n    [Key] string Id;\n    uint32 Size\n};\n";
    std::fs::write(&path, text).unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    client.open(&path, text);
    let found = client.diagnostics(&path);
    assert_eq!(found[0]["code"], "E0201");
    let offered = actions(&mut client, &path, &found[0]);
    assert_eq!(titles(&offered), [("Insert `;`".to_string(), json!(true))]);
    client.change(&path, 2, json!([{"text": apply(text, &offered[0], &path)}]));
    assert_eq!(client.diagnostics(&path), Vec::<Value>::new());

    // A client that asks only for refactorings gets no quick fix.
    client.change(&path, 3, json!([{"text": text}]));
    let found = client.diagnostics(&path);
    let params = json!({
        "textDocument": {"uri": uri(&path)},
        "range": found[0]["range"],
        "context": {"diagnostics": found, "only": ["refactor"]},
    });
    assert_eq!(client.request("textDocument/codeAction", params), json!([]));
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_guess_is_offered_but_not_preferred() {
    let dir = workspace("guess");
    let path = dir.join("a.mof");
    let text = "class T_Base\n{\n};\n\nclass T_Sub : T_Bse\n{\n};\n";
    std::fs::write(&path, text).unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    client.open(&path, text);
    let found = client.diagnostics(&path);
    assert_eq!(found[0]["code"], "E0301");
    // The cursor inside the name, with no diagnostics sent back: found from what was published.
    let params = json!({
        "textDocument": {"uri": uri(&path)},
        "range": {"start": {"line": 4, "character": 16}, "end": {"line": 4, "character": 16}},
        "context": {"diagnostics": []},
    });
    let offered = client.request("textDocument/codeAction", params);
    let offered = offered.as_array().unwrap();
    assert_eq!(
        titles(offered),
        [
            ("Replace with `T_Base`".to_string(), json!(false)),
            ("Suppress E0301 on this line".to_string(), Value::Null),
        ]
    );
    let fixed = apply(text, &offered[0], &path);
    client.change(&path, 2, json!([{"text": fixed}]));
    assert_eq!(client.diagnostics(&path), Vec::<Value>::new());
    assert_eq!(client.stop(), 0);
}

#[test]
fn the_include_of_a_file_declaring_a_missing_class_applied_clears_its_diagnostic() {
    let dir = workspace("include");
    let path = dir.join("a.mof");
    let text = "// Licence\n\nclass T_A : Foo_Bar\n{\n};\n";
    std::fs::write(&path, text).unwrap();
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(
        dir.join("lib/shared.mof"),
        "class Foo_Bar\n{\n    [Key] string Id;\n};\n",
    )
    .unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    client.open(&path, text);
    let found = client.diagnostics(&path);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0301");
    assert_eq!(
        found[0]["range"],
        json!({"start": {"line": 2, "character": 12}, "end": {"line": 2, "character": 19}})
    );

    let offered = actions(&mut client, &path, &found[0]);
    assert_eq!(
        titles(&offered),
        [
            // Unsafe: offered, not preferred.
            ("Include `lib/shared.mof`".to_string(), json!(false)),
            ("Suppress E0301 on this line".to_string(), Value::Null),
        ]
    );
    assert_eq!(
        offered[0]["edit"]["changes"][uri(&path)],
        json!([{
            "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
            "newText": "#pragma include (\"lib/shared.mof\")\n",
        }])
    );
    let fixed = apply(text, &offered[0], &path);
    assert_eq!(
        fixed,
        "// Licence\n#pragma include (\"lib/shared.mof\")\n\nclass T_A : Foo_Bar\n{\n};\n"
    );
    client.change(&path, 2, json!([{"text": fixed}]));
    assert_eq!(client.diagnostics(&path), Vec::<Value>::new());
    assert_eq!(client.stop(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_line_whose_string_holds_two_slashes_can_still_be_suppressed() {
    // `//` in a string is no comment: the suppression goes at the end of the line. On the next
    // line the comment that is one takes the code added to it.
    let dir = workspace("slashes");
    let path = dir.join("a.mof");
    let text = "class T_Base\n{\n    [Key] string Id;\n    string Name;\n    string Other;\n};\n\nclass T_Sub : T_Base\n{\n    [Description(\"see http://example.com\")] string Name;\n    string Other; // mofc: ignore[W0306]\n};\n";
    std::fs::write(&path, text).unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    client.open(&path, text);
    let found = client.diagnostics(&path);
    let codes = codes_and_lines(&found);
    assert_eq!(codes, [("W0313", 9), ("W0313", 10), ("W0401", 10)]);
    let mut fixed = text.to_string();
    for d in &found[..2] {
        let offered = actions(&mut client, &path, d);
        let suppress = offered
            .iter()
            .find(|a| a["title"] == "Suppress W0313 on this line")
            .unwrap();
        fixed = apply(&fixed, suppress, &path);
    }
    assert_eq!(
        fixed,
        text.replace(
            "example.com\")] string Name;\n",
            "example.com\")] string Name; // mofc: ignore[W0313]\n"
        )
        .replace("// mofc: ignore[W0306]", "// mofc: ignore[W0313, W0306]")
    );
    assert_eq!(client.stop(), 0);
}
