//! The language server loads a compilation again after an edit from its last load, taking the
//! files that did not change as they were (`Unit::reload`), and skips looking for classes a
//! compilation that declares all it uses cannot lack. What it publishes after any sequence of
//! edits must be what a fresh server publishes for the same texts; a change on disk that the
//! client reports must be seen, though the file is not read again after each edit.

#[path = "support/lsp_client.rs"]
mod client;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use client::{Client, uri};
use serde_json::{Value, json};

/// A folder of MOF files, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str, files: &[(&str, &str)]) -> Folder {
        let dir = std::env::temp_dir().join(format!("mofc-lsp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        Folder(dir.canonicalize().unwrap())
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the server has published so far, by file (files cleared left out), once every change
/// sent is compiled (a request is answered after that): `published` updated with the
/// diagnostics sent since.
fn settle(client: &mut Client, published: &mut BTreeMap<String, Vec<Value>>) {
    client.request("workspace/symbol", json!({"query": "zzz"}));
    for message in std::mem::take(&mut client.pending) {
        if message["method"] != "textDocument/publishDiagnostics" {
            continue;
        }
        let file = message["params"]["uri"].as_str().unwrap().to_string();
        let diagnostics = message["params"]["diagnostics"].as_array().unwrap().clone();
        if diagnostics.is_empty() {
            published.remove(&file);
        } else {
            published.insert(file, diagnostics);
        }
    }
}

/// What a fresh server publishes for the folder with `open` (path, text) open in it.
fn fresh(root: &Path, open: &BTreeMap<PathBuf, String>) -> BTreeMap<String, Vec<Value>> {
    let (mut client, _) = Client::start(root, &[]);
    for (path, text) in open {
        client.open(path, text);
    }
    let mut published = BTreeMap::new();
    settle(&mut client, &mut published);
    assert_eq!(client.stop(), 0);
    published
}

/// The codes published for `path`, in order.
fn codes(published: &BTreeMap<String, Vec<Value>>, path: &Path) -> Vec<String> {
    let found = published.get(&uri(path)).map(Vec::as_slice).unwrap_or_default();
    found.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

/// An edit: the file, its whole new text, and the codes then published for each file that has
/// diagnostics.
type Step<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [&'a str])]);

const ROOT: &str = "#pragma include(\"quals.mof\")\n#pragma include(\"base.mof\")\n#pragma include(\"child.mof\")\n";

#[test]
fn after_any_edits_the_diagnostics_are_those_of_a_fresh_server() {
    let folder = Folder::new(
        "reload",
        &[
            ("root.mof", ROOT),
            ("quals.mof", "qualifier Colour : string = null, scope(property);\n"),
            ("base.mof", "class T_Base { [Key] string Id; };\n"),
            (
                "child.mof",
                "class T_Child : T_Base { [Colour(\"blue\")] string X; T_Other REF Peer; };\n",
            ),
            // Found among the folder's declarations for `T_Child`, until `root.mof` includes it.
            ("other.mof", "class T_Other { string Y = 1; };\n"),
        ],
    );
    let root = &folder.0;
    let path = |file: &str| root.join(file);
    let (mut client, _) = Client::start(root, &[]);
    let mut published = BTreeMap::new();
    let mut open: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut version = 1;
    // Each step replaces the whole text of a file (opening it first); then what the server has
    // published is what a fresh server publishes.
    let steps: [Step; 7] = [
        // An edit that changes no declaration.
        (
            "child.mof",
            "class T_Child : T_Base { [Colour(\"blue\")] string X = 1; T_Other REF Peer; };\n",
            &[("child.mof", &["E0316"]), ("other.mof", &["E0316"])],
        ),
        // An include added: `other.mof` is no longer a compilation of its own.
        (
            "root.mof",
            &*format!("{ROOT}#pragma include(\"other.mof\")\n"),
            &[("child.mof", &["E0316"]), ("other.mof", &["E0316"])],
        ),
        // A class declaration removed (renamed): its subclass lacks its superclass.
        (
            "base.mof",
            "class T_Renamed { [Key] string Id; };\n",
            &[("child.mof", &["E0301", "E0316"]), ("other.mof", &["E0316"])],
        ),
        // Declared again, with another class.
        (
            "base.mof",
            "class T_Base { [Key] string Id; };\nclass T_Extra : T_Child { };\n",
            &[("child.mof", &["E0316"]), ("other.mof", &["E0316"])],
        ),
        // A file fixed.
        (
            "other.mof",
            "class T_Other { string Y = \"1\"; };\n",
            &[("child.mof", &["E0316"])],
        ),
        // An include removed: `child.mof` is a compilation of its own, without the qualifier
        // declaration (`T_Extra` finds `T_Child` among the folder's declarations).
        (
            "root.mof",
            "#pragma include(\"quals.mof\")\n#pragma include(\"base.mof\")\n#pragma include(\"other.mof\")\n",
            &[("child.mof", &["E0304", "E0316"])],
        ),
        // Included again, twice: its class is declared a second time (W0303), and it is no
        // longer compiled on its own.
        (
            "root.mof",
            &*format!("{ROOT}#pragma include(\"other.mof\")\n#pragma include(\"child.mof\")\n"),
            &[("child.mof", &["W0303", "E0316"])],
        ),
    ];
    for (file, text, expected) in steps {
        let at = path(file);
        if open.contains_key(&at) {
            version += 1;
            client.change(&at, version, json!([{"text": text}]));
        } else {
            client.open(&at, text);
        }
        open.insert(at, text.to_string());
        settle(&mut client, &mut published);
        let all: Vec<(String, Vec<String>)> = ["base.mof", "child.mof", "other.mof", "quals.mof", "root.mof"]
            .iter()
            .map(|f| (f.to_string(), codes(&published, &path(f))))
            .filter(|(_, codes)| !codes.is_empty())
            .collect();
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(f, codes)| (f.to_string(), codes.iter().map(|c| c.to_string()).collect()))
            .collect();
        assert_eq!(published, fresh(root, &open), "after `{file}` became {text:?}");
        assert_eq!(all, expected, "after `{file}` became {text:?}");
    }
    assert_eq!(client.stop(), 0);
}

/// A file that is not open is read once; when the client says it changed on disk
/// (`workspace/didChangeWatchedFiles`), it is read again and its compilations redone.
#[test]
fn a_change_on_disk_that_the_client_reports_is_seen() {
    let folder = Folder::new(
        "disk",
        &[
            ("root.mof", ROOT),
            ("quals.mof", "qualifier Colour : string = null, scope(property);\n"),
            ("base.mof", "class T_Base { [Key] string Id; };\n"),
            (
                "child.mof",
                "class T_Child : T_Base { [Colour(\"blue\")] string X; };\n",
            ),
        ],
    );
    let root = &folder.0;
    let (child, quals) = (root.join("child.mof"), root.join("quals.mof"));
    let (mut client, _) = Client::start(root, &[]);
    let mut published = BTreeMap::new();
    let text = "class T_Child : T_Base { [Colour(\"blue\")] string X; uint8 Y; };\n";
    client.open(&child, text);
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &child), Vec::<String>::new());
    // The qualifier's type changes on disk: the string given is now of the wrong type.
    std::fs::write(&quals, "qualifier Colour : uint32 = null, scope(property);\n").unwrap();
    let changed = json!({"changes": [{"uri": uri(&quals), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changed.clone());
    settle(&mut client, &mut published);
    let found = &published[&uri(&child)];
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "E0306");
    assert_eq!(found[0]["range"]["start"], json!({"line": 0, "character": 33}));
    // An edit after it keeps what the disk holds now.
    client.change(&child, 2, json!([{"text": text.replace("uint8 Y", "uint8 Z")}]));
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &child), ["E0306"]);
    // And back.
    std::fs::write(&quals, "qualifier Colour : string = null, scope(property);\n").unwrap();
    client.notify("workspace/didChangeWatchedFiles", changed);
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &child), Vec::<String>::new());
    assert_eq!(client.stop(), 0);
}

