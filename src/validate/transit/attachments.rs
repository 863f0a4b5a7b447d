//! Transit gateway attachments: to a VPC (its subnets per zone), a site, or another transit
//! gateway; their associations, and which of them propagate.

use super::*;

impl Validator {
    /// Pairs each peering attachment with the other transit gateway's attachment back to it.
    pub(super) fn pair_tgw_peerings(&mut self) {
        for (ix, pos) in std::mem::take(&mut self.tgw_peerings) {
            let att = &self.net.tgw_attachments[ix.0];
            let Attached::Peering { tgw: q, .. } = att.to else {
                continue;
            };
            let ours = att.tgw;
            let back = self.net.tgws[q.0].attachments.iter().copied().find(|b| {
                matches!(self.net.tgw_attachments[b.0].to, Attached::Peering { tgw, .. } if tgw == ours)
            });
            match back {
                Some(b) => {
                    self.net.tgw_attachments[ix.0].to = Attached::Peering { tgw: q, peer: b };
                    let (from, to) = (self.net.tgws[ours.0].node, self.net.tgws[q.0].node);
                    let link = Link::Attachment(u32::try_from(ix.0).unwrap_or(u32::MAX));
                    self.net.graph.add_edge(from, to, link);
                }
                None => {
                    let (ours, theirs) = (&self.net.tgws[ours.0].id, &self.net.tgws[q.0].id);
                    let msg = format!(
                        "{theirs} has no peering attachment back to {ours}: a peering is accepted on both transit gateways"
                    );
                    let help = format!(
                        "add `{{ id: <id>, peering: {ours} }}` to the attachments of {theirs}"
                    );
                    self.err(Code::TransitGateway, pos, msg).help(help);
                }
            }
        }
    }

