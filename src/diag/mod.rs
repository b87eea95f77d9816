//! Diagnostics: what every stage reports, the registry of stable codes, and the renderers.
//!
//! A diagnostic is plain data (code, severity, message, labelled spans in any files). Stages
//! produce them; only the renderers here turn them into text for people or programs.

mod codes;
pub mod render;

pub use codes::{CODES, Code, CodeInfo};

use crate::source::{FileId, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in a file and what to say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Where the problem is. Its message may be empty.
    pub primary: Label,
    /// Other places that explain it (the base class, the first definition), possibly in other files.
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    /// The change that would remove the problem, when there is one clear remedy.
    pub fix: Option<Fix>,
}

/// Whether a fix may be applied without a person looking at it (as ruff's `Applicability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// A guess (one "did you mean" name among several, a file to include) or a change of
    /// meaning: applied by `mofc check --unsafe-fixes` and offered by the editor, never by `--fix`.
    Unsafe,
    /// The obvious correction and nothing more: applied by `mofc check --fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Text to put in place of a span of a file (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
    /// The name the edit replaces, when it replaces a token: in a preprocessed file a token
    /// may come from a macro and its span be the macro's use, whose text is another; the edit
    /// holds only where the text is this name ([`Fix::holds`]).
    pub replaces: Option<Box<str>>,
}

impl Edit {
    pub fn replace(file: FileId, span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            file,
            span,
            replacement: replacement.into(),
            replaces: None,
        }
    }

    /// Replaces the token `written` at `span` (see [`Edit::replaces`]).
    pub fn rename(file: FileId, span: Span, written: &str, replacement: impl Into<String>) -> Edit {
        Edit {
            replaces: Some(written.into()),
            ..Edit::replace(file, span, replacement)
        }
    }

    pub fn insert(file: FileId, at: u32, text: impl Into<String>) -> Edit {
        Edit::replace(file, Span::new(at as usize, at as usize), text)
    }

    pub fn delete(file: FileId, span: Span) -> Edit {
        Edit::replace(file, span, "")
    }
}

/// What would remove a diagnostic's problem: edits, possibly in several files, applied together.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// What the fix does, as an editor's menu shows it: "Replace with `string`".
    pub title: String,
    pub applicability: Applicability,
    /// Never overlapping one another.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Whether each edit replaces what it was made for in `sources` (see [`Edit::replaces`]).
    pub fn holds(&self, sources: &crate::source::Sources) -> bool {
        self.edits.iter().all(|edit| {
            edit.replaces.as_deref().is_none_or(|name| {
                let text = &sources.get(edit.file).text;
                text.get(edit.span.range())
                    .is_some_and(|t| t.eq_ignore_ascii_case(name))
            })
        })
    }

    pub fn new(applicability: Applicability, title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability,
            edits,
        }
    }

    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, title, edits)
    }
}

/// How a suggestion's help begins.
const DID_YOU_MEAN: &str = "did you mean";

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.info().severity,
            code,
            message: message.into(),
            primary: Label {
                file,
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Every place in a file that the diagnostic shows (its labels) or that its fix edits: the
    /// texts a compilation must keep to report it, and to apply the fix.
    pub fn places(&self) -> impl Iterator<Item = (FileId, Span)> + '_ {
        let edits = self.fix.iter().flat_map(|f| &f.edits).map(|e| (e.file, e.span));
        std::iter::once(&self.primary)
            .chain(&self.secondary)
            .map(|label| (label.file, label.span))
            .chain(edits)
    }

    /// At another severity than its code's: the milder case of a rule, or a judgement beside a
    /// certainty.
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    pub fn with_secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    /// Suggests the name meant for a misspelt one: "did you mean" help naming `meant` as it is
    /// written after those words (a name in backticks, "the data type `uint32`"), and `fix`,
    /// which writes it.
    pub fn with_suggestion(self, meant: impl std::fmt::Display, fix: Fix) -> Diagnostic {
        self.with_help(format!("{DID_YOU_MEAN} {meant}?")).with_fix(fix)
    }

    /// Takes the help if it is a suggestion's ([`with_suggestion`](Self::with_suggestion)), for a
    /// rule that says more about the same problem and keeps the near name first.
    pub fn take_suggestion(&mut self) -> Option<String> {
        self.help.take_if(|h| h.starts_with(DID_YOU_MEAN))
    }

    /// Gives the files a diagnostic points into (its labels and its fix's edits) the ids
    /// `id` says they have in another compilation.
    pub fn map_files(&mut self, id: impl Fn(FileId) -> FileId) {
        for label in std::iter::once(&mut self.primary).chain(&mut self.secondary) {
            label.file = id(label.file);
        }
        if let Some(fix) = &mut self.fix {
            fix.edits.iter_mut().for_each(|edit| edit.file = id(edit.file));
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
