//! A hand-written parser for well-formed declarations, the common case, tried before the
//! grammar's on each declaration (`parser.rs`).
//!
//! Why: the LALRPOP parser's table machinery (a state lookup, a dispatch and a stack push and pop
//! for every token and every reduction) was about a third of the instructions of a whole check
//! of the CIM Schema. Read top-down, a well-formed declaration costs a comparison or two per
//! token.
//!
//! It accepts a subset of the grammar's language and builds exactly the tree the grammar builds:
//! the same nodes, spans and `Builder` calls in the same order, so the same diagnostics. It never
//! reports a syntax error and has no recovery: at the first token it does not expect it gives up
//! (`None`), its diagnostics are dropped, and the grammar's parser reads the declaration again,
//! with its error messages and recovery. Whatever it accepts, the grammar accepts with the same
//! result; `tests` checks that on the corpus and on generated and damaged declarations.
//!
//! Spans follow the grammar's `@L` and `@R`: a node starts at its first token (at the token
//! after an empty qualifier list) and ends at its last. Every optional part of the grammar is
//! inlined by LALRPOP, so an absent one never moves an end.

use super::ast::*;
use super::builder::Builder;
use super::lexer::Spanned;
use super::parser::{MAX_DEPTH, exact};
use super::token::{Run, Tok};
use crate::source::Span;

/// How deeply values and `|` expressions may nest in a declaration read here: each level is a
/// few frames of this parser's recursion. A deeper declaration is left to the grammar's parser,
/// whose stack is on the heap. No declaration this parser takes is one that `parser::too_deep`
/// refuses: it opens no more `(` than levels of values, and counts its `{` itself (`open`).
const MAX_NESTING: u32 = 64;
const _: () = assert!((MAX_NESTING as usize) < MAX_DEPTH);

/// Parses the declarations of tokens `start..end` of the builder's file, or gives up at the first
/// thing that is not a well-formed declaration (leaving diagnostics in the builder that the caller
/// must drop).
pub(super) fn items(b: &mut Builder<'_>, scratch: &mut Scratch, start: usize, end: usize) -> Option<Vec<Item>> {
    let tokens = &b.tokens()[..end];
    let mut parser = Descent {
        b,
        scratch,
        tokens,
        at: start,
        nesting: 0,
        braces: 0,
    };
    let mut items = Vec::new();
    while parser.at < end {
        let Some(item) = parser.item() else {
            // What the lists being read when it gave up hold.
            parser.scratch.clear();
            return None;
        };
        items.push(item);
    }
    Some(items)
}

/// Where the most numerous lists of a declaration (qualifiers, array values, features) are
/// gathered while they are read, kept from one declaration to the next. A list is pushed on top
/// of the lists it is nested in, then moved into a vector of its exact size: built by `push`
/// alone, each would grow by doubling (a schema has 40,000 such lists) and then be copied to its
/// size anyway. The rarer lists (pragma arguments, parameters, property values) are built so.
#[derive(Default)]
pub(super) struct Scratch {
    qualifiers: Vec<Qualifier>,
    values: Vec<Value>,
    features: Vec<Feature>,
}

impl Scratch {
    fn clear(&mut self) {
        self.qualifiers.clear();
        self.values.clear();
        self.features.clear();
    }
}

struct Descent<'p, 's> {
    b: &'p mut Builder<'s>,
    scratch: &'p mut Scratch,
    /// The file's tokens, up to the end of the declarations being read.
    tokens: &'s [Spanned<'s>],
    /// The next token.
    at: usize,
    nesting: u32,
    /// How many `{` are open.
    braces: usize,
}

