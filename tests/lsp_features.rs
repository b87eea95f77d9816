//! The language server's document features end to end, over JSON-RPC with the real binary:
//! semantic tokens (full, range, delta), folding ranges, selection ranges, document highlight,
//! document links and inlay hints.

#[path = "support/lsp_client.rs"]
mod client;
mod support;

use std::path::{Path, PathBuf};

use client::{Client, uri};
use serde_json::{Value, json};

/// The document most tests open. `base.mof` declares the abstract class it derives from.
const MAIN: &str = r#"#pragma namespace("root/test")
#pragma include("base.mof")
// one
// two
qualifier Colour : string = null, scope(property);

/* a comment
   over 𝄞 lines */
[Description(
    "A thing "
    "described at length")]
class T_Thing : T_Base
{
    [Read, Deprecated {"T_Other.Size"}] uint32 Size = 3;
    [Static] string Make([In] string Name);
    string Label;
};

instance of T_Thing as $t
{
    Id = "é𝄞";
    Size = 4;
};

instance of T_Thing
{
    Id = "x";
    Peer = $t;
};
"#;

const BASE: &str =
    "[Abstract]\nclass T_Base\n{\n    [Key] string Id;\n    string Label = \"none\";\n    T_Base REF Peer;\n};\n";

/// A workspace of `main.mof` and `base.mof`, by its canonical path (as the server names files).
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = support::tree(&[("main.mof", MAIN), ("base.mof", BASE)]);
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

/// A server on the workspace with `main.mof` open; its `initialize` result.
fn start(root: &Path, encodings: &[&str]) -> (Client, Value, PathBuf) {
    let (mut client, init) = Client::start(root, encodings);
    let main = root.join("main.mof");
    client.open(&main, MAIN);
    (client, init, main)
}

fn document(path: &Path) -> Value {
    json!({"textDocument": {"uri": uri(path)}})
}

/// A token decoded: line, start, length (in the negotiated units), type, modifiers.
type Token = (u32, u32, u32, String, Vec<String>);

/// The tokens of a `data` array, positioned absolutely and named with the server's legend.
fn decode(data: &Value, init: &Value) -> Vec<Token> {
    let legend = &init["capabilities"]["semanticTokensProvider"]["legend"];
    let name = |list: &str, i: u64| legend[list][i as usize].as_str().unwrap().to_string();
    let numbers: Vec<u64> = data.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect();
    let (mut line, mut start) = (0, 0);
    numbers
        .chunks(5)
        .map(|t| {
            if t[0] > 0 {
                start = 0;
            }
            line += t[0] as u32;
            start += t[1] as u32;
            let modifiers = (0..5)
                .filter(|bit| t[4] & (1 << bit) != 0)
                .map(|bit| name("tokenModifiers", bit))
                .collect();
            (line, start, t[2] as u32, name("tokenTypes", t[3]), modifiers)
        })
        .collect()
}

fn token(line: u32, start: u32, length: u32, kind: &str, modifiers: &[&str]) -> Token {
    let modifiers = modifiers.iter().map(|m| m.to_string()).collect();
    (line, start, length, kind.to_string(), modifiers)
}

/// What `MAIN` shows, token by token, in UTF-16 units.
fn main_tokens() -> Vec<Token> {
    vec![
        token(0, 0, 7, "macro", &[]),
        token(0, 8, 9, "macro", &[]),
        token(0, 18, 11, "string", &[]),
        token(1, 0, 7, "macro", &[]),
        token(1, 8, 7, "macro", &[]),
        token(1, 16, 10, "string", &[]),
        token(2, 0, 6, "comment", &[]),
        token(3, 0, 6, "comment", &[]),
        token(4, 0, 9, "keyword", &[]),
        token(4, 10, 6, "decorator", &["declaration"]),
        token(4, 19, 6, "type", &[]),
        token(4, 28, 4, "keyword", &[]),
        token(4, 34, 5, "keyword", &[]),
        token(4, 40, 8, "keyword", &[]),
        // A block comment over two lines is one token per line; `𝄞` is two UTF-16 units.
        token(6, 0, 12, "comment", &[]),
        token(7, 0, 19, "comment", &[]),
        token(8, 1, 11, "decorator", &[]),
        token(9, 4, 10, "string", &[]),
        token(10, 4, 21, "string", &[]),
        token(11, 0, 5, "keyword", &[]),
        token(11, 6, 7, "class", &["declaration"]),
        token(11, 16, 6, "class", &["abstract"]),
        token(13, 5, 4, "decorator", &[]),
        token(13, 11, 10, "decorator", &[]),
        token(13, 23, 14, "string", &[]),
        token(13, 40, 6, "type", &[]),
        token(13, 47, 4, "property", &["declaration", "readonly", "deprecated"]),
        token(13, 54, 1, "number", &[]),
        token(14, 5, 6, "decorator", &[]),
        token(14, 13, 6, "type", &[]),
        token(14, 20, 4, "method", &["declaration", "static"]),
        token(14, 26, 2, "decorator", &[]),
        token(14, 30, 6, "type", &[]),
        token(14, 37, 4, "parameter", &["declaration"]),
        token(15, 4, 6, "type", &[]),
        token(15, 11, 5, "property", &["declaration"]),
        token(18, 0, 8, "keyword", &[]),
        token(18, 9, 2, "keyword", &[]),
        token(18, 12, 7, "class", &[]),
        token(18, 20, 2, "keyword", &[]),
        token(18, 23, 2, "variable", &["declaration"]),
        token(20, 4, 2, "property", &[]),
        token(20, 9, 5, "string", &[]),
        // Set in an instance, the property keeps the modifiers of its declaration.
        token(21, 4, 4, "property", &["readonly", "deprecated"]),
        token(21, 11, 1, "number", &[]),
        token(24, 0, 8, "keyword", &[]),
        token(24, 9, 2, "keyword", &[]),
        token(24, 12, 7, "class", &[]),
        token(26, 4, 2, "property", &[]),
        token(26, 9, 3, "string", &[]),
        token(27, 4, 4, "property", &[]),
        token(27, 11, 2, "variable", &[]),
    ]
}

