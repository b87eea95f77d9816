//! Renderers: diagnostics as text for people (`human`) and for programs (`json`).

mod human;
mod json;

pub use human::{ColorMode, human};
pub use json::{Summary, json};

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use crate::source::{FileId, Sources};

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
