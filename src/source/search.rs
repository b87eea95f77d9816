//! Finding included files: relative to the including file first, then along the search path
//! (`-I`), as mofcomp, cimmof and pywbem do.

use std::path::{Path, PathBuf};

use super::World;

/// The include directories of a compilation, in the order given.
#[derive(Debug, Clone, Default)]
pub struct SearchPath {
    pub dirs: Vec<PathBuf>,
}

impl SearchPath {
    /// Resolves `#pragma include("name")` written in the file at `includer`.
    ///
    /// MOF files written on Windows use `\` as the separator, so both separators are accepted.
    pub fn resolve_include(&self, world: &dyn World, includer: &Path, name: &str) -> Option<PathBuf> {
        let relative: PathBuf = name.split(['/', '\\']).collect();
        let here = includer.parent().unwrap_or(Path::new(""));
        std::iter::once(here)
            .chain(self.dirs.iter().map(PathBuf::as_path))
            .map(|dir| dir.join(&relative))
            .find(|candidate| world.is_file(candidate))
    }
}

/// Every `*.mof` and `*.mfl` file below `dir`, in a stable (sorted) order.
pub fn mof_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("mof") || e.eq_ignore_ascii_case("mfl"))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DiskWorld;

    #[test]
    fn includer_folder_first_then_search_path() {
        let root = std::env::temp_dir().join(format!("mofc-search-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        std::fs::create_dir_all(a.join("sub")).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("sub/x.mof"), "").unwrap();
        std::fs::write(b.join("x.mof"), "").unwrap();
        std::fs::write(b.join("y.mof"), "").unwrap();
        let search = SearchPath { dirs: vec![b.clone()] };
        let includer = a.join("main.mof");
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, "sub\\x.mof"),
            Some(a.join("sub/x.mof"))
        );
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, "x.mof"),
            Some(b.join("x.mof"))
        );
        assert_eq!(
            search.resolve_include(&DiskWorld, &includer, "y.mof"),
            Some(b.join("y.mof"))
        );
        assert_eq!(search.resolve_include(&DiskWorld, &includer, "z.mof"), None);
        std::fs::remove_dir_all(root).unwrap();
    }
}
