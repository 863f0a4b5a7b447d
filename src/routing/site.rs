//! Requests from an on-premises site: over the VPN or Direct Connect attachment whose
//! advertised routes cover the destination, else out through the site's own internet access
//! (F6.20).

use ipnet::Ipv4Net;

use super::*;

mod exit;
pub(super) use exit::*;

/// Who sends packets from a site: one of its machines, or one of its DNS servers (a query it
/// forwards to a Resolver inbound endpoint, F5.13).
#[derive(Debug, Clone, Copy)]
pub(super) struct SiteSender<'a> {
    /// How traces name it.
    pub id: &'a str,
    /// Its site.
    pub site: SiteIx,
    /// Its address.
    pub ip: Ipv4Addr,
}

impl<'a> SiteSender<'a> {
    /// A machine of a site.
    pub fn machine(net: &'a Network, c: SiteClientIx) -> Self {
        let m = &net.site_clients[c.0];
        SiteSender {
            id: &m.id,
            site: m.site,
            ip: m.ip,
        }
    }
}

/// Forwards a packet from a machine or a DNS server of a site.
pub(super) fn from_site<'a>(
    net: &'a Network,
    client: SiteSender<'a>,
    dst: Ipv4Addr,
    port: u16,
    protocol: Protocol,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    let site = &net.sites[client.site.0];
    steps.push(|| Step::Connect {
        from: Name::Borrowed(client.id),
        source: client.ip,
        destination: dst,
        port: shown_port(protocol, port),
        protocol,
    });
    let learned = learns(net, client.site, dst);
    // Its own range holding the destination keeps the packets inside the site, unless a route
    // it learns is more specific (a supernet of VPCs, F6.72).
    let own = site.range_holding(dst).map(|c| c.prefix_len());
    if let Some(own) = own
        && learned.as_ref().is_none_or(|l| l.prefix_len() <= own)
    {
        let reason = DropReason::InsideSite {
            dst,
            site: id(&site.id),
        };
        return drop(steps, &site.id, reason);
    }
    let (a, label) = match learned {
        Some(Learned::Vgw(g, cidr)) => {
            return through_vgw(net, client, g, cidr, dst, port, protocol, steps);
        }
        Some(Learned::Attachment(a, _, label)) => (a, label),
        None if dst.is_private() => {
            let reason = DropReason::SiteLearnsNoRoute {
                site: id(&site.id),
                dst,
            };
            return drop(steps, &site.id, reason);
        }
        None => {
            // The site's own internet access, from its public address.
            steps.push(|| Step::Route {
                subnet: Name::Borrowed(&site.id),
                table: Name::Borrowed(&site.id),
                destination: Name::Borrowed("0.0.0.0/0 (its own internet access)"),
                target: Name::Borrowed("internet"),
                reply: false,
            });
            steps.push(|| Step::Translate {
                gateway: Name::Borrowed(&site.id),
                from: client.ip,
                to: site.public_ip,
                destination: false,
            });
            let from = FromInternet {
                sender: client.id,
                src: site.public_ip,
                reply_ports: aws::LINUX_EPHEMERAL_PORTS,
                protocol,
                port,
            };
            return internet_arrival(net, dst, from, steps);
        }
    };
    let att = &net.tgw_attachments[a.0];
    let tgw = &net.tgws[att.tgw.0];
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(&site.id),
        table: Name::Borrowed(&att.id),
        destination: label,
        target: Name::Borrowed(&tgw.id),
        reply: false,
    });
    let over = match att.to {
        Attached::DirectConnect(_) => "Direct Connect",
        _ => "Site-to-Site VPN",
    };
    steps.at(&tgw.id, || Step::Arrive {
        at: Name::Borrowed(&tgw.id),
        detail: text!("from site {} over {over} attachment {}", site.id, att.id),
    });
    // Its subnet is set by `across` as the packets enter a VPC; nothing reads it before.
    let mut p = site_packet(client, protocol, dst, port, SubnetIx(0));
    p.crossed_transit_gateway = true;
    match across(net, &mut p, a, None, steps)? {
        Some(arrival) => Ok(arrival),
        None => walk(net, p, steps),
    }
}

