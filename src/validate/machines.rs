//! The machines of on-premises sites (clients and servers, F6.31) and Direct Connect gateway
//! associations' allowed prefixes (F6.32).

use super::*;

impl Validator {
    /// A site's clients and servers, in that order (the order `ids` numbers them in).
    pub(crate) fn site_machines(&mut self, s: SiteIx, site: &model::Site, cidrs: &[Ipv4Net]) {
        // Clients, then servers: the order `ids` gives them their indexes in.
        let mut taken: Vec<Ipv4Addr> = Vec::new();
        for c in &site.clients {
            let ip = self
                .inside_site(site, cidrs, &c.ip, "client address")
                .unwrap_or(Ipv4Addr::UNSPECIFIED);
            self.machine_address(&mut taken, ip, &c.ip, &site.id.value);
            self.net.site_clients.push(SiteClient {
                id: c.id.value.clone(),
                site: s,
                ip,
                listens: Vec::new(),
                listens_udp: Vec::new(),
            });
        }
        for m in &site.servers {
            let ip = self
                .inside_site(site, cidrs, &m.ip, "server address")
                .unwrap_or(Ipv4Addr::UNSPECIFIED);
            self.machine_address(&mut taken, ip, &m.ip, &site.id.value);
            let listens = m
                .listens
                .iter()
                .filter_map(|p| self.ports(Protocol::Tcp, Some(p), Pos::of(p)))
                .collect();
            let listens_udp = m
                .listens_udp
                .iter()
                .filter_map(|p| self.ports(Protocol::Udp, Some(p), Pos::of(p)))
                .collect();
            self.net.site_clients.push(SiteClient {
                id: m.id.value.clone(),
                site: s,
                ip,
                listens,
                listens_udp,
            });
        }
    }

    /// An address of a machine of `site`, which must be inside its `cidrs`.
    pub(crate) fn inside_site(
        &mut self,
        site: &model::Site,
        cidrs: &[Ipv4Net],
        ip: &Sp<String>,
        what: &str,
    ) -> Option<Ipv4Addr> {
        let addr = self.ip(ip)?;
        if !cidrs.iter().any(|c| c.contains(&addr)) {
            let msg = format!("{what} {addr} is not inside site {}'s CIDRs", site.id.value);
            self.err(Code::Site, Pos::of(ip), msg)
                .help("give an address inside one of the site's `cidrs`");
            return None;
        }
        Some(addr)
    }

    /// A Direct Connect gateway association's allowed prefixes, as written (F6.32); `None`
    /// when none are.
    pub(crate) fn allowed_prefixes(&mut self, written: &[Sp<String>]) -> Option<Vec<Ipv4Net>> {
        if written.is_empty() {
            return None;
        }
        Some(written.iter().filter_map(|c| self.cidr(c)).collect())
    }

    /// Two machines of one site cannot hold one address: a request to it would reach either.
    fn machine_address(
        &mut self,
        taken: &mut Vec<Ipv4Addr>,
        ip: Ipv4Addr,
        at: &Sp<String>,
        site: &str,
    ) {
        if ip.is_unspecified() {
            return;
        }
        if taken.contains(&ip) {
            let msg = format!("two machines of site {site} have the address {ip}");
            self.err(Code::Site, Pos::of(at), msg)
                .help("give each client and server of a site its own `ip`");
        }
        taken.push(ip);
    }

    /// A virtual private gateway's allowed prefixes, which filter only what its Direct
    /// Connect sites learn (F6.32).
    pub(crate) fn vgw_allowed_prefixes(&mut self, g: &model::VpnGateway) -> Option<Vec<Ipv4Net>> {
        if let Some(first) = g
            .allowed_prefixes
            .first()
            .filter(|_| g.direct_connect.is_empty())
        {
            let msg = format!(
                "virtual private gateway {} has allowed prefixes but no `direct_connect` site",
                g.id.value
            );
            self.err(Code::Site, Pos::of(first), msg)
                .help("allowed prefixes filter what a Direct Connect gateway association advertises: list the sites under `direct_connect`, or remove `allowed_prefixes`");
        }
        self.allowed_prefixes(&g.allowed_prefixes)
    }
}
