//! The language server (`mofc lsp`): the compiler behind an editor, over stdio.
//!
//! It compiles what `mofc check` compiles, through an overlay of the editor's unsaved buffers
//! (`world.rs`), and keeps every file's syntax tree between edits (`syntax::unit::ParseCache`), so
//! that an edit parses one file again. `transport.rs` reads and frames the JSON-RPC messages
//! (answering what cannot be read, without ending); `server.rs` runs the protocol (lsp-server's
//! message types, one thread, messages in order); `changes.rs` applies edits to buffers;
//! `workspace.rs` knows the compilations and compiles them again; `position.rs` converts byte
//! offsets to the client's positions; `locate.rs` finds the syntax node under the cursor; each
//! feature has its own file.

mod changes;
mod code_action;
mod completion;
mod definition;
mod diagnostics;
mod folding;
mod formatting;
mod guard;
mod hierarchy;
mod highlight;
mod hover;
mod implementation;
mod incremental;
mod inlay_hints;
mod kept;
mod links;
mod locate;
mod position;
mod progress;
mod references;
mod rename;
mod selection;
mod semantic_tokens;
mod server;
mod settings;
mod symbols;
mod transport;
mod uri;
mod workspace;
mod workspace_symbols;
mod world;

pub use server::{Error, run};