/// A route a site learns over one of its connections.
#[derive(Debug)]
pub(super) enum Learned<'a> {
    /// The VPC CIDR a virtual private gateway advertises (F6.24).
    Vgw(VgwIx, Ipv4Net),
    /// A route a VPN or Direct Connect attachment advertises: one of the transit gateway route
    /// table associated with it (F6.20), or a Direct Connect association's allowed prefix
    /// (F6.32); its prefix length, and how it is shown.
    Attachment(TgwAttachmentIx, u8, Name<'a>),
}

impl Learned<'_> {
    /// The prefix length of the route.
    pub(super) fn prefix_len(&self) -> u8 {
        match self {
            Learned::Vgw(_, cidr) => cidr.prefix_len(),
            Learned::Attachment(_, len, _) => *len,
        }
    }
}

/// What site `s` sends `dst` over: the most specific route it learns across its connections.
/// Over a transit gateway attachment it learns the routes of the table associated with it
/// (F6.20), or over Direct Connect with allowed prefixes, exactly those (F6.32); over a
/// virtual private gateway, the VPC's CIDRs, over Direct Connect only those its allowed
/// prefixes let through (F6.24, F6.32). For the same prefix: a transit gateway attachment's
/// before a virtual private gateway's, Direct Connect before a VPN, then the smaller id: the
/// customer router's choice (decisions.md), never the file's order.
pub(super) fn learns(net: &Network, s: SiteIx, dst: Ipv4Addr) -> Option<Learned<'_>> {
    let site = &net.sites[s.0];
    let mut vgw: Option<(VgwIx, Ipv4Net)> = None;
    for &g in &site.vpn_gateways {
        let gateway = &net.vgws[g.0];
        let vpc = &net.vpcs[gateway.vpc.0];
        // Over a VPN and Direct Connect both, the VPN advertises the CIDR whatever the filter.
        let advertised = |c: Ipv4Net| {
            gateway
                .sites
                .iter()
                .any(|&(x, dx)| x == s && gateway.advertises(c, dx))
        };
        if let Some(&c) = vpc.cidrs.iter().find(|c| c.contains(&dst))
            && advertised(c)
            && vgw.is_none_or(|(h, b)| {
                (c.prefix_len(), std::cmp::Reverse(&gateway.id))
                    > (b.prefix_len(), std::cmp::Reverse(&net.vgws[h.0].id))
            })
        {
            vgw = Some((g, c));
        }
    }
    // (attachment, prefix length, Direct Connect, how the route is shown)
    let mut best: Option<(TgwAttachmentIx, u8, bool, Name<'_>)> = None;
    for &a in &site.connections {
        let att = &net.tgw_attachments[a.0];
        let dx = matches!(att.to, Attached::DirectConnect(_));
        let found = match &att.allowed_prefixes {
            // Over Direct Connect with allowed prefixes: those, originated by the Direct
            // Connect gateway, whatever the table holds (F6.32).
            Some(allowed) => allowed
                .iter()
                .filter(|p| p.contains(&dst))
                .max_by_key(|p| p.prefix_len())
                .map(|p| (p.prefix_len(), Name::Owned(format!("{p} (allowed prefix)")))),
            None => att.route_table.and_then(|rt| {
                let r = net.tgw_route_tables[rt.0].lookup(dst)?;
                let advertised =
                    r.target != TgwTarget::Blackhole && r.target != TgwTarget::Attachment(a);
                advertised.then(|| (r.destination.prefix_len(), Name::Borrowed(&r.label)))
            }),
        };
        let Some((len, label)) = found else {
            continue;
        };
        let rank = |x: TgwAttachmentIx, len: u8, dx: bool| {
            (len, dx, std::cmp::Reverse(&net.tgw_attachments[x.0].id))
        };
        if best
            .as_ref()
            .is_none_or(|(b, bl, bdx, _)| rank(a, len, dx) > rank(*b, *bl, *bdx))
        {
            best = Some((a, len, dx, label));
        }
    }
    if let Some((g, cidr)) = vgw
        && best
            .as_ref()
            .is_none_or(|(_, len, _, _)| cidr.prefix_len() > *len)
    {
        return Some(Learned::Vgw(g, cidr));
    }
    best.map(|(a, len, _, label)| Learned::Attachment(a, len, label))
}

