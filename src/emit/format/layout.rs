//! The canonical layout of each MOF construct, read off the token stream. It follows the grammar
//! (`grammar/mof.lalrpop`) but works on the raw tokens, before the C preprocessor, keeping every
//! one: the syntax tree has neither the punctuation nor, in WDK sources, the macros as written.
//! The file has parsed cleanly before this runs; a token this code does not expect (a macro
//! standing for several tokens, a directive inside a declaration) stops it, and the file is left
//! as it is.
//!
//! The rules (README.md, "Formatting", says them for users):
//! - one declaration after the other, a blank line around classes, instances and qualifier
//!   declarations; pragmas and directives on their own lines;
//! - class and instance bodies indented by 4, one member per line, `};` at the start of a line;
//! - a member with its qualifier list on one line if it fits, else the list on its own lines:
//!   one qualifier per line, aligned after the `[`;
//! - values: strings written in pieces keep their pieces, one per line when they do not fit;
//!   arrays of values fill lines; embedded instances are laid out as instances;
//! - spaces around `:` and `=`, after `,`; none inside `()` and `[]`; `{ a, b }` for arrays.

use super::builder::{Builder, Frame, Stop};
use crate::syntax::token::Tok;

/// Indentation of bodies and continuation lines.
const INDENT: usize = 4;

type Laid = Result<(), Stop>;

/// Lays out a whole file. Declarations get a blank line before and after them, except next to a
/// preprocessor directive, where the author's choice stands (`#ifdef X` often hugs what it guards).
pub fn file(b: &mut Builder<'_>) -> Laid {
    let mut after_directive = false;
    while let Some(token) = b.peek() {
        b.hard_line();
        match token {
            Tok::Directive(_) => {
                b.token();
                b.hard_line();
            }
            Tok::Pragma => pragma(b)?,
            _ => {
                if !after_directive {
                    b.want_blank();
                }
                declaration(b)?;
                if !matches!(b.peek(), Some(Tok::Directive(_))) {
                    b.want_blank();
                }
            }
        }
        after_directive = matches!(token, Tok::Directive(_));
    }
    Ok(())
}

/// `#pragma name(args)`, on one line.
fn pragma(b: &mut Builder<'_>) -> Laid {
    b.token();
    b.space();
    name(b)?;
    if b.peek() == Some(Tok::LParen) {
        b.token();
        loop {
            match b.peek() {
                Some(Tok::String(_)) => {
                    b.token();
                    while matches!(b.peek(), Some(Tok::String(_))) {
                        b.space();
                        b.token();
                    }
                }
                Some(Tok::Number(_)) => b.token(),
                _ => name(b)?,
            }
            if !comma(b) {
                break;
            }
            b.space();
        }
        b.expect(Tok::RParen)?;
    }
    Ok(())
}

/// A qualifier declaration, class or instance, told apart by what follows its qualifier list.
fn declaration(b: &mut Builder<'_>) -> Laid {
    let rest = b.rest();
    let mut i = 0;
    if rest.first().map(|t| t.1) == Some(Tok::LBracket) {
        let mut depth = 0usize;
        for (j, token) in rest.iter().enumerate() {
            match token.1 {
                Tok::LBracket => depth += 1,
                Tok::RBracket => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                i = j + 1;
                break;
            }
        }
    }
    match rest.get(i).map(|t| t.1) {
        Some(Tok::Qualifier) if i == 0 => qualifier_declaration(b),
        Some(Tok::Class) => class(b),
        Some(Tok::Instance) => {
            instance(b)?;
            b.expect(Tok::Semi)
        }
        _ => Err(b.stop()),
    }
}

