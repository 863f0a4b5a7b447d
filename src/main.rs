//! The `vpcpath` binary: the command line ([`cli`]) over the library's front door.

mod cli;

/// Simulation allocates many small strings per request (the reasons a trace records); mimalloc
/// serves them faster than the system allocator (docs/performance.md). The `system-alloc`
/// feature leaves the system's in place, for heap profilers that watch malloc (valgrind's massif).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
