//! Analysing only what an edit can affect.
//!
//! Resolving and checking the whole CIM Schema takes about 20 ms, the whole budget of an edit.
//! Yet an edit to one class file can only change the diagnostics of the files that use, directly
//! or through other classes, a class that the edited file declares (or declared before the
//! edit): subclasses, classes that refer to or embed it, its instances, classes of the same
//! name. Those *affected* files are analysed again, together with what they need to resolve
//! (the files declaring the classes they use, up their ancestry, and every qualifier
//! declaration), as a smaller unit (`Unit::subset`); every other file keeps the diagnostics of
//! the last analysis.
//!
//! Where the shortcut could give another answer than analysing everything, everything is
//! analysed: a different set of files, an edit to a file that declares qualifiers, aliases or
//! namespace state, a compilation whose dialect is (or becomes) WMI by detection, a missing C
//! header, a DSC resource schema with its PowerShell module, or an undefined class in the affected files (its "did you mean" looks at every class).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::locate::{Node, visit};
use crate::diag::{Code, Diagnostic};
use crate::sema::{self, Dialect, Model};
use crate::source::FileId;
use crate::syntax::ast::{File, Item};
use crate::syntax::unit::Unit;

/// The semantic diagnostics of a compilation (as the semantic pass gives them: severities are
/// settled with the front end's, by `config::reported`), and what the next edit needs
/// to know to analyse only what it affects.
pub struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    index: Index,
}

/// What each file of a unit declares and uses, by file, with the tree it was taken from.
pub struct Index(Vec<(Arc<File>, Arc<FileIndex>)>);

impl Index {
    /// The index of every file of `unit`, reusing the entries of the last analysis's trees.
    pub fn of(unit: &Unit, previous: Option<&Analysis>) -> Index {
        let mut index = Index(Vec::new());
        index.add_new(unit, previous);
        index
    }

    /// Indexes the files of `unit` after those indexed (the files that completing a unit adds),
    /// reusing the entries of the last analysis's trees.
    pub fn add_new(&mut self, unit: &Unit, previous: Option<&Analysis>) {
        let old = previous.map(|p| &p.index.0[..]).unwrap_or_default();
        let known: FxHashMap<*const File, &Arc<FileIndex>> = old.iter().map(|(f, i)| (Arc::as_ptr(f), i)).collect();
        let new = unit.files.iter().skip(self.0.len()).map(|file| {
            let entry = known
                .get(&Arc::as_ptr(file))
                .map_or_else(|| Arc::new(FileIndex::of(file)), |&i| i.clone());
            (file.clone(), entry)
        });
        self.0.extend(new);
    }

    /// Whether every class that the files use is declared by one of them, and none declares an
    /// instance: then completing the unit with the classes it lacks (`sema::ClassFinder`) adds
    /// nothing, and need not look over every declaration again (as the CIM Schema does, after
    /// each edit).
    pub fn self_contained(&self) -> bool {
        let files = || self.0.iter().map(|(_, entry)| entry);
        let declared: FxHashSet<&str> = files().flat_map(|e| &e.declares).map(String::as_str).collect();
        files().all(|e| !e.instances && e.uses.iter().all(|name| declared.contains(name.as_str())))
    }
}

/// What one file declares and uses, as far as the shortcut cares.
#[derive(Default)]
struct FileIndex {
    /// Classes declared (amendments excepted), by lower-case name.
    declares: Vec<String>,
    /// Classes used: superclasses, reference and embedded types, `EmbeddedInstance`, instances,
    /// amended classes.
    uses: Vec<String>,
    qualifiers: bool,
    aliases: bool,
    /// `#pragma namespace` or `#pragma deleteclass`, which change what later names mean.
    state: bool,
    /// Whether it declares instances (the classes used in their values are not all in `uses`).
    instances: bool,
    /// Whether it has a construct that makes a compilation WMI (`sema::dialect`).
    wmi: bool,
}

impl FileIndex {
    fn of(file: &File) -> FileIndex {
        let mut index = FileIndex::default();
        visit(file, &mut |node, _| match node {
            Node::Class(class) if class.qualifiers.iter().any(|q| q.name.is("Amendment")) => {
                index.uses.push(class.name.text.to_ascii_lowercase());
            }
            Node::Class(class) => index.declares.push(class.name.text.to_ascii_lowercase()),
            Node::ClassUse { name, .. } => index.uses.push(name.to_ascii_lowercase()),
            Node::QualifierDecl(_) => index.qualifiers = true,
            Node::Alias { .. } => index.aliases = true,
            _ => {}
        });
        index.state = file
            .items
            .iter()
            .any(|item| matches!(item, Item::Pragma(p) if p.name.is("namespace") || p.name.is("deleteclass")));
        index.instances = file.items.iter().any(|item| matches!(item, Item::Instance(_)));
        index.wmi = file.items.iter().any(sema::is_wmi_construct);
        index
    }
}

