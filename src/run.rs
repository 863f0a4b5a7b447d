//! Running many requests: in parallel chunks whose results come out in request order, so the
//! output is the same whatever the number of threads and memory holds one chunk of traces.

use crate::engine;
use crate::net::{Network, Request};
use crate::trace::Trace;

/// Simulates every request of a network, in order.
pub fn simulate_all(net: &Network) -> Vec<Trace<'_>> {
    use rayon::prelude::*;
    net.requests
        .par_iter()
        .map(|r| engine::simulate(net, r))
        .collect()
}

/// Runs `work` (a simulation: [`engine::simulate`] or [`engine::ending`], and what to keep of it) on
/// `requests` (the network's, or a chunk streamed from its file) in chunks of [`CHUNK`], in
/// parallel within a chunk, and hands each chunk's results to `emit` in request order: the
/// output is the same whatever the number of threads, and memory holds one chunk, not every
/// trace.
pub fn simulate_each<T: Send>(
    requests: &[Request],
    work: impl Fn(&Request) -> T + Sync,
    mut emit: impl FnMut(Vec<T>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    for chunk in requests.chunks(CHUNK) {
        let done: Vec<T> = chunk.par_iter().map(&work).collect();
        emit(done)?;
    }
    Ok(())
}

/// Requests read, resolved and simulated together: the streaming reader's chunk, and
/// [`simulate_each`]'s and [`render_each`]'s.
pub use crate::load::CHUNK;

/// Requests whose text [`render_each`] writes into one buffer.
const LINES: usize = 64;

/// Runs `render` (a simulation written as text: a JSON line, a text trace) on `requests` as
/// [`simulate_each`] does, but writes the requests' texts into buffers of [`LINES`] requests
/// each, and hands `emit` each chunk's buffers in request order with the number of requests
/// they hold. The `buffers` are the caller's, to be reused from call to call (a streamed file
/// calls once per chunk it reads): a streamed run writes gigabytes, and a buffer per request,
/// or per call, would allocate and fault in fresh memory for every one of them.
pub fn render_each(
    requests: &[Request],
    buffers: &mut Vec<Vec<u8>>,
    render: impl Fn(&Request, &mut Vec<u8>) + Sync,
    mut emit: impl FnMut(usize, &[Vec<u8>]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    for chunk in requests.chunks(CHUNK) {
        let parts = chunk.len().div_ceil(LINES);
        // A trace takes one to two kilobytes.
        buffers.resize_with(parts.max(buffers.len()), || {
            Vec::with_capacity(LINES * 2048)
        });
        let used = &mut buffers[..parts];
        used.par_iter_mut()
            .zip(chunk.par_chunks(LINES))
            .for_each(|(buffer, part)| {
                buffer.clear();
                for r in part {
                    render(r, buffer);
                }
            });
        emit(chunk.len(), used)?;
    }
    Ok(())
}
