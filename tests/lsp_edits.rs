//! The language server under random edit streams: `textDocument/didChange` with one to three
//! changes, ranges anywhere (past the end of a line or of the document, inside a surrogate
//! pair, backwards) and text with every kind of line break, characters outside the BMP and
//! broken MOF. After each stream the server still answers, and every range it published lies
//! inside the document it published it for, as the protocol defines that document.

#[path = "support/lsp_client.rs"]
mod client;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use client::{Client, uri};
use proptest::prelude::*;
use serde_json::{Value, json};

const START: &str =
    "// Größe 𝄞\r\nclass T_Child : T_Base\r{\n    [Key] string Id = \"é𝄞\";\r\n    uint32 X = 1.5;\n};\n";

const PIECES: &[&str] = &[
    "class ",
    "T_X",
    " : ",
    "{",
    "}",
    ";",
    "\"",
    "'",
    "\\",
    "\r",
    "\n",
    "\r\n",
    "é",
    "𝄞",
    "[Key]",
    "uint32 ",
    "= 1.5",
    "//",
    "/*",
    "*/",
    "instance of T_X {",
    "#pragma ",
    "",
];

/// One edit: a range (start and end as line, UTF-16 column) and its new text.
type Edit = ((u32, u32), (u32, u32), String);

fn edit() -> impl Strategy<Value = Edit> {
    let position = (0..10u32, 0..40u32);
    let text = prop::collection::vec(prop::sample::select(PIECES), 0..4).prop_map(|p| p.concat());
    (position.clone(), position, text)
}

/// Each line's characters (its line break excluded), as the protocol counts lines: they end at
/// `\r\n`, `\n` or a lone `\r`.
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\r', '\n']) {
        out.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    out.push(rest);
    out
}

/// The byte offset of a position: a line past the end is the end of the text, a column past
/// its line's end is the line's end, a column inside a character is the character's start.
fn offset(text: &str, (line, column): (u32, u32)) -> usize {
    let all = lines(text);
    let Some(content) = all.get(line as usize) else {
        return text.len();
    };
    let start = content.as_ptr() as usize - text.as_ptr() as usize;
    let mut units = 0;
    for (i, c) in content.char_indices() {
        units += c.len_utf16() as u32;
        if units > column {
            return start + i;
        }
    }
    start + content.len()
}

fn apply(text: &mut String, (start, end, new): &Edit) {
    let from = offset(text, *start);
    let to = offset(text, *end).max(from);
    text.replace_range(from..to, new);
}

/// Whether a published range lies inside the document: both ends on a line of it, at most at
/// the line's end, the start not after the end.
fn inside(text: &str, range: &Value) -> bool {
    let all = lines(text);
    let end_of = |p: &Value| -> Option<(u64, u64)> {
        let (line, character) = (p["line"].as_u64()?, p["character"].as_u64()?);
        let length = all.get(line as usize)?.encode_utf16().count() as u64;
        (character <= length).then_some((line, character))
    };
    match (end_of(&range["start"]), end_of(&range["end"])) {
        (Some(start), Some(end)) => start <= end,
        _ => false,
    }
}

static CASE: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_edits_never_end_the_server_nor_publish_a_range_outside_the_document(
        edits in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8),
    ) {
        let dir = std::env::temp_dir().join(format!(
            "mofc-lsp-edits-{}-{}",
            std::process::id(),
            CASE.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("edited.mof");
        let (mut client, _) = Client::start(&dir, &[]);
        let mut text = START.to_string();
        let mut versions = HashMap::from([(1, text.clone())]);
        client.open(&path, &text);
        for (i, changes) in edits.iter().enumerate() {
            let version = i as i64 + 2;
            let sent: Vec<Value> = changes
                .iter()
                .map(|((sl, sc), (el, ec), new)| {
                    let range = json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}});
                    json!({"range": range, "text": new})
                })
                .collect();
            client.change(&path, version, Value::Array(sent));
            changes.iter().for_each(|edit| apply(&mut text, edit));
            versions.insert(version, text.clone());
        }
        // Still answering, with the document as the client has it.
        let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri(&path)}}));
        prop_assert!(symbols.is_array() || symbols.is_null(), "{symbols}");
        let formatting = json!({"textDocument": {"uri": uri(&path)}, "options": {"tabSize": 4, "insertSpaces": true}});
        let formatted = client.request("textDocument/formatting", formatting);
        for e in formatted.as_array().into_iter().flatten() {
            prop_assert!(inside(&text, &e["range"]), "{e} in {text:?}");
        }
        let published = std::mem::take(&mut client.pending);
        for message in published.iter().filter(|m| m["method"] == "textDocument/publishDiagnostics") {
            let version = message["params"]["version"].as_i64().unwrap();
            let seen = &versions[&version];
            for d in message["params"]["diagnostics"].as_array().unwrap() {
                prop_assert!(inside(seen, &d["range"]), "{d} in version {version}: {seen:?}");
            }
        }
        prop_assert_eq!(client.stop(), 0);
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn the_reference_edits_follow_the_protocol() {
    let mut text = "ab\r\ncd\ré𝄞\n".to_string();
    // Past the end of line 0, inside the surrogate pair of `𝄞`, past the end of the document.
    apply(&mut text, &((0, 9), (1, 1), "X".into()));
    assert_eq!(text, "abXd\ré𝄞\n");
    apply(&mut text, &((1, 2), (1, 2), "Y".into()));
    assert_eq!(text, "abXd\réY𝄞\n");
    apply(&mut text, &((7, 0), (9, 9), "!".into()));
    assert_eq!(text, "abXd\réY𝄞\n!");
    assert_eq!(lines(&text), ["abXd", "éY𝄞", "!"]);
    let range = |a: (u32, u32), b: (u32, u32)| json!({"start": {"line": a.0, "character": a.1}, "end": {"line": b.0, "character": b.1}});
    assert!(inside(&text, &range((1, 0), (1, 4))));
    assert!(!inside(&text, &range((1, 0), (1, 5))));
    assert!(!inside(&text, &range((3, 0), (3, 0))));
    assert!(!inside(&text, &range((1, 2), (1, 1))));
}
