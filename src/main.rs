//! The `vpcpath` binary: the command line ([`cli`]) over the library's front door.

mod cli;

/// Simulation allocates many small strings per request (the reasons a trace records); mimalloc
/// serves them faster than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
