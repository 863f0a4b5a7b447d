//! `vpcpath run`: every request's trace as text, JSON, JSON Lines or Markdown, or a summary;
//! large files streamed through the library's [`vpcpath::run`].

use super::*;

pub(super) fn run(
    out: &mut dyn Write,
    paths: &[PathBuf],
    format: Format,
    color: ColorChoice,
    summary: bool,
    only: &Only,
) -> io::Result<Status> {
    if summary || matches!(format, Format::Text | Format::Jsonl) {
        return run_streaming(out, paths, format, color, summary, only);
    }
    if format == Format::Json {
        return run_json(out, paths, only);
    }
    run_markdown(out, paths)
}

/// `run --request NAME`: the one request of each file that has it; whether one was met.
pub(super) struct Only {
    name: Option<String>,
    /// Whether a file read had it, and whether the file being read has.
    met: std::cell::Cell<bool>,
    in_file: std::cell::Cell<bool>,
}

impl Only {
    pub(super) fn new(name: Option<String>) -> Only {
        Only {
            name,
            met: std::cell::Cell::new(false),
            in_file: std::cell::Cell::new(false),
        }
    }

    /// The request's name, if one is asked for.
    pub(super) fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// A new file is read.
    pub(super) fn begin(&self) {
        self.in_file.set(false);
    }

    /// Whether the file read is left out of the report: it has not the request named.
    pub(super) fn skips(&self) -> bool {
        self.name.is_some() && !self.in_file.get()
    }

    /// The requests of `chunk` to run: all, or the one named.
    pub(super) fn of<'c>(&self, chunk: &'c [vpcpath::net::Request]) -> &'c [vpcpath::net::Request] {
        let Some(name) = &self.name else {
            return chunk;
        };
        match chunk.iter().position(|r| &r.name == name) {
            Some(i) => {
                self.met.set(true);
                self.in_file.set(true);
                &chunk[i..=i]
            }
            None => &[],
        }
    }

    /// The status of a run: bad input too when the request named is in no file read (said on
    /// stderr, with the closest name of the first file).
    pub(super) fn check(&self, code: io::Result<Status>, paths: &[PathBuf]) -> io::Result<Status> {
        let (Some(name), Ok(status)) = (&self.name, &code) else {
            return code;
        };
        if self.met.get() || *status == Status::BadInput {
            return code;
        }
        let first = vpcpath::load::discover(paths)
            .ok()
            .and_then(|f| f.into_iter().next());
        match first
            .as_deref()
            .and_then(|p| load_one(p).map(|net| (p.to_path_buf(), net)))
        {
            Some((p, net)) => {
                find_request(&net, name, &p);
            }
            None => say!("error: no file has a request named `{name}`"),
        }
        Ok(Status::BadInput)
    }
}

/// The JSON report: one document, but written a file at a time and its traces as they are
/// simulated, a large file read as a stream, so that memory holds one network and a chunk of
/// requests and traces (the same bytes as rendering the whole report). The warnings follow the
/// traces: a streamed file knows its requests' at the end; every one is listed.
fn run_json(out: &mut dyn Write, paths: &[PathBuf], only: &Only) -> io::Result<Status> {
    // No file found is the empty document, as the whole report of nothing.
    let found = discover(out, paths)?;
    let mut bad = found.is_none();
    let files = found.unwrap_or_default();
    let mut doc = vpcpath::report::json::Document::default();
    let mut buffers = vpcpath::run::render_buffers(8 * 1024);
    for path in &files {
        let file = path.display().to_string();
        let mut header: Option<Report> = None;
        // Both callbacks write: the document and the output are shared between them.
        let cell = std::cell::RefCell::new((&mut doc, &mut *out));
        let read = vpcpath::run::file_listing(
            path,
            stream_min_bytes(),
            usize::MAX,
            |net, _| {
                let h = Report::header(&file, net);
                let mut c = cell.borrow_mut();
                let (d, o) = &mut *c;
                d.file(*o, &h)?;
                header = Some(h);
                Ok(())
            },
            |net, chunk| {
                vpcpath::run::render_each(
                    only.of(chunk),
                    &mut buffers,
                    |r, buf| {
                        vpcpath::report::json::Document::trace(
                            buf,
                            &vpcpath::engine::simulate(net, r),
                        )
                    },
                    |_, written| {
                        let mut c = cell.borrow_mut();
                        let (d, o) = &mut *c;
                        d.traces(*o, written)
                    },
                )
            },
        );
        let (doc, out) = cell.into_inner();
        match read {
            Ok(read) => {
                let h = header.expect("a file read has a network");
                let late = match read {
                    vpcpath::run::Read::Streamed(late) => late.listed,
                    vpcpath::run::Read::Whole => Vec::new(),
                };
                doc.end_file(out, &h, &late)?;
            }
            Err(vpcpath::run::FileError::Output(e)) => return Err(e),
            Err(vpcpath::run::FileError::Input(e)) => {
                // A file whose report began (a bad request late in a streamed file) is closed
                // without its warnings: the error is on stderr, and the document stays whole.
                if let Some(h) = header {
                    doc.end_file(out, &h, &[])?;
                }
                out.flush()?;
                print_error(&e);
                bad = true;
            }
        }
    }
    doc.finish(out)?;
    Ok(Status::of(bad, false))
}

