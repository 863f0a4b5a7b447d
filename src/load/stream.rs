//! Reading a large file as a stream: the requests parsed on a second thread while the scenario
//! before them is read and validated, and handed over in chunks, never all at once.

use super::*;

/// Requests the streaming reader hands over together: they are resolved and simulated together
/// too ([`crate::run`]).
pub const CHUNK: usize = 4096;

/// Requests read one by one from the `requests:` part of a file (see [`stream_file`]).
pub(crate) struct StreamedRequests;

/// What the reader's thread does with each chunk of requests it parsed: hands it over
/// (`false`: the receiver has stopped).
pub(crate) type ChunkSink = Box<dyn FnMut(Vec<crate::model::Sp<crate::model::Request>>) -> bool>;

thread_local! {
    static SINK: std::cell::RefCell<Option<ChunkSink>> = const { std::cell::RefCell::new(None) };
}

impl<'de> serde::Deserialize<'de> for StreamedRequests {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Seq;
        impl<'de> serde::de::Visitor<'de> for Seq {
            type Value = StreamedRequests;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of requests")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<StreamedRequests, A::Error> {
                let mut chunk = Vec::with_capacity(CHUNK);
                let send = |chunk: Vec<_>| {
                    SINK.with(|s| s.borrow_mut().as_mut().is_some_and(|sink| sink(chunk)))
                };
                while let Some(r) = seq.next_element()? {
                    chunk.push(r);
                    if chunk.len() == CHUNK
                        && !send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
                    {
                        return Err(serde::de::Error::custom("the reader stopped"));
                    }
                }
                if !chunk.is_empty() {
                    send(chunk);
                }
                Ok(StreamedRequests)
            }
        }
        d.deserialize_seq(Seq)
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RequestsPart {
    #[allow(dead_code)]
    pub(crate) requests: StreamedRequests,
}

/// Reads a large file as a stream: the requests are parsed on a second thread from the start,
/// while the scenario before `requests:` is read, validated and handed to `on_network`; then
/// the caller's `on_chunk` gets the requests resolved, in file order, in chunks. Memory holds
/// the text, the network and a few chunks, never every request. `Ok(None)`: the file's shape
/// does not allow streaming (see [`requests_start`]); read it with [`load_file`] instead.
/// `Ok(Some(..))`: the warnings that depend on the requests (the others are the network's).
/// A request that is invalid is reported at the end, with every other problem; chunks before it
/// have been handed over.
pub fn stream_file(
    path: &Path,
    on_network: impl FnOnce(&Network) -> std::io::Result<()>,
    on_chunk: impl FnMut(&Network, Vec<crate::net::Request>) -> std::io::Result<()>,
) -> Result<Option<RequestWarnings>, Error> {
    stream_file_listing(
        path,
        crate::validate::MAX_LISTED_WARNINGS,
        on_network,
        on_chunk,
    )
}

/// [`stream_file`], listing up to `list` of the warnings that depend on the requests
/// (`usize::MAX`: every one) before counting the rest.
pub fn stream_file_listing(
    path: &Path,
    list: usize,
    on_network: impl FnOnce(&Network) -> std::io::Result<()>,
    on_chunk: impl FnMut(&Network, Vec<crate::net::Request>) -> std::io::Result<()>,
) -> Result<Option<RequestWarnings>, Error> {
    Ok(stream_file_keeping(path, list, on_network, on_chunk)?.map(|(warnings, _)| warnings))
}

