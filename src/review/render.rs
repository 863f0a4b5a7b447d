//! A review as text, Markdown (a pull-request comment) and JSON.

use std::io::{self, Write};

use super::Review;
use crate::report;

impl Review {
    /// The review as text: the diff, then what fails, what depends on chosen values and what
    /// cannot be answered.
    pub fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        report::diff::text(out, &self.diff)?;
        for u in &self.unknown {
            writeln!(out, "unknown: {:?}: {}", u.request, u.why)?;
        }
        for b in &self.broken_expectations {
            writeln!(
                out,
                "expectation fails after the plan: {:?}: {}",
                b.request,
                b.misses.join("; ")
            )?;
        }
        for d in &self.unknown_until_apply {
            writeln!(
                out,
                "depends on values vpcpath chose (unknown until apply, or missing from the file): {:?}: {}",
                d.request,
                d.ids.join(", ")
            )?;
        }
        Ok(())
    }

    /// The review as Markdown, for a pull-request comment: the diff's table, then what fails,
    /// what cannot be answered, what depends on chosen values, and the import's notes.
    pub fn markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        report::diff::markdown(out, &self.diff)?;
        let cell = |s: &str| s.replace('|', "\\|");
        if !self.unknown.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "**Requests the review cannot answer** (the plan does not hold all they depend on: review with the network they run in):"
            )?;
            writeln!(out)?;
            for u in &self.unknown {
                writeln!(out, "- {}: {}", u.request, cell(&u.why))?;
            }
        }
        if !self.broken_expectations.is_empty() {
            writeln!(out)?;
            writeln!(out, "**Expectations that fail after the plan:**")?;
            writeln!(out)?;
            for b in &self.broken_expectations {
                writeln!(out, "- {}: {}", b.request, cell(&b.misses.join("; ")))?;
            }
        }
        if !self.unknown_until_apply.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "**Outcomes that depend on values vpcpath chose** (unknown until apply, or missing from the file; see the notes):"
            )?;
            writeln!(out)?;
            for d in &self.unknown_until_apply {
                writeln!(out, "- {}: {}", d.request, d.ids.join(", "))?;
            }
        }
        if !self.notes.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "<details><summary>What vpcpath noted about the plan ({})</summary>",
                self.notes.len()
            )?;
            writeln!(out)?;
            for n in &self.notes {
                writeln!(out, "- {}", cell(n))?;
            }
            writeln!(out)?;
            writeln!(out, "</details>")?;
        }
        Ok(())
    }

    /// The review as JSON: the diff of docs/json.md with `broken_expectations`,
    /// `unknown_until_apply`, `unknown` and `notes`.
    pub fn json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(&self.diff).unwrap_or_default();
        let put = |v: &mut serde_json::Value, k: &str, x: serde_json::Value| {
            if let Some(o) = v.as_object_mut() {
                o.insert(k.to_string(), x);
            }
        };
        put(
            &mut v,
            "requests",
            serde_json::to_value(&self.requests).unwrap_or_default(),
        );
        put(
            &mut v,
            "unknown_until_apply",
            serde_json::to_value(&self.unknown_until_apply).unwrap_or_default(),
        );
        put(
            &mut v,
            "broken_expectations",
            serde_json::to_value(&self.broken_expectations).unwrap_or_default(),
        );
        put(
            &mut v,
            "unknown",
            serde_json::to_value(&self.unknown).unwrap_or_default(),
        );
        put(
            &mut v,
            "notes",
            serde_json::to_value(&self.all_notes).unwrap_or_default(),
        );
        v
    }
}
