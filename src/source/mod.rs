//! Source files: how bytes are read (from disk or an editor's buffers), decoded, and addressed.
//!
//! Every later stage refers to text through a [`FileId`] and a byte [`Span`]; nothing else keeps
//! copies of file contents.

mod decode;
mod files;
mod search;
mod world;

pub use decode::{DecodeError, Encoding, NotText, decode};
pub use files::{FileId, SourceFile, Sources, Span, display_name};
pub use search::{ClassFiles, Memo, SearchPath, misspelled, mof_files};
pub use world::{DiskWorld, World, read_regular};
