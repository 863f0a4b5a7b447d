//! A request's trace: the ordered steps it took and the one outcome it ended in.
//!
//! A trace is data (the renderers in [`crate::report`] only read it). A denied, dropped or
//! unresolvable request is an [`Outcome`], never an error. Steps name the scenario's own ids
//! and say why each decision was taken.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use serde::Serialize;

/// A name in a trace (an id of the network, a part of the request) or words the network holds
/// (a filter rule's), borrowed from them while the trace is written out (a trace names a dozen
/// components, and copying each name cost a streamed run more than writing it), owned once the
/// trace outlives them ([`Trace::into_owned`]).
pub type Name<'a> = Cow<'a, str>;

/// One request's simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace<'a> {
    /// The request's name.
    pub request: Name<'a>,
    /// The client (`i-...` or `internet`).
    pub from: Name<'a>,
    /// Method.
    pub method: Name<'a>,
    /// URL as written.
    pub url: Name<'a>,
    /// Steps in order.
    pub steps: Vec<Step<'a>>,
    /// Scenario components the path touched, in order, without repeats.
    pub path: Vec<Name<'a>>,
    /// How it ended.
    pub outcome: Outcome,
}

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
        /// Which zone answered: `private zone example.com`, `vpce-x private DNS`, ...
        source: String,
        /// The record that matched, when it is not the name itself (a wildcard).
        #[serde(skip_serializing_if = "Option::is_none")]
        record: Option<String>,
        /// The answer.
        answer: Answer,
    },
    /// The client connects to an address.
    Connect {
        /// The client.
        from: Name<'a>,
        /// Source address.
        source: Ipv4Addr,
        /// Destination address.
        destination: Ipv4Addr,
        /// Destination port.
        port: u16,
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
    /// Address translation by a gateway.
    Translate {
        /// The gateway.
        gateway: Name<'a>,
        /// Address before.
        from: Ipv4Addr,
        /// Address after.
        to: Ipv4Addr,
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
    /// The packets are dropped.
    Drop {
        /// Where.
        at: Name<'a>,
        /// Why.
        reason: String,
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

/// What a filter checked, in words written where the step is rendered (a trace checks half a
/// dozen filters, and a string for each cost a streamed run more than writing it out):
/// `egress of i-app, tcp/443 to 10.0.2.10`, `ingress of subnet-a, replies from 10.1.0.5 to
/// 10.0.1.10 tcp/1024-65535`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<'a> {
    /// Entering (true) or leaving.
    pub ingress: bool,
    /// The subnet, or the owner of the interface.
    pub of: Name<'a>,
    /// What crossed.
    pub crossing: Crossing,
}

/// What crossed a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// The request's packets.
    Packet {
        /// Destination port.
        port: u16,
        /// The other end.
        remote: Ipv4Addr,
    },
    /// The replies, crossing a network ACL.
    Replies {
        /// Where they come from (written for replies entering).
        from: Ipv4Addr,
        /// Where they go.
        to: Ipv4Addr,
        /// Their destination ports.
        ports: (u16, u16),
    },
}

impl Checked<'_> {
    /// The same words owning their names.
    pub fn into_owned(self) -> Checked<'static> {
        Checked {
            ingress: self.ingress,
            of: owned(self.of),
            crossing: self.crossing,
        }
    }
}

impl std::fmt::Display for Checked<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (direction, preposition) = if self.ingress {
            ("ingress", "from")
        } else {
            ("egress", "to")
        };
        write!(f, "{direction} of {}, ", self.of)?;
        match self.crossing {
            Crossing::Packet { port, remote } => {
                write!(f, "tcp/{port} {preposition} {}", Addr(remote))
            }
            Crossing::Replies { from, to, ports } => {
                f.write_str("replies ")?;
                if self.ingress {
                    write!(f, "from {} ", Addr(from))?;
                }
                write!(f, "to {} tcp/{}", Addr(to), Ports(ports))
            }
        }
    }
}

impl Serialize for Checked<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A port range as written: `443` or `1024-65535`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports(pub (u16, u16));

impl std::fmt::Display for Ports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (low, high) = self.0;
        if low == high {
            write!(f, "{low}")
        } else {
            write!(f, "{low}-{high}")
        }
    }
}

