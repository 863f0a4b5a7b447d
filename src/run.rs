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

/// Runs `work` (a simulation, [`engine::simulate`] or [`engine::ending`], and what to keep of
/// it) on `requests` (the network's, or a chunk streamed from its file) in chunks of [`CHUNK`],
/// in parallel within a chunk, and hands each chunk's results to `emit` in request order: the
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

/// Buffers for [`render_each`] made large enough at once for traces of about `trace_bytes`
/// each (a pretty-printed JSON trace is ~4 KB): a buffer that grows is reallocated on whichever
/// worker thread writes into it, and mimalloc keeps the pages such reallocations free across
/// threads (a million JSON traces: 1.1 GB resident instead of 0.3 GB).
pub fn render_buffers(trace_bytes: usize) -> Vec<Vec<u8>> {
    (0..CHUNK.div_ceil(LINES))
        .map(|_| Vec::with_capacity(LINES * trace_bytes))
        .collect()
}

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

/// How [`file`] read a file.
#[derive(Debug)]
pub enum Read {
    /// Whole: the network's warnings are all the file's warnings.
    Whole,
    /// As a stream: besides the network's warnings (those of the scenario before its requests),
    /// the warnings that depend on the requests, found as they were read.
    Streamed(crate::validate::RequestWarnings),
}

/// Why [`file`] stopped.
#[derive(Debug)]
pub enum FileError {
    /// The file could not be read, or describes something AWS would refuse.
    Input(crate::error::Error),
    /// The caller could not write what it made of the requests (a closed pipe, say).
    Output(std::io::Error),
}

/// Reads the scenario at `path` and hands it over in file order: `on_network` gets the network
/// once, as soon as it is valid (`true` when the requests will come as a stream, so their number
/// is not known yet), then `on_requests` gets its requests in one or more chunks.
///
/// A file of at least `stream_min_bytes` is read as a stream when its shape allows it
/// ([`crate::load::stream_file`]): memory then holds the network and a few chunks of requests,
/// never all of them, and the requests are parsed while earlier ones are handled. Other files
/// are read whole ([`crate::load::load_file`]). An error in the callbacks stops the reading and
/// comes back as [`FileError::Output`].
pub fn file(
    path: &std::path::Path,
    stream_min_bytes: u64,
    on_network: impl FnOnce(&Network, bool) -> std::io::Result<()>,
    on_requests: impl FnMut(&Network, &[Request]) -> std::io::Result<()>,
) -> Result<Read, FileError> {
    let list = crate::validate::MAX_LISTED_WARNINGS;
    file_listing(path, stream_min_bytes, list, on_network, on_requests)
}

/// [`file`], listing up to `list` of a streamed file's warnings that depend on its requests
/// (`usize::MAX`: every one, as the JSON report gives them) before counting the rest.
pub fn file_listing(
    path: &std::path::Path,
    stream_min_bytes: u64,
    list: usize,
    on_network: impl FnOnce(&Network, bool) -> std::io::Result<()>,
    mut on_requests: impl FnMut(&Network, &[Request]) -> std::io::Result<()>,
) -> Result<Read, FileError> {
    file_keeping(path, stream_min_bytes, list, on_network, |net, chunk| {
        on_requests(net, &chunk)
    })
    .map(|(read, _)| read)
}

/// [`file_listing`], handing the requests over as they are (a chunk's requests may be kept)
/// and the network back, without its requests, once every request has been read and found
/// valid: what is drawn of the network after its requests, or simulated again, without a copy.
pub fn file_keeping(
    path: &std::path::Path,
    stream_min_bytes: u64,
    list: usize,
    on_network: impl FnOnce(&Network, bool) -> std::io::Result<()>,
    mut on_requests: impl FnMut(&Network, Vec<Request>) -> std::io::Result<()>,
) -> Result<(Read, Network), FileError> {
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= stream_min_bytes);
    let mut on_network = Some(on_network);
    if large {
        // A failed write is the output's problem, not the file's: kept apart from the reader's.
        let mut write_error = None;
        let mut stop = |e: std::io::Error| {
            let stopped = std::io::Error::new(e.kind(), "the output was closed");
            write_error = Some(e);
            stopped
        };
        let streamed = crate::load::stream_file_keeping(
            path,
            list,
            |net| match on_network.take() {
                Some(f) => f(net, true),
                None => Ok(()),
            },
            |net, chunk| on_requests(net, chunk).map_err(&mut stop),
        );
        if let Some(e) = write_error {
            return Err(FileError::Output(e));
        }
        match streamed {
            Ok(Some((warnings, net))) => return Ok((Read::Streamed(warnings), net)),
            Ok(None) => {}
            Err(e) => return Err(FileError::Input(e)),
        }
    }
    let net = crate::load::load_file(path).map_err(FileError::Input)?;
    if let Some(f) = on_network.take() {
        f(&net, false).map_err(FileError::Output)?;
    }
    let mut net = net;
    let requests = std::mem::take(&mut net.requests);
    on_requests(&net, requests).map_err(FileError::Output)?;
    Ok((Read::Whole, net))
}
