//! Where a virtual private gateway sends packets, a request's or a reply's: to a site over a
//! VPN or Direct Connect, or back into another VPC at the Direct Connect endpoint (F6.72).

use super::*;

/// Where a virtual private gateway sends packets (a request's or a reply's).
#[derive(Debug, Clone, Copy)]
pub(in crate::routing) enum VgwExit {
    /// To this site, over Direct Connect (else a VPN).
    Site(SiteIx, bool),
    /// Back into another VPC at the Direct Connect endpoint (F6.72).
    Turn(Turn),
}

/// Packets turned back at the Direct Connect endpoint into another VPC of the same Direct
/// Connect gateway (F6.72).
#[derive(Debug, Clone, Copy)]
pub(in crate::routing) struct Turn {
    /// The virtual private gateway they left by.
    pub from: VgwIx,
    /// The site whose virtual interface they reached, which advertises the supernet.
    pub site: SiteIx,
    /// The virtual private gateway of the VPC they turn into.
    pub into: VgwIx,
    /// That VPC's CIDR, as its virtual private gateway advertises it.
    pub cidr: Ipv4Net,
}

impl Turn {
    /// The route the Direct Connect endpoint takes.
    pub fn step<'a>(&self, net: &'a Network, reply: bool) -> Step<'a> {
        let from = &net.vgws[self.from.0];
        let into = &net.vgws[self.into.0];
        let gateway = from
            .dx_gateway
            .and_then(|d| net.dx_gateways[d.0].id.as_deref())
            .unwrap_or("the Direct Connect gateway");
        Step::Route {
            subnet: Name::Owned(format!(
                "virtual interface of {}",
                net.sites[self.site.0].id
            )),
            table: Name::Borrowed(gateway),
            destination: Name::Owned(format!(
                "{} (advertised by {}, more specific than the supernet)",
                self.cidr, into.id
            )),
            target: Name::Borrowed(&into.id),
            reply,
        }
    }
}

/// Where virtual private gateway `g` sends packets to `dst`: the site it learns it from,
/// unless the Direct Connect endpoint turns them back into another VPC (F6.72); none when no
/// site holds it ([`no_site_has`]).
pub(in crate::routing) fn vgw_exit(
    net: &Network,
    g: VgwIx,
    dst: Ipv4Addr,
) -> Result<VgwExit, DropReason> {
    match net.vgw_site_for(g, dst) {
        Some((s, true)) => Ok(match net.dx_supernet_turn(g, s, dst) {
            Some((into, cidr)) => VgwExit::Turn(Turn {
                from: g,
                site: s,
                into,
                cidr,
            }),
            None => VgwExit::Site(s, true),
        }),
        Some((s, false)) => Ok(VgwExit::Site(s, false)),
        None => Err(no_site_has(net, g, dst)),
    }
}

/// Why virtual private gateway `g` drops what no site of it holds: where the destination is
/// in a VPC whose virtual private gateway one of `g`'s Direct Connect sites also reaches, the
/// Direct Connect gateway does not carry traffic from one to the other (F6.59).
pub(in crate::routing) fn no_site_has(net: &Network, g: VgwIx, dst: Ipv4Addr) -> DropReason {
    let vgw = &net.vgws[g.0];
    let dx_sites = || vgw.sites.iter().filter(|&&(_, dx)| dx).map(|&(s, _)| s);
    let other = net.vgws.iter().find(|h| {
        h.id != vgw.id
            && net.vpcs[h.vpc.0].cidrs.iter().any(|c| c.contains(&dst))
            && dx_sites().any(|s| h.sites.contains(&(s, true)))
    });
    match other {
        Some(h) => DropReason::DxNoVpcTransit {
            vgw: id(&vgw.id),
            dst,
            vpc: id(&net.vpcs[h.vpc.0].id),
            other: id(&h.id),
        },
        None => DropReason::NoSiteHas {
            vgw: id(&vgw.id),
            dst,
        },
    }
}
