//! Generates the LALRPOP parser for `grammar/mof.lalrpop` into `$OUT_DIR/mof.rs`.
fn main() {
    lalrpop::Configuration::new()
        .set_in_dir("grammar")
        .emit_rerun_directives(true)
        .process()
        .expect("the MOF grammar must generate a parser");
}
