//! The review document (`vpcpath run --format markdown`) of one scenario file, simulated and
//! written in one pass. A file read whole is one report; a large file is read as a stream, so
//! that memory holds its network and a chunk of traces, never every trace: its table is written
//! as the requests are simulated, their sections kept in a temporary file until the table and
//! the fixes are written.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::Report;
use crate::error::Error;

/// Writes the review document of the scenario at `path` to `out`: read whole when it is
/// smaller than `stream_min_bytes`, else as a stream. `begun` says whether a document was
/// written before (this one is then set apart by a blank line), and is set. The outer `Err` is
/// a failed write; the inner one a file that cannot be read or is refused.
pub fn write_file(
    out: &mut dyn Write,
    path: &Path,
    stream_min_bytes: u64,
    begun: &mut bool,
) -> io::Result<Result<(), Error>> {
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= stream_min_bytes);
    if large {
        streamed(out, path, stream_min_bytes, begun)
    } else {
        whole(out, path, begun)
    }
}

/// The fixes of a file's requests whose expectations fail, searched in the file read whole.
fn fixes(path: &Path) -> Vec<crate::fix::RequestFixes> {
    let text = crate::load::read_text(path).unwrap_or_default();
    crate::fix::suggest(path, &text, None, crate::fix::Want::Expect).unwrap_or_default()
}

/// A blank line before a report when one has begun already; the next is after this one.
fn gap(out: &mut dyn Write, begun: &mut bool) -> io::Result<()> {
    if std::mem::replace(begun, true) {
        writeln!(out)?;
    }
    Ok(())
}

fn whole(out: &mut dyn Write, path: &Path, begun: &mut bool) -> io::Result<Result<(), Error>> {
    let net = match crate::load::load_file(path) {
        Ok(net) => net,
        Err(e) => return Ok(Err(e)),
    };
    let file = path.display().to_string();
    let mut r = Report::new(&file, &net, crate::run::simulate_all(&net));
    r.review = Some(super::Review::new(&net, fixes(path)));
    gap(out, begun)?;
    super::markdown::render(out, std::slice::from_ref(&r))?;
    Ok(Ok(()))
}

/// A large file's report, in the order of a whole one's except that the warnings its
/// requests raise (known once every request is read) follow the table instead of preceding it.
/// Each request is simulated once: its row is written, its section kept in a file of the
/// system's temporary directory until the table and the fixes are written. Without such a file
/// the requests are read a second time for their sections.
fn streamed(
    out: &mut dyn Write,
    path: &Path,
    min: u64,
    begun: &mut bool,
) -> io::Result<Result<(), Error>> {
    let file = path.display().to_string();
    let failing = std::sync::atomic::AtomicBool::new(false);
    let mut spill = Spill::new();
    let mut pipeline = Pipeline::default();
    // Both callbacks write.
    let out = std::cell::RefCell::new(out);
    let read = crate::run::file_listing(
        path,
        min,
        usize::MAX,
        |net, _| {
            let mut out = out.borrow_mut();
            gap(*out, begun)?;
            super::markdown::head(*out, &Report::header(&file, net))?;
            super::markdown::diagram(*out, net)?;
            super::markdown::table_head(*out)
        },
        |net, chunk| {
            let sections = spill.as_mut().map(|s| &mut s.file as &mut dyn Write);
            let out = &mut **out.borrow_mut();
            rows_and_sections(net, chunk, &mut pipeline, &failing, out, sections)
        },
    );
    let out = out.into_inner();
    if !matches!(read, Err(crate::run::FileError::Output(_))) {
        let sections = spill.as_mut().map(|s| &mut s.file as &mut dyn Write);
        pipeline.write(out, sections)?;
    }
    drop(pipeline);
    let late = match read {
        Ok(crate::run::Read::Streamed(late)) => late.listed,
        Ok(crate::run::Read::Whole) => Vec::new(),
        Err(crate::run::FileError::Output(e)) => return Err(e),
        Err(crate::run::FileError::Input(e)) => return Ok(Err(e)),
    };
    let late: Vec<super::ReportDiagnostic> = late.into_iter().map(Into::into).collect();
    super::markdown::warnings(out, &late)?;
    drop(late);
    let fixes = if failing.into_inner() {
        fixes(path)
    } else {
        Vec::new()
    };
    super::markdown::fixes(out, &fixes)?;
    drop(fixes);
    if let Some(spill) = &mut spill {
        spill.copy_to(out)?;
        return Ok(Ok(()));
    }
    let mut buffers = crate::run::render_buffers(2048);
    let read = crate::run::file(
        path,
        min,
        |_, _| Ok(()),
        |net, chunk| {
            crate::run::render_each(
                chunk,
                &mut buffers,
                |r, buf| {
                    let _ = super::markdown::section(buf, &crate::engine::simulate(net, r));
                },
                |_, written| write_all(out, written),
            )
        },
    );
    match read {
        Ok(_) => Ok(Ok(())),
        Err(crate::run::FileError::Output(e)) => Err(e),
        Err(crate::run::FileError::Input(e)) => Ok(Err(e)),
    }
}

