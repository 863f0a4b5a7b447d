//! One trace as a JSON line, written by hand (a streamed run writes millions): the same bytes
//! as serde_json would write (tested).

use super::*;
use crate::aws::words::Protocol;

/// A JSON line being written.
pub(super) struct Line<'a>(pub(crate) &'a mut Vec<u8>);

impl Line<'_> {
    /// `,"name":`
    pub(super) fn key(&mut self, name: &str) {
        self.0.extend_from_slice(b",\"");
        self.0.extend_from_slice(name.as_bytes());
        self.0.extend_from_slice(b"\":");
    }

    /// `{"tag":"value"`, the start of an internally tagged object.
    pub(super) fn tagged(&mut self, tag: &str, value: &str) {
        self.0.extend_from_slice(b"{\"");
        self.0.extend_from_slice(tag.as_bytes());
        self.0.extend_from_slice(b"\":\"");
        self.0.extend_from_slice(value.as_bytes());
        self.0.push(b'"');
    }

    /// A string: copied as it is when nothing in it needs escaping (JSON escapes only control
    /// characters, `"` and `\\`), else escaped by serde_json.
    pub(super) fn str(&mut self, s: &str) {
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
    pub(super) fn display(&mut self, d: &dyn std::fmt::Display) {
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

    pub(super) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.0.extend_from_slice(b"null"),
        }
    }

    pub(super) fn ip(&mut self, ip: Ipv4Addr) {
        let mut buf = [0u8; 15];
        self.0.push(b'"');
        self.0
            .extend_from_slice(Addr(ip).encode(&mut buf).as_bytes());
        self.0.push(b'"');
    }

    pub(super) fn ips(&mut self, ips: &[Ipv4Addr]) {
        self.0.push(b'[');
        for (i, ip) in ips.iter().enumerate() {
            if i > 0 {
                self.0.push(b',');
            }
            self.ip(*ip);
        }
        self.0.push(b']');
    }

    pub(super) fn num(&mut self, n: u16) {
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

    pub(super) fn bool(&mut self, b: bool) {
        self.0
            .extend_from_slice(if b { b"true" as &[u8] } else { b"false" });
    }
    /// A `connect` step's fields: `"ip": true` only for another protocol (`ip://`).
    fn connect(
        &mut self,
        from: &str,
        (source, destination, port): (Ipv4Addr, Ipv4Addr, u16),
        protocol: Protocol,
    ) {
        self.tagged("type", "connect");
        self.key("from");
        self.str(from);
        self.key("source");
        self.ip(source);
        self.key("destination");
        self.ip(destination);
        self.key("port");
        self.num(port);
        if protocol == Protocol::Other {
            self.key("ip");
            self.bool(true);
        }
    }

    pub(super) fn step(&mut self, step: &Step) {
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
                self.display(source);
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
            Step::Query {
                from,
                server,
                vpc,
                rule,
                inbound_endpoint,
                answered,
                ..
            } => {
                self.tagged("type", "query");
                self.key("from");
                self.str(from);
                self.key("server");
                self.ip(*server);
                self.key("vpc");
                self.str(vpc);
                if let Some(rule) = rule {
                    self.key("rule");
                    self.str(rule);
                }
                if let Some(e) = inbound_endpoint {
                    self.key("inbound_endpoint");
                    self.str(e);
                }
                self.key("answered");
                self.bool(*answered);
            }
            Step::Connect {
                from,
                source,
                destination,
                port,
                protocol,
            } => self.connect(from, (*source, *destination, *port), *protocol),
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
            Step::Layer2 {
                subnet,
                destination,
                reply,
            } => {
                self.tagged("type", "layer2");
                self.key("subnet");
                self.str(subnet);
                self.key("destination");
                self.ip(*destination);
                if *reply {
                    self.key("reply");
                    self.bool(true);
                }
            }
            Step::Translate {
                gateway,
                from,
                to,
                destination,
            } => {
                self.tagged("type", "translate");
                self.key("gateway");
                self.str(gateway);
                self.key("from");
                self.ip(*from);
                self.key("to");
                self.ip(*to);
                if *destination {
                    self.key("destination");
                    self.bool(true);
                }
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
                if packet.udp {
                    self.key("udp");
                    self.bool(true);
                }
                if packet.icmp {
                    self.key("icmp");
                    self.bool(true);
                }
                if packet.ip {
                    self.key("ip");
                    self.bool(true);
                }
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
            Step::Balance {
                at,
                listener,
                target_group,
                target,
                detail,
            } => {
                self.tagged("type", "balance");
                self.key("at");
                self.str(at);
                if let Some(l) = listener {
                    self.key("listener");
                    self.str(l);
                }
                if let Some(g) = target_group {
                    self.key("target_group");
                    self.str(g);
                }
                if let Some(t) = target {
                    self.key("target");
                    self.str(t);
                }
                self.key("detail");
                self.str(detail);
            }
            Step::Drop { at, reason } => {
                self.tagged("type", "drop");
                self.key("at");
                self.str(at);
                self.key("reason");
                self.display(reason);
            }
        }
        self.0.push(b'}');
    }
}