    /// One attachment: a VPC with one subnet per Availability Zone, or a site over a VPN or
    /// Direct Connect; and its association.
    pub(super) fn attachment(
        &mut self,
        tgw: TgwIx,
        a: &model::TgwAttachment,
        default_table: Option<TgwRouteTableIx>,
    ) {
        let ix = TgwAttachmentIx(self.net.tgw_attachments.len());
        let from = format!("attachment {}", a.id.value);
        let written: Vec<&Sp<String>> = [
            &a.vpc,
            &a.vpn,
            &a.direct_connect,
            &a.direct_connect_gateway,
            &a.peering,
        ]
        .into_iter()
        .flatten()
        .collect();
        if written.len() != 1 {
            self.err(
                Code::TransitGateway,
                Pos::of(&a.id),
                format!("attachment {} must attach exactly one of `vpc`, `vpn`, `direct_connect`, `direct_connect_gateway` or `peering`", a.id.value),
            )
            .help("a VPC attachment names its `vpc`; a Site-to-Site VPN or Direct Connect attachment names its site (or its Direct Connect gateway); a peering attachment names the other transit gateway");
        }
        let mut dx_allowed = None;
        if let Some(first) = a.subnets.first().filter(|_| a.vpc.is_none()) {
            self.err(Code::TransitGateway, Pos::of(first), "only a VPC attachment has subnets")
                .help("remove `subnets`: a VPN, Direct Connect or peering attachment has no network interfaces in subnets");
        }
        let to = if let Some(v) = &a.vpc {
            let vx = self.resolve(v, Kind::Vpc, &from).map(VpcIx);
            if let Some(vx) = vx {
                let (theirs, ours) = (&self.net.vpcs[vx.0].region, &self.net.tgws[tgw.0].region);
                if theirs != ours {
                    let msg = format!(
                        "{} is in {theirs} and {} in {ours}: a transit gateway attaches VPCs of its own Region",
                        self.net.vpcs[vx.0].id, self.net.tgws[tgw.0].id
                    );
                    self.err(Code::Scope, Pos::of(v), msg)
                        .help("attach the VPC to a transit gateway of its Region, and peer the two transit gateways (F6.21)");
                }
            }
            vx.map(Attached::Vpc)
        } else if let Some(q) = &a.peering {
            let q = self.resolve(q, Kind::Tgw, &from).map(TgwIx);
            if q == Some(tgw) {
                self.err(
                    Code::TransitGateway,
                    Pos::of(&a.id),
                    "a transit gateway cannot peer with itself",
                )
                .help("name the other transit gateway under `peering`");
            }
            self.tgw_peerings.push((ix, Pos::of(&a.id)));
            q.filter(|&q| q != tgw).map(|q| Attached::Peering {
                tgw: q,
                peer: TgwAttachmentIx(usize::MAX),
            })
        } else if let Some(site) = &a.vpn {
            self.resolve(site, Kind::Site, &from)
                .map(|s| Attached::Vpn(SiteIx(s)))
        } else if let Some(site) = &a.direct_connect {
            // The short form: a Direct Connect gateway of its own, one transit virtual
            // interface from the site, its association's allowed prefixes written here (F6.56).
            self.resolve(site, Kind::Site, &from).map(|s| {
                let d = DxgwIx(self.net.dx_gateways.len());
                self.net.dx_gateways.push(DxGateway {
                    id: None,
                    asn: crate::validate::direct_connect::DEFAULT_ASN,
                    sites: vec![SiteIx(s)],
                });
                Attached::DirectConnect(d)
            })
        } else if let Some(g) = &a.direct_connect_gateway {
            self.dx_attachment(tgw, a, g).map(|(d, allowed)| {
                dx_allowed = allowed;
                Attached::DirectConnect(d)
            })
        } else {
            None
        };
        if let Some(first) = a
            .allowed_prefixes
            .first()
            .filter(|_| a.direct_connect.is_none() && a.direct_connect_gateway.is_none())
        {
            self.err(Code::TransitGateway, Pos::of(first), "only a Direct Connect attachment has allowed prefixes")
                .help("remove `allowed_prefixes`: they belong to a Direct Connect gateway's association; over a VPN the site learns the routes of the attachment's table (F6.20)");
        }
        let allowed_prefixes = match a.direct_connect_gateway {
            Some(_) => dx_allowed,
            None => self.allowed_prefixes(&a.allowed_prefixes),
        };
        // (A `direct_connect_gateway` attachment's prefixes are its association's, refused
        // there when written here.)
        if a.direct_connect_gateway.is_none()
            && let Some(extra) = a.allowed_prefixes.get(aws::DX_ALLOWED_PREFIXES_PER_TGW)
        {
            let msg = format!(
                "attachment {} lists {} allowed prefixes: AWS's quota is {} per transit gateway association",
                a.id.value,
                a.allowed_prefixes.len(),
                aws::DX_ALLOWED_PREFIXES_PER_TGW
            );
            self.err(Code::TransitGateway, Pos::of(extra), msg)
                .help("summarise the prefixes into wider ones (see https://docs.aws.amazon.com/general/latest/gr/dc.html)");
        }
        let vpc = match to {
            Some(Attached::Vpc(v)) => Some(v),
            _ => None,
        };
        let mut subnets: Vec<SubnetIx> = Vec::new();
        if vpc.is_some() && a.subnets.is_empty() {
            self.err(
                Code::TransitGateway,
                Pos::of(&a.id),
                format!("attachment {} names no subnet", a.id.value),
            )
            .help("list one subnet of the VPC per Availability Zone under `subnets`");
        }
        for sn in a.subnets.iter().filter(|_| vpc.is_some()) {
            let Some(sx) = self.resolve(sn, Kind::Subnet, &from).map(SubnetIx) else {
                continue;
            };
            let subnet = &self.net.subnets[sx.0];
            if Some(subnet.vpc) != vpc {
                if let Some(v) = vpc {
                    let msg = format!(
                        "subnet {} is not in {}, the VPC this attachment attaches",
                        subnet.id, self.net.vpcs[v.0].id
                    );
                    self.err(Code::Scope, Pos::of(sn), msg)
                        .help("an attachment's subnets are subnets of its own VPC");
                }
                continue;
            }
            let az = subnet.az.clone();
            if let Some(other) = subnets.iter().find(|o| self.net.subnets[o.0].az == az) {
                let zone = az.as_deref().unwrap_or("(no `az` written)");
                let msg = format!(
                    "subnets {} and {} are both in Availability Zone {zone}: an attachment takes one subnet per zone",
                    self.net.subnets[other.0].id, self.net.subnets[sx.0].id
                );
                self.err(Code::TransitGateway, Pos::of(sn), msg).help(
                    "keep one subnet per zone (write each subnet's `az` when they are in different zones)",
                );
                continue;
            }
            subnets.push(sx);
        }
        if let (Some(v), Some(at)) = (vpc, &a.vpc) {
            if let Some(&other) = self.net.index.tgw_attachment.get(&(tgw, v)) {
                let msg = format!(
                    "{} is already attached to {} by {}: a VPC has one attachment to a transit gateway",
                    self.net.vpcs[v.0].id,
                    self.net.tgws[tgw.0].id,
                    self.net.tgw_attachments[other.0].id
                );
                self.err(Code::TransitGateway, Pos::of(at), msg)
                    .help("remove one of the two attachments");
            } else {
                self.net.index.tgw_attachment.insert((tgw, v), ix);
            }
        }
        let sites: Vec<SiteIx> = match to {
            Some(Attached::Vpn(s)) => vec![s],
            Some(Attached::DirectConnect(d)) => self.net.dx_gateways[d.0].sites.clone(),
            _ => Vec::new(),
        };
        for s in &sites {
            self.net.sites[s.0].connections.push(ix);
        }
        let route_table = match (&a.route_table, default_table) {
            (Some(rt), _) => self.own_table(tgw, rt),
            (None, Some(d)) => Some(d),
            (None, None) => {
                self.warn(
                    Code::UnassociatedAttachment,
                    Pos::of(&a.id),
                    format!(
                        "attachment {} is associated with no route table of {}: the transit gateway drops the traffic it sends",
                        a.id.value, self.net.tgws[tgw.0].id
                    ),
                )
                .help("name the transit gateway route table it is associated with under `route_table`");
                None
            }
        };
        let from = self.net.tgws[tgw.0].node;
        let ends = subnets.iter().map(|s| self.net.subnets[s.0].node);
        // A peering's edge is made once the other side is known (`pair_tgw_peerings`).
        let far = sites.iter().map(|s| self.net.sites[s.0].node);
        let ends: Vec<_> = ends.chain(far).collect();
        let link = Link::Attachment(u32::try_from(ix.0).unwrap_or(u32::MAX));
        for end in ends {
            self.net.graph.add_edge(from, end, link);
        }
        self.net.tgws[tgw.0].attachments.push(ix);
        self.net.tgw_attachments.push(TgwAttachment {
            id: a.id.value.clone(),
            tgw,
            to: to.unwrap_or(Attached::Vpc(VpcIx(0))),
            security_group_referencing: a.security_group_referencing.unwrap_or(true),
            subnets,
            route_table,
            appliance_mode: a.appliance_mode,
            allowed_prefixes,
        });
    }

