//! The other subcommands: `test`, `check`, `fix`, `graph` and `schema`.

use super::*;

pub(super) fn test(
    out: &mut dyn Write,
    paths: &[PathBuf],
    request: Option<String>,
    quiet: bool,
) -> io::Result<Status> {
    let only = super::run::Only::new(request);
    let mut hidden = 0;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let (passed, failed, skipped) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let mut buffers = Vec::new();
    // Each request's verdict is written as it is simulated, and its trace dropped: memory holds
    // the network and a chunk of requests, never every trace of a file.
    let bad = each_file(
        out,
        (paths, quiet),
        only.name(),
        |out, file, net, chunk| {
            vpcpath::run::render_each(
                only.of(chunk),
                &mut buffers,
                |req, buf| {
                    let trace = vpcpath::engine::simulate(net, req);
                    let _ = verdict(buf, file, req, &trace, [&passed, &failed, &skipped]);
                },
                |_, written| written.iter().try_for_each(|b| out.write_all(b)),
            )
        },
        |_, _, warnings| {
            hidden += warnings;
            Ok(())
        },
    )?;
    let (passed, failed, skipped) = (
        passed.load(Relaxed),
        failed.load(Relaxed),
        skipped.load(Relaxed),
    );
    let mut tally = format!("{passed} passed, {failed} failed");
    if skipped > 0 {
        tally.push_str(&format!(", {skipped} skipped"));
    }
    if quiet && hidden > 0 {
        let warnings = vpcpath::trace::count(hidden, "warning", "warnings");
        tally.push_str(&format!(", {warnings} not shown (--quiet)"));
    }
    if !bad.is_empty() {
        // Nothing (or not all) of those files was tested: say so, and which, rather than let
        // the count look clean.
        let files = if bad.len() == 1 { "file" } else { "files" };
        tally.push_str(&format!(
            "; {} {files} not tested, not found, unreadable or invalid (the errors are above): {}",
            bad.len(),
            bad.join(", ")
        ));
    }
    writeln!(out, "{tally}")?;
    only.check(Ok(Status::of(!bad.is_empty(), failed > 0)), paths)
}

/// Writes a request's verdict (`ok`, `FAIL` with what missed, or `skip`) and counts it in
/// `counts` (passed, failed, skipped).
fn verdict(
    buf: &mut Vec<u8>,
    file: &str,
    req: &vpcpath::net::Request,
    trace: &vpcpath::trace::Trace<'_>,
    counts: [&std::sync::atomic::AtomicUsize; 3],
) -> io::Result<()> {
    use std::sync::atomic::Ordering::Relaxed;
    let [passed, failed, skipped] = counts;
    let Some(expect) = &req.expect else {
        skipped.fetch_add(1, Relaxed);
        return writeln!(
            buf,
            "skip  {file} :: {}  (no expect; got {})",
            req.name,
            trace.outcome.summary()
        );
    };
    let misses = vpcpath::expect::check(trace, expect);
    if misses.is_empty() {
        passed.fetch_add(1, Relaxed);
        writeln!(
            buf,
            "ok    {file} :: {}  ({})",
            req.name,
            trace.outcome.summary()
        )
    } else {
        failed.fetch_add(1, Relaxed);
        writeln!(buf, "FAIL  {file} :: {}", req.name)?;
        for m in misses {
            writeln!(buf, "        {m}")?;
        }
        // Where it ended, and why: what `vpcpath run` shows of it, in a line.
        use vpcpath::trace::Outcome as O;
        let at = vpcpath::trace::Ending::of(trace).at;
        match &trace.outcome {
            O::Timeout { reason } => writeln!(buf, "        dropped at {at}: {reason}"),
            O::DnsFailure { reason } => writeln!(buf, "        DNS: {reason}"),
            O::TlsError { reason } => writeln!(buf, "        ended at {at}: {reason}"),
            O::Refused { reason } => writeln!(buf, "        refused at {at}: {reason}"),
            O::Http { .. } | O::Connected { .. } => writeln!(buf, "        answered by {at}"),
            O::Delivered { .. } => writeln!(buf, "        delivered to {at}"),
        }
    }
}