/// The packets a site's client sends to `dst`, entering at `subnet`: from its own address,
/// through no NAT and no leg yet.
fn site_packet<'a>(
    client: SiteSender<'a>,
    protocol: Protocol,
    dst: Ipv4Addr,
    port: u16,
    subnet: SubnetIx,
) -> Packet<'a> {
    let ports = aws::LINUX_EPHEMERAL_PORTS;
    Packet::from_outside(protocol, subnet, client.ip, dst, port, client.id, ports)
}

/// From a site through a virtual private gateway into its VPC: the VPC router delivers the
/// packets to the destination's subnet, through its network ACL; the replies are routed from
/// there by that subnet's table (F6.24, F6.46).
#[allow(clippy::too_many_arguments)]
fn through_vgw<'a>(
    net: &'a Network,
    client: SiteSender<'a>,
    g: VgwIx,
    cidr: Ipv4Net,
    dst: Ipv4Addr,
    port: u16,
    protocol: Protocol,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    let site = &net.sites[client.site.0];
    let vgw = &net.vgws[g.0];
    let vpc = &net.vpcs[vgw.vpc.0];
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(&site.id),
        table: Name::Borrowed(&vgw.id),
        destination: Name::Owned(format!("{cidr} (advertised)")),
        target: Name::Borrowed(&vgw.id),
        reply: false,
    });
    let dx = vgw.sites.iter().any(|&(s, dx)| s == client.site && dx);
    let over = if dx {
        "Direct Connect"
    } else {
        "Site-to-Site VPN"
    };
    steps.at(&vgw.id, || Step::Arrive {
        at: Name::Borrowed(&vgw.id),
        detail: text!("from site {} over {over} into {}", site.id, vpc.id),
    });
    let Some(into) = net.subnet_containing(vgw.vpc, dst) else {
        let reason = DropReason::NoSubnet {
            dst,
            vpc: id(&vpc.id),
        };
        return drop(steps, &vpc.id, reason);
    };
    let mut p = site_packet(client, protocol, dst, port, into);
    p.came_by.push((vgw.vpc, Target::Vgw(g)));
    enter_by_gateway(net, p, vgw.edge_table, &vgw.id, steps)
}

/// Forwarding to the VPC's virtual private gateway: the packets leave for the site it sends
/// the destination to (F6.24), whose machine at that address answers; or, over Direct Connect
/// to a site advertising a supernet of another VPC of the same Direct Connect gateway, they
/// turn back at the Direct Connect endpoint into that VPC (F6.72).
pub(super) fn vpn_gateway<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    g: VgwIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let dst = p.dst;
    let vgw = &net.vgws[g.0];
    cross(net, p, p.subnet, Direction::Egress, steps)?;
    match vgw_exit(net, g, dst) {
        Ok(VgwExit::Site(s, dx)) => at_site(net, p, s, Over::Vgw(g), dx, steps),
        Ok(VgwExit::Turn(turn)) => {
            steps.push(|| turn.step(net, false));
            let other = &net.vgws[turn.into.0];
            let vpc = &net.vpcs[other.vpc.0];
            steps.at(&other.id, || Step::Arrive {
                at: Name::Borrowed(&other.id),
                detail: text!(
                    "from {} over the virtual interface of site {}, turned back at the Direct Connect endpoint into {} (F6.72)",
                    vgw.id,
                    net.sites[turn.site.0].id,
                    vpc.id
                ),
            });
            let Some(into) = net.subnet_containing(other.vpc, dst) else {
                let reason = DropReason::NoSubnet {
                    dst,
                    vpc: id(&vpc.id),
                };
                return drop(steps, &vpc.id, reason);
            };
            p.came_by.push((other.vpc, Target::Vgw(turn.into)));
            p.over_direct_connect = true;
            p.subnet = into;
            // The walk goes on from the gateway, which delivers the packets and walks their
            // replies; what is left in `p` has none to walk.
            let placeholder = Packet::from_outside(
                p.protocol,
                into,
                p.src,
                dst,
                p.port,
                p.sender,
                p.reply_ports,
            );
            let entering = std::mem::replace(p, placeholder);
            enter_by_gateway(net, entering, other.edge_table, &other.id, steps).map(Some)
        }
        Err(reason) => drop(steps, &vgw.id, reason),
    }
}
