//! The Markdown report: for a review document or a pull-request comment.

use std::io::{self, Write};

use super::text::outcome_line;
use super::{Report, ReportDiagnostic};
use crate::trace::{Trace, describe};

/// Renders reports as Markdown.
pub fn render(w: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        head(w, r)?;
        table_head(w)?;
        for t in &r.traces {
            row(w, t)?;
        }
        if let Some(review) = &r.review {
            fixes(w, &review.fixes)?;
        }
        for t in &r.traces {
            section(w, t)?;
        }
    }
    Ok(())
}

/// A report's beginning: its title, file, Region and description, its warnings, and the
/// diagram of a review.
pub fn head(w: &mut dyn Write, r: &Report) -> io::Result<()> {
    writeln!(w, "# {}", r.scenario)?;
    writeln!(w)?;
    writeln!(w, "`{}` · Region `{}`", r.file, r.region)?;
    if let Some(d) = &r.description {
        writeln!(w)?;
        writeln!(w, "{}", d.trim())?;
    }
    warnings(w, &r.diagnostics)?;
    if let Some(review) = &r.review {
        writeln!(w)?;
        writeln!(w, "```mermaid")?;
        write!(w, "{}", review.diagram)?;
        writeln!(w, "```")?;
    }
    Ok(())
}

/// A network's diagram as a Mermaid block, written as it is drawn (a review's diagram, which
/// [`head`] writes from the text of one).
pub fn diagram(w: &mut dyn Write, net: &crate::net::Network) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "```mermaid")?;
    super::graph::write_mermaid(w, &super::graph::Diagram::of(net))?;
    writeln!(w, "```")
}

/// Warnings, each a quoted paragraph.
pub fn warnings(w: &mut dyn Write, diagnostics: &[ReportDiagnostic]) -> io::Result<()> {
    for d in diagnostics {
        writeln!(w)?;
        write!(w, "> **Warning** (line {}): {}", d.line, d.message)?;
        match &d.help {
            Some(help) => writeln!(w, " — {help}")?,
            None => writeln!(w)?,
        }
    }
    Ok(())
}

/// The head of the table of requests ([`row`]).
pub fn table_head(w: &mut dyn Write) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "| request | from | outcome | path |")?;
    writeln!(w, "|---|---|---|---|")
}

/// A request's row in the table: its name, client, outcome and path.
pub fn row(w: &mut dyn Write, t: &Trace) -> io::Result<()> {
    w.write_all(b"| ")?;
    EscapePipes(&mut *w).write_all(t.request.as_bytes())?;
    write!(w, " | `{}` | ", t.from)?;
    EscapePipes(&mut *w).write_all(t.outcome.summary().as_bytes())?;
    w.write_all(b" | ")?;
    for (i, p) in t.summary_path().into_iter().enumerate() {
        if i > 0 {
            w.write_all(" → ".as_bytes())?;
        }
        EscapePipes(&mut *w).write_all(p.as_bytes())?;
    }
    w.write_all(b" |\n")
}

/// A review's suggested fixes of the requests whose expectations fail.
pub fn fixes(w: &mut dyn Write, fixes: &[crate::fix::RequestFixes]) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "## Suggested fixes")?;
    writeln!(w)?;
    if fixes.is_empty() {
        writeln!(w, "Every request's expectation holds.")
    } else {
        super::fixes::markdown(w, fixes)
    }
}

/// A request's section: each step, and how it ended.
pub fn section(w: &mut dyn Write, t: &Trace) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "## {}", t.request)?;
    writeln!(w)?;
    writeln!(w, "`{} {}` from `{}`", t.method, t.url, t.from)?;
    writeln!(w)?;
    for step in &t.steps {
        let (kind, at, what) = describe(step);
        write!(w, "1. **{kind}**")?;
        if !at.is_empty() {
            write!(w, " `{at}`")?;
        }
        w.write_all(b": ")?;
        // Straight into the output, each `|` escaped on the way (a million requests' steps
        // were each written to a string, then copied with their pipes replaced).
        write!(EscapePipes(&mut *w), "{what}")?;
        w.write_all(b"\n")?;
    }
    writeln!(w)?;
    writeln!(
        w,
        "**{}**",
        outcome_line(t)
            .trim_start_matches("=> ")
            .replace('*', "\\*")
    )
}

/// A writer that escapes each `|` it is given (`\|`), so that no step's words cut a line.
struct EscapePipes<'w>(&'w mut dyn Write);

impl Write for EscapePipes<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'|') {
            self.0.write_all(&rest[..i])?;
            self.0.write_all(b"\\|")?;
            rest = &rest[i + 1..];
        }
        self.0.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_are_escaped_wherever_the_writes_cut_the_text() {
        let mut out = Vec::new();
        let mut e = EscapePipes(&mut out);
        let middle = "|c||";
        write!(e, "a|b{middle}|").unwrap();
        e.write_all(b"|").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r"a\|b\|c\|\|\|\|");
    }
}
