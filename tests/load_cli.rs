//! `mofc load` and `mofc repo` as a user runs them: transactions, `--keep-going`, `--dry-run`,
//! files resolved against yesterday's load, the JSON event lines, a locked or damaged
//! repository, and a load of the CIM Schema killed at random moments.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value as Json;

/// What a run of mofc in `dir` gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn mofc(args: &[&str], dir: &Path) -> Run {
    let (code, stdout, stderr) = support::run_mofc(dir, args);
    Run { code, stdout, stderr }
}

/// Loads `file` into `dir/repo`, which must succeed.
fn load_ok(dir: &Path, file: &str) {
    let run = mofc(&["load", "--repo", "repo", file], dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// The JSON lines of a load: its events, then the summary.
fn lines(out: &Run) -> Vec<Json> {
    out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn export(dir: &Path) -> String {
    mofc(&["repo", "--repo", "repo", "export"], dir).stdout
}

const BASE: &str = r#"
qualifier Key : boolean = false, scope(property, reference), flavor(DisableOverride, ToSubclass);
class Sample_Base {
    [Key] string Name;
    uint32 Size;
};
instance of Sample_Base { Name = "one"; Size = 1; };
"#;

#[test]
fn a_later_file_is_resolved_against_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.mof", BASE);
    std::fs::create_dir(dir.path().join("later")).unwrap();
    let child = "class Sample_Child : Sample_Base { string Extra; };\ninstance of Sample_Child { Name = \"two\"; };\n";
    write(&dir.path().join("later"), "child.mof", child);
    // Alone, the child file does not compile: its superclass is unknown.
    assert_eq!(mofc(&["check", "later/child.mof"], dir.path()).code, 1);
    load_ok(dir.path(), "base.mof");
    let out = mofc(
        &["load", "--repo", "repo", "--format", "json", "later/child.mof"],
        dir.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let events = lines(&out);
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["event"], "PutClass");
    assert_eq!(events[0]["Class"], "Sample_Child");
    assert_eq!(events[0]["change"], "created");
    assert_eq!(events[0]["ResultCode"], 0);
    assert_eq!(events[0]["Result"], "WBEM_S_NO_ERROR");
    assert_eq!(events[0]["file"], "later/child.mof");
    assert_eq!(events[0]["line"], 1);
    assert_eq!(events[0]["Namespace"], "root/cimv2");
    assert!(events[0]["TIME_CREATED"].as_u64().unwrap() > 130_000_000_000_000_000);
    assert_eq!(events[0]["intrinsic"][0]["event"], "__ClassCreationEvent");
    assert_eq!(events[1]["event"], "PutInstance");
    assert_eq!(events[1]["Path"], "Sample_Child.Name=\"two\"");
    assert_eq!(
        events[2]["summary"],
        serde_json::json!({"operations": 2, "failed": 0, "committed": true})
    );
    let ls = mofc(&["repo", "--repo", "repo", "ls"], dir.path()).stdout;
    assert_eq!(
        ls,
        "namespace root\nnamespace root/cimv2\nclass Sample_Base (1 instances)\nclass Sample_Child : Sample_Base (1 instances)\n"
    );
}

#[test]
fn a_failing_operation_rolls_the_whole_load_back() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.mof", BASE);
    load_ok(dir.path(), "base.mof");
    let before = export(dir.path());
    // A new class, then a structural change to a class with instances (fails), then another.
    let change = "class Sample_New { [Key] string Id; };\n\
                  class Sample_Base { [Key] string Name; string Size; };\n\
                  class Sample_Later { [Key] string Id; };\n";
    write(dir.path(), "change.mof", change);
    let out = mofc(
        &["load", "--repo", "repo", "--format", "json", "change.mof"],
        dir.path(),
    );
    assert_eq!(out.code, 1);
    let events = lines(&out);
    assert_eq!(events.len(), 3, "stops at the failure");
    assert_eq!(events[1]["Result"], "WBEM_E_CLASS_HAS_INSTANCES");
    assert_eq!(events[1]["ResultCode"], 0x80041026u32);
    assert_eq!(events[2]["summary"]["committed"], false);
    assert_eq!(export(dir.path()), before, "nothing changed");

    let out = mofc(
        &[
            "load",
            "--repo",
            "repo",
            "--format",
            "json",
            "--keep-going",
            "change.mof",
        ],
        dir.path(),
    );
    assert_eq!(out.code, 1);
    let events = lines(&out);
    assert_eq!(events.len(), 4);
    assert_eq!(
        events[3]["summary"],
        serde_json::json!({"operations": 3, "failed": 1, "committed": true})
    );
    let after = export(dir.path());
    assert!(after.contains("class Sample_New") && after.contains("class Sample_Later"));
    assert!(after.contains("uint32 Size"), "the failed change is not applied");

    let out = mofc(
        &[
            "load",
            "--repo",
            "repo",
            "--class-flags",
            "forceupdate",
            "--dry-run",
            "change.mof",
        ],
        dir.path(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let stderr = out.stderr;
    assert!(
        stderr.contains("forced: instance Sample_Base.Name=\"one\" was deleted"),
        "{stderr}"
    );
    assert!(stderr.contains("dry run, nothing changed"));
    assert_eq!(export(dir.path()), after);
}

/// A compilation with errors stops a load before anything is applied; with `--keep-going` the
/// other compilations are loaded and the exit status is still 1.
#[test]
fn keep_going_loads_the_compilations_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("set")).unwrap();
    write(&dir.path().join("set"), "good.mof", BASE);
    write(
        &dir.path().join("set"),
        "bad.mof",
        "class Sample_Bad : Sample_Nowhere { };\n",
    );
    let out = mofc(&["load", "--repo", "repo", "--format", "json", "set"], dir.path());
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("\"E0301\""),
        "the diagnostics document: {}",
        out.stdout
    );
    assert!(!dir.path().join("repo").join("repository.redb").exists() || export(dir.path()).is_empty());
    let out = mofc(
        &["load", "--repo", "repo", "--format", "json", "--keep-going", "set"],
        dir.path(),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("\"E0301\""),
        "diagnostics go to stderr: {}",
        out.stderr
    );
    let events = lines(&out);
    assert_eq!(
        events.last().unwrap()["summary"],
        serde_json::json!({"operations": 3, "failed": 0, "committed": true})
    );
    assert!(export(dir.path()).contains("class Sample_Base"));
}

