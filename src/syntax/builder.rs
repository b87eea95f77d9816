//! What the grammar's actions call: building nodes, decoding literals, checking the things the
//! grammar leaves open (type, scope and flavor names), and turning parser errors into messages
//! in words.

use lalrpop_util::{ErrorRecovery, ParseError};

use super::ast::*;
use super::lexer::Spanned;
use super::literal::{self, LiteralError, Number};
use super::suggest::suggest;
use super::token::{Run, Tok};
use crate::diag::{Applicability, Code, Diagnostic, Edit, Fix};
use crate::source::{FileId, Span};

/// Where the parser was when it hit an error, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Declaration,
    Feature,
    PropertyValue,
}

/// The pragmas mofc knows (others are reported); the language server completes these names.
pub const KNOWN_PRAGMAS: &[&str] = &[
    "include",
    "namespace",
    "locale",
    "instancelocale",
    "source",
    "sourcetype",
    "nonlocal",
    "nonlocaltype",
    "classflags",
    "instanceflags",
    "deleteclass",
    "deleteinstance",
    "amendment",
    "autorecover",
];

pub struct Builder<'s> {
    file: FileId,
    /// The file's text, which the tokens index.
    text: &'s str,
    tokens: &'s [Spanned<'s>],
    pub diagnostics: Vec<Diagnostic>,
    /// Where the parser met errors, reported or not, in order.
    pub error_offsets: Vec<usize>,
    /// Parser errors before this offset are consequences of the last one reported and are not
    /// reported again: recovery resumes at the next `;`. The only state that one declaration's
    /// parse leaves to the next (`parser.rs` relies on this to parse stretches in parallel).
    pub quiet_until: usize,
    /// The last `next_sync_point` answer, as (searched from, result): errors come in order and
    /// up to thousands before one `;` (a run of `[`), so each search must not walk that run again.
    last_sync: (usize, usize),
}

