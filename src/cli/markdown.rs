//! `vpcpath run --format markdown`: the review document. A file read whole is one report; a
//! large file is read as a stream twice, so that memory holds its network and a chunk of
//! traces, never every trace: the first time for the table of its requests (and whether any
//! expectation fails), the second for each request's section.

use super::*;

pub(super) fn run_markdown(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<Status> {
    let Some(files) = discover(&mut io::sink(), paths)? else {
        return Ok(Status::BadInput);
    };
    let mut bad = false;
    let mut written = 0;
    for path in &files {
        // Reports are separated by a blank line.
        let gap = if written > 0 { "\n" } else { "" };
        let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= stream_min_bytes());
        let done = if large {
            streamed(out, path, gap)?
        } else {
            whole(out, path, gap)?
        };
        match done {
            Ok(()) => written += 1,
            Err(e) => {
                out.flush()?;
                print_error(&e);
                bad = true;
            }
        }
    }
    Ok(Status::of(bad, false))
}

/// The fixes of a file's requests whose expectations fail, searched in the file read whole.
fn fixes(path: &std::path::Path) -> Vec<vpcpath::fix::RequestFixes> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    vpcpath::fix::suggest(path, &text, None, vpcpath::fix::Want::Expect).unwrap_or_default()
}

fn whole(out: &mut dyn Write, path: &std::path::Path, gap: &str) -> io::Result<Result<(), Error>> {
    let net = match vpcpath::load::load_file(path) {
        Ok(net) => net,
        Err(e) => return Ok(Err(e)),
    };
    let file = path.display().to_string();
    let mut r = Report::new(&file, &net, vpcpath::run::simulate_all(&net));
    r.review = Some(report::Review::new(&net, fixes(path)));
    out.write_all(gap.as_bytes())?;
    report::markdown::render(out, std::slice::from_ref(&r))?;
    Ok(Ok(()))
}

/// A large file's report, in the order of a whole one's except that the warnings its
/// requests raise (known once every request is read) follow the table instead of preceding it.
fn streamed(
    out: &mut dyn Write,
    path: &std::path::Path,
    gap: &str,
) -> io::Result<Result<(), Error>> {
    let file = path.display().to_string();
    let min = stream_min_bytes();
    let failing = std::sync::atomic::AtomicBool::new(false);
    let mut buffers = vpcpath::run::render_buffers(256);
    // Both callbacks write.
    let out = std::cell::RefCell::new(out);
    let read = vpcpath::run::file_listing(
        path,
        min,
        usize::MAX,
        |net, _| {
            let mut out = out.borrow_mut();
            out.write_all(gap.as_bytes())?;
            report::markdown::head(*out, &Report::header(&file, net))?;
            report::markdown::diagram(*out, net)?;
            report::markdown::table_head(*out)
        },
        |net, chunk| {
            vpcpath::run::render_each(
                chunk,
                &mut buffers,
                |r, buf| {
                    let t = vpcpath::simulate(net, r);
                    if vpcpath::fix::fails(&t, r.expect.as_ref(), vpcpath::fix::Want::Expect) {
                        failing.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    let _ = report::markdown::row(buf, &t);
                },
                |_, written| write_all(*out.borrow_mut(), written),
            )
        },
    );
    let out = out.into_inner();
    let late = match read {
        Ok(vpcpath::run::Read::Streamed(late)) => late.listed,
        Ok(vpcpath::run::Read::Whole) => Vec::new(),
        Err(vpcpath::run::FileError::Output(e)) => return Err(e),
        Err(vpcpath::run::FileError::Input(e)) => return Ok(Err(e)),
    };
    let late: Vec<report::ReportDiagnostic> = late.into_iter().map(Into::into).collect();
    report::markdown::warnings(out, &late)?;
    drop(late);
    let fixes = if failing.into_inner() {
        fixes(path)
    } else {
        Vec::new()
    };
    report::markdown::fixes(out, &fixes)?;
    drop(fixes);
    let read = vpcpath::run::file(
        path,
        min,
        |_, _| Ok(()),
        |net, chunk| {
            vpcpath::run::render_each(
                chunk,
                &mut buffers,
                |r, buf| {
                    let _ = report::markdown::section(buf, &vpcpath::simulate(net, r));
                },
                |_, written| write_all(out, written),
            )
        },
    );
    match read {
        Ok(_) => Ok(Ok(())),
        Err(vpcpath::run::FileError::Output(e)) => Err(e),
        Err(vpcpath::run::FileError::Input(e)) => Ok(Err(e)),
    }
}

fn write_all(out: &mut dyn Write, buffers: &[Vec<u8>]) -> io::Result<()> {
    for b in buffers {
        out.write_all(b)?;
    }
    Ok(())
}