/// `repo export` writes MOF that loads into a new repository with the same contents.
#[test]
fn export_loads_back_to_the_same_contents() {
    let dir = tempfile::tempdir().unwrap();
    let child = "class Sample_Child : Sample_Base { string Extra; };\ninstance of Sample_Child { Name = \"two\"; Extra = \"x\"; };\n";
    write(dir.path(), "all.mof", &format!("{BASE}{child}"));
    load_ok(dir.path(), "all.mof");
    let exported = export(dir.path());
    assert!(exported.contains("class Sample_Child : Sample_Base"), "{exported}");
    write(dir.path(), "exported.mof", &exported);
    let out = mofc(&["load", "--repo", "copy", "exported.mof"], dir.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let copy = mofc(&["repo", "--repo", "copy", "export"], dir.path()).stdout;
    assert_eq!(copy, exported);
}

#[test]
fn pragmas_set_flags_for_what_follows() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.mof", BASE);
    load_ok(dir.path(), "base.mof");
    write(
        dir.path(),
        "flags.mof",
        "#pragma classflags(\"createonly\")\nclass Sample_Base { [Key] string Name; uint32 Size; };\n",
    );
    let out = mofc(&["load", "--repo", "repo", "--format", "json", "flags.mof"], dir.path());
    let events = lines(&out);
    assert_eq!(events[0]["Result"], "WBEM_E_ALREADY_EXISTS");
    assert_eq!(events[0]["Flags"], 2);
    let out = mofc(
        &["load", "--repo", "repo", "--class-flags", "sometimes", "base.mof"],
        dir.path(),
    );
    assert_eq!(out.code, 2);
}

