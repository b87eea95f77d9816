//! Renderers: diagnostics as text for people (`human`) and for programs (`json`, `sarif` for
//! code scanning, `github` for workflow annotations).

mod excerpt;
mod github;
mod human;
mod json;
mod sarif;

pub use excerpt::visible;
pub use github::github;
pub use human::{ColorMode, human};
pub use json::{Summary, json};
pub use sarif::sarif;

use std::path::Path;

use crate::source::{SourceFile, Span};

/// A span as 1-based lines and columns (columns in Unicode scalar values; the end is the
/// position just after the span).
struct Position {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl Position {
    fn of(file: &SourceFile, span: Span) -> Position {
        let (line, column) = file.line_column(span.start as usize);
        let (end_line, end_column) = file.line_column(span.end as usize);
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A file's path as tools running in a checkout expect it: relative to the folder mofc ran in
/// (with `/` separators), or absolute when the file is elsewhere.
enum FilePath {
    Relative(String),
    Absolute(String),
}

impl FilePath {
    fn of(file: &SourceFile, base: &Path) -> FilePath {
        match file.path.strip_prefix(base) {
            Ok(relative) => FilePath::Relative(
                relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            ),
            Err(_) => FilePath::Absolute(file.path.to_string_lossy().into_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            FilePath::Relative(path) | FilePath::Absolute(path) => path,
        }
    }
}
