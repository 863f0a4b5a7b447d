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
            for &(s, dx) in &g.sites {
                let over = if dx { "Direct Connect" } else { "VPN" };
                d.edge(&k, &key("site", &net.sites[s.0].id), over, false);
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
            for &a in &t.attachments {
                let att = &net.tgw_attachments[a.0];
                let table = att
                    .route_table
                    .map_or("no route table", |r| net.tgw_route_tables[r.0].id.as_str());
                for s in &att.subnets {
                    let label = format!("{} ({table})", att.id);
                    d.edge(&k, &key("subnet", &net.subnets[s.0].id), &label, false);
                }
                let over = match att.to {
                    Attached::Vpc(_) => continue,
                    Attached::Peering { tgw: q, .. } => {
                        // One edge per peering, drawn from the side written first.
                        if q.0 > att.tgw.0 {
                            let label = format!("{} peering ({table})", att.id);
                            d.edge(&k, &key("tgw", &net.tgws[q.0].id), &label, false);
                        }
                        continue;
                    }
                    Attached::Vpn(_) => "VPN",
                    Attached::DirectConnect(_) => "Direct Connect",
                };
                if let Some(site) = att.site() {
                    let label = format!("{} {over} ({table})", att.id);
                    d.edge(&k, &key("site", &net.sites[site.0].id), &label, false);
                }
            }
        }
    }
}
