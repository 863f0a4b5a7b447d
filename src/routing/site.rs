//! Requests from an on-premises site: over the VPN or Direct Connect attachment whose
//! advertised routes cover the destination, else out through the site's own internet access
//! (F6.20).

use super::*;

/// Forwards a packet from a client on a site.
pub(super) fn from_site<'a>(
    net: &'a Network,
    c: SiteClientIx,
    dst: Ipv4Addr,
    port: u16,
    protocol: Protocol,
    steps: &mut Steps<'a>,
) -> Result<Arrival, String> {
    let client = &net.site_clients[c.0];
    let site = &net.sites[client.site.0];
    steps.push(|| Step::Connect {
        from: Name::Borrowed(&client.id),
        source: client.ip,
        destination: dst,
        port,
    });
    if site.contains(dst) {
        return drop(
            steps,
            &site.id,
            text!(
                "{dst} is inside site {}: vpcpath does not model traffic within an on-premises network",
                site.id
            ),
        );
    }
    // What the site learns over each connection: the routes of the transit gateway route
    // table associated with it, as its BGP session advertises them (F6.20); the most specific
    // wins across connections.
    let mut best: Option<(TgwAttachmentIx, &TgwRoute)> = None;
    for &a in &site.connections {
        let Some(rt) = net.tgw_attachments[a.0].route_table else {
            continue;
        };
        let Some(r) = net.tgw_route_tables[rt.0].lookup(dst) else {
            continue;
        };
        let advertised = r.target != TgwTarget::Blackhole && r.target != TgwTarget::Attachment(a);
        let better =
            best.is_none_or(|(_, b)| r.destination.prefix_len() > b.destination.prefix_len());
        if advertised && better {
            best = Some((a, r));
        }
    }
    let Some((a, route)) = best else {
        if dst.is_private() {
            return drop(
                steps,
                &site.id,
                text!(
                    "site {} learns no route to {dst} over its VPN or Direct Connect connections (F6.20)",
                    site.id
                ),
            );
        }
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
        });
        return internet_arrival(net, dst, site.public_ip, steps);
    };
    let att = &net.tgw_attachments[a.0];
    let tgw = &net.tgws[att.tgw.0];
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(&site.id),
        table: Name::Borrowed(&att.id),
        destination: Name::Borrowed(&route.label),
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
    let mut p = Packet {
        protocol,
        // Set by `across` as the packets enter a VPC; nothing reads it before.
        subnet: SubnetIx(0),
        src: client.ip,
        dst,
        port,
        public: None,
        private_nat: None,
        client: None,
        client_ip: client.ip,
        sender: &client.id,
        reply_ports: aws::LINUX_EPHEMERAL_PORTS,
        legs: Vec::new(),
        transit: None,
        segments: Vec::new(),
        from_transit_gateway: false,
        crossed_transit_gateway: true,
        groups_across: false,
    };
    match across(net, &mut p, a, None, steps)? {
        Some(arrival) => Ok(arrival),
        None => walk(net, p, steps),
    }
}