/// What a filter checked: the direction, the other end, the destination ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FilterPacket {
    /// Entering (true) or leaving the subnet or interface.
    pub ingress: bool,
    /// The other end: the source for ingress, the destination for egress.
    pub remote: Ipv4Addr,
    /// Destination ports (one port, or a client's ephemeral range for replies).
    pub ports: (u16, u16),
    /// Whether these are the replies to the request.
    pub reply: bool,
}

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
        reason: String,
    },
    /// The name did not resolve.
    DnsFailure {
        /// Why.
        reason: String,
    },
    /// The certificate did not match.
    TlsError {
        /// Why.
        reason: String,
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

impl Trace<'_> {
    /// The same trace owning its names, to outlive the network and the request it names.
    pub fn into_owned(self) -> Trace<'static> {
        Trace {
            request: owned(self.request),
            from: owned(self.from),
            method: owned(self.method),
            url: owned(self.url),
            steps: self.steps.into_iter().map(Step::into_owned).collect(),
            path: self.path.into_iter().map(owned).collect(),
            outcome: self.outcome,
        }
    }

    /// Whether the path touched a component.
    pub fn touches(&self, id: &str) -> bool {
        self.path.iter().any(|p| p == id)
    }
}

/// How much of a walk to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every step, for the reports.
    Every,
    /// Only where the request ended, for summaries: no step is built at all.
    Ending,
}

/// Where a walk records its steps, as the layers take their decisions.
///
/// A report needs every step; a summary needs only the component where each request ended.
/// Steps are handed over as closures, so that a summary builds none of them: their text (ids,
/// addresses and rules formatted into reasons) is most of what a request costs.
#[derive(Debug)]
pub struct Steps<'a> {
    detail: Detail,
    list: Vec<Step<'a>>,
    /// With [`Detail::Ending`]: where the last step that could end a request was taken.
    ended_at: Option<String>,
}

impl<'a> Steps<'a> {
    /// An empty record.
    pub fn new(detail: Detail) -> Steps<'a> {
        Steps {
            detail,
            // A trace takes about a dozen steps: room for them up front saves regrowing.
            list: Vec::with_capacity(if detail == Detail::Every { 16 } else { 0 }),
            ended_at: None,
        }
    }

    /// Records a step that does not end a request: DNS, connect, route, translate, filter, TLS.
    pub fn push(&mut self, make: impl FnOnce() -> Step<'a>) {
        if self.detail == Detail::Every {
            let step = make();
            debug_assert!(
                step.ended_at().is_none(),
                "arrive, service and drop steps are recorded with `at`"
            );
            self.list.push(step);
        }
    }

    /// Records a step taken at component `at` that may be where the request ends: an arrival,
    /// a decision of the service, a drop.
    pub fn at(&mut self, at: &str, make: impl FnOnce() -> Step<'a>) {
        match self.detail {
            Detail::Every => {
                let step = make();
                debug_assert_eq!(step.ended_at(), Some(at), "the step is taken at `at`");
                self.list.push(step);
            }
            Detail::Ending => match &mut self.ended_at {
                Some(s) => {
                    s.clear();
                    s.push_str(at);
                }
                None => self.ended_at = Some(at.to_string()),
            },
        }
    }

    /// Records a decision of the service taken at `at`.
    pub fn service(&mut self, at: &Name<'a>, detail: impl FnOnce() -> String) {
        self.at(at, || Step::Service {
            at: at.clone(),
            detail: detail(),
            policy: None,
        });
    }

    /// Records a policy's decision, taken at `at`.
    pub fn policy(
        &mut self,
        at: &Name<'a>,
        kind: PolicyKind,
        of: &'a str,
        decision: PolicyDecision,
        detail: impl FnOnce() -> String,
    ) {
        self.at(at, || Step::Service {
            at: at.clone(),
            detail: detail(),
            policy: Some(PolicyCheck {
                kind,
                of: Name::Borrowed(of),
                decision,
            }),
        });
    }

    /// The steps recorded (none with [`Detail::Ending`]).
    pub fn into_steps(self) -> Vec<Step<'a>> {
        self.list
    }

    /// Where the last arrival, service decision or drop was taken.
    pub fn into_ended_at(self) -> Option<String> {
        match self.detail {
            Detail::Every => last_ended_at(&self.list),
            Detail::Ending => self.ended_at,
        }
    }
}

