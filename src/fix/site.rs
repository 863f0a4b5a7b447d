//! Candidates where a site learns no route to an address of a VPC (F6.20, F6.32): the VPC's
//! CIDR among a Direct Connect association's allowed prefixes, or its attachment propagated
//! into the table the site's attachment is associated with.

use super::*;

/// The request, or its replies, were dropped at site `at` because the site learns no route to
/// an address of a VPC: the edits that would make it learn one.
pub(super) fn site_learns_candidates(net: &Network, t: &Trace, at: &str, out: &mut Vec<Candidate>) {
    let Some(Step::Drop { reason, .. }) = t.steps.last() else {
        return;
    };
    let addr = match reason {
        DropReason::SiteLearnsNoRoute { dst, .. } => *dst,
        DropReason::NoWayBack(NoWayBack::SiteNoRoute { to, .. }) => *to,
        _ => return,
    };
    let Some(site) = net.sites.iter().find(|s| s.id == at) else {
        return;
    };
    let Some((v, cidr)) = net.vpcs.iter().enumerate().find_map(|(i, vpc)| {
        let c = vpc.cidrs.iter().find(|c| c.contains(&addr))?;
        Some((VpcIx(i), c.to_string()))
    }) else {
        return;
    };
    for &a in &site.connections {
        let att = &net.tgw_attachments[a.0];
        let g = net.tgws[att.tgw.0].id.clone();
        let id = att.id.clone();
        if att.allowed_prefixes.is_some() {
            let c = cidr.clone();
            out.push(Candidate {
                title: format!("add {cidr} to the allowed prefixes of {id}"),
                edits: vec![format!(
                    "transit_gateways[{g}].attachments[{id}]: allowed_prefixes: + {cidr}"
                )],
                touches: transit_attachment(net, a),
                apply: Box::new(move |doc| {
                    push(tgw_attachment(doc, &g, &id)?, "allowed_prefixes", json!(c))
                }),
            });
            continue;
        }
        // Over a VPN (or Direct Connect without allowed prefixes), the table's routes.
        let (Some(rt), Some(vpc_att)) = (att.route_table, net.attachment_of(att.tgw, v)) else {
            continue;
        };
        let rt = net.tgw_route_tables[rt.0].id.clone();
        if rt.ends_with(":default") {
            continue;
        }
        let p = net.tgw_attachments[vpc_att.0].id.clone();
        out.push(Candidate {
            title: format!("propagate {p} into {rt}, the table {id} advertises to {at}"),
            edits: vec![format!(
                "transit_gateways[{g}].route_tables[{rt}]: propagations: + {p}"
            )],
            touches: transit_table(net, &rt),
            apply: Box::new(move |doc| push(tgw_table(doc, &g, &rt)?, "propagations", json!(p))),
        });
    }
    for &g in &site.vpn_gateways {
        let gateway = &net.vgws[g.0];
        if gateway.vpc != v || gateway.allowed_prefixes.is_none() {
            continue;
        }
        let (vpc, id, c) = (net.vpcs[v.0].id.clone(), gateway.id.clone(), cidr.clone());
        out.push(Candidate {
            title: format!("add {cidr} to the allowed prefixes of {id}"),
            edits: vec![format!(
                "vpcs[{vpc}].vpn_gateway: allowed_prefixes: + {cidr}"
            )],
            // What the gateway advertises, which its sites learn (F6.24).
            touches: Touch::ids(
                std::iter::once(id.clone()).chain(
                    gateway
                        .sites
                        .iter()
                        .map(|&(s, _)| net.sites[s.0].id.clone()),
                ),
            ),
            apply: Box::new(move |doc| {
                let gw = item(doc, "vpcs", &vpc)?.get_mut("vpn_gateway")?;
                push(gw, "allowed_prefixes", json!(c))
            }),
        });
    }
}
