//! Requests' URLs, and `tcp://`, `udp://`, `icmp://` and `ip://` requests: a connection (or a
//! packet) to a host and a port, nothing of HTTP. What only HTTP reads (a method, headers, certificate checks, a signature, a status
//! or body expected) is an error at its line, with what to write, never read without a word.

use super::*;

impl Validator {
    /// The parts of request `r` that do not apply to its `tcp://` or `udp://` `url`, refused.
    pub(crate) fn plain_flow(&mut self, r: &Sp<model::Request>, url: Option<&Url>) {
        let Some(url) = url.filter(|u| !u.is_http()) else {
            return;
        };
        let rq = &r.value;
        let scheme = url.scheme.clone();
        let refuse = |v: &mut Validator, pos: Pos, what: &str, help: &str| {
            v.err(
                Code::Request,
                pos,
                format!(
                    "{what} applies to HTTP only: a {scheme}:// request reaches a port, with no HTTP (nor TLS) on it"
                ),
            )
            .help(help.to_string());
        };
        let remove = "remove it, or write an http:// or https:// URL";
        if let Some(m) = &rq.method {
            refuse(self, Pos::of(&**m), "`method`", remove);
        }
        if rq.headers.is_some() {
            refuse(self, Pos::of(r), "`headers`", remove);
        }
        if rq.tls_verify.is_some() {
            refuse(self, Pos::of(r), "`tls_verify`", remove);
        }
        if rq.caller.is_some() {
            refuse(self, Pos::of(r), "`caller` (a SigV4 signature)", remove);
        }
        let Some(e) = &rq.expect else { return };
        let outcomes = "expect an outcome a connection has: `expect: { outcome: connected }` (or refused, timeout, dns-failure)";
        if e.value.status.is_some() {
            refuse(self, Pos::of(&**e), "`expect: { status }`", outcomes);
        }
        if e.value.body_contains.is_some() {
            refuse(self, Pos::of(&**e), "`expect: { body_contains }`", outcomes);
        }
        if let Some(o) = &e.value.outcome
            && matches!(o.value.as_str(), "http" | "tls-error")
        {
            refuse(
                self,
                Pos::of(o),
                &format!("the outcome `{}`", o.value),
                outcomes,
            );
        }
    }
}

/// What to write instead of the URL `text`: a `tcp://` or `udp://` URL is a host and a port.
pub(crate) fn url_help(text: &str) -> &'static str {
    let plain = text
        .get(..6)
        .is_some_and(|s| s.eq_ignore_ascii_case("tcp://") || s.eq_ignore_ascii_case("udp://"));
    let lower = text.to_ascii_lowercase();
    if plain {
        "write the host and the port only, e.g. tcp://10.0.1.5:5432 or udp://10.0.1.2:53"
    } else if lower.starts_with("icmp://") || lower.starts_with("ip://") {
        "write the host only, e.g. icmp://10.0.1.5 or ip://10.0.1.5"
    } else {
        "write https://host/path, e.g. https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders"
    }
}

/// A URL's port (1 to 65535), or why it is not one.
pub(crate) fn port(p: &str) -> Result<u16, String> {
    match p.parse::<u16>() {
        Ok(n) if n > 0 => Ok(n),
        _ if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Err(format!(
            "the port {p} is out of range: ports are 1 to 65535"
        )),
        _ => Err("the port is not a number".into()),
    }
}

/// Why a `tcp://` or `udp://` URL (its `path` and `query`, split from the `rest` after the
/// scheme) holds more than a host and a port; `None` for any other scheme. A bare `/` is
/// nothing.
pub(crate) fn not_plain(scheme: &str, path: &str, query: &str, rest: &str) -> Option<&'static str> {
    let plain = matches!(scheme, "tcp" | "udp" | "icmp" | "ip");
    (plain && (path != "/" || !query.is_empty() || rest.contains('#'))).then_some(
        "a path, a query or a fragment applies to HTTP only: a tcp:// or udp:// URL is a host and a port, an icmp:// or ip:// URL a host",
    )
}

