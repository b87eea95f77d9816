//! The part of the C preprocessor that WDK MOF sources use: they are written to go through
//! `cl /EP` before mofcomp (`#define` with continuation lines, `#include "x.h"`, `#ifdef`).
//!
//! It works on tokens, not text, so every expanded token keeps a span in the original file (the
//! macro's use), and files without directives pay nothing: the lexer says whether there are any.
//! Only object-like macros exist here; a function-like one is reported.

use std::collections::HashMap;

use super::lexer::{Spanned, lex};
use super::token::Tok;
use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// How deeply macros may expand into macros.
const MAX_EXPANSION_DEPTH: usize = 64;

/// How many tokens macro bodies may add to one file, counted as they are expanded: a few per
/// token of its own, and a fixed allowance. Expansion is exponential in the worst case (`#define A1 A2 A2`, `#define A2 A3
/// A3`, ...: the billion laughs), where real sources use macros for a name or a string each.
const EXPANSION_STEPS_PER_TOKEN: usize = 8;
const EXPANSION_STEPS_ALLOWED: usize = 1 << 16;

/// The expansion steps a file has left, and where they ran out.
struct Budget {
    steps: usize,
    exhausted: Option<Span>,
}

/// The macros defined so far in a compilation. Definitions outlive the file that made them
/// (mgmt.mof defines what common.mof, which it includes, uses), so their bodies are owned here,
/// leaked once per definition: they are a few hundred bytes per WDK source, and tokens borrow
/// them for as long as any file of the compilation is being parsed.
#[derive(Default)]
pub struct Macros {
    defined: HashMap<&'static str, Vec<Tok<'static>>>,
    /// Whether an `#include` of the compilation named a C header that could not be read: its
    /// macros are unknown, so a name that is left undefined is forgiven (a warning, not an error).
    pub header_missing: bool,
}

/// What a file's `#include "name"` asks for; the caller loads it (in order, so that its
/// definitions are known to the rest of the file) and says whether it was found.
pub type OnInclude<'c> = dyn FnMut(&mut Macros, &str, Span) -> bool + 'c;

/// One level of `#if` / `#ifdef` nesting.
struct Conditional {
    /// Whether the lines of the current branch are kept.
    active: bool,
    /// Whether some branch of this conditional was already taken.
    taken: bool,
    /// Whether the enclosing conditional keeps its lines.
    parent_active: bool,
}

