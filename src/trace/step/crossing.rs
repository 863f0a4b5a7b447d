//! What crossed a filter, and the words a trace writes of it: a packet's protocol and ports.

use super::*;

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
    /// Its protocol (for ICMP, an echo request or its reply, the "port" is the ICMP type).
    pub protocol: Protocol,
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
            protocol: self.protocol,
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
        let icmp = self.protocol == Protocol::Icmp;
        let protocol = if self.protocol == Protocol::Udp {
            "udp"
        } else {
            "tcp"
        };
        match self.crossing {
            Crossing::Packet { port, remote } => {
                let what = ProtocolPort(self.protocol, port);
                write!(f, "{what} {preposition} {}", Addr(remote))
            }
            Crossing::Replies { from, to, ports } if icmp => {
                f.write_str("replies ")?;
                if self.ingress {
                    write!(f, "from {} ", Addr(from))?;
                }
                write!(f, "to {} icmp type {}", Addr(to), Ports(ports))
            }
            Crossing::Replies { from, to, ports } => {
                f.write_str("replies ")?;
                if self.ingress {
                    write!(f, "from {} ", Addr(from))?;
                }
                write!(f, "to {} {protocol}/{}", Addr(to), Ports(ports))
            }
        }
    }
}

impl Serialize for Checked<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub(super) fn not_other(p: &Protocol) -> bool {
    *p != Protocol::Other
}

pub(super) fn written_true<S: serde::Serializer>(_: &Protocol, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bool(true)
}

/// A packet's protocol and destination port as traces write them: `tcp/443`, `udp/53`, `icmp
/// type 8` (ICMP's "port" is its type), or `another protocol` (`ip://`, which has no ports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtocolPort(pub Protocol, pub u16);

impl std::fmt::Display for ProtocolPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let port = self.1;
        match self.0 {
            Protocol::Tcp => write!(f, "tcp/{port}"),
            Protocol::Udp => write!(f, "udp/{port}"),
            Protocol::Icmp => write!(f, "icmp type {port}"),
            Protocol::Other | Protocol::All => f.write_str("another protocol"),
        }
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
    /// UDP rather than TCP (written only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub udp: bool,
    /// ICMP rather than TCP, `ports` holding the ICMP type (written only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub icmp: bool,
    /// Another protocol than TCP, UDP and ICMP (`ip://`), `ports` meaningless (written only when
    /// true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ip: bool,
}
