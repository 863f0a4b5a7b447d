//! The Markdown report: for a review document or a pull-request comment.

use std::io::{self, Write};

use super::Report;
use super::text::outcome_line;
use crate::trace::describe;

/// Renders reports as Markdown.
pub fn render(w: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        writeln!(w, "# {}", r.scenario)?;
        writeln!(w)?;
        writeln!(w, "`{}` · Region `{}`", r.file, r.region)?;
        if let Some(d) = &r.description {
            writeln!(w)?;
            writeln!(w, "{}", d.trim())?;
        }
        for d in &r.diagnostics {
            writeln!(w)?;
            write!(w, "> **Warning** (line {}): {}", d.line, d.message)?;
            match &d.help {
                Some(help) => writeln!(w, " — {help}")?,
                None => writeln!(w)?,
            }
        }
        if let Some(review) = &r.review {
            writeln!(w)?;
            writeln!(w, "```mermaid")?;
            write!(w, "{}", review.diagram)?;
            writeln!(w, "```")?;
        }
        writeln!(w)?;
        writeln!(w, "| request | from | outcome | path |")?;
        writeln!(w, "|---|---|---|---|")?;
        for t in &r.traces {
            writeln!(
                w,
                "| {} | `{}` | {} | {} |",
                cell(&t.request),
                t.from,
                cell(&t.outcome.summary()),
                cell(&t.path.join(" → "))
            )?;
        }
        if let Some(review) = &r.review {
            writeln!(w)?;
            writeln!(w, "## Suggested fixes")?;
            writeln!(w)?;
            if review.fixes.is_empty() {
                writeln!(w, "Every request's expectation holds.")?;
            } else {
                super::fixes::markdown(w, &review.fixes)?;
            }
        }
        for t in &r.traces {
            writeln!(w)?;
            writeln!(w, "## {}", t.request)?;
            writeln!(w)?;
            writeln!(w, "`{} {}` from `{}`", t.method, t.url, t.from)?;
            writeln!(w)?;
            for step in &t.steps {
                let (kind, at, what) = describe(step);
                let at = if at.is_empty() {
                    String::new()
                } else {
                    format!(" `{at}`")
                };
                writeln!(
                    w,
                    "1. **{kind}**{at}: {}",
                    what.to_string().replace('|', "\\|")
                )?;
            }
            writeln!(w)?;
            writeln!(
                w,
                "**{}**",
                outcome_line(t)
                    .trim_start_matches("=> ")
                    .replace('*', "\\*")
            )?;
        }
    }
    Ok(())
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}
