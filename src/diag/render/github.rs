//! Diagnostics as GitHub Actions workflow commands, which the runner turns into annotations on
//! the changed lines of a pull request: `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE::message`.
//!
//! The runner reads a command to the end of its line, its properties up to `,` and `::`, so the
//! message escapes `%`, CR and LF, and property values also `:` and `,`. The runner's log is a
//! terminal of sorts (it renders ANSI escapes), so other control characters are made visible.

use std::fmt::Write;
use std::path::Path;

use super::{FilePath, Position, visible};
use crate::diag::{Diagnostic, Severity};
use crate::source::Sources;

/// The workflow command lines for a run, each ending in a newline. Paths are relative to `base`
/// (the folder mofc ran in, normally the checkout) where possible.
pub fn github(diagnostics: &[(&Sources, &Diagnostic)], base: &Path) -> String {
    let mut out = String::new();
    for &(sources, d) in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let file = sources.get(d.primary.file);
        let at = Position::of(file, d.primary.span);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        for label in &d.secondary {
            let other = sources.get(label.file);
            let place = Position::of(other, label.span);
            let path = FilePath::of(other, base);
            let _ = write!(
                message,
                "\n{}:{}:{}: {}",
                path.as_str(),
                place.line,
                place.column,
                label.message
            );
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(FilePath::of(file, base).as_str()),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            property(d.code.id()),
            data(&message)
        );
    }
    out
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
        assert_eq!(data("`\x1b[31m`"), "`␛[31m`");
        assert_eq!(property("C:\\a,b%.mof\n"), "C%3A\\a%2Cb%25.mof%0A");
    }
}
