//! Parsing a file: lex, split into declarations, parse each by hand (`descent.rs`) or, where
//! that gives up, with the LALRPOP parser.
//! Parsing never fails: it returns a syntax tree of everything that could be read, and
//! diagnostics for everything that could not.

use std::ops::Range;

use rayon::prelude::*;

use super::ast::{File, Item};
use super::builder::{Builder, Context};
use super::chunk::chunks;
use super::cpp::{Macros, preprocess};
use super::descent;
use super::grammar::ItemsParser;
use super::lexer::{Lexed, Spanned, lex};
use super::mof3;
use super::token::{Run, Tok};
use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// How deeply `{` and `(` may nest in one declaration (`descent.rs` keeps within it too). The
/// syntax tree of embedded instances is recursive: an instance nests in another's braces (a
/// property's value) or in the parentheses of one of its qualifiers (`[Q(instance of A { })]`,
/// without a brace more). So this bounds the stack that building, checking and dropping the
/// tree can take.
pub(super) const MAX_DEPTH: usize = 100;

/// The first `{` or `(` that opens level `MAX_DEPTH + 1` of its kind, if any.
pub(super) fn too_deep<'a>(tokens: &'a [Spanned<'a>]) -> Option<&'a Spanned<'a>> {
    let (mut braces, mut parentheses) = (0usize, 0usize);
    tokens.iter().find(|t| {
        match t.1 {
            Tok::LBrace => braces += 1,
            Tok::RBrace => braces = braces.saturating_sub(1),
            Tok::LParen => parentheses += 1,
            Tok::RParen => parentheses = parentheses.saturating_sub(1),
            _ => {}
        }
        braces.max(parentheses) > MAX_DEPTH
    })
}

/// The tokens of `range` as the parser takes them: each run of adjacent string literals as one
/// [`Tok::Strings`], every other token as it is.
fn with_string_runs<'a, 's>(tokens: &'a [Spanned<'s>], range: Range<usize>) -> impl Iterator<Item = Spanned<'s>> + 'a {
    let is_string = |t: &Spanned| matches!(t.1, Tok::String(_));
    let mut next = range.start;
    std::iter::from_fn(move || {
        let first = next;
        let token = *tokens[..range.end].get(first)?;
        let mut last = first;
        if is_string(&token) {
            while last + 1 < range.end && is_string(&tokens[last + 1]) {
                last += 1;
            }
        }
        next = last + 1;
        Some(if last == first {
            token
        } else {
            let run = Run {
                first: first as u32,
                last: last as u32,
            };
            (token.0, Tok::Strings(run), tokens[last].2)
        })
    })
}

// The syntax tree lives until the check ends and is most of its memory. A list that the parser
// builds one element at a time grows by doubling and keeps, on average, a quarter of its bytes
// unused; the two helpers below give the grammar's lists their exact size instead.

/// The declarations that parsed, in order (`None` marks one skipped after a syntax error).
pub(super) fn present<T>(parsed: Vec<Option<Box<T>>>) -> Vec<T> {
    let mut out = Vec::with_capacity(parsed.iter().flatten().count());
    out.extend(parsed.into_iter().flatten().map(|item| *item));
    out
}

/// `values`, copied into a vector of their exact size if it has room to spare. Not
/// `shrink_to_fit`: mimalloc, the global allocator, keeps a block that shrinks by less than
/// half where it is, and the spare room with it.
pub(super) fn exact<T>(values: Vec<T>) -> Vec<T> {
    if values.capacity() == values.len() {
        return values;
    }
    let mut out = Vec::with_capacity(values.len());
    out.extend(values);
    out
}

