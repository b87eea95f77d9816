//! Source files: how bytes are read (from disk or an editor's buffers), decoded, and addressed.
//!
//! Every later stage refers to text through a [`FileId`] and a byte [`Span`]; nothing else keeps
//! copies of file contents.

mod decode;
mod files;
mod search;
mod world;

pub use decode::{DecodeError, Encoding, NotText, decode};
pub use files::{FileId, SourceFile, Sources, Span, display_name, ends_line};
pub use search::{
    ClassFiles, DEFAULT_EXCLUDE, Exclude, Learnt, Memo, SearchPath, anchored_glob, misspelled, mof_files,
    mof_files_except,
};
pub use world::{Asked, Asking, DiskWorld, ListedOnce, Overlaid, World, read_regular};
