//! Lexing and parsing the whole CIM Schema 2.49 through its entry point (1,634 files), as
//! `mofc check` reads it. Run with `cargo bench`; skipped when `../shared/corpus` is absent.

use std::path::PathBuf;

use mofc::source::{DiskWorld, SearchPath};
use mofc::syntax::unit::Unit;

fn main() {
    divan::main();
}

fn schema_entry() -> Option<PathBuf> {
    let entry =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cim-schema-2.49.0/cim_schema_2.49.0.mof");
    if entry.is_file() {
        return Some(entry);
    }
    eprintln!("skipped: {} is absent", entry.display());
    None
}

/// Read, decode, lex and parse every file of the schema (files in parallel).
#[divan::bench(sample_count = 30)]
fn parse_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    bencher.bench(|| {
        let unit = Unit::load(&DiskWorld, &entry, &SearchPath::default()).expect("schema readable");
        assert!(unit.diagnostics.is_empty());
        unit
    });
}
