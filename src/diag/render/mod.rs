//! Renderers: diagnostics as text for people (`human`) and for programs (`json`, `sarif` for
//! code scanning, `github` for workflow annotations).

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::{ColorMode, human};
pub use json::{Summary, json};
pub use sarif::sarif;

use std::ops::Range;
use std::path::Path;

use codespan_reporting::files::{Error, Files};

use crate::source::{FileId, SourceFile, Sources, Span};

/// `Sources` as codespan-reporting sees them.
struct SourceFiles<'a>(&'a Sources);

impl<'a> Files<'a> for SourceFiles<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, Error> {
        Ok(&self.0.get(id).name)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, Error> {
        Ok(&self.0.get(id).text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, Error> {
        Ok(self.0.get(id).line_index(byte_index))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, Error> {
        let file = self.0.get(id);
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = starts.get(line_index + 1).map_or(file.text.len(), |&s| s as usize);
        Ok(start as usize..end)
    }
}

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