pub struct Parsed {
    pub ast: File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a file on its own. Its C macros, if any, are its own; its includes are the unit's
/// business (see `unit.rs`, which runs the preprocessor across files in include order).
pub fn parse(file: FileId, text: &str) -> Parsed {
    parse_with(file, text, true)
}

/// [`parse`] on the calling thread alone, never waiting on rayon's pool: for a once-only
/// initialiser (the built-in declarations). A thread that waits on the pool runs other jobs
/// meanwhile, and one of them may ask for the value being initialised, and wait for itself.
pub fn parse_alone(file: FileId, text: &str) -> Parsed {
    parse_with(file, text, false)
}

fn parse_with(file: FileId, text: &str, parallel: bool) -> Parsed {
    let mut lexed = lex(file, text);
    if lexed.has_directives {
        let tokens = std::mem::take(&mut lexed.tokens);
        lexed.tokens = preprocess(
            file,
            tokens,
            &mut Macros::default(),
            &mut |_, _, _| true,
            &mut lexed.diagnostics,
        );
    }
    parse_lexed_with(file, text, lexed, parallel)
}

/// A file of more tokens than this is parsed in stretches of about this many tokens (whole
/// declarations), in parallel: the CIM Schema as one 5.4 MB file has 1.3 million tokens. Smaller
/// files are already parsed in parallel with one another.
const STRETCH: usize = 16_384;

/// Parses tokens of `text` that are ready for the grammar (preprocessed where needed).
pub fn parse_lexed(file: FileId, text: &str, lexed: Lexed<'_>) -> Parsed {
    parse_lexed_with(file, text, lexed, true)
}

/// [`parse_lexed`], with the stretches of a large file parsed in parallel if `parallel`.
fn parse_lexed_with(file: FileId, text: &str, lexed: Lexed<'_>, parallel: bool) -> Parsed {
    let chunks = chunks(&lexed.tokens);
    let stretches = stretches(&lexed.tokens, &chunks);
    let parse = |stretch: &Range<usize>, quiet_until| {
        parse_chunks(file, text, &lexed.tokens, &chunks[stretch.clone()], quiet_until)
    };
    let parts: Vec<Part> = if parallel && stretches.len() > 1 {
        stretches.par_iter().map(|stretch| parse(stretch, 0)).collect()
    } else {
        stretches.iter().map(|stretch| parse(stretch, 0)).collect()
    };
    // Each stretch was parsed as if no error came before it. After an error, the errors up to
    // the next `;` are not reported; if that `;` lies beyond the end of a stretch, the next one
    // is parsed again knowing it, so that the result is the same as one parse from the start.
    let mut items = Vec::new();
    let mut shadowed = Vec::new();
    let mut builder_diagnostics = Vec::new();
    let mut quiet_until = 0;
    for (stretch, mut part) in stretches.iter().zip(parts) {
        let start = lexed.tokens[chunks[stretch.start].start].0;
        if quiet_until > 0 && quiet_until >= start {
            part = parse(stretch, quiet_until);
        }
        if part.errors {
            quiet_until = part.quiet_until;
        }
        items.extend(part.items);
        shadowed.extend(part.shadowed);
        builder_diagnostics.extend(part.diagnostics);
    }
    // Every MOF 3.0 construct is an error to a MOF 2 parser, so only a file with errors is
    // looked at again for one (a clean file pays nothing).
    let errors = !lexed.diagnostics.is_empty() || !builder_diagnostics.is_empty();
    if let Some((span, what)) = errors.then(|| mof3::find(text, &lexed.tokens)).flatten() {
        return mof3_file(file, span, what, lexed.comments);
    }
    let mut diagnostics = lexed.diagnostics;
    diagnostics.retain(|d| {
        let at = d.primary.span.start as usize;
        // The stretches are in order and disjoint (one per declaration at most).
        let before = shadowed.partition_point(|s: &std::ops::Range<usize>| s.start < at);
        before.checked_sub(1).is_none_or(|i| at >= shadowed[i].end)
    });
    diagnostics.append(&mut builder_diagnostics);
    diagnostics.sort_by_key(|d| d.primary.span.start);
    // A file of one class, as most are, would otherwise keep room for four.
    Parsed {
        ast: File {
            items: exact(items),
            comments: exact(lexed.comments),
        },
        diagnostics,
    }
}

/// The chunks of a file in runs of about [`STRETCH`] tokens, as ranges of chunk indices: one run
/// for most files.
fn stretches(tokens: &[Spanned<'_>], chunks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut first = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        if chunk.end - chunks[first].start >= STRETCH && tokens.len() - chunk.end >= STRETCH {
            out.push(first..i + 1);
            first = i + 1;
        }
    }
    if first < chunks.len() {
        out.push(first..chunks.len());
    }
    out
}

/// What parsing a stretch of declarations gave.
struct Part {
    items: Vec<Item>,
    diagnostics: Vec<Diagnostic>,
    /// Stretches of text after a syntax error, to the end of its declaration.
    shadowed: Vec<Range<usize>>,
    /// Whether the parser met errors, and where its quiet stretch after the last one ends.
    errors: bool,
    quiet_until: usize,
}