/// Reads each scenario file of `paths` in turn, as a stream when it is large (as `run` does),
/// handing its requests to `on_requests` chunk by chunk, prints its warnings on stderr, and
/// calls `on_done` with the number of warnings once a file is read whole and valid.
/// Returns the files that could not be read or were invalid (their errors printed).
fn each_file(
    out: &mut dyn Write,
    (paths, quiet): (&[PathBuf], bool),
    only: Option<&str>,
    mut on_requests: impl FnMut(
        &mut dyn Write,
        &str,
        &vpcpath::net::Network,
        &[vpcpath::net::Request],
    ) -> io::Result<()>,
    mut on_done: impl FnMut(&mut dyn Write, &str, usize) -> io::Result<()>,
) -> io::Result<Vec<String>> {
    let Some(files) = discover(out, paths)? else {
        let asked: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Ok(vec![asked.join(", ")]);
    };
    let min = super::run::stream_min_bytes();
    let mut bad = Vec::new();
    for path in &files {
        let file = path.display().to_string();
        let mut warnings = 0;
        let read = vpcpath::run::file(
            path,
            min,
            |net, _| {
                warnings = net.warnings.len();
                // With one request asked for, a file read whole that has not that request
                // is not spoken of (a streamed one's requests are not known yet).
                let elsewhere = only.is_some_and(|name| {
                    !net.requests.is_empty() && !net.requests.iter().any(|r| r.name == name)
                });
                if !elsewhere && !quiet {
                    print_warnings(&file, net);
                }
                Ok(())
            },
            |net, chunk| on_requests(&mut *out, &file, net, chunk),
        );
        match read {
            Ok(vpcpath::run::Read::Whole) => on_done(out, &file, warnings)?,
            Ok(vpcpath::run::Read::Streamed(late)) => {
                warnings += late.listed.len() + late.more;
                let listed: Vec<vpcpath::report::ReportDiagnostic> =
                    late.listed.iter().map(Into::into).collect();
                let style = vpcpath::report::text::Style { color: false };
                // On stderr: a closed one drops them, and the tests go on.
                let mut err = io::stderr();
                if !quiet {
                    let _ = vpcpath::report::text::request_warnings(
                        &mut err, &file, &listed, late.more, style,
                    );
                }
                on_done(out, &file, warnings)?;
            }
            Err(vpcpath::run::FileError::Output(e)) => return Err(e),
            Err(vpcpath::run::FileError::Input(e)) => {
                out.flush()?;
                print_error(&e);
                bad.push(file);
            }
        }
    }
    Ok(bad)
}

/// Loads one scenario file for the commands that take exactly one.
pub(super) fn load_one(path: &std::path::Path) -> Option<vpcpath::net::Network> {
    match vpcpath::load::load_file(path) {
        Ok(net) => Some(net),
        Err(e) => {
            print_error(&e);
            None
        }
    }
}

pub(super) fn fix(
    out: &mut dyn Write,
    path: &std::path::Path,
    request: Option<&str>,
    want: Option<u16>,
    format: FixFormat,
) -> io::Result<Status> {
    let want = match want {
        Some(s) => vpcpath::fix::Want::Status(s),
        None => vpcpath::fix::Want::Expect,
    };
    let Some(name) = request else {
        // Every failing request: the file is simulated as a stream first, and read whole only
        // if a request fails.
        let all = vpcpath::fix::suggest_file(path, super::run::stream_min_bytes(), want);
        return fix_render(out, path, all, format);
    };
    // The search reads the file itself; it is loaded here only to look at the one request
    // named (a large file's network is not held twice). A file that cannot be read is said as
    // the loader says it (a missing file, a file that is not UTF-8).
    let (Ok(text), Some(net)) = (vpcpath::load::read_text(path), load_one(path)) else {
        return Ok(Status::BadInput);
    };
    let Some(i) = find_request(&net, name, path) else {
        return Ok(Status::BadInput);
    };
    let t = &vpcpath::simulate(&net, &net.requests[i]);
    let expect = net.requests[i].expect.as_ref();
    // Without an expectation, fixed means a successful answer.
    let want = match want {
        vpcpath::fix::Want::Expect if expect.is_none() => vpcpath::fix::Want::Success,
        _ if !vpcpath::fix::fails(t, expect, want) => {
            let outcome = t.outcome.summary();
            writeln!(out, "{name}: already as wanted ({outcome}); nothing to fix")?;
            return Ok(Status::Done);
        }
        want => want,
    };
    drop(net);
    let all = vpcpath::fix::suggest(path, &text, Some(name), want);
    fix_render(out, path, all, format)
}

