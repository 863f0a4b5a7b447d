//! A differential simulation ([`crate::diff::diff`]) as text, Markdown and JSON.

use std::io::{self, Write};

use crate::diff::{Diff, Side};

fn side_text(s: &Option<Side>) -> String {
    match s {
        Some(s) => format!("{} via {}", s.outcome, s.path.join(" -> ")),
        None => "(absent)".to_string(),
    }
}

/// How many requests changed, appeared, disappeared and stayed the same: `1 changed, 1 added,
/// 1 removed, 2 unchanged` (kinds with none are left out, but `unchanged`).
fn tally(d: &Diff) -> String {
    let mut parts = Vec::new();
    for kind in ["changed", "added", "removed"] {
        let n = d.changes.iter().filter(|c| c.change == kind).count();
        if n > 0 {
            parts.push(format!("{n} {kind}"));
        }
    }
    parts.push(format!("{} unchanged", d.unchanged));
    parts.join(", ")
}

/// One line per group of requests that changed the same way, when some changed together:
/// `2 requests (a, b): timeout -> http 403 ...`. Empty when every group is one request.
fn headlines(d: &Diff) -> Vec<(String, &str)> {
    if d.groups.iter().all(|g| g.requests.len() < 2) {
        return Vec::new();
    }
    d.groups
        .iter()
        .map(|g| {
            let n = g.requests.len();
            let names = if n <= 3 {
                g.requests.join(", ")
            } else {
                format!("{}, ... and {} more", g.requests[..2].join(", "), n - 2)
            };
            let noun = if n == 1 { "request" } else { "requests" };
            (
                format!("{n} {noun} ({names}): {} -> {}", g.before, g.after),
                g.why.as_str(),
            )
        })
        .collect()
}

/// Renders a diff as text.
pub fn text(w: &mut dyn Write, d: &Diff) -> io::Result<()> {
    writeln!(w, "diff {} -> {}", d.before, d.after)?;
    let heads = headlines(d);
    if !heads.is_empty() {
        writeln!(w)?;
        writeln!(w, "in short:")?;
        for (line, why) in heads {
            writeln!(w, "  {line}")?;
            writeln!(w, "    {why}")?;
        }
    }
    for c in &d.changes {
        writeln!(w)?;
        writeln!(w, "{} {:?}", c.change, c.request)?;
        writeln!(w, "  before: {}", side_text(&c.before))?;
        writeln!(w, "  after:  {}", side_text(&c.after))?;
        if let Some(why) = &c.why {
            writeln!(w, "  why:    {why}")?;
        }
    }
    writeln!(w)?;
    writeln!(w, "{}", tally(d))
}

/// Renders a diff as Markdown, for a pull-request comment.
pub fn markdown(w: &mut dyn Write, d: &Diff) -> io::Result<()> {
    let cell = |s: &str| s.replace('|', "\\|");
    writeln!(w, "### vpcpath: `{}` → `{}`", d.before, d.after)?;
    writeln!(w)?;
    if d.changes.is_empty() {
        writeln!(w, "No request changed ({} unchanged).", d.unchanged)?;
        return Ok(());
    }
    let heads = headlines(d);
    for (line, why) in &heads {
        writeln!(w, "- **{}** — {}", cell(line), cell(why))?;
    }
    if !heads.is_empty() {
        writeln!(w)?;
    }
    writeln!(w, "| request | change | before | after | why |")?;
    writeln!(w, "|---|---|---|---|---|")?;
    for c in &d.changes {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            cell(&c.request),
            c.change,
            cell(&side_text(&c.before)),
            cell(&side_text(&c.after)),
            cell(c.why.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(w)?;
    writeln!(w, "{}.", tally(d))
}

/// Renders a diff as one JSON object.
pub fn json(w: &mut dyn Write, d: &Diff) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, d).map_err(io::Error::other)?;
    writeln!(w)
}
