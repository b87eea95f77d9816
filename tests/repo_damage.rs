//! A damaged repository is detected, never misread, never a panic (every command that reads it
//! exits 2 naming what is damaged; `export` still gives what is intact); the commands that only
//! look leave the file's bytes alone; a creation's leftover is removed; and a reader that closes
//! the output pipe early ends a command quietly.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use mofc::repo::Repository;

const BASE: &str = r#"
qualifier Key : boolean = false, scope(property, reference), flavor(DisableOverride, ToSubclass);
class Sample_Base {
    [Key] string Name;
    uint16 HealthState;
};
class Sample_Other {
    [Key] string Id;
};
instance of Sample_Base { Name = "one"; HealthState = 1; };
"#;

/// The message every command gives for the class whose bit is flipped below.
const DAMAGED: &str = "repository damaged: class Sample_Base in root/cimv2";

/// Runs mofc in `dir`: exit code, stdout, and stderr with the lines miette wrapped joined.
fn mofc(args: &[&str], dir: &Path) -> (i32, String, String) {
    let (code, stdout, stderr) = support::run_mofc(dir, args);
    (code, stdout, stderr.replace("\n  │ ", " "))
}

/// A folder with `base.mof` loaded into `repo`.
fn loaded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.mof"), BASE).unwrap();
    let (code, _, stderr) = mofc(&["load", "--repo", "repo", "base.mof"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    dir
}

fn file(dir: &Path) -> std::path::PathBuf {
    dir.join("repo").join("repository.redb")
}

/// Flips the lowest bit of the first byte of `text` in the repository file, which must hold it
/// once: `uint16 HealthState;` becomes `uint16 IealthState;`.
fn flip(dir: &Path, text: &str) {
    let mut bytes = std::fs::read(file(dir)).unwrap();
    let found: Vec<usize> = (0..bytes.len())
        .filter(|&at| bytes[at..].starts_with(text.as_bytes()))
        .collect();
    assert_eq!(found.len(), 1, "`{text}` is stored once");
    bytes[found[0]] ^= 1;
    std::fs::write(file(dir), bytes).unwrap();
}

/// What a repository holds, as text to compare, or the error reading it.
fn contents(dir: &Path) -> Result<String, String> {
    read_through(Repository::open_read_only(dir))
}

fn read_through(opened: Result<Repository, mofc::repo::RepoError>) -> Result<String, String> {
    let repo = opened.map_err(|e| e.to_string())?;
    let store = repo.read().map_err(|e| e.to_string())?;
    let classes: Vec<_> = store
        .classes
        .values()
        .map(|c| (&c.name, &c.superclass, &c.text))
        .collect();
    Ok(format!(
        "{:?}\n{:?}\n{classes:?}\n{:?}",
        store.namespaces, store.qualifiers, store.instances
    ))
}

#[test]
fn a_flipped_bit_in_a_class_is_reported_by_every_command() {
    let dir = loaded();
    flip(dir.path(), "uint16 HealthState;");
    let before = std::fs::read(file(dir.path())).unwrap();
    for args in [
        &["repo", "--repo", "repo", "ls"][..],
        &["repo", "--repo", "repo", "show", "Sample_Other"],
        &["repo", "--repo", "repo", "show", "Sample_Base"],
        &["repo", "--repo", "repo", "check"],
    ] {
        let (code, stdout, stderr) = mofc(args, dir.path());
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(DAMAGED), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        // `check` lists what is damaged: the record, and the page that holds it.
        if args[3] == "check" {
            let lines: Vec<&str> = stdout.lines().collect();
            assert_eq!(lines[0], "damaged: class Sample_Base in root/cimv2");
            assert!(
                lines[1].starts_with("damaged: the file's pages fail redb's checksums"),
                "{stdout}"
            );
            assert_eq!(lines.len(), 2);
        } else {
            assert_eq!(stdout, "", "{args:?}");
        }
    }
    // Export gives every intact record, and names the damaged one.
    let (code, stdout, stderr) = mofc(&["repo", "--repo", "repo", "export"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains(DAMAGED), "{stderr}");
    assert!(stderr.contains("restore from an export"), "{stderr}");
    assert!(stdout.starts_with("Qualifier Key : boolean"), "{stdout}");
    assert!(stdout.contains("class Sample_Other\n"), "{stdout}");
    assert!(stdout.contains("instance of Sample_Base\n"), "{stdout}");
    assert!(!stdout.contains("class Sample_Base"), "{stdout}");
    assert!(!stdout.contains("IealthState;"), "{stdout}");
    // The commands that only look left every byte as it was.
    assert!(std::fs::read(file(dir.path())).unwrap() == before);
    // Writing commands refuse it too, and leave it as it is.
    for args in [
        &["load", "--repo", "repo", "base.mof"][..],
        &["repo", "--repo", "repo", "delete", "Sample_Other"],
    ] {
        let (code, _, stderr) = mofc(args, dir.path());
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(DAMAGED), "{args:?}: {stderr}");
    }
    assert!(std::fs::read(file(dir.path())).unwrap() == before);
    let library = mofc::load::service::Services::open(&dir.path().join("repo"), "root/cimv2");
    assert!(library.is_err_and(|e| e.to_string().starts_with(DAMAGED)));
}

/// Each byte of a small repository is damaged in turn (every byte of the page holding the
/// classes, and a stride through the whole file): reading it, opened read-only or (one byte in
/// eight: each such open verifies and commits) for writing, either gives exactly what was loaded or an error, never other contents
/// and never a panic.
#[test]
fn no_damaged_byte_is_misread() {
    let dir = loaded();
    let repo = dir.path().join("repo");
    let good = std::fs::read(file(dir.path())).unwrap();
    let expected = contents(&repo).unwrap();
    let class_at = (0..good.len())
        .find(|&at| good[at..].starts_with(b"uint16 HealthState;"))
        .unwrap();
    let page = class_at / 4096 * 4096..(class_at / 4096 + 1) * 4096;
    let scratch = tempfile::tempdir().unwrap();
    let (mut same, mut refused) = (0, 0);
    for at in page
        .clone()
        .chain((0..good.len()).step_by(31).filter(|at| !page.contains(at)))
    {
        let mut bytes = good.clone();
        bytes[at] ^= 0x10;
        std::fs::write(scratch.path().join("repository.redb"), &bytes).unwrap();
        let read = if at % 8 == 1 {
            read_through(Repository::open(scratch.path(), false, ""))
        } else {
            contents(scratch.path())
        };
        match read {
            Ok(read) => {
                assert!(read == expected, "byte {at} damaged was misread:\n{read}");
                same += 1;
            }
            Err(_) => refused += 1,
        }
    }
    // Most of a small file is free space, but every record on the page is damage found.
    assert!(refused > 100, "{refused} refused, {same} unchanged");
}

#[test]
fn commands_that_only_look_leave_the_bytes_alone() {
    let dir = loaded();
    let before = std::fs::read(file(dir.path())).unwrap();
    for args in [
        &["repo", "--repo", "repo", "ls"][..],
        &["repo", "--repo", "repo", "show", "Sample_Base"],
        &["repo", "--repo", "repo", "export"],
        &["repo", "--repo", "repo", "check"],
    ] {
        let (code, _, stderr) = mofc(args, dir.path());
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
    assert!(std::fs::read(file(dir.path())).unwrap() == before);
    let (_, stdout, _) = mofc(&["repo", "--repo", "repo", "check"], dir.path());
    assert_eq!(
        stdout,
        "repository intact: 2 namespaces, 1 qualifier declaration, 2 classes, 1 instance\n"
    );
}

/// A creation killed before its rename leaves `repository.redb.<pid>.new`; the next open removes
/// it (its process is gone), and the next load creates the repository.
#[test]
fn a_killed_creation_leaves_nothing_behind() {
    let dir = loaded();
    let leftover = dir.path().join("repo").join("repository.redb.4242.new");
    std::fs::copy(file(dir.path()), &leftover).unwrap();
    let (code, _, stderr) = mofc(&["repo", "--repo", "repo", "ls"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(!leftover.exists());
    // A creation in progress (its file open in redb) is left alone.
    {
        let _creating = redb::Database::create(&leftover).unwrap();
        assert_eq!(mofc(&["repo", "--repo", "repo", "ls"], dir.path()).0, 0);
        assert!(leftover.exists());
    }
    std::fs::remove_file(&leftover).unwrap();
    // Only the leftover: there is no repository yet, and a load makes one.
    std::fs::remove_file(file(dir.path())).unwrap();
    std::fs::write(&leftover, b"half a database").unwrap();
    let (code, _, stderr) = mofc(&["repo", "--repo", "repo", "ls"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("there is no repository"), "{stderr}");
    assert!(!leftover.exists());
    std::fs::write(&leftover, b"half a database").unwrap();
    let (code, _, stderr) = mofc(&["load", "--repo", "repo", "base.mof"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let names: Vec<_> = std::fs::read_dir(dir.path().join("repo"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["repository.redb"]);
}

/// Not a test on its own: the process that `a_killed_writer_is_recovered_by_a_reader` starts,
/// which holds the repository in `MOFC_HOLD` open for writing until it is killed.
#[test]
#[ignore]
fn hold_open_for_writing() {
    let Some(dir) = std::env::var_os("MOFC_HOLD") else {
        return;
    };
    let _repo = Repository::open(Path::new(&dir), false, "").unwrap();
    println!("holding");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

/// redb opens a file that a killed writer left only to recover it, which writes; `repo ls`
/// recovers it as the next load would (the last commit, intact), then reads it read-only.
#[test]
fn a_killed_writer_is_recovered_by_a_reader() {
    let dir = loaded();
    let expected = contents(&dir.path().join("repo")).unwrap();
    let mut holder = Command::new(std::env::current_exe().unwrap())
        .args(["hold_open_for_writing", "--exact", "--ignored", "--nocapture"])
        .env("MOFC_HOLD", dir.path().join("repo"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(holder.stdout.take().unwrap()).lines();
    assert!(lines.map_while(Result::ok).any(|line| line == "holding"));
    holder.kill().unwrap();
    holder.wait().unwrap();
    let killed = std::fs::read(file(dir.path())).unwrap();
    let (code, stdout, stderr) = mofc(&["repo", "--repo", "repo", "ls"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read(file(dir.path())).unwrap() != killed, "recovered");
    assert!(stdout.contains("class Sample_Other\n"), "{stdout}");
    assert_eq!(contents(&dir.path().join("repo")).unwrap(), expected);
    // Recovered once: from now on the readers leave the bytes alone.
    let before = std::fs::read(file(dir.path())).unwrap();
    assert_eq!(mofc(&["repo", "--repo", "repo", "ls"], dir.path()).0, 0);
    assert!(std::fs::read(file(dir.path())).unwrap() == before);
}

/// A folder with a repository of `n` classes, and the MOF that loaded it in `many.mof`.
fn many(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("qualifier Key : boolean = false, scope(property), flavor(DisableOverride);\n");
    for i in 0..n {
        text.push_str(&format!(
            "class Sample_Class_With_A_Long_Name_{i:05} {{ [Key] string Name; }};\n"
        ));
    }
    std::fs::write(dir.path().join("many.mof"), text).unwrap();
    dir
}

/// Runs mofc in `dir` with stdout piped, reads one line, closes the pipe, and returns the
/// line, the exit code and stderr.
fn first_line(dir: &Path, args: &[&str]) -> (String, i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mofc"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line = read_one_line(child.stdout.take().unwrap());
    let output = child.wait_with_output().unwrap();
    (
        line,
        output.status.code().expect("an exit code, not a signal"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Reads a line and drops the reader: the pipe is closed while mofc still has much to write.
fn read_one_line(pipe: impl std::io::Read) -> String {
    let mut line = String::new();
    BufReader::new(pipe).read_line(&mut line).unwrap();
    line
}

#[test]
fn a_closed_pipe_ends_each_command_quietly() {
    // Far more output than a pipe holds, so that mofc writes after the pipe is closed.
    let dir = many(3000);
    // The load's events (a line each) go to a reader that stops after the first: the load still
    // commits, as the README says, and exits as it would have.
    let args = ["load", "--repo", "repo", "--format", "json", "many.mof"];
    let (line, code, stderr) = first_line(dir.path(), &args);
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["event"], "PutQualifier");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        contents(&dir.path().join("repo"))
            .unwrap()
            .contains("Sample_Class_With_A_Long_Name_02999")
    );
    let (line, code, stderr) = first_line(dir.path(), &["repo", "--repo", "repo", "ls"]);
    assert_eq!((line.as_str(), code, stderr.as_str()), ("namespace root\n", 0, ""));
    let (line, code, stderr) = first_line(dir.path(), &["repo", "--repo", "repo", "export"]);
    assert!(line.starts_with("Qualifier Key"), "{line}");
    assert_eq!((code, stderr.as_str()), (0, ""));
    // The model as MOF.
    let (line, code, stderr) = first_line(dir.path(), &["compile", "many.mof", "--emit", "mof"]);
    assert!(line.starts_with("Qualifier Key"), "{line}");
    assert_eq!((code, stderr.contains("panicked")), (0, false), "{stderr}");
}

/// The events of a load without `--format json` are words on stderr: a reader of stderr that
/// stops early does not stop the load either.
#[test]
fn a_closed_stderr_does_not_stop_a_load() {
    let dir = many(3000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mofc"))
        .args(["load", "--repo", "repo", "many.mof"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line = read_one_line(child.stderr.take().unwrap());
    assert_eq!(line, "checked 1 file: 0 errors, 0 warnings\n");
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(
        contents(&dir.path().join("repo"))
            .unwrap()
            .contains("Sample_Class_With_A_Long_Name_02999")
    );
}
