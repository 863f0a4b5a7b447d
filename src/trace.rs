//! A request's trace: the ordered steps it took and the one outcome it ended in.
//!
//! A trace is data (the renderers in [`crate::report`] only read it). A denied, dropped or
//! unresolvable request is an [`Outcome`], never an error. Steps name the scenario's own ids
//! and say why each decision was taken; why a request ended is data too ([`DropReason`],
//! [`DnsReason`], [`TlsReason`], [`RefusalReason`]), put in words only where it is shown.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use serde::Serialize;

mod format;
mod outcome;
mod owned;
mod reason;
mod record;
mod step;
mod summary;
pub use format::*;
pub use outcome::*;
use owned::*;
pub use reason::*;
pub use record::*;
pub use step::*;

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
