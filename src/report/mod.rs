//! Renderers: text (aligned, coloured only when asked), JSON and Markdown. They read only
//! [`Report`]s (traces and warnings) and write to any `io::Write`.

pub mod about;
pub mod diff;
pub mod document;
pub mod fixes;
pub mod graph;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod text;

use serde::Serialize;

use crate::net::Network;
use crate::trace::Trace;

pub use crate::validate::MAX_LISTED_WARNINGS;

/// The JSON report's format version: a string, changed only by a major version that breaks
/// the JSON (docs/compatibility.md, "The JSON format version").
pub const FORMAT_VERSION: &str = "1";

/// One scenario's simulation: what the renderers print.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    /// The version of the JSON report's format ([`FORMAT_VERSION`]; docs/compatibility.md).
    pub format_version: &'static str,
    /// The scenario file, as given.
    pub file: String,
    /// Title.
    pub scenario: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Home Region.
    pub region: String,
    /// One trace per request, in file order.
    pub traces: Vec<Trace<'a>>,
    /// Warnings about legal but odd configurations: their messages. After the traces, so that
    /// a file read as a stream can give the warnings its requests raise.
    pub warnings: Vec<String>,
    /// The same warnings with their line, column and help.
    pub diagnostics: Vec<ReportDiagnostic>,
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
    /// Draws the network, beside the `fixes` found for its failing requests
    /// ([`crate::fix::suggest`] with [`crate::fix::Want::Expect`]).
    pub fn new(net: &Network, fixes: Vec<crate::fix::RequestFixes>) -> Review {
        Review {
            diagram: graph::mermaid(&graph::Diagram::of(net)),
            fixes,
        }
    }
}

impl<'a> Report<'a> {
    /// The report of a network's requests, given their `traces` in file order
    /// ([`crate::run::simulate_all`]).
    pub fn new(file: &str, net: &Network, traces: Vec<Trace<'a>>) -> Report<'a> {
        Report {
            traces,
            ..Report::header(file, net)
        }
    }

    /// The report without its traces (the streaming renderers write those one by one).
    pub fn header(file: &str, net: &Network) -> Report<'a> {
        Report {
            format_version: FORMAT_VERSION,
            file: file.to_string(),
            scenario: net.name.clone(),
            description: net.description.clone(),
            region: net.region.to_string(),
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
    /// The kind of warning (`docs/errors.md`, Kinds): `unused`, `captured-public-api`, ...
    pub code: &'static str,
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

impl From<crate::error::Diagnostic> for ReportDiagnostic {
    /// Takes the diagnostic's words rather than copying them (a million-request file can have a
    /// hundred thousand warnings, all in the JSON report).
    fn from(d: crate::error::Diagnostic) -> Self {
        ReportDiagnostic {
            severity: d.severity.name(),
            code: d.code.name(),
            line: d.pos.line,
            column: d.pos.column,
            message: d.message,
            help: d.help,
        }
    }
}

impl From<&crate::error::Diagnostic> for ReportDiagnostic {
    fn from(d: &crate::error::Diagnostic) -> Self {
        ReportDiagnostic {
            severity: d.severity.name(),
            code: d.code.name(),
            line: d.pos.line,
            column: d.pos.column,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}
