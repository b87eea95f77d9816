//! Completion, from the tokens before the cursor (the text being typed rarely parses): class
//! names after `class X :` and where a member's type goes (reference and embedded classes),
//! data types there too, qualifier names after `[` or `,` in a qualifier list, property names
//! inside `instance of X { ... }`, pragma names after `#pragma`.

use std::path::Path;

use logos::Logos;
use lsp_types::{CompletionItem, CompletionItemKind, Position};

use super::locate::Cursor;
use super::workspace::Workspace;
use crate::sema::Model;
use crate::sema::model::Origin;
use crate::syntax::KNOWN_PRAGMAS;
use crate::syntax::ast::Intrinsic;
use crate::syntax::print::{qualifier_type, type_name};
use crate::syntax::token::{Lexeme, Tok};

/// What may be typed at the cursor.
#[derive(Debug, PartialEq, Eq)]
enum Context<'t> {
    Pragma,
    Superclass,
    /// The type of a property, reference, method or parameter.
    Type,
    Qualifier,
    /// A property of the named class, in an instance of it.
    Property(&'t str),
}

pub fn completion(workspace: &Workspace, path: &Path, position: Position) -> Vec<CompletionItem> {
    let Some(cursor) = Cursor::new(workspace, path, position) else {
        return Vec::new();
    };
    let compilation = cursor.compilation;
    let text = &compilation.unit.sources.get(cursor.file).text;
    let Some(context) = context(&text[..cursor.offset as usize]) else {
        return Vec::new();
    };
    if context == Context::Pragma {
        return KNOWN_PRAGMAS
            .iter()
            .map(|name| item(name, CompletionItemKind::KEYWORD, None))
            .collect();
    }
    compilation.with_model(|_, analysed| items(&analysed.model, context))
}

/// The names that complete in `context`.
fn items(model: &Model, context: Context) -> Vec<CompletionItem> {
    match context {
        Context::Pragma => Vec::new(),
        Context::Superclass => classes(model),
        Context::Type => {
            let mut items: Vec<CompletionItem> = Intrinsic::ALL
                .iter()
                .map(|(name, _)| item(name, CompletionItemKind::KEYWORD, Some("data type".into())))
                .collect();
            items.extend(classes(model));
            items
        }
        Context::Qualifier => model
            .qualifiers
            .iter()
            .map(|q| {
                let detail = format!("{} qualifier", qualifier_type(q.decl));
                item(&q.decl.name.text, CompletionItemKind::CONSTANT, Some(detail))
            })
            .collect(),
        Context::Property(class) => {
            let Some(class) = model.classes.iter().find(|c| c.decl.name.is(class)) else {
                return Vec::new();
            };
            class
                .properties
                .iter()
                .map(|p| {
                    let detail = type_name(&p.decl.ty);
                    item(&p.decl.name.text, CompletionItemKind::FIELD, Some(detail))
                })
                .collect()
        }
    }
}

fn classes(model: &Model) -> Vec<CompletionItem> {
    model
        .classes
        .iter()
        .map(|c| {
            let detail = match c.origin {
                Origin::Builtin => "built-in class".to_string(),
                Origin::File(_) => "class".to_string(),
            };
            item(c.name(), CompletionItemKind::CLASS, Some(detail))
        })
        .collect()
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..Default::default()
    }
}

/// The context of the end of `before`, the text before the cursor.
fn context(before: &str) -> Option<Context<'_>> {
    let mut tokens: Vec<(Tok, usize)> = Tok::lexer(before)
        .spanned()
        .filter_map(|(tok, range)| tok.ok().map(|t| (t, range.end)))
        .filter(|(tok, _)| !matches!(tok, Tok::LineComment | Tok::BlockComment))
        .collect();
    // A word being typed is what completes; the context is before it.
    if let Some(&(tok, end)) = tokens.last()
        && end == before.len()
        && is_word(tok)
    {
        tokens.pop();
    }
    let toks: Vec<Tok> = tokens.into_iter().map(|(t, _)| t).collect();
    let last = toks.last().copied();
    if last == Some(Tok::Pragma) {
        return Some(Context::Pragma);
    }
    if let [.., Tok::Class, name, Tok::Colon] = toks[..]
        && is_word(name)
    {
        return Some(Context::Superclass);
    }
    // The innermost bracket still open, by its index.
    let mut open: Vec<usize> = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::LBrace | Tok::LBracket | Tok::LParen => open.push(i),
            Tok::RBrace | Tok::RBracket | Tok::RParen => {
                open.pop();
            }
            _ => {}
        }
    }
    let opener = *open.last()?;
    let at_start = |after: &[Tok]| matches!(last, Some(t) if after.contains(&t));
    match toks[opener] {
        Tok::LBracket if at_start(&[Tok::LBracket, Tok::Comma]) => Some(Context::Qualifier),
        // A method's parameter list, `type Name (`, not a qualifier's value, `[Name (`.
        Tok::LParen
            if at_start(&[Tok::LParen, Tok::Comma, Tok::RBracket])
                && opener >= 2
                && is_word(toks[opener - 1])
                && is_word(toks[opener - 2]) =>
        {
            Some(Context::Type)
        }
        Tok::LBrace if at_start(&[Tok::LBrace, Tok::Semi, Tok::RBracket]) => {
            // What the brace opens: `instance of X [as $a] {` or `class X ... {`.
            let head = &toks[..opener];
            let start = head
                .iter()
                .rposition(|t| matches!(t, Tok::Class | Tok::Instance | Tok::Semi | Tok::RBrace))?;
            match head[start..] {
                [Tok::Instance, Tok::Of, Tok::Ident(class), ..] => Some(Context::Property(class)),
                [Tok::Class, ..] => Some(Context::Type),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a token is a name (keywords are names too, in MOF).
fn is_word(tok: Tok) -> bool {
    matches!(tok.lexeme(), Lexeme::Name | Lexeme::Keyword)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_from_the_tokens_before_the_cursor() {
        assert_eq!(context("#pragma "), Some(Context::Pragma));
        assert_eq!(context("#pragma incl"), Some(Context::Pragma));
        assert_eq!(context("class A : "), Some(Context::Superclass));
        assert_eq!(context("class A : CIM_"), Some(Context::Superclass));
        assert_eq!(context("[Abstract, "), Some(Context::Qualifier));
        assert_eq!(context("[Abstract, Desc"), Some(Context::Qualifier));
        assert_eq!(context("class A {\n  string B;\n  "), Some(Context::Type));
        assert_eq!(context("class A : B {\n  [Key] "), Some(Context::Type));
        assert_eq!(context("class A {\n  [Key"), Some(Context::Qualifier));
        assert_eq!(context("class A {\n  uint32 M(string a, "), Some(Context::Type));
        assert_eq!(
            context("instance of T as $t {\n  Id = 1;\n  Na"),
            Some(Context::Property("T"))
        );
        assert_eq!(context("class A {\n  string B = \""), None);
        assert_eq!(context("[Description(\"x\", "), None);
        assert_eq!(context("class A {\n  string "), None);
        assert_eq!(context("class A { string B; };\n"), None);
    }
}
