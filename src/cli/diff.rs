//! `vpcpath diff`: two versions of a scenario compared request by request, both read in step.

use super::*;

pub(super) fn diff(
    out: &mut dyn Write,
    before: &std::path::Path,
    after: &std::path::Path,
    format: DiffFormat,
) -> io::Result<Status> {
    // Both versions are read in step, each as a stream when it is large: the version before
    // on a thread of its own, simulated a chunk at a time and handed over as the comparison
    // asks for it (a bounded channel: it waits while the comparison has enough).
    let min = super::run::stream_min_bytes();
    let list = vpcpath::validate::MAX_LISTED_WARNINGS;
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let mut comparison = vpcpath::diff::Comparison::new();
    let (before_read, after_read) = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut first = 0;
            vpcpath::run::file_keeping(
                before,
                min,
                list,
                |_, _| Ok(()),
                |net, chunk| {
                    let n = chunk.len();
                    let simulated = vpcpath::diff::Comparison::simulate_before(net, chunk, first);
                    first += n;
                    tx.send(simulated)
                        .map_err(|_| io::Error::other("the comparison stopped reading"))
                },
            )
        });
        let after_read = vpcpath::run::file_keeping(
            after,
            min,
            list,
            |_, _| Ok(()),
            |net, chunk| {
                comparison.after(net, chunk, || rx.recv().ok());
                Ok(())
            },
        );
        // The version before is read to its end whatever the other came to: its own problems
        // are said too, as they would be alone.
        for chunk in rx.iter() {
            if after_read.is_ok() {
                comparison.before(chunk);
            }
        }
        let before_read = reader.join().unwrap_or_else(|_| {
            Err(vpcpath::run::FileError::Output(io::Error::other(
                "the reader of the version before failed",
            )))
        });
        (before_read, after_read)
    });
    let before_net = match before_read {
        Ok((_, net)) => Some(net),
        Err(e) => {
            read_failed(Err(e))?;
            None
        }
    };
    let (after_net, before_net) = match (after_read, before_net) {
        (Ok((_, after_net)), Some(before_net)) => (after_net, before_net),
        (Ok(_), None) => return Ok(Status::BadInput),
        (Err(e), _) => return Ok(read_failed(Err(e))?.unwrap_or(Status::BadInput)),
    };
    let d = comparison.finish(
        &before.display().to_string(),
        &before_net,
        &after.display().to_string(),
        &after_net,
    );

    match format {
        DiffFormat::Text => report::diff::text(out, &d)?,
        DiffFormat::Json => report::diff::json(out, &d)?,
        DiffFormat::Markdown => report::diff::markdown(out, &d)?,
    }
    Ok(Status::of(false, !d.changes.is_empty()))
}
