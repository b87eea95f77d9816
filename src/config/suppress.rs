//! Inline suppression comments: `// mofc: ignore[W0304, E0322]` (or the same in `/* */`).
//!
//! At the end of a line of code, the comment silences those codes on that line. On a line of its
//! own, it silences them in the declaration or member that starts right after it (further
//! comments and blank lines may come between): a class, instance, qualifier declaration or
//! pragma; a property, reference, method or parameter of a class; a property value of an
//! instance. When no declaration starts there, it silences the line where the next code starts.
//! A diagnostic belongs to the place where its primary span starts.
//!
//! Text after the closing `]` is free, for the reason. A comment that starts with `mofc:` but
//! does not parse, or names a code that is unknown or cannot be suppressed, is warning W0401; a
//! code that silences nothing is warning W0402. Both are about the comments themselves, so a
//! comment cannot suppress them (`ignore` in `mofc.toml` can).

use std::ops::Range;

use super::selector::fixed;
use crate::diag::{Code, Diagnostic, Edit, Fix};
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::ast::{Feature, File, Item};
use crate::syntax::unit::Unit;

/// One suppression comment.
struct Suppression {
    file: FileId,
    /// Byte offsets of the file whose diagnostics it silences.
    scope: Range<u32>,
    /// Each code it names, where, and whether it silenced anything yet.
    codes: Vec<(Code, Span, bool)>,
    /// How many codes the comment names, valid or not.
    names: usize,
    /// What removing one code deletes: the code and a comma next to it, per entry of `codes`.
    removals: Vec<Span>,
    /// What removing the whole comment replaces, and with what: the comment, the blanks before
    /// it, and its line break when nothing else is on its line; a comment between two tokens
    /// leaves one blank, so that they stay apart.
    whole: (Span, &'static str),
}

/// The suppression comments of a compilation, and what is wrong with them.
pub struct Suppressions {
    list: Vec<Suppression>,
    invalid: Vec<Diagnostic>,
}

impl Suppressions {
    /// Reads the suppression comments of every file of `unit`.
    pub fn read(unit: &Unit) -> Suppressions {
        let mut found = Suppressions {
            list: Vec::new(),
            invalid: Vec::new(),
        };
        // Built once: `str::contains` sets a search up for each comment (thousands in a schema).
        let marker = memchr::memmem::Finder::new("mofc:");
        for (id, source) in unit.sources.iter() {
            let Some(ast) = unit.files.get(id.0 as usize) else {
                continue;
            };
            for (index, &comment) in ast.comments.iter().enumerate() {
                let Some(text) = source.text.get(comment.range()) else {
                    continue;
                };
                if marker.find(text.as_bytes()).is_none() {
                    continue;
                }
                found.read_comment(id, source, ast, index, comment, text);
            }
        }
        found
    }

    fn read_comment(&mut self, file: FileId, source: &SourceFile, ast: &File, index: usize, comment: Span, text: &str) {
        // Both comment openers are two bytes long.
        let (body, base) = match text.strip_prefix("//").or_else(|| text.strip_prefix("/*")) {
            Some(body) => (body.strip_suffix("*/").unwrap_or(body), comment.start as usize + 2),
            None => (text, comment.start as usize),
        };
        let Some(parsed) = directive(body) else {
            return;
        };
        let Some(names) = parsed else {
            let d = Diagnostic::new(
                Code::InvalidSuppression,
                file,
                comment,
                "this `mofc:` comment is not a suppression mofc can read",
            )
            .with_help("write `// mofc: ignore[CODE, ...]`, with codes such as W0304");
            self.invalid.push(d);
            return;
        };
        let mut codes = Vec::new();
        let mut removals = Vec::new();
        let spans: Vec<Span> = names
            .iter()
            .map(|&(offset, name)| Span::new(base + offset, base + offset + name.len()))
            .collect();
        for (i, &(_, name)) in names.iter().enumerate() {
            let span = spans[i];
            // With the comma after it, or for the last code the comma before it.
            let removal = match (spans.get(i + 1), i.checked_sub(1)) {
                (Some(next), _) => Span::new(span.start as usize, next.start as usize),
                (None, Some(previous)) => Span::new(spans[previous].end as usize, span.end as usize),
                (None, None) => span,
            };
            let problem = match Code::parse(name) {
                None => Err((format!("unknown code `{name}`"), "`mofc explain` lists every code")),
                Some(code) if fixed(code) => Err((
                    format!("`{}` cannot be suppressed", code.id()),
                    "errors in reading files, tokens and syntax are always reported: the declarations \
                     they break are missing from the model",
                )),
                Some(code @ (Code::InvalidSuppression | Code::UnusedSuppression)) => Err((
                    format!(
                        "`{}` is about suppression comments and cannot be suppressed by one",
                        code.id()
                    ),
                    "use `ignore` in the `[lint]` table of mofc.toml",
                )),
                Some(code) => Ok(code),
            };
            match problem {
                Ok(code) => {
                    codes.push((code, span, false));
                    removals.push(removal);
                }
                Err((message, help)) => self.invalid.push(
                    Diagnostic::new(Code::InvalidSuppression, file, span, message)
                        .with_label("in this suppression comment")
                        .with_help(help),
                ),
            }
        }
        if !codes.is_empty() {
            self.list.push(Suppression {
                file,
                scope: scope(source, ast, index),
                codes,
                names: spans.len(),
                removals,
                whole: whole_comment(&source.text, comment),
            });
        }
    }

