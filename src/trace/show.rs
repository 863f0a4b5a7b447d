//! A step in words, as the text and Markdown renderers and `diff` show it; the words of the
//! reasons (why packets were dropped, a name did not resolve, TLS failed or a host refused, and
//! which zone answered a name) in `show/dropped.rs` and `show/dns.rs`, the one place they are
//! written.

use super::*;
use crate::aws::words::Protocol;

mod dns;
mod dropped;
mod replies;

/// A step as `(kind, where, what)` for the text and Markdown renderers.
pub fn describe<'s>(step: &'s Step<'_>) -> (&'static str, &'s str, What<'s>) {
    let (kind, at) = match step {
        Step::Dns { resolver, .. } => ("dns", resolver.as_ref()),
        Step::Query { from, .. } => ("query", from.as_ref()),
        Step::Connect { from, .. } => ("connect", from.as_ref()),
        Step::Route { table, reply, .. } => {
            (if *reply { "reply" } else { "route" }, table.as_ref())
        }
        Step::Layer2 { subnet, reply, .. } => {
            (if *reply { "reply" } else { "layer2" }, subnet.as_ref())
        }
        Step::Translate { gateway, .. } => ("translate", gateway.as_ref()),
        Step::Filter { filter, .. } => ("filter", filter.as_ref()),
        Step::Arrive { at, .. } => ("arrive", at.as_ref()),
        Step::Tls { .. } => ("tls", ""),
        Step::Service { at, .. } => ("service", at.as_ref()),
        Step::Balance { at, .. } => ("balance", at.as_ref()),
        Step::Drop { at, .. } => ("drop", at.as_ref()),
    };
    (kind, at, What(step))
}

/// What a step did, in words: written where it is formatted (the text report writes a few
/// of these for each of a million requests), or [`ToString::to_string`] for a string.
#[derive(Debug, Clone, Copy)]
pub struct What<'a>(pub &'a Step<'a>);

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Step::Dns {
                name,
                source,
                record,
                answer,
                ..
            } => {
                write!(f, "{name} -> ")?;
                match answer {
                    Answer::A { addresses } => write_ips(f, addresses)?,
                    Answer::Cname { target } => write!(f, "CNAME {target}")?,
                    Answer::Alias { target, addresses } => {
                        write!(f, "ALIAS {target} = ")?;
                        write_ips(f, addresses)?;
                    }
                    Answer::Nxdomain => f.write_str("NXDOMAIN")?,
                }
                write!(f, "  [{source}")?;
                if let Some(r) = record {
                    write!(f, ", record {r}")?;
                }
                f.write_str("]")
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
                write!(f, "DNS query to {}:53 (udp), ", Addr(*server))?;
                match (rule, inbound_endpoint) {
                    (Some(rule), _) => write!(f, "forwarded by Resolver rule {rule}")?,
                    (None, Some(e)) => write!(
                        f,
                        "forwarded by {from}'s DNS server to Resolver inbound endpoint {e} of {vpc} (F5.13)"
                    )?,
                    (None, None) => write!(f, "the DNS server of {vpc}'s DHCP options")?,
                }
                f.write_str(if *answered {
                    ": answered (F5.12)"
                } else {
                    ": no answer (F5.12); its packets:"
                })
            }
            // ICMP and other protocols have no ports.
            Step::Connect {
                source,
                destination,
                protocol: Protocol::Icmp,
                ..
            } => write!(f, "{} -> {} (icmp)", Addr(*source), Addr(*destination)),
            Step::Connect {
                source,
                destination,
                protocol: Protocol::Other,
                ..
            } => write!(
                f,
                "{} -> {} (another protocol)",
                Addr(*source),
                Addr(*destination)
            ),
            Step::Connect {
                source,
                destination,
                port,
                ..
            } => write!(f, "{} -> {}:{port}", Addr(*source), Addr(*destination)),
            Step::Route {
                subnet,
                destination,
                target,
                ..
            } => write!(f, "{subnet}: {destination} -> {target}"),
            // The subnet is the step's place.
            Step::Layer2 {
                destination,
                reply: false,
                ..
            } => write!(
                f,
                "{} is in the same subnet: delivered at layer 2, no route table applies (F6.33)",
                Addr(*destination)
            ),
            Step::Layer2 {
                destination,
                reply: true,
                ..
            } => write!(
                f,
                "replies to {} stay in the subnet: delivered at layer 2, no route table applies (F6.33)",
                Addr(*destination)
            ),
            Step::Translate {
                from,
                to,
                destination,
                ..
            } => {
                let which = if *destination {
                    "destination"
                } else {
                    "source"
                };
                write!(f, "{which} {} -> {}", Addr(*from), Addr(*to))
            }
            Step::Filter {
                direction,
                allowed,
                rule,
                ..
            } => write!(
                f,
                "{direction}: {} ({rule})",
                if *allowed { "ALLOW" } else { "DENY" }
            ),
            Step::Arrive { detail, .. } | Step::Service { detail, .. } => f.write_str(detail),
            Step::Balance {
                listener: Some(l),
                detail,
                ..
            } => write!(f, "listener {l}: {detail}"),
            Step::Balance { detail, .. } => f.write_str(detail),
            Step::Drop { reason, .. } => std::fmt::Display::fmt(reason, f),
            Step::Tls {
                server_name,
                certificate,
                verified,
            } => match (certificate, verified) {
                (Some(c), _) => write!(f, "{server_name} matches certificate name {c}"),
                (None, true) => write!(f, "{server_name} matches no certificate name"),
                (None, false) => write!(
                    f,
                    "{server_name} matches no certificate name; not verified (tls_verify: false)"
                ),
            },
        }
    }
}

/// Two descriptions are the same when they read the same.
impl PartialEq for What<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

fn write_ips(f: &mut std::fmt::Formatter<'_>, ips: &[std::net::Ipv4Addr]) -> std::fmt::Result {
    if ips.is_empty() {
        return f.write_str("(no addresses)");
    }
    for (i, ip) in ips.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{}", Addr(*ip))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

/// `n` things in words, the noun singular for one: `count(1, "request", "requests")` is
/// "1 request".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