pub(super) fn fix_render(
    out: &mut dyn Write,
    path: &std::path::Path,
    all: Result<Vec<vpcpath::fix::RequestFixes>, vpcpath::Error>,
    format: FixFormat,
) -> io::Result<Status> {
    // A file the search could not read is said so, never reported as having nothing to fix.
    let all = match all {
        Ok(all) => all,
        Err(e) => {
            print_error(&e);
            return Ok(Status::BadInput);
        }
    };
    match format {
        FixFormat::Text => report::fixes::text(out, &path.display().to_string(), &all)?,
        FixFormat::Json => report::fixes::json(out, &all)?,
        FixFormat::Markdown => report::fixes::markdown(out, &all)?,
    }
    Ok(Status::of(false, all.iter().any(|r| r.fixes.is_empty())))
}

pub(super) fn graph(
    out: &mut dyn Write,
    path: &std::path::Path,
    format: GraphFormat,
    request: Option<&str>,
) -> io::Result<Status> {
    // The requests are read (as a stream when the file is large) only to validate them and to
    // find the one drawn, which alone is simulated; the network is drawn once they are valid,
    // its routes' edges made as they are written.
    let mut trace = None;
    let read = vpcpath::run::file_keeping(
        path,
        super::run::stream_min_bytes(),
        vpcpath::validate::MAX_LISTED_WARNINGS,
        |_, _| Ok(()),
        |net, chunk| {
            if let Some(name) = request
                && trace.is_none()
                && let Some(r) = chunk.iter().find(|r| r.name == name)
            {
                trace = Some(vpcpath::simulate(net, r).into_owned());
            }
            Ok(())
        },
    );
    let net = match read {
        Ok((_, net)) => net,
        Err(e) => return Ok(read_failed(Err(e))?.unwrap_or(Status::BadInput)),
    };
    if let Some(name) = request
        && trace.is_none()
    {
        // Rare: read the file again, whole, to say which names it has.
        drop(net);
        if let Some(net) = load_one(path) {
            find_request(&net, name, path);
        }
        return Ok(Status::BadInput);
    }
    let mut diagram = report::graph::Diagram::of(&net);
    if let Some(t) = &trace {
        diagram = diagram.with_trace(&net, t);
    }
    match format {
        GraphFormat::Mermaid => report::graph::write_mermaid(out, &diagram)?,
        GraphFormat::Dot => report::graph::write_dot(out, &diagram)?,
        GraphFormat::Svg => match report::graph::svg(&diagram) {
            Ok(svg) => out.write_all(svg.as_bytes())?,
            Err(why) => {
                say!(
                    "error: {why}\n  help: install Graphviz (`apt install graphviz`), or use --format dot or mermaid"
                );
                return Ok(Status::BadInput);
            }
        },
    }
    Ok(Status::Done)
}

pub(super) fn schema(out: &mut dyn Write) -> io::Result<Status> {
    let text = serde_json::to_string_pretty(&vpcpath::model::json_schema())
        .map_err(|e| io::Error::other(e.to_string()))?;
    writeln!(out, "{text}")?;
    Ok(Status::Done)
}

pub(super) fn check(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<Status> {
    // Requests are counted as they are validated, and dropped: a large file is checked as a
    // stream, as `run` reads it.
    let requests = std::cell::Cell::new(0);
    let bad = each_file(
        out,
        (paths, false),
        None,
        |_, _, _, chunk| {
            requests.set(requests.get() + chunk.len());
            Ok(())
        },
        |out, file, warnings| {
            let warnings = match warnings {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            let requests = vpcpath::trace::count(requests.take(), "request", "requests");
            writeln!(out, "ok    {file}  ({requests}{warnings})")
        },
    )?;
    Ok(Status::of(!bad.is_empty(), false))
}

/// How a one-file read ([`vpcpath::run::file`]) ended for a command that reads one file:
/// `Some(BadInput)` once the file's problems are printed, an error when the output failed,
/// `None` when it was read.
pub(super) fn read_failed(
    read: Result<vpcpath::run::Read, vpcpath::run::FileError>,
) -> io::Result<Option<Status>> {
    match read {
        Ok(_) => Ok(None),
        Err(vpcpath::run::FileError::Output(e)) => Err(e),
        Err(vpcpath::run::FileError::Input(e)) => {
            print_error(&e);
            Ok(Some(Status::BadInput))
        }
    }
}