    /// The VPC attachments whose CIDRs overlap those of a VPC attached before them: AWS does
    /// not propagate their routes (F6.17), and says so at the attachment.
    pub(super) fn overlapping_attachments(
        &mut self,
        tgw: TgwIx,
        t: &model::TransitGateway,
    ) -> Vec<TgwAttachmentIx> {
        let mut seen: Vec<(Ipv4Net, VpcIx)> = Vec::new();
        let mut silent = Vec::new();
        let attachments = self.net.tgws[tgw.0].attachments.clone();
        for (a, written) in attachments.into_iter().zip(&t.attachments) {
            let Attached::Vpc(v) = self.net.tgw_attachments[a.0].to else {
                continue;
            };
            let cidrs = self.net.vpcs[v.0].cidrs.clone();
            let clash = cidrs.iter().find_map(|c| {
                seen.iter()
                    .find(|(o, _)| o.contains(c) || c.contains(o))
                    .map(|(o, w)| (*c, *o, *w))
            });
            if let Some((c, o, w)) = clash {
                let msg = format!(
                    "{} ({c}) overlaps {} ({o}), attached before it: {} does not propagate {}'s routes",
                    self.net.vpcs[v.0].id,
                    self.net.vpcs[w.0].id,
                    self.net.tgws[tgw.0].id,
                    written.id.value
                );
                self.warn(Code::UnpropagatedAttachment, Pos::of(&written.id), msg)
                    .help("give the VPCs CIDRs that do not overlap, or write static routes for the one you mean (F6.17)");
                silent.push(a);
            } else {
                seen.extend(cidrs.into_iter().map(|c| (c, v)));
            }
        }
        silent
    }
}
