//! The include that gives a compilation a class it uses but that nothing declares (E0301): a
//! `.mof` file of the folders the class finder searches that declares the class, though it is
//! not named for it (the finder would have taken it then), as `common/shared.mof` declaring
//! `Foo_Bar`. mofcomp and cimmof users add `#pragma include`; the fix adds it. It is unsafe:
//! including a file compiles everything it declares, which a person should see.
//!
//! Looked for only in compilations with an E0301, through the finder's listings of the folders
//! (the using file's folder and below, then each search folder and below). Each file is read and
//! lexed once per run ([`ClassFinder`]'s `declares`), each folder's declarations indexed once
//! per run (`declared_below`), and each missing name is then one lookup per folder.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diag::{Applicability, Code, Diagnostic, Edit, Fix};
use crate::source::{FileId, SearchPath, Span, World, display_name, ends_line};
use crate::syntax::ast::Item;
use crate::syntax::unit::Unit;

use super::ClassFinder;

/// A file that declares a missing class: as the walk of `folder` found it.
struct Declaring {
    folder: PathBuf,
    path: PathBuf,
}

/// Lower-case class name → the files that declare it, in search order.
type ByClass = HashMap<String, Vec<Declaring>>;

impl ClassFinder {
    /// Gives each E0301 of `diagnostics` in the compilation's own files whose class a `.mof`
    /// file of the search folders declares (a file not in the compilation) the fix that includes
    /// the first such file, in search order, and a help naming it (and the others). The help and
    /// fix replace those of "did you mean": a file declaring the very name is the better guess.
    /// A DSC resource schema, which DSC loads on its own, is offered no include: its rule's help
    /// (declare the class in the schema) stays.
    pub fn offer_includes(&self, unit: &Unit, world: &dyn World, search: &SearchPath, diagnostics: &mut [Diagnostic]) {
        if crate::sema::wmi_by_entry(unit) {
            return;
        }
        let mut missing: Vec<(usize, String)> = diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.code == Code::UndefinedClass && unit.is_own(d.primary.file))
            .filter_map(|(index, d)| Some((index, class_named(unit, d.primary.file, d.primary.span)?)))
            .collect();
        if missing.is_empty() {
            return;
        }
        let names: HashSet<String> = missing.iter().map(|(_, name)| name.to_ascii_lowercase()).collect();
        // One include a class, at its first use: a fix per use would include the file once per
        // use when all are applied, and declare its classes again.
        missing.sort_by_key(|&(index, _)| (diagnostics[index].primary.file, diagnostics[index].primary.span.start));
        let mut offered: HashMap<String, Option<(String, Fix)>> = HashMap::new();
        // The using files of a compilation are mostly in one folder: each is searched once.
        let mut by_folder: HashMap<PathBuf, ByClass> = HashMap::new();
        for (index, name) in missing {
            let d = &mut diagnostics[index];
            let offer = offered.entry(name.to_ascii_lowercase()).or_insert_with(|| {
                let includer = &unit.sources.get(d.primary.file).path;
                let dir = includer.parent()?;
                let declaring = by_folder
                    .entry(dir.to_path_buf())
                    .or_insert_with(|| self.declaring(world, search, dir, &names));
                offer_for(unit, world, search, d, &name, declaring)
            });
            if let Some((help, fix)) = offer {
                d.help = Some(help.clone());
                d.fix = Some(fix.clone());
            }
        }
    }

    /// The files that declare any of `names` (lower case) among the `.mof` files below `dir`
    /// and below each search folder, in that order.
    fn declaring(&self, world: &dyn World, search: &SearchPath, dir: &Path, names: &HashSet<String>) -> ByClass {
        let mut folders: Vec<&Path> = vec![dir];
        for folder in &search.dirs {
            if !folders.contains(&folder.as_path()) {
                folders.push(folder);
            }
        }
        let mut found = ByClass::new();
        for folder in folders {
            self.declared_below.learn(
                world,
                folder.to_path_buf(),
                |world| self.declarations_below(world, folder),
                |declared| {
                    for name in names {
                        for path in declared.get(name).into_iter().flatten() {
                            found.entry(name.clone()).or_default().push(Declaring {
                                folder: folder.to_path_buf(),
                                path: path.clone(),
                            });
                        }
                    }
                },
            );
        }
        found
    }

    /// Lower-case class name → the `.mof` files below `folder` that declare it, in sorted
    /// order: each file read and lexed once per run, whichever folders it is below.
    fn declarations_below(&self, world: &dyn World, folder: &Path) -> HashMap<String, Vec<PathBuf>> {
        let files = self.files.mof_files(world, &(folder.to_path_buf(), true));
        let mut index: HashMap<String, Vec<PathBuf>> = HashMap::new();
        for path in files {
            self.with_declared(world, &path, |declared| {
                for name in declared {
                    index.entry(name.clone()).or_default().push(path.clone());
                }
            });
        }
        index
    }
}

