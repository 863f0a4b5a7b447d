//! Transit gateways: their route tables, VPC attachments, associations, propagations and
//! static routes (F6.14-F6.18).

use std::collections::BTreeSet;

use super::*;

mod attachments;

impl Validator {
    /// Transit gateways, after VPCs and subnets (attachments name them) and before the VPCs'
    /// routes (a route may target a transit gateway the VPC is attached to).
    pub(crate) fn transit_gateways(&mut self, s: &model::Scenario) {
        for t in &s.transit_gateways {
            let tgw = TgwIx(self.net.tgws.len());
            let node = self.net.graph.add_node(Node::Tgw(tgw));
            let region = self.region_or_home(&t.region);
            let account = self.account_or_home(&t.account);
            self.net.tgws.push(TransitGateway {
                id: t.id.value.clone(),
                region,
                account,
                attachments: Vec::new(),
                security_group_referencing: t.security_group_referencing,
                node,
            });
            let first_table = self.net.tgw_route_tables.len();
            let implicit = t.route_tables.is_empty();
            if implicit {
                self.net.tgw_route_tables.push(TgwRouteTable {
                    id: format!("{}:default", t.id.value),
                    tgw,
                    routes: Vec::new(),
                    lpm: Lpm::default(),
                });
            }
            for rt in &t.route_tables {
                self.net.tgw_route_tables.push(TgwRouteTable {
                    id: rt.id.value.clone(),
                    tgw,
                    routes: Vec::new(),
                    lpm: Lpm::default(),
                });
            }
            for a in &t.attachments {
                self.attachment(tgw, a, implicit.then_some(TgwRouteTableIx(first_table)));
            }
            let silent = self.overlapping_attachments(tgw, t);
            let mut tables: Vec<(TgwRouteTableIx, Vec<TgwRoute>)> = Vec::new();
            if implicit {
                let all: Vec<TgwAttachmentIx> = self.net.tgws[tgw.0]
                    .attachments
                    .iter()
                    .copied()
                    .filter(|a| !silent.contains(a))
                    .collect();
                tables.push((TgwRouteTableIx(first_table), self.propagated(&all)));
            }
            for (i, rt) in t.route_tables.iter().enumerate() {
                let ix = TgwRouteTableIx(first_table + i);
                let mut routes = Vec::new();
                let mut seen = BTreeSet::new();
                let mut lists = BTreeSet::new();
                for r in &rt.routes {
                    if r.destination.value.starts_with("pl-") {
                        let more = self.tgw_prefix_list_routes(tgw, &rt.id.value, r, &mut lists);
                        routes.extend(more);
                        continue;
                    }
                    let Some(dst) = self.cidr(&r.destination) else {
                        continue;
                    };
                    if !seen.insert(dst) {
                        self.err(
                            Code::Duplicate,
                            Pos::of(&r.destination),
                            format!("two static routes for {dst} in {}", rt.id.value),
                        )
                        .help("a transit gateway route table keeps one static route per destination; remove one");
                        continue;
                    }
                    if let Some(target) = self.tgw_route_target(tgw, &r.target) {
                        routes.push(TgwRoute {
                            destination: dst,
                            target,
                            label: self.labels.of(dst.to_string()),
                            origin: Origin::Static,
                        });
                    }
                }
                let mut from = Vec::new();
                for p in &rt.propagations {
                    let Some(a) = self.own_attachment(tgw, p, "a propagation") else {
                        continue;
                    };
                    if matches!(self.net.tgw_attachments[a.0].to, Attached::Peering { .. }) {
                        let msg = format!(
                            "{} is a peering attachment: it propagates no routes",
                            p.value
                        );
                        self.err(Code::TransitGateway, Pos::of(p), msg)
                            .help("a transit gateway peering carries static routes only: write a route to it under `routes` (F6.21)");
                        continue;
                    }
                    if !silent.contains(&a) {
                        from.push(a);
                    }
                }
                routes.extend(self.propagated(&from));
                tables.push((ix, routes));
            }
            for (ix, routes) in tables {
                let table = &mut self.net.tgw_route_tables[ix.0];
                table.lpm = TgwRouteTable::index(&routes);
                table.routes = routes;
            }
        }
        self.pair_tgw_peerings();
    }

