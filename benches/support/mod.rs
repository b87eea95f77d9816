//! What the benchmarks share: the binary's allocator, so that the figures are the binary's, and
//! where the CIM Schema is.

use std::path::PathBuf;

#[global_allocator]
static ALLOCATOR: mofc::allocator::Mimalloc = mofc::allocator::Mimalloc;

/// `../shared/corpus/cim-schema-2.49.0`, if this checkout has the corpus beside it.
pub fn schema_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cim-schema-2.49.0");
    if dir.is_dir() {
        return Some(dir);
    }
    eprintln!("skipped: {} is absent", dir.display());
    None
}

/// The schema's entry point, `cim_schema_2.49.0.mof`.
#[allow(dead_code)]
pub fn schema_entry() -> Option<PathBuf> {
    schema_dir().map(|dir| dir.join("cim_schema_2.49.0.mof"))
}

/// What `mofc load` plans with by default: `root/cimv2`, no flags, locale `ms_409`.
#[allow(dead_code)]
pub fn load_settings() -> mofc::load::Settings {
    mofc::load::Settings {
        namespace: "root/cimv2".into(),
        class_flags: 0,
        instance_flags: 0,
        amended: false,
        locale: "ms_409".into(),
    }
}
