//! The result cache of `mofc check`, as ruff keeps `.ruff_cache`: a compilation whose inputs did
//! not change since a run that checked it is not parsed and analysed again; its diagnostics are
//! taken from the entry that run wrote.
//!
//! **What a result depends on.** A compilation reads the disk only through [`World`], so it is a
//! function of what it asked the world and what the world answered: every file read (entry,
//! includes, class files, sibling files scanned for declarations), every include candidate probed
//! and not found, every folder listed (searching a class by file name, an include in another
//! letter case). A [`Recorder`] wraps the world of one compilation and notes each question with
//! a digest of its answer; a value that a memo shared between the compilations of a run gives
//! instead of asking (`source::Memo::learn`) is noted through [`World::relies_on`]. An entry is
//! reused only when every question, asked again now, gets the same answer: a changed file, a
//! file that appeared where an include or a class was looked for, a folder that gained an entry,
//! each changes an answer. Beyond the disk, a result depends on mofc's build, the current folder
//! (names in diagnostics are relative to it), the options, the text of `mofc.toml` and the schema
//! (`--schema`, read through a recorder of its own, whose answers are digested into the key);
//! those make the entry's key. Which of its dependency files other compilations of the run check
//! as their own changes only how their problems are folded (`sema::fold`), so entries hold the
//! diagnostics before that step, and it runs again on reuse.
//!
//! **What an entry holds.** The answers, the files of the compilation (path, name and a digest of
//! the text), its diagnostics and dependencies. Texts are not kept: the files that diagnostics
//! show are read again, and the entry is reused only if each decodes to the text digested.
//!
//! **Safety.** An entry is written to a temporary file in the cache folder and renamed into
//! place, so a reader sees a whole entry or none, whatever runs share the folder. Each starts
//! with a line naming the format and a checksum of the rest; an entry that is damaged, of another
//! format, for another key, or whose contents do not fit (a file id out of range, a span outside
//! its text, an unknown code) is ignored and written again. A cache folder that cannot be
//! created or written means no caching, silently.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

use super::Format;
use super::units::{Job, Project};
use crate::diag::{Applicability, Code, Diagnostic, Edit, Fix, Label, Severity};
use crate::sema::Dependency;
use crate::source::{Asked, DiskWorld, FileId, SourceFile, Sources, Span, World, decode, read_regular};
use crate::syntax::unit::Unit;

/// The first word of every entry, then the format's version and the checksum of the rest.
const MAGIC: &str = "mofc-cache";
/// The version of the entries' format, in each entry's header: an entry of another format is
/// ignored and written again (2: diagnostics carry their fixes).
const FORMAT: u32 = 2;
/// The folder the cache is in, beside the `mofc.toml` in use or in the current folder.
pub const FOLDER: &str = ".mofc_cache";
/// The environment variable that names another cache folder.
pub const DIR_VARIABLE: &str = "MOFC_CACHE_DIR";

/// The cache of a `mofc check`: where its entries are, what every key starts from, and how many
/// compilations were looked up and reused.
pub struct Results {
    /// The cache folder.
    root: PathBuf,
    /// The folder of entries in it, made when the cache is opened; `None` if it cannot be.
    entries: Option<PathBuf>,
    /// Its canonical path: questions about it are left out of what compilations depend on.
    own: PathBuf,
    /// The digest of what every compilation's result depends on beyond its files: mofc's build,
    /// the current folder, the options, `mofc.toml`.
    base: u128,
    looked_up: AtomicUsize,
    reused: AtomicUsize,
}