#[test]
fn a_repository_in_use_or_damaged_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.mof", BASE);
    load_ok(dir.path(), "base.mof");
    let before = export(dir.path());
    {
        let _held = mofc::repo::Repository::open(&dir.path().join("repo"), false, "root/cimv2").unwrap();
        let out = mofc(&["load", "--repo", "repo", "base.mof"], dir.path());
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains("in use by another process"));
    }
    assert!(export(dir.path()) == before, "the refused load changed nothing");
    std::fs::create_dir(dir.path().join("bad")).unwrap();
    write(
        &dir.path().join("bad"),
        "repository.redb",
        "this is not a database, it is text",
    );
    let out = mofc(&["load", "--repo", "bad", "base.mof"], dir.path());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("damaged or not a repository"));
    let out = mofc(&["repo", "--repo", "nowhere", "ls"], dir.path());
    assert_eq!(out.code, 2);
    // A file where the repository's folder should be.
    let out = mofc(&["load", "--repo", "base.mof", "base.mof"], dir.path());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`base.mof`: it is a file"), "{}", out.stderr);
}

#[test]
fn show_merges_a_locale() {
    let dir = tempfile::tempdir().unwrap();
    let text = "qualifier Description : string = null, scope(any), flavor(Amended);\n\
                [Description(\"English\")] class Sample_L { string P; };\n";
    write(dir.path(), "l.mof", text);
    let out = mofc(&["load", "--repo", "repo", "--amended", "l.mof"], dir.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let plain = mofc(&["repo", "--repo", "repo", "show", "Sample_L"], dir.path()).stdout;
    assert_eq!(plain, "class Sample_L\n{\n    string P;\n};\n\n");
    let args = ["repo", "--repo", "repo", "show", "Sample_L", "--locale", "ms_409"];
    let localized = mofc(&args, dir.path()).stdout;
    assert_eq!(
        localized,
        "[Description(\"English\")]\nclass Sample_L\n{\n    string P;\n};\n\n"
    );
}

/// The CIM Schema is loaded by a child process killed at moments spread over a whole load
/// (compiling, applying, committing), each jittered at random: afterwards the repository always
/// opens and holds either nothing of the schema or all of it, and a load after the kills
/// completes it.
#[test]
fn a_killed_load_leaves_nothing_or_everything() {
    let Some(corpus) = support::corpus() else { return };
    let schema = corpus.join("cim-schema-2.49.0/cim_schema_2.49.0.mof");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let load = || {
        Command::new(env!("CARGO_BIN_EXE_mofc"))
            .args(["load", "--repo"])
            .arg(&repo)
            .arg(&schema)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let classes = || {
        let opened = mofc::repo::Repository::open(&repo, false, "root/cimv2").expect("opens after a kill");
        let store = opened.read().expect("readable after a kill");
        store.classes_in("root/cimv2").count()
    };
    // How long a whole load takes on this machine and build.
    let started = std::time::Instant::now();
    assert!(load().wait().unwrap().success());
    let whole = started.elapsed();
    std::fs::remove_dir_all(&repo).unwrap();

    let mut seed = std::process::id() as u64;
    let mut complete = 0;
    for round in 0..12u32 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let jitter = (seed >> 33) % 100;
        // From 5% to 105% of a whole load, in steps of about 9%, each moved by up to 9%.
        let permille = 50 + u64::from(round) * 90 + jitter * 90 / 100;
        let delay = whole.mul_f64(permille as f64 / 1000.0);
        let mut child = load();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        if !mofc::repo::Repository::exists(&repo) {
            continue;
        }
        let found = classes();
        assert!(
            found == 0 || found == 1631,
            "round {round}: {found} classes after a kill at {delay:?} of {whole:?}"
        );
        if found == 1631 {
            complete += 1;
            std::fs::remove_dir_all(&repo).unwrap();
        }
    }
    // Whatever the kills left, a load completes the repository.
    assert!(load().wait().unwrap().success());
    assert_eq!(classes(), 1631);
    eprintln!("{complete} of 12 killed loads had committed; a whole load took {whole:?}");
}