/// Parses some declarations of a file, the errors before `quiet_until` being consequences of
/// one reported before them.
fn parse_chunks(file: FileId, text: &str, tokens: &[Spanned<'_>], chunks: &[Range<usize>], quiet_until: usize) -> Part {
    let mut builder = Builder::new(file, text, tokens);
    builder.quiet_until = quiet_until;
    let parser = ItemsParser::new();
    let mut scratch = descent::Scratch::default();
    let mut items = Vec::new();
    // Stretches of text after a syntax error, to the end of its declaration. A lexical error there
    // is most often a consequence (a stray quote turns text inside out), so it is not reported.
    let mut shadowed = Vec::new();
    for chunk in chunks {
        // Most declarations are well formed, and read faster by hand; the grammar's parser reads
        // the others, with its messages and recovery. (A declaration nested too deeply is never
        // read by hand: `descent` gives up before `too_deep` would refuse it.)
        let diagnostics_before = builder.diagnostics.len();
        if let Some(parsed) = descent::items(&mut builder, &mut scratch, chunk.start, chunk.end) {
            items.extend(parsed);
            continue;
        }
        builder.diagnostics.truncate(diagnostics_before);
        if let Some(at) = too_deep(&tokens[chunk.clone()]) {
            let (what, open) = match at.1 {
                Tok::LParen => ("parentheses", "("),
                _ => ("braces", "{"),
            };
            let d = Diagnostic::new(
                Code::NestingTooDeep,
                file,
                Span::new(at.0, at.2),
                format!("{what} nested too deeply"),
            )
            .with_label(format!("more than {MAX_DEPTH} levels of `{open}` at this point"));
            builder.diagnostics.push(d);
            continue;
        }
        let errors_before = builder.error_offsets.len();
        let end = tokens[chunk.end - 1].2;
        items.extend(parse_with_grammar(&parser, &mut builder, tokens, chunk.clone()));
        if let Some(&first) = builder.error_offsets.get(errors_before) {
            shadowed.push(first..end);
        }
    }
    Part {
        items,
        diagnostics: builder.diagnostics,
        shadowed,
        errors: !builder.error_offsets.is_empty(),
        quiet_until: builder.quiet_until,
    }
}

/// Parses a declaration with the grammar's parser, which reports its syntax errors and recovers
/// from them.
pub(super) fn parse_with_grammar<'s>(
    parser: &ItemsParser,
    builder: &mut Builder<'s>,
    tokens: &[Spanned<'s>],
    chunk: Range<usize>,
) -> Vec<Item> {
    let chunk_tokens = with_string_runs(tokens, chunk).map(Ok);
    parser.parse(builder, chunk_tokens).unwrap_or_else(|error| {
        builder.report(error, Context::Declaration);
        Vec::new()
    })
}

/// A MOF 3.0 file: one diagnostic at its first MOF 3.0 construct, and no declarations (what a
/// MOF 2 parser would make of them is wrong; see `mof3.rs`).
fn mof3_file(file: FileId, span: Span, what: &str, comments: Vec<Span>) -> Parsed {
    let d = Diagnostic::new(
        Code::Mof3,
        file,
        span,
        format!("{what} is MOF 3.0 (DSP0221), which mofc does not support yet"),
    )
    .with_label("MOF 3.0")
    .with_help("mofc reads MOF 2 (DSP0004 2.x, with the WMI and OMI extensions); this file is not checked further");
    Parsed {
        ast: File {
            items: Vec::new(),
            comments,
        },
        diagnostics: vec![d],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An instance of `levels` instances, each the value of the one around it.
    fn nested_instances(levels: usize) -> String {
        let mut text = "instance of A { p = ".repeat(levels - 1);
        text.push_str("instance of A { p = 1; }");
        text.push_str(&"; }".repeat(levels - 1));
        text.push(';');
        text
    }

    /// A class with a qualifier whose value is an instance with such a qualifier, `levels` deep:
    /// a parenthesis a level, and never two braces open.
    fn instances_in_qualifier_values(levels: usize) -> String {
        let mut text = "[Q(".repeat(levels);
        text.push_str("instance of A {}");
        text.push_str(&")] instance of A {}".repeat(levels - 1));
        text.push_str(")] class C {};");
        text
    }

    /// `make(MAX_DEPTH)` parses clean, and `make(MAX_DEPTH + 1)` is refused once, at its
    /// `MAX_DEPTH + 1`th `open`, with `message`.
    fn nests_to_the_limit_and_no_further(make: fn(usize) -> String, open: char, message: &str) {
        let parsed = parse(FileId(0), &make(MAX_DEPTH));
        assert_eq!(parsed.diagnostics, []);
        assert_eq!(parsed.ast.items.len(), 1);
        let text = make(MAX_DEPTH + 1);
        let parsed = parse(FileId(0), &text);
        let found: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.code, d.primary.span, d.message.as_str()))
            .collect();
        let at = text.match_indices(open).nth(MAX_DEPTH).unwrap().0;
        assert_eq!(found, [(Code::NestingTooDeep, Span::new(at, at + 1), message)]);
        assert_eq!(parsed.ast.items, []);
    }

    #[test]
    fn braces_nest_100_deep_and_no_deeper() {
        nests_to_the_limit_and_no_further(nested_instances, '{', "braces nested too deeply");
    }

    #[test]
    fn parentheses_nest_100_deep_and_no_deeper() {
        nests_to_the_limit_and_no_further(instances_in_qualifier_values, '(', "parentheses nested too deeply");
        // Deep enough to overflow the stack when the tree was dropped, before it was refused.
        let parsed = parse(FileId(0), &instances_in_qualifier_values(100_000));
        assert_eq!(parsed.diagnostics.len(), 1);
    }

    /// A file of declarations, some broken so that the errors after them up to the next `;` are
    /// consequences (a pragma ends a declaration without one), with `shift` clean classes first so
    /// that the stretches start at different places of the pattern.
    fn broken_file(shift: usize) -> String {
        let mut text = String::new();
        for i in 0..shift {
            text.push_str(&format!("class S{i} {{ uint8 x; }};\n"));
        }
        for i in 0..3000 {
            text.push_str(&format!("class A{i} {{ uint8 x; string y; }};\n"));
            if i % 3 == 0 {
                text.push_str(&format!("class E{i} {{ uint8 a b\n#pragma locale (\"en_US\")\n"));
                text.push_str(&format!("class F{i} {{ uint8 c d; }};\n"));
            }
        }
        text
    }

    #[test]
    fn stretches_parsed_in_parallel_give_what_one_parse_from_the_start_gives() {
        // The shifts at which a stretch ends with a broken declaration that a pragma cuts off, so
        // that the errors that are its consequences run into the next stretch.
        let mut crossing = 0;
        for shift in 0..64 {
            let text = broken_file(shift);
            let file = FileId(0);
            let lexed = lex(file, &text);
            let chunks = chunks(&lexed.tokens);
            let stretches = stretches(&lexed.tokens, &chunks);
            assert!(stretches.len() > 1, "the file is long enough to be split");
            let cut = stretches[..stretches.len() - 1]
                .iter()
                .any(|s| lexed.tokens[chunks[s.end].start].1 == Tok::Pragma);
            if !cut && shift > 0 {
                continue;
            }
            crossing += usize::from(cut);
            let whole = parse_chunks(file, &text, &lexed.tokens, &chunks, 0);
            let mut expected = whole.diagnostics;
            expected.sort_by_key(|d| d.primary.span.start);
            let parsed = parse_lexed(file, &text, lex(file, &text));
            let found: Vec<_> = parsed.diagnostics.iter().map(|d| (d.code, d.primary.span)).collect();
            let wanted: Vec<_> = expected.iter().map(|d| (d.code, d.primary.span)).collect();
            assert_eq!(found, wanted, "shift {shift}");
            // One error per broken declaration: the second error of each pair is its consequence.
            assert_eq!(found.len(), 1000);
            assert_eq!(parsed.ast.items.len(), whole.items.len());
            // The same stretches parsed one after another, on this thread.
            let alone = parse_alone(file, &text);
            let found: Vec<_> = alone.diagnostics.iter().map(|d| (d.code, d.primary.span)).collect();
            assert_eq!(found, wanted, "alone, shift {shift}");
            assert_eq!(alone.ast.items.len(), whole.items.len());
        }
        assert!(
            crossing > 0,
            "some stretch ends where a run of errors crosses into the next"
        );
    }
}