impl Results {
    /// The cache of a run of `project`: in `MOFC_CACHE_DIR`, else `cache-dir` of `mofc.toml`,
    /// else `.mofc_cache` beside the `mofc.toml` in use, else in the current folder. `None` when
    /// mofc's build or the current folder cannot be told, which a key needs.
    pub fn open(project: &Project) -> Option<Results> {
        let root = match std::env::var_os(DIR_VARIABLE).filter(|dir| !dir.is_empty()) {
            Some(dir) => PathBuf::from(dir),
            None => match &project.config {
                Some(config) => config
                    .cache_dir
                    .clone()
                    .unwrap_or_else(|| config.path.parent().unwrap_or(Path::new("")).join(FOLDER)),
                None => PathBuf::from(FOLDER),
            },
        };
        let mut key = Key::default();
        key.text(&format!("{MAGIC} {FORMAT} {}", env!("CARGO_PKG_VERSION")));
        // The build itself, not only its version: a rebuilt mofc may report otherwise.
        let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
        let built = exe.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        key.text(&format!("{} {}", exe.len(), built.as_nanos()));
        key.path(&std::env::current_dir().ok()?);
        // Every option but those that change only how diagnostics are shown or what they exit
        // with: an option added later is part of the key without anyone thinking of it.
        let mut options = project.options.clone();
        options.format = Format::Human;
        options.deny_warnings = false;
        key.text(&format!("{options:?}"));
        if let Some(config) = &project.config {
            key.path(&config.path);
            key.text(&config.text);
        }
        // Made before anything is compiled: a compilation that lists the folder holding the
        // cache sees it as the next run will.
        let entries = prepare(&root);
        let own = DiskWorld.canonical(&root.join(ENTRIES));
        Some(Results {
            root,
            entries,
            own,
            base: key.finish(),
            looked_up: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        })
    }

    /// A run's use of the cache, over `world`.
    pub fn run<'w>(&'w self, world: &'w dyn World) -> Run<'w> {
        Run {
            results: self,
            world,
            answers: Mutex::default(),
            schema: OnceLock::new(),
            groups: Mutex::default(),
        }
    }

    /// One line saying how many compilations were reused, for `--verbose`.
    pub fn summary(&self) -> String {
        let looked_up = self.looked_up.load(Ordering::Relaxed);
        let reused = self.reused.load(Ordering::Relaxed);
        let plural = if looked_up == 1 { "" } else { "s" };
        format!(
            "cache: {reused} of {looked_up} compilation{plural} reused ({})",
            self.root.display()
        )
    }

    /// Whether `path` is in the folder of entries, which no result depends on (it holds only
    /// entries and their temporary files, never MOF) and which every run changes.
    fn holds(&self, path: &Path) -> bool {
        DiskWorld.canonical(path).starts_with(&self.own)
    }
}

/// The folder of entries in the cache folder `root`, both made if they are not there yet (with
/// the tags of a cache folder); `None` if they cannot be.
fn prepare(root: &Path) -> Option<PathBuf> {
    let entries = root.join(ENTRIES);
    std::fs::create_dir_all(&entries).ok()?;
    // As ruff: git ignores the folder, and backup tools that honour the tag skip it.
    for (name, text) in [(".gitignore", "*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)] {
        let path = root.join(name);
        if !path.exists() {
            let _ = write_atomically(root, &path, text.as_bytes());
        }
    }
    Some(entries)
}

/// The folder of entries in the cache folder, named for the version of the cache's layout (an
/// entry's own format is in its header, [`FORMAT`]).
const ENTRIES: &str = "v1";

/// The tag of cache folders (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by mofc.\n\
# For information about cache directory tags, see https://bford.info/cachedir/\n";

/// The cache in one run of compilations: the answers the world gave in this run, each asked
/// once however many compilations depend on it.
pub struct Run<'w> {
    results: &'w Results,
    world: &'w dyn World,
    answers: Mutex<HashMap<Asked, Answer>>,
    /// The digest of the schema's answers, once it is read.
    schema: OnceLock<u128>,
    /// For each group of questions read or written in this run (by id): the digest of its
    /// answers now, `None` if its file is damaged.
    groups: Mutex<HashMap<String, Option<String>>>,
}

