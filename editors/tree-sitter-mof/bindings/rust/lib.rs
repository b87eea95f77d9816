//! MOF (Managed Object Format) for the [tree-sitter] parsing library, as the `mofc` compiler
//! reads it: the grammar of editors' highlighting, folding and text objects.
//!
//! ```
//! let code = "[Key] class Sample_Base { string Name; };";
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&tree_sitter_mof::LANGUAGE.into())
//!     .expect("the MOF grammar loads");
//! let tree = parser.parse(code, None).unwrap();
//! assert!(!tree.root_node().has_error());
//! ```
//!
//! [tree-sitter]: https://tree-sitter.github.io/

use tree_sitter_language::LanguageFn;

unsafe extern "C" {
    fn tree_sitter_mof() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for this grammar.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_mof) };

/// The content of the [`node-types.json`] file for this grammar.
///
/// [`node-types.json`]: https://tree-sitter.github.io/tree-sitter/using-parsers/6-static-node-types
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// The syntax highlighting query, in nvim-treesitter's capture names.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The same query in Helix's capture names.
pub const HELIX_HIGHLIGHTS_QUERY: &str = include_str!("../../queries/helix/highlights.scm");

/// The query of aliases: `as $x` defines one, `$x` refers to it.
pub const LOCALS_QUERY: &str = include_str!("../../queries/locals.scm");
