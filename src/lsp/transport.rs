//! The server's end of the connection: JSON-RPC messages framed by `Content-Length` headers,
//! read on a thread of their own and handed to the server loop in order.
//!
//! lsp-server's own reader ends (or panics) on the first frame it cannot read, and allocates
//! whatever a `Content-Length` claims; what an editor or a broken pipe sends must not end the
//! server. Here a frame that cannot be used is answered with the JSON-RPC error it calls for,
//! and reading goes on:
//! - a header block without a usable `Content-Length`, or a body larger than [`MAX_FRAME`]:
//!   an error (id null), then the input is skipped up to the next `Content-Length` header (the
//!   body, if any, is only scanned for that header, never kept: a frame cannot make the server
//!   allocate more than the bound);
//! - a body that is not JSON: -32700 (parse error), id null;
//! - JSON that is none of request, notification, response (a batch array, no `method`, a
//!   `method` that is not a string, an id that is neither an integer nor a string): -32600
//!   (invalid request), with the message's id if it has a usable one, else null.
//!
//! Reading ends at the end of the input (the server then stops) or after `exit`.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use lsp_server::{ErrorCode, Message, RequestId};
use serde::Serialize;
use serde_json::{Value, json};

/// The largest message body read, in bytes. The largest real message is a `didOpen` or a
/// full-text `didChange` of one document: the 5.4 MB CIM Schema as one file is well inside.
const MAX_FRAME: u64 = 64 << 20;

/// The longest header line read; real ones (`Content-Length: N`, `Content-Type: ...`) are short.
const MAX_HEADER_LINE: u64 = 1024;

/// Where messages to the client are written, a whole frame at a time; shared by the server
/// loop and the reader, which answers the frames it refuses.
#[derive(Clone)]
pub struct Output(Arc<Mutex<Box<dyn Write + Send>>>);

impl Output {
    pub fn new(writer: impl Write + Send + 'static) -> Output {
        Output(Arc::new(Mutex::new(Box::new(writer))))
    }

    pub fn send(&self, message: impl Into<Message>) -> io::Result<()> {
        let mut writer = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        message.into().write(&mut *writer)
    }

    /// A notification, written straight from its parameters: lsp-server's messages hold
    /// `serde_json::Value` trees, and building one for 100,000 diagnostics takes seconds.
    pub fn notify(&self, method: &str, params: &impl Serialize) -> io::Result<()> {
        #[derive(Serialize)]
        struct Out<'a, P> {
            jsonrpc: &'static str,
            method: &'a str,
            params: &'a P,
        }
        let body = serde_json::to_string(&Out {
            jsonrpc: "2.0",
            method,
            params,
        })?;
        self.write_frame(&body)
    }

    /// A response whose result is JSON text already.
    pub fn respond(&self, id: &RequestId, result: &str) -> io::Result<()> {
        let id = serde_json::to_string(id)?;
        self.write_frame(&format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{result}}}"#))
    }

    /// An error response, with an id that may be null (which a [`Message`] cannot have).
    fn send_error(&self, id: Value, code: ErrorCode, message: &str) -> io::Result<()> {
        let body = json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code as i32, "message": message},
        });
        self.write_frame(&body.to_string())
    }

    fn write_frame(&self, body: &str) -> io::Result<()> {
        let mut writer = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        write!(writer, "Content-Length: {}\r\n\r\n", body.len())?;
        writer.write_all(body.as_bytes())?;
        writer.flush()
    }
}

/// Reads messages from stdin on a thread; the server receives them from the channel returned,
/// which closes at the end of the input or after `exit`.
pub fn stdio() -> (Receiver<Message>, Output) {
    let output = Output::new(io::stdout());
    // A few messages ahead at most: the reader waits while the server is busy.
    let (sender, receiver) = sync_channel(16);
    let replies = output.clone();
    std::thread::spawn(move || read_messages(io::stdin().lock(), &sender, &replies));
    (receiver, output)
}

