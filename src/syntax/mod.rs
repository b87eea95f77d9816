//! From text to syntax tree: tokens, lexer, the hand-written and LALRPOP parsers and their glue,
//! the AST, and the compilation unit (an entry file with everything it includes).

pub mod ast;
mod builder;
mod chunk;
pub mod cpp;
mod descent;
pub mod dsc_files;
pub mod lexer;
pub mod literal;
mod mof3;
mod parser;
pub mod powershell;
pub mod print;
mod suggest;
pub mod token;
pub mod unit;

#[allow(clippy::all, unused_parens, dead_code)]
mod grammar {
    include!(concat!(env!("OUT_DIR"), "/mof.rs"));
}

pub use builder::{KNOWN_PRAGMAS, namespace_path_problem};
pub use parser::{Parsed, parse, parse_alone, parse_lexed};
pub use suggest::{Suggester, Suggestion, suggest};
