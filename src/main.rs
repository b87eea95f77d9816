fn main() -> std::process::ExitCode {
    mofc::cli::main()
}
