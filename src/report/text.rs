//! The text report: one line per step in fixed columns, then `=> OUTCOME`.

use std::io::{self, Write};

use super::{Report, ReportDiagnostic};
use crate::trace::{Outcome, Trace};
use crate::trace::{Step, describe};

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
    let mut buf = Vec::new();
    for t in &r.traces {
        buf.clear();
        trace(&mut buf, t, style);
        w.write_all(&buf)?;
    }
    Ok(())
}

/// A report's header: the scenario, its description and its warnings.
pub fn header(w: &mut dyn Write, r: &Report, style: Style) -> io::Result<()> {
    writeln!(
        w,
        "{} {}  ({}, {})",
        style.paint("1", "scenario:"),
        style.paint("1", &crate::error::printable(&r.scenario)),
        crate::error::printable(&r.file),
        r.region
    )?;
    // The title and the description are free text: a control character in them is escaped.
    if let Some(d) = &r.description {
        for line in wrap(&crate::error::printable(d.trim()), 96) {
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
            "{} {file}: {more} more warnings not shown (all are in `vpcpath run --format json`, under diagnostics)",
            style.paint("33", "warning:"),
        )?;
    }
    Ok(())
}

/// Appends one request's trace, after a blank line, to `out` (a streamed run writes a million
/// of them: the steps' columns are padded by [`Padded`]).
pub fn trace(out: &mut Vec<u8>, t: &Trace, style: Style) {
    // Writing to memory cannot fail.
    // A tcp:// or udp:// request sends no HTTP method.
    let method = if ["tcp://", "udp://", "icmp://", "ip://"]
        .iter()
        .any(|s| t.url.starts_with(s))
    {
        ""
    } else {
        &t.method
    };
    let _ = writeln!(
        out,
        "\n{} {}: {}{}{} from {}",
        style.paint("1", "request"),
        style.paint("1", format_args!("{:?}", t.request)),
        method,
        if method.is_empty() { "" } else { " " },
        t.url,
        t.from
    );
    // The column of where each step was taken is as wide as the trace's widest (real ids
    // such as tgw-attach-0123456789abcdef0 pass 26 characters), up to AT_MAX: a wider one is
    // written on a line of its own, its step's words below in the column where the others'
    // are.
    let width = t
        .steps
        .iter()
        .map(|s| chars(describe(s).1))
        .filter(|&n| n <= AT_MAX)
        .fold(AT_MIN, usize::max);
    for step in &t.steps {
        let (kind, at, what) = describe(step);
        let kind = style.paint("2", Padded(kind, 9));
        if chars(at) > width {
            let _ = writeln!(out, "  {kind} {at}");
            let _ = writeln!(out, "  {} {} {what}", Padded("", 9), Padded("", width));
        } else {
            let _ = writeln!(out, "  {kind} {} {what}", Padded(at, width));
        }
    }
    let line = outcome_line(t);
    let code = match &t.outcome {
        Outcome::Http { status, .. } if *status < 400 => "32",
        Outcome::Connected { .. } | Outcome::Delivered { .. } => "32",
        _ => "31",
    };
    let _ = writeln!(out, "  {}", style.paint(code, &line));
}

/// The least width of a trace's column of places, and the most.
const AT_MIN: usize = 26;
const AT_MAX: usize = 44;

/// The characters of `s` (its bytes when it is ASCII).
fn chars(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// `s` then spaces to `width` characters, as `{s:<width}` writes it, but the spaces in one
/// write (the formatting machinery writes padding a character at a time).
struct Padded<'a>(&'a str, usize);

impl std::fmt::Display for Padded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SPACES: &str = "                                ";
        let Padded(s, width) = *self;
        f.write_str(s)?;
        let mut missing = width.saturating_sub(chars(s));
        while missing > 0 {
            let n = missing.min(SPACES.len());
            f.write_str(&SPACES[..n])?;
            missing -= n;
        }
        Ok(())
    }
}

