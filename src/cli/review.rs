//! `vpcpath review PLAN`: the library's review ([`vpcpath::review`]), printed.

use super::*;

/// `vpcpath review`: the requests a Terraform plan changes.
pub(super) fn review(
    out: &mut dyn Write,
    options: &vpcpath::review::Options,
    format: DiffFormat,
    fail_on: FailOn,
) -> io::Result<Status> {
    let r = match vpcpath::review::review(options) {
        Ok(r) => r,
        Err(
            vpcpath::review::ReviewError::Requests(e) | vpcpath::review::ReviewError::Network(e),
        ) => {
            print_error(&e);
            return Ok(Status::BadInput);
        }
        Err(e) => {
            say!("{}", vpcpath::error::printable(&e.to_string()));
            return Ok(Status::BadInput);
        }
    };
    for n in &r.notes {
        say!("note: {}", vpcpath::error::printable(n));
    }
    match format {
        DiffFormat::Text => r.text(out)?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &r.json()).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        DiffFormat::Markdown => r.markdown(out)?,
    }
    let fail_on = match fail_on {
        FailOn::Change => vpcpath::review::FailOn::Change,
        FailOn::Expectation => vpcpath::review::FailOn::Expectation,
        FailOn::Never => vpcpath::review::FailOn::Never,
    };
    Ok(Status::of(false, r.found(fail_on)))
}