/// The text, JSON Lines and summary reports: one file at a time, requests simulated in
/// parallel chunks and written in order as they are done, so memory holds one file and one
/// chunk of traces.
pub(super) fn run_streaming(
    out: &mut dyn Write,
    paths: &[PathBuf],
    format: Format,
    color: ColorChoice,
    summary: bool,
    only: &Only,
) -> io::Result<Status> {
    let Some(files) = discover(out, paths)? else {
        return Ok(Status::BadInput);
    };
    let style = Style {
        color: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => io::stdout().is_terminal() && !no_color(),
        },
    };
    let mut bad = false;
    for (i, path) in files.iter().enumerate() {
        let file = path.display().to_string();
        let mut sink = if summary {
            Sink::Summary(vpcpath::report::summary::Counts::default())
        } else if format == Format::Jsonl {
            Sink::Jsonl(Vec::new())
        } else {
            Sink::Text(style, Vec::new())
        };
        // Large files are read as a stream (when their shape allows it, see `load::stream_file`).
        let min = stream_min_bytes();
        let progress = std::cell::RefCell::new(indicatif::ProgressBar::hidden());
        let mut name = String::new();
        let mut head_warnings = 0;
        // The text report's header goes before the first trace (a file whose first requests
        // are invalid prints no header, only its errors).
        let header: std::cell::Cell<Option<Report>> = std::cell::Cell::new(None);
        let text_style = match sink {
            Sink::Text(style, _) => Some(style),
            _ => None,
        };
        // JSON Lines carry the file's warnings as lines of their own, after its traces.
        let mut head_diagnostics: Vec<report::ReportDiagnostic> = Vec::new();
        let jsonl = matches!(sink, Sink::Jsonl(_));
        let write_header = |out: &mut dyn Write| match (header.take(), text_style) {
            (Some(h), Some(style)) => {
                if i > 0 {
                    writeln!(out)?;
                }
                report::text::header(out, &h, style)
            }
            _ => Ok(()),
        };
        only.begin();
        let read = vpcpath::run::file(
            path,
            min,
            |net, streamed| {
                name = net.name.clone();
                head_warnings = net.warnings.len();
                let h = Report::header(&file, net);
                if jsonl {
                    head_diagnostics = h.diagnostics.clone();
                }
                header.set(Some(h));
                *progress.borrow_mut() = progress_bar((!streamed).then_some(net.requests.len()));
                Ok(())
            },
            |net, chunk| {
                let chosen = only.of(chunk);
                if only.skips() {
                    return Ok(());
                }
                write_header(out)?;
                sink.emit(out, &file, net, chosen, &progress.borrow())
            },
        );
        progress.borrow().finish_and_clear();
        if only.skips() && read.is_ok() {
            continue;
        }
        let late = match read {
            Ok(vpcpath::run::Read::Whole) => None,
            Ok(vpcpath::run::Read::Streamed(warnings)) => Some(warnings),
            Err(vpcpath::run::FileError::Output(e)) => return Err(e),
            Err(vpcpath::run::FileError::Input(e)) => {
                out.flush()?;
                print_error(&e);
                bad = true;
                continue;
            }
        };
        write_header(out)?;
        let mut warnings = head_warnings;
        let mut listed_late = Vec::new();
        if let Some(late) = late {
            listed_late = late.listed.iter().map(Into::into).collect();
            if let Sink::Text(style, _) = sink {
                report::text::request_warnings(out, &file, &listed_late, late.more, style)?;
            }
            warnings += late.listed.len() + late.more;
        }
        if let Sink::Jsonl(_) = sink {
            head_diagnostics.append(&mut listed_late);
            report::json::warning_lines(out, &file, &mut head_diagnostics, warnings)?;
        }
        sink.finish(out, &file, &name, format, warnings)?;
    }
    Ok(Status::of(bad, false))
}

