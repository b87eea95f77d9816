//! MOF in strings. In a DMTF compilation the string value of an `EmbeddedObject` or
//! `EmbeddedInstance` property is compiled as pywbem compiles it: it must hold instance
//! declarations only, each checked against its class like any instance. What is wrong is
//! reported at the string: at the exact place when the literal is written without escapes,
//! else on the whole string with the place inside it in words.

use std::sync::Arc;

use super::Resolver;
use super::instances::{check_instance, conforms, undefined_alias};
use crate::diag::{Code, Diagnostic, Edit};
use crate::sema::model::NamespaceId;
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::ast::Item;
use crate::syntax::unit::embedded_key;
use crate::syntax::{Parsed, parse};

/// The file that spans inside an embedded text point into, until they are moved to the string.
const EMBEDDED: FileId = FileId(u32::MAX);

/// How many strings deep the MOF of embedded objects is compiled: an instance in a string, with
/// a string of its own, and so on. Each level is a copy of the text inside the one around it, and
/// escaping can make a level only a few bytes longer than the next, so without a limit a file
/// of a few megabytes made gigabytes of copies. Real files nest one or two.
pub const MAX_STRING_DEPTH: usize = 8;

/// The MOF in an embedded object's string, parsed: spans point into `text`. The class finder
/// parses the strings of a compilation's instances into `Unit::embedded`, where analysis finds
/// them.
pub fn parse_embedded(text: &str) -> Parsed {
    parse(EMBEDDED, text)
}

/// Compiles and checks `text`, the value of an embedded object property at `at` in `file`, whose
/// instances must be of the class `wanted` (`EmbeddedInstance("C")`) if it says one.
pub fn check_string(
    cx: &mut Resolver,
    file: FileId,
    namespace: NamespaceId,
    text: &str,
    at: Span,
    wanted: Option<&str>,
) {
    // pywbem compiles only a value that is not empty.
    if text.is_empty() {
        return;
    }
    if cx.strings_deep == MAX_STRING_DEPTH {
        let d = Diagnostic::new(
            Code::NestingTooDeep,
            file,
            at,
            format!("embedded objects nested more than {MAX_STRING_DEPTH} strings deep"),
        )
        .with_label("the MOF in this string is not compiled");
        cx.push(d);
        return;
    }
    let parsed = match cx.unit.embedded.get(&embedded_key(text)) {
        Some(parsed) => parsed.clone(),
        None => Arc::new(parse_embedded(text)),
    };
    let before = cx.out.len();
    let syntax_errors = !parsed.diagnostics.is_empty();
    cx.out.extend(parsed.diagnostics.iter().cloned());
    cx.strings_deep += 1;
    for item in &parsed.ast.items {
        match item {
            Item::Instance(decl) => {
                let mut aliases = Vec::new();
                let got = check_instance(cx, EMBEDDED, namespace, decl, true, &mut aliases);
                conforms(cx, (EMBEDDED, decl.class.span), namespace, got, wanted);
                // As pywbem, which compiles the string with the parser of the file and its
                // aliases.
                for (_, value) in aliases {
                    undefined_alias(cx, EMBEDDED, value);
                }
            }
            other => {
                let what = match other {
                    Item::Class(_) => "a class declaration",
                    Item::Qualifier(_) => "a qualifier declaration",
                    _ => "a pragma",
                };
                cx.push(
                    Diagnostic::new(
                        Code::EmbeddedNotInstances,
                        EMBEDDED,
                        other.span(),
                        format!("an embedded object is an instance, not {what}"),
                    )
                    .with_label("not an instance declaration"),
                );
            }
        }
    }
    cx.strings_deep -= 1;
    if parsed.ast.items.is_empty() && !syntax_errors {
        cx.push(
            Diagnostic::new(
                Code::EmbeddedNotInstances,
                EMBEDDED,
                Span::new(0, text.len()),
                "this embedded object's string holds no instance",
            )
            .with_label("no `instance of` here"),
        );
    }
    if cx.out.len() == before {
        return;
    }
    let source = (file != EMBEDDED).then(|| &cx.unit.sources.get(file).text);
    let place = Place::new(source.map(String::as_str), text, at);
    for d in &mut cx.out[before..] {
        place.apply(d, file);
    }
}

/// Where the text of a string literal is in its file.
struct Place {
    /// The embedded text, for lines and columns inside it.
    text: SourceFile,
    at: Span,
    /// Whether the literal is the text between two quotes, byte for byte.
    exact: bool,
}

impl Place {
    /// `source` is the text of the string's file, unless the string is itself embedded.
    fn new(source: Option<&str>, text: &str, at: Span) -> Place {
        let literal = source.and_then(|s| s.get(at.range()));
        // Not sliced by lengths: a string from a macro has the span of the macro's name, which
        // need not be quotes around ASCII.
        let exact = literal
            .and_then(|l| l.strip_prefix('"')?.strip_suffix('"'))
            .is_some_and(|inner| inner == text);
        Place {
            text: SourceFile::new(Default::default(), String::new(), text.to_string()),
            at,
            exact,
        }
    }

    /// Moves the labels of `d` that point into the embedded text to the string in `file`, and
    /// its fix with them where the string is written as it reads; elsewhere, where to write the
    /// fix is unknown (the text inside is escaped), and it is dropped.
    fn apply(&self, d: &mut Diagnostic, file: FileId) {
        if d.primary.file == EMBEDDED && !self.exact {
            let (line, column) = self.text.line_column(d.primary.span.start as usize);
            d.message = format!("{} (in the embedded MOF, line {line}, column {column})", d.message);
        }
        for label in std::iter::once(&mut d.primary).chain(&mut d.secondary) {
            if label.file == EMBEDDED {
                label.file = file;
                label.span = self.moved(label.span);
            }
        }
        let Some(fix) = &mut d.fix else { return };
        let inside = |edit: &Edit| edit.file == EMBEDDED;
        if !fix.edits.iter().any(inside) {
            return;
        }
        // A replacement with a quote or a backslash would need escaping in the string.
        let writable = self.exact
            && !fix
                .edits
                .iter()
                .any(|e| inside(e) && e.replacement.contains(['"', '\\']));
        if !writable {
            d.fix = None;
            return;
        }
        for edit in fix.edits.iter_mut().filter(|e| e.file == EMBEDDED) {
            edit.file = file;
            edit.span = self.moved(edit.span);
        }
    }

    /// Where a span of the embedded text is in the string's file: the same characters when the
    /// literal is written as it reads, else the whole literal.
    fn moved(&self, span: Span) -> Span {
        if self.exact {
            // After the opening quote.
            let start = self.at.start + 1;
            Span::new((start + span.start) as usize, (start + span.end) as usize)
        } else {
            self.at
        }
    }
}
