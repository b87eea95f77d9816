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

/// A new temporary folder with `files` (path, text) in it.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp folder");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Runs the `mofc` binary in `cwd` (without colour): exit code, stdout, stderr. A run that has
/// not ended after a minute is killed and fails the test, so that a hang is a failure rather
/// than a CI timeout.
pub fn run_mofc(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    run_mofc_with(cwd, args, &[("NO_COLOR", "1")], b"")
}

/// `mofc check --format json ARGS`, run in `cwd`: the exit code and the JSON document.
pub fn check_json(cwd: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_mofc(cwd, &all);
    let doc = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("JSON expected: {stdout}{stderr}"));
    (code, doc)
}

/// Each diagnostic of a JSON document, as `read` takes it apart.
pub fn each_diagnostic<T>(doc: &serde_json::Value, read: impl Fn(&serde_json::Value) -> T) -> Vec<T> {
    doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(read)
        .collect()
}

/// A diagnostic's `key`, a string.
pub fn text(d: &serde_json::Value, key: &str) -> String {
    d[key].as_str().unwrap().to_string()
}

/// A diagnostic's `key`, a number.
pub fn number(d: &serde_json::Value, key: &str) -> u64 {
    d[key].as_u64().unwrap()
}

/// [`run_mofc`] with these environment variables (and no other that decides colour) and this
/// standard input.
pub fn run_mofc_with(cwd: &Path, args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> (i32, String, String) {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_mofc"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mofc runs");
    let mut input = child.stdin.take().expect("stdin piped");
    let stdin = stdin.to_vec();
    // Written from a thread, then closed: mofc may not read it at all.
    std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    // Read both pipes while waiting: a child whose pipe is full would wait for us.
    fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    }
    let stdout = drain(child.stdout.take().expect("stdout piped"));
    let stderr = drain(child.stderr.take().expect("stderr piped"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("mofc runs") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("`mofc {}` did not end within a minute", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    (
        status.code().expect("exit code"),
        stdout.join().expect("stdout read"),
        stderr.join().expect("stderr read"),
    )
}

/// A diagnostic reduced to what tests compare: code, file name, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Whether its severity is error (a code's severity can depend on the file; see
    /// `sema::settle`).
    pub error: bool,
}

pub fn compile(entry: &Path, search: &[PathBuf]) -> (Unit, Vec<Found>) {
    let search = SearchPath { dirs: search.to_vec() };
    let mut unit = Unit::load(&DiskWorld, entry, &search).expect("entry file readable");
    sema::complete(&mut unit, &DiskWorld, &search);
    sema::settle(&unit.sources, &mut unit.diagnostics);
    let (_, mut more) = sema::analyze(&unit, &sema::Options::default());
    sema::settle(&unit.sources, &mut more);
    unit.report(more);
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
        error: d.is_error(),
    }
}

/// A diagnostic as the semantic tests compare it: code, file name, line, column, and the
/// (file name, line) of each secondary label.
pub type Finding = (&'static str, String, usize, usize, Vec<(String, usize)>);

/// A new empty folder under the system's temporary one, unique to this call; the caller removes it.
pub fn fresh_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "mofc-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `files` (name, text) to a fresh folder and compiles the first, as `mofc check` would;
/// returns every diagnostic, in file and position order.
pub fn check_files(files: &[(&str, &str)]) -> Vec<Finding> {
    let dir = fresh_dir();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let (unit, _) = compile(&dir.join(files[0].0), &[]);
    std::fs::remove_dir_all(&dir).unwrap();
    let short = |id| {
        let file = unit.sources.get(id);
        Path::new(&file.name)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    unit.diagnostics
        .iter()
        .map(|d| {
            let (line, column) = unit
                .sources
                .get(d.primary.file)
                .line_column(d.primary.span.start as usize);
            let labels = d
                .secondary
                .iter()
                .map(|l| {
                    (
                        short(l.file),
                        unit.sources.get(l.file).line_column(l.span.start as usize).0,
                    )
                })
                .collect();
            (d.code.id(), short(d.primary.file), line, column, labels)
        })
        .collect()
}

/// Only (code, line, column) of the diagnostics of one MOF text.
pub fn check_text(text: &str) -> Vec<(&'static str, usize, usize)> {
    check_files(&[("t.mof", text)])
        .into_iter()
        .map(|(c, _, l, col, _)| (c, l, col))
        .collect()
}