impl<'w> Run<'w> {
    /// Reads the schema with `read`, through a recorder, whose answers every key then includes.
    pub fn schema<T>(&self, read: impl FnOnce(&dyn World) -> miette::Result<T>) -> miette::Result<T> {
        let recorder = self.recorder(None);
        let schema = read(&recorder)?;
        let mut key = Key::default();
        // In a stable order (`Recorder::record`), without the stamps, which a file gains as it
        // ages.
        if let Some(record) = recorder.record() {
            for seen in record.seen {
                key.text(&serde_json::to_string(&(seen.question, seen.answer)).unwrap_or_default());
            }
            for group in record.groups {
                key.text(&group.id());
                key.text(&group.answers());
            }
        }
        let _ = self.schema.set(key.finish());
        Ok(schema)
    }

    /// A world that records what it asks: for the compilation of the entry `key`, or for the
    /// schema.
    fn recorder(&self, key: Option<String>) -> Recorder<'_> {
        Recorder {
            run: self,
            key,
            seen: Mutex::default(),
            relied: Mutex::default(),
        }
    }

    /// The key of a job's entry.
    fn key(&self, job: &Job) -> String {
        let mut key = Key::default();
        key.text(&format!("{:032x}", self.results.base));
        key.text(&format!("{:032x}", self.schema.get().copied().unwrap_or_default()));
        key.path(&job.entry);
        for dir in &job.search.dirs {
            key.path(dir);
        }
        format!("{:032x}", key.finish())
    }

    /// The result of `job` from an earlier run, if there is one that is whole and that nothing
    /// it depends on has changed since; else the world to compile it in, which records what the
    /// compilation asks for [`store`](Self::store).
    pub fn reuse(&self, job: &Job) -> Reuse<'_> {
        self.results.looked_up.fetch_add(1, Ordering::Relaxed);
        let key = self.key(job);
        match self.read(&key).and_then(|entry| self.restore(entry, &key)) {
            Some(cached) => {
                self.results.reused.fetch_add(1, Ordering::Relaxed);
                Reuse::Cached(cached)
            }
            None => Reuse::Compile(self.recorder(Some(key))),
        }
    }

    /// The entry of `key`, if it is whole: its first line names this format and the checksum of
    /// the rest.
    fn read(&self, key: &str) -> Option<Entry> {
        serde_json::from_slice(&unsealed(&self.results.entries.as_ref()?.join(key))?).ok()
    }

    /// The compilation an entry describes, if it is for `key`, every answer it records is the
    /// answer now, and its contents fit together.
    fn restore(&self, entry: Entry, key: &str) -> Option<Cached> {
        if entry.key != key {
            return None;
        }
        let unchanged = entry.seen.par_iter().all(|seen| {
            let asked = seen.question.asked();
            let same_file = seen.stamp.is_some() && seen.stamp == Stamp::of(path_of(&asked));
            same_file || self.answer(&asked) == seen.answer
        });
        if !unchanged
            || !entry
                .groups
                .iter()
                .all(|g| self.group_answers(&g.id) == Some(g.answers.clone()))
        {
            return None;
        }
        let count = entry.files.len();
        let valid = |file: u32| (file as usize) < count;
        let diagnostics: Vec<Diagnostic> = entry
            .diagnostics
            .iter()
            .map(|d| d.diagnostic(&valid))
            .collect::<Option<_>>()?;
        let mut dependencies = Vec::new();
        for d in &entry.dependencies {
            let (start, end) = d.files;
            if start > end || end as usize > count || !valid(d.used_at.0) {
                return None;
            }
            dependencies.push(Dependency {
                files: start..end,
                class: d.class.clone(),
                used_at: (
                    FileId(d.used_at.0),
                    Span::new(d.used_at.1 as usize, d.used_at.2 as usize),
                ),
            });
        }
        if entry.entry as usize >= count || entry.own > count {
            return None;
        }
        // The texts of the files a diagnostic may show or its fix edit (folding only adds
        // diagnostics where a dependency's class is used), read again: those `finish` keeps.
        let places = || {
            diagnostics
                .iter()
                .flat_map(Diagnostic::places)
                .chain(dependencies.iter().map(|d| d.used_at))
        };
        let shown: HashSet<u32> = places().map(|(file, _)| file.0).collect();
        let mut sources = Sources::new();
        for (i, file) in entry.files.into_iter().enumerate() {
            let text = if shown.contains(&(i as u32)) {
                let text = decode(self.world.read(&file.path).ok()?).ok()?;
                (digest(text.as_bytes()) == file.text).then_some(text)?
            } else {
                String::new()
            };
            sources.add(SourceFile::new(file.path, file.name, text));
        }
        let spans_fit = places().all(|(file, span)| {
            let text = &sources.get(file).text;
            span.start <= span.end
                && text.is_char_boundary(span.start as usize)
                && text.is_char_boundary(span.end as usize)
        });
        if !spans_fit {
            return None;
        }
        Some(Cached {
            unit: Unit::from_report(sources, FileId(entry.entry), Vec::new()),
            own: entry.own,
            dependencies,
            found: diagnostics,
        })
    }

    /// What the world answers to `asked` in this run: asked once, then remembered.
    fn answer(&self, asked: &Asked) -> Answer {
        if let Some(answer) = self.answers.lock().unwrap_or_else(|p| p.into_inner()).get(asked) {
            return answer.clone();
        }
        let answer = match asked {
            Asked::Read(path) => Answer::read(&self.world.read(path)),
            Asked::IsFile(path) => Answer::Exists(self.world.is_file(path)),
            Asked::List(dir) => self.listing(&self.world.list(dir)),
        };
        self.remember(asked, &answer);
        answer
    }

    /// Keeps the first answer to `asked` in this run.
    fn remember(&self, asked: &Asked, answer: &Answer) {
        let mut answers = self.answers.lock().unwrap_or_else(|p| p.into_inner());
        answers.entry(asked.clone()).or_insert_with(|| answer.clone());
    }

    /// Writes the entry of a compilation just checked: what `recorder` saw, the unit's files,
    /// its dependencies and its diagnostics (`found`, before folding). Nothing is written when
    /// something cannot be recorded (a path that is not Unicode) or the folder is unwritable.
    pub fn store(
        &self,
        mut recorder: Recorder,
        unit: &Unit,
        own: usize,
        dependencies: &[Dependency],
        found: &[Diagnostic],
    ) {
        let Some(key) = recorder.key.take() else { return };
        let Some(record) = recorder.record() else { return };
        let files = unit
            .sources
            .iter()
            .map(|(_, file)| FileRecord {
                path: file.path.clone(),
                name: file.name.clone(),
                text: digest(file.text.as_bytes()),
            })
            .collect();
        let Some(entries) = &self.results.entries else { return };
        let groups = record
            .groups
            .iter()
            .map(|group| {
                let id = group.id();
                self.save_group(entries, &id, group);
                GroupRef {
                    answers: group.answers(),
                    id,
                }
            })
            .collect();
        let entry = Entry {
            key,
            seen: record.seen,
            groups,
            files,
            entry: unit.entry.0,
            own,
            dependencies: dependencies
                .iter()
                .map(|d| DependencyRecord {
                    files: (d.files.start, d.files.end),
                    class: d.class.clone(),
                    used_at: (d.used_at.0.0, d.used_at.1.start, d.used_at.1.end),
                })
                .collect(),
            diagnostics: found.iter().map(DiagnosticRecord::from).collect(),
        };
        if let Ok(body) = serde_json::to_vec(&entry) {
            let _ = write_atomically(entries, &entries.join(&entry.key), &sealed(&body));
        }
    }

    /// Writes the file of a group of questions, once in a run. Its name is the digest of its
    /// contents, so runs that write it at once write the same bytes.
    fn save_group(&self, entries: &Path, id: &str, group: &Group) {
        let answers = Some(group.answers());
        let mut groups = self.groups.lock().unwrap_or_else(|p| p.into_inner());
        // Unless this run read it whole already.
        let whole = matches!(groups.insert(id.to_string(), answers), Some(Some(_)));
        if !whole && let Ok(body) = serde_json::to_vec(&group.questions) {
            let folder = entries.join(GROUPS);
            if std::fs::create_dir_all(&folder).is_ok() {
                let _ = write_atomically(&folder, &folder.join(id), &sealed(&body));
            }
        }
    }

    /// The digest of the answers now to the group of questions `id`, read from its file once
    /// in a run; `None` if the file is missing or damaged.
    fn group_answers(&self, id: &str) -> Option<String> {
        if let Some(known) = self.groups.lock().unwrap_or_else(|p| p.into_inner()).get(id) {
            return known.clone();
        }
        let read = || {
            let folder = self.results.entries.as_ref()?.join(GROUPS);
            let questions: Vec<Question> = serde_json::from_slice(&unsealed(&folder.join(id))?).ok()?;
            let group = Group {
                answers: questions.iter().map(|q| self.answer(&q.asked())).collect(),
                questions,
            };
            (group.id() == id).then(|| group.answers())
        };
        let answers = read();
        let mut groups = self.groups.lock().unwrap_or_else(|p| p.into_inner());
        groups.entry(id.to_string()).or_insert(answers).clone()
    }
}

