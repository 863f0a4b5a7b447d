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
    /// The DNS answer.
    pub dns: Option<DnsWant>,
    /// What the DNS query must go through.
    pub dns_via: Vec<String>,
    /// The components whose addresses complete [`Expect::dns`], until [`Expect::settle`] adds
    /// them (a streamed file's requests are resolved apart from the network).
    pub dns_of: Vec<DnsOf>,
}

/// A component whose addresses an expected DNS answer names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsOf {
    /// An instance: its private address.
    Instance(InstanceIx),
    /// An interface endpoint: its network interfaces' addresses.
    Endpoint(EndpointIx),
}

impl Expect {
    /// Adds the addresses of the components `dns:` names to the expected answer.
    pub fn settle(&mut self, net: &Network) {
        let Some(DnsWant::Addresses(addresses)) = &mut self.dns else {
            return;
        };
        for of in self.dns_of.drain(..) {
            match of {
                DnsOf::Instance(i) => addresses.push(net.instances[i.0].private_ip),
                DnsOf::Endpoint(e) => addresses.extend(net.endpoints[e.0].addresses()),
            }
        }
        addresses.sort();
        addresses.dedup();
    }
}

/// An expected DNS answer (`expect.dns`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsWant {
    /// These addresses, in any order (none: the name has no address).
    Addresses(Vec<Ipv4Addr>),
    /// The name does not exist.
    Nxdomain,
    /// No answer: the resolver fails (SERVFAIL) or never answers; vpcpath does not tell the two
    /// apart (F5.2).
    Servfail,
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
        !matches!(self.scheme.as_str(), "tcp" | "udp" | "icmp" | "ip")
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
    /// The signed caller; `None` is an unsigned request, or one whose signer is not named.
    pub caller: Option<Box<crate::policy::Principal>>,
    /// Written `caller: anonymous`: sent unsigned. Without `caller:`, API Gateway sees an
    /// unsigned request and AWS services' APIs one signed by a principal not named (F6.81).
    pub unsigned: bool,
    /// A WebSocket message sent once the connection is open.
    pub message: Option<Box<str>>,
    /// The instance a `tcp://` or `udp://` URL names by its id (its private address).
    pub host_instance: Option<InstanceIx>,
}
