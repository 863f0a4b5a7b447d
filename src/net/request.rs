//! A request to simulate: its client, its URL, and what it is expected to do.

use super::*;

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// An instance.
    Instance(InstanceIx),
    /// A client on the internet with this address.
    Internet(Ipv4Addr),
    /// A Lambda function outside any VPC (its index in [`super::Network::lambdas`]), calling
    /// from this address of AWS's public space.
    Lambda(usize, Ipv4Addr),
    /// A client on an on-premises site.
    Site(SiteClientIx),
}

pub use crate::aws::words::OutcomeKind;

/// Expectations.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// Outcome kind.
    pub outcome: Option<OutcomeKind>,
    /// Status.
    pub status: Option<u16>,
    /// Must touch.
    pub via: Vec<String>,
    /// Must not touch.
    pub not_via: Vec<String>,
    /// Body substring.
    pub body_contains: Option<String>,
}

/// A parsed URL.
#[derive(Debug, Clone)]
pub struct Url {
    /// `http`, `https`, `ws` or `wss`.
    pub scheme: String,
    /// Host, lower case.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Path, starting with `/`, without the query.
    pub path: String,
    /// The query string, without `?` (empty when there is none).
    pub query: String,
}

impl Url {
    /// Whether the connection is TLS: `https://` and `wss://`.
    pub fn tls(&self) -> bool {
        self.scheme == "https" || self.scheme == "wss"
    }

    /// Whether it is HTTP (`http`, `https`, `ws`, `wss`) rather than a plain `tcp://` or
    /// `udp://` flow.
    pub fn is_http(&self) -> bool {
        !matches!(self.scheme.as_str(), "tcp" | "udp")
    }

    /// Whether the request opens a WebSocket (`ws://`, `wss://`): an HTTP GET asking to upgrade.
    pub fn websocket(&self) -> bool {
        self.scheme == "ws" || self.scheme == "wss"
    }
}

/// A request.
#[derive(Debug)]
pub struct Request {
    /// Name.
    pub name: String,
    /// Client.
    pub client: Client,
    /// The URL as written.
    pub url_text: String,
    /// The URL parsed.
    pub url: Url,
    /// Method, upper case.
    pub method: String,
    /// Headers, names lower case.
    pub headers: BTreeMap<String, String>,
    /// Verify the certificate.
    pub tls_verify: bool,
    /// Expectations.
    pub expect: Option<Expect>,
    /// The signed caller; `None` is anonymous.
    pub caller: Option<Box<crate::policy::Principal>>,
    /// A WebSocket message sent once the connection is open.
    pub message: Option<Box<str>>,
    /// The instance a `tcp://` or `udp://` URL names by its id (its private address).
    pub host_instance: Option<InstanceIx>,
}
