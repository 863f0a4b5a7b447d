//! The JSON report: the [`Report`] structs serialized with serde, steps tagged by `"type"`
//! and outcomes by `"kind"`. The shape is documented in `docs/json.md`.

use std::io::{self, Write};

use super::Report;

/// Renders reports as one pretty-printed JSON array.
pub fn render(w: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, reports)?;
    writeln!(w)
}
