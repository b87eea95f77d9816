//! The language server end to end: the real binary, spoken to in JSON-RPC over its stdio, as an
//! editor would. Every wait has a timeout, so a server that hangs fails the test.

#[path = "support/lsp_client.rs"]
mod client;

use std::path::PathBuf;

use client::{Client, codes_and_lines, uri};
use serde_json::{Value, json};

/// A workspace of four files: `root.mof` includes a qualifier declaration, a base class and a
/// subclass, and declares two instances, one naming the other by alias.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mofc-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        (
            "root.mof",
            "#pragma include(\"quals.mof\")\n#pragma include(\"base.mof\")\n#pragma include(\"child.mof\")\n\n\
             instance of T_Child as $c\n{\n    Id = \"c\";\n    Extra = \"x\";\n};\n\n\
             instance of T_Base\n{\n    Id = \"b\";\n    Peer = $c;\n};\n",
        ),
        ("quals.mof", "qualifier Colour : string = null, scope(property);\n"),
        (
            "base.mof",
            "[Description(\"The base of everything\")]\nclass T_Base\n{\n    [Key] string Id;\n    string Name;\n    T_Base REF Peer;\n};\n",
        ),
        (
            "child.mof",
            "// Größe 𝄞\nclass T_Child : T_Base\n{\n    [Colour(\"blue\")] string Extra;\n    [EmbeddedInstance(\"T_Base\")] string Inside;\n};\n",
        ),
    ];
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

fn range(value: &Value) -> (u64, u64, u64, u64) {
    let n = |v: &Value| v.as_u64().unwrap();
    (
        n(&value["start"]["line"]),
        n(&value["start"]["character"]),
        n(&value["end"]["line"]),
        n(&value["end"]["character"]),
    )
}

/// A line with characters outside the BMP before the error: the columns differ by encoding.
const BROKEN_CHILD: &str =
    "// Größe 𝄞\nclass T_Child : T_Base { [Colour(\"blue\")] string Extra = \"é\" \"𝄞\" ; uint32 X = 1.5; };\n";

