//! The server loop: one thread, messages handled in the order they come (read by
//! `transport.rs`, as lsp-server's messages), so an edit is always applied before a later
//! request is answered.
//!
//! The lifecycle is the protocol's: requests before `initialize` are refused
//! (ServerNotInitialized), notifications before `initialized` are handled as after it, requests
//! after `shutdown` are refused (InvalidRequest), and `exit` ends the server.
//!
//! Edits only update buffers; the compilations are brought up to date when no message is
//! waiting, or before a request is answered. A burst of edits is thus compiled once, after its
//! last edit, without any timer.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Exit,
    LogMessage, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, GotoImplementation, HoverRequest,
    Initialize, PrepareRenameRequest, References, RegisterCapability, Rename, Request as _, Shutdown,
    TypeHierarchyPrepare, TypeHierarchySubtypes, TypeHierarchySupertypes, WorkspaceSymbolRequest,
};
use lsp_types::request::{
    DocumentHighlightRequest, DocumentLinkRequest, FoldingRangeRequest, InlayHintRequest, SelectionRangeRequest,
    SemanticTokensFullDeltaRequest, SemanticTokensFullRequest, SemanticTokensRangeRequest,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeWatchedFilesRegistrationOptions, FileChangeType, FileSystemWatcher, GlobPattern,
    ImplementationProviderCapability, InitializeParams, InitializeResult, LogMessageParams, MessageType, OneOf,
    PublishDiagnosticsParams, Registration, RegistrationParams, RenameOptions, SaveOptions, ServerCapabilities,
    ServerInfo, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::guard::guarded;
use super::position::Encoding;
use super::progress::Progress;
use super::transport::{self, Output};
use super::workspace::Workspace;
use super::{changes, code_action, completion, definition, formatting, hover, references, symbols, uri};
use super::{folding, highlight, inlay_hints, links, selection, semantic_tokens};
use super::{hierarchy, implementation, rename, workspace_symbols};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Runs the server over stdin and stdout. `Ok(true)` once the client has shut it down and said
/// `exit`; `Ok(false)` if the client went away (or said `exit`) without shutting it down.
pub fn run() -> Result<bool, Error> {
    let (receiver, output) = transport::stdio();
    serve(receiver, output)
}

/// Runs the server on the messages of `receiver`, answering on `output`.
fn serve(receiver: Receiver<Message>, output: Output) -> Result<bool, Error> {
    let Some((id, params)) = initialize(&receiver, &output)? else {
        return Ok(false);
    };
    let encoding = Encoding::negotiate(&params.capabilities);
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "mofc".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let mut result = serde_json::to_value(result)?;
    // LSP 3.17's type hierarchy, which lsp-types 0.97's `ServerCapabilities` lacks a field for.
    result["capabilities"]["typeHierarchyProvider"] = Value::Bool(true);
    output.send(Response::new_ok(id, result))?;
    let progress = params
        .capabilities
        .window
        .as_ref()
        .and_then(|w| w.work_done_progress)
        .unwrap_or(false);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let mut server = Server {
        receiver,
        output,
        workspace: Workspace::new(roots(&params), encoding),
        next_id: 0,
        tokens: Default::default(),
        shut_down: false,
        first_compile_progress: progress,
    };
    if watch {
        server.watch_files()?;
    }
    server.serve()
}

/// Waits for `initialize`, refusing other requests; `None` if the client left or said `exit`
/// first.
fn initialize(receiver: &Receiver<Message>, output: &Output) -> Result<Option<(RequestId, InitializeParams)>, Error> {
    for message in receiver {
        match message {
            Message::Request(request) if request.method == Initialize::METHOD => {
                match serde_json::from_value(request.params) {
                    Ok(params) => return Ok(Some((request.id, params))),
                    Err(e) => output.send(Response::new_err(
                        request.id,
                        ErrorCode::InvalidParams as i32,
                        e.to_string(),
                    ))?,
                }
            }
            Message::Request(request) => output.send(Response::new_err(
                request.id,
                ErrorCode::ServerNotInitialized as i32,
                format!("`{}` before `initialize`", request.method),
            ))?,
            Message::Notification(notification) if notification.method == Exit::METHOD => return Ok(None),
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
    Ok(None)
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..Default::default()
        })),
        hover_provider: Some(true.into()),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), "[".into(), ",".into()]),
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        // Document features: highlighting, structure, links, hints.
        semantic_tokens_provider: Some(
            lsp_types::SemanticTokensOptions {
                legend: semantic_tokens::legend(),
                range: Some(true),
                full: Some(lsp_types::SemanticTokensFullOptions::Delta { delta: Some(true) }),
                ..Default::default()
            }
            .into(),
        ),
        folding_range_provider: Some(true.into()),
        selection_range_provider: Some(true.into()),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(lsp_types::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        implementation_provider: Some(ImplementationProviderCapability::Simple(true)),
        ..Default::default()
    }
}

