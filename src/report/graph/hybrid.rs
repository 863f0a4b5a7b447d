//! The parts of a diagram beyond the VPCs: on-premises sites and their clients, virtual private
//! gateways, transit gateways with their attachments and peerings.

use super::*;

impl Diagram<'_> {
    /// Sites, virtual private gateways and transit gateways, with the edges that join them to
    /// the VPCs' subnets and to each other.
    pub(super) fn hybrid(&mut self, net: &Network) {
        let d = self;
        for site in &net.sites {
            let cidrs: Vec<String> = site.cidrs.iter().map(ToString::to_string).collect();
            d.clusters.push(Cluster {
                key: key("site", &site.id),
                label: format!("{} {} (on premises)", site.id, cidrs.join(", ")),
                parent: None,
            });
        }
        for c in &net.site_clients {
            d.node(
                key("client", &c.id),
                &c.id,
                format!("{} {}", c.id, c.ip),
                Shape::Instance,
                Some(key("site", &net.sites[c.site.0].id)),
            );
        }
        for g in &net.vgws {
            let k = key("vgw", &g.id);
            d.node(
                k.clone(),
                &g.id,
                format!("{} virtual private gateway", g.id),
                Shape::Gateway,
                Some(key("vpc", &net.vpcs[g.vpc.0].id)),
            );
            for (link, to) in net.links(g.node) {
                if let (Link::Connection { direct_connect }, Some(to)) =
                    (link, node_key(net, to, None))
                {
                    let over = if direct_connect {
                        "Direct Connect"
                    } else {
                        "VPN"
                    };
                    d.edge(&k, &to, over, false);
                }
            }
        }
        for t in &net.tgws {
            let k = key("tgw", &t.id);
            d.node(
                k.clone(),
                &t.id,
                format!("{} transit gateway {}", t.id, t.region),
                Shape::Gateway,
                None,
            );
            // Its attachments are its `Attachment` edges: to a VPC's subnets, a site, or the
            // peer transit gateway.
            // In the order of the attachments (a peering's edge is made last, once both sides
            // are read).
            let mut links = net.links(t.node);
            links.sort_by_key(|(l, _)| l.attachment().map_or(usize::MAX, |a| a.0));
            for (link, to) in links {
                let Some(a) = link.attachment() else { continue };
                let att = &net.tgw_attachments[a.0];
                let table = att
                    .route_table
                    .map_or("no route table", |r| net.tgw_route_tables[r.0].id.as_str());
                let label = match (att.to, to) {
                    (Attached::Vpc(_), _) => format!("{} ({table})", att.id),
                    // One edge per peering, drawn from the side written first.
                    (Attached::Peering { tgw: q, .. }, _) if q.0 > att.tgw.0 => {
                        format!("{} peering ({table})", att.id)
                    }
                    (Attached::Peering { .. }, _) => continue,
                    (Attached::Vpn(_), _) => format!("{} VPN ({table})", att.id),
                    (Attached::DirectConnect(d), _) => match &net.dx_gateways[d.0].id {
                        Some(gw) => format!("{} Direct Connect gateway {gw} ({table})", att.id),
                        None => format!("{} Direct Connect ({table})", att.id),
                    },
                };
                if let Some(to) = node_key(net, to, None) {
                    d.edge(&k, &to, &label, false);
                }
            }
        }
    }
}