#[test]
fn diagnostics_follow_edits_in_utf16() {
    let dir = workspace("utf16");
    let (mut client, init) = Client::start(&dir, &[]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "mofc");
    let child = dir.join("child.mof");

    client.open(&child, BROKEN_CHILD);
    let found = client.diagnostics(&child);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0316");
    assert_eq!(found[0]["severity"], 1);
    assert_eq!(found[0]["source"], "mofc");
    assert_eq!(
        found[0]["message"],
        "the real number 1.5 where a uint32 is expected\nthe default of `X`"
    );
    // `𝄞` is two UTF-16 code units, `é` one.
    assert_eq!(range(&found[0]["range"]), (1, 79, 1, 82));
    let related = &found[0]["relatedInformation"][0];
    assert_eq!(related["message"], "declared here");
    assert_eq!(related["location"]["uri"], uri(&child));
    assert_eq!(range(&related["location"]["range"]), (1, 75, 1, 76));

    // Fix it with an incremental edit: `1.5` becomes `15`.
    client.change(
        &child,
        2,
        json!([{"range": {"start": {"line": 1, "character": 79}, "end": {"line": 1, "character": 82}}, "text": "15"}]),
    );
    assert_eq!(client.diagnostics(&child), Vec::<Value>::new());

    // An error caused in another file: the base class loses the property the instance sets.
    let base = dir.join("base.mof");
    let text = std::fs::read_to_string(&base).unwrap();
    client.open(&base, &text);
    client.change(&base, 2, json!([{"text": text.replace("string Name;", "")}]));
    client.change(
        &base,
        3,
        json!([{"text": text.replace("[Key] string Id;", "[Key] string Ident;")}]),
    );
    let root = dir.join("root.mof");
    let found = client.diagnostics(&root);
    let codes = codes_and_lines(&found);
    assert_eq!(codes, [("E0318", 4), ("E0317", 6), ("E0318", 10), ("E0317", 12)]);
    client.change(&base, 4, json!([{"text": text}]));
    assert_eq!(client.diagnostics(&root), Vec::<Value>::new());

    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = workspace("utf8");
    let (mut client, init) = Client::start(&dir, &["utf-8", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let child = dir.join("child.mof");
    client.open(&child, BROKEN_CHILD);
    let found = client.diagnostics(&child);
    assert_eq!(found[0]["code"], "E0316");
    // Columns in bytes: `é` is two, `𝄞` four.
    assert_eq!(range(&found[0]["range"]), (1, 82, 1, 85));
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn navigation_across_files() {
    let dir = workspace("navigation");
    let (mut client, _) = Client::start(&dir, &[]);
    let (root, child, base) = (dir.join("root.mof"), dir.join("child.mof"), dir.join("base.mof"));
    let child_text = std::fs::read_to_string(&child).unwrap();
    client.open(&child, &child_text);
    client.open(&root, &std::fs::read_to_string(&root).unwrap());

    // Hover on the superclass: its declaration, description and where it is declared.
    let hover = client.at("textDocument/hover", &child, 1, 18);
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert_eq!(
        hover["contents"]["value"],
        format!(
            "```mof\nclass T_Base\n```\n\nThe base of everything\n\ndeclared in `{}`\n",
            base.display()
        )
    );
    // Hover on the subclass lists what it inherits, and from where.
    let hover = client.at("textDocument/hover", &child, 1, 8);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.ends_with("inherited from `T_Base`: `Id`, `Name`, `Peer`\n"),
        "{text}"
    );
    assert!(
        text.contains("\nThe base of everything\n\n(description from `T_Base`)\n"),
        "{text}"
    );

    // Definitions in other files: superclass, qualifier declaration.
    let found = client.at("textDocument/definition", &child, 1, 18);
    assert_eq!(found["uri"], uri(&base));
    assert_eq!(range(&found["range"]), (1, 6, 1, 12));
    let found = client.at("textDocument/definition", &child, 3, 7);
    assert_eq!(found["uri"], uri(&dir.join("quals.mof")));
    assert_eq!(range(&found["range"]), (0, 10, 0, 16));
    // A reference class, and the class of an embedded instance.
    let found = client.at("textDocument/definition", &base, 5, 6);
    assert_eq!(found["uri"], uri(&base));
    assert_eq!(range(&found["range"]), (1, 6, 1, 12));
    let found = client.at("textDocument/definition", &child, 4, 25);
    assert_eq!(found["uri"], uri(&base));
    assert_eq!(range(&found["range"]), (1, 6, 1, 12));
    // A qualifier: its declaration, and where it is.
    let hover = client.at("textDocument/hover", &child, 3, 7);
    assert_eq!(
        hover["contents"]["value"],
        format!(
            "```mof\nQualifier Colour : string = null, Scope(property);\n```\ndeclared in `{}`\n",
            dir.join("quals.mof").display()
        )
    );
    // A property: its type, class, description and qualifiers.
    let hover = client.at("textDocument/hover", &base, 3, 18);
    assert_eq!(
        hover["contents"]["value"],
        format!(
            "```mof\nstring Id\n```\nproperty of `T_Base`\n\nqualifiers: `Key`\n\ndeclared in `{}`\n",
            base.display()
        )
    );
    // An alias, and an included file.
    let found = client.at("textDocument/definition", &root, 13, 12);
    assert_eq!(found["uri"], uri(&root));
    assert_eq!(range(&found["range"]), (4, 23, 4, 25));
    let found = client.at("textDocument/definition", &root, 1, 20);
    assert_eq!(found["uri"], uri(&base));
    assert_eq!(range(&found["range"]), (0, 0, 0, 0));
    // A property set in an instance leads to its declaration in the class that declares it.
    let found = client.at("textDocument/definition", &root, 6, 5);
    assert_eq!(found["uri"], uri(&base));
    assert_eq!(range(&found["range"]), (3, 17, 3, 19));

    // References to the base class, declaration included, in every file.
    let found = client.at("textDocument/references", &base, 1, 8);
    let mut places: Vec<(String, (u64, u64, u64, u64))> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let file = l["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            (file, range(&l["range"]))
        })
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            ("base.mof".to_string(), (1, 6, 1, 12)),
            ("base.mof".to_string(), (5, 4, 5, 10)),
            ("child.mof".to_string(), (1, 16, 1, 22)),
            ("child.mof".to_string(), (4, 23, 4, 29)),
            ("root.mof".to_string(), (10, 12, 10, 18)),
        ]
    );

    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_in_each_context() {
    let dir = workspace("completion");
    let (mut client, _) = Client::start(&dir, &[]);
    let child = dir.join("child.mof");
    let text =
        "#pragma \nclass T_Child : T\n{\n    [Colour, ];\n    T_Base REF Other;\n};\ninstance of T_Base\n{\n    \n};\n";
    client.open(&child, text);

    let pragmas = labels(&client.at("textDocument/completion", &child, 0, 8));
    assert_eq!(pragmas[..3], ["include", "namespace", "locale"]);
    let superclasses = labels(&client.at("textDocument/completion", &child, 1, 17));
    assert!(superclasses.contains(&"T_Base".to_string()), "{superclasses:?}");
    // Built-in classes too, but no data types.
    assert!(superclasses.contains(&"__Win32Provider".to_string()));
    assert!(!superclasses.contains(&"uint32".to_string()));
    let qualifiers = labels(&client.at("textDocument/completion", &child, 3, 13));
    assert!(qualifiers.contains(&"Colour".to_string()));
    assert!(qualifiers.contains(&"Description".to_string()));
    let types = labels(&client.at("textDocument/completion", &child, 4, 4));
    assert!(types.contains(&"uint32".to_string()));
    assert!(types.contains(&"T_Base".to_string()));
    let properties = labels(&client.at("textDocument/completion", &child, 8, 4));
    assert_eq!(properties, ["Id", "Name", "Peer"]);

    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn document_symbols_outline_the_file() {
    let dir = workspace("symbols");
    let (mut client, _) = Client::start(&dir, &[]);
    let base = dir.join("base.mof");
    client.open(&base, &std::fs::read_to_string(&base).unwrap());
    let found = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&base)}}),
    );
    let class = &found[0];
    assert_eq!(class["name"], "T_Base");
    assert_eq!(class["kind"], 5);
    assert_eq!(range(&class["selectionRange"]), (1, 6, 1, 12));
    let children: Vec<(&str, &str)> = class["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(children, [("Id", "string"), ("Name", "string"), ("Peer", "T_Base ref")]);
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_outside_every_compilation_compiles_on_its_own_and_is_cleared_on_close() {
    let dir = workspace("standalone");
    let (mut client, _) = Client::start(&dir, &[]);
    let lone = dir.join("sub/lone.mof");
    client.open(&lone, "class Lone : Missing { };\n");
    let found = client.diagnostics(&lone);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "E0301");
    assert_eq!(range(&found[0]["range"]), (0, 13, 0, 20));
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(&lone)}}));
    assert_eq!(client.diagnostics(&lone), Vec::<Value>::new());
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = workspace("exit");
    let (mut client, _) = Client::start(&dir, &[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.status(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_closed_input_ends_the_server() {
    let dir = workspace("closed");
    let (client, _) = Client::start(&dir, &[]);
    assert_eq!(client.status(), 1);
    // Before `initialize` too.
    assert_eq!(Client::spawn().status(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Each frame that cannot be used is answered with its JSON-RPC error (id null where the
/// message has no usable id), and the request after it is answered as if it had not come.
#[test]
fn malformed_frames_are_answered_and_the_server_goes_on() {
    let dir = workspace("malformed");
    let (mut client, _) = Client::start(&dir, &[]);
    let base = dir.join("base.mof");
    client.open(&base, &std::fs::read_to_string(&base).unwrap());
    let cases: [(Vec<u8>, i64, Value); 9] = [
        (frame("{not json"), -32700, Value::Null),
        (frame(r#"{"jsonrpc":"2.0","id":"x","params":{}}"#), -32600, json!("x")),
        (
            frame(r#"[{"jsonrpc":"2.0","id":90,"method":"shutdown"}]"#),
            -32600,
            Value::Null,
        ),
        (
            frame(r#"{"jsonrpc":"2.0","id":91,"method":["hover"]}"#),
            -32600,
            json!(91),
        ),
        (frame(r#"{"jsonrpc":"2.0","method":7}"#), -32600, Value::Null),
        (
            b"Content-Length: 18446744073709551615\r\n\r\n{}".to_vec(),
            -32600,
            Value::Null,
        ),
        (b"Content-Length: 99999999999\r\n\r\n".to_vec(), -32600, Value::Null),
        (b"Content-Length: -1\r\n\r\n{}".to_vec(), -32700, Value::Null),
        (b"no header at all\r\n\r\n".to_vec(), -32700, Value::Null),
    ];
    for (bad, code, id) in cases {
        let shown = String::from_utf8_lossy(&bad).into_owned();
        client.send_raw(&bad);
        let error = client.wait_for(|m| m.get("error").is_some());
        assert_eq!(error["error"]["code"], code, "{shown}");
        assert_eq!(error["id"], id, "{shown}");
        let found = client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(&base)}}),
        );
        assert_eq!(found[0]["name"], "T_Base", "{shown}");
    }
    let error = {
        client.send_raw(b"Content-Length: 99999999999\r\n\r\n");
        client.wait_for(|m| m.get("error").is_some())
    };
    assert_eq!(
        error["error"]["message"],
        "a message of 99999999999 bytes is larger than the 64 MiB mofc reads; it was skipped"
    );
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_lifecycle_is_the_protocols() {
    let dir = workspace("lifecycle");
    let mut client = Client::spawn();
    // A request before `initialize` is refused; the server goes on.
    let early = client.answer(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&dir)}}),
    );
    assert_eq!(early["error"]["code"], -32002);
    // So is an `initialize` whose parameters are not the protocol's; a good one is still awaited.
    let wrong = client.answer("initialize", json!({"capabilities": 5}));
    assert_eq!(wrong["error"]["code"], -32602);
    client.initialize(&dir, &[]);
    // `didOpen` before `initialized` is handled.
    let child = dir.join("child.mof");
    client.open(&child, BROKEN_CHILD);
    client.notify("initialized", json!({}));
    assert_eq!(client.diagnostics(&child)[0]["code"], "E0316");
    let again = client.answer("initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600);
    // After `shutdown`, requests are refused and notifications ignored until `exit`.
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    let late = client.answer(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&child)}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(late["error"]["code"], -32600);
    assert_eq!(
        late["error"]["message"],
        "`textDocument/hover` refused: the server is shut down"
    );
    client.change(&child, 2, json!([{"text": ""}]));
    assert_eq!(client.answer("shutdown", Value::Null)["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.status(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_workspace_mofc_toml_sets_what_is_published() {
    let dir = workspace("config");
    std::fs::write(dir.join("mofc.toml"), "[lint.severity]\nE0316 = \"warning\"\n").unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    let child = dir.join("child.mof");
    client.open(&child, BROKEN_CHILD);
    let found = client.diagnostics(&child);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "E0316");
    assert_eq!(found[0]["severity"], 2);
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn formatting_lays_the_buffer_out_as_mofc_fmt_does() {
    let dir = workspace("formatting");
    let (mut client, init) = Client::start(&dir, &[]);
    assert_eq!(init["capabilities"]["documentFormattingProvider"], true);
    let child = dir.join("child.mof");
    // Unsaved text, laid out badly, with a non-ASCII comment before the end.
    let text = "class T_Child:T_Base{[Colour(\"blue\")]string Extra;}; // é𝄞";
    client.open(&child, text);
    let params = json!({"textDocument": {"uri": uri(&child)}, "options": {"tabSize": 4, "insertSpaces": true}});
    let edits = client.request("textDocument/formatting", params.clone());
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    // The whole document, its end in UTF-16 code units.
    assert_eq!(range(&edits[0]["range"]), (0, 0, 0, 59));
    let formatted = edits[0]["newText"].as_str().unwrap().to_string();
    assert_eq!(
        formatted,
        "class T_Child : T_Base {\n    [Colour(\"blue\")] string Extra;\n}; // é𝄞\n"
    );
    // Formatted text is left as it is.
    client.change(&child, 2, json!([{"text": formatted}]));
    assert_eq!(client.request("textDocument/formatting", params), json!([]));
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_schema_of_mofc_toml_lends_its_classes_as_in_mofc_check() {
    let dir = workspace("schema");
    let schema = dir.with_extension("schema");
    std::fs::create_dir_all(&schema).unwrap();
    std::fs::write(schema.join("all.mof"), "class Schema_Base { [Key] string Id; };\n").unwrap();
    let toml = format!(
        "schema = [\"../{}/all.mof\"]\n",
        schema.file_name().unwrap().to_str().unwrap()
    );
    std::fs::write(dir.join("mofc.toml"), toml).unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    let lone = dir.join("sub/lone.mof");
    client.open(&lone, "class Lone : Schema_Base { };\nclass Other : Not_There { };\n");
    let found = client.diagnostics(&lone);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0301");
    assert_eq!(range(&found[0]["range"]), (1, 14, 1, 23));
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(schema).unwrap();
}

/// Lines end at `\r\n`, `\n` or a lone `\r`, and no range reaches past its line's end.
#[test]
fn ranges_count_every_line_break_the_protocol_knows() {
    let dir = workspace("line-breaks");
    let (mut client, _) = Client::start(&dir, &[]);
    let lone = dir.join("lone-cr.mof");
    client.open(&lone, "class A {\r  uint32 X = 1.5;\r};\r");
    let found = client.diagnostics(&lone);
    assert_eq!(found[0]["code"], "E0316");
    assert_eq!(range(&found[0]["range"]), (1, 13, 1, 16));
    assert_eq!(
        range(&found[0]["relatedInformation"][0]["location"]["range"]),
        (1, 9, 1, 10)
    );
    let crlf = dir.join("crlf.mof");
    client.open(&crlf, "class A {\r\n  string S = \"abc\r\n};\r\n");
    let found = client.diagnostics(&crlf);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "E0102");
    assert_eq!(range(&found[0]["range"]), (1, 13, 1, 14));
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The CIM Schema as one 5.4 MB document: opened with an error, outlined, mended, then edited
/// to misspell every `Description` qualifier (10,802 changes in one `didChange`; 10,801
/// diagnostics, and as many references). Not timed (benches/lsp.rs
/// is), but at this size anything quadratic in the document (a position found by walking the
/// text from its start, say) runs into the test runner's one-minute guard.
#[test]
fn a_whole_schema_in_one_document() {
    let Some(text) = client::flat_cim_schema() else {
        eprintln!("skipped: the corpus is absent");
        return;
    };
    let dir = std::env::temp_dir().join(format!("mofc-lsp-flat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    let path = dir.join("cim.mof");
    let good = "   uint32 TimeOnBattery;";
    let line = text.lines().position(|l| l == good).unwrap() as u64;
    client.open(&path, &text.replacen(good, "   uint32 TimeOnBattery = \"x\";", 1));
    let found = client.diagnostics(&path);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "E0316");
    assert_eq!(range(&found[0]["range"]), (line, 26, line, 29));

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&path)}}),
    );
    let symbols = symbols.as_array().unwrap();
    let classes = symbols.iter().filter(|s| s["kind"] == 5).count();
    assert_eq!(classes, text.lines().filter(|l| l.starts_with("class ")).count());
    let battery = symbols.iter().find(|s| s["name"] == "CIM_Battery").unwrap();
    let declared = text.lines().position(|l| l.starts_with("class CIM_Battery ")).unwrap() as u64;
    assert_eq!(range(&battery["selectionRange"]), (declared, 6, declared, 17));

    let mend = json!([{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 99}}, "text": good}]);
    client.change(&path, 2, mend);
    assert_eq!(client.diagnostics(&path), Vec::<Value>::new());

    // As an editor's "replace all" sends it: one change per place, from the end of the text.
    let misspelt = text.replace("Description (", "Descriptio (");
    let mut places: Vec<Value> = text
        .lines()
        .enumerate()
        .flat_map(|(line, on)| on.match_indices("Description (").map(move |(column, _)| (line, column)))
        .map(|(line, column)| {
            let range =
                json!({"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 11}});
            json!({"range": range, "text": "Descriptio"})
        })
        .collect();
    places.reverse();
    client.change(&path, 3, Value::Array(places));
    let found = client.diagnostics(&path);
    assert_eq!(found.len(), 10_801);
    let lines: Vec<&str> = misspelt.lines().collect();
    for d in &found {
        assert_eq!(d["code"], "E0304");
        let (start_line, start, end_line, end) = range(&d["range"]);
        assert_eq!(start_line, end_line);
        let on = lines[start_line as usize];
        assert_eq!(&on[start as usize..end as usize], "Descriptio", "{d}");
    }
    // Every use of the misspelt qualifier, each place found in the one document.
    let (line, character) = (range(&found[0]["range"]).0, range(&found[0]["range"]).1);
    let uses = client.at("textDocument/references", &path, line as u32, character as u32);
    let uses = uses.as_array().unwrap();
    assert_eq!(uses.len(), 10_801);
    assert!(uses.iter().any(|u| u["range"] == found[0]["range"]));
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

/// As `mofc check` (tests/dependencies.rs, `a_class_in_a_broken_file_is_one_error_where_it_is_used`):
/// a file read only to find a class shows its problems as one error where the class is used,
/// until it is opened, when it shows them itself, as `mofc check FILE` would.
#[test]
fn the_problems_of_a_file_read_to_find_a_class_are_folded_where_it_is_used() {
    let dir = std::env::temp_dir().join(format!("mofc-lsp-fold-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (app, schema) = (dir.join("app"), dir.join("schema"));
    std::fs::create_dir_all(&app).unwrap();
    std::fs::create_dir_all(&schema).unwrap();
    std::fs::write(app.join("mofc.toml"), "include-dirs = [\"../schema\"]\n").unwrap();
    std::fs::write(app.join("my.mof"), "class My_Computer : CIM_ComputerSystem { };\n").unwrap();
    let broken = "class CIM_ComputerSystem : CIM_Gone { };\nclass Unused { };\n";
    let dependency = schema.join("CIM_ComputerSystem.mof");
    std::fs::write(&dependency, broken).unwrap();
    let (mut client, _) = Client::start(&app, &[]);
    let my = app.join("my.mof");
    client.open(&my, "class My_Computer : CIM_ComputerSystem { };\n");
    let found = client.diagnostics(&my);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0006");
    assert_eq!(found[0]["severity"], 1);
    assert_eq!(range(&found[0]["range"]), (0, 20, 0, 38));
    let name = found[0]["message"]
        .as_str()
        .unwrap()
        .split('`')
        .nth(1)
        .unwrap()
        .to_string();
    assert!(name.ends_with("schema/CIM_ComputerSystem.mof"), "{name}");
    assert_eq!(
        found[0]["message"],
        format!(
            "1 error in `{name}`, read to find `CIM_ComputerSystem`\n`CIM_ComputerSystem` is used here\n\
             help: check it directly: `mofc check {name}`"
        )
    );
    // Opened, the dependency shows its own problem, and the use is clean.
    client.open(&dependency, broken);
    let own = client.diagnostics(&dependency);
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["code"], "E0301");
    assert_eq!(range(&own[0]["range"]), (0, 27, 0, 35));
    assert_eq!(client.diagnostics(&my), Vec::<Value>::new());
    // It is answered from its own compilation, which has the class `my.mof` does not need.
    let hover = client.at("textDocument/hover", &dependency, 1, 8);
    assert!(hover["contents"].to_string().contains("Unused"), "{hover}");
    // Closed, it is folded again.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&dependency)}}),
    );
    assert_eq!(client.diagnostics(&dependency), Vec::<Value>::new());
    let found = client.diagnostics(&my);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0006");
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A file of the workspace folder that another reads to find a class is checked as a file of
/// the folder, as `mofc check DIR` checks it: its problems are shown in it, not where it is used.
/// So is a file that a file of the folder includes (here found among the declarations of the
/// folder's files).
#[test]
fn a_dependency_in_the_workspace_shows_its_own_problems() {
    let dir = std::env::temp_dir().join(format!("mofc-lsp-subject-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        ("a.mof", "class A : Linux_B { };\n"),
        ("Linux_B.mof", "class Linux_B : Gone { };\n"),
        ("root.mof", "#pragma include(\"schema.mof\")\n"),
        ("schema.mof", "class Shared : Gone { };\n"),
        ("other.mof", "class Other : Shared { };\n"),
    ];
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    let (mut client, _) = Client::start(&dir, &[]);
    let a = dir.join("a.mof");
    client.open(&a, "class A : Linux_B { };\n");
    for (file, at) in [("Linux_B.mof", (0, 16, 0, 20)), ("schema.mof", (0, 15, 0, 19))] {
        let own = client.diagnostics(&dir.join(file));
        assert_eq!(own.len(), 1, "{own:?}");
        assert_eq!(own[0]["code"], "E0301");
        assert_eq!(range(&own[0]["range"]), at);
    }
    // The files that use them are clean: asked for something, the server has published
    // everything before.
    client.at("textDocument/hover", &a, 0, 7);
    let published = |path: PathBuf| {
        client
            .pending
            .iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri(&path))
            .count()
    };
    assert_eq!((published(a.clone()), published(dir.join("other.mof"))), (0, 0));
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A folder's compilations leave out what `exclude` in its `mofc.toml` names, as `mofc check DIR`
/// does: the excluded copy's error is never published, the kept one's is.
#[test]
fn the_exclude_of_mofc_toml_leaves_files_out_as_mofc_check_does() {
    let dir = std::env::temp_dir().join(format!("mofc-lsp-exclude-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["kept", "old"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join("broken.mof"), "class Broken : Missing { };\n").unwrap();
    }
    std::fs::write(dir.join("mofc.toml"), "exclude = [\"old\"]\n").unwrap();
    let (mut client, _) = Client::start(&dir, &[]);
    let kept = dir.join("kept/broken.mof");
    let found = client.diagnostics(&kept);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0301");
    assert_eq!(range(&found[0]["range"]), (0, 15, 0, 22));
    // Everything the first compilation publishes comes before this answer.
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&kept)}}),
    );
    let old = json!(uri(&dir.join("old/broken.mof")));
    assert!(
        !client.pending.iter().any(|m| m["params"]["uri"] == old),
        "{:?}",
        client.pending
    );
    assert_eq!(client.stop(), 0);
    std::fs::remove_dir_all(dir).unwrap();
}
