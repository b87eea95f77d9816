//! How the files of a workspace folder are compiled: search path, namespace, dialect.
//!
//! SEAM (config): until `mofc.toml` support lands in `src/config/`, every folder gets the
//! defaults of `mofc check DIR` (the folder itself on the search path, namespace `root/cimv2`,
//! dialect detected). [`Settings::for_folder`] is the one place that will read the folder's
//! `mofc.toml` instead.

use std::path::{Path, PathBuf};

use crate::sema;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Searched after the folder itself, as `-I` directories are.
    pub include_dirs: Vec<PathBuf>,
    pub options: sema::Options,
}

impl Settings {
    pub fn for_folder(_root: &Path) -> Settings {
        Settings::default()
    }
}