    /// The routes `attachments` propagate: each attached VPC's CIDRs, and the CIDRs a site
    /// advertises over its VPN (by BGP only, F6.73) or Direct Connect (F6.17, F6.20).
    /// They are listed by attachment id, so that the order of `propagations:` decides nothing
    /// (F6.16).
    fn propagated(&mut self, attachments: &[TgwAttachmentIx]) -> Vec<TgwRoute> {
        let mut routes = Vec::new();
        let mut attachments = attachments.to_vec();
        attachments.sort_by(|a, b| {
            let id = |x: &TgwAttachmentIx| &self.net.tgw_attachments[x.0].id;
            id(a).cmp(id(b))
        });
        for a in attachments {
            let att = &self.net.tgw_attachments[a.0];
            let (cidrs, origin) = match att.to {
                Attached::Vpc(v) => (self.net.vpcs.get(v.0).map(|v| &v.cidrs), Source::Vpc),
                // A VPN of static routes propagates nothing: its routes are written in the
                // table (F6.73).
                Attached::Vpn(s) => (
                    self.net
                        .sites
                        .get(s.0)
                        .filter(|s| !s.static_vpn)
                        .map(|s| &s.cidrs),
                    Source::Vpn,
                ),
                Attached::DirectConnect(_) => (None, Source::DirectConnect),
                Attached::Peering { .. } => (None, Source::Vpc),
            };
            let origin = Origin::Propagated(origin);
            // A Direct Connect gateway's attachment propagates what each site of its transit
            // virtual interfaces advertises (F6.56).
            let dx: Vec<Ipv4Net> = match att.to {
                Attached::DirectConnect(d) => self.net.dx_gateways[d.0]
                    .sites
                    .iter()
                    .flat_map(|s| self.net.sites[s.0].cidrs.iter().copied())
                    .collect(),
                _ => Vec::new(),
            };
            for c in cidrs.into_iter().flatten().chain(dx.iter()) {
                routes.push(TgwRoute {
                    destination: *c,
                    target: TgwTarget::Attachment(a),
                    label: self.labels.of(format!("{c} (propagated)")),
                    origin,
                });
            }
        }
        routes
    }

    /// A static route's target: an attachment of this transit gateway, or `blackhole`.
    pub(crate) fn tgw_route_target(
        &mut self,
        tgw: TgwIx,
        t: &Sp<impl AsRef<str>>,
    ) -> Option<TgwTarget> {
        if t.value.as_ref() == "blackhole" {
            return Some(TgwTarget::Blackhole);
        }
        self.own_attachment(tgw, t, "a transit gateway route")
            .map(TgwTarget::Attachment)
    }

    /// An attachment of `tgw` named at `r`.
    fn own_attachment(
        &mut self,
        tgw: TgwIx,
        r: &Sp<impl AsRef<str>>,
        from: &str,
    ) -> Option<TgwAttachmentIx> {
        let a = self.resolve(r, Kind::TgwAttachment, from)?;
        // Attachments are resolved after their own transit gateway's: a later one's is out
        // of reach, and so in another transit gateway.
        match self.net.tgw_attachments.get(a) {
            Some(att) if att.tgw == tgw => Some(TgwAttachmentIx(a)),
            _ => {
                let msg = format!(
                    "{} is an attachment of another transit gateway, not of {}",
                    r.value.as_ref(),
                    self.net.tgws[tgw.0].id
                );
                self.err(Code::Scope, Pos::of(r), msg).help(
                    "a transit gateway route table names its own transit gateway's attachments",
                );
                None
            }
        }
    }

    /// A route table of `tgw` named at `r`.
    fn own_table(&mut self, tgw: TgwIx, r: &Sp<String>) -> Option<TgwRouteTableIx> {
        let from = "an attachment's `route_table`";
        let t = self.resolve(r, Kind::TgwRouteTable, from)?;
        match self.net.tgw_route_tables.get(t) {
            Some(table) if table.tgw == tgw => Some(TgwRouteTableIx(t)),
            _ => {
                let msg = format!(
                    "{} is a route table of another transit gateway, not of {}",
                    r.value, self.net.tgws[tgw.0].id
                );
                self.err(Code::Scope, Pos::of(r), msg)
                    .help("associate the attachment with a route table of its own transit gateway");
                None
            }
        }
    }
}