/// [`stream_file_listing`], handing the network back once every request has been read and
/// found valid (what `graph` draws after the requests are checked, without a copy of it).
pub fn stream_file_keeping(
    path: &Path,
    list: usize,
    on_network: impl FnOnce(&Network) -> std::io::Result<()>,
    mut on_chunk: impl FnMut(&Network, Vec<crate::net::Request>) -> std::io::Result<()>,
) -> Result<Option<(RequestWarnings, Network)>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    check_size(path, std::fs::metadata(path).map_err(io)?.len())?;
    let Some(Parts { head, part }) = read_parts(path)? else {
        return Ok(None);
    };
    // The text is read again to quote the problems (the scenario's is dropped once parsed).
    let invalid = |diagnostics: Vec<Diagnostic>| Error::Invalid {
        path: path.to_path_buf(),
        text: super::input::reread(path),
        diagnostics,
    };
    let line_offset = head.lines;
    let shift = |mut d: Diagnostic| {
        if d.pos.line > 0 {
            d.pos.line = d.pos.line.saturating_add(line_offset);
        }
        d
    };
    let part = part.as_str();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut written: std::io::Result<()> = Ok(());
    let mut checker = None;
    // A file that takes its network from another (`network:`): the network file's problems,
    // or this file's with it, as `load_file` reports them.
    let mut network_failed: Option<Error> = None;
    let gate = Arc::new(Gate::new(head_ahead(part.len())));
    let parsed = std::thread::scope(|scope| {
        // The reader parses the requests from the start, while this thread reads and
        // validates the scenario before them: it may run `head_ahead` chunks ahead until the
        // network is ready, then READ_AHEAD (memory holds those chunks, not every request).
        let (tx, rx) = std::sync::mpsc::channel::<Vec<crate::model::Sp<crate::model::Request>>>();
        let reader_gate = Arc::clone(&gate);
        let parser = scope.spawn(move || {
            let mut send = move |chunk| reader_gate.enter() && tx.send(chunk).is_ok();
            // Requests written one to a line are read without the YAML library; it reads the
            // rest, from the last line read fast, at the same lines (the others left blank).
            let rest: std::borrow::Cow<str> =
                match super::fast::one_line_requests(part, CHUNK, &mut send) {
                    super::fast::Stop::Done => return Ok(()),
                    super::fast::Stop::Stopped => {
                        return Err(serde::de::Error::custom("the reader stopped"));
                    }
                    super::fast::Stop::At { offset: 0, .. } => part.into(),
                    super::fast::Stop::At { offset, line } => {
                        let blank = "\n".repeat(line.saturating_sub(2) as usize);
                        format!("requests:\n{blank}{}", &part[offset..]).into()
                    }
                };
            let sink: ChunkSink = Box::new(send);
            SINK.with(|s| *s.borrow_mut() = Some(sink));
            let r = serde_saphyr::from_str_with_options::<RequestsPart>(
                &rest,
                yaml_options(rest.len()),
            );
            SINK.with(|s| *s.borrow_mut() = None);
            r.map(|_| ())
        });
        let parsed = head.parse();
        // A file that takes its network from another is that network with this file's
        // additions laid over it (as `load_file` reads it), and its requests streamed; the
        // warnings the network file gives alone are its own, not repeated here.
        // A network validated once (`None`: twice, alone first) is the network file's own but
        // for its name: every warning of it is the network file's. Should it fail, the network
        // file is checked alone after all, to say its problems as its own (`replay`: this
        // file's scenario and text, small when it adds nothing to the network).
        let mut alone: Option<Vec<Diagnostic>> = None;
        let mut once = false;
        let mut replay: Option<(Scenario, String)> = None;
        let parsed = match parsed {
            Ok(s) if let Some(network) = s.network.clone() => {
                // The text before the requests, read again: a file that takes its network
                // from another is small but for its requests.
                let text = match head.text() {
                    Ok(text) => text,
                    Err(e) => {
                        network_failed = Some(io(e));
                        gate.close();
                        return Err(Vec::new());
                    }
                };
                if super::network::adds_nothing(&s) {
                    replay = Some((s.clone(), text.clone()));
                }
                match super::merged(path, &text, s, &network, true) {
                    Ok((whole, warnings)) => {
                        once = warnings.is_none();
                        alone = warnings;
                        Ok(whole)
                    }
                    Err(e) => {
                        network_failed = Some(replayed(path, replay.take()).unwrap_or(e));
                        Err(Vec::new())
                    }
                }
            }
            other => other,
        };
        let head = parsed.and_then(validate::validate_head);
        let head = head.map(|(mut net, mut checker)| {
            if once {
                net.warnings.clear();
                // The zones no request may yet ask are the network file's warnings already.
                let zones = std::mem::take(&mut checker.zones);
                checker.known(zones.warnings());
            } else if let Some(alone) = alone {
                super::not_the_networks(&mut net.warnings, &alone);
                checker.known(alone);
            }
            (net, checker)
        });
        if once && head.is_err() {
            network_failed = replayed(path, replay.take());
        }
        let (net, head_checker) = match head {
            Ok(validated) => validated,
            Err(diagnostics) => {
                gate.close();
                return Err(diagnostics);
            }
        };
        if let Err(e) = on_network(&net) {
            gate.close();
            return Ok((parser.join(), Err(e), None));
        }
        gate.limit(READ_AHEAD);
        let checker = checker.insert(head_checker);
        checker.list(list);
        // Each chunk is resolved (serially: names are checked against every earlier one) on a
        // worker of the pool while the chunk before it is simulated and written: the pipeline
        // keeps both cores busy even when the reader is ahead.
        let mut pending: Option<Vec<crate::net::Request>> = None;
        for chunk in rx.iter() {
            let mut resolved = Vec::with_capacity(chunk.len());
            let mut found: Vec<Diagnostic> = Vec::new();
            let net = &net;
            rayon::in_place_scope(|s| {
                s.spawn(|_| {
                    for r in &chunk {
                        match checker.check(net, r) {
                            Ok(req) => resolved.push(req),
                            Err(ds) => found.extend(ds),
                        }
                    }
                });
                if let Some(previous) = pending.take()
                    && written.is_ok()
                    && problems.is_empty()
                {
                    written = on_chunk(net, previous);
                }
            });
            problems.extend(found.into_iter().map(shift));
            pending = Some(resolved);
            gate.leave();
            if written.is_err() {
                // The output is gone (a closed pipe): no need to read the rest.
                gate.close();
                break;
            }
        }
        if let Some(last) = pending
            && written.is_ok()
            && problems.is_empty()
        {
            written = on_chunk(&net, last);
        }
        Ok((parser.join(), Ok(()), Some(net)))
    });
    if let Some(e) = network_failed {
        return Err(e);
    }
    let (parsed, network_written, net) = parsed.map_err(invalid)?;
    network_written.map_err(io)?;
    written.map_err(io)?;
    match parsed {
        Ok(Ok(())) => {}
        Ok(Err(e)) => problems.push(shift(yaml_diagnostic(&e, part))),
        Err(_) => problems.push(Diagnostic::new(
            Code::Internal,
            Pos::default(),
            "the request reader failed",
        )),
    }
    match (checker, net) {
        (Some(checker), Some(net)) if problems.is_empty() => Ok(Some((checker.finish(shift), net))),
        _ => {
            problems.sort_by_key(|d| d.pos);
            Err(invalid(problems))
        }
    }
}

