//! A language server client for the tests and the benchmark: it starts `mofc lsp`, frames
//! JSON-RPC messages with `Content-Length` headers over its stdio, and waits for answers with a
//! timeout, so a server that hangs fails instead of blocking.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    pub child: Child,
    pub stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications received while waiting for something else.
    pub pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `mofc lsp` and initializes it with `root` as the workspace folder; `encodings` is
    /// what the client offers as `general.positionEncodings` (none: the field is absent).
    pub fn start(root: &Path, encodings: &[&str]) -> (Client, Value) {
        let mut client = Client::spawn();
        let result = client.initialize(root, encodings);
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Starts `mofc lsp` without a word to it.
    pub fn spawn() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mofc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("mofc starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            pending: Vec::new(),
            next_id: 0,
        }
    }

    /// Starts `mofc lsp` and initializes it with `root` as the workspace folder, the client
    /// declaring `capabilities`.
    pub fn start_with(root: &Path, capabilities: Value) -> (Client, Value) {
        let mut client = Client::spawn();
        let result = client.initialize_with(root, capabilities);
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// The `initialize` request (without the `initialized` notification); its result.
    pub fn initialize(&mut self, root: &Path, encodings: &[&str]) -> Value {
        let mut capabilities = json!({});
        if !encodings.is_empty() {
            capabilities = json!({"general": {"positionEncodings": encodings}});
        }
        self.initialize_with(root, capabilities)
    }

    fn initialize_with(&mut self, root: &Path, capabilities: Value) -> Value {
        self.request(
            "initialize",
            json!({
                "processId": null,
                "capabilities": capabilities,
                "workspaceFolders": [{"uri": uri(root), "name": "test"}],
            }),
        )
    }

    /// Writes bytes as they are, framed or not.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self) -> Value {
        self.messages.recv_timeout(TIMEOUT).expect("the server answers in time")
    }

    /// Sends a request and returns its result, keeping notifications that come first.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let answer = self.answer(method, params);
        assert!(answer.get("error").is_none(), "{method} failed: {answer}");
        answer["result"].clone()
    }

    /// Sends a request and returns the whole response, which may be an error.
    pub fn answer(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The next message that `wanted` accepts, among those kept or those to come.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&wanted) {
            return self.pending.remove(i);
        }
        loop {
            let message = self.next();
            if wanted(&message) {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for `path`.
    pub fn diagnostics(&mut self, path: &Path) -> Vec<Value> {
        let wanted = json!(uri(path));
        let message =
            self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == wanted);
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn open(&mut self, path: &Path, text: &str) {
        let document = json!({"uri": uri(path), "languageId": "mof", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    pub fn change(&mut self, path: &Path, version: i64, changes: Value) {
        let document = json!({"uri": uri(path), "version": version});
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": document, "contentChanges": changes}),
        );
    }

    pub fn at(&mut self, method: &str, path: &Path, line: u32, character: u32) -> Value {
        let mut params = json!({
            "textDocument": {"uri": uri(path)},
            "position": {"line": line, "character": character},
        });
        if method == "textDocument/references" {
            params["context"] = json!({"includeDeclaration": true});
        }
        self.request(method, params)
    }

    /// `shutdown`, then `exit`; the exit status.
    pub fn stop(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.status()
    }

    /// Closes the server's input and waits for it to end; its exit status.
    pub fn status(self) -> i32 {
        let Client { mut child, stdin, .. } = self;
        drop(stdin);
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(std::time::Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Each published diagnostic as its code and the (0-based) line it starts on.
pub fn codes_and_lines(diagnostics: &[Value]) -> Vec<(&str, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("a code"),
                d["range"]["start"]["line"].as_u64().expect("a line"),
            )
        })
        .collect()
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The CIM Schema 2.49 as one file: its entry file with each `#pragma include` replaced by
/// the file it names, in the entry file's order (5.4 MB, 1,600 classes). `None` when
/// `../shared/corpus` is absent.
pub fn flat_cim_schema() -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cim-schema-2.49.0");
    let entry = std::fs::read_to_string(dir.join("cim_schema_2.49.0.mof")).ok()?;
    let mut flat = String::new();
    for line in entry.lines() {
        let included = line
            .trim_start()
            .strip_prefix("#pragma include")
            .and_then(|rest| rest.split('"').nth(1));
        match included {
            Some(name) => flat.push_str(&std::fs::read_to_string(dir.join(name)).expect("an included schema file")),
            None => flat.push_str(line),
        }
        if !flat.ends_with('\n') {
            flat.push('\n');
        }
    }
    Some(flat)
}
