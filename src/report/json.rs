//! The JSON report: the [`Report`] structs serialized with serde, steps tagged by `"type"`
//! and outcomes by `"kind"`. The shape is documented in `docs/json.md`.

use std::io::{self, Write};
use std::net::Ipv4Addr;

use super::Report;
use crate::trace::{Addr, Answer, Outcome, Step, Trace};

/// Renders reports as one pretty-printed JSON array.
pub fn render(w: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, reports)?;
    writeln!(w)
}

/// One request as a JSON Lines record: the file, then the trace's fields, on one line.
///
/// The same bytes as serde_json would write for `{"file": ..., ...trace}` (a test compares
/// them on every scenario), written by hand: most of a line is strings that need no escape,
/// and copying those in one go instead of byte by byte is most of a streamed run's
/// serializing time.
pub fn line(file: &str, t: &Trace) -> Vec<u8> {
    let mut out = Vec::with_capacity(2048);
    write_line(&mut out, file, t);
    out
}

/// Appends `t`'s JSON line (see [`line`]) to `out`: a streamed run writes many lines into one
/// buffer it reuses.
pub fn write_line(out: &mut Vec<u8>, file: &str, t: &Trace) {
    let mut w = Line(out);
    w.0.extend_from_slice(b"{\"file\":");
    w.str(file);
    w.key("request");
    w.str(&t.request);
    w.key("from");
    w.str(&t.from);
    w.key("method");
    w.str(&t.method);
    w.key("url");
    w.str(&t.url);
    w.key("steps");
    w.0.push(b'[');
    for (i, step) in t.steps.iter().enumerate() {
        if i > 0 {
            w.0.push(b',');
        }
        w.step(step);
    }
    w.0.push(b']');
    w.key("path");
    w.0.push(b'[');
    for (i, p) in t.path.iter().enumerate() {
        if i > 0 {
            w.0.push(b',');
        }
        w.str(p);
    }
    w.0.push(b']');
    w.key("outcome");
    w.outcome(&t.outcome);
    w.0.extend_from_slice(b"}\n");
}