/// [`super::network::alone_failed`] of a streamed file's scenario and the text before its
/// requests.
fn replayed(path: &Path, replay: Option<(Scenario, String)>) -> Option<Error> {
    let (s, text) = replay?;
    super::network::alone_failed(path, &text, Some(s))
}

/// Chunks of requests the reader may parse ahead while the scenario before them is validated,
/// and afterwards. 48 chunks are about the second the large generated file's scenario takes to
/// read and validate, and ~50 MB of memory (a request waiting to be resolved is ~250 bytes with
/// its strings), held while the rest of the run holds less.
pub(crate) const HEAD_AHEAD: usize = 48;
/// One chunk may be parsed ahead while the scenario is validated per this much text of
/// requests: about a fifth of a file's requests (a chunk of generated requests is ~400 KB of
/// text), between [`READ_AHEAD`] and [`HEAD_AHEAD`] chunks. In a file
/// that is mostly network all its requests would otherwise be read ahead, held while the
/// network is built (on a 70 MB file, 30 MB more at its peak); in one that is mostly requests
/// the reader is ahead by as much as it needs.
const AHEAD_TEXT: usize = 2 << 20;

/// How many chunks the reader may parse ahead of a scenario whose requests are `len` bytes.
pub(crate) fn head_ahead(len: usize) -> usize {
    (len / AHEAD_TEXT).clamp(READ_AHEAD, HEAD_AHEAD)
}

pub(crate) const READ_AHEAD: usize = 4;

/// How many chunks the reader may have handed over and not yet taken.
pub(crate) struct Gate {
    pub(crate) state: std::sync::Mutex<GateState>,
    pub(crate) changed: std::sync::Condvar,
}

pub(crate) struct GateState {
    pub(crate) in_flight: usize,
    pub(crate) limit: usize,
    pub(crate) closed: bool,
}

impl Gate {
    pub(crate) fn new(limit: usize) -> Gate {
        Gate {
            state: std::sync::Mutex::new(GateState {
                in_flight: 0,
                limit,
                closed: false,
            }),
            changed: std::sync::Condvar::new(),
        }
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The reader waits for room for one more chunk; `false`: the receiver has stopped.
    pub(crate) fn enter(&self) -> bool {
        let mut s = self.lock();
        while s.in_flight >= s.limit && !s.closed {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        if s.closed {
            return false;
        }
        s.in_flight += 1;
        true
    }

    /// A chunk was taken.
    pub(crate) fn leave(&self) {
        self.lock().in_flight -= 1;
        self.changed.notify_all();
    }

    pub(crate) fn limit(&self, limit: usize) {
        self.lock().limit = limit;
        self.changed.notify_all();
    }

    /// The receiver stops: the reader stops at its next chunk.
    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }
}
