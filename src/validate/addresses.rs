//! Addresses: CIDRs and IPs as written, and the private and public addresses vpcpath
//! allocates where none are written (docs/model.md, the address plan).

use super::*;

impl Validator {
    /// Takes the next free address of a subnet (AWS reserves the first four and the last).
    pub(crate) fn allocate(&mut self, subnet: SubnetIx) -> Option<Ipv4Addr> {
        let cidr = self.net.subnets[subnet.0].cidr;
        let taken = self.taken.entry(subnet).or_default();
        // Every address below the cursor is taken (addresses are never freed), so the search
        // starts there: allocating n addresses costs n steps, not n squared.
        let cursor = self
            .cursor
            .entry(subnet)
            .or_insert(u32::from(cidr.network()) + 4);
        let last = u32::from(cidr.broadcast()).saturating_sub(1);
        let ip = (*cursor..=last)
            .map(Ipv4Addr::from)
            .find(|ip| !taken.contains(ip))?;
        taken.insert(ip);
        *cursor = u32::from(ip) + 1;
        Some(ip)
    }

    /// Claims a written address in a subnet: inside it, not reserved, not taken.
    pub(crate) fn claim(
        &mut self,
        subnet: SubnetIx,
        ip: &Sp<String>,
        what: &str,
    ) -> Option<Ipv4Addr> {
        let addr = self.ip(ip)?;
        let s = &self.net.subnets[subnet.0];
        let (cidr, sid) = (s.cidr, s.id.clone());
        if !cidr.contains(&addr) {
            self.err(
                Code::Address,
                Pos::of(ip),
                format!("{what} address {addr} is not inside {sid} ({cidr})"),
            )
            .help(format!(
                "pick an address in {cidr}, or omit it to have one allocated"
            ));
            return None;
        }
        let offset = u32::from(addr) - u32::from(cidr.network());
        if offset < 4 || addr == cidr.broadcast() {
            self.err(Code::Address,
                Pos::of(ip),
                format!("{addr} is reserved by AWS in {sid} (the first four addresses and the last of every subnet)"),
            )
            .help(format!("use an address from {} upwards", Ipv4Addr::from(u32::from(cidr.network()) + 4)));
            return None;
        }
        if !self.taken.entry(subnet).or_default().insert(addr) {
            self.err(
                Code::Address,
                Pos::of(ip),
                format!("{addr} is already in use in {sid}"),
            )
            .help("every network interface needs its own address");
            return None;
        }
        Some(addr)
    }

    /// Parses an IPv4 address.
    pub(crate) fn ip(&mut self, s: &Sp<String>) -> Option<Ipv4Addr> {
        match s.value.trim().parse::<Ipv4Addr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                let help = if s.value.trim().parse::<std::net::Ipv6Addr>().is_ok() {
                    "vpcpath models IPv4 only (docs/decisions.md): write the IPv4 address"
                } else {
                    "write four numbers 0-255 separated by dots, e.g. 10.0.1.10"
                };
                self.err(
                    Code::Address,
                    Pos::of(s),
                    format!("`{}` is not an IPv4 address", s.value),
                )
                .help(help);
                None
            }
        }
    }

    /// Parses a CIDR, insisting that it is written with its network address.
    pub(crate) fn cidr(&mut self, s: &Sp<impl AsRef<str>>) -> Option<Ipv4Net> {
        let text = s.value.as_ref().trim();
        match text.parse::<Ipv4Net>() {
            Ok(net) if net.network() == net.addr() => Some(net),
            Ok(net) => {
                self.err(
                    Code::Cidr,
                    Pos::of(s),
                    format!("`{text}` has host bits set: AWS rejects it as a CIDR"),
                )
                .help(format!("write {}", net.trunc()));
                None
            }
            Err(_) => {
                let help = if text.parse::<Ipv4Addr>().is_ok() {
                    format!("add a prefix length, e.g. {text}/32")
                } else if text.parse::<ipnet::Ipv6Net>().is_ok() {
                    "an IPv6 CIDR: vpcpath models IPv4 only (docs/decisions.md), so leave IPv6 rules and routes out".to_string()
                } else {
                    "write an IPv4 CIDR such as 10.0.0.0/16".to_string()
                };
                self.err(
                    Code::Cidr,
                    Pos::of(s),
                    format!("`{text}` is not an IPv4 CIDR"),
                )
                .help(help);
                None
            }
        }
    }

    /// Allocates a unique public address, or claims a written one.
    pub(crate) fn public_ip(
        &mut self,
        owner: &str,
        written: Option<&Sp<String>>,
        nat: bool,
    ) -> Option<Ipv4Addr> {
        // What to write instead: omitting the address means one is allocated for a NAT
        // gateway's Elastic IP, but no public address at all for an instance.
        let instead = if nat {
            "write a public IPv4 address such as 198.51.100.7, or leave `elastic_ip` out to have one allocated"
        } else {
            "write `public_ip: true` to have a public address allocated, `false` (or leave it out) for none, or a public IPv4 address such as 198.51.100.7"
        };
        let ip = match written {
            Some(w) => {
                let Some(ip) = self.ip(w) else {
                    if let Some(d) = self.diags.last_mut() {
                        d.help(instead);
                    }
                    return None;
                };
                if ip.is_private() || ip.is_loopback() || ip.is_unspecified() {
                    self.err(
                        Code::Address,
                        Pos::of(w),
                        format!("{ip} is not a public IPv4 address"),
                    )
                    .help(instead);
                    return None;
                }
                if let Some(other) = self.public_ips.get(&ip) {
                    let msg = format!("{ip} is already the public address of {other}");
                    self.err(Code::Duplicate, Pos::of(w), msg)
                        .help("an Elastic IP belongs to one network interface at a time");
                    return None;
                }
                ip
            }
            None => loop {
                let next = if nat {
                    &mut self.next_nat_ip
                } else {
                    &mut self.next_instance_ip
                };
                let ip = Ipv4Addr::from(*next);
                *next += 1;
                if !self.public_ips.contains_key(&ip) {
                    break ip;
                }
            },
        };
        self.public_ips.insert(ip, owner.to_string());
        Some(ip)
    }
}
