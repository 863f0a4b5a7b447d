//! How a request ended ([`Outcome`]), and what a summary keeps of it ([`Ending`]).

use super::*;

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// A service answered.
    Http {
        /// Status.
        status: u16,
        /// Body.
        body: String,
        /// The `x-amzn-ErrorType` header, where AWS sends one.
        #[serde(skip_serializing_if = "Option::is_none")]
        error_type: Option<String>,
    },
    /// Packets were dropped; the client times out.
    Timeout {
        /// Why.
        reason: DropReason,
    },
    /// The name did not resolve.
    DnsFailure {
        /// Why.
        reason: DnsReason,
    },
    /// The certificate did not match.
    TlsError {
        /// Why.
        reason: TlsReason,
    },
    /// A TCP connection opened: something listens on the port (F6.10).
    Connected {
        /// Who accepted it.
        detail: String,
    },
    /// The host answered with a reset: nothing listens on the port (F6.10).
    Refused {
        /// Why.
        reason: RefusalReason,
    },
    /// A packet of another protocol (`ip://`) reached its destination; what the host does
    /// with it, and whether anything comes back, is not modelled (F6.71).
    Delivered {
        /// Who it reached.
        detail: String,
    },
}

impl Outcome {
    /// The outcome kind's name as scenarios write it.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Http { .. } => "http",
            Outcome::Timeout { .. } => "timeout",
            Outcome::DnsFailure { .. } => "dns-failure",
            Outcome::TlsError { .. } => "tls-error",
            Outcome::Connected { .. } => "connected",
            Outcome::Refused { .. } => "refused",
            Outcome::Delivered { .. } => "delivered",
        }
    }

    /// A one-line summary: `http 403 ForbiddenException`, `timeout`, ...
    pub fn summary(&self) -> String {
        match self {
            Outcome::Http {
                status, error_type, ..
            } => match error_type {
                Some(t) => format!("http {status} {t}"),
                None => format!("http {status}"),
            },
            other => other.kind().to_string(),
        }
    }
}

/// How a request ended and where: what a summary keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    /// The outcome.
    pub outcome: Outcome,
    /// `DNS` for a name that did not resolve; else the component of the last arrival, service
    /// decision or drop; else the client.
    pub at: String,
}

impl Ending {
    /// The ending of a request from `from` whose last arrival, decision or drop was `last_at`.
    pub fn new(outcome: Outcome, last_at: Option<String>, from: &str) -> Ending {
        let at = match &outcome {
            Outcome::DnsFailure { .. } => "DNS".to_string(),
            _ => last_at.unwrap_or_else(|| from.to_string()),
        };
        Ending { outcome, at }
    }

    /// The ending of a whole trace.
    pub fn of(t: &Trace) -> Ending {
        Ending::new(t.outcome.clone(), last_ended_at(&t.steps), &t.from)
    }
}

/// Where the last arrival, service decision or drop of `steps` was taken.
pub(crate) fn last_ended_at(steps: &[Step]) -> Option<String> {
    steps
        .iter()
        .rev()
        .find_map(|s| s.ended_at().map(str::to_string))
}