/// Reads frames until the input ends, the server stops listening or `exit` came; what cannot
/// be used is answered on `output`.
pub fn read_messages(mut input: impl BufRead, messages: &SyncSender<Message>, output: &Output) {
    let mut frames = Frames::default();
    loop {
        let refused = match frames.next(&mut input) {
            Frame::End => return,
            Frame::Refused(code, why) => (Value::Null, code, why),
            Frame::Body(body) => match message(&body) {
                Ok(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if messages.send(message).is_err() || exit {
                        return;
                    }
                    continue;
                }
                Err(refused) => refused,
            },
        };
        let (id, code, why) = refused;
        if output.send_error(id, code, &why).is_err() {
            return;
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    Refused(ErrorCode, String),
    End,
}

/// The state of reading frames: after a refused header, the next one is searched for.
#[derive(Default)]
struct Frames {
    resync: bool,
}

const CONTENT_LENGTH: &[u8] = b"content-length";

impl Frames {
    fn next(&mut self, input: &mut impl BufRead) -> Frame {
        let mut line = Vec::new();
        if std::mem::take(&mut self.resync) {
            if !skip_to_content_length(input) {
                return Frame::End;
            }
            line.extend_from_slice(b"Content-Length");
        }
        let mut length = None;
        let mut headers = 0;
        loop {
            match read_line(input, &mut line) {
                Ok(true) => {}
                Ok(false) | Err(_) => return Frame::End,
            }
            let text = line.strip_suffix(b"\n").unwrap_or(&line);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.is_empty() {
                if headers == 0 {
                    // A blank line between frames: nothing to answer.
                    line.clear();
                    continue;
                }
                break;
            }
            headers += 1;
            if !line.ends_with(b"\n") {
                if (line.len() as u64) < MAX_HEADER_LINE {
                    return Frame::End;
                }
                return self.refuse(ErrorCode::ParseError, "a message header line is too long".into());
            }
            let Some(colon) = text.iter().position(|&b| b == b':') else {
                let shown = String::from_utf8_lossy(text);
                return self.refuse(ErrorCode::ParseError, format!("malformed message header `{shown}`"));
            };
            if text[..colon].eq_ignore_ascii_case(CONTENT_LENGTH) {
                let value = String::from_utf8_lossy(&text[colon + 1..]);
                let Ok(n) = value.trim().parse::<u64>() else {
                    let why = format!("`Content-Length: {}` is not a length", value.trim());
                    return self.refuse(ErrorCode::ParseError, why);
                };
                length = Some(n);
            }
            line.clear();
        }
        let Some(length) = length else {
            return self.refuse(ErrorCode::ParseError, "a message without `Content-Length`".into());
        };
        if length > MAX_FRAME {
            let why = format!(
                "a message of {length} bytes is larger than the {} MiB mofc reads; it was skipped",
                MAX_FRAME >> 20
            );
            return self.refuse(ErrorCode::InvalidRequest, why);
        }
        let mut body = Vec::new();
        match input.take(length).read_to_end(&mut body) {
            Ok(n) if n as u64 == length => Frame::Body(body),
            _ => Frame::End,
        }
    }

    fn refuse(&mut self, code: ErrorCode, why: String) -> Frame {
        self.resync = true;
        Frame::Refused(code, why)
    }
}

/// Appends one line (with its `\n`) of at most [`MAX_HEADER_LINE`] bytes to `line`; `false` at
/// the end of the input.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    let before = line.len();
    input.take(MAX_HEADER_LINE).read_until(b'\n', line)?;
    Ok(line.len() > before)
}

/// Skips the input up to and past the next `Content-Length` (in any case); `false` if the input
/// ends first. The name has no repeated prefix, so on a mismatch matching starts over.
fn skip_to_content_length(input: &mut impl BufRead) -> bool {
    let mut matched = 0;
    loop {
        let buffer = match input.fill_buf() {
            Ok([]) | Err(_) => return false,
            Ok(buffer) => buffer,
        };
        let mut used = 0;
        for &byte in buffer {
            used += 1;
            let byte = byte.to_ascii_lowercase();
            matched = if byte == CONTENT_LENGTH[matched] {
                matched + 1
            } else {
                usize::from(byte == CONTENT_LENGTH[0])
            };
            if matched == CONTENT_LENGTH.len() {
                input.consume(used);
                return true;
            }
        }
        input.consume(used);
    }
}

/// A frame's body as a message, or the id, code and text of the error to answer with.
fn message(body: &[u8]) -> Result<Message, (Value, ErrorCode, String)> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        (
            Value::Null,
            ErrorCode::ParseError,
            format!("the message is not JSON: {e}"),
        )
    })?;
    let invalid = |id: Value, why: &str| (id, ErrorCode::InvalidRequest, why.to_string());
    let Value::Object(object) = &value else {
        let why = if value.is_array() {
            "a batch of messages (the Language Server Protocol has none)"
        } else {
            "a message that is not an object"
        };
        return Err(invalid(Value::Null, why));
    };
    let id = match object.get("id") {
        None => None,
        Some(id @ Value::String(_)) => Some(id.clone()),
        Some(id @ Value::Number(n)) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => Some(id.clone()),
        Some(_) => return Err(invalid(Value::Null, "an id that is neither an integer nor a string")),
    };
    let answer_to = id.clone().unwrap_or(Value::Null);
    match object.get("method") {
        Some(Value::String(_)) => {}
        Some(_) => return Err(invalid(answer_to, "a `method` that is not a string")),
        None if id.is_some() && (object.contains_key("result") || object.contains_key("error")) => {}
        None => return Err(invalid(answer_to, "a request without a `method`")),
    }
    serde_json::from_value(value).map_err(|e| (answer_to, ErrorCode::InvalidRequest, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader makes of `input`: the methods (or `response`) it passes on, and the
    /// errors it answers with, as (code, id).
    fn read(input: &[u8]) -> (Vec<String>, Vec<(i64, Value)>) {
        let written = Arc::new(Mutex::new(Vec::new()));
        struct Shared(Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let output = Output::new(Shared(written.clone()));
        let (sender, receiver) = sync_channel(1024);
        read_messages(input, &sender, &output);
        drop(sender);
        let passed = receiver
            .iter()
            .map(|m| match m {
                Message::Request(r) => r.method,
                Message::Notification(n) => n.method,
                Message::Response(_) => "response".into(),
            })
            .collect();
        let written = String::from_utf8(written.lock().unwrap().clone()).unwrap();
        let mut errors = Vec::new();
        let mut rest = written.as_str();
        while let Some((header, after)) = rest.split_once("\r\n\r\n") {
            let length: usize = header.strip_prefix("Content-Length: ").unwrap().parse().unwrap();
            let body: Value = serde_json::from_str(&after[..length]).unwrap();
            errors.push((body["error"]["code"].as_i64().unwrap(), body["id"].clone()));
            rest = &after[length..];
        }
        (passed, errors)
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#;

    #[test]
    fn each_malformed_frame_is_answered_and_the_next_is_read() {
        let cases: [(Vec<u8>, i64, Value); 12] = [
            (frame("not json").into_bytes(), -32700, Value::Null),
            (frame(r#"{"jsonrpc":"2.0","id":3}"#).into_bytes(), -32600, json!(3)),
            (
                frame(r#"{"jsonrpc":"2.0","id":"a","params":{}}"#).into_bytes(),
                -32600,
                json!("a"),
            ),
            (
                frame(r#"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#).into_bytes(),
                -32600,
                Value::Null,
            ),
            (frame("[]").into_bytes(), -32600, Value::Null),
            (
                frame(r#"{"jsonrpc":"2.0","id":4,"method":5}"#).into_bytes(),
                -32600,
                json!(4),
            ),
            (
                frame(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#).into_bytes(),
                -32600,
                Value::Null,
            ),
            (frame("42").into_bytes(), -32600, Value::Null),
            (b"Content-Length: 2\r\n\r\n\xff\"".to_vec(), -32700, Value::Null),
            (
                b"Content-Length: 18446744073709551615\r\n\r\n{}".to_vec(),
                -32600,
                Value::Null,
            ),
            (b"Content-Length: 99999999999\r\n\r\n{}".to_vec(), -32600, Value::Null),
            (b"Content-Length: lots\r\n\r\n{}".to_vec(), -32700, Value::Null),
        ];
        for (bad, code, id) in cases {
            let shown = String::from_utf8_lossy(&bad).into_owned();
            let input = [bad, frame(PING).into_bytes()].concat();
            let (passed, errors) = read(&input);
            assert_eq!(passed, ["ping"], "{shown:?}");
            assert_eq!(errors, [(code, id)], "{shown:?}");
        }
    }

    #[test]
    fn broken_headers_are_skipped_up_to_the_next_frame() {
        // No `Content-Length`; a header without a colon; a header line with no end; a frame
        // glued to the end of a skipped body.
        let long = "x".repeat(5000);
        let inputs = [
            format!("Content-Type: x\r\n\r\n{{}}{}", frame(PING)),
            format!("nonsense\r\n\r\n{}", frame(PING)),
            format!("{long}{}", frame(PING)),
            format!("Content-Length: 99999999999\r\n\r\n{{\"a\": 1}}{}", frame(PING)),
        ];
        for input in inputs {
            let (passed, errors) = read(input.as_bytes());
            assert_eq!(passed, ["ping"], "{input:.60}");
            assert_eq!(errors.len(), 1, "{input:.60}");
        }
    }

    #[test]
    fn good_frames_pass_in_order_until_exit() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#),
            "\r\n".into(),
            "content-length: 40\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".into(),
            r#"{"jsonrpc":"2.0","method":"initialized"}"#.into(),
            frame(r#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(PING),
        ]
        .concat();
        let (passed, errors) = read(input.as_bytes());
        assert_eq!(passed, ["initialize", "initialized", "response", "exit"]);
        assert_eq!(errors, []);
    }

    #[test]
    fn a_truncated_frame_ends_the_input() {
        let (passed, errors) = read(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
        assert_eq!((passed, errors), (vec![], vec![]));
        let (passed, errors) = read(b"Content-Len");
        assert_eq!((passed, errors), (vec![], vec![]));
    }
}