/// A buffer opened for a file the disk does not have is what an include finds, in every
/// compilation, as a fresh server finds it: not only in the compilations that already held it.
#[test]
fn a_buffer_opened_for_a_file_not_on_disk_is_found_by_the_includes_of_other_files() {
    let folder = Folder::new(
        "unsaved",
        &[(
            "a.mof",
            "#pragma include(\"x.mof\")\nclass T_A : T_Base { string P; };\n",
        )],
    );
    let root = &folder.0;
    let (a, x) = (root.join("a.mof"), root.join("x.mof"));
    let (mut client, _) = Client::start(root, &[]);
    let mut published = BTreeMap::new();
    let mut open: BTreeMap<PathBuf, String> = BTreeMap::new();
    let a_text = "#pragma include(\"x.mof\")\nclass T_A : T_Base { string P; };\n";
    client.open(&a, a_text);
    open.insert(a.clone(), a_text.to_string());
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &a), ["E0003", "E0301"]);
    // `x.mof` appears as an unsaved buffer; then `a.mof` is edited, keeping its includes.
    let x_text = "class T_Base { [Key] string Id; };\n";
    client.open(&x, x_text);
    open.insert(x.clone(), x_text.to_string());
    settle(&mut client, &mut published);
    let a_text = a_text.replace("string P", "string Q");
    client.change(&a, 2, json!([{"text": a_text}]));
    open.insert(a.clone(), a_text);
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &a), Vec::<String>::new());
    assert_eq!(published, fresh(root, &open));
    // Closed again: the include finds nothing.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(&x)}}));
    open.remove(&x);
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &a), ["E0003", "E0301"]);
    assert_eq!(published, fresh(root, &open));
    assert_eq!(client.stop(), 0);
}