/// The size from which files are read as a stream: [`STREAM_MIN_BYTES`], or the environment
/// variable `VPCPATH_STREAM_MIN_BYTES` (for tests).
pub(super) fn stream_min_bytes() -> u64 {
    std::env::var("VPCPATH_STREAM_MIN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(STREAM_MIN_BYTES)
}

/// Files at least this large are read as a stream by `run` in text, `--format jsonl` and
/// `--summary`, by `test` and by `check` (the environment variable `VPCPATH_STREAM_MIN_BYTES` overrides it, for tests).
pub(super) const STREAM_MIN_BYTES: u64 = 8 * 1024 * 1024;

/// What a streaming run does with the traces, chunk by chunk.
pub(super) enum Sink {
    /// Counts them.
    Summary(vpcpath::report::summary::Counts),
    /// Writes a JSON line each (into buffers kept from chunk to chunk).
    Jsonl(Vec<Vec<u8>>),
    /// Writes each as text (into buffers kept from chunk to chunk).
    Text(Style, Vec<Vec<u8>>),
}

impl Sink {
    pub(super) fn emit(
        &mut self,
        out: &mut dyn Write,
        file: &str,
        net: &vpcpath::net::Network,
        requests: &[vpcpath::net::Request],
        progress: &indicatif::ProgressBar,
    ) -> io::Result<()> {
        use vpcpath::run::{render_each, simulate_each};
        let mut write = |n: usize, buffers: &[Vec<u8>]| {
            progress.inc(n as u64);
            buffers.iter().try_for_each(|b| out.write_all(b))
        };
        match self {
            Sink::Summary(counts) => simulate_each(
                requests,
                |r| vpcpath::report::summary::Seen::of(vpcpath::engine::ending(net, r)),
                |done| {
                    progress.inc(done.len() as u64);
                    counts.add(done);
                    Ok(())
                },
            ),
            Sink::Jsonl(buffers) => render_each(
                requests,
                buffers,
                |r, buf| {
                    vpcpath::report::json::write_line(buf, file, &vpcpath::engine::simulate(net, r))
                },
                &mut write,
            ),
            Sink::Text(style, buffers) => {
                let style = *style;
                render_each(
                    requests,
                    buffers,
                    |r, buf| {
                        report::text::trace(buf, &vpcpath::engine::simulate(net, r), style);
                    },
                    &mut write,
                )
            }
        }
    }

    /// Writes what comes after the traces: the counts of a summary, with the number of
    /// `warnings` about the file.
    pub(super) fn finish(
        &mut self,
        out: &mut dyn Write,
        file: &str,
        name: &str,
        format: Format,
        warnings: usize,
    ) -> io::Result<()> {
        match self {
            Sink::Summary(counts) => {
                counts.warnings = warnings;
                match format {
                    Format::Json | Format::Jsonl => {
                        vpcpath::report::summary::json(out, file, counts)
                    }
                    _ => vpcpath::report::summary::text(out, file, name, counts),
                }
            }
            _ => Ok(()),
        }
    }
}

/// A progress bar on stderr for long runs, when stderr is a terminal; hidden otherwise.
pub(super) fn progress_bar(requests: Option<usize>) -> indicatif::ProgressBar {
    if requests.is_some_and(|n| n < 20_000) || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let Some(requests) = requests else {
        // A streamed file: the number of requests is not known in advance.
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} requests ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        return spinner;
    };
    let bar = indicatif::ProgressBar::new(requests as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} requests ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