/// The workspace folders, or the deprecated root of older clients.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders.iter().filter_map(|f| uri::to_path(&f.uri)).collect();
    }
    #[allow(deprecated)]
    params.root_uri.iter().filter_map(uri::to_path).collect()
}

struct Server {
    receiver: Receiver<Message>,
    output: Output,
    workspace: Workspace,
    next_id: i32,
    /// The semantic tokens last sent for each document, for `/full/delta`.
    tokens: semantic_tokens::Sent,
    /// Whether `shutdown` came: every later request is refused, and `exit` is awaited.
    shut_down: bool,
    /// Whether the workspace's first compilation is still to come and the client shows
    /// progress: it is then reported (`progress.rs`).
    first_compile_progress: bool,
}

impl Server {
    /// Handles messages until `exit` or the end of the input; whether a `shutdown` came first.
    fn serve(&mut self) -> Result<bool, Error> {
        loop {
            let message = if self.workspace.is_dirty() && !self.shut_down {
                match self.receiver.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Empty) => {
                        self.refresh()?;
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return Ok(false),
                }
            } else {
                match self.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(false),
                }
            };
            match message {
                Message::Request(request) => self.request(request)?,
                Message::Notification(notification) if notification.method == Exit::METHOD => {
                    return Ok(self.shut_down);
                }
                Message::Notification(_) if self.shut_down => {}
                Message::Notification(notification) => {
                    let method = notification.method.clone();
                    if let Err(panic) = guarded(|| self.notified(notification)) {
                        self.failed(&format!("handling `{method}`"), &panic)?;
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    fn request(&mut self, request: Request) -> Result<(), Error> {
        let refused = if self.shut_down {
            "the server is shut down"
        } else if request.method == Initialize::METHOD {
            "the server is initialized already"
        } else if request.method == Shutdown::METHOD {
            self.shut_down = true;
            return self.send(Response::new_ok(request.id, ()));
        } else {
            self.refresh()?;
            return self.answer(request);
        };
        let error = format!("`{}` refused: {refused}", request.method);
        self.send(Response::new_err(request.id, ErrorCode::InvalidRequest as i32, error))
    }

    fn send(&self, message: impl Into<Message>) -> Result<(), Error> {
        self.output.send(message)?;
        Ok(())
    }

    /// Compiles what changed and publishes the diagnostics that changed. A compilation that
    /// panics is dropped, and what the dropped compilations had found is taken back.
    fn refresh(&mut self) -> Result<(), Error> {
        // Reported for the first refresh that compiles something (a request may come first).
        let progress = if self.first_compile_progress && self.workspace.is_dirty() {
            self.first_compile_progress = false;
            self.next_id += 1;
            let id = RequestId::from(self.next_id);
            let finding = "finding the files of the workspace".to_string();
            Some(Progress::begin(&self.output, id, "mofc: compiling", finding)?)
        } else {
            None
        };
        let mut report = |message, percentage| {
            if let Some(progress) = &progress {
                // A client that has gone away is noticed at the next message.
                let _ = progress.report(message, percentage);
            }
        };
        let published = match guarded(|| self.workspace.refresh(&mut report)) {
            Ok(published) => published,
            Err(panic) => {
                self.failed("compiling", &panic)?;
                self.workspace.recover()
            }
        };
        if let Some(progress) = progress {
            let compilations = self.workspace.compilations();
            let files: usize = compilations.iter().map(|c| c.unit.files.len()).sum();
            progress.end(format!("{} compilations, {files} files", compilations.len()))?;
        }
        // What cannot be used of a `mofc.toml`: the folder is compiled with the defaults.
        for message in std::mem::take(&mut self.workspace.messages) {
            let params = ShowMessageParams {
                typ: MessageType::ERROR,
                message,
            };
            self.output.notify(ShowMessage::METHOD, &params)?;
        }
        for publish in published {
            let Some(uri) = uri::from_path(&publish.path) else {
                continue;
            };
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics: publish.diagnostics,
                version: publish.version,
            };
            self.output.notify(PublishDiagnostics::METHOD, &params)?;
        }
        Ok(())
    }

    /// Asks the client to tell of changes to MOF files, C headers and `mofc.toml` made outside
    /// the editor.
    fn watch_files(&mut self) -> Result<(), Error> {
        let watchers = ["**/*.{mof,mfl,MOF,MFL}", "**/*.h", "**/mofc.toml"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect();
        let registration = Registration {
            id: "mofc-watch".into(),
            method: DidChangeWatchedFiles::METHOD.into(),
            register_options: Some(serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })?),
        };
        self.next_id += 1;
        let request = Request::new(
            RequestId::from(self.next_id),
            RegisterCapability::METHOD.into(),
            RegistrationParams {
                registrations: vec![registration],
            },
        );
        self.send(request)
    }

    fn notified(&mut self, notification: Notification) {
        let encoding = self.workspace.encoding;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(params) = params::<lsp_types::DidOpenTextDocumentParams>(notification.params) else {
                    return;
                };
                if let Some(path) = self.path(&params.text_document.uri) {
                    let document = params.text_document;
                    self.workspace.open(path, document.text, document.version);
                }
            }
            DidChangeTextDocument::METHOD => {
                let Some(params) = params::<lsp_types::DidChangeTextDocumentParams>(notification.params) else {
                    return;
                };
                let Some(path) = self.path(&params.text_document.uri) else {
                    return;
                };
                let Some(buffer) = self.workspace.edit(&path) else {
                    return;
                };
                buffer.version = params.text_document.version;
                changes::apply(&mut buffer.text, params.content_changes, encoding);
            }
            DidSaveTextDocument::METHOD => {
                let Some(params) = params::<lsp_types::DidSaveTextDocumentParams>(notification.params) else {
                    return;
                };
                if let Some(path) = self.path(&params.text_document.uri) {
                    self.workspace.changed_on_disk(vec![path], false);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Some(params) = params::<lsp_types::DidCloseTextDocumentParams>(notification.params) else {
                    return;
                };
                if let Some(path) = self.path(&params.text_document.uri) {
                    self.tokens.forget(&path);
                    self.workspace.close(&path);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Some(params) = params::<lsp_types::DidChangeWatchedFilesParams>(notification.params) else {
                    return;
                };
                let created_or_deleted = params
                    .changes
                    .iter()
                    .any(|c| c.typ == FileChangeType::CREATED || c.typ == FileChangeType::DELETED);
                let paths = params.changes.iter().filter_map(|c| self.path(&c.uri)).collect();
                self.workspace.changed_on_disk(paths, created_or_deleted);
            }
            _ => {}
        }
    }

    fn path(&self, uri: &lsp_types::Uri) -> Option<PathBuf> {
        uri::to_path(uri).map(|path| self.workspace.canonical(&path))
    }

    /// Answers a request. A request that makes a feature panic is answered with an error,
    /// and the server goes on.
    fn answer(&mut self, request: Request) -> Result<(), Error> {
        let id = request.id.clone();
        let method = request.method.clone();
        let response = match guarded(|| self.dispatch(request)) {
            Ok(Ok(result)) => return Ok(self.output.respond(&id, &result)?),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(panic) => {
                self.failed(&format!("answering `{method}`"), &panic)?;
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("mofc failed to answer `{method}`; please report this"),
                )
            }
        };
        self.send(response)
    }

