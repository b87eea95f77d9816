//! Workspace symbols (`workspace/symbol`): the classes, properties, methods and qualifier
//! declarations of every file of the workspace's compilations, matched fuzzily as
//! rust-analyzer does (the query's characters in order, in any letter case; `nucleo-matcher`
//! scores them), best matches first, at most [`LIMIT`].

use std::collections::HashSet;
use std::path::PathBuf;

use lsp_types::{Location, OneOf, SymbolKind, WorkspaceSymbol};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::position::Places;
use super::workspace::Workspace;
use crate::source::{FileId, Span};
use crate::syntax::ast::{Feature, Item};

/// At most this many symbols are answered (rust-analyzer's default too).
pub const LIMIT: usize = 128;

/// A symbol that matches, before it is placed.
struct Candidate<'w> {
    score: u16,
    name: &'w str,
    kind: SymbolKind,
    container: Option<&'w str>,
    compilation: usize,
    file: FileId,
    span: Span,
}

pub fn symbols(workspace: &Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let atom = Atom::new(
        query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
        false,
    );
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut candidates = Vec::new();
    let mut seen: HashSet<&PathBuf> = HashSet::new();
    for (index, compilation) in workspace.compilations().iter().enumerate() {
        for (id, source) in compilation.unit.sources.iter() {
            if !seen.insert(&source.path) {
                continue;
            }
            let mut add = |name: &'_ str, kind, container, span| {
                let score = if query.is_empty() {
                    Some(0)
                } else {
                    atom.score(Utf32Str::new(name, &mut buffer), &mut matcher)
                };
                score.map(|score| (score, kind, container, span))
            };
            for item in &compilation.unit.files[id.0 as usize].items {
                let mut found = Vec::new();
                match item {
                    Item::Class(class) => {
                        let name: &str = &class.name.text;
                        found.push((name, add(name, SymbolKind::CLASS, None, class.name.span)));
                        for feature in &class.features {
                            let (member, kind) = match feature {
                                Feature::Property(p) => (&p.name, SymbolKind::PROPERTY),
                                Feature::Method(m) => (&m.name, SymbolKind::METHOD),
                            };
                            found.push((&member.text, add(&member.text, kind, Some(name), member.span)));
                        }
                    }
                    Item::Qualifier(q) => {
                        found.push((&q.name.text, add(&q.name.text, SymbolKind::CONSTANT, None, q.name.span)));
                    }
                    Item::Instance(_) | Item::Pragma(_) => {}
                }
                for (name, matched) in found {
                    if let Some((score, kind, container, span)) = matched {
                        candidates.push(Candidate {
                            score,
                            name,
                            kind,
                            container,
                            compilation: index,
                            file: id,
                            span,
                        });
                    }
                }
            }
        }
    }
    // Best score first; then classes before members, shorter names, and by name.
    let rank = |c: &Candidate| (std::cmp::Reverse(c.score), c.kind != SymbolKind::CLASS, c.name.len());
    candidates.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(b.name)));
    candidates.truncate(LIMIT);
    let compilations = workspace.compilations();
    let mut places: Vec<Option<Places>> = (0..compilations.len()).map(|_| None).collect();
    candidates
        .into_iter()
        .filter_map(|c| {
            let sources = &compilations[c.compilation].unit.sources;
            let places = places[c.compilation].get_or_insert_with(|| Places::new(sources, workspace.encoding));
            let location: Location = places.at(c.file, c.span)?;
            Some(WorkspaceSymbol {
                name: c.name.to_string(),
                kind: c.kind,
                tags: None,
                container_name: c.container.map(str::to_string),
                location: OneOf::Left(location),
                data: None,
            })
        })
        .collect()
}
