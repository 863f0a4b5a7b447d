//! The text report: one line per step in fixed columns, then `=> OUTCOME`.

use std::io::{self, Write};

use super::{Report, ReportDiagnostic, describe};
use crate::trace::{Outcome, Trace};

/// Whether to use ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour on.
    pub color: bool,
}

impl Style {
    /// `s` in colour `code` when colour is on (written where it is formatted, no string of
    /// its own).
    fn paint<T: std::fmt::Display>(self, code: &'static str, s: T) -> Painted<T> {
        Painted {
            code: self.color.then_some(code),
            s,
        }
    }
}

/// Text in an ANSI colour, or plain.
struct Painted<T> {
    code: Option<&'static str>,
    s: T,
}

impl<T: std::fmt::Display> std::fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(code) => write!(f, "\x1b[{code}m{}\x1b[0m", self.s),
            None => write!(f, "{}", self.s),
        }
    }
}

/// Renders reports as text.
pub fn render(w: &mut dyn Write, reports: &[Report], style: Style) -> io::Result<()> {
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        render_one(w, r, style)?;
    }
    Ok(())
}

fn render_one(w: &mut dyn Write, r: &Report, style: Style) -> io::Result<()> {
    header(w, r, style)?;
    for t in &r.traces {
        trace(w, t, style)?;
    }
    Ok(())
}

/// A report's header: the scenario, its description and its warnings.
pub fn header(w: &mut dyn Write, r: &Report, style: Style) -> io::Result<()> {
    writeln!(
        w,
        "{} {}  ({}, {})",
        style.paint("1", "scenario:"),
        style.paint("1", &r.scenario),
        r.file,
        r.region
    )?;
    if let Some(d) = &r.description {
        for line in wrap(d.trim(), 96) {
            writeln!(w, "  {line}")?;
        }
    }
    let listed = r.diagnostics.len().min(super::MAX_LISTED_WARNINGS);
    let more = r.diagnostics.len() - listed;
    warnings(w, &r.file, &r.diagnostics[..listed], more, style)
}

/// The warnings found while reading a streamed file's requests: they come after its traces
/// (the header, written before the first trace, has the others).
pub fn request_warnings(
    w: &mut dyn Write,
    file: &str,
    listed: &[ReportDiagnostic],
    more: usize,
    style: Style,
) -> io::Result<()> {
    if listed.is_empty() {
        return Ok(());
    }
    writeln!(w)?;
    warnings(w, file, listed, more, style)
}

/// Warnings, one line each with their help, and how many more were not listed.
fn warnings(
    w: &mut dyn Write,
    file: &str,
    listed: &[ReportDiagnostic],
    more: usize,
    style: Style,
) -> io::Result<()> {
    for d in listed {
        writeln!(
            w,
            "{} {}:{}:{}: {}",
            style.paint("33", "warning:"),
            file,
            d.line,
            d.column,
            d.message
        )?;
        if let Some(help) = &d.help {
            writeln!(w, "  help: {help}")?;
        }
    }
    if more > 0 {
        writeln!(
            w,
            "{} {file}: {more} more warnings not shown (all are in `--format json`, under diagnostics)",
            style.paint("33", "warning:"),
        )?;
    }
    Ok(())
}

/// One request's trace, after a blank line.
pub fn trace(w: &mut dyn Write, t: &Trace, style: Style) -> io::Result<()> {
    writeln!(w)?;
    writeln!(
        w,
        "{} {}: {} {} from {}",
        style.paint("1", "request"),
        style.paint("1", format_args!("{:?}", t.request)),
        t.method,
        t.url,
        t.from
    )?;
    for step in &t.steps {
        let (kind, at, what) = describe(step);
        writeln!(
            w,
            "  {} {at:<26} {what}",
            style.paint("2", format_args!("{kind:<8}"))
        )?;
    }
    let line = outcome_line(&t.outcome);
    let code = match &t.outcome {
        Outcome::Http { status, .. } if *status < 400 => "32",
        _ => "31",
    };
    writeln!(w, "  {}", style.paint(code, &line))
}

/// `=> HTTP 403 ForbiddenException {"message":"Forbidden"}`, `=> TIMEOUT: ...`.
pub fn outcome_line(o: &Outcome) -> String {
    match o {
        Outcome::Http {
            status,
            body,
            error_type,
        } => {
            let t = error_type
                .as_ref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            let b = if body.is_empty() {
                String::new()
            } else {
                format!(" {}", body.replace('\n', " "))
            };
            format!("=> HTTP {status}{t}{b}")
        }
        Outcome::Timeout { reason } => format!("=> TIMEOUT: {reason}"),
        Outcome::DnsFailure { reason } => format!("=> DNS FAILURE: {reason}"),
        Outcome::TlsError { reason } => format!("=> TLS ERROR: {reason}"),
    }
}

/// Greedy word wrap; paragraphs (blank lines) are kept.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        if !out.is_empty() {
            out.push(String::new());
        }
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}
