//! Inputs that once cost quadratic time or memory (`tests/support/pathological.rs` generates
//! them; `tests/pathological.rs` keeps them linear), each at sizes a factor apart so that the
//! growth shows: linear cost grows by the same factor. Everything `mofc check` does before
//! printing, and the JSON of `compile --emit json --as-written`. Run with
//! `cargo bench --bench pathological`.

use std::path::Path;

use mofc::emit::json::Declared;
use mofc::load::{self, Shapes};
use mofc::repo::Store;
use mofc::sema;
use mofc::source::{DiskWorld, SearchPath};
use mofc::syntax::unit::Unit;

mod support;

#[path = "../tests/support/pathological.rs"]
mod pathological;

use pathological::{
    class_chain, diamond_includes, embedded_in_strings, include_chain, long_class_name, many_namespaces,
    misspelt_includes, misspelt_superclasses, nested_brackets, one_line_of_errors, qualified_property, self_includes,
    wide_class, wide_instance,
};

fn main() {
    divan::main();
}

/// Load, complete, resolve and check `entry` as `mofc check` does; the number of diagnostics.
fn check(entry: &Path) -> usize {
    let search = SearchPath::default();
    let mut unit = Unit::load(&DiskWorld, entry, &search).expect("readable");
    sema::complete(&mut unit, &DiskWorld, &search);
    let (_, diagnostics) = sema::analyze(&unit, &sema::Options::default());
    unit.diagnostics.len() + diagnostics.len()
}

/// A folder holding `text` as `name`, and the file's path.
fn one_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 10)]
fn nested_brackets_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("b.mof", &nested_brackets(n));
    bencher.bench(|| check(&path));
}

#[divan::bench(args = [2_000, 8_000, 20_000], sample_count = 10)]
fn self_includes_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("self.mof", &self_includes("self.mof", n));
    bencher.bench(|| check(&path));
}

#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 10)]
fn wide_class_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("wide.mof", &wide_class(n));
    bencher.bench(|| check(&path));
}

#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 10)]
fn qualified_property_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("q.mof", &qualified_property(n));
    bencher.bench(|| check(&path));
}

#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 10)]
fn wide_instance_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("i.mof", &wide_instance(n));
    bencher.bench(|| check(&path));
}

#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 10)]
fn many_namespaces_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("ns.mof", &many_namespaces(n));
    bencher.bench(|| check(&path));
}

/// The columns of every diagnostic, as the command line's reports compute them.
#[divan::bench(args = [10_000, 30_000, 100_000], sample_count = 10)]
fn one_line_of_errors_columns(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("line.mof", &one_line_of_errors(n));
    bencher.bench(|| {
        let search = SearchPath::default();
        let unit = Unit::load(&DiskWorld, &path, &search).expect("readable");
        let (_, diagnostics) = sema::analyze(&unit, &sema::Options::default());
        let file = unit.sources.get(unit.entry);
        diagnostics
            .iter()
            .map(|d| file.line_column(d.primary.span.start as usize).1)
            .sum::<usize>()
    });
}

#[divan::bench(args = [2_000, 20_000, 200_000], sample_count = 10)]
fn long_class_name_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("long.mof", &long_class_name(n));
    bencher.bench(|| check(&path));
}

#[divan::bench(args = [200, 600, 1_800], sample_count = 10)]
fn embedded_in_strings_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("e.mof", &embedded_in_strings(n));
    bencher.bench(|| check(&path));
}

#[divan::bench(args = [1_000, 5_000, 20_000], sample_count = 10)]
fn class_chain_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("chain.mof", &class_chain(n));
    bencher.bench(|| check(&path));
}

/// The JSON document of `compile --emit json --as-written`, from a resolved chain.
#[divan::bench(args = [1_000, 5_000, 20_000], sample_count = 10)]
fn class_chain_declared_json(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("chain.mof", &class_chain(n));
    let unit = Unit::load(&DiskWorld, &path, &SearchPath::default()).expect("readable");
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    bencher.bench(|| serde_json::to_vec_pretty(&Declared(&model)).expect("serialized").len());
}

#[divan::bench(args = [2_000, 20_000], sample_count = 10)]
fn include_chain_check(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    include_chain(dir.path(), n, false);
    let entry = dir.path().join("f0.mof");
    bencher.bench(|| check(&entry));
}

/// `n` classes, each with two undefined superclasses: one misspelt (a suggestion), one not.
#[divan::bench(args = [1_000, 5_000, 20_000], sample_count = 10)]
fn misspelt_superclasses_check(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("misspelt.mof", &misspelt_superclasses(n));
    bencher.bench(|| check(&path));
}

/// Files that each include the next twice: read again up to the bound of E0009.
#[divan::bench(args = [12, 17, 22], sample_count = 10)]
fn diamond_includes_check(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    diamond_includes(dir.path(), n);
    let entry = dir.path().join("f0.mof");
    bencher.bench(|| check(&entry));
}

/// `n` includes, each naming its file in another letter case (found by listing the folder).
#[divan::bench(args = [2_000, 8_000, 20_000], sample_count = 10)]
fn misspelt_includes_check(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    misspelt_includes(dir.path(), n);
    let entry = dir.path().join("main.mof");
    bencher.bench(|| check(&entry));
}

/// Applying the PutClass operations of a chain to an empty repository, as `mofc load` does.
#[divan::bench(args = [1_000, 5_000, 20_000], sample_count = 10)]
fn class_chain_load(bencher: divan::Bencher, n: usize) {
    let (_dir, path) = one_file("chain.mof", &class_chain(n));
    let unit = Unit::load(&DiskWorld, &path, &SearchPath::default()).expect("readable");
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    let settings = support::load_settings();
    let steps = load::plan(&unit, &model, &settings, &|_| false);
    bencher.bench(|| {
        let mut store = Store::fresh("root/cimv2");
        let mut shapes = Shapes::default();
        steps
            .iter()
            .filter(|step| {
                load::apply(&mut store, &mut shapes, step, 0)
                    .outcome
                    .result
                    .is_success()
            })
            .count()
    });
}
