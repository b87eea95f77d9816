//! The result cache of `mofc check` (`src/cli/cache.rs`), end to end: a second run reuses what
//! the first checked with the same output, anything a result depends on invalidates it
//! (a changed file, `mofc.toml` or `-I`, a file that appeared where an include or a class was
//! looked for), `--no-cache` writes nothing, damaged entries are rebuilt, and runs sharing the
//! cache at once agree. Reuse is observed with `--verbose`, never timed.

mod support;

use std::path::Path;

use support::{check_json, each_diagnostic, number, run_mofc, text, tree};

/// `a.mof` includes `inc.mof` (an error in each, one with a secondary place) and an include that
/// is not there, derives from a class nothing declares, and misspells a type (a fix).
fn project() -> tempfile::TempDir {
    tree(&[
        (
            "app/a.mof",
            "#pragma include(\"inc.mof\")\n#pragma include(\"gone.mof\")\nclass A : Base { string P; strng T; };\nclass I { string Q; };\n",
        ),
        ("app/inc.mof", "class I { uint8 X = 300; };\n"),
        ("lib/Other.mof", "class Other { };\n"),
    ])
}

/// `mofc check -v ARGS` in `dir`: exit code, stdout, stderr without the cache line, and how many
/// compilations the cache line says were reused and looked up.
fn check(dir: &Path, args: &[&str]) -> (i32, String, String, (usize, usize)) {
    let mut all = vec!["check", "-v"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_mofc(dir, &all);
    let (rest, line) = stderr.trim_end().rsplit_once('\n').unwrap_or(("", stderr.trim_end()));
    let counts = line
        .strip_prefix("cache: ")
        .and_then(|l| {
            let mut words = l.split(' ');
            let reused = words.next()?.parse().ok()?;
            let looked_up = words.nth(1)?.parse().ok()?;
            Some((reused, looked_up))
        })
        .unwrap_or_else(|| panic!("a cache line expected: {stderr}"));
    (code, stdout, format!("{rest}\n"), counts)
}

/// Each diagnostic's code, file and line.
fn found(dir: &Path, args: &[&str]) -> Vec<(String, String, u64)> {
    let (_, doc) = check_json(dir, args);
    each_diagnostic(&doc, |d| (text(d, "code"), text(d, "file"), number(d, "line")))
}

/// The entries in the cache of `dir` (not the groups of questions they name).
fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join(".mofc_cache/v1"))
        .map(|read| read.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_second_run_reuses_the_results_with_identical_output_in_every_format() {
    let dir = project();
    for format in ["json", "human", "sarif", "github"] {
        let args = ["--format", format, "-I", "lib", "app/a.mof"];
        let first = check(dir.path(), &args);
        let second = check(dir.path(), &args);
        assert_eq!(first.0, 1);
        assert_eq!(
            (first.0, &first.1, &first.2),
            (second.0, &second.1, &second.2),
            "{format}"
        );
        assert_eq!(second.3, (1, 1), "{format}");
    }
    // One entry serves every format, fixes included.
    assert_eq!(entries(dir.path()).len(), 1);
    let (_, doc) = check_json(dir.path(), &["-I", "lib", "app/a.mof"]);
    let fixes = each_diagnostic(&doc, |d| d["fix"]["edits"][0]["content"].as_str().map(str::to_string));
    assert!(fixes.contains(&Some("string".to_string())), "{doc}");
    let (_, _, stderr, _) = check(dir.path(), &["-I", "lib", "app/a.mof"]);
    assert!(
        stderr.contains("app/inc.mof:1:21") && stderr.contains("uint8 X = 300"),
        "{stderr}"
    );
    let root = dir.path().join(".mofc_cache");
    assert_eq!(std::fs::read_to_string(root.join(".gitignore")).unwrap(), "*\n");
    let tag = std::fs::read_to_string(root.join("CACHEDIR.TAG")).unwrap();
    assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
}

#[test]
fn a_changed_file_invalidates_its_compilations_only() {
    let dir = tree(&[
        ("a.mof", "#pragma include(\"shared.mof\")\nclass A { };\n"),
        ("b.mof", "class B { uint8 X = 300; };\n"),
        ("shared.mof", "class S { };\n"),
    ]);
    let args = ["a.mof", "b.mof"];
    assert_eq!(check(dir.path(), &args).3, (0, 2));
    assert_eq!(check(dir.path(), &args).3, (2, 2));
    std::fs::write(dir.path().join("shared.mof"), "class S { uint8 Y = 256; };\n").unwrap();
    assert_eq!(check(dir.path(), &args).3, (1, 2));
    let lines: Vec<_> = found(dir.path(), &args);
    assert_eq!(
        lines,
        [
            ("E0106".into(), "shared.mof".into(), 1),
            ("E0106".into(), "b.mof".into(), 1)
        ]
    );
}

#[test]
fn a_changed_configuration_or_search_path_invalidates() {
    let dir = project();
    std::fs::write(dir.path().join("mofc.toml"), "files = [\"app/a.mof\"]\n").unwrap();
    assert_eq!(check(dir.path(), &[]).3, (0, 1));
    assert_eq!(check(dir.path(), &[]).3, (1, 1));
    std::fs::write(
        dir.path().join("mofc.toml"),
        "files = [\"app/a.mof\"]\n[lint]\nignore = [\"E0301\"]\n",
    )
    .unwrap();
    let (_, _, stderr, counts) = check(dir.path(), &[]);
    assert_eq!(counts, (0, 1));
    assert!(!stderr.contains("E0301") && stderr.contains("E0106"), "{stderr}");
    // Another search path, and another option that changes results.
    assert_eq!(check(dir.path(), &["-I", "lib"]).3, (0, 1));
    assert_eq!(check(dir.path(), &["-I", "lib"]).3, (1, 1));
    assert_eq!(check(dir.path(), &["-I", "lib", "--dialect", "wmi"]).3, (0, 1));
    // The format does not change results: the entry is shared.
    assert_eq!(check(dir.path(), &["-I", "lib", "--format", "json"]).3, (1, 1));
}

#[test]
fn a_file_that_appears_where_an_include_was_looked_for_invalidates() {
    let dir = project();
    let before = found(dir.path(), &["-I", "lib", "app/a.mof"]);
    assert!(before.contains(&("E0003".into(), "app/a.mof".into(), 2)), "{before:?}");
    assert_eq!(check(dir.path(), &["-I", "lib", "app/a.mof"]).3, (1, 1));
    // In the search path, not next to the includer: every place looked in counts.
    std::fs::write(dir.path().join("lib/gone.mof"), "class Gone { };\n").unwrap();
    assert_eq!(check(dir.path(), &["-I", "lib", "app/a.mof"]).3, (0, 1));
    let after = found(dir.path(), &["-I", "lib", "app/a.mof"]);
    assert!(!after.iter().any(|(code, ..)| code == "E0003"), "{after:?}");
}

#[test]
fn a_class_file_that_appears_in_a_searched_folder_invalidates() {
    let dir = project();
    let args = ["-I", "lib", "app/a.mof"];
    assert!(found(dir.path(), &args).contains(&("E0301".into(), "app/a.mof".into(), 3)));
    std::fs::create_dir_all(dir.path().join("lib/deep")).unwrap();
    assert_eq!(check(dir.path(), &args).3, (0, 1));
    assert_eq!(check(dir.path(), &args).3, (1, 1));
    // Below a search folder, as the class finder looks.
    std::fs::write(dir.path().join("lib/deep/Base.mof"), "class Base { string B; };\n").unwrap();
    assert_eq!(check(dir.path(), &args).3, (0, 1));
    assert!(!found(dir.path(), &args).iter().any(|(code, ..)| code == "E0301"));
}

#[test]
fn a_class_file_found_by_another_compilation_s_folder_listing_invalidates_both() {
    // Both compilations look for `Base` in the same folders; the run lists each folder once, for
    // whichever compilation asks first, and the other depends on that listing all the same.
    let dir = tree(&[
        ("app/x.mof", "class X : Base { };\n"),
        ("app/y.mof", "class Y : Base { };\n"),
        ("lib/Other.mof", "class Other { };\n"),
    ]);
    let args = ["-I", "lib", "app"];
    let errors = |dir: &Path| {
        found(dir, &args)
            .into_iter()
            .filter(|(code, ..)| code == "E0301")
            .count()
    };
    assert_eq!(errors(dir.path()), 2);
    assert_eq!(check(dir.path(), &args).3, (2, 2));
    std::fs::write(dir.path().join("lib/Base.mof"), "class Base { };\n").unwrap();
    assert_eq!(check(dir.path(), &args).3, (0, 2));
    assert_eq!(errors(dir.path()), 0);
}

#[test]
fn no_cache_neither_reads_nor_writes() {
    let dir = project();
    let (code, _, _) = run_mofc(dir.path(), &["check", "--no-cache", "-I", "lib", "app/a.mof"]);
    assert_eq!(code, 1);
    assert!(!dir.path().join(".mofc_cache").exists());
    check(dir.path(), &["-I", "lib", "app/a.mof"]);
    let (_, _, stderr) = run_mofc(dir.path(), &["check", "-v", "--no-cache", "-I", "lib", "app/a.mof"]);
    assert!(stderr.ends_with("cache: not used\n"), "{stderr}");
}

#[test]
fn damaged_entries_are_ignored_and_rebuilt() {
    let dir = project();
    let args = ["--format", "json", "-I", "lib", "app/a.mof"];
    let (_, expected, _, _) = check(dir.path(), &args);
    let entry = entries(dir.path()).pop().expect("an entry");
    let whole = std::fs::read(&entry).unwrap();
    let text = String::from_utf8(whole.clone()).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("garbage", b"\x00\xff not an entry \n {{{".to_vec()),
        (
            "valid JSON, another message, old checksum",
            format!("{header}\n{}", body.replace("out of range", "in range")).into_bytes(),
        ),
        (
            "another format",
            format!("mofc-cache 999{}\n{body}", &header[12..]).into_bytes(),
        ),
        ("no header", body.as_bytes().to_vec()),
    ];
    for (what, bytes) in damages {
        std::fs::write(&entry, bytes).unwrap();
        let (code, stdout, _, counts) = check(dir.path(), &args);
        assert_eq!((code, counts), (1, (0, 1)), "{what}");
        assert_eq!(stdout, expected, "{what}");
        // Written again, whole.
        assert_eq!(std::fs::read(&entry).unwrap(), whole, "{what}");
        assert_eq!(check(dir.path(), &args).3, (1, 1), "{what}");
    }
    // Larger than any entry mofc writes (sparse: it takes no room on disk): not read, rebuilt.
    std::fs::File::create(&entry).unwrap().set_len(65 << 20).unwrap();
    let (code, stdout, _, counts) = check(dir.path(), &args);
    assert_eq!((code, counts), (1, (0, 1)));
    assert_eq!(stdout, expected);
    assert_eq!(std::fs::read(&entry).unwrap(), whole);
}

