/// A compilation builds thousands of small syntax-tree nodes and frees them together; mimalloc
/// serves that pattern much faster than the system allocator (see README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    mofc::cli::main()
}
