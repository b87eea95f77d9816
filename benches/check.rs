//! The whole CIM Schema 2.49 through its entry point (1,634 files, 5.5 MB): each stage of the
//! front end alone (lexing, parsing), the semantic pass alone on a parsed unit, the full check as
//! `mofc check` runs it, through the entry file and on the schema as one 5.4 MB file (each with its
//! throughput over the schema's bytes), and the `mofc` process itself, cold (`--no-cache`) and
//! with its result cache. Run with `cargo bench --bench check`; skipped when `../shared/corpus` is
//! absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use divan::counter::BytesCount;
use mofc::sema;
use mofc::source::{DiskWorld, FileId, SearchPath};
use mofc::syntax::lexer::lex;
use mofc::syntax::parse_lexed;
use mofc::syntax::unit::Unit;

// The flat schema is made as the language server's tests and benchmark make it.
#[path = "../tests/support/lsp_client.rs"]
mod client;
mod support;

use support::schema_entry;

fn main() {
    divan::main();
    for line in USAGE.lock().expect("not poisoned").iter() {
        println!("{line}");
    }
}

/// What the process benchmarks measured besides time, printed after divan's table.
static USAGE: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// The decoded text of every file of the schema, in the order the unit loaded them.
fn schema_texts(entry: &Path) -> Vec<String> {
    let unit = Unit::load(&DiskWorld, entry, &SearchPath::default()).expect("schema readable");
    (0..unit.files.len())
        .map(|i| unit.sources.get(FileId(i as u32)).text.clone())
        .collect()
}

fn bytes(texts: &[String]) -> BytesCount {
    BytesCount::new(texts.iter().map(String::len).sum::<usize>())
}

/// Lexing alone: every file's text, already in memory, into tokens (one thread).
#[divan::bench(sample_count = 30)]
fn lex_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let texts = schema_texts(&entry);
    bencher.counter(bytes(&texts)).bench(|| {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| lex(FileId(i as u32), text).tokens.len())
            .sum::<usize>()
    });
}

/// Parsing alone: every file's tokens (lexed before the measurement) into syntax trees (one
/// thread; the trees are freed after the measurement, as `mofc check` leaves them to the exit).
#[divan::bench(sample_count = 30)]
fn parse_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let texts = schema_texts(&entry);
    bencher
        .counter(bytes(&texts))
        .with_inputs(|| {
            let lexed: Vec<_> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| lex(FileId(i as u32), t))
                .collect();
            lexed
        })
        .bench_local_values(|lexed| {
            let parsed: Vec<_> = lexed
                .into_iter()
                .enumerate()
                .map(|(i, lexed)| parse_lexed(FileId(i as u32), &texts[i], lexed))
                .collect();
            assert!(parsed.iter().all(|p| p.diagnostics.is_empty()));
            parsed
        });
}

/// Read, decode, lex and parse every file of the schema (files in parallel), as a `Unit`.
#[divan::bench(sample_count = 30)]
fn load_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    bencher.counter(bytes(&schema_texts(&entry))).bench(|| {
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
    let texts = schema_texts(&entry);
    bencher.counter(bytes(&texts)).bench(|| {
        let (model, diagnostics) = sema::analyze(&unit, &sema::Options::default());
        assert!(diagnostics.is_empty());
        model.classes.len()
    });
}

/// Everything `mofc check` does before rendering: load, complete, resolve, check.
fn check(path: &Path) -> Unit {
    let search = SearchPath::default();
    let mut unit = Unit::load(&DiskWorld, path, &search).expect("schema readable");
    sema::complete(&mut unit, &DiskWorld, &search);
    let (model, diagnostics) = sema::analyze(&unit, &sema::Options::default());
    assert!(diagnostics.is_empty());
    // `mofc check` of one compilation frees neither the model nor the syntax trees (the process
    // ends instead). The model borrows the unit, so it is freed here, in the measurement (1.8 ms
    // more than the process spends); the unit is returned, for divan to free afterwards.
    drop(model);
    unit
}

/// `mofc check` of the schema through its entry file.
#[divan::bench(sample_count = 30)]
fn check_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    bencher.counter(bytes(&schema_texts(&entry))).bench(|| check(&entry));
}

