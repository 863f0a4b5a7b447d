//! Addresses and CIDRs written in one go, without the formatting machinery (a trace writes
//! millions of them).

use super::*;

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