/// The keywords that may stand as names, as the grammar's `Keyword` spells them.
fn keyword(tok: Tok<'_>) -> Option<&'static str> {
    let name = matches!(
        tok,
        Tok::Class | Tok::Instance | Tok::Of | Tok::As | Tok::Qualifier | Tok::Scope | Tok::Flavor
    );
    name.then(|| tok.keyword_text())
}

fn is_name(tok: Tok<'_>) -> bool {
    matches!(tok, Tok::Ident(_)) || keyword(tok).is_some()
}

impl<'s> Descent<'_, 's> {
    fn peek(&self) -> Option<Tok<'s>> {
        self.tokens.get(self.at).map(|t| t.1)
    }

    fn next(&mut self) -> Option<Spanned<'s>> {
        let token = *self.tokens.get(self.at)?;
        self.at += 1;
        Some(token)
    }

    /// Takes the next token if it is `tok`, a token without text (so its kind says it all: the
    /// derived `==` compares the text of names too, in a call of its own).
    fn eat(&mut self, tok: Tok<'_>) -> bool {
        let kind = std::mem::discriminant(&tok);
        let is = self.peek().is_some_and(|next| std::mem::discriminant(&next) == kind);
        self.at += usize::from(is);
        is
    }

    /// Takes the next token, which must be `tok`; its end.
    fn expect(&mut self, tok: Tok<'_>) -> Option<usize> {
        self.eat(tok).then(|| self.end())
    }

    /// Where the next node starts: at the next token.
    fn start(&self) -> Option<usize> {
        self.tokens.get(self.at).map(|t| t.0)
    }

    /// Where the node just read ends: at the last token taken.
    fn end(&self) -> usize {
        self.tokens[self.at - 1].2
    }

    /// Takes a `{`, which must be next, and gives up if it opens a level of braces deeper than
    /// the parser allows (`parser::MAX_DEPTH`, reported there); [`Self::close`] takes its `}`.
    fn open(&mut self) -> Option<usize> {
        self.braces += 1;
        (self.braces <= MAX_DEPTH).then_some(())?;
        self.start().filter(|_| self.eat(Tok::LBrace))
    }

    /// Takes the `}` that closes the level [`Self::open`] opened, if it is next.
    fn close(&mut self) -> bool {
        let closed = self.eat(Tok::RBrace);
        self.braces -= usize::from(closed);
        closed
    }

    /// Counts a level of nesting, or gives up past [`MAX_NESTING`]; [`Self::leave`] undoes it.
    fn enter(&mut self) -> Option<()> {
        self.nesting += 1;
        (self.nesting <= MAX_NESTING).then_some(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    fn item(&mut self) -> Option<Item> {
        Some(match self.peek()? {
            Tok::Pragma => Item::Pragma(self.pragma()?),
            Tok::Qualifier => Item::Qualifier(Box::new(self.qualifier_decl()?)),
            _ => {
                let l = self.start()?;
                let qualifiers = self.qualifiers()?;
                match self.peek()? {
                    Tok::Class => Item::Class(Box::new(self.class(l, qualifiers)?)),
                    Tok::Instance => {
                        let instance = self.instance(l, qualifiers)?;
                        self.expect(Tok::Semi)?;
                        Item::Instance(Box::new(instance))
                    }
                    _ => return None,
                }
            }
        })
    }

    /// An identifier or a keyword that stands as a name.
    fn name(&mut self) -> Option<Name> {
        let (l, tok, r) = *self.tokens.get(self.at)?;
        let name = match tok {
            Tok::Ident(text) => self.b.name(text, l, r),
            _ => self.b.keyword_name(keyword(tok)?, l, r),
        };
        self.at += 1;
        Some(name)
    }

    /// One or more names, as long as names follow.
    fn names(&mut self) -> Option<Vec<Name>> {
        let mut names = vec![self.name()?];
        while self.peek().is_some_and(is_name) {
            names.push(self.name()?);
        }
        Some(names)
    }

    /// Names separated by `,`, then `)`.
    fn comma_names(&mut self) -> Option<Vec<Name>> {
        let mut names = Vec::new();
        self.separated(Tok::RParen, |p| {
            names.push(p.name()?);
            Some(())
        })?;
        Some(names)
    }

    /// One or more items separated by `,`, each read by `item`, then `closer`.
    fn separated(&mut self, closer: Tok<'_>, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        loop {
            item(self)?;
            if !self.eat(Tok::Comma) {
                return self.expect(closer).map(drop);
            }
        }
    }

    /// `as $alias`, if next.
    fn alias(&mut self) -> Option<Option<Name>> {
        if !self.eat(Tok::As) {
            return Some(None);
        }
        match self.next()? {
            (l, Tok::Alias(alias), r) => Some(Some(self.b.name(alias, l, r))),
            _ => None,
        }
    }

    /// A run of adjacent string literals, at the first.
    fn string(&mut self) -> StringLit {
        let first = self.at;
        while matches!(self.peek(), Some(Tok::String(_))) {
            self.at += 1;
        }
        self.b.strings(Run {
            first: first as u32,
            last: (self.at - 1) as u32,
        })
    }

    // ------------------------------------------------------------ pragmas

    fn pragma(&mut self) -> Option<Pragma> {
        let (l, ..) = self.next()?;
        let name = self.name()?;
        let mut args = Vec::new();
        if self.eat(Tok::LParen) {
            self.separated(Tok::RParen, |p| {
                args.push(p.pragma_arg()?);
                Some(())
            })?;
        }
        let r = self.end();
        Some(self.b.pragma(name, exact(args), l, r))
    }

    fn pragma_arg(&mut self) -> Option<PragmaArg> {
        Some(match *self.tokens.get(self.at)? {
            (_, Tok::String(_), _) => PragmaArg::String(self.string()),
            (l, Tok::Number(n), r) => {
                self.at += 1;
                self.b.pragma_number(n, l, r)
            }
            _ => PragmaArg::Name(self.name()?),
        })
    }

    // ------------------------------------------------------------ qualifier declarations

    fn qualifier_decl(&mut self) -> Option<QualifierDecl> {
        let (l, ..) = self.next()?;
        let name = self.name()?;
        self.expect(Tok::Colon)?;
        let first = self.name()?;
        if self.peek().is_some_and(is_name) {
            // mofcomp's flavors-only form: `qualifier Description : ToSubclass Amended;`.
            let mut flavors = self.names()?;
            flavors.insert(0, first);
            let r = self.expect(Tok::Semi)?;
            return Some(self.b.default_flavors(name, flavors, l, r));
        }
        let ty = self.b.data_type(first);
        let array = self.array_spec()?;
        let default = self.default()?;
        let mut parts = Vec::new();
        while self.eat(Tok::Comma) {
            let (pl, part, _) = self.next()?;
            let is_scope = match part {
                Tok::Scope => true,
                Tok::Flavor => false,
                _ => return None,
            };
            self.expect(Tok::LParen)?;
            let names = self.comma_names()?;
            parts.push((is_scope, names, pl, self.end()));
        }
        let r = self.expect(Tok::Semi)?;
        Some(self.b.qualifier_decl(name, ty, array, default, parts, l, r))
    }

    /// `[]` or `[N]`, if next.
    fn array_spec(&mut self) -> Option<Option<ArraySpec>> {
        let Some(l) = self.start().filter(|_| self.eat(Tok::LBracket)) else {
            return Some(None);
        };
        let size = match self.peek()? {
            Tok::Number(text) => {
                self.at += 1;
                Some(text)
            }
            _ => None,
        };
        let r = self.expect(Tok::RBracket)?;
        Some(Some(self.b.array_spec(size, l, r)))
    }

    /// `= value`, if next.
    fn default(&mut self) -> Option<Option<Value>> {
        if !self.eat(Tok::Eq) {
            return Some(None);
        }
        self.value().map(Some)
    }

    // ------------------------------------------------------------ qualifier lists

    /// `[q, ...]`, or nothing.
    fn qualifiers(&mut self) -> Option<Vec<Qualifier>> {
        if !self.eat(Tok::LBracket) {
            return Some(Vec::new());
        }
        let base = self.scratch.qualifiers.len();
        self.separated(Tok::RBracket, |p| {
            let qualifier = p.qualifier()?;
            p.scratch.qualifiers.push(qualifier);
            Some(())
        })?;
        Some(self.scratch.qualifiers.drain(base..).collect())
    }

    fn qualifier(&mut self) -> Option<Qualifier> {
        let l = self.start()?;
        let name = self.name()?;
        let value = match self.peek()? {
            Tok::LParen => {
                self.at += 1;
                let value = self.value()?;
                self.expect(Tok::RParen)?;
                Some(value)
            }
            Tok::LBrace => Some(self.array_value()?),
            _ => None,
        };
        let flavors = if self.eat(Tok::Colon) {
            self.names()?
        } else {
            Vec::new()
        };
        let r = self.end();
        Some(self.b.qualifier(name, value, flavors, l, r))
    }

    // ------------------------------------------------------------ classes

    /// A class declaration after its qualifiers, at `class`.
    fn class(&mut self, l: usize, qualifiers: Vec<Qualifier>) -> Option<ClassDecl> {
        self.expect(Tok::Class)?;
        let name = self.name()?;
        let superclass = match self.eat(Tok::Colon) {
            true => Some(self.name()?),
            false => None,
        };
        let alias = self.alias()?;
        self.open()?;
        let base = self.scratch.features.len();
        while !self.close() {
            let feature = self.feature()?;
            self.scratch.features.push(feature);
        }
        let r = self.expect(Tok::Semi)?;
        Some(ClassDecl {
            qualifiers,
            name,
            superclass,
            alias,
            features: self.scratch.features.drain(base..).collect(),
            span: Span::new(l, r),
        })
    }

    /// A property, reference or method: which one shows at the token after the second name
    /// (`ref` or an array's `[` may come between them).
    fn feature(&mut self) -> Option<Feature> {
        let l = self.start()?;
        let qualifiers = self.qualifiers()?;
        let first = self.name()?;
        let (ty, array, name) = match self.peek()? {
            // Only a method's return type has an array before the name.
            Tok::LBracket => {
                let array = self.array_spec()?;
                let name = self.name()?;
                (self.b.data_type(first), array, name)
            }
            _ => {
                let (ty, name) = self.type_and_name(first)?;
                (ty, None, name)
            }
        };
        if matches!(self.peek()?, Tok::LParen) {
            return Some(Feature::Method(self.method(l, qualifiers, (ty, array), name)?));
        }
        if array.is_some() {
            return None;
        }
        let property = self.typed_rest(l, qualifiers, ty, name)?;
        self.expect(Tok::Semi)?;
        Some(Feature::Property(property))
    }

    /// The rest of a property, reference or parameter after its name.
    fn typed_rest(&mut self, l: usize, qualifiers: Vec<Qualifier>, ty: Type, name: Name) -> Option<PropertyDecl> {
        let array = self.array_spec()?;
        let default = self.default()?;
        let r = self.end();
        Some(self.b.property(qualifiers, (ty, name), (array, default), l, r))
    }

    /// A method after its name, at `(`.
    fn method(
        &mut self,
        l: usize,
        qualifiers: Vec<Qualifier>,
        (return_type, return_array): (Type, Option<ArraySpec>),
        name: Name,
    ) -> Option<MethodDecl> {
        self.expect(Tok::LParen)?;
        let mut params = Vec::new();
        if !self.eat(Tok::RParen) {
            self.separated(Tok::RParen, |p| {
                params.push(p.param()?);
                Some(())
            })?;
        }
        let r = self.expect(Tok::Semi)?;
        Some(MethodDecl {
            qualifiers,
            return_type,
            return_array: return_array.map(Box::new),
            name,
            params: params.into_boxed_slice(),
            span: Span::new(l, r),
        })
    }

    fn param(&mut self) -> Option<Param> {
        let l = self.start()?;
        let qualifiers = self.qualifiers()?;
        let first = self.name()?;
        let (ty, name) = self.type_and_name(first)?;
        self.typed_rest(l, qualifiers, ty, name)
    }

    /// The type that `first` names (a reference's class if `ref` follows) and the name after it.
    fn type_and_name(&mut self, first: Name) -> Option<(Type, Name)> {
        if self.eat(Tok::Ref) {
            return Some((Type::Ref(Box::new(first)), self.name()?));
        }
        let name = self.name()?;
        Some((self.b.data_type(first), name))
    }

    // ------------------------------------------------------------ instances

    /// An instance after its qualifiers, at `instance`, without the `;` of a declaration.
    fn instance(&mut self, l: usize, qualifiers: Vec<Qualifier>) -> Option<InstanceDecl> {
        self.expect(Tok::Instance)?;
        self.expect(Tok::Of)?;
        let class = self.name()?;
        let alias = self.alias()?;
        self.open()?;
        let mut properties = Vec::new();
        while !self.close() {
            properties.push(self.property_value()?);
        }
        Some(InstanceDecl {
            qualifiers,
            class,
            alias,
            properties: exact(properties),
            span: Span::new(l, self.end()),
        })
    }

    fn property_value(&mut self) -> Option<PropertyValue> {
        let l = self.start()?;
        let qualifiers = self.qualifiers()?;
        let name = self.name()?;
        let value = self.default()?;
        let r = self.expect(Tok::Semi)?;
        Some(PropertyValue {
            qualifiers,
            name,
            value,
            span: Span::new(l, r),
        })
    }

    // ------------------------------------------------------------ values

    fn value(&mut self) -> Option<Value> {
        self.enter()?;
        let value = match self.peek()? {
            Tok::LBrace => self.array_value(),
            _ => self.scalar_or_instance(),
        };
        self.leave();
        value
    }

    /// `{ item, ... }`: scalars and instances, no arrays.
    fn array_value(&mut self) -> Option<Value> {
        let l = self.open()?;
        let base = self.scratch.values.len();
        if !self.close() {
            loop {
                self.enter()?;
                let item = self.scalar_or_instance()?;
                self.scratch.values.push(item);
                self.leave();
                if !self.eat(Tok::Comma) {
                    self.close().then_some(())?;
                    break;
                }
            }
        }
        let r = self.end();
        let items = self.scratch.values.drain(base..).collect();
        Some(self.b.value(ValueKind::Array(items), l, r))
    }

    fn scalar_or_instance(&mut self) -> Option<Value> {
        let (l, tok, r) = *self.tokens.get(self.at)?;
        if matches!(tok, Tok::LBracket | Tok::Instance) {
            let qualifiers = self.qualifiers()?;
            let instance = self.instance(l, qualifiers)?;
            let r = self.end();
            return Some(self.b.value(ValueKind::Instance(Box::new(instance)), l, r));
        }
        if let Tok::String(_) = tok {
            let s = self.string();
            let span = s.span;
            let kind = ValueKind::String(s.value.into_boxed_str());
            return Some(self.b.value(kind, span.start as usize, span.end as usize));
        }
        self.at += 1;
        let kind = match tok {
            Tok::Number(text) => return Some(self.b.number(text, l, r)),
            Tok::Char(text) => return Some(self.b.char16(text, l, r)),
            Tok::True => ValueKind::Bool(true),
            Tok::False => ValueKind::Bool(false),
            Tok::Null => ValueKind::Null,
            Tok::Alias(alias) => ValueKind::Alias(alias.into()),
            // What C macros leave behind: an undefined name.
            Tok::Ident(text) => ValueKind::Constant(Box::new(self.b.name(text, l, r))),
            Tok::LParen => {
                let v = self.or_expr()?;
                let r = self.expect(Tok::RParen)?;
                return Some(self.b.value(ValueKind::Int(v.into()), l, r));
            }
            _ => return None,
        };
        Some(self.b.value(kind, l, r))
    }

    /// `a | b | ...` of integers, after its `(`.
    fn or_expr(&mut self) -> Option<i128> {
        self.enter()?;
        let mut value = self.or_term()?;
        while self.eat(Tok::Pipe) {
            value |= self.or_term()?;
        }
        self.leave();
        Some(value)
    }

    fn or_term(&mut self) -> Option<i128> {
        match self.next()? {
            (l, Tok::Number(text), r) => Some(self.b.int_term(text, l, r)),
            (_, Tok::LParen, _) => {
                let value = self.or_expr()?;
                self.expect(Tok::RParen)?;
                Some(value)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::source::FileId;
    use crate::syntax::chunk::chunks;
    use crate::syntax::cpp::{Macros, preprocess};
    use crate::syntax::grammar::ItemsParser;
    use crate::syntax::lexer::lex;
    use crate::syntax::parser::{parse_with_grammar, too_deep};

    /// Reads every declaration of `text` both ways and checks that this parser takes exactly the
    /// well-formed ones and makes of them what the grammar makes. The number it took.
    fn compare(text: &str) -> usize {
        let file = FileId(0);
        let mut lexed = lex(file, text);
        if lexed.has_directives {
            let tokens = std::mem::take(&mut lexed.tokens);
            let mut ignored = Vec::new();
            lexed.tokens = preprocess(file, tokens, &mut Macros::default(), &mut |_, _, _| true, &mut ignored);
        }
        let tokens = &lexed.tokens;
        let grammar = ItemsParser::new();
        let mut taken = 0;
        for chunk in chunks(tokens) {
            if too_deep(&tokens[chunk.clone()]).is_some() {
                let mut builder = Builder::new(file, text, tokens);
                assert_eq!(
                    items(&mut builder, &mut Scratch::default(), chunk.start, chunk.end),
                    None
                );
                continue;
            }
            let mut expected = Builder::new(file, text, tokens);
            let wanted = parse_with_grammar(&grammar, &mut expected, tokens, chunk.clone());
            let mut builder = Builder::new(file, text, tokens);
            let found = items(&mut builder, &mut Scratch::default(), chunk.start, chunk.end);
            let well_formed = expected.error_offsets.is_empty();
            let source = || text[tokens[chunk.start].0..tokens[chunk.end - 1].2].to_string();
            match found {
                Some(found) => {
                    assert!(well_formed, "taken, but the grammar rejects it:\n{}", source());
                    assert_eq!(found, wanted, "another tree for:\n{}", source());
                    assert_eq!(
                        format!("{:?}", builder.diagnostics),
                        format!("{:?}", expected.diagnostics),
                        "other diagnostics for:\n{}",
                        source()
                    );
                    taken += 1;
                }
                None => assert!(!well_formed, "left to the grammar, but well formed:\n{}", source()),
            }
        }
        taken
    }

    fn mof_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                mof_files(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("mof") || e.eq_ignore_ascii_case("mfl"))
            {
                out.push(path);
            }
        }
    }

    #[test]
    fn takes_every_well_formed_declaration_of_the_corpus_and_reads_it_as_the_grammar_does() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if !corpus.is_dir() {
            eprintln!("skipped: {} is absent", corpus.display());
            return;
        }
        let mut files = Vec::new();
        mof_files(&corpus, &mut files);
        assert!(files.len() > 2_000, "{} MOF files", files.len());
        let taken: usize = files
            .iter()
            .filter_map(|path| crate::source::decode(std::fs::read(path).ok()?).ok())
            .map(|text| compare(&text))
            .sum();
        // The CIM Schema alone has over 1,600 classes and as many includes.
        assert!(taken > 8_000, "{taken} declarations taken");
    }

    /// A small random source for the generator below (SplitMix64).
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % n as u64) as usize
        }

        fn chance(&mut self, percent: usize) -> bool {
            self.below(100) < percent
        }

        fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
            choices[self.below(choices.len())]
        }
    }

    /// Names as they come: identifiers, keywords that may stand as names, types, flavors and
    /// scopes, some misspelt, and `void`.
    const NAMES: &[&str] = &[
        "A",
        "CIM_Foo",
        "x",
        "class",
        "instance",
        "of",
        "as",
        "qualifier",
        "scope",
        "flavor",
        "uint8",
        "sint8",
        "uint32",
        "string",
        "boolean",
        "real64",
        "datetime",
        "char16",
        "object",
        "void",
        "int32",
        "Key",
        "Description",
        "ToSubclass",
        "Amended",
        "Restricted",
        "EnableOverride",
        "DisableOverride",
        "Translatable",
        "ToSubClas",
        "property",
        "any",
        "association",
        "méthode",
    ];

    /// Values as they come, well formed or not as literals (`09`, `'ab'`, `"\q"`), in range of
    /// their type or not.
    const SCALARS: &[&str] = &[
        "0",
        "1",
        "-1",
        "255",
        "256",
        "-129",
        "0x1F",
        "1.5",
        "-2.5e3",
        "09",
        "1.0E",
        "18446744073709551616",
        "\"s\"",
        "\"a\" \"b\"",
        "\"\\n\\x41\"",
        "\"\\q\"",
        "'c'",
        "'ab'",
        "'\\n'",
        "true",
        "FALSE",
        "null",
        "$alias",
        "WBEM_FLAG",
        "(1 | 2)",
        "((4) | 0x10 | (8))",
        "(1.5)",
    ];

    struct Generator {
        random: Random,
        tokens: Vec<String>,
    }

    impl Generator {
        fn push(&mut self, token: &str) {
            self.tokens.push(token.to_string());
        }

        fn name(&mut self) {
            let name = self.random.pick(NAMES);
            self.push(name);
        }

        fn value(&mut self, depth: usize) {
            match self.random.below(10) {
                0 => self.array(depth),
                1 if depth < 3 => self.instance(depth + 1),
                _ => self.scalar(),
            }
        }

        fn scalar(&mut self) {
            let scalar = self.random.pick(SCALARS);
            self.push(scalar);
        }

        fn array(&mut self, depth: usize) {
            self.push("{");
            for i in 0..self.random.below(4) {
                if i > 0 {
                    self.push(",");
                }
                if depth < 3 && self.random.chance(10) {
                    self.instance(depth + 1);
                } else {
                    self.scalar();
                }
            }
            self.push("}");
        }

        fn qualifiers(&mut self, depth: usize) {
            if self.random.chance(40) {
                return;
            }
            self.push("[");
            for i in 0..1 + self.random.below(3) {
                if i > 0 {
                    self.push(",");
                }
                self.name();
                match self.random.below(4) {
                    0 => {
                        self.push("(");
                        self.value(depth);
                        self.push(")");
                    }
                    1 => self.array(depth),
                    _ => {}
                }
                if self.random.chance(20) {
                    self.push(":");
                    for _ in 0..1 + self.random.below(3) {
                        self.name();
                    }
                }
            }
            self.push("]");
        }

        fn array_spec(&mut self) {
            let spec = self.random.pick(&["[]", "[4]", "[0]", "[x]"]);
            self.push(spec);
        }

        fn typed(&mut self, depth: usize) {
            self.qualifiers(depth);
            self.name();
            if self.random.chance(15) {
                self.push("ref");
            }
            self.name();
            if self.random.chance(20) {
                self.array_spec();
            }
            if self.random.chance(30) {
                self.push("=");
                self.value(depth);
            }
        }

        fn feature(&mut self) {
            if self.random.chance(70) {
                self.typed(0);
                self.push(";");
                return;
            }
            self.qualifiers(0);
            self.name();
            match self.random.below(4) {
                0 => self.push("ref"),
                1 => self.array_spec(),
                _ => {}
            }
            self.name();
            self.push("(");
            for i in 0..self.random.below(3) {
                if i > 0 {
                    self.push(",");
                }
                self.typed(0);
            }
            self.push(")");
            self.push(";");
        }

        fn alias(&mut self) {
            if self.random.chance(20) {
                self.push("as");
                self.push("$a1");
            }
        }

        fn instance(&mut self, depth: usize) {
            self.qualifiers(depth);
            self.push("instance");
            self.push("of");
            self.name();
            self.alias();
            self.push("{");
            for _ in 0..self.random.below(4) {
                self.qualifiers(depth);
                self.name();
                if self.random.chance(90) {
                    self.push("=");
                    self.value(depth);
                }
                self.push(";");
            }
            self.push("}");
        }

        fn declaration(&mut self) {
            match self.random.below(5) {
                0 => {
                    self.push("#pragma");
                    self.name();
                    if self.random.chance(70) {
                        self.push("(");
                        for i in 0..1 + self.random.below(2) {
                            if i > 0 {
                                self.push(",");
                            }
                            let arg = self
                                .random
                                .pick(&["\"root/cimv2\"", "\"a\" \"b\"", "1", "x", "\"a b\"", "09"]);
                            self.push(arg);
                        }
                        self.push(")");
                    }
                }
                1 => {
                    self.push("qualifier");
                    self.name();
                    self.push(":");
                    self.name();
                    if self.random.chance(20) {
                        self.name();
                        self.push(";");
                        return;
                    }
                    if self.random.chance(20) {
                        self.array_spec();
                    }
                    if self.random.chance(40) {
                        self.push("=");
                        self.value(0);
                    }
                    for part in ["scope", "flavor", "scope"] {
                        if self.random.chance(40) {
                            self.push(",");
                            self.push(part);
                            self.push("(");
                            for i in 0..1 + self.random.below(3) {
                                if i > 0 {
                                    self.push(",");
                                }
                                self.name();
                            }
                            self.push(")");
                        }
                    }
                    self.push(";");
                }
                2 | 3 => {
                    self.qualifiers(0);
                    self.push("class");
                    self.name();
                    if self.random.chance(50) {
                        self.push(":");
                        self.name();
                    }
                    self.alias();
                    self.push("{");
                    for _ in 0..self.random.below(5) {
                        self.feature();
                    }
                    self.push("}");
                    self.push(";");
                }
                _ => {
                    self.instance(0);
                    self.push(";");
                }
            }
        }

        /// Damages the declarations: a token dropped, repeated, swapped with the next or replaced.
        fn damage(&mut self) {
            const ANY: &[&str] = &[
                ";", ",", "(", ")", "{", "}", "[", "]", ":", "=", "|", "ref", "class", "instance", "x", "1", "\"s\"",
                "@",
            ];
            for _ in 0..self.random.below(3) {
                if self.tokens.len() < 2 {
                    return;
                }
                let at = self.random.below(self.tokens.len() - 1);
                match self.random.below(4) {
                    0 => {
                        self.tokens.remove(at);
                    }
                    1 => {
                        let token = self.tokens[at].clone();
                        self.tokens.insert(at, token);
                    }
                    2 => self.tokens.swap(at, at + 1),
                    _ => self.tokens[at] = self.random.pick(ANY).to_string(),
                }
            }
        }

        fn text(&mut self) -> String {
            let mut text = String::new();
            for token in &self.tokens {
                text.push_str(token);
                text.push_str(self.random.pick(&[" ", " ", "\n", "  ", "/* c */ "]));
            }
            text
        }
    }

    fn generated(seed: u64, damaged: bool) -> String {
        let mut generator = Generator {
            random: Random(seed),
            tokens: Vec::new(),
        };
        for _ in 0..1 + generator.random.below(4) {
            generator.declaration();
        }
        if damaged {
            generator.damage();
        }
        generator.text()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn reads_generated_declarations_as_the_grammar_does(seed in any::<u64>()) {
            compare(&generated(seed, false));
        }

        #[test]
        fn leaves_damaged_declarations_to_the_grammar(seed in any::<u64>()) {
            compare(&generated(seed, true));
        }
    }

    #[test]
    fn the_generator_makes_well_formed_declarations_it_takes() {
        let taken: usize = (0..200).map(|seed| compare(&generated(seed, false))).sum();
        eprintln!("{taken} taken");
        assert!(taken > 300, "{taken} taken");
    }

    /// An instance with `levels` instances nested in it, each in an array value of a qualifier:
    /// two braces a level, one level of values.
    fn instances_in_qualifiers(levels: usize) -> String {
        let mut inner = "p = 1;".to_string();
        for _ in 0..levels {
            inner = format!("[Q{{instance of A {{ {inner} }}}}] p;");
        }
        format!("instance of A {{ {inner} }};")
    }

    #[test]
    fn gives_up_where_braces_nest_deeper_than_the_parser_allows() {
        // 99 braces deep, then 101: `compare` checks that the second is left to the parser,
        // which reports it.
        assert_eq!(compare(&instances_in_qualifiers(49)), 1);
        assert_eq!(compare(&instances_in_qualifiers(50)), 0);
    }

    #[test]
    fn gives_up_where_values_nest_deeper_than_it_recurses() {
        let depth = MAX_NESTING as usize + 1;
        let text = format!("[A({}1{})] class C {{ }};", "(".repeat(depth), ")".repeat(depth));
        let lexed = lex(FileId(0), &text);
        let mut builder = Builder::new(FileId(0), &text, &lexed.tokens);
        assert_eq!(
            items(&mut builder, &mut Scratch::default(), 0, lexed.tokens.len()),
            None
        );
        let shallow = text.replacen('(', "", 2).replacen(')', "", 2);
        let lexed = lex(FileId(0), &shallow);
        let mut builder = Builder::new(FileId(0), &shallow, &lexed.tokens);
        assert!(items(&mut builder, &mut Scratch::default(), 0, lexed.tokens.len()).is_some());
    }
}
