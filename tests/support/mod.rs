//! Shared by the integration tests: where the corpus is, and compiling a file as `mofc check` does.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use mofc::diag::Diagnostic;
use mofc::sema;
use mofc::source::{DiskWorld, SearchPath};
use mofc::syntax::unit::Unit;

/// `../shared/corpus`, if this checkout has it beside it.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the real-world corpus is not part of this checkout)",
            dir.display()
        );
        None
    }
}

/// A diagnostic reduced to what tests compare: code, file name, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub fn compile(entry: &Path, search: &[PathBuf]) -> (Unit, Vec<Found>) {
    let search = SearchPath { dirs: search.to_vec() };
    let mut unit = Unit::load(&DiskWorld, entry, &search).expect("entry file readable");
    sema::complete(&mut unit, &DiskWorld, &search);
    let (_, more) = sema::analyze(&unit, &sema::Options::default());
    unit.diagnostics.extend(more);
    let found = unit.diagnostics.iter().map(|d| found(&unit, d)).collect();
    (unit, found)
}

fn found(unit: &Unit, d: &Diagnostic) -> Found {
    let file = unit.sources.get(d.primary.file);
    let (line, column) = file.line_column(d.primary.span.start as usize);
    Found {
        code: d.code.id(),
        file: file.name.clone(),
        line,
        column,
        message: d.message.clone(),
    }
}
