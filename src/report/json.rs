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
pub fn line(file: &str, t: &crate::trace::Trace) -> String {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        file: &'a str,
        #[serde(flatten)]
        trace: &'a crate::trace::Trace,
    }
    let mut s = serde_json::to_string(&Line { file, trace: t }).unwrap_or_default();
    s.push('\n');
    s
}