/// Requests whose rows and sections are written into one pair of buffers.
const LINES: usize = 64;

/// Rows and sections of requests, in pairs of buffers of [`LINES`] requests: those of a chunk
/// being simulated, and those of the chunk before, written meanwhile.
#[derive(Default)]
struct Pipeline {
    next: Vec<(Vec<u8>, Vec<u8>)>,
    ready: Vec<(Vec<u8>, Vec<u8>)>,
    /// How many of `ready` hold a chunk not yet written.
    waiting: usize,
}

impl Pipeline {
    /// Writes the chunk that waits: its rows to `out`, its sections to `sections` (if any).
    fn write(&mut self, out: &mut dyn Write, sections: Option<&mut dyn Write>) -> io::Result<()> {
        write_ready(&self.ready, &mut self.waiting, out, sections)
    }
}

/// [`Pipeline::write`] of its fields, so that the next chunk's buffers can be lent meanwhile.
fn write_ready<W: Write + ?Sized>(
    ready: &[(Vec<u8>, Vec<u8>)],
    waiting: &mut usize,
    out: &mut dyn Write,
    mut sections: Option<&mut W>,
) -> io::Result<()> {
    for (rows, texts) in &ready[..std::mem::take(waiting)] {
        out.write_all(rows)?;
        if let Some(s) = sections.as_mut() {
            s.write_all(texts)?;
        }
    }
    Ok(())
}

/// Simulates each request of `chunk` once, in parallel, while the chunk before it is written
/// (its rows to `out`, its sections to `sections`, if any: a chunk's sections are megabytes);
/// notes whether any expectation fails. The last chunk waits for [`Pipeline::write`].
fn rows_and_sections(
    net: &crate::net::Network,
    chunk: &[crate::net::Request],
    pipeline: &mut Pipeline,
    failing: &std::sync::atomic::AtomicBool,
    out: &mut dyn Write,
    mut sections: Option<&mut dyn Write>,
) -> io::Result<()> {
    use rayon::prelude::*;
    let with_sections = sections.is_some();
    for part in chunk.chunks(crate::run::CHUNK) {
        let used = part.len().div_ceil(LINES);
        pipeline
            .next
            .resize_with(used.max(pipeline.next.len()), || {
                (
                    Vec::with_capacity(LINES * 256),
                    Vec::with_capacity(LINES * 2048),
                )
            });
        let next = &mut pipeline.next[..used];
        let (ready, waiting) = (&pipeline.ready, &mut pipeline.waiting);
        let texts_out = sections.as_deref_mut();
        let mut written = Ok(());
        rayon::in_place_scope(|s| {
            s.spawn(|_| {
                next.par_iter_mut().zip(part.par_chunks(LINES)).for_each(
                    |((rows, texts), requests)| {
                        rows.clear();
                        texts.clear();
                        for r in requests {
                            let t = crate::engine::simulate(net, r);
                            let expect = r.expect.as_ref();
                            if crate::fix::fails(&t, expect, crate::fix::Want::Expect) {
                                failing.store(true, std::sync::atomic::Ordering::Relaxed);
                            }
                            let _ = super::markdown::row(rows, &t);
                            if with_sections {
                                let _ = super::markdown::section(texts, &t);
                            }
                        }
                    },
                );
            });
            written = write_ready(ready, waiting, &mut *out, texts_out);
        });
        written?;
        std::mem::swap(&mut pipeline.next, &mut pipeline.ready);
        pipeline.waiting = used;
    }
    Ok(())
}

fn write_all(out: &mut dyn Write, buffers: &[Vec<u8>]) -> io::Result<()> {
    for b in buffers {
        out.write_all(b)?;
    }
    Ok(())
}

/// A file of the system's temporary directory (`TMPDIR`), removed when dropped.
struct Spill {
    path: PathBuf,
    /// Written a chunk's sections at a time (64 requests' worth, ~90 KB): no buffer of its own.
    file: std::fs::File,
}

impl Spill {
    /// A new file, or none when the directory does not take one.
    fn new() -> Option<Spill> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("vpcpath-{}-{n}.md", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .ok()?;
        Some(Spill { path, file })
    }

    /// Writes what the file holds to `out`, a mebibyte at a time.
    fn copy_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        use std::io::{Read, Seek};
        self.file.seek(io::SeekFrom::Start(0))?;
        let mut buf = vec![0; 1 << 20];
        loop {
            match self.file.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => out.write_all(&buf[..n])?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