    /// Logs a panic that was caught (the panic hook has already written where it happened to
    /// stderr) to stderr and to the client's log, as the server goes on.
    fn failed(&self, doing: &str, panic: &str) -> Result<(), Error> {
        let message = format!("mofc panicked while {doing} ({panic}) and goes on; please report this");
        // Not `eprintln!`, which panics when stderr is closed: this runs after a panic was caught.
        let _ = writeln!(std::io::stderr(), "{message}");
        let params = LogMessageParams {
            typ: MessageType::ERROR,
            message,
        };
        Ok(self.output.notify(LogMessage::METHOD, &params)?)
    }

    /// A request's result, as JSON text.
    fn dispatch(&self, request: Request) -> Result<String, (ErrorCode, String)> {
        let ws = &self.workspace;
        let value = match request.method.as_str() {
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = expect(request.params)?;
                let at = &p.text_document_position_params;
                serde_json::to_string(
                    &self
                        .path(&at.text_document.uri)
                        .and_then(|path| hover::hover(ws, &path, at.position)),
                )
            }
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = expect(request.params)?;
                let at = &p.text_document_position_params;
                let found = self
                    .path(&at.text_document.uri)
                    .and_then(|path| definition::definition(ws, &path, at.position));
                serde_json::to_string(&found.map(lsp_types::GotoDefinitionResponse::Scalar))
            }
            References::METHOD => {
                let p: lsp_types::ReferenceParams = expect(request.params)?;
                let at = &p.text_document_position;
                let found = self
                    .path(&at.text_document.uri)
                    .map(|path| references::references(ws, &path, at.position, p.context.include_declaration));
                serde_json::to_string(&found)
            }
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = expect(request.params)?;
                let at = &p.text_document_position;
                let items = self
                    .path(&at.text_document.uri)
                    .map(|path| completion::completion(ws, &path, at.position));
                serde_json::to_string(&items.map(lsp_types::CompletionResponse::Array))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = expect(request.params)?;
                let found = self.path(&p.text_document.uri).map(|path| symbols::symbols(ws, &path));
                serde_json::to_string(&found.map(lsp_types::DocumentSymbolResponse::Nested))
            }
            Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = expect(request.params)?;
                let edits = self
                    .path(&p.text_document.uri)
                    .and_then(|path| formatting::format(ws, &path));
                serde_json::to_string(&edits)
            }
            // Document features: highlighting, structure, links, hints.
            SemanticTokensFullRequest::METHOD => {
                let p: lsp_types::SemanticTokensParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .and_then(|path| self.tokens.full(ws, &path));
                serde_json::to_string(&found.map(lsp_types::SemanticTokensResult::Tokens))
            }
            SemanticTokensFullDeltaRequest::METHOD => {
                let p: lsp_types::SemanticTokensDeltaParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .and_then(|path| self.tokens.delta(ws, &path, &p.previous_result_id));
                serde_json::to_string(&found)
            }
            SemanticTokensRangeRequest::METHOD => {
                let p: lsp_types::SemanticTokensRangeParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .and_then(|path| semantic_tokens::tokens(ws, &path, Some(p.range)));
                let found = found.map(|data| lsp_types::SemanticTokens { result_id: None, data });
                serde_json::to_string(&found.map(lsp_types::SemanticTokensRangeResult::Tokens))
            }
            FoldingRangeRequest::METHOD => {
                let p: lsp_types::FoldingRangeParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .map(|path| folding::folding_ranges(ws, &path));
                serde_json::to_string(&found)
            }
            SelectionRangeRequest::METHOD => {
                let p: lsp_types::SelectionRangeParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .and_then(|path| selection::selection_ranges(ws, &path, &p.positions));
                serde_json::to_string(&found)
            }
            DocumentHighlightRequest::METHOD => {
                let p: lsp_types::DocumentHighlightParams = expect(request.params)?;
                let at = &p.text_document_position_params;
                let found = self
                    .path(&at.text_document.uri)
                    .and_then(|path| highlight::highlights(ws, &path, at.position));
                serde_json::to_string(&found)
            }
            DocumentLinkRequest::METHOD => {
                let p: lsp_types::DocumentLinkParams = expect(request.params)?;
                let found = self.path(&p.text_document.uri).map(|path| links::links(ws, &path));
                serde_json::to_string(&found)
            }
            InlayHintRequest::METHOD => {
                let p: lsp_types::InlayHintParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .map(|path| inlay_hints::inlay_hints(ws, &path, p.range));
                serde_json::to_string(&found)
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .map(|path| code_action::actions(ws, &path, &p));
                serde_json::to_string(&found)
            }
            PrepareRenameRequest::METHOD => {
                let p: lsp_types::TextDocumentPositionParams = expect(request.params)?;
                let found = self
                    .path(&p.text_document.uri)
                    .map(|path| rename::prepare(ws, &path, p.position));
                serde_json::to_string(&found.transpose().map_err(refused)?.flatten())
            }
            Rename::METHOD => {
                let p: lsp_types::RenameParams = expect(request.params)?;
                let at = &p.text_document_position;
                let found = self
                    .path(&at.text_document.uri)
                    .map(|path| rename::rename(ws, &path, at.position, &p.new_name));
                serde_json::to_string(&found.transpose().map_err(refused)?.flatten())
            }
            WorkspaceSymbolRequest::METHOD => {
                let p: lsp_types::WorkspaceSymbolParams = expect(request.params)?;
                let found = workspace_symbols::symbols(ws, &p.query);
                serde_json::to_string(&lsp_types::WorkspaceSymbolResponse::Nested(found))
            }
            GotoImplementation::METHOD => {
                let p: lsp_types::request::GotoImplementationParams = expect(request.params)?;
                let at = &p.text_document_position_params;
                let found = self
                    .path(&at.text_document.uri)
                    .map(|path| implementation::implementation(ws, &path, at.position));
                serde_json::to_string(&found.map(lsp_types::GotoDefinitionResponse::Array))
            }
            TypeHierarchyPrepare::METHOD => {
                let p: lsp_types::TypeHierarchyPrepareParams = expect(request.params)?;
                let at = &p.text_document_position_params;
                let found = self
                    .path(&at.text_document.uri)
                    .and_then(|path| hierarchy::prepare(ws, &path, at.position));
                serde_json::to_string(&found)
            }
            TypeHierarchySupertypes::METHOD => {
                let p: lsp_types::TypeHierarchySupertypesParams = expect(request.params)?;
                serde_json::to_string(&hierarchy::supertypes(ws, &p.item))
            }
            TypeHierarchySubtypes::METHOD => {
                let p: lsp_types::TypeHierarchySubtypesParams = expect(request.params)?;
                serde_json::to_string(&hierarchy::subtypes(ws, &p.item))
            }
            method => return Err((ErrorCode::MethodNotFound, format!("mofc does not handle `{method}`"))),
        };
        value.map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }
}

/// A notification's parameters; a malformed notification is ignored, as it cannot be answered.
fn params<T: DeserializeOwned>(value: Value) -> Option<T> {
    serde_json::from_value(value).ok()
}

/// A request refused with its reason (a rename that cannot be done).
fn refused(reason: String) -> (ErrorCode, String) {
    (ErrorCode::RequestFailed, reason)
}

/// A request's parameters, or the error to answer with.
fn expect<T: DeserializeOwned>(value: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}
