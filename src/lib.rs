//! mofc: a compiler, validator, loader and language server for MOF (Managed Object Format).
//!
//! The modules follow the pipeline; each depends only on those above it:
//!
//! - [`source`]: files, encodings, where included files are found
//! - [`diag`]: the diagnostics every stage reports, their codes, and their renderers
//! - [`syntax`]: tokens, lexer, parser, syntax tree, compilation units
//! - [`sema`]: the resolved model of a compilation, and the rules over it
//! - [`repo`]: the persistent repository (redb), its records and their in-memory store
//! - [`load`]: PutClass / PutInstance semantics applied to a repository, events, the library API
//! - [`emit`]: the model written out as JSON or canonical MOF
//! - [`config`]: `mofc.toml` and suppression comments: which diagnostics are reported, how severe
//! - [`lsp`]: the language server, the compiler behind an editor
//! - [`cli`]: the `mofc` command line
//!
//! [`allocator`] is the binary's global allocator.
//!
//! See `ARCHITECTURE.md` for the invariants.

pub mod allocator;
pub mod cli;
pub mod config;
pub mod diag;
pub mod emit;
pub mod load;
pub mod lsp;
pub mod repo;
pub mod sema;
pub mod source;
pub mod syntax;
