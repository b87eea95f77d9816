//! How the files of a workspace folder are compiled: what `mofc.toml` says (search path,
//! namespace, dialect, which files, and the `[lint]` policy applied to what is published), or
//! the defaults of `mofc check DIR` without one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Policy};
use crate::sema;
use crate::source::{DiskWorld, Exclude, SourceFile, World};
use crate::syntax::unit::ParseCache;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Searched after the folder itself, as `-I` directories are.
    pub include_dirs: Vec<PathBuf>,
    pub options: sema::Options,
    pub policy: Policy,
    /// What the folder compiles, if `mofc.toml` says (`files`); else each file of the folder
    /// that no other includes.
    pub files: Vec<PathBuf>,
    /// What folder walks leave out (`exclude`, `extend-exclude`), as for `mofc check DIR`.
    pub exclude: Exclude,
    /// The schema of `mofc.toml` (`schema`), read when the settings are: compilations resolve
    /// the classes they lack against it, as `mofc check` does.
    pub schema: Arc<sema::Schema>,
}

impl Settings {
    /// The settings of the `mofc.toml` in `root` or a folder above it, with an error to show, if
    /// any: the file could not be read (the defaults apply then), or its schema could not be (it
    /// lends no classes then).
    pub fn for_folder(root: &Path) -> (Settings, Option<String>) {
        let Some(found) = config::find(root) else {
            return (Settings::default(), None);
        };
        let path = DiskWorld.canonical(&root.join(found));
        match config::load(&path) {
            Ok(config) => {
                let options = sema::Options {
                    dialect: config.dialect,
                    namespace: config.namespace.unwrap_or_else(|| sema::DEFAULT_NAMESPACE.into()),
                };
                let cache = Arc::new(ParseCache::default());
                // A schema that cannot be read lends no classes; their uses are reported, and the
                // reason is shown, as `mofc check` says it.
                let (schema, error) = match sema::Schema::read(&DiskWorld, &config.schema, &config.include_dirs, &cache)
                {
                    Ok(schema) => (schema, None),
                    Err((file, e)) => (
                        sema::Schema::default(),
                        Some(format!("cannot read schema `{}`: {e}", file.display())),
                    ),
                };
                let settings = Settings {
                    schema: Arc::new(schema),
                    include_dirs: config.include_dirs,
                    options,
                    policy: config.policy,
                    files: config.files,
                    exclude: config.exclude,
                };
                (settings, error)
            }
            Err(e) => (Settings::default(), Some(broken(&path, &e))),
        }
    }
}

/// What to tell of a `mofc.toml` that cannot be used: the file, the line and column of the
/// mistake when it has a place, and what is wrong.
fn broken(path: &Path, error: &miette::Report) -> String {
    let place = error.downcast_ref::<config::FileError>().and_then(|e| {
        let start = e.span.as_ref()?.start;
        let file = SourceFile::new(path.to_path_buf(), e.name.clone(), e.text.clone());
        let (line, column) = file.line_column(start);
        Some(format!(":{line}:{column}"))
    });
    format!("{}{}: {error}", path.display(), place.unwrap_or_default())
}