/// `=> HTTP 403 ForbiddenException {"message":"Forbidden"}`, `=> TIMEOUT: ...`. A timeout
/// whose reason the drop step just above gives says where it was dropped instead of repeating
/// the reason.
pub fn outcome_line(t: &Trace) -> String {
    if let Outcome::Timeout { reason } = &t.outcome
        && let Some(Step::Drop { at, reason: why }) = t.steps.last()
        && why == reason
    {
        return format!("=> TIMEOUT: dropped at {at} (the reason is on the drop line above)");
    }
    match &t.outcome {
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
        Outcome::Connected { detail } => format!("=> CONNECTED: {detail}"),
        Outcome::Refused { reason } => format!("=> REFUSED: {reason}"),
        Outcome::Delivered { detail } => format!("=> DELIVERED: {detail}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of a step line: its kind and component in columns, in colour or not.
    #[test]
    fn step_columns_are_padded_in_colour_and_plain() {
        let net = crate::load::load_file(std::path::Path::new(
            "scenarios/execute-api-private-dns-403.yaml",
        ))
        .unwrap();
        let t = crate::engine::simulate(&net, &net.requests[0]);
        let (mut plain, mut colour) = (Vec::new(), Vec::new());
        trace(&mut plain, &t, Style { color: false });
        trace(&mut colour, &t, Style { color: true });
        let plain = String::from_utf8(plain).unwrap();
        let colour = String::from_utf8(colour).unwrap();
        // The same text once the colours are taken out.
        let uncoloured = ["\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m"]
            .iter()
            .fold(colour.clone(), |s, code| s.replace(code, ""));
        assert_eq!(uncoloured, plain);
        let (kind, at, what) = describe(&t.steps[0]);
        let line = format!("  {kind:<9} {at:<26} {what}\n");
        assert!(plain.contains(&line), "{plain}");
        assert!(colour.contains(&format!("  \x1b[2m{kind:<9}\x1b[0m {at:<26} {what}\n")));
        // As `{:<width}` pads: wider than the column (written whole), non-ASCII (counted in
        // characters), wider than the spaces written at once.
        for (s, width) in [
            ("vpce-0123456789abcdef0123", 8),
            ("é", 3),
            ("a", 40),
            ("", 0),
        ] {
            assert_eq!(Padded(s, width).to_string(), format!("{s:<width$}"));
        }
    }

    /// Ids longer than the column (a transit gateway attachment's) widen it for the whole
    /// trace, so that every step's words start in one column; past [`AT_MAX`], the place is on
    /// a line of its own.
    #[test]
    fn long_ids_keep_the_columns_of_a_trace_aligned() {
        let yaml = "scenario: long ids\nregion: us-east-1\nvpcs:\n  - id: vpc-0123456789abcdef0\n    cidr: 10.0.0.0/16\n    internet_gateway: igw-0123456789abcdef0123456\n    subnets: [{ id: subnet-0123456789abcdef01234567, cidr: 10.0.0.0/24 }]\n    route_tables:\n      - { id: rtb-0123456789abcdef0123456789abcdef0123456789, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-0123456789abcdef0123456 }] }\n    instances: [{ id: i-0123456789abcdef0, subnet: subnet-0123456789abcdef01234567, public_ip: true }]\nrequests:\n  - { from: i-0123456789abcdef0, url: \"https://sts.us-east-1.amazonaws.com/\" }\n";
        let net = crate::load::load_str(std::path::Path::new("long.yaml"), yaml).unwrap();
        let t = crate::engine::simulate(&net, &net.requests[0]);
        let mut out = Vec::new();
        trace(&mut out, &t, Style { color: false });
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut columns = std::collections::BTreeSet::new();
        for step in &t.steps {
            let (_, at, what) = describe(step);
            let what = what.to_string();
            let line = lines
                .iter()
                .find(|l| l.ends_with(&what) && (l.contains(at) || l.trim() == what))
                .unwrap_or_else(|| panic!("{what}: {text}"));
            columns.insert(line.len() - what.len());
        }
        assert_eq!(columns.len(), 1, "{text}");
        assert!(
            text.lines()
                .any(|l| l.trim_end().ends_with("0123456789abcdef0123456789")),
            "{text}"
        );
    }
}
