//! A request's DNS expectations (`expect.dns`, `expect.dns_via`).

use super::*;

impl Validator {
    /// A request's expectations: its flow's, and its DNS answer's.
    pub(crate) fn expect(&mut self, e: &Sp<model::Expect>) -> Expect {
        let (dns, dns_via, dns_of) = self.dns_expect(&e.value);
        Expect {
            dns,
            dns_via,
            dns_of,
            ..self.expect_flow(e)
        }
    }

    /// The DNS answer a request expects, and what its query must go through.
    pub(crate) fn dns_expect(
        &mut self,
        e: &model::Expect,
    ) -> (Option<DnsWant>, Vec<String>, Vec<DnsOf>) {
        let mut of = Vec::new();
        let dns = e.dns.as_ref().and_then(|d| self.dns_answer(d, &mut of));
        let via = e.dns_via.as_ref().map_or_else(Vec::new, |l| {
            let names = l.value.to_vec();
            for n in &names {
                // A zone is named by its domain name, which holds a dot; ids hold none.
                let known = n == "public"
                    || self.ids.contains_key(n.as_str())
                    || n.parse::<Ipv4Addr>().is_ok()
                    || aws::is_region(n)
                    || n.contains('.');
                if !known {
                    let help = suggest_or(
                        n,
                        self.ids.keys().map(smol_str::SmolStr::as_str),
                        "name the resolver (a VPC, a site, or `public`), a zone, an endpoint, a Resolver rule or endpoint, an API, a DNS server's address, or the Region of an AWS front end",
                    );
                    self.err(
                        Code::Reference,
                        Pos::of(l),
                        format!("`{n}` is not a component of this scenario"),
                    )
                    .help(help);
                }
            }
            names
        });
        (dns, via, of)
    }

    fn dns_answer(&mut self, d: &Sp<model::DnsAnswer>, of: &mut Vec<DnsOf>) -> Option<DnsWant> {
        match &d.value {
            model::DnsAnswer::Word(w) => match w.as_str() {
                "nxdomain" => Some(DnsWant::Nxdomain),
                "servfail" => Some(DnsWant::Servfail),
                other => {
                    self.err(
                        Code::Request,
                        Pos::of(d),
                        format!("`{other}` is not a DNS answer"),
                    )
                    .help("write nxdomain, servfail, or a list of addresses (or of instance and interface endpoint ids): dns: [10.0.1.4]");
                    None
                }
            },
            model::DnsAnswer::Addresses(items) => {
                let mut addresses = Vec::new();
                for item in items {
                    if let Ok(ip) = item.parse::<Ipv4Addr>() {
                        addresses.push(ip);
                        continue;
                    }
                    match self.ids.get(item.as_str()) {
                        Some(&(Kind::Instance, _, i)) => of.push(DnsOf::Instance(InstanceIx(i))),
                        Some(&(Kind::Endpoint, _, i)) => of.push(DnsOf::Endpoint(EndpointIx(i))),
                        _ => {
                            self.err(
                                Code::Request,
                                Pos::of(d),
                                format!("`{item}` is neither an address nor an instance or interface endpoint"),
                            )
                            .help("list IPv4 addresses, or the ids of instances and interface endpoints whose addresses the name resolves to");
                            return None;
                        }
                    }
                }
                addresses.sort();
                addresses.dedup();
                Some(DnsWant::Addresses(addresses))
            }
        }
    }
}

/// A request whose expected DNS answer holds the addresses of the components it names.
pub(crate) fn settled(mut r: Request, net: &Network) -> Request {
    if let Some(e) = &mut r.expect {
        e.settle(net);
    }
    r
}