/// Analyses `unit`, indexed as `index`, only where the files in `changed` can have changed
/// something if the last analysis of the same compilation (`previous`) allows it; with the
/// model of the whole unit, when it was analysed whole.
pub fn analyze<'a>(
    unit: &'a Unit,
    index: Index,
    options: &sema::Options,
    previous: Option<(&Unit, &Analysis)>,
    changed: &HashSet<PathBuf>,
) -> (Analysis, Option<Model<'a>>) {
    if let Some((old_unit, old)) = previous
        && let Some(diagnostics) = affected_only(unit, &index, options, old_unit, old, changed)
    {
        return (Analysis { diagnostics, index }, None);
    }
    let (model, diagnostics) = sema::analyze(unit, options);
    (Analysis { diagnostics, index }, Some(model))
}

/// Whether two units have their files in the same compilation order, each run of one file's
/// declarations counted once (a file included twice is there twice).
fn same_file_runs(a: &Unit, b: &Unit) -> bool {
    fn runs(unit: &Unit) -> impl Iterator<Item = FileId> + '_ {
        let mut last = None;
        let files = unit.order.iter().map(|item| item.file);
        files.filter(move |&file| last.replace(file) != Some(file))
    }
    runs(a).eq(runs(b))
}

/// The diagnostics of the new unit from an analysis of what the changes affect, or `None` if
/// the whole compilation must be analysed.
fn affected_only(
    unit: &Unit,
    index: &Index,
    options: &sema::Options,
    old_unit: &Unit,
    old: &Analysis,
    changed: &HashSet<PathBuf>,
) -> Option<Vec<Diagnostic>> {
    let (index, old_index) = (&index.0[..], &old.index.0[..]);
    let same_files = old_unit.sources.len() == unit.sources.len()
        && old_unit
            .sources
            .iter()
            .zip(unit.sources.iter())
            .all(|((_, a), (_, b))| a.path == b.path);
    let header_missing = unit.diagnostics.iter().any(|d| d.code == Code::CHeaderNotFound);
    // A DSC resource's module is checked against its schema, which the shortcut's index of
    // classes does not link to it; such a compilation is one schema, analysed whole.
    let has_module = !unit.modules.is_empty();
    // A file included once more (or once less), or in another place, declares its classes
    // again (W0303) or elsewhere in the order, though no file of it changed. Compared last:
    // it walks every declaration of both units.
    if !same_files || header_missing || has_module || old_index.len() != index.len() || !same_file_runs(old_unit, unit)
    {
        return None;
    }
    let mut edited: Vec<usize> = changed
        .iter()
        .filter_map(|path| unit.file_id(path))
        .map(|id| id.0 as usize)
        .collect();
    edited.sort_unstable();
    // Analysing nine files in ten is no shortcut (a compilation of one big file is analysed
    // whole, without indexing its every name first).
    if edited.is_empty() || edited.len() * 10 >= index.len() * 9 {
        return None;
    }
    // Names declared by the edited files, before and after.
    let mut names: HashSet<&str> = HashSet::new();
    for &i in &edited {
        for entry in [&old_index[i].1, &index[i].1] {
            if entry.qualifiers || entry.aliases || entry.state {
                return None;
            }
            names.extend(entry.declares.iter().map(String::as_str));
        }
    }
    // Affected: the edited files and, transitively, every file that uses or declares a class
    // of an affected file.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, entry)) in index.iter().enumerate() {
        for name in entry.uses.iter().chain(&entry.declares) {
            by_name.entry(name).or_default().push(i);
        }
    }
    let mut affected: HashSet<usize> = edited.iter().copied().collect();
    let mut pending: Vec<&str> = names.iter().copied().collect();
    while let Some(name) = pending.pop() {
        for &i in by_name.get(name).into_iter().flatten() {
            if affected.insert(i) {
                let declares = index[i].1.declares.iter().map(String::as_str);
                pending.extend(declares.filter(|&n| names.insert(n)));
            }
        }
    }
    // Needed: the affected files (when they are almost all, there is no shortcut), the files
    // declaring what they use (transitively), and every qualifier declaration.
    if affected.len() * 10 >= index.len() * 9 {
        return None;
    }
    let mut declared_by: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, entry)) in index.iter().enumerate() {
        for name in &entry.declares {
            declared_by.entry(name).or_default().push(i);
        }
    }
    let mut needed: HashSet<usize> = affected.clone();
    needed.extend((0..index.len()).filter(|&i| index[i].1.qualifiers));
    let mut pending: Vec<usize> = needed.iter().copied().collect();
    while let Some(i) = pending.pop() {
        for name in &index[i].1.uses {
            for &j in declared_by.get(name.as_str()).into_iter().flatten() {
                if needed.insert(j) {
                    pending.push(j);
                }
            }
        }
    }
    // The same rule for the files the affected ones need.
    if needed.len() * 10 >= index.len() * 9 || needed.iter().any(|&i| index[i].1.aliases || index[i].1.state) {
        return None;
    }
    let mut files: Vec<FileId> = needed.iter().map(|&i| FileId(i as u32)).collect();
    files.sort();
    let subset = unit.subset(&files);
    let (model, found) = sema::analyze(&subset, options);
    // A compilation that may be WMI by detection is analysed whole. Whether it is, is told by
    // what its files hold (cached with their trees), not by detecting it again after each edit.
    let may_be_wmi = |unit: &Unit, index: &[(Arc<File>, Arc<FileIndex>)]| {
        sema::wmi_by_entry(unit) || index.iter().any(|(_, entry)| entry.wmi)
    };
    if options.dialect.is_none()
        && (may_be_wmi(old_unit, old_index) || may_be_wmi(unit, index) || model.dialect().dialect != Dialect::Dmtf)
    {
        return None;
    }
    drop(model);
    let mut diagnostics = Vec::new();
    for mut d in found {
        // Labels and fixes point into the subset's files, which are the compilation's `files`.
        d.map_files(|file| files[file.0 as usize]);
        if !affected.contains(&(d.primary.file.0 as usize)) {
            continue;
        }
        // A class the subset lacks may be in the compilation: only the whole one can tell.
        if matches!(d.code, Code::UndefinedClass | Code::AssumedOnTarget) {
            return None;
        }
        diagnostics.push(d);
    }
    diagnostics.extend(
        old.diagnostics
            .iter()
            .filter(|d| !affected.contains(&(d.primary.file.0 as usize)))
            .cloned(),
    );
    Some(diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::world::{Buffer, Overlay};
    use crate::source::{SearchPath, World};
    use crate::syntax::unit::ParseCache;

    /// The diagnostics in the order `Unit::report` gives them, compared as text.
    fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<String> {
        diagnostics.sort_by_key(|d| (d.primary.file, d.primary.span.start));
        diagnostics.iter().map(|d| format!("{d:?}")).collect()
    }

    /// Edits to the CIM Schema, each analysed both ways: (file, text, replacement, whether the
    /// shortcut applies, the code of the one diagnostic the edit causes).
    const EDITS: [(&str, &str, &str, bool, &str); 6] = [
        // A leaf class: a misspelt qualifier, whose "did you mean" fix edits the class's file.
        ("Device/CIM_Battery.mof", "Description (", "Descriptin (", true, "E0304"),
        // A leaf class: a default of the wrong type.
        (
            "Device/CIM_Battery.mof",
            "uint32 TimeOnBattery;",
            "uint32 TimeOnBattery = \"x\";",
            true,
            "E0316",
        ),
        // An association overriding a property that its superclass does not have.
        (
            "Device/CIM_AssociatedBattery.mof",
            "Override ( \"Antecedent\" )",
            "Override ( \"Antecedents\" )",
            true,
            "E0309",
        ),
        // A class moved to another superclass: its subclasses and users are analysed again.
        (
            "Device/CIM_Battery.mof",
            "CIM_Battery : CIM_LogicalDevice",
            "CIM_Battery : CIM_Dependency",
            true,
            "E0309",
        ),
        // A class renamed: the association that refers to it names an undefined class.
        (
            "Device/CIM_Battery.mof",
            "class CIM_Battery ",
            "class CIM_Batteries ",
            false,
            "E0301",
        ),
        // The root of almost every class: the shortcut would analyse almost everything anyway.
        (
            "Core/CIM_ManagedElement.mof",
            "string Caption;",
            "string Caption = 1;",
            false,
            "E0316",
        ),
    ];

    #[test]
    fn analysing_what_an_edit_affects_gives_what_analysing_everything_gives() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cim-schema-2.49.0");
        if !root.is_dir() {
            eprintln!("skipped: {} is absent", root.display());
            return;
        }
        let mut world = Overlay::default();
        let cache = Arc::new(ParseCache::default());
        let search = SearchPath::default();
        let entry = world.canonical(&root.join("cim_schema_2.49.0.mof"));
        let load = |world: &Overlay| {
            let mut unit = Unit::load_cached(world, &entry, &search, cache.clone()).unwrap();
            sema::complete(&mut unit, world, &search);
            unit
        };
        let options = sema::Options::default();
        let before = load(&world);
        let (analysis, _) = analyze(&before, Index::of(&before, None), &options, None, &HashSet::new());
        assert_eq!(analysis.diagnostics, []);
        for (file, from, to, shortcut, code) in EDITS {
            let path = world.canonical(&root.join(file));
            let text = String::from_utf8(world.read(&path).unwrap()).unwrap();
            assert!(text.contains(from), "{file} has `{from}`");
            let buffer = Buffer {
                text: text.replacen(from, to, 1),
                version: 1,
            };
            world.open(path.clone(), buffer);
            let after = load(&world);
            let changed = HashSet::from([path.clone()]);
            let index = Index::of(&after, Some(&analysis));
            let quick = affected_only(&after, &index, &options, &before, &analysis, &changed);
            assert_eq!(quick.is_some(), shortcut, "{file}: `{to}`");
            let (_, full) = sema::analyze(&after, &options);
            let codes: Vec<&str> = full.iter().map(|d| d.code.id()).collect();
            assert_eq!(codes, [code], "{file}: `{to}`");
            if let Some(quick) = quick {
                assert_eq!(sorted(quick), sorted(full), "{file}: `{to}`");
            }
            world.close(&path);
        }
    }
}
