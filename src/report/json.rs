//! The JSON report: the [`Report`] structs serialized with serde, steps tagged by `"type"`
//! and outcomes by `"kind"`. The shape is documented in `docs/json.md`.

use std::io::{self, Write};

use super::Report;

/// Renders reports as one pretty-printed JSON array.
pub fn render(w: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, reports)?;
    writeln!(w)
}

/// One request as a JSON Lines record: the file, then the trace's fields, on one line.
pub fn line(file: &str, t: &crate::trace::Trace) -> Vec<u8> {
    // `{"file":...,` then the trace's own object without its `{` (serde's `flatten` would do
    // the same through a map of every field, at a third more of the cost).
    let mut out = Vec::with_capacity(2048);
    out.extend_from_slice(b"{\"file\":");
    let written = serde_json::to_writer(&mut out, file).and_then(|()| {
        let start = out.len();
        serde_json::to_writer(&mut out, t)?;
        out[start] = b',';
        Ok(())
    });
    if written.is_err() {
        // Strings and numbers always serialize; this is never reached.
        out.clear();
    }
    out.push(b'\n');
    out
}