/// `qualifier Name : type = default,` then each scope and flavor list on its own line.
fn qualifier_declaration(b: &mut Builder<'_>) -> Laid {
    b.token();
    b.space();
    name(b)?;
    b.space();
    b.expect(Tok::Colon)?;
    b.space();
    name(b)?;
    array_spec(b)?;
    default(b)?;
    b.open(Frame::Nest(INDENT));
    while comma(b) {
        b.hard_line();
        if !matches!(b.peek(), Some(Tok::Scope | Tok::Flavor)) {
            return Err(b.stop());
        }
        b.token();
        b.expect(Tok::LParen)?;
        b.open(Frame::Group);
        b.open(Frame::Nest(INDENT));
        b.open(Frame::Fill);
        name(b)?;
        while comma(b) {
            b.fill_separator();
            name(b)?;
        }
        b.close();
        b.close();
        b.close();
        b.expect(Tok::RParen)?;
    }
    b.close();
    b.expect(Tok::Semi)
}

/// `[qualifiers]` on their own line, then `class Name : Super as $alias {`, members, `};`.
fn class(b: &mut Builder<'_>) -> Laid {
    qualifiers_above(b)?;
    b.expect(Tok::Class)?;
    b.space();
    name(b)?;
    if b.peek() == Some(Tok::Colon) {
        b.space();
        b.token();
        b.space();
        name(b)?;
    }
    alias(b)?;
    b.space();
    body(b, feature)?;
    b.expect(Tok::Semi)
}

/// A declaration's qualifier list, if it has one, on its own line above it.
fn qualifiers_above(b: &mut Builder<'_>) -> Laid {
    b.flush_comments();
    if b.peek() == Some(Tok::LBracket) {
        qualifier_list(b)?;
        b.hard_line();
    }
    Ok(())
}

/// `[qualifiers]` on their own line, then `instance of Class as $alias {`, values, `}` (the `;`
/// after a declaration is the caller's: an embedded instance has none).
fn instance(b: &mut Builder<'_>) -> Laid {
    qualifiers_above(b)?;
    b.expect(Tok::Instance)?;
    b.space();
    b.expect(Tok::Of)?;
    b.space();
    name(b)?;
    alias(b)?;
    b.space();
    body(b, property_value)
}

/// ` as $alias`, if there.
fn alias(b: &mut Builder<'_>) -> Laid {
    if b.peek() == Some(Tok::As) {
        b.space();
        b.token();
        b.space();
        if !matches!(b.peek(), Some(Tok::Alias(_))) {
            return Err(b.stop());
        }
        b.token();
    }
    Ok(())
}

/// `{`, each member on its own line indented, `}` on its own line; `{}` when empty.
fn body(b: &mut Builder<'_>, member: fn(&mut Builder<'_>) -> Laid) -> Laid {
    if b.peek() != Some(Tok::LBrace) {
        return Err(b.stop());
    }
    if b.peek_at(1) == Some(Tok::RBrace) && !b.comment_after_next() {
        b.token();
        b.token();
        return Ok(());
    }
    b.token();
    b.open(Frame::Nest(INDENT));
    loop {
        match b.peek() {
            Some(Tok::RBrace) => break,
            Some(_) => {
                b.hard_line();
                member(b)?;
            }
            None => return Err(b.stop()),
        }
    }
    b.flush_comments();
    b.close();
    b.hard_line();
    b.token();
    Ok(())
}

/// A property, reference or method of a class.
fn feature(b: &mut Builder<'_>) -> Laid {
    typed(b, true)?;
    b.expect(Tok::Semi)?;
    b.close();
    Ok(())
}

/// A parameter of a method.
fn parameter(b: &mut Builder<'_>) -> Laid {
    typed(b, false)?;
    b.close();
    Ok(())
}

/// Opens a member's group with its qualifier list, if any, which goes on the member's line
/// when the whole member fits there.
fn qualifiers_beside(b: &mut Builder<'_>) -> Laid {
    b.flush_comments();
    b.open(Frame::Group);
    if b.peek() == Some(Tok::LBracket) {
        qualifier_list(b)?;
        b.line();
    }
    Ok(())
}

