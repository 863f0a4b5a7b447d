//! The steps of a trace: what each layer decided, as data (the DNS answer, a route, a filter's
//! verdict, a policy's decision, an arrival, a drop).

use super::*;
use crate::aws::words::Protocol;

mod crossing;
pub use crossing::*;

/// What a DNS lookup answered at one step of a chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Answer {
    /// Addresses.
    A {
        /// The addresses.
        addresses: Vec<Ipv4Addr>,
    },
    /// An alias to another name.
    Cname {
        /// The target.
        target: String,
    },
    /// A Route 53 alias, answered with the target's addresses by the authoritative side.
    Alias {
        /// The alias target.
        target: String,
        /// Its addresses.
        addresses: Vec<Ipv4Addr>,
    },
    /// The name does not exist.
    Nxdomain,
}

/// One step of a trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step<'a> {
    /// A DNS answer.
    Dns {
        /// Whose resolver asked: the VPC's id, or `public` for the internet's view.
        resolver: Name<'a>,
        /// The name asked.
        name: Name<'a>,
        /// Which zone answered (`private zone example.com`, `vpce-x private DNS (zone ...)`, ...),
        /// and how the query reached it.
        source: DnsSource,
        /// The record that matched, when it is not the name itself (a wildcard).
        #[serde(skip_serializing_if = "Option::is_none")]
        record: Option<String>,
        /// The answer.
        answer: Answer,
    },
    /// A DNS query sent as packets to UDP port 53, routed and filtered like any others (F5.12):
    /// by the client to a DNS server its VPC's DHCP options name (before the name is asked),
    /// by a Resolver outbound endpoint to a forwarding rule's target, or by a site's DNS server
    /// to a Resolver inbound endpoint (F5.13).
    Query {
        /// The client, or the outbound endpoint.
        from: Name<'a>,
        /// The DNS server's address.
        server: Ipv4Addr,
        /// The VPC whose DHCP options name the server, or the outbound endpoint's.
        vpc: Name<'a>,
        /// The forwarding rule that sent it, when a Resolver did.
        #[serde(skip_serializing_if = "Option::is_none")]
        rule: Option<Name<'a>>,
        /// The Resolver inbound endpoint it was sent to, when a site's DNS server forwarded it
        /// there (F5.13); `vpc` is then the endpoint's.
        #[serde(skip_serializing_if = "Option::is_none")]
        inbound_endpoint: Option<Name<'a>>,
        /// Whether the server answered; when not, the query's steps follow this one.
        answered: bool,
        /// The query's own steps when it was answered (routes, filters, the arrival): not
        /// shown, but what the answer depended on (`fix` reads them).
        #[serde(skip)]
        legs: Vec<Step<'a>>,
    },
    /// The client connects to an address.
    Connect {
        /// The client.
        from: Name<'a>,
        /// Source address.
        source: Ipv4Addr,
        /// Destination address.
        destination: Ipv4Addr,
        /// Destination port (0 for ICMP and other protocols, which have none).
        port: u16,
        /// Its protocol: written `"ip": true` for another protocol (`ip://`), else not at all
        /// (the port says TCP or UDP; 0 is ICMP).
        #[serde(
            rename = "ip",
            skip_serializing_if = "not_other",
            serialize_with = "written_true"
        )]
        protocol: Protocol,
    },
    /// A route table decision.
    Route {
        /// The subnet whose table was used.
        subnet: Name<'a>,
        /// The table.
        table: Name<'a>,
        /// The matching route's destination.
        destination: Name<'a>,
        /// The route's target.
        target: Name<'a>,
        /// Whether this routes the replies back (checked where a path crosses VPCs).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        reply: bool,
    },
    /// The packets stay inside one subnet: they go to the destination's network interface by
    /// its MAC address, at layer 2, and no route table applies to them (F6.33).
    Layer2 {
        /// The subnet.
        subnet: Name<'a>,
        /// Where the packets go: the destination, or the client for the replies.
        destination: Ipv4Addr,
        /// Whether these are the replies.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        reply: bool,
    },
    /// Address translation by a gateway.
    Translate {
        /// The gateway.
        gateway: Name<'a>,
        /// Address before.
        from: Ipv4Addr,
        /// Address after.
        to: Ipv4Addr,
        /// The destination is translated (an internet gateway's one-to-one NAT for a packet
        /// from the internet, F6.34), not the source.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        destination: bool,
    },
    /// A security group or network ACL decision.
    Filter {
        /// The group or ACL.
        filter: Name<'a>,
        /// `ingress` or `egress` and what it was checked for, in words.
        direction: Checked<'a>,
        /// The same as data.
        packet: FilterPacket,
        /// Whether the packet passed.
        allowed: bool,
        /// The rule that decided, as the console shows it.
        rule: Name<'a>,
    },
    /// The packets arrive at a component that answers.
    Arrive {
        /// The component (a scenario id or an AWS front end).
        at: Name<'a>,
        /// What it is.
        detail: String,
    },
    /// The TLS handshake.
    Tls {
        /// The server name the client sent (SNI).
        server_name: Name<'a>,
        /// The certificate name that covered it, if any.
        certificate: Option<Name<'a>>,
        /// Whether the client checked it.
        verified: bool,
    },
    /// A decision of the service.
    Service {
        /// Where it was taken (API id, custom domain, endpoint, front end).
        at: Name<'a>,
        /// What was decided and why.
        detail: String,
        /// When the decision is a policy's: which policy and how it decided, as data.
        #[serde(skip_serializing_if = "Option::is_none")]
        policy: Option<PolicyCheck<'a>>,
    },
    /// A load balancer's decision: the listener that takes the connection, its target group and
    /// the target the node sends it to (F6.38-F6.43).
    Balance {
        /// The load balancer.
        at: Name<'a>,
        /// The listener, as `HTTP:80`; none when the load balancer answers itself.
        #[serde(skip_serializing_if = "Option::is_none")]
        listener: Option<String>,
        /// The target group its action forwards to.
        #[serde(skip_serializing_if = "Option::is_none")]
        target_group: Option<Name<'a>>,
        /// The target chosen (an instance's id, or an address), if there is one.
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<Name<'a>>,
        /// What was decided and why.
        detail: String,
    },
    /// The packets are dropped.
    Drop {
        /// Where.
        at: Name<'a>,
        /// Why.
        reason: DropReason,
    },
}

/// A policy's decision on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyCheck<'a> {
    /// Whose policy: `resource` (an API's), `endpoint` (a VPC endpoint's) or `domain` (a
    /// private custom domain's).
    pub kind: PolicyKind,
    /// The API, endpoint or custom domain whose policy it is.
    pub of: Name<'a>,
    /// How it decided.
    pub decision: PolicyDecision,
}

/// Whose policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// An API's resource policy.
    Resource,
    /// A VPC endpoint's policy.
    Endpoint,
    /// A private custom domain's policy.
    Domain,
}

impl PolicyKind {
    /// As JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Resource => "resource",
            PolicyKind::Endpoint => "endpoint",
            PolicyKind::Domain => "domain",
        }
    }
}

/// How a policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyDecision {
    /// A statement allows the request.
    Allow,
    /// A statement denies it.
    ExplicitDeny,
    /// No statement allows it.
    ImplicitDeny,
}

impl PolicyDecision {
    /// As JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            PolicyDecision::Allow => "allow",
            PolicyDecision::ExplicitDeny => "explicit-deny",
            PolicyDecision::ImplicitDeny => "implicit-deny",
        }
    }
}
