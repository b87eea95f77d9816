//! Loading the whole CIM Schema 2.49 into a repository, as `mofc load` does: compile it
//! against the repository, apply every operation, commit once. Into a new repository, and again
//! into one that already holds it (every class unchanged). Run with `cargo bench --bench load`;
//! skipped when `../shared/corpus` is absent.

use std::path::Path;

use mofc::load::{self, RepoWorld};
use mofc::repo::Repository;
use mofc::sema;
use mofc::source::{DiskWorld, SearchPath};
use mofc::syntax::unit::Unit;

mod support;

use support::schema_entry;

fn main() {
    divan::main();
}

/// One `mofc load` of `entry` into the repository in `dir`; returns the number of operations.
fn load(entry: &Path, dir: &Path) -> usize {
    let repo = Repository::open(dir, true, "root/cimv2").expect("repository");
    let mut store = repo.read().expect("readable");
    let world = RepoWorld::new(&DiskWorld, &store, "root/cimv2", dir);
    let search = SearchPath {
        dirs: vec![world.folder().to_path_buf()],
    };
    let mut unit = Unit::load(&world, entry, &search).expect("schema readable");
    world.add_qualifiers(&mut unit);
    sema::complete(&mut unit, &world, &search);
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    let settings = support::load_settings();
    let steps = load::plan(&unit, &model, &settings, &|p| world.holds(p));
    drop(model);
    drop(world);
    let mut shapes = load::Shapes::default();
    for step in &steps {
        assert!(
            load::apply(&mut store, &mut shapes, step, 0)
                .outcome
                .result
                .is_success()
        );
    }
    if !store.changes().is_empty() {
        repo.commit(&store).expect("committed");
    }
    steps.len()
}

#[divan::bench(sample_count = 10)]
fn load_cim_schema_into_new_repository(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let root = tempfile::tempdir().expect("temporary folder");
    let round = std::sync::atomic::AtomicUsize::new(0);
    bencher
        .with_inputs(|| {
            root.path()
                .join(round.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_string())
        })
        .bench_values(|dir| load(&entry, &dir));
}

#[divan::bench(sample_count = 10)]
fn reload_cim_schema_unchanged(bencher: divan::Bencher) {
    let Some(entry) = schema_entry() else { return };
    let dir = tempfile::tempdir().expect("temporary folder");
    load(&entry, dir.path());
    bencher.bench(|| load(&entry, dir.path()));
}