/// The help and fix of the E0301 `d` of class `name`, if a file of `declaring` that the
/// compilation lacks declares it: the first such file is included, the others named.
fn offer_for(
    unit: &Unit,
    world: &dyn World,
    search: &SearchPath,
    d: &Diagnostic,
    name: &str,
    declaring: &ByClass,
) -> Option<(String, Fix)> {
    let files = declaring.get(&name.to_ascii_lowercase())?;
    let includer = &unit.sources.get(d.primary.file).path;
    // A file below two of the folders is named once.
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let usable: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| {
            let canonical = world.canonical(&f.path);
            if unit.file_id(&canonical).is_some() || !seen.insert(canonical.clone()) {
                return None;
            }
            let include = include_name(world, search, includer, f, &canonical)?;
            Some((include, display_name(&f.path, &canonical)))
        })
        .collect();
    let (include, shown) = usable.first()?;
    let mut help = format!("`{name}` is declared in `{shown}`; include it");
    if usable.len() > 1 {
        let others: Vec<String> = usable[1..].iter().map(|(_, shown)| format!("`{shown}`")).collect();
        help.push_str(&format!(" (it is also declared in {})", others.join(", ")));
    }
    Some((help, include_fix(unit, d.primary.file, d.primary.span, include)))
}

/// The name of the class an E0301 at `span` reports: the name there, or the class an
/// `EmbeddedInstance("...")` string names. `None` when the text is not a plain name (a macro's
/// use, an escape in the string).
fn class_named(unit: &Unit, file: FileId, span: Span) -> Option<String> {
    let text = unit.sources.get(file).text.get(span.range())?;
    let name = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text);
    let plain = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    plain.then(|| name.to_string())
}

/// The name that `#pragma include` in `includer` writes for the file `declaring` found: its
/// path below the folder it was found in, with `/`, if the include finds that very file
/// (`canonical`) as includes are resolved (next to the includer, then along the search path).
fn include_name(
    world: &dyn World,
    search: &SearchPath,
    includer: &Path,
    declaring: &Declaring,
    canonical: &Path,
) -> Option<String> {
    let relative = declaring.path.strip_prefix(&declaring.folder).ok()?;
    let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
    let name = parts?.join("/");
    // A name a MOF string cannot hold plainly is left to the person.
    if name.contains(['"', '\\']) {
        return None;
    }
    let resolved = search.resolve_include(world, includer, &name)?;
    (world.canonical(&resolved) == canonical).then_some(name)
}

/// The fix that includes `name` in `file` before the use at `used`: on the line after the last
/// top-level pragma before it (includes stay together, the class is declared in the namespace
/// that `#pragma namespace` set for the use, and mofcomp, which compiles in order, sees the
/// class before its use), else at the start of the file, after a leading comment block that a
/// blank line ends (a licence header).
fn include_fix(unit: &Unit, file: FileId, used: Span, name: &str) -> Fix {
    let source = unit.sources.get(file);
    let text = &source.text;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let last_pragma = unit.files.get(file.0 as usize).and_then(|ast| {
        ast.items
            .iter()
            .filter_map(|item| match item {
                Item::Pragma(p) if p.span.end <= used.start => Some(p.span.end),
                _ => None,
            })
            .next_back()
    });
    let line = format!("#pragma include (\"{name}\")");
    let (at, inserted) = match last_pragma {
        Some(end) => {
            let next = source.line_starts().get(source.line_index(end as usize) + 1).copied();
            let rest = text
                .get(end as usize..next.map_or(text.len(), |n| n as usize))
                .unwrap_or_default();
            match next {
                // Nothing but a line comment follows the pragma on its line.
                Some(next) if rest.trim().is_empty() || rest.trim_start().starts_with("//") => {
                    (next, format!("{line}{eol}"))
                }
                // The pragma ends the file, or a comment or declaration goes on after it on its
                // line, which must not take the include in: it goes right after the pragma.
                _ => (end, format!("{eol}{line}")),
            }
        }
        None => (after_header(unit, file), format!("{line}{eol}")),
    };
    Fix::new(
        Applicability::Unsafe,
        format!("Include `{name}`"),
        vec![Edit::insert(file, at, inserted)],
    )
}

/// Where a file's leading comment block ends, if a blank line follows it: the start of that
/// blank line. Otherwise the start of the file (a comment right above a declaration is its own).
fn after_header(unit: &Unit, file: FileId) -> u32 {
    let source = unit.sources.get(file);
    let text = &source.text;
    let Some(ast) = unit.files.get(file.0 as usize) else {
        return 0;
    };
    // The comments from the start of the file, up to a blank line or anything else.
    let mut end = 0;
    for comment in &ast.comments {
        let between = text.get(end..comment.start as usize).unwrap_or("x");
        let breaks = (end..comment.start as usize)
            .filter(|&i| ends_line(text.as_bytes(), i))
            .count();
        if !between.trim().is_empty() || (end > 0 && breaks > 1) {
            break;
        }
        end = comment.end as usize;
    }
    if end == 0 {
        return 0;
    }
    let starts = source.line_starts();
    let next = source.line_index(end) + 1;
    let blank = |from: u32, to: u32| {
        text.get(from as usize..to as usize)
            .is_some_and(|l| l.trim().is_empty())
    };
    match (starts.get(next), starts.get(next + 1)) {
        (Some(&line), Some(&after)) if blank(end as u32, line) && blank(line, after) => line,
        _ => 0,
    }
}