/// Runs the directives of a file and expands its macros. An `#include` becomes the tokens of
/// `#pragma include("name")` at the directive's place, and `include` is called for it.
pub fn preprocess<'a>(
    file: FileId,
    tokens: Vec<Spanned<'a>>,
    macros: &mut Macros,
    include: &mut OnInclude<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut conditionals: Vec<Conditional> = Vec::new();
    let mut budget = Budget {
        steps: tokens.len() * EXPANSION_STEPS_PER_TOKEN + EXPANSION_STEPS_ALLOWED,
        exhausted: None,
    };
    for token in tokens {
        let active = conditionals.last().is_none_or(|c| c.active);
        let Tok::Directive(text) = token.1 else {
            if active {
                expand(token, macros, &mut Vec::new(), &mut budget, &mut out);
            }
            continue;
        };
        let span = Span::new(token.0, token.2);
        let (keyword, rest) = split_directive(text);
        let mut error =
            |message: String| diagnostics.push(Diagnostic::new(Code::InvalidDirective, file, span, message));
        match keyword {
            "ifdef" | "ifndef" | "if" => {
                let value = active
                    && condition(keyword, rest, macros).unwrap_or_else(|| {
                        error(format!("cannot evaluate `#{keyword} {rest}`; it is taken as false"));
                        false
                    });
                conditionals.push(Conditional {
                    active: value,
                    taken: value,
                    parent_active: active,
                });
            }
            "elif" | "else" => match conditionals.last_mut() {
                Some(c) => {
                    let value = c.parent_active
                        && !c.taken
                        && (keyword == "else" || condition("if", rest, macros) == Some(true));
                    c.active = value;
                    c.taken |= value;
                }
                None => error(format!("`#{keyword}` without `#if`")),
            },
            // The guard pops the conditional either way; only a missing one is an error.
            "endif" if conditionals.pop().is_none() => error("`#endif` without `#if`".into()),
            "endif" => {}
            _ if !active => {}
            "define" => define(rest, macros).unwrap_or_else(&mut error),
            "undef" => {
                macros.defined.remove(rest.trim());
            }
            "include" => match quoted(text) {
                Some((at, name)) => {
                    let file_name = &name[1..name.len() - 1];
                    if !include(macros, file_name, span) && file_name.to_ascii_lowercase().ends_with(".h") {
                        macros.header_missing = true;
                    }
                    let name_start = token.0 + at;
                    out.extend([
                        (token.0, Tok::Pragma, token.0 + 1),
                        (token.0, Tok::Ident("include"), token.2),
                        (name_start, Tok::LParen, name_start),
                        (name_start, Tok::String(name), name_start + name.len()),
                        (name_start + name.len(), Tok::RParen, token.2),
                    ]);
                }
                None => {
                    error("mofc reads `#include \"file\"` only; system headers (`<file>`) are not available".into())
                }
            },
            "error" => error(format!("#error {rest}")),
            _ => {} // `#line`: positions are the file's own.
        }
    }
    if let Some(span) = budget.exhausted {
        diagnostics.push(Diagnostic::new(
            Code::InvalidDirective,
            file,
            span,
            "the macros of this file expand to far more than the file holds; this name and the \
             macros after it are left unexpanded",
        ));
    }
    undefined_in_strings(file, &mut out, macros.header_missing, diagnostics);
    if !conditionals.is_empty() {
        let end = out.last().map_or(0, |t| t.2);
        diagnostics.push(Diagnostic::new(
            Code::InvalidDirective,
            file,
            Span::new(end, end),
            "`#if` without `#endif`",
        ));
    }
    out
}

/// Appends `token`, or what it expands to, to `out`. Expanded tokens carry the span of the use.
/// Each token of a macro's body takes a step of `budget`; once it has none, the expansion
/// stops, and a macro name stays as it is.
fn expand<'a>(
    token: Spanned<'a>,
    macros: &Macros,
    active: &mut Vec<&'a str>,
    budget: &mut Budget,
    out: &mut Vec<Spanned<'a>>,
) {
    let Tok::Ident(name) = token.1 else {
        out.push(token);
        return;
    };
    let Some((&key, body)) = macros.defined.get_key_value(name) else {
        out.push(token);
        return;
    };
    // A macro is not expanded inside its own expansion (C's rule), nor beyond a sane depth.
    if active.contains(&key) || active.len() >= MAX_EXPANSION_DEPTH {
        out.push(token);
        return;
    }
    let span = Span::new(token.0, token.2);
    if budget.steps == 0 {
        budget.exhausted.get_or_insert(span);
        out.push(token);
        return;
    }
    active.push(key);
    for &tok in body {
        if budget.steps == 0 {
            budget.exhausted.get_or_insert(span);
            break;
        }
        budget.steps -= 1;
        expand((token.0, tok, token.2), macros, active, budget, out);
    }
    active.pop();
}

