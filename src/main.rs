//! The `vpcpath` binary: the command line ([`cli`]) over the library's front door.

mod cli;

/// Simulation allocates many small strings per request (the reasons a trace records); mimalloc
/// serves them faster than the system allocator (docs/performance.md). Its version 2, without
/// transparent huge pages (Cargo.toml): version 3 keeps freed pages for a second and huge pages
/// are given back whole, which cost 20 to 30 % more peak memory at the same speed. The
/// `system-alloc` feature leaves the system's in place, for heap profilers that watch malloc
/// (valgrind's massif).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