#[test]
fn an_entry_whose_files_no_longer_hold_the_texts_shown_is_not_reused() {
    // The diagnostics' excerpts are read again: a file whose bytes changed back and forth
    // between runs is compared with what the entry saw, not trusted.
    let dir = project();
    let args = ["-I", "lib", "app/a.mof"];
    let (_, _, first, _) = check(dir.path(), &args);
    std::fs::write(dir.path().join("app/inc.mof"), "class I { uint8 X = 999; };\n").unwrap();
    let (_, _, second, counts) = check(dir.path(), &args);
    assert_eq!(counts, (0, 1));
    assert!(
        second.contains("uint8 X = 999") && !second.contains("uint8 X = 300"),
        "{second}"
    );
    std::fs::write(dir.path().join("app/inc.mof"), "class I { uint8 X = 300; };\n").unwrap();
    let (_, _, third, counts) = check(dir.path(), &args);
    // The first run's key is the same, and its entry was replaced by the second's.
    assert_eq!(counts, (0, 1));
    assert_eq!(third, first);
}

#[test]
fn runs_sharing_the_cache_at_once_give_correct_results() {
    let dir = tree(&[
        ("a.mof", "class A : Missing { };\n"),
        ("b.mof", "class B { uint8 X = 300; };\n"),
        ("c.mof", "#pragma include(\"b.mof\")\nclass C : B { };\n"),
    ]);
    let args = ["--no-cache", "a.mof", "b.mof", "c.mof"];
    let (_, expected) = check_json(dir.path(), &args);
    let runs: Vec<_> = (0..6)
        .map(|_| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || check(&path, &["--format", "json", "a.mof", "b.mof", "c.mof"]))
        })
        .collect();
    for run in runs {
        let (code, stdout, _, _) = run.join().unwrap();
        assert_eq!(code, 1);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&stdout).unwrap(), expected);
    }
    let (_, stdout, _, counts) = check(dir.path(), &["--format", "json", "a.mof", "b.mof", "c.mof"]);
    assert_eq!(counts, (3, 3));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&stdout).unwrap(), expected);
}