/// Whether JSON must escape something in `s`: a control character, `"` or `\\`. Tested eight
/// bytes at a time (the strings of a trace are ids, names and reasons, mostly 10 to 80 bytes).
fn needs_escape(s: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // Whether a byte of `w` is zero (exact: no false positive when asking if any is).
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH != 0;
    let mut words = s.chunks_exact(8);
    for word in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(word);
        let w = u64::from_le_bytes(b);
        // A byte below 0x20 (a byte of 0x80 or more is not, and is masked out by `!w`).
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
        if control
            || has_zero(w ^ (ONES * u64::from(b'"')))
            || has_zero(w ^ (ONES * u64::from(b'\\')))
        {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A JSON line being written.
struct Line<'a>(&'a mut Vec<u8>);

impl Line<'_> {
    /// `,"name":`
    fn key(&mut self, name: &str) {
        self.0.extend_from_slice(b",\"");
        self.0.extend_from_slice(name.as_bytes());
        self.0.extend_from_slice(b"\":");
    }

    /// `{"tag":"value"`, the start of an internally tagged object.
    fn tagged(&mut self, tag: &str, value: &str) {
        self.0.extend_from_slice(b"{\"");
        self.0.extend_from_slice(tag.as_bytes());
        self.0.extend_from_slice(b"\":\"");
        self.0.extend_from_slice(value.as_bytes());
        self.0.push(b'"');
    }

    /// A string: copied as it is when nothing in it needs escaping (JSON escapes only control
    /// characters, `"` and `\\`), else escaped by serde_json.
    fn str(&mut self, s: &str) {
        if !needs_escape(s.as_bytes()) {
            self.0.push(b'"');
            self.0.extend_from_slice(s.as_bytes());
            self.0.push(b'"');
        } else if serde_json::to_writer(&mut self.0, s).is_err() {
            // Writing a string to memory cannot fail.
            self.0.extend_from_slice(b"\"\"");
        }
    }

    /// A string written by `Display` straight into the line, escaped (by [`Line::str`]) only
    /// in the rare case it needs it.
    fn display(&mut self, d: &dyn std::fmt::Display) {
        let start = self.0.len();
        self.0.push(b'"');
        let _ = write!(self.0, "{d}");
        if needs_escape(&self.0[start + 1..]) {
            let text = String::from_utf8_lossy(&self.0[start + 1..]).into_owned();
            self.0.truncate(start);
            self.str(&text);
        } else {
            self.0.push(b'"');
        }
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.0.extend_from_slice(b"null"),
        }
    }

    fn ip(&mut self, ip: Ipv4Addr) {
        let mut buf = [0u8; 15];
        self.0.push(b'"');
        self.0
            .extend_from_slice(Addr(ip).encode(&mut buf).as_bytes());
        self.0.push(b'"');
    }

    fn ips(&mut self, ips: &[Ipv4Addr]) {
        self.0.push(b'[');
        for (i, ip) in ips.iter().enumerate() {
            if i > 0 {
                self.0.push(b',');
            }
            self.ip(*ip);
        }
        self.0.push(b']');
    }

    fn num(&mut self, n: u16) {
        let mut buf = [0u8; 5];
        let mut at = buf.len();
        let mut n = n;
        loop {
            at -= 1;
            // A digit: `n % 10` is below 10.
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.extend_from_slice(&buf[at..]);
    }

    fn bool(&mut self, b: bool) {
        self.0
            .extend_from_slice(if b { b"true" as &[u8] } else { b"false" });
    }

    fn step(&mut self, step: &Step) {
        match step {
            Step::Dns {
                resolver,
                name,
                source,
                record,
                answer,
            } => {
                self.tagged("type", "dns");
                self.key("resolver");
                self.str(resolver);
                self.key("name");
                self.str(name);
                self.key("source");
                self.str(source);
                if let Some(record) = record {
                    self.key("record");
                    self.str(record);
                }
                self.key("answer");
                match answer {
                    Answer::A { addresses } => {
                        self.tagged("type", "a");
                        self.key("addresses");
                        self.ips(addresses);
                    }
                    Answer::Cname { target } => {
                        self.tagged("type", "cname");
                        self.key("target");
                        self.str(target);
                    }
                    Answer::Alias { target, addresses } => {
                        self.tagged("type", "alias");
                        self.key("target");
                        self.str(target);
                        self.key("addresses");
                        self.ips(addresses);
                    }
                    Answer::Nxdomain => self.tagged("type", "nxdomain"),
                }
                self.0.push(b'}');
            }
            Step::Connect {
                from,
                source,
                destination,
                port,
            } => {
                self.tagged("type", "connect");
                self.key("from");
                self.str(from);
                self.key("source");
                self.ip(*source);
                self.key("destination");
                self.ip(*destination);
                self.key("port");
                self.num(*port);
            }
            Step::Route {
                subnet,
                table,
                destination,
                target,
                reply,
            } => {
                self.tagged("type", "route");
                self.key("subnet");
                self.str(subnet);
                self.key("table");
                self.str(table);
                self.key("destination");
                self.str(destination);
                self.key("target");
                self.str(target);
                if *reply {
                    self.key("reply");
                    self.bool(true);
                }
            }
            Step::Translate { gateway, from, to } => {
                self.tagged("type", "translate");
                self.key("gateway");
                self.str(gateway);
                self.key("from");
                self.ip(*from);
                self.key("to");
                self.ip(*to);
            }
            Step::Filter {
                filter,
                direction,
                packet,
                allowed,
                rule,
            } => {
                self.tagged("type", "filter");
                self.key("filter");
                self.str(filter);
                self.key("direction");
                self.display(direction);
                self.key("packet");
                self.0.extend_from_slice(b"{\"ingress\":");
                self.bool(packet.ingress);
                self.key("remote");
                self.ip(packet.remote);
                self.key("ports");
                self.0.push(b'[');
                self.num(packet.ports.0);
                self.0.push(b',');
                self.num(packet.ports.1);
                self.0.push(b']');
                self.key("reply");
                self.bool(packet.reply);
                self.0.push(b'}');
                self.key("allowed");
                self.bool(*allowed);
                self.key("rule");
                self.str(rule);
            }
            Step::Arrive { at, detail } => {
                self.tagged("type", "arrive");
                self.key("at");
                self.str(at);
                self.key("detail");
                self.str(detail);
            }
            Step::Tls {
                server_name,
                certificate,
                verified,
            } => {
                self.tagged("type", "tls");
                self.key("server_name");
                self.str(server_name);
                self.key("certificate");
                self.opt_str(certificate.as_deref());
                self.key("verified");
                self.bool(*verified);
            }
            Step::Service { at, detail, policy } => {
                self.tagged("type", "service");
                self.key("at");
                self.str(at);
                self.key("detail");
                self.str(detail);
                if let Some(p) = policy {
                    self.key("policy");
                    self.tagged("kind", p.kind.name());
                    self.key("of");
                    self.str(&p.of);
                    self.key("decision");
                    self.str(p.decision.name());
                    self.0.push(b'}');
                }
            }
            Step::Drop { at, reason } => {
                self.tagged("type", "drop");
                self.key("at");
                self.str(at);
                self.key("reason");
                self.str(reason);
            }
        }
        self.0.push(b'}');
    }

    fn outcome(&mut self, o: &Outcome) {
        match o {
            Outcome::Http {
                status,
                body,
                error_type,
            } => {
                self.tagged("kind", "http");
                self.key("status");
                self.num(*status);
                self.key("body");
                self.str(body);
                if let Some(t) = error_type {
                    self.key("error_type");
                    self.str(t);
                }
            }
            Outcome::Timeout { reason } => {
                self.tagged("kind", "timeout");
                self.key("reason");
                self.str(reason);
            }
            Outcome::DnsFailure { reason } => {
                self.tagged("kind", "dns-failure");
                self.key("reason");
                self.str(reason);
            }
            Outcome::TlsError { reason } => {
                self.tagged("kind", "tls-error");
                self.key("reason");
                self.str(reason);
            }
        }
        self.0.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any string is written as serde_json writes it.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in "\\PC*|[\\x00-\\x7f]*") {
            let mut out = Vec::new();
            Line(&mut out).str(&s);
            prop_assert_eq!(out, serde_json::to_vec(&s).unwrap());
        }

        /// The eight-at-a-time test finds what a byte-by-byte one finds, wherever it is.
        #[test]
        fn needs_escape_is_the_byte_by_byte_test(s in proptest::collection::vec(any::<u8>(), 0..40)) {
            let naive = s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escape(&s), naive);
        }
    }

    #[test]
    fn displayed_words_are_escaped_when_they_need_it() {
        for s in [
            "egress of i-app, tcp/443 to 10.0.0.1",
            "of \"quoted\" \\ id",
            "tab\there",
            "",
        ] {
            let mut out = b"[".to_vec();
            Line(&mut out).display(&s);
            assert_eq!(out[1..], serde_json::to_vec(&s).unwrap(), "{s}");
        }
    }

    #[test]
    fn numbers_are_written_as_std_writes_them() {
        for n in 0..=u16::MAX {
            let mut out = Vec::new();
            Line(&mut out).num(n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }

    #[test]
    fn needs_escape_at_every_position_and_edge_byte() {
        for len in 1..=24 {
            for at in 0..len {
                for (b, escaped) in [
                    (0x00, true),
                    (0x1f, true),
                    (0x20, false),
                    (b'"', true),
                    (b'\\', true),
                    (0x21, false),
                    (0x5b, false),
                    (0x5d, false),
                    (0x7f, false),
                    (0x80, false),
                    (0xff, false),
                ] {
                    let mut s = vec![b'a'; len];
                    s[at] = b;
                    assert_eq!(needs_escape(&s), escaped, "byte {b:#x} at {at} of {len}");
                }
            }
        }
    }
}
