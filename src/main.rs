//! The `preflight` binary: everything lives in the library; this only hands
//! over the process arguments and turns the result into an exit code.

fn main() -> std::process::ExitCode {
    preflight::cli::main()
}