/// `[qualifiers] type name[array] = default` or, for a method, `[qualifiers] type name(params)`,
/// in a group left open for the caller to close after its `;` or `,`: the qualifiers go on the
/// same line if the whole member fits there.
fn typed(b: &mut Builder<'_>, method: bool) -> Laid {
    qualifiers_beside(b)?;
    name(b)?;
    if b.peek() == Some(Tok::Ref) {
        b.space();
        b.token();
    } else if method {
        // A method's return type may be an array: `string[] Names();`.
        array_spec(b)?;
    }
    b.space();
    name(b)?;
    if method && b.peek() == Some(Tok::LParen) {
        return parameters(b);
    }
    array_spec(b)?;
    default(b)
}

/// `(a, b)`, or each parameter on its own line, indented, when they do not fit.
fn parameters(b: &mut Builder<'_>) -> Laid {
    if b.peek_at(1) == Some(Tok::RParen) && !b.comment_after_next() {
        b.token();
        b.token();
        return Ok(());
    }
    b.token();
    b.open(Frame::Group);
    b.open(Frame::Nest(INDENT));
    b.soft_line();
    if b.peek() != Some(Tok::RParen) {
        parameter(b)?;
        while comma(b) {
            b.line();
            parameter(b)?;
        }
    }
    b.flush_comments();
    b.close();
    b.close();
    b.expect(Tok::RParen)
}

/// `[qualifiers] Name = value;` in an instance.
fn property_value(b: &mut Builder<'_>) -> Laid {
    qualifiers_beside(b)?;
    name(b)?;
    default(b)?;
    b.expect(Tok::Semi)?;
    b.close();
    Ok(())
}

/// ` = value`, if there.
fn default(b: &mut Builder<'_>) -> Laid {
    if b.peek() == Some(Tok::Eq) {
        b.space();
        b.token();
        b.space();
        value(b, true)?;
    }
    Ok(())
}

/// `[a]` or `[16]` after a name, if there.
fn array_spec(b: &mut Builder<'_>) -> Laid {
    if b.peek() == Some(Tok::LBracket) {
        b.token();
        if matches!(b.peek(), Some(Tok::Number(_) | Tok::Ident(_))) {
            b.token();
        }
        b.expect(Tok::RBracket)?;
    }
    Ok(())
}

/// `[A, B(x), C { y } : Flavor]`: on one line if it fits, else one qualifier per line, aligned
/// one column in, after the `[`.
fn qualifier_list(b: &mut Builder<'_>) -> Laid {
    b.open(Frame::Group);
    b.expect(Tok::LBracket)?;
    b.open(Frame::Nest(1));
    qualifier(b)?;
    while comma(b) {
        b.line();
        qualifier(b)?;
    }
    b.flush_comments();
    b.close();
    b.expect(Tok::RBracket)?;
    b.close();
    Ok(())
}

/// `Name`, `Name(value)` or `Name { values }`, then WMI flavors: `: Amended ToSubclass`.
fn qualifier(b: &mut Builder<'_>) -> Laid {
    name(b)?;
    match b.peek() {
        Some(Tok::LParen) => {
            b.token();
            value(b, true)?;
            b.expect(Tok::RParen)?;
        }
        Some(Tok::LBrace) => {
            b.space();
            array(b)?;
        }
        _ => {}
    }
    if b.peek() == Some(Tok::Colon) {
        b.space();
        b.token();
        while is_name(b.peek()) {
            b.space();
            b.token();
        }
    }
    Ok(())
}

/// A value. `lead`: a string in pieces may start on the next line (after `(` or `=`).
fn value(b: &mut Builder<'_>, lead: bool) -> Laid {
    match b.peek() {
        Some(Tok::LBrace) => array(b),
        Some(Tok::Instance | Tok::LBracket) => instance(b),
        Some(Tok::LParen) => expression(b),
        Some(Tok::String(_) | Tok::Ident(_)) => {
            strings(b, lead);
            Ok(())
        }
        Some(Tok::Number(_) | Tok::Char(_) | Tok::True | Tok::False | Tok::Null | Tok::Alias(_)) => {
            b.token();
            Ok(())
        }
        _ => Err(b.stop()),
    }
}