/// A name owned.
fn owned(name: Name<'_>) -> Name<'static> {
    Name::Owned(name.into_owned())
}

impl Step<'_> {
    /// The same step owning its names.
    pub fn into_owned(self) -> Step<'static> {
        match self {
            Step::Dns {
                resolver,
                name,
                source,
                record,
                answer,
            } => Step::Dns {
                resolver: owned(resolver),
                name: owned(name),
                source,
                record,
                answer,
            },
            Step::Connect {
                from,
                source,
                destination,
                port,
            } => Step::Connect {
                from: owned(from),
                source,
                destination,
                port,
            },
            Step::Route {
                subnet,
                table,
                destination,
                target,
                reply,
            } => Step::Route {
                subnet: owned(subnet),
                table: owned(table),
                destination: owned(destination),
                target: owned(target),
                reply,
            },
            Step::Translate { gateway, from, to } => Step::Translate {
                gateway: owned(gateway),
                from,
                to,
            },
            Step::Filter {
                filter,
                direction,
                packet,
                allowed,
                rule,
            } => Step::Filter {
                filter: owned(filter),
                direction: direction.into_owned(),
                packet,
                allowed,
                rule: owned(rule),
            },
            Step::Arrive { at, detail } => Step::Arrive {
                at: owned(at),
                detail,
            },
            Step::Tls {
                server_name,
                certificate,
                verified,
            } => Step::Tls {
                server_name: owned(server_name),
                certificate: certificate.map(owned),
                verified,
            },
            Step::Service { at, detail, policy } => Step::Service {
                at: owned(at),
                detail,
                policy: policy.map(|p| PolicyCheck {
                    kind: p.kind,
                    of: owned(p.of),
                    decision: p.decision,
                }),
            },
            Step::Drop { at, reason } => Step::Drop {
                at: owned(at),
                reason,
            },
        }
    }

    /// Where the step was taken, for the steps that may end a request (an arrival, a decision
    /// of the service, a drop).
    pub fn ended_at(&self) -> Option<&str> {
        match self {
            Step::Drop { at, .. } | Step::Service { at, .. } | Step::Arrive { at, .. } => Some(at),
            _ => None,
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
fn last_ended_at(steps: &[Step]) -> Option<String> {
    steps
        .iter()
        .rev()
        .find_map(|s| s.ended_at().map(str::to_string))
}

/// An IPv4 address that formats in one write: std's `Display` writes each octet through the
/// formatting machinery, and the steps of a trace format a few addresses each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Addr(pub Ipv4Addr);

impl Addr {
    /// The address in dotted decimal, written into `buf`.
    pub fn encode(self, buf: &mut [u8; 15]) -> &str {
        let mut n = 0;
        for (i, octet) in self.0.octets().into_iter().enumerate() {
            if i > 0 {
                buf[n] = b'.';
                n += 1;
            }
            if octet >= 100 {
                buf[n] = b'0' + octet / 100;
                n += 1;
            }
            if octet >= 10 {
                buf[n] = b'0' + octet / 10 % 10;
                n += 1;
            }
            buf[n] = b'0' + octet % 10;
            n += 1;
        }
        // Only ASCII digits and dots were written.
        std::str::from_utf8(&buf[..n]).unwrap_or_default()
    }
}

impl std::fmt::Display for Addr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.encode(&mut [0u8; 15]))
    }
}

/// A CIDR block that formats in one write, as [`Addr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr(pub ipnet::Ipv4Net);

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", Addr(self.0.addr()), self.0.prefix_len())
    }
}

/// `format!` into a string sized for a step's text up front (`format!` sizes from the literal
/// pieces alone and regrows as the arguments are written).
macro_rules! text {
    ($($arg:tt)*) => {{
        use std::fmt::Write as _;
        let mut s = String::with_capacity(96);
        let _ = write!(s, $($arg)*);
        s
    }};
}
pub(crate) use text;

mod show;
pub use show::*;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn addr_formats_as_std_does(a: u32) {
            let ip = Ipv4Addr::from(a);
            prop_assert_eq!(Addr(ip).to_string(), ip.to_string());
        }
    }

    proptest! {
        #[test]
        fn cidr_formats_as_ipnet_does(a: u32, len in 0u8..=32) {
            let net = ipnet::Ipv4Net::new(Ipv4Addr::from(a), len).unwrap();
            prop_assert_eq!(Cidr(net).to_string(), net.to_string());
        }
    }

    #[test]
    fn addr_formats_the_edges() {
        for s in ["0.0.0.0", "255.255.255.255", "10.0.9.100", "1.20.199.5"] {
            let ip: Ipv4Addr = s.parse().unwrap();
            assert_eq!(Addr(ip).to_string(), s);
        }
    }
}
