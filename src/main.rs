//! The `vpcpath` binary: everything lives in the library.

fn main() {
    std::process::exit(vpcpath::cli::main());
}