/// `body` after a line naming the format and its checksum.
fn sealed(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{MAGIC} {FORMAT} {:032x}\n", xxh3_128(body)).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The largest cache file read: the CIM Schema's entry is under 1 MB. A larger one (damaged, or
/// put in a cache folder someone else controls) is not read into memory but taken as absent.
const MAX_CACHE_FILE: u64 = 64 << 20;

/// The body of the file at `path` that [`sealed`] wrote, if it is whole.
fn unsealed(path: &Path) -> Option<Vec<u8>> {
    if std::fs::metadata(path).ok()?.len() > MAX_CACHE_FILE {
        return None;
    }
    let mut bytes = read_regular(path).ok()?;
    let split = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..split]).ok()?;
    if header != format!("{MAGIC} {FORMAT} {:032x}", xxh3_128(&bytes[split + 1..])) {
        return None;
    }
    Some(bytes.split_off(split + 1))
}

/// The folder of groups of questions, in the folder of entries.
const GROUPS: &str = "groups";

/// Writes `bytes` to `path` through a temporary file in `folder`, renamed into place: a reader
/// sees the old file or the new one, never a part.
fn write_atomically(folder: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A compilation's result taken from the cache: what `units::compile` makes of a fresh one
/// before folding its dependencies' diagnostics.
pub struct Cached {
    unit: Unit,
    own: usize,
    dependencies: Vec<Dependency>,
    found: Vec<Diagnostic>,
}

impl Cached {
    /// The canonical paths of the compilation's own files: the entry and its includes.
    pub fn own_paths(&self) -> Vec<PathBuf> {
        self.unit
            .sources
            .iter()
            .take(self.own)
            .map(|(_, file)| file.path.clone())
            .collect()
    }

    /// The unit (files and texts, no syntax trees), how many files are its own, its
    /// dependencies, and its diagnostics before folding.
    pub fn into_parts(self) -> (Unit, usize, Vec<Dependency>, Vec<Diagnostic>) {
        (self.unit, self.own, self.dependencies, self.found)
    }
}

/// What [`Run::reuse`] finds for a job.
pub enum Reuse<'r> {
    /// The result of an earlier run.
    Cached(Cached),
    /// No result to reuse: the world to compile the job in.
    Compile(Recorder<'r>),
}

/// The world of one compilation, noting every question it asks and the answer it gets.
pub struct Recorder<'r> {
    run: &'r Run<'r>,
    /// The key of the entry of the compilation it records; none for the schema's reading.
    key: Option<String>,
    seen: Mutex<HashMap<Asked, (Answer, Option<Stamp>)>>,
    /// The groups of questions that shared memos asked for this compilation, maybe in another
    /// one, by the address of the memo's slice.
    relied: Mutex<HashMap<(usize, usize), Vec<Asked>>>,
}