/// A string literal, or several adjacent ones, which are one string: the pieces stay as written,
/// on one line if they fit, else one per line, indented. In WDK sources a macro name may stand
/// among the pieces. A lone name is a constant.
fn strings(b: &mut Builder<'_>, lead: bool) {
    let rest = b.rest();
    let is_string = |i: usize| matches!(rest.get(i), Some((_, Tok::String(_), _)));
    let mut pieces = 0;
    while is_string(pieces)
        || matches!(rest.get(pieces), Some((_, Tok::Ident(_), _)))
            && (is_string(pieces + 1) || pieces > 0 && is_string(pieces - 1))
    {
        pieces += 1;
    }
    if pieces <= 1 {
        b.token();
        return;
    }
    b.open(Frame::Group);
    b.open(Frame::Nest(INDENT));
    if lead {
        b.soft_line();
    }
    for i in 0..pieces {
        if i > 0 {
            b.line();
        }
        b.token();
    }
    b.close();
    b.close();
}

/// `{ a, b }`: on one line if it fits, else indented on the next lines, filled as far as they
/// fit, the `}` after the last value. Values that are embedded instances go one per line, with
/// the `}` on its own line.
fn array(b: &mut Builder<'_>) -> Laid {
    if b.peek_at(1) == Some(Tok::RBrace) && !b.comment_after_next() {
        b.token();
        b.token();
        return Ok(());
    }
    let instances = holds_instances(b);
    b.open(Frame::Group);
    b.token();
    b.open(Frame::Nest(INDENT));
    b.line();
    b.open(if instances { Frame::Group } else { Frame::Fill });
    while b.peek() != Some(Tok::RBrace) {
        b.flush_comments();
        value(b, false)?;
        if !comma(b) {
            break;
        }
        if instances {
            b.line();
        } else {
            b.fill_separator();
        }
    }
    if instances || b.must_break() {
        b.flush_comments();
        b.close();
        b.close();
        b.line();
        b.expect(Tok::RBrace)?;
    } else {
        b.space();
        b.expect(Tok::RBrace)?;
        b.close();
        b.close();
    }
    b.close();
    Ok(())
}

/// Whether the array that starts at the next token holds an embedded instance.
fn holds_instances(b: &Builder<'_>) -> bool {
    let mut depth = 0usize;
    for token in b.rest() {
        match token.1 {
            Tok::LBrace => depth += 1,
            Tok::RBrace if depth <= 1 => return false,
            Tok::RBrace => depth -= 1,
            Tok::Instance => return true,
            _ => {}
        }
    }
    false
}

/// `(A | B)`: the constant expressions that C macros expand to. Walked without recursion, since
/// nothing bounds how deeply parentheses nest.
fn expression(b: &mut Builder<'_>) -> Laid {
    let mut depth = 0usize;
    loop {
        match b.peek() {
            Some(Tok::LParen) => {
                b.token();
                depth += 1;
                continue;
            }
            Some(Tok::Number(_) | Tok::Ident(_)) => b.token(),
            _ => return Err(b.stop()),
        }
        while depth > 0 && b.peek() == Some(Tok::RParen) {
            b.token();
            depth -= 1;
        }
        if depth == 0 {
            return Ok(());
        }
        if b.peek() != Some(Tok::Pipe) {
            return Err(b.stop());
        }
        b.space();
        b.token();
        b.space();
    }
}

/// A name: an identifier, or a keyword where the grammar takes it as one.
fn name(b: &mut Builder<'_>) -> Laid {
    if is_name(b.peek()) {
        b.token();
        Ok(())
    } else {
        Err(b.stop())
    }
}

fn is_name(token: Option<Tok<'_>>) -> bool {
    matches!(
        token,
        Some(
            Tok::Ident(_) | Tok::Class | Tok::Instance | Tok::Of | Tok::As | Tok::Qualifier | Tok::Scope | Tok::Flavor
        )
    )
}

/// Emits a `,` if one comes next.
fn comma(b: &mut Builder<'_>) -> bool {
    let found = b.peek() == Some(Tok::Comma);
    if found {
        b.token();
    }
    found
}