#[test]
fn semantic_tokens_classify_every_token_of_the_document() {
    let (_dir, root) = workspace();
    let (mut client, init, main) = start(&root, &[]);
    let provider = &init["capabilities"]["semanticTokensProvider"];
    assert_eq!(provider["range"], true);
    assert_eq!(provider["full"], json!({"delta": true}));
    let full = client.request("textDocument/semanticTokens/full", document(&main));
    assert!(full["resultId"].is_string());
    assert_eq!(decode(&full["data"], &init), main_tokens());

    // A range gets the tokens of its lines.
    let mut params = document(&main);
    params["range"] = json!({"start": {"line": 13, "character": 0}, "end": {"line": 16, "character": 0}});
    let ranged = client.request("textDocument/semanticTokens/range", params);
    let expected: Vec<Token> = main_tokens().into_iter().filter(|t| (13..16).contains(&t.0)).collect();
    assert_eq!(decode(&ranged["data"], &init), expected);
    assert_eq!(client.stop(), 0);
}

#[test]
fn semantic_tokens_count_bytes_when_the_client_takes_utf8() {
    let (_dir, root) = workspace();
    let (mut client, init, main) = start(&root, &["utf-8"]);
    let full = client.request("textDocument/semanticTokens/full", document(&main));
    let tokens = decode(&full["data"], &init);
    // `𝄞` is four bytes, `é` two.
    assert!(tokens.contains(&token(7, 0, 21, "comment", &[])));
    assert!(tokens.contains(&token(20, 9, 8, "string", &[])));
    assert_eq!(tokens.len(), main_tokens().len());
    assert_eq!(client.stop(), 0);
}

/// Keywords used as names are names; a string over a CRLF line break is a token per line; a
/// C preprocessor line is a pragma.
#[test]
fn semantic_tokens_of_names_that_are_keywords_and_strings_over_lines() {
    let text = "#define SIZE 4\r\nclass T_Odd\r\n{\r\n    string Scope = \"two\r\nlines\";\r\n    [Key] uint32 Class;\r\n};\r\n";
    let dir = support::tree(&[]);
    let root = dir.path().canonicalize().unwrap();
    let (mut client, init) = Client::start(&root, &[]);
    let path = root.join("odd.mof");
    client.open(&path, text);
    let full = client.request("textDocument/semanticTokens/full", document(&path));
    assert_eq!(
        decode(&full["data"], &init),
        vec![
            token(0, 0, 14, "macro", &[]),
            token(1, 0, 5, "keyword", &[]),
            token(1, 6, 5, "class", &["declaration"]),
            token(3, 4, 6, "type", &[]),
            token(3, 11, 5, "property", &["declaration"]),
            token(3, 19, 4, "string", &[]),
            token(4, 0, 6, "string", &[]),
            token(5, 5, 3, "decorator", &[]),
            token(5, 10, 6, "type", &[]),
            token(5, 17, 5, "property", &["declaration"]),
        ]
    );
    assert_eq!(client.stop(), 0);
}

/// The integers of a `data` array.
fn numbers(data: &Value) -> Vec<u64> {
    data.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect()
}