/// What a compilation asked: its own questions, and the groups of questions of the memos it
/// used. A group (a folder tree walked for class files: hundreds of folders, the same for every
/// compilation of a folder) is kept once in the cache, in a file of its own, and entries name it.
struct Record {
    seen: Vec<Seen>,
    groups: Vec<Group>,
}

/// A group of questions, in the order a memo asked them, and their answers.
struct Group {
    questions: Vec<Question>,
    answers: Vec<Answer>,
}

impl Group {
    /// The name of its file: the digest of its questions.
    fn id(&self) -> String {
        digest(&serde_json::to_vec(&self.questions).unwrap_or_default())
    }

    fn answers(&self) -> String {
        digest(&serde_json::to_vec(&self.answers).unwrap_or_default())
    }
}

impl Recorder<'_> {
    fn note(&self, asked: Asked, answer: Answer, stamp: Option<Stamp>) {
        if self.run.results.holds(path_of(&asked)) {
            return;
        }
        self.run.remember(&asked, &answer);
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.entry(asked).or_insert((answer, stamp));
    }

    /// Every question and its answer, in a stable order; `None` if a path cannot be recorded or
    /// a question a memo relied on has no answer in this run.
    fn record(self) -> Option<Record> {
        let seen = self.seen.into_inner().unwrap_or_else(|p| p.into_inner());
        let answers = self.run.answers.lock().unwrap_or_else(|p| p.into_inner());
        let mut groups = Vec::new();
        for (_, asked) in self.relied.into_inner().unwrap_or_else(|p| p.into_inner()) {
            // Questions about the cache's own folder are left out, as everywhere.
            let asked: Vec<Asked> = asked
                .into_iter()
                .filter(|a| !self.run.results.holds(path_of(a)))
                .collect();
            groups.push(Group {
                answers: asked.iter().map(|a| answers.get(a).cloned()).collect::<Option<_>>()?,
                questions: asked.iter().map(Question::of).collect::<Option<_>>()?,
            });
        }
        groups.sort_by_cached_key(Group::id);
        // What the compilation that computed a memo asked itself is in the memo's group.
        let grouped: HashSet<&Question> = groups.iter().flat_map(|g| &g.questions).collect();
        let mut seen: Vec<Seen> = seen
            .into_iter()
            .map(|(asked, (answer, stamp))| {
                Some(Seen {
                    question: Question::of(&asked)?,
                    answer,
                    stamp,
                })
            })
            .filter(|seen| seen.as_ref().is_none_or(|seen| !grouped.contains(&seen.question)))
            .collect::<Option<_>>()?;
        seen.sort_by(|a, b| a.question.cmp(&b.question));
        Some(Record { seen, groups })
    }
}

