//! The whole CIM Schema 2.49 through its entry point (1,634 files): the front end alone, the
//! semantic pass alone on a parsed unit, the full check as `mofc check` runs it, and the `mofc`
//! process itself, cold (`--no-cache`) and with its result cache. Run with `cargo bench`;
//! skipped when `../shared/corpus` is absent.

use std::path::Path;
use std::process::{Command, Stdio};

use mofc::sema;
use mofc::source::{DiskWorld, SearchPath};
use mofc::syntax::unit::Unit;

mod support;

use support::schema_entry;

fn main() {
    divan::main();
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

/// Resolve and run every rule on an already parsed schema.
#[divan::bench(sample_count = 30)]
fn analyze_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let unit = Unit::load(&DiskWorld, &entry, &SearchPath::default()).expect("schema readable");
    bencher.bench(|| {
        let (model, diagnostics) = sema::analyze(&unit, &sema::Options::default());
        assert!(diagnostics.is_empty());
        model.classes.len()
    });
}

/// Everything `mofc check` does before rendering: load, complete, resolve, check.
#[divan::bench(sample_count = 30)]
fn check_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    bencher.bench(|| {
        let search = SearchPath::default();
        let mut unit = Unit::load(&DiskWorld, &entry, &search).expect("schema readable");
        sema::complete(&mut unit, &DiskWorld, &search);
        let (model, diagnostics) = sema::analyze(&unit, &sema::Options::default());
        assert!(diagnostics.is_empty());
        drop(model);
        // `mofc check` frees the model but not the syntax trees (the process ends instead), so
        // the unit is returned: divan frees it after the measurement.
        unit
    });
}

/// `mofc check ARGS ENTRY` as a process, in a fresh cache folder, ending as expected (clean).
fn mofc_check(cache: &Path, entry: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_mofc"))
        .arg("check")
        .args(args)
        .arg(entry)
        .env("MOFC_CACHE_DIR", cache)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("mofc runs");
    assert!(status.success());
}

/// The whole `mofc check` process without the result cache: what every run cost before it.
#[divan::bench(sample_count = 20)]
fn process_cold_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let cache = tempfile::tempdir().expect("temp folder");
    bencher.bench(|| mofc_check(cache.path(), &entry, &["--no-cache"]));
}

/// The whole `mofc check` process when the cache holds the schema's result: every file read and
/// compared with what the entry saw, nothing parsed.
#[divan::bench(sample_count = 20)]
fn process_cached_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let cache = tempfile::tempdir().expect("temp folder");
    mofc_check(cache.path(), &entry, &[]);
    bencher.bench(|| mofc_check(cache.path(), &entry, &[]));
}