#[test]
fn semantic_token_deltas_apply_to_what_was_sent_before() {
    let (_dir, root) = workspace();
    let (mut client, init, main) = start(&root, &[]);
    let first = client.request("textDocument/semanticTokens/full", document(&main));
    // `Label` becomes `Labels`: one token is one unit longer.
    let at = json!({"start": {"line": 15, "character": 16}, "end": {"line": 15, "character": 16}});
    client.change(&main, 2, json!([{"range": at, "text": "s"}]));
    let mut params = document(&main);
    params["previousResultId"] = first["resultId"].clone();
    let delta = client.request("textDocument/semanticTokens/full/delta", params.clone());
    assert_ne!(delta["resultId"], first["resultId"]);
    let label = main_tokens().iter().position(|t| t.0 == 15 && t.1 == 11).unwrap() as u64;
    let edits = delta["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{delta}");
    assert_eq!(edits[0]["start"], 5 * label);
    assert_eq!(edits[0]["deleteCount"], 5);
    // Applied to the first tokens, the edit gives what a full request gives now.
    let mut data = numbers(&first["data"]);
    let start = edits[0]["start"].as_u64().unwrap() as usize;
    let deleted = edits[0]["deleteCount"].as_u64().unwrap() as usize;
    data.splice(start..start + deleted, numbers(&edits[0]["data"]));
    let now = client.request("textDocument/semanticTokens/full", document(&main));
    assert_eq!(data, numbers(&now["data"]));
    let mut expected = main_tokens();
    expected[label as usize].2 = 6;
    assert_eq!(decode(&now["data"], &init), expected);

    // Nothing changed since the last result: no edits.
    params["previousResultId"] = now["resultId"].clone();
    let unchanged = client.request("textDocument/semanticTokens/full/delta", params.clone());
    assert_eq!(unchanged["edits"], json!([]));
    // A result the server no longer has: every token.
    params["previousResultId"] = json!("no such result");
    let whole = client.request("textDocument/semanticTokens/full/delta", params);
    assert_eq!(numbers(&whole["data"]), numbers(&now["data"]));
    assert_eq!(client.stop(), 0);
}

/// The CIM Schema as one 5.4 MB document: every class declaration is a class token with the
/// `declaration` modifier, `CIM_ManagedElement` is abstract, and every token lies inside its
/// line (positions found over the whole text are right to its end).
#[test]
fn semantic_tokens_of_a_whole_schema() {
    let Some(text) = client::flat_cim_schema() else {
        eprintln!("skipped: the corpus is absent");
        return;
    };
    let dir = support::tree(&[]);
    let root = dir.path().canonicalize().unwrap();
    let (mut client, init) = Client::start(&root, &[]);
    let path = root.join("cim.mof");
    client.open(&path, &text);
    let full = client.request("textDocument/semanticTokens/full", document(&path));
    let tokens = decode(&full["data"], &init);
    let declared: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.3 == "class" && t.4.contains(&"declaration".to_string()))
        .collect();
    assert_eq!(declared.len(), text.lines().filter(|l| l.starts_with("class ")).count());
    let lines: Vec<&str> = text.lines().collect();
    let root_class = lines
        .iter()
        .position(|l| l.starts_with("class CIM_ManagedElement "))
        .unwrap() as u32;
    assert!(declared.contains(&&token(root_class, 6, 18, "class", &["declaration", "abstract"])));
    for (line, start, length, ..) in &tokens {
        let width = lines[*line as usize].encode_utf16().count() as u32;
        assert!(start + length <= width, "{line}:{start}+{length} past {width}");
    }
    assert_eq!(client.stop(), 0);
}

fn folds(found: &Value) -> Vec<(u64, u64, Option<&str>)> {
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
                f["kind"].as_str(),
            )
        })
        .collect()
}