impl World for Recorder<'_> {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let before = SystemTime::now();
        let read = self.run.world.read(path);
        let stamp = read.as_ref().ok().and_then(|_| Stamp::settled(path, before));
        self.note(Asked::Read(path.to_path_buf()), Answer::read(&read), stamp);
        read
    }

    fn is_file(&self, path: &Path) -> bool {
        let exists = self.run.world.is_file(path);
        self.note(Asked::IsFile(path.to_path_buf()), Answer::Exists(exists), None);
        exists
    }

    fn list(&self, dir: &Path) -> std::io::Result<Vec<(PathBuf, bool)>> {
        let listed = self.run.world.list(dir);
        self.note(Asked::List(dir.to_path_buf()), self.run.listing(&listed), None);
        listed
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        self.run.world.canonical(path)
    }

    fn relies_on(&self, asked: &[Asked]) {
        let mut relied = self.relied.lock().unwrap_or_else(|p| p.into_inner());
        relied
            .entry((asked.as_ptr() as usize, asked.len()))
            .or_insert_with(|| asked.to_vec());
    }
}

/// The digest of a key's parts, each delimited.
#[derive(Default)]
struct Key(Xxh3Default);

impl Key {
    fn text(&mut self, text: &str) {
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
    }

    fn path(&mut self, path: &Path) {
        self.text(&path.to_string_lossy());
    }

    fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

fn digest(bytes: &[u8]) -> String {
    format!("{:032x}", xxh3_128(bytes))
}

/// A question as an entry records it (paths must be Unicode to be written in JSON).
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Question {
    Read(String),
    IsFile(String),
    List(String),
}

impl Question {
    fn of(asked: &Asked) -> Option<Question> {
        let text = |path: &Path| path.to_str().map(str::to_string);
        Some(match asked {
            Asked::Read(path) => Question::Read(text(path)?),
            Asked::IsFile(path) => Question::IsFile(text(path)?),
            Asked::List(path) => Question::List(text(path)?),
        })
    }

    fn asked(&self) -> Asked {
        match self {
            Question::Read(path) => Asked::Read(path.into()),
            Question::IsFile(path) => Asked::IsFile(path.into()),
            Question::List(path) => Asked::List(path.into()),
        }
    }
}

/// What the world answered, as much of it as a result can depend on.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
enum Answer {
    /// A file read: the digest of its bytes.
    Bytes(String),
    Exists(bool),
    /// A folder listed: the digest of its entries (name, whether a folder), sorted.
    Listing(String),
    /// The error, as a diagnostic would say it.
    Failed(String),
}

impl Answer {
    fn read(read: &std::io::Result<Vec<u8>>) -> Answer {
        match read {
            Ok(bytes) => Answer::Bytes(digest(bytes)),
            Err(error) => Answer::Failed(error.to_string()),
        }
    }
}

impl Run<'_> {
    /// The answer of a folder listed, but for the cache's folder of entries.
    fn listing(&self, listed: &std::io::Result<Vec<(PathBuf, bool)>>) -> Answer {
        match listed {
            Ok(entries) => {
                let ours = |path: &Path| path.file_name() == Some(ENTRIES.as_ref()) && self.results.holds(path);
                let mut entries: Vec<&(PathBuf, bool)> = entries.iter().filter(|(path, _)| !ours(path)).collect();
                entries.sort();
                let mut key = Key::default();
                for (path, is_dir) in entries {
                    key.path(path);
                    key.text(if *is_dir { "/" } else { "" });
                }
                Answer::Listing(format!("{:032x}", key.finish()))
            }
            Err(error) => Answer::Failed(error.to_string()),
        }
    }
}

fn path_of(asked: &Asked) -> &Path {
    match asked {
        Asked::Read(path) | Asked::IsFile(path) | Asked::List(path) => path,
    }
}

/// One question a compilation asked and the answer it got.
#[derive(Serialize, Deserialize)]
struct Seen {
    question: Question,
    answer: Answer,
    /// For a file read, its stamp, if it had settled: while the file has it still, it holds
    /// the bytes read, and is not read again to be compared.
    stamp: Option<Stamp>,
}

/// How long a file must have been left alone before a read for its stamp to vouch for its
/// bytes: longer than the coarsest clock of file times (FAT's two seconds).
const SETTLED: Duration = Duration::from_secs(3);

/// A file's identity, size and times as `stat` gives them (Unix only). The change time
/// (`ctime`) is set by the system on every write, rename or `touch`, and no program can set it
/// back, so a file with the same stamp was not changed; but a clock ticks coarsely (a few
/// milliseconds), so a file changed within the tick of a read could keep its stamp ("racy git").
/// A stamp is therefore kept only for a file whose times are [`SETTLED`] before it was read:
/// a later change moves its `ctime` to a later tick. Other files are compared by content.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq, Debug)]
struct Stamp {
    device: u64,
    inode: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            device: m.dev(),
            inode: m.ino(),
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_: &Path) -> Option<Stamp> {
        None
    }

    /// The stamp of the file at `path`, read after `before`, if it had settled by then.
    fn settled(path: &Path, before: SystemTime) -> Option<Stamp> {
        let stamp = Stamp::of(path)?;
        let limit = before.checked_sub(SETTLED)?.duration_since(UNIX_EPOCH).ok()?;
        let limit = (limit.as_secs() as i64, i64::from(limit.subsec_nanos()));
        (stamp.modified < limit && stamp.changed < limit).then_some(stamp)
    }
}