/// A name among adjacent strings (`"a" NAME "b"`) is a macro that was never defined: the
/// strings are text for a C header (`cpp_quote`). It is read as an empty string, and reported.
fn undefined_in_strings(
    file: FileId,
    tokens: &mut [Spanned<'_>],
    header_missing: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let is_string = |t: Option<&Spanned<'_>>| matches!(t, Some((_, Tok::String(_), _)));
    for i in 0..tokens.len() {
        let Tok::Ident(name) = tokens[i].1 else { continue };
        if !(is_string(i.checked_sub(1).and_then(|p| tokens.get(p))) || is_string(tokens.get(i + 1))) {
            continue;
        }
        let span = Span::new(tokens[i].0, tokens[i].2);
        tokens[i].1 = Tok::String("\"\"");
        diagnostics.push(if header_missing {
            Diagnostic::new(
                Code::FromMissingHeader,
                file,
                span,
                format!("`{name}` is not defined here; it probably comes from a C header that was not found"),
            )
            .with_label("read as an empty string")
        } else {
            Diagnostic::new(
                Code::UndefinedConstant,
                file,
                span,
                format!("`{name}` is not a defined macro"),
            )
            .with_label("a name among strings")
            .with_help("`#define` it, or quote it if it is text")
        });
    }
}

/// `#  define X y` → ("define", "X y"), with continuation lines joined.
fn split_directive(text: &str) -> (&str, &str) {
    let body = text[1..].trim_start();
    let end = body.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(body.len());
    (&body[..end], body[end..].trim())
}

fn define(rest: &str, macros: &mut Macros) -> Result<(), String> {
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    if name.is_empty() {
        return Err("`#define` needs a macro name".into());
    }
    if rest[end..].starts_with('(') {
        return Err(format!(
            "function-like macro `{name}` is not supported; mofc expands object-like macros only"
        ));
    }
    let body: String = rest[end..].replace("\\\r\n", " ").replace("\\\n", " ");
    let body: &'static str = Box::leak(body.into_boxed_str());
    let name: &'static str = Box::leak(name.to_string().into_boxed_str());
    let lexed = lex(FileId(0), body);
    macros
        .defined
        .insert(name, lexed.tokens.into_iter().map(|t| t.1).collect());
    Ok(())
}

/// The value of an `#if`, `#ifdef` or `#ifndef` condition, where mofc can tell: a number,
/// `defined(X)`, `!defined X`, or a macro that expands to a number.
fn condition(keyword: &str, rest: &str, macros: &Macros) -> Option<bool> {
    let rest = rest.split("//").next().unwrap_or_default().trim();
    match keyword {
        "ifdef" => return Some(macros.defined.contains_key(rest)),
        "ifndef" => return Some(!macros.defined.contains_key(rest)),
        _ => {}
    }
    let (negate, expr) = match rest.strip_prefix('!') {
        Some(e) => (true, e.trim()),
        None => (false, rest),
    };
    let value = if let Some(name) = expr.strip_prefix("defined") {
        let name = name.trim().trim_start_matches('(').trim_end_matches(')').trim();
        macros.defined.contains_key(name)
    } else {
        let tokens = match macros.defined.get(expr) {
            Some(body) => body.clone(),
            None => lex(FileId(0), expr).tokens.into_iter().map(|t| t.1).collect(),
        };
        match tokens.as_slice() {
            [Tok::Number(n)] => super::literal::parse_number(n).ok()? != super::literal::Number::Int(0),
            [Tok::True] => true,
            [Tok::False] => false,
            _ => return None,
        }
    };
    Some(value != negate)
}

/// The `"name"` of an `#include` line, with its offset in the line.
fn quoted(text: &str) -> Option<(usize, &str)> {
    let start = text.find('"')?;
    let len = text[start + 1..].find('"')?;
    Some((start, &text[start..start + len + 2]))
}

/// Whether the text of a pragma's span is a C `#include` (so a missing `.h` is a C header).
pub fn is_include_directive(text: &str) -> bool {
    text.starts_with('#') && split_directive(text).0 == "include"
}

/// The file an `#include "name"` directive names.
pub fn include_name(directive: &str) -> Option<&str> {
    let (_, name) = quoted(directive).filter(|_| is_include_directive(directive))?;
    Some(&name[1..name.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<String>, Vec<Code>) {
        let lexed = lex(FileId(0), text);
        let mut diagnostics = Vec::new();
        let mut includes = Vec::new();
        let mut macros = Macros::default();
        let tokens = preprocess(
            FileId(0),
            lexed.tokens,
            &mut macros,
            &mut |_, name, _| {
                includes.push(name.to_string());
                true
            },
            &mut diagnostics,
        );
        let mut shown: Vec<String> = tokens.iter().map(|t| t.1.describe()).collect();
        shown.extend(includes.into_iter().map(|i| format!("included {i}")));
        (shown, diagnostics.into_iter().map(|d| d.code).collect())
    }

    #[test]
    fn object_macros_expand_with_continuations() {
        let (tokens, errors) = run("#define T uint32\n#define Q \\\n  Key, \\\n  Read\n[Q] T x;");
        assert_eq!(errors, vec![]);
        assert_eq!(
            tokens,
            ["`[`", "`Key`", "`,`", "`Read`", "`]`", "`uint32`", "`x`", "`;`"]
        );
    }

    #[test]
    fn macros_expand_inside_macros_but_not_into_themselves() {
        let (tokens, _) = run("#define A (B | 1)\n#define B 0x2\n#define S S\nA S");
        assert_eq!(tokens, ["`(`", "number `0x2`", "`|`", "number `1`", "`)`", "`S`"]);
    }

    #[test]
    fn exponential_macros_stop_at_the_budget() {
        // A0 would be 2^60 tokens.
        let mut text: String = (0..60)
            .map(|i| format!("#define A{i} A{} A{}\n", i + 1, i + 1))
            .collect();
        text.push_str("class A0 {};");
        let (tokens, errors) = run(&text);
        assert_eq!(errors, vec![Code::InvalidDirective]);
        let steps = 66 * EXPANSION_STEPS_PER_TOKEN + EXPANSION_STEPS_ALLOWED;
        assert!(
            tokens.len() > EXPANSION_STEPS_ALLOWED / 2 && tokens.len() < steps,
            "{}",
            tokens.len()
        );
        assert_eq!(tokens[..2], ["`class`", "`A60`"]);
        // Empty bodies cost steps too, though they add nothing.
        let mut text: String = (0..60)
            .map(|i| format!("#define B{i} B{} B{}\n", i + 1, i + 1))
            .collect();
        text.push_str("#define B60\nclass B0 {};");
        let (tokens, errors) = run(&text);
        assert_eq!(errors, vec![Code::InvalidDirective]);
        assert_eq!(tokens[..1], ["`class`"]);
    }

    #[test]
    fn a_macro_used_many_times_expands_within_the_budget() {
        let text = format!("#define N x\n{}", "N ".repeat(70_000));
        let (tokens, errors) = run(&text);
        assert_eq!(errors, vec![]);
        assert_eq!(tokens.len(), 70_000);
    }

    #[test]
    fn conditionals_and_includes() {
        let text = "#define X 1\n#ifdef X\na\n#else\nb\n#endif\n#ifndef X\nc\n#elif defined(X)\nd\n#endif\n#if 0\ne\n#endif\n#include \"h.h\"\n";
        let (tokens, errors) = run(text);
        assert_eq!(errors, vec![]);
        assert_eq!(
            tokens,
            [
                "`a`",
                "`d`",
                "`#pragma`",
                "`include`",
                "`(`",
                "a string",
                "`)`",
                "included h.h"
            ]
        );
    }

    #[test]
    fn an_undefined_name_among_strings_is_an_empty_string() {
        let (tokens, errors) = run("#define A \"a\"\nx(A B \"c\")");
        assert_eq!(tokens, ["`x`", "`(`", "a string", "a string", "a string", "`)`"]);
        assert_eq!(errors, vec![Code::UndefinedConstant]);
    }

    #[test]
    fn unsupported_forms_are_reported() {
        let (_, errors) = run("#define F(x) x\n#include <windows.h>\n#endif\n#if 1\n");
        assert_eq!(errors, vec![Code::InvalidDirective; 4]);
    }
}
