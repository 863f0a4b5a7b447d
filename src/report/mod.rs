//! Renderers: text (aligned, coloured only when asked), JSON and Markdown. They read only
//! [`Report`]s (traces and warnings) and write to any `io::Write`.

pub mod graph;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod text;

use std::borrow::Cow;

use serde::Serialize;

use crate::net::Network;
use crate::trace::{Addr, Answer, Step, Trace};

/// How many warnings of one file the text outputs list in full (`run`'s header, `check` and
/// `test`); the rest are counted, and every one is in the JSON report's `diagnostics`.
pub const MAX_LISTED_WARNINGS: usize = 20;

/// One scenario's simulation: what the renderers print.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
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
    pub traces: Vec<Trace>,
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

impl Report {
    /// Simulates every request of a network.
    pub fn new(file: &str, net: &Network) -> Report {
        Report {
            traces: crate::engine::simulate_all(net),
            ..Report::header(file, net)
        }
    }

    /// The report without its traces (the streaming renderers write those one by one).
    pub fn header(file: &str, net: &Network) -> Report {
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
pub fn describe(step: &Step) -> (&'static str, &str, Cow<'_, str>) {
    match step {
        Step::Dns {
            resolver,
            name,
            source,
            record,
            answer,
        } => {
            let ans = match answer {
                Answer::A { addresses } => join_ips(addresses),
                Answer::Cname { target } => format!("CNAME {target}"),
                Answer::Alias { target, addresses } => {
                    format!("ALIAS {target} = {}", join_ips(addresses))
                }
                Answer::Nxdomain => "NXDOMAIN".to_string(),
            };
            let rec = record
                .as_ref()
                .map(|r| format!(", record {r}"))
                .unwrap_or_default();
            (
                "dns",
                resolver,
                format!("{name} -> {ans}  [{source}{rec}]").into(),
            )
        }
        Step::Connect {
            from,
            source,
            destination,
            port,
        } => (
            "connect",
            from,
            format!("{} -> {}:{port}", Addr(*source), Addr(*destination)).into(),
        ),
        Step::Route {
            subnet,
            table,
            destination,
            target,
            reply,
        } => (
            if *reply { "reply" } else { "route" },
            table,
            format!("{subnet}: {destination} -> {target}").into(),
        ),
        Step::Translate { gateway, from, to } => {
            let text = format!("source {} -> {}", Addr(*from), Addr(*to));
            ("nat", gateway, text.into())
        }
        Step::Filter {
            filter,
            direction,
            allowed,
            rule,
            ..
        } => (
            "filter",
            filter,
            format!(
                "{direction}: {} ({rule})",
                if *allowed { "ALLOW" } else { "DENY" }
            )
            .into(),
        ),
        Step::Arrive { at, detail } => ("arrive", at, detail.into()),
        Step::Tls {
            server_name,
            certificate,
            verified,
        } => {
            let text = match (certificate, verified) {
                (Some(c), _) => format!("{server_name} matches certificate name {c}"),
                (None, true) => format!("{server_name} matches no certificate name"),
                (None, false) => format!(
                    "{server_name} matches no certificate name; not verified (tls_verify: false)"
                ),
            };
            ("tls", "", text.into())
        }
        Step::Service { at, detail } => ("service", at, detail.into()),
        Step::Drop { at, reason } => ("drop", at, reason.into()),
    }
}

fn join_ips(ips: &[std::net::Ipv4Addr]) -> String {
    if ips.is_empty() {
        return "(no addresses)".into();
    }
    ips.iter()
        .map(|ip| Addr(*ip).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
