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

// mimalloc's C interface, linked in by the `mimalloc` crate: the one call made to it.
#[cfg(not(feature = "system-alloc"))]
unsafe extern "C" {
    /// Sets one of mimalloc's options (`mi_option_set` in `mimalloc.h`).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc version 2's `mimalloc.h`: how many milliseconds a page
/// left empty is kept before it is given back to the system.
#[cfg(not(feature = "system-alloc"))]
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Empty pages given back at once rather than after 10 ms (mimalloc's default): loading a
/// large network frees the parsed scenario as it builds, and the pages it leaves were still
/// held while the network grew beside them, 10 to 25 MiB of the peak on the networks of
/// docs/performance.md's "Bytes per resource", at no time measured. `MIMALLOC_PURGE_DELAY`
/// set in the environment is left to mimalloc, which reads it.
#[cfg(not(feature = "system-alloc"))]
fn purge_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: `mi_option_set` takes an option and a value by value and only stores the value;
    // 15 is `mi_option_purge_delay` in the mimalloc version the `v2` feature builds.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

fn main() {
    #[cfg(not(feature = "system-alloc"))]
    purge_at_once();
    std::process::exit(cli::main());
}
