//! Renderers: text (aligned, coloured only when asked), JSON and Markdown. They read only
//! [`Report`]s (traces and warnings) and write to any `io::Write`.

pub mod graph;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod text;

use serde::Serialize;

use crate::net::Network;
use crate::trace::{Addr, Answer, Step, Trace};

/// How many warnings of one file the text outputs list in full (`run`'s header, `check` and
/// `test`); the rest are counted, and every one is in the JSON report's `diagnostics`.
pub const MAX_LISTED_WARNINGS: usize = 20;

/// One scenario's simulation: what the renderers print.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    /// The scenario file, as given.
    pub file: String,
    /// Title.
    pub scenario: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Home Region.
    pub region: String,
    /// Warnings about legal but odd configurations: their messages.
    pub warnings: Vec<String>,
    /// The same warnings with their line, column and help.
    pub diagnostics: Vec<ReportDiagnostic>,
    /// One trace per request, in file order.
    pub traces: Vec<Trace<'a>>,
    /// For a review document: the topology diagram (Mermaid) and the fixes of the requests
    /// whose expectations fail. Only the Markdown report asks for it.
    #[serde(skip)]
    pub review: Option<Review>,
}

/// What a review document adds to a report.
#[derive(Debug, Clone)]
pub struct Review {
    /// The topology as a Mermaid flowchart.
    pub diagram: String,
    /// Verified fixes of the requests whose `expect:` fails.
    pub fixes: Vec<crate::fix::RequestFixes>,
}

impl Review {
    /// Draws the network and searches fixes for its failing requests. `text` is the file as
    /// written (fixes are edits of it).
    pub fn new(path: &std::path::Path, text: &str, net: &Network) -> Review {
        Review {
            diagram: graph::mermaid(&graph::Diagram::of(net)),
            fixes: crate::fix::suggest(path, text, None, crate::fix::Want::Expect),
        }
    }
}

impl<'a> Report<'a> {
    /// Simulates every request of a network.
    pub fn new(file: &str, net: &'a Network) -> Report<'a> {
        Report {
            traces: crate::engine::simulate_all(net),
            ..Report::header(file, net)
        }
    }

    /// The report without its traces (the streaming renderers write those one by one).
    pub fn header(file: &str, net: &Network) -> Report<'a> {
        Report {
            file: file.to_string(),
            scenario: net.name.clone(),
            description: net.description.clone(),
            region: net.region.clone(),
            warnings: net.warnings.iter().map(|d| d.message.clone()).collect(),
            diagnostics: net.warnings.iter().map(ReportDiagnostic::from).collect(),
            traces: Vec::new(),
            review: None,
        }
    }
}

/// A located warning, as the JSON report carries it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDiagnostic {
    /// `warning`.
    pub severity: &'static str,
    /// Line, 1-based (0: the whole file).
    pub line: u32,
    /// Column, 1-based.
    pub column: u32,
    /// What is odd.
    pub message: String,
    /// What to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl From<&crate::error::Diagnostic> for ReportDiagnostic {
    fn from(d: &crate::error::Diagnostic) -> Self {
        ReportDiagnostic {
            severity: d.severity.name(),
            line: d.pos.line,
            column: d.pos.column,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// A step as `(kind, where, what)` for the text and Markdown renderers.
pub fn describe<'s>(step: &'s Step<'_>) -> (&'static str, &'s str, What<'s>) {
    let (kind, at) = match step {
        Step::Dns { resolver, .. } => ("dns", resolver.as_ref()),
        Step::Connect { from, .. } => ("connect", from.as_ref()),
        Step::Route { table, reply, .. } => {
            (if *reply { "reply" } else { "route" }, table.as_ref())
        }
        Step::Translate { gateway, .. } => ("nat", gateway.as_ref()),
        Step::Filter { filter, .. } => ("filter", filter.as_ref()),
        Step::Arrive { at, .. } => ("arrive", at.as_ref()),
        Step::Tls { .. } => ("tls", ""),
        Step::Service { at, .. } => ("service", at.as_ref()),
        Step::Drop { at, .. } => ("drop", at.as_ref()),
    };
    (kind, at, What(step))
}

/// What a step did, in words: written where it is formatted (the text report writes a few
/// of these for each of a million requests), or [`ToString::to_string`] for a string.
#[derive(Debug, Clone, Copy)]
pub struct What<'a>(pub &'a Step<'a>);

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Step::Dns {
                name,
                source,
                record,
                answer,
                ..
            } => {
                write!(f, "{name} -> ")?;
                match answer {
                    Answer::A { addresses } => write_ips(f, addresses)?,
                    Answer::Cname { target } => write!(f, "CNAME {target}")?,
                    Answer::Alias { target, addresses } => {
                        write!(f, "ALIAS {target} = ")?;
                        write_ips(f, addresses)?;
                    }
                    Answer::Nxdomain => f.write_str("NXDOMAIN")?,
                }
                write!(f, "  [{source}")?;
                if let Some(r) = record {
                    write!(f, ", record {r}")?;
                }
                f.write_str("]")
            }
            Step::Connect {
                source,
                destination,
                port,
                ..
            } => write!(f, "{} -> {}:{port}", Addr(*source), Addr(*destination)),
            Step::Route {
                subnet,
                destination,
                target,
                ..
            } => write!(f, "{subnet}: {destination} -> {target}"),
            Step::Translate { from, to, .. } => {
                write!(f, "source {} -> {}", Addr(*from), Addr(*to))
            }
            Step::Filter {
                direction,
                allowed,
                rule,
                ..
            } => write!(
                f,
                "{direction}: {} ({rule})",
                if *allowed { "ALLOW" } else { "DENY" }
            ),
            Step::Arrive { detail, .. } | Step::Service { detail, .. } => f.write_str(detail),
            Step::Drop { reason, .. } => f.write_str(reason),
            Step::Tls {
                server_name,
                certificate,
                verified,
            } => match (certificate, verified) {
                (Some(c), _) => write!(f, "{server_name} matches certificate name {c}"),
                (None, true) => write!(f, "{server_name} matches no certificate name"),
                (None, false) => write!(
                    f,
                    "{server_name} matches no certificate name; not verified (tls_verify: false)"
                ),
            },
        }
    }
}

/// Two descriptions are the same when they read the same.
impl PartialEq for What<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

fn write_ips(f: &mut std::fmt::Formatter<'_>, ips: &[std::net::Ipv4Addr]) -> std::fmt::Result {
    if ips.is_empty() {
        return f.write_str("(no addresses)");
    }
    for (i, ip) in ips.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{}", Addr(*ip))?;
    }
    Ok(())
}
