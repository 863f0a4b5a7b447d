//! Why a request ended where it did, as data: why its packets were dropped ([`DropReason`]),
//! why its name did not resolve ([`DnsReason`]) and which zone answered a name ([`DnsSource`]),
//! why TLS failed ([`TlsReason`]), why a host refused it ([`RefusalReason`]).
//!
//! The layers that decide build these; the words are written in one place, by their
//! `Display` (in `trace/show/`), which JSON also writes (each serializes as its words). Code
//! that acts on a reason (`fix`) matches its variant, never its words. A reason holds plain
//! data (ids as [`SmolStr`], addresses, ports), not indices into a network, since `trace` sits
//! below the network; it is built only where a request ends, so its ids are copied then.

use smol_str::SmolStr;

use super::*;

mod dns;
mod dropped;
mod replies;
pub use dns::*;
pub use dropped::*;
pub use replies::*;

/// Why TLS failed: the reason of an [`Outcome::TlsError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsReason {
    /// No certificate name of the door covers the name the client connected to.
    NoCertificate {
        /// What answered (a door's name, `s3 us-east-1`).
        front: SmolStr,
        /// The name the client connected to (the URL's host).
        host: SmolStr,
        /// The names the door's certificates cover.
        presents: Vec<SmolStr>,
    },
}

/// Why a host refused a connection: the reason of an [`Outcome::Refused`] (F6.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalReason {
    /// Nothing on the instance listens on the TCP port: it answers with a reset.
    Reset {
        /// The instance.
        host: SmolStr,
        /// The port.
        port: u16,
    },
    /// Nothing on the instance listens on the UDP port: it answers ICMP port unreachable.
    PortUnreachable {
        /// The instance.
        host: SmolStr,
        /// The port.
        port: u16,
    },
}

/// Reasons serialize as their words, as the reports have always written them.
macro_rules! serialize_as_words {
    ($($t:ty),*) => {
        $(impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        })*
    };
}

serialize_as_words!(
    DropReason,
    NoWayBack,
    DnsReason,
    DnsSource,
    TlsReason,
    RefusalReason
);