impl<'s> Builder<'s> {
    pub fn new(file: FileId, text: &'s str, tokens: &'s [Spanned<'s>]) -> Builder<'s> {
        Builder {
            file,
            text,
            tokens,
            diagnostics: Vec::new(),
            error_offsets: Vec::new(),
            quiet_until: 0,
            last_sync: (usize::MAX, 0),
        }
    }

    /// The file's tokens, which `Tok::Strings` runs index.
    pub fn tokens(&self) -> &'s [Spanned<'s>] {
        self.tokens
    }

    pub fn span(&self, l: usize, r: usize) -> Span {
        Span::new(l, r)
    }

    fn error(&mut self, code: Code, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(code, self.file, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// An error that also points at another place in the same file.
    fn error_with(&mut self, code: Code, span: Span, message: String, other: Span, other_message: String) {
        let d = Diagnostic::new(code, self.file, span, message).with_secondary(self.file, other, other_message);
        self.diagnostics.push(d);
    }

    fn literal_error(&mut self, token_start: usize, e: LiteralError) {
        let span = Span::new(token_start + e.start, token_start + e.end);
        self.error(e.code, span, e.message);
    }

    pub fn name(&self, text: &str, l: usize, r: usize) -> Name {
        Name {
            text: text.into(),
            span: Span::new(l, r),
        }
    }

    /// A keyword standing as a name (`class As`), spelt as written (a keyword that a C macro
    /// expanded to has the span of the macro's name, and keeps its own spelling).
    pub fn keyword_name(&self, keyword: &str, l: usize, r: usize) -> Name {
        let written = self.text.get(l..r).filter(|w| w.eq_ignore_ascii_case(keyword));
        self.name(written.unwrap_or(keyword), l, r)
    }

    pub fn value(&self, kind: ValueKind, l: usize, r: usize) -> Value {
        Value {
            kind,
            span: Span::new(l, r),
        }
    }

    pub fn number(&mut self, text: &str, l: usize, r: usize) -> Value {
        let kind = match literal::parse_number(text) {
            Ok(Number::Int(v)) => ValueKind::Int(v.into()),
            Ok(Number::Real(v)) => ValueKind::Real(v),
            Err(e) => {
                self.literal_error(l, e);
                ValueKind::Invalid
            }
        };
        self.value(kind, l, r)
    }

    /// An operand of a `|` expression: an integer.
    pub fn int_term(&mut self, text: &str, l: usize, r: usize) -> i128 {
        match self.number(text, l, r).kind {
            ValueKind::Int(n) => n.get(),
            ValueKind::Invalid => 0,
            _ => {
                self.error(
                    Code::InvalidNumber,
                    Span::new(l, r),
                    format!("`{text}` is not an integer; `|` combines integers"),
                );
                0
            }
        }
    }

    pub fn char16(&mut self, text: &str, l: usize, r: usize) -> Value {
        let kind = match literal::parse_char16(text) {
            Ok(c) => ValueKind::Char16(c),
            Err(e) => {
                self.literal_error(l, e);
                ValueKind::Invalid
            }
        };
        self.value(kind, l, r)
    }

    /// A string literal of one or more adjacent string tokens (start offset, quoted text),
    /// concatenated.
    pub fn string(&mut self, pieces: impl Iterator<Item = (usize, &'s str)> + Clone) -> StringLit {
        let mut value = String::with_capacity(pieces.clone().map(|(_, text)| text.len() - 2).sum());
        let mut span: Option<Span> = None;
        for (start, text) in pieces {
            if let Err(e) = literal::unescape_into(&mut value, text) {
                self.literal_error(start, e);
            }
            let piece = Span::new(start, start + text.len());
            span = Some(span.map_or(piece, |s| s.to(piece)));
        }
        StringLit {
            value,
            span: span.unwrap_or_default(),
        }
    }

    /// A string literal the parser received as one [`Tok::Strings`].
    pub fn strings(&mut self, run: Run) -> StringLit {
        let tokens = &self.tokens[run.first as usize..=run.last as usize];
        let pieces = tokens.iter().filter_map(|&(start, tok, _)| match tok {
            Tok::String(text) => Some((start, text)),
            _ => None,
        });
        // Most runs have no escape at all (the CIM Schema's descriptions): one search of the
        // text from the first quote to the last says so for all the pieces, where a search of
        // each would cost more to set up than to run. (A backslash between the pieces, in a
        // comment, only sends the run the long way.) Each piece must be that text's, where its
        // span says: one that a C macro expanded to is text of the macro's definition.
        let (start, end) = (tokens[0].0, tokens[tokens.len() - 1].2);
        let in_place = |(at, text): (usize, &str)| {
            let here = self.text.get(at..at + text.len());
            here.is_some_and(|here| std::ptr::eq(here.as_ptr(), text.as_ptr()))
        };
        let between = self.text.get(start..end).filter(|_| pieces.clone().all(in_place));
        if between.is_none_or(|between| memchr::memchr(b'\\', between.as_bytes()).is_some()) {
            return self.string(pieces);
        }
        let body = |(_, text): (usize, &'s str)| &text[1..text.len() - 1];
        let mut value = String::with_capacity(pieces.clone().map(|piece| body(piece).len()).sum());
        pieces.for_each(|piece| value.push_str(body(piece)));
        StringLit {
            value,
            span: Span::new(start, end),
        }
    }

    pub fn data_type(&mut self, name: Name) -> Type {
        match Intrinsic::from_name(&name.text) {
            Some(t) => Type::Intrinsic(t, name.span),
            None if name.is("void") => Type::Void(name.span),
            None => Type::Class(Box::new(name)),
        }
    }

    /// What the parser can check of a typed declaration (property, parameter, qualifier): `void`
    /// is only a method's return type, and an integer default must fit its type.
    fn check_typed(&mut self, ty: &Type, default: Option<&Value>) {
        match (ty, default) {
            (Type::Void(span), _) => {
                self.error(Code::UnknownType, *span, "`void` is not a data type here")
                    .help = Some("`void` may only stand as the return type of a method".into());
            }
            (Type::Intrinsic(t, _), Some(value)) => self.check_int_range(*t, value),
            _ => {}
        }
    }

    pub fn array_spec(&mut self, size: Option<&str>, l: usize, r: usize) -> ArraySpec {
        let span = Span::new(l, r);
        let size = size.and_then(|text| match literal::parse_number(text) {
            Ok(Number::Int(n)) if n > 0 && n <= i128::from(u32::MAX) => Some(n as u32),
            _ => {
                self.error(
                    Code::InvalidArraySize,
                    span,
                    format!("`{text}` is not a valid array size"),
                )
                .help = Some("write `[]` for a variable-length array or `[N]` with N > 0".into());
                None
            }
        });
        ArraySpec { size, span }
    }

    pub fn pragma(&mut self, name: Name, args: Vec<PragmaArg>, l: usize, r: usize) -> Pragma {
        if !KNOWN_PRAGMAS.iter().any(|p| name.is(p)) {
            self.error(
                Code::UnknownPragma,
                name.span,
                format!("unknown pragma `{}` is ignored", name.text),
            );
        }
        if name.is("namespace")
            && let [PragmaArg::String(path)] = &args[..]
            && let Some(problem) = namespace_path_problem(&path.value)
        {
            self.error(
                Code::InvalidPragma,
                path.span,
                format!("`{}` is not a namespace path: {problem}", path.value),
            )
            .help =
                Some("name the namespace (`root/test`), or give it as a WMI machine path (`\\\\.\\root\\test`)".into());
        }
        Pragma {
            name,
            args,
            span: Span::new(l, r),
        }
    }

    pub fn pragma_number(&mut self, text: &str, l: usize, r: usize) -> PragmaArg {
        let value = self.number(text, l, r);
        match value.kind {
            ValueKind::Int(n) => PragmaArg::Number(n, value.span),
            _ => PragmaArg::Name(self.name(text, l, r)),
        }
    }

    /// Flavor names, checked for unknown, repeated and contradictory ones.
    fn flavors(&mut self, names: Vec<Name>) -> Vec<(Flavor, Span)> {
        let mut flavors: Vec<(Flavor, Span)> = Vec::with_capacity(names.len());
        let mut previous_end = None;
        for name in names {
            // The repetition goes with what separates it from the name before it.
            let repetition = Span::new(previous_end.unwrap_or(name.span.start) as usize, name.span.end as usize);
            previous_end = Some(name.span.end);
            let Some(flavor) = Flavor::from_name(&name.text) else {
                let known: Vec<&str> = Flavor::ALL.iter().map(|(n, _)| *n).collect();
                let d = Diagnostic::new(
                    Code::UnknownFlavor,
                    self.file,
                    name.span,
                    format!("unknown flavor `{}`", name.text),
                );
                self.diagnostics.push(match suggest(&name.text, &known) {
                    Some(s) => d.with_suggestion(s, s.fix(self.file, name.span, &name.text)),
                    None => d.with_help(format!("the flavors are {}", known.join(", "))),
                });
                continue;
            };
            if let Some(&(_, first)) = flavors.iter().find(|(f, _)| *f == flavor) {
                let d = Diagnostic::new(
                    Code::DuplicateFlavor,
                    self.file,
                    name.span,
                    format!("flavor `{}` is given twice", flavor.name()),
                )
                .with_secondary(self.file, first, "first given here")
                .with_fix(Fix::safe(
                    "Remove the repeated flavor",
                    vec![Edit::delete(self.file, repetition)],
                ));
                self.diagnostics.push(d);
            } else if let Some(&(other, at)) = flavors.iter().find(|(f, _)| flavor.contradicts(*f)) {
                self.error_with(
                    Code::ContradictoryFlavors,
                    name.span,
                    format!("flavor `{}` contradicts `{}`", flavor.name(), other.name()),
                    at,
                    format!("`{}` given here", other.name()),
                );
            } else {
                flavors.push((flavor, name.span));
            }
        }
        flavors
    }

    pub fn qualifier(&mut self, name: Name, value: Option<Value>, flavors: Vec<Name>, l: usize, r: usize) -> Qualifier {
        let flavors = self.flavors(flavors).into();
        Qualifier {
            name,
            value,
            flavors,
            span: Span::new(l, r),
        }
    }

    /// A qualifier declaration with a data type. A declaration whose "type" is a single flavor
    /// name and nothing else (`Qualifier vendor : ToInstance;`) is mofcomp's flavors-only form.
    /// A missing scope is the semantic pass's business: mofcomp allows it (the qualifier may be
    /// used anywhere), DSP0004 does not.
    #[allow(clippy::too_many_arguments)]
    pub fn qualifier_decl(
        &mut self,
        name: Name,
        ty: Type,
        array: Option<ArraySpec>,
        default: Option<Value>,
        parts: Vec<(bool, Vec<Name>, usize, usize)>,
        l: usize,
        r: usize,
    ) -> QualifierDecl {
        if let Type::Class(flavor) = &ty
            && Flavor::from_name(&flavor.text).is_some()
            && array.is_none()
            && default.is_none()
            && parts.is_empty()
        {
            return self.default_flavors(name, vec![(**flavor).clone()], l, r);
        }
        let span = Span::new(l, r);
        let mut scopes = Vec::new();
        let mut flavors = Vec::new();
        let (mut seen_scope, mut seen_flavor) = (None::<Span>, None::<Span>);
        for (is_scope, names, pl, pr) in parts {
            let part_span = Span::new(pl, pr);
            let (seen, what) = if is_scope {
                (&mut seen_scope, "scope")
            } else {
                (&mut seen_flavor, "flavor")
            };
            if let Some(first) = *seen {
                self.error_with(
                    Code::SyntaxError,
                    part_span,
                    format!("a second `{what}(...)` list"),
                    first,
                    "the first one".into(),
                );
                continue;
            }
            *seen = Some(part_span);
            if is_scope {
                for n in names {
                    match ScopeKind::from_name(&n.text) {
                        Some(s) => scopes.push((s, n.span)),
                        None => {
                            let known: Vec<&str> = ScopeKind::ALL.iter().map(|(n, _)| *n).collect();
                            let d = self.error(Code::UnknownScope, n.span, format!("unknown scope `{}`", n.text));
                            d.help = Some(format!("the scopes are {}", known.join(", ")));
                            d.fix = suggest(&n.text, &known).map(|s| s.fix(d.primary.file, n.span, &n.text));
                        }
                    }
                }
            } else {
                flavors = self.flavors(names);
            }
        }
        self.check_typed(&ty, default.as_ref());
        QualifierDecl {
            name,
            ty: Some(ty),
            array,
            default,
            scopes,
            flavors,
            span,
        }
    }

    /// mofcomp's `Qualifier Description : ToSubclass Amended;`: the flavors a qualifier has by
    /// default in the compilation, and nothing else.
    pub fn default_flavors(&mut self, name: Name, flavors: Vec<Name>, l: usize, r: usize) -> QualifierDecl {
        QualifierDecl {
            name,
            ty: None,
            array: None,
            default: None,
            scopes: Vec::new(),
            flavors: self.flavors(flavors),
            span: Span::new(l, r),
        }
    }

    /// A property, reference or parameter declaration.
    pub fn property(
        &mut self,
        qualifiers: Vec<Qualifier>,
        (ty, name): (Type, Name),
        (array, default): (Option<ArraySpec>, Option<Value>),
        l: usize,
        r: usize,
    ) -> PropertyDecl {
        self.check_typed(&ty, default.as_ref());
        PropertyDecl {
            qualifiers,
            ty,
            name,
            array,
            default: default.map(Box::new),
            span: Span::new(l, r),
        }
    }

    /// Integer literals given to an integer type must fit it (`sint8 x = 128;`).
    fn check_int_range(&mut self, ty: Intrinsic, value: &Value) {
        let Some((min, max)) = ty.int_range() else { return };
        match &value.kind {
            ValueKind::Int(n) if n.get() < min || n.get() > max => {
                self.error(
                    Code::IntegerOutOfRange,
                    value.span,
                    format!("{n} is out of range for {}, which holds {min} to {max}", ty.name()),
                );
            }
            ValueKind::Array(items) => items.iter().for_each(|item| self.check_int_range(ty, item)),
            _ => {}
        }
    }

    /// Reports a parser error that `!` recovered from.
    pub fn recovered(&mut self, e: ErrorRecovery<usize, Tok<'s>, ()>, context: Context) {
        self.report(e.error, context);
    }

    /// Reports a parser error, unless it is the echo of one already reported.
    pub fn report(&mut self, error: ParseError<usize, Tok<'s>, ()>, context: Context) {
        let (start, end, found, expected) = match error {
            ParseError::UnrecognizedToken {
                token: (l, tok, r),
                expected,
            } => (l, r, Some(tok), expected),
            ParseError::ExtraToken { token: (l, tok, r) } => (l, r, Some(tok), Vec::new()),
            ParseError::UnrecognizedEof { location, expected } => (location, location, None, expected),
            ParseError::InvalidToken { location } => (location, location, None, Vec::new()),
            ParseError::User { .. } => return,
        };
        self.error_offsets.push(start);
        let quiet = start <= self.quiet_until && self.quiet_until > 0;
        self.quiet_until = self.next_sync_point(start);
        // An invalid character has been reported by the lexer already.
        if quiet || found == Some(Tok::Error) {
            return;
        }
        let expected = describe_expected(&expected);
        let found_text = match found {
            Some(tok) => tok.describe(),
            None if self.tokens.last().is_none_or(|t| start >= t.2) => "the end of the file".into(),
            None => "the start of the next declaration".into(),
        };
        let place = match context {
            Context::Feature if expected.starts_with("`;`") => " after the property or method declaration",
            Context::PropertyValue if expected.starts_with("`;`") => " after the property value",
            Context::Declaration if expected.starts_with("`;`") => " after the declaration",
            _ => "",
        };
        let message = if expected.is_empty() {
            format!("unexpected {found_text}")
        } else {
            format!("expected {expected}{place}, found {found_text}")
        };
        let code = if found.is_none() {
            Code::UnexpectedEof
        } else {
            Code::SyntaxError
        };
        let file = self.file;
        let before = self.tokens.partition_point(|t| t.2 <= start);
        let previous = before
            .checked_sub(1)
            .map(|i| Span::new(self.tokens[i].0, self.tokens[i].2));
        // A line that ends without its `;` is the common slip and the insertion its obvious
        // correction; with the next token on the same line the text may mean something else.
        let applicability = match previous {
            Some(prev)
                if found.is_some()
                    && self
                        .text
                        .get(prev.end as usize..start)
                        .is_some_and(|between| !between.contains(['\n', '\r'])) =>
            {
                Applicability::Unsafe
            }
            _ => Applicability::Safe,
        };
        let d = self.error(code, Span::new(start, end), message);
        if found.is_some() {
            d.primary.message = format!("unexpected {found_text}");
        }
        if let (Some(prev), true) = (previous, expected.starts_with("`;`")) {
            d.secondary.push(crate::diag::Label {
                file,
                span: prev,
                message: "`;` expected after this".into(),
            });
            d.fix = Some(Fix::new(
                applicability,
                "Insert `;`",
                vec![Edit::insert(file, prev.end, ";")],
            ));
        }
    }

    /// The end of the first `;` at or after `offset`, where recovery will have resumed.
    fn next_sync_point(&mut self, offset: usize) -> usize {
        // The first `;` at or after an earlier offset is the first one at or after any offset up
        // to its start (a `;` is one byte long).
        let (searched_from, found) = self.last_sync;
        if searched_from <= offset && offset < found {
            return found;
        }
        let from = self.tokens.partition_point(|t| t.0 < offset);
        let found = self.tokens[from..]
            .iter()
            .find(|t| t.1 == Tok::Semi)
            .map_or(usize::MAX, |t| t.2);
        self.last_sync = (offset, found);
        found
    }
}

/// Turns LALRPOP's list of terminal names into words: "`;`", "`[`, a name or `}`".
fn describe_expected(expected: &[String]) -> String {
    let has = |t: &str| expected.iter().any(|e| e == t);
    let mut words: Vec<String> = Vec::new();
    let value_starters = ["Number", "String", "Char", "\"true\"", "\"false\"", "\"null\""];
    let a_value = value_starters.iter().all(|t| has(t));
    for e in expected {
        let word = match e.as_str() {
            "Ident" => "a name".to_string(),
            // Keywords are names too; "a name" covers them.
            "\"class\"" | "\"instance\"" | "\"of\"" | "\"as\"" | "\"qualifier\"" | "\"scope\"" | "\"flavor\""
                if has("Ident") =>
            {
                continue;
            }
            t if a_value && value_starters.contains(&t) => "a value".to_string(),
            "Alias" if a_value => continue,
            // A run of strings is expected wherever a string is.
            "Strings" => continue,
            "Number" => "a number".to_string(),
            "String" => "a string".to_string(),
            "Char" => "a char16 literal".to_string(),
            "Alias" => "an alias".to_string(),
            "\"#pragma\"" => "`#pragma`".to_string(),
            quoted => format!("`{}`", quoted.trim_matches('"')),
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    // `;` first: it is the most common thing missing and the message builds on it.
    if let Some(i) = words.iter().position(|w| w == "`;`") {
        let semi = words.remove(i);
        words.insert(0, semi);
    }
    match words.len() {
        0 => String::new(),
        1 => words.remove(0),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

/// What is wrong with the argument of `#pragma namespace`, if anything. It is a namespace name
/// (`root/cimv2`, or relative to the current namespace: `ms_409`), optionally after a WMI
/// machine (`\\.\root\wmi`, `//server/root/wmi`), with `/` or `\` between elements that
/// are made of letters, digits and `_`, as DSP0004's namespace names are. pywbem accepts only
/// the name; a URI (`http://host/root/x`) is neither, and is not taken as a relative name.
pub fn namespace_path_problem(path: &str) -> Option<&'static str> {
    let separator = |c: char| c == '/' || c == '\\';
    if path.contains(':') {
        return Some("a URI scheme or port (`name:`) has no place in it");
    }
    let name = match path.strip_prefix("\\\\").or_else(|| path.strip_prefix("//")) {
        // The machine, up to the next separator.
        Some(machine_path) => machine_path.split_once(separator).map_or("", |(_, name)| name),
        None => path,
    };
    let name = name.trim_start_matches(separator).trim_end_matches(separator);
    if name.is_empty() {
        return Some("it names no namespace");
    }
    let element = |e: &str| !e.is_empty() && e.chars().all(|c| c.is_alphanumeric() || c == '_');
    (!name.split(separator).all(element)).then_some("its elements are names of letters, digits and `_`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::cpp::{Macros, preprocess};
    use crate::syntax::lexer::lex;

    #[test]
    fn a_run_of_strings_reads_as_its_pieces_do_one_by_one() {
        let texts = [
            r#""a" "b""#,
            r#""a" /* \ */ "b""#,
            r#""a\n" "b""#,
            r#""" "x" """#,
            "\"é\"\n\"ü\"",
            "#define D \"x\\ty\"\nD \"z\" D",
        ];
        for text in texts {
            let mut lexed = lex(FileId(0), text);
            if lexed.has_directives {
                let mut ignored = Vec::new();
                let tokens = std::mem::take(&mut lexed.tokens);
                lexed.tokens = preprocess(
                    FileId(0),
                    tokens,
                    &mut Macros::default(),
                    &mut |_, _, _| true,
                    &mut ignored,
                );
            }
            let tokens = &lexed.tokens;
            let pieces = tokens.iter().map(|&(start, tok, _)| match tok {
                Tok::String(text) => (start, text),
                other => panic!("{other:?} in {text}"),
            });
            let mut builder = Builder::new(FileId(0), text, tokens);
            let one_by_one = builder.string(pieces);
            let run = Run {
                first: 0,
                last: tokens.len() as u32 - 1,
            };
            assert_eq!(builder.strings(run), one_by_one, "{text}");
        }
    }

    #[test]
    fn expected_sets_read_as_words() {
        let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(describe_expected(&set(&["\";\""])), "`;`");
        assert_eq!(describe_expected(&set(&["\",\"", "\")\""])), "`,` or `)`");
        assert_eq!(
            describe_expected(&set(&["\"[\"", "Ident", "\"class\"", "\"}\""])),
            "`[`, a name or `}`"
        );
        assert_eq!(describe_expected(&set(&["String", "\";\""])), "`;` or a string");
    }

    #[test]
    fn namespace_paths() {
        for good in [
            "root/cimv2",
            "\\\\.\\root\\WMI",
            "//server/root/x",
            "ms_409",
            "/root/a_b/Ä1",
        ] {
            assert_eq!(namespace_path_problem(good), None, "{good}");
        }
        for bad in [
            "http://acme.com/root/test",
            "root/test:5988",
            "root//x",
            "root/a b",
            "root/a.b",
            "\\\\.\\",
            "",
        ] {
            assert!(namespace_path_problem(bad).is_some(), "{bad}");
        }
    }
}