#[test]
fn an_unwritable_cache_folder_means_no_caching_and_no_noise() {
    let dir = project();
    // A file where the folder should be: nothing can be created below it.
    std::fs::write(dir.path().join("blocked"), "").unwrap();
    let cache = dir.path().join("blocked/cache");
    let env = [("NO_COLOR", "1"), ("MOFC_CACHE_DIR", cache.to_str().unwrap())];
    let args = ["check", "-I", "lib", "app/a.mof"];
    let (_, _, expected) = run_mofc(dir.path(), &["check", "--no-cache", "-I", "lib", "app/a.mof"]);
    for _ in 0..2 {
        let (code, stdout, stderr) = support::run_mofc_with(dir.path(), &args, &env, b"");
        assert_eq!((code, stdout.as_str(), stderr.as_str()), (1, "", expected.as_str()));
    }
    assert!(!dir.path().join(".mofc_cache").exists());
}

#[test]
fn mofc_cache_dir_moves_the_cache() {
    let dir = project();
    let elsewhere = tree(&[]);
    let cache = elsewhere.path().join("c");
    let env = [("NO_COLOR", "1"), ("MOFC_CACHE_DIR", cache.to_str().unwrap())];
    for expected in ["cache: 0 of 1", "cache: 1 of 1"] {
        let (_, _, stderr) = support::run_mofc_with(dir.path(), &["check", "-v", "app/a.mof"], &env, b"");
        assert!(stderr.contains(expected), "{stderr}");
    }
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert!(!dir.path().join(".mofc_cache").exists());
}

