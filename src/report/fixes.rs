//! The fix search's suggestions ([`crate::fix::suggest`]) as text, Markdown and JSON.

use std::io::{self, Write};

use crate::fix::RequestFixes;

/// Renders suggestions as text.
pub fn text(w: &mut dyn Write, file: &str, all: &[RequestFixes]) -> io::Result<()> {
    if all.is_empty() {
        return writeln!(w, "{file}: every request is as wanted; nothing to fix");
    }
    for (n, r) in all.iter().enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        writeln!(w, "request {:?} ({file}): now {}", r.request, r.outcome)?;
        if r.fixes.is_empty() {
            writeln!(
                w,
                "  no single edit vpcpath tries fixes it ({} tried)",
                r.tried
            )?;
        }
        if let Some(why) = &r.untried {
            writeln!(w, "  {why}")?;
        }
        for (k, f) in r.fixes.iter().enumerate() {
            writeln!(w, "  fix {}: {} => {}", k + 1, f.title, f.outcome)?;
            for e in &f.edits {
                writeln!(w, "    edit: {e}")?;
            }
            if f.side_effects.is_empty() {
                writeln!(w, "    no other request changes")?;
            }
            for s in &f.side_effects {
                writeln!(w, "    and {s}")?;
            }
        }
    }
    Ok(())
}

/// Renders suggestions as Markdown.
pub fn markdown(w: &mut dyn Write, all: &[RequestFixes]) -> io::Result<()> {
    for r in all {
        writeln!(w, "#### Fixes for \"{}\" (now {})", r.request, r.outcome)?;
        writeln!(w)?;
        if r.fixes.is_empty() {
            writeln!(
                w,
                "No single edit vpcpath tries fixes it ({} tried).",
                r.tried
            )?;
            writeln!(w)?;
        }
        if let Some(why) = &r.untried {
            writeln!(w, "{why}.")?;
            writeln!(w)?;
        }
        for f in &r.fixes {
            writeln!(w, "- **{}** → {}", f.title, f.outcome)?;
            for e in &f.edits {
                writeln!(w, "  - edit: `{e}`")?;
            }
            if f.side_effects.is_empty() {
                writeln!(w, "  - no other request changes")?;
            }
            for s in &f.side_effects {
                writeln!(w, "  - and {s}")?;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Renders suggestions as JSON.
pub fn json(w: &mut dyn Write, all: &[RequestFixes]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, all).map_err(io::Error::other)?;
    writeln!(w)
}
