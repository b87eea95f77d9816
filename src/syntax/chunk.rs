//! Splitting a file's tokens into top-level declarations before parsing, so that a syntax error
//! in one declaration can never swallow the next: each chunk is parsed on its own.
//!
//! A declaration ends at a `;` outside braces. Braces may be unbalanced in broken input, so a `;`
//! inside braces also ends a chunk when what follows can only start a new declaration
//! (`class X {`, `instance of`, `qualifier X :`, `#pragma`, optionally after a qualifier list).

use std::ops::Range;

use super::lexer::Spanned;
use super::token::Tok;

pub fn chunks(tokens: &[Spanned<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: u32 = 0;
    // Braces inside a qualifier list are typos (`[Description("x" }]`), not structure.
    let mut brackets: u32 = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token.1 {
            Tok::Pragma if i > start => {
                out.push(start..i);
                start = i;
                (depth, brackets) = (0, 0);
            }
            Tok::LBracket => brackets += 1,
            Tok::RBracket => brackets = brackets.saturating_sub(1),
            Tok::LBrace if brackets == 0 => depth += 1,
            Tok::RBrace if brackets == 0 => depth = depth.saturating_sub(1),
            Tok::Semi if depth == 0 || starts_declaration(&tokens[i + 1..]) => {
                out.push(start..i + 1);
                start = i + 1;
                (depth, brackets) = (0, 0);
            }
            _ => {}
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

fn starts_declaration(rest: &[Spanned<'_>]) -> bool {
    let mut i = 0;
    if matches!(rest.first(), Some((_, Tok::LBracket, _))) {
        let mut depth = 0;
        for (j, token) in rest.iter().enumerate() {
            match token.1 {
                Tok::LBracket => depth += 1,
                Tok::RBracket => depth -= 1,
                Tok::Semi | Tok::LBrace => return false,
                _ => {}
            }
            if depth == 0 {
                i = j + 1;
                break;
            }
        }
    }
    let kind = |k: usize| rest.get(i + k).map(|t| t.1);
    let named = |k: usize| matches!(kind(k), Some(Tok::Ident(_)));
    match kind(0) {
        Some(Tok::Pragma) => true,
        Some(Tok::Class) => named(1) && matches!(kind(2), Some(Tok::Colon | Tok::LBrace | Tok::As)),
        Some(Tok::Instance) => kind(1) == Some(Tok::Of),
        Some(Tok::Qualifier) => named(1) && kind(2) == Some(Tok::Colon),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::syntax::lexer::lex;

    fn split(text: &str) -> Vec<Range<usize>> {
        chunks(&lex(FileId(0), text).tokens)
    }

    #[test]
    fn one_chunk_per_declaration() {
        let text = "class A { uint8 x; }; #pragma include(\"b\") instance of A { x = 1; };";
        assert_eq!(split(text), vec![0..8, 8..23]);
    }

    #[test]
    fn a_missing_brace_does_not_swallow_the_next_class() {
        let text = "class A { uint8 x; ; [Abstract] class B { }; class C : B { };";
        // The chunk of A ends at the `;` before B's qualifier list.
        assert_eq!(split(text), vec![0..7, 7..15, 15..22]);
    }
}
