//! `vpcpath run --format markdown`: the review document of each file
//! ([`vpcpath::report::document`]), and the errors of those that cannot be read.

use super::*;

pub(super) fn run_markdown(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<Status> {
    let Some(files) = discover(&mut io::sink(), paths)? else {
        return Ok(Status::BadInput);
    };
    let mut bad = false;
    // Whether a report has begun: the next is separated from it by a blank line (a streamed
    // file whose late request is bad has begun its report).
    let mut begun = false;
    for path in &files {
        let done = report::document::write_file(out, path, stream_min_bytes(), &mut begun)?;
        if let Err(e) = done {
            out.flush()?;
            print_error(&e);
            bad = true;
        }
    }
    Ok(Status::of(bad, false))
}