impl Validator {
    /// A request's `url`, parsed: its scheme (http, https, ws, wss, tcp, udp, icmp or ip), host,
    /// port, path and query, or an error at its line saying what to write.
    pub(crate) fn url(&mut self, u: &Sp<String>) -> Option<Url> {
        let text = u.value.trim();
        let bad = |v: &mut Validator, why: &str| {
            v.err(
                Code::Request,
                Pos::of(u),
                format!("`{text}` is not a URL vpcpath can use: {why}"),
            )
            .help(super::flows::url_help(text));
        };
        let Some((scheme, rest)) = text.split_once("://") else {
            bad(self, "it has no scheme");
            return None;
        };
        let scheme = scheme.to_ascii_lowercase();
        if !matches!(
            scheme.as_str(),
            "https" | "http" | "wss" | "ws" | "tcp" | "udp" | "icmp" | "ip"
        ) {
            bad(
                self,
                "the scheme is not http, https, ws, wss, tcp, udp, icmp or ip",
            );
            return None;
        }
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let without_fragment = path.split('#').next().unwrap_or("");
        let (path, query) = without_fragment
            .split_once('?')
            .unwrap_or((without_fragment, ""));
        let path = if path.is_empty() { "/" } else { path };
        if authority.contains('@') {
            bad(self, "user information is not supported");
            return None;
        }
        let (host, port) = match authority.rsplit_once(':') {
            // An echo request, as ping sends: ICMP has no ports, its type is the "port" filters match.
            None if scheme == "icmp" => (authority, aws::ICMP_ECHO_REQUEST),
            Some(_) if scheme == "icmp" => {
                bad(self, "ICMP has no ports: write icmp://host");
                return None;
            }
            // A packet of another IP protocol, which no rule names by number (F6.71).
            None if scheme == "ip" => (authority, 0),
            Some(_) if scheme == "ip" => {
                bad(
                    self,
                    "a packet of another protocol has no ports: write ip://host",
                );
                return None;
            }
            Some((h, p)) => match super::flows::port(p) {
                Ok(p) => (h, p),
                Err(why) => {
                    bad(self, &why);
                    return None;
                }
            },
            None if scheme == "tcp" || scheme == "udp" => {
                bad(
                    self,
                    "a tcp:// or udp:// URL names its port, as in tcp://10.0.1.5:5432",
                );
                return None;
            }
            None => (
                authority,
                if scheme == "https" || scheme == "wss" {
                    443
                } else {
                    80
                },
            ),
        };
        if let Some(why) = super::flows::not_plain(&scheme, path, query, rest) {
            bad(self, why);
            return None;
        }
        let host = dns_name(host);
        if !(is_dns_name(&host, false) || host.parse::<Ipv4Addr>().is_ok()) {
            bad(self, "the host is not a DNS name or an IPv4 address");
            return None;
        }
        Some(Url {
            scheme,
            host,
            port,
            path: path.to_string(),
            query: query.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_out_of_range_are_said_so_and_tcp_is_not_told_https() {
        assert_eq!(port("5432"), Ok(5432));
        for p in ["0", "65536", "99999"] {
            assert!(port(p).unwrap_err().contains("out of range"), "{p}");
        }
        assert!(port("http").unwrap_err().contains("not a number"));
        assert!(!url_help("tcp://x").contains("https://"));
        assert!(url_help("https://x").contains("https://"));
        assert!(url_help("IP://x:47").contains("host only"));
        assert!(url_help("icmp://x/a").contains("host only"));
        assert!(not_plain("tcp", "/x", "", "h:1/x").is_some());
        assert!(not_plain("udp", "/", "a=1", "h:1?a=1").is_some());
        assert!(not_plain("tcp", "/", "", "h:1").is_none());
        assert!(not_plain("https", "/x", "a", "h/x?a").is_none());
    }
}
