/// mimalloc, through its plain entry points where it can (see `allocator.rs`).
#[global_allocator]
static ALLOCATOR: mofc::allocator::Mimalloc = mofc::allocator::Mimalloc;

fn main() -> std::process::ExitCode {
    mofc::cli::main()
}
