//! The summary report: counts by outcome and by the component where requests ended, instead of
//! every trace (for runs of many requests).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::trace::Ending;

/// What the summary keeps of one trace.
#[derive(Debug, Clone)]
pub struct Seen {
    outcome: String,
    ended_at: String,
}

impl Seen {
    /// Keeps a request's outcome summary and the component where it ended.
    pub fn of(e: Ending) -> Seen {
        Seen {
            outcome: e.outcome.summary(),
            ended_at: e.at,
        }
    }
}

/// Counts, in sorted order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Requests.
    pub requests: usize,
    /// By outcome summary.
    pub by_outcome: BTreeMap<String, usize>,
    /// By outcome and the component where the request ended.
    pub by_end: BTreeMap<String, BTreeMap<String, usize>>,
    /// Warnings about the file (`vpcpath check` lists them).
    pub warnings: usize,
}

impl Counts {
    /// Adds a chunk of traces.
    pub fn add(&mut self, seen: Vec<Seen>) {
        for s in seen {
            self.requests += 1;
            *self.by_outcome.entry(s.outcome.clone()).or_default() += 1;
            *self
                .by_end
                .entry(s.outcome)
                .or_default()
                .entry(s.ended_at)
                .or_default() += 1;
        }
    }
}

/// How many components per outcome the text summary lists.
const TOP: usize = 5;

/// Renders the summary of one file as text.
pub fn text(w: &mut dyn Write, file: &str, scenario: &str, c: &Counts) -> io::Result<()> {
    let requests = crate::trace::count(c.requests, "request", "requests");
    writeln!(w, "{file}: {scenario} ({requests})")?;
    for (outcome, n) in &c.by_outcome {
        writeln!(w, "  {n:>9}  {outcome}")?;
        if let Some(ends) = c.by_end.get(outcome) {
            let mut ends: Vec<(&String, &usize)> = ends.iter().collect();
            ends.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (at, k) in ends.iter().take(TOP) {
                writeln!(w, "  {k:>20}  at {at}")?;
            }
            if ends.len() > TOP {
                writeln!(
                    w,
                    "  {:>20}  at {} other components",
                    "...",
                    ends.len() - TOP
                )?;
            }
        }
    }
    if c.warnings > 0 {
        let noun = if c.warnings == 1 {
            "warning"
        } else {
            "warnings"
        };
        writeln!(
            w,
            "  {:>9}  {noun} (`vpcpath check {file}` lists them)",
            c.warnings
        )?;
    }
    Ok(())
}

/// Renders the summary of one file as a JSON line.
pub fn json(w: &mut dyn Write, file: &str, c: &Counts) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        file: &'a str,
        #[serde(flatten)]
        counts: &'a Counts,
    }
    serde_json::to_writer(&mut *w, &Line { file, counts: c })?;
    writeln!(w)
}
