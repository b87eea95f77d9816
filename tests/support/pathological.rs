//! Pathological inputs, generated at any size: each once cost quadratic (or worse) time or
//! memory, or overflowed the stack. Shared by `tests/pathological.rs`, which keeps them linear
//! at sizes where quadratic cost would take minutes, and `benches/pathological.rs`, which
//! measures them at several sizes.
#![allow(dead_code)]

use std::fmt::Write;
use std::path::Path;

/// `n` opening brackets and nothing else: one syntax error, then a run of errors before a `;`
/// that never comes.
pub fn nested_brackets(n: usize) -> String {
    let mut text = "[".repeat(n);
    text.push('\n');
    text
}

/// A file named `name` that includes itself `n` times, then declares one class.
pub fn self_includes(name: &str, n: usize) -> String {
    let mut text = String::new();
    for _ in 0..n {
        writeln!(text, "#pragma include (\"{name}\")").unwrap();
    }
    text.push_str("class Last { uint32 P; };\n");
    text
}

/// One class with `n` properties `P0`, `P1`, ...
pub fn wide_class(n: usize) -> String {
    let mut text = String::from("class Wide {\n");
    for i in 0..n {
        writeln!(text, "    uint32 P{i};").unwrap();
    }
    text.push_str("};\n");
    text
}

/// A chain of `n` classes, `C0` (with a key) to `C{n-1}`, each adding one property.
pub fn class_chain(n: usize) -> String {
    let mut text = String::from("class C0 { [Key] string Id; };\n");
    for i in 1..n {
        writeln!(text, "class C{i} : C{} {{ uint32 P{i}; }};", i - 1).unwrap();
    }
    text
}

/// Files `f0.mof` to `f{n-1}.mof` in `dir`, each including the next (with `#pragma include`,
/// or with `#include` when `preprocessed`) and declaring one class. The entry is `f0.mof`.
pub fn include_chain(dir: &Path, n: usize, preprocessed: bool) {
    for i in 0..n {
        let mut text = String::new();
        if i + 1 < n {
            match preprocessed {
                true => writeln!(text, "#include \"f{}.mof\"", i + 1).unwrap(),
                false => writeln!(text, "#pragma include (\"f{}.mof\")", i + 1).unwrap(),
            }
        }
        writeln!(text, "class F{i} {{ uint32 P; }};").unwrap();
        std::fs::write(dir.join(format!("f{i}.mof")), text).unwrap();
    }
}

/// A class whose one property `P` is given `n` qualifiers `Q0`, `Q1`, ..., each declared after
/// the class.
pub fn qualified_property(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("Q{i}")).collect();
    let mut text = format!("class A {{\n    [{}] uint32 P;\n}};\n", names.join(", "));
    for name in &names {
        writeln!(text, "qualifier {name} : boolean = false, scope(property);").unwrap();
    }
    text
}

/// A class of `n` properties and one instance giving each a value.
pub fn wide_instance(n: usize) -> String {
    let mut text = wide_class(n);
    text.push_str("instance of Wide {\n");
    for i in 0..n {
        writeln!(text, "    P{i} = {i};").unwrap();
    }
    text.push_str("};\n");
    text
}

/// A class `C` in each of `n` namespaces, `root/ns0` to `root/ns{n-1}`, then in `root/ns0` again:
/// one redeclaration.
pub fn many_namespaces(n: usize) -> String {
    let mut text = String::new();
    for i in (0..n).chain([0]) {
        writeln!(text, "#pragma namespace(\"root/ns{i}\")\nclass C {{ }};").unwrap();
    }
    text
}

/// One line: a class of `n` properties whose defaults are out of range, `uint8 x{i} = 300;`, so
/// that each gets a diagnostic on the same line.
pub fn one_line_of_errors(n: usize) -> String {
    let mut text = String::from("class A {");
    for i in 0..n {
        write!(text, " uint8 x{i} = 300;").unwrap();
    }
    text.push_str(" };\n");
    text
}

/// A class whose name is `n` characters long, then 40 classes whose superclasses nothing declares:
/// enough unknown names for "did you mean" to index the known ones.
pub fn long_class_name(n: usize) -> String {
    let mut text = format!("class A{} {{ }};\n", "b".repeat(n - 1));
    for i in 0..40 {
        writeln!(text, "class D{i} : Missing{i} {{ }};").unwrap();
    }
    text
}

/// A class with an embedded object property and an instance whose value for it is MOF holding
/// such an instance, `levels` strings deep. Each level is escaped inside the one around it with
/// `\x5C` and `\x22`, so a level is only a few bytes longer than the next for each level below
/// it: the file grows with the square of `levels`, and a copy of each level costs its cube.
pub fn embedded_in_strings(levels: usize) -> String {
    let mut instance = String::from("instance of E { };");
    for _ in 0..levels {
        let escaped = instance.replace('\\', "\\x5C").replace('"', "\\x22");
        instance = format!("instance of E {{ p = \"{escaped}\"; }};");
    }
    format!("class E {{ [EmbeddedObject] string p; }};\n{instance}\n")
}

/// `n` classes `Base{i}`, and for each a class `D{i}` whose superclass is misspelt `Basse{i}`
/// (one edit away: "did you mean `Base{i}`?") and a class `E{i}` whose superclass
/// `Missing{i}` is like no class.
pub fn misspelt_superclasses(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        writeln!(
            text,
            "class Base{i} {{ }};\nclass D{i} : Basse{i} {{ }};\nclass E{i} : Missing{i} {{ }};"
        )
        .unwrap();
    }
    text
}

/// Files `f0.mof` to `f{n-1}.mof` in `dir`, each including the next twice, then declaring one
/// class: the last is read 2^(n-1) times. The entry is `f0.mof`.
pub fn diamond_includes(dir: &Path, n: usize) {
    for i in 0..n {
        let mut text = String::new();
        if i + 1 < n {
            for _ in 0..2 {
                writeln!(text, "#pragma include (\"f{}.mof\")", i + 1).unwrap();
            }
        }
        writeln!(text, "class F{i} {{ uint32 P; }};").unwrap();
        std::fs::write(dir.join(format!("f{i}.mof")), text).unwrap();
    }
}

/// `main.mof` in `dir`, including `I0.MOF` to `I{n-1}.MOF`, and the files as they are on disk:
/// `i0.mof` to `i{n-1}.mof`, each declaring one class. Each include is found in another letter
/// case, by listing the folder.
pub fn misspelt_includes(dir: &Path, n: usize) {
    let mut main = String::new();
    for i in 0..n {
        writeln!(main, "#pragma include (\"I{i}.MOF\")").unwrap();
        std::fs::write(dir.join(format!("i{i}.mof")), format!("class C{i} {{ uint32 P; }};\n")).unwrap();
    }
    std::fs::write(dir.join("main.mof"), main).unwrap();
}