/// The schema as one file: its included files pasted in the entry file's order.
struct FlatFile(PathBuf);

impl Drop for FlatFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.0.parent().expect("in its folder"));
    }
}

/// `mofc check` of the schema as one 5.4 MB file (its declarations parsed in parallel).
#[divan::bench(sample_count = 30)]
fn check_flat_cim_schema(bencher: divan::Bencher) {
    let Some(text) = client::flat_cim_schema() else { return };
    let dir = std::env::temp_dir().join(format!("mofc-bench-check-flat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let flat = FlatFile(dir.join("cim_schema_flat.mof"));
    std::fs::write(&flat.0, &text).expect("the flat schema written");
    bencher.counter(BytesCount::new(text.len())).bench(|| check(&flat.0));
}

/// `mofc check ARGS ENTRY` as a process, in a fresh cache folder, ending as expected (clean);
/// with its minor page faults.
fn mofc_check(cache: &Path, entry: &Path, args: &[&str]) -> u64 {
    let child = Command::new(env!("CARGO_BIN_EXE_mofc"))
        .arg("check")
        .args(args)
        .arg(entry)
        .env("MOFC_CACHE_DIR", cache)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("mofc runs");
    let (success, faults) = wait_with_faults(child);
    assert!(success);
    faults
}

/// Waits for `child`, with the minor page faults `wait4` counts for it (std's `wait` does not
/// give them). Not its peak RSS: Linux records in a process's peak the memory of the process it
/// was spawned from (the benchmark, with the schema in memory), at the `exec`.
#[cfg(unix)]
fn wait_with_faults(child: std::process::Child) -> (bool, u64) {
    let pid = i32::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: `rusage` is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not waited for yet (std waits only when asked, and `child` is
    // dropped without being asked), and both pointers are to locals that outlive the call.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    drop(child);
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (success, u64::try_from(usage.ru_minflt).unwrap_or(0))
}

#[cfg(not(unix))]
fn wait_with_faults(mut child: std::process::Child) -> (bool, u64) {
    (child.wait().expect("mofc ends").success(), 0)
}

/// Keeps the median of the minor page faults of the processes a benchmark ran (divan reports
/// only time), for `main` to print.
fn report_faults(name: &str, mut runs: Vec<u64>) {
    if runs.is_empty() || cfg!(not(unix)) {
        return;
    }
    runs.sort_unstable();
    let line = format!(
        "{name}: {} minor page faults (median of {} runs)",
        runs[runs.len() / 2],
        runs.len()
    );
    USAGE.lock().expect("not poisoned").push(line);
}

/// The whole `mofc check` process without the result cache: what every run cost before it.
#[divan::bench(sample_count = 20)]
fn process_cold_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let cache = tempfile::tempdir().expect("temp folder");
    let runs = std::sync::Mutex::new(Vec::new());
    bencher.bench(|| {
        let faults = mofc_check(cache.path(), &entry, &["--no-cache"]);
        runs.lock().expect("not poisoned").push(faults);
    });
    report_faults("process_cold_cim_schema", runs.into_inner().expect("not poisoned"));
}

/// The whole `mofc check` process when the cache holds the schema's result: every file read and
/// compared with what the entry saw, nothing parsed.
#[divan::bench(sample_count = 20)]
fn process_cached_cim_schema(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let cache = tempfile::tempdir().expect("temp folder");
    mofc_check(cache.path(), &entry, &[]);
    let runs = std::sync::Mutex::new(Vec::new());
    bencher.bench(|| {
        let faults = mofc_check(cache.path(), &entry, &[]);
        runs.lock().expect("not poisoned").push(faults);
    });
    report_faults("process_cached_cim_schema", runs.into_inner().expect("not poisoned"));
}