/// The private format of an entry.
#[derive(Serialize, Deserialize)]
struct Entry {
    /// The key it was written for (its file name), checked again.
    key: String,
    seen: Vec<Seen>,
    groups: Vec<GroupRef>,
    files: Vec<FileRecord>,
    entry: u32,
    own: usize,
    dependencies: Vec<DependencyRecord>,
    diagnostics: Vec<DiagnosticRecord>,
}

/// A group of questions that an entry depends on: the name of its file, and the digest of the
/// answers the compilation relied on.
#[derive(Serialize, Deserialize)]
struct GroupRef {
    id: String,
    answers: String,
}

#[derive(Serialize, Deserialize)]
struct FileRecord {
    path: PathBuf,
    name: String,
    /// The digest of its text.
    text: String,
}

#[derive(Serialize, Deserialize)]
struct DependencyRecord {
    files: (u32, u32),
    class: String,
    used_at: (u32, u32, u32),
}

#[derive(Serialize, Deserialize)]
struct DiagnosticRecord {
    severity: String,
    code: String,
    message: String,
    primary: LabelRecord,
    secondary: Vec<LabelRecord>,
    help: Option<String>,
    fix: Option<FixRecord>,
}

#[derive(Serialize, Deserialize)]
struct FixRecord {
    title: String,
    safe: bool,
    /// The edits as labels whose message is the replacement text.
    edits: Vec<LabelRecord>,
}

#[derive(Serialize, Deserialize)]
struct LabelRecord {
    file: u32,
    start: u32,
    end: u32,
    message: String,
}

impl From<&Diagnostic> for DiagnosticRecord {
    fn from(d: &Diagnostic) -> DiagnosticRecord {
        let label = |l: &Label| LabelRecord {
            file: l.file.0,
            start: l.span.start,
            end: l.span.end,
            message: l.message.clone(),
        };
        DiagnosticRecord {
            severity: d.severity.as_str().to_string(),
            code: d.code.id().to_string(),
            message: d.message.clone(),
            primary: label(&d.primary),
            secondary: d.secondary.iter().map(label).collect(),
            help: d.help.clone(),
            fix: d.fix.as_ref().map(|fix| FixRecord {
                title: fix.title.clone(),
                safe: fix.applicability == Applicability::Safe,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| LabelRecord {
                        file: e.file.0,
                        start: e.span.start,
                        end: e.span.end,
                        message: e.replacement.clone(),
                    })
                    .collect(),
            }),
        }
    }
}

impl DiagnosticRecord {
    /// The diagnostic, if its code and severity exist and its labels are in files that `valid`
    /// accepts.
    fn diagnostic(&self, valid: &dyn Fn(u32) -> bool) -> Option<Diagnostic> {
        let label = |l: &LabelRecord| {
            valid(l.file).then(|| Label {
                file: FileId(l.file),
                span: Span {
                    start: l.start,
                    end: l.end,
                },
                message: l.message.clone(),
            })
        };
        let severity = [Severity::Error, Severity::Warning, Severity::Note]
            .into_iter()
            .find(|s| s.as_str() == self.severity)?;
        Some(Diagnostic {
            severity,
            code: Code::parse(&self.code).filter(|code| code.id() == self.code)?,
            message: self.message.clone(),
            primary: label(&self.primary)?,
            secondary: self.secondary.iter().map(label).collect::<Option<_>>()?,
            help: self.help.clone(),
            fix: match &self.fix {
                None => None,
                Some(fix) => Some(Fix {
                    title: fix.title.clone(),
                    applicability: if fix.safe {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    },
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let at = label(e)?;
                            Some(Edit::replace(at.file, at.span, at.message))
                        })
                        .collect::<Option<_>>()?,
                }),
            },
        })
    }
}