    /// Whether a comment silences `d`; every suppression that does is marked as used.
    pub fn silences(&mut self, d: &Diagnostic) -> bool {
        let at = d.primary.span.start;
        let mut silenced = false;
        for s in self
            .list
            .iter_mut()
            .filter(|s| s.file == d.primary.file && s.scope.contains(&at))
        {
            for (code, _, used) in &mut s.codes {
                if *code == d.code {
                    *used = true;
                    silenced = true;
                }
            }
        }
        silenced
    }

    /// What is wrong with the comments: invalid ones, and with `unused`, codes that silenced
    /// nothing.
    pub fn findings(self, unused: bool) -> Vec<Diagnostic> {
        let mut found = self.invalid;
        if unused {
            for s in self.list {
                let unused = s.codes.iter().filter(|c| !c.2).count();
                for ((code, span, used), removal) in s.codes.into_iter().zip(s.removals) {
                    if !used {
                        let (title, (removed, with)) = if unused == s.names {
                            ("Remove the suppression comment", s.whole)
                        } else {
                            ("Remove the unused code", (removal, ""))
                        };
                        found.push(
                            Diagnostic::new(
                                Code::UnusedSuppression,
                                s.file,
                                span,
                                format!("`{}` is not reported here", code.id()),
                            )
                            .with_label("this suppression silences nothing")
                            .with_help("remove it")
                            .with_fix(Fix::safe(title, vec![Edit::replace(s.file, removed, with)])),
                        );
                    }
                }
            }
        }
        found
    }
}

/// The comment at `comment` with the blanks before it, and its line break when nothing else is
/// on its line; with the text to put there: a blank where the comment separates two tokens
/// (`uint8 /* ... */x`), which deleting it with its blanks would join.
fn whole_comment(text: &str, comment: Span) -> (Span, &'static str) {
    let (start, end) = (comment.start as usize, comment.end as usize);
    let before = text[..start].trim_end_matches([' ', '\t']);
    let alone = before.is_empty() || before.ends_with(['\n', '\r']);
    let after = &text[end..];
    if alone {
        let line_break = ["\r\n", "\n", "\r"]
            .into_iter()
            .find(|b| after.starts_with(b))
            .map_or(0, str::len);
        return (Span::new(before.len(), end + line_break), "");
    }
    let between_tokens = !after.is_empty() && !after.starts_with([' ', '\t', '\n', '\r']);
    (Span::new(before.len(), end), if between_tokens { " " } else { "" })
}

/// Reads the text of a comment (without `//` or `/* */`): `None` if it is not for mofc,
/// `Some(None)` if it is but does not parse, otherwise each code named, with its byte offset in
/// `body`.
fn directive(body: &str) -> Option<Option<Vec<(usize, &str)>>> {
    let rest = body.trim_start().strip_prefix("mofc:")?;
    let codes = || {
        let open = rest
            .trim_start()
            .strip_prefix("ignore")?
            .trim_start()
            .strip_prefix('[')?;
        let list = &open[..open.find(']')?];
        // `open` ends where `body` ends, so this is where the list starts in `body`.
        let mut at = body.len() - open.len();
        let mut codes = Vec::new();
        for part in list.split(',') {
            let name = part.trim();
            if name.is_empty() {
                return None;
            }
            codes.push((at + part.len() - part.trim_start().len(), name));
            at += part.len() + 1;
        }
        Some(codes)
    };
    Some(codes())
}

/// The byte range that the comment `ast.comments[index]` silences (see the module docs).
fn scope(source: &SourceFile, ast: &File, index: usize) -> Range<u32> {
    let text = source.text.as_str();
    let comment = ast.comments[index];
    let start = comment.start as usize;
    let line = |at: usize| {
        let first = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        first as u32..end as u32
    };
    let own_line = text[line(start).start as usize..start].trim().is_empty();
    if !own_line {
        return line(start);
    }
    // The next code: past blanks and any comments that follow.
    let mut next = comment.end as usize;
    let mut later = ast.comments[index + 1..].iter();
    loop {
        next = text.len() - text[next..].trim_start().len();
        match later.next() {
            Some(c) if c.start as usize == next => next = c.end as usize,
            _ => break,
        }
    }
    if next >= text.len() {
        return next as u32..next as u32;
    }
    declaration_at(ast, next as u32).map_or_else(|| line(next), |span| span.start..span.end)
}

/// The smallest declaration or member that starts at `at`.
fn declaration_at(ast: &File, at: u32) -> Option<Span> {
    let mut spans = Vec::new();
    for item in &ast.items {
        spans.push(item.span());
        match item {
            Item::Class(class) => {
                for feature in &class.features {
                    match feature {
                        Feature::Property(p) => spans.push(p.span),
                        Feature::Method(m) => {
                            spans.push(m.span);
                            spans.extend(m.params.iter().map(|p| p.span));
                        }
                    }
                }
            }
            Item::Instance(instance) => spans.extend(instance.properties.iter().map(|p| p.span)),
            Item::Pragma(_) | Item::Qualifier(_) => {}
        }
    }
    spans
        .into_iter()
        .filter(|s| s.start == at)
        .min_by_key(|s| s.end - s.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_with_offsets() {
        assert_eq!(directive(" just a comment"), None);
        assert_eq!(
            directive(" mofc: ignore[W0304, E0322] reason"),
            Some(Some(vec![(14, "W0304"), (21, "E0322")]))
        );
        assert_eq!(directive("mofc:ignore[ w0304 ]"), Some(Some(vec![(13, "w0304")])));
        assert_eq!(directive(" mofc: ignore[]"), Some(None));
        assert_eq!(directive(" mofc: ignore W0304"), Some(None));
        assert_eq!(directive(" mofc: ignore[W0304"), Some(None));
        assert_eq!(directive(" mofc: ignore[W0304,,E0322]"), Some(None));
    }
}