/// An include of a file already included declares its classes a second time (W0303), though no
/// file that declares them changed: an edit that only adds it is analysed whole. (`other.mof`
/// is in the compilation before the edit includes it: `T_Child` uses its class.) Each file is
/// opened and compiled in turn (as from a client slower than the server), which once lost the
/// W0303 that opening them all at once gives.
#[test]
fn an_include_that_repeats_a_file_is_seen_though_no_declaration_changed() {
    let folder = Folder::new(
        "repeat",
        &[
            ("root.mof", ROOT),
            ("quals.mof", "qualifier Colour : string = null, scope(property);\n"),
            ("base.mof", "class T_Base { [Key] string Id; };\n"),
            (
                "child.mof",
                "class T_Child : T_Base { [Colour(\"blue\")] string X; T_Other REF Peer; };\n",
            ),
            ("other.mof", "class T_Other { string Y; };\n"),
        ],
    );
    let root = &folder.0;
    let (mut client, _) = Client::start(root, &[]);
    let mut published = BTreeMap::new();
    let child = root.join("child.mof");
    client.open(
        &child,
        "class T_Child : T_Base { [Colour(\"blue\")] string X = 1; T_Other REF Peer; };\n",
    );
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &child), ["E0316"]);
    let text = format!("{ROOT}#pragma include(\"other.mof\")\n#pragma include(\"child.mof\")\n");
    client.open(&root.join("root.mof"), &text);
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &child), ["W0303", "E0316"]);
    assert_eq!(client.stop(), 0);
}

/// A file compiled on its own (open, but in no compilation of its folder: excluded here) takes
/// its folder's `mofc.toml` again when that changes, as a fresh server would.
#[test]
fn a_file_compiled_on_its_own_follows_a_change_of_its_folders_settings() {
    let folder = Folder::new(
        "settings",
        &[
            ("mofc.toml", "exclude = [\"x.mof\"]\n"),
            ("x.mof", "class T_X { string P = 1; };\n"),
        ],
    );
    let root = &folder.0;
    let (x, toml) = (root.join("x.mof"), root.join("mofc.toml"));
    let (mut client, _) = Client::start(root, &[]);
    let mut published = BTreeMap::new();
    client.open(&x, "class T_X { string P = 1; };\n");
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &x), ["E0316"]);
    std::fs::write(&toml, "exclude = [\"x.mof\"]\n[lint]\nignore = [\"E0316\"]\n").unwrap();
    let changed = json!({"changes": [{"uri": uri(&toml), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changed);
    settle(&mut client, &mut published);
    assert_eq!(codes(&published, &x), Vec::<String>::new());
    assert_eq!(client.stop(), 0);
}