#[test]
fn a_settled_file_rewritten_with_its_size_and_time_kept_invalidates() {
    // A clean file: nothing of it is shown, so only its stamp can tell that it changed.
    let dir = tree(&[("a.mof", "class J { uint8 X = 100; };\n")]);
    // Files left alone for a while are vouched for by their stamp (not read again to compare):
    // the stamp must still see a change that keeps the size and the modification time, as
    // `cp -p` or `tar x` make.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let args = ["--format", "json", "a.mof"];
    assert_eq!(check(dir.path(), &args).0, 0);
    assert_eq!(check(dir.path(), &args).3, (1, 1));
    let path = dir.path().join("a.mof");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, "class J { uint8 X = 400; };\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let (code, stdout, _, counts) = check(dir.path(), &args);
    assert_eq!((code, counts), (1, (0, 1)));
    assert!(stdout.contains("400 is out of range"), "{stdout}");
}

#[test]
fn a_damaged_group_of_questions_is_ignored_and_rebuilt() {
    // The folders that compilations walk to find class files are recorded once, in a file of
    // their own that entries name.
    let dir = tree(&[
        ("app/x.mof", "class X : Base { };\n"),
        ("app/y.mof", "class Y : Base { };\n"),
        ("lib/deep/Other.mof", "class Other { };\n"),
    ]);
    let args = ["--format", "json", "-I", "lib", "app"];
    let (_, expected, _, _) = check(dir.path(), &args);
    let groups = dir.path().join(".mofc_cache/v1/groups");
    let files: Vec<_> = std::fs::read_dir(&groups).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(!files.is_empty());
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        std::fs::write(file, &bytes[..bytes.len() - 3]).unwrap();
    }
    let (_, stdout, _, counts) = check(dir.path(), &args);
    assert_eq!((stdout.as_str(), counts), (expected.as_str(), (0, 2)));
    assert_eq!(check(dir.path(), &args).3, (2, 2));
    std::fs::write(dir.path().join("lib/deep/Base.mof"), "class Base { };\n").unwrap();
    let (code, _, _, counts) = check(dir.path(), &args);
    assert_eq!((code, counts), (0, (0, 2)));
}