#[test]
fn folding_ranges_cover_declarations_qualifier_lists_comments_and_pragmas() {
    let (_dir, root) = workspace();
    let (mut client, _, main) = start(&root, &[]);
    let found = client.request("textDocument/foldingRange", document(&main));
    assert_eq!(
        folds(&found),
        vec![
            (0, 1, Some("imports")),
            (2, 3, Some("comment")),
            (6, 7, Some("comment")),
            // The qualifier list, then the `Description` in it, then the class from its name.
            (8, 10, None),
            (9, 10, None),
            (11, 16, None),
            (18, 22, None),
            (24, 28, None),
        ]
    );
    assert_eq!(client.stop(), 0);
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

/// A selection range and its parents, innermost first.
fn chain(mut selection: &Value) -> Vec<(u64, u64, u64, u64)> {
    let mut out = vec![range(&selection["range"])];
    while let Some(parent) = selection.get("parent") {
        out.push(range(&parent["range"]));
        selection = parent;
    }
    out
}

#[test]
fn selection_ranges_grow_from_the_token_to_the_document() {
    let (_dir, root) = workspace();
    let (mut client, _, main) = start(&root, &[]);
    let mut params = document(&main);
    params["positions"] = json!([{"line": 13, "character": 48}, {"line": 10, "character": 6}]);
    let found = client.request("textDocument/selectionRange", params);
    let whole = (0, 0, 29, 0);
    assert_eq!(
        chain(&found[0]),
        vec![
            (13, 47, 13, 51),
            // The property, from its qualifiers to its `;` (not included).
            (13, 4, 13, 55),
            (8, 0, 16, 2),
            whole
        ]
    );
    assert_eq!(
        chain(&found[1]),
        vec![
            // The piece of the string, the whole concatenation, the qualifier, the class.
            (10, 4, 10, 25),
            (9, 4, 10, 25),
            (8, 1, 10, 26),
            (8, 0, 16, 2),
            whole,
        ]
    );
    assert_eq!(client.stop(), 0);
}

fn highlights(client: &mut Client, path: &Path, line: u32, character: u32) -> Vec<((u64, u64, u64, u64), u64)> {
    let found = client.at("textDocument/documentHighlight", path, line, character);
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (range(&h["range"]), h["kind"].as_u64().unwrap()))
        .collect()
}

#[test]
fn document_highlight_marks_reads_and_writes_in_the_document() {
    let (_dir, root) = workspace();
    let (mut client, _, main) = start(&root, &[]);
    const READ: u64 = 2;
    const WRITE: u64 = 3;
    assert_eq!(
        highlights(&mut client, &main, 11, 8),
        vec![
            ((11, 6, 11, 13), WRITE),
            ((18, 12, 18, 19), READ),
            ((24, 12, 24, 19), READ)
        ]
    );
    // A property: its declaration and the instance that sets it.
    assert_eq!(
        highlights(&mut client, &main, 21, 5),
        vec![((13, 47, 13, 51), WRITE), ((21, 4, 21, 8), WRITE)]
    );
    // An inherited property: `Id` is declared in `base.mof`, set twice here.
    assert_eq!(
        highlights(&mut client, &main, 26, 4),
        vec![((20, 4, 20, 6), WRITE), ((26, 4, 26, 6), WRITE)]
    );
    assert_eq!(
        highlights(&mut client, &main, 27, 12),
        vec![((18, 23, 18, 25), WRITE), ((27, 11, 27, 13), READ)]
    );
    // A qualifier used once, and declared outside the document (built in).
    assert_eq!(highlights(&mut client, &main, 8, 3), vec![((8, 1, 8, 12), READ)]);
    assert_eq!(client.stop(), 0);
}

#[test]
fn document_links_lead_to_included_files() {
    let (_dir, root) = workspace();
    let (mut client, _, main) = start(&root, &[]);
    let found = client.request("textDocument/documentLink", document(&main));
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(range(&found[0]["range"]), (1, 17, 1, 25));
    assert_eq!(found[0]["target"], uri(&root.join("base.mof")));
    assert_eq!(client.stop(), 0);
}

fn hints(client: &mut Client, path: &Path, lines: (u32, u32)) -> Vec<(u64, u64, String, Option<String>)> {
    let mut params = document(path);
    params["range"] = json!({"start": {"line": lines.0, "character": 0}, "end": {"line": lines.1, "character": 0}});
    let found = client.request("textDocument/inlayHint", params);
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["position"]["character"].as_u64().unwrap(),
                h["label"].as_str().unwrap().to_string(),
                h["tooltip"].as_str().map(String::from),
            )
        })
        .collect()
}

#[test]
fn inlay_hints_show_paths_types_and_inherited_defaults() {
    let (_dir, root) = workspace();
    let (mut client, _, main) = start(&root, &[]);
    let inherited = Some("the default inherited from `T_Base`".to_string());
    let all = hints(&mut client, &main, (0, 29));
    assert_eq!(
        all,
        vec![
            (15, 16, "= \"none\"".to_string(), inherited),
            (18, 25, "path: T_Thing.Id=\"é𝄞\"".to_string(), None),
            (20, 6, ": string".to_string(), None),
            (21, 8, ": uint32".to_string(), None),
            (24, 19, "path: T_Thing.Id=\"x\"".to_string(), None),
            (26, 6, ": string".to_string(), None),
            (27, 8, ": T_Base ref".to_string(), None),
        ]
    );
    // Only those in the range asked for.
    assert_eq!(hints(&mut client, &main, (20, 22)), all[2..4].to_vec());
    assert_eq!(client.stop(), 0);
}
