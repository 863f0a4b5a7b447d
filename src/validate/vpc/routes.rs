//! Peerings, route tables' routes and their targets, and the edges they add to the graph.

use super::*;

impl Validator {
    /// Peering connections.
    pub(crate) fn peerings(&mut self, s: &model::Scenario) {
        for p in &s.peerings {
            let p = &p.value;
            let from = format!("peering {}", p.id.value);
            let a = self.resolve(&p.requester, Kind::Vpc, &from).map(VpcIx);
            let b = self.resolve(&p.accepter, Kind::Vpc, &from).map(VpcIx);
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    self.err(
                        Code::Peering,
                        Pos::of(&p.accepter),
                        "a VPC cannot peer with itself",
                    )
                    .help("name two different VPCs as requester and accepter");
                } else {
                    let (va, vb) = (&self.net.vpcs[a.0], &self.net.vpcs[b.0]);
                    if let Some((x, y)) = va
                        .cidrs
                        .iter()
                        .flat_map(|x| vb.cidrs.iter().map(move |y| (x, y)))
                        .find(|(x, y)| x.contains(*y) || y.contains(*x))
                    {
                        // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
                        let msg = format!(
                            "{} ({x}) and {} ({y}) have overlapping CIDRs: AWS cannot peer them",
                            va.id, vb.id
                        );
                        self.err(Code::Overlap, Pos::of(&p.id), msg)
                            .help("give the VPCs CIDRs that do not overlap");
                    }
                }
            }
            let (requester_dns, accepter_dns) = match (a, b) {
                (Some(a), Some(b)) => self.peering_dns(p, a, b),
                _ => (false, false),
            };
            let ix = PeeringIx(self.net.peerings.len());
            let node = self.net.graph.add_node(Node::Peering(ix));
            for side in [a, b].into_iter().flatten() {
                let vpc = self.net.vpcs[side.0].node;
                self.net.graph.add_edge(node, vpc, Link::Peer);
            }
            self.net.peerings.push(Peering {
                id: p.id.value.clone(),
                requester: a.unwrap_or(VpcIx(0)),
                accepter: b.unwrap_or(VpcIx(0)),
                requester_dns,
                accepter_dns,
                node,
            });
        }
    }

    /// Routes of every route table: implicit `local`, static, and gateway-endpoint prefix lists.
    pub(crate) fn routes(&mut self, s: &model::Scenario) {
        let mut declared = Vec::new();
        for vpc in &s.vpcs {
            for rt in &vpc.route_tables {
                declared.push(rt);
            }
        }
        let mut taken = self.taken_routes.take();
        // The gateway endpoints of each table, in the endpoints' order: found once, not by
        // scanning every endpoint for every table (10,000 VPCs: 100,000 tables, 30,000
        // endpoints).
        let mut gateways: Vec<Vec<EndpointIx>> = vec![Vec::new(); self.net.route_tables.len()];
        for (e, ep) in self.net.endpoints.iter().enumerate() {
            if let EndpointKind::Gateway { route_tables, .. } = &ep.kind {
                for t in route_tables {
                    if let Some(list) = gateways.get_mut(t.0)
                        && list.last() != Some(&EndpointIx(e))
                    {
                        list.push(EndpointIx(e));
                    }
                }
            }
        }
        self.reserve_route_edges(&declared, taken.as_deref(), &gateways);
        for (t, table_gateways) in gateways.iter().enumerate() {
            let v = self.net.route_tables[t].vpc;
            let mut routes: Vec<Route> = self.net.vpcs[v.0]
                .cidrs
                .iter()
                .map(|c| Route {
                    destination: *c,
                    target: Target::Local,
                    label: self.labels.of(c.to_string()),
                    origin: Origin::Local,
                })
                .collect();
            if let Some(rt) = declared
                .get(t)
                .filter(|_| self.net.route_tables[t].declared)
            {
                // Routes taken out of an owned scenario are read from here, and freed table by
                // table ([`super::super::validate_owned`]).
                let owned = taken
                    .as_mut()
                    .and_then(|o| o.get_mut(t))
                    .map(std::mem::take);
                let written = owned.as_deref().unwrap_or(&rt.routes);
                if let Some(gateway) = &rt.gateway {
                    // A gateway route table: its own rules, and no propagated route (F6.54),
                    // nor a gateway endpoint's prefix-list route.
                    for &e in table_gateways {
                        let ep = self.net.endpoints[e.0].id.clone();
                        self.err(Code::Endpoint, Pos::of(gateway), format!("gateway endpoint {ep} lists route table {}, which is {}'s gateway route table: AWS takes no prefix-list route in it (F6.54)", rt.id.value, gateway.value))
                            .help(format!("remove {} from {ep}'s `route_tables`: the subnets' tables carry its routes", rt.id.value));
                    }
                    routes = self.gateway_table(v, RouteTableIx(t), rt, gateway, written);
                    self.install_routes(RouteTableIx(t), routes);
                    continue;
                }
                let locals = routes.len();
                let mut seen = rustc_hash::FxHashSet::default();
                let mut lists = std::collections::BTreeSet::new();
                for r in written {
                    if r.destination.value.starts_with("pl-") {
                        let more = self.prefix_list_routes(v, r, &routes[..locals], &mut lists);
                        routes.extend(more);
                        continue;
                    }
                    if let Some(route) = self.static_route(v, r, &routes[..locals], &mut seen) {
                        routes.push(route);
                    }
                }
            }
            for &e in table_gateways {
                let ep = &self.net.endpoints[e.0];
                if let EndpointKind::Gateway { prefix, .. } = &ep.kind {
                    routes.push(Route {
                        destination: *prefix,
                        target: Target::GatewayEndpoint(e),
                        label: self.labels.of(format!("pl-{} ({prefix})", ep.service)),
                        origin: Origin::PrefixList,
                    });
                }
            }
            if let Some(rt) = declared
                .get(t)
                .filter(|rt| self.net.route_tables[t].declared && rt.vpn_gateway_propagation)
            {
                routes.extend(self.propagated_from_vgw(v, rt));
            }
            self.install_routes(RouteTableIx(t), routes);
            self.local_wins(t, declared.get(t).copied());
        }
        let internet = self.net.graph.add_node(Node::Internet);
        for g in 0..self.net.igws.len() {
            self.net
                .graph
                .add_edge(self.net.igws[g].node, internet, Link::Egress);
        }
    }

    pub(crate) fn static_route(
        &mut self,
        v: VpcIx,
        r: &model::Route,
        locals: &[Route],
        seen: &mut rustc_hash::FxHashSet<ipnet::Ipv4Net>,
    ) -> Option<Route> {
        let dst = self.cidr(&r.destination)?;
        let target = self.route_target(v, &r.target)?;
        // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html
        let reserved: Ipv4Net = aws::RESERVED_ROUTE_RANGE;
        if reserved.contains(&dst) {
            self.err(Code::Route, Pos::of(&r.destination), format!("{dst} is inside {reserved}, which AWS reserves: it refuses routes to it or to any part of it"))
                .help("route a larger block that contains it, or another destination (packets for 169.254.168.0/22 are never forwarded)");
            return None;
        }
        if seen.contains(&dst) {
            self.err(
                Code::Duplicate,
                Pos::of(&r.destination),
                format!("two routes for {dst} in one table"),
            )
            .help("AWS keeps one route per destination in a table; remove one");
            return None;
        }
        if let Some(local) = locals.iter().find(|o| o.destination.contains(&dst)) {
            // F6.2: more specific than `local` only to a whole subnet's CIDR, and only through
            // a middlebox: a NAT gateway (modelled), a network interface or a Gateway Load
            // Balancer endpoint.
            let whole_subnet = self.net.subnets.iter().any(|s| s.vpc == v && s.cidr == dst);
            let middlebox = matches!(
                target,
                Target::Nat(_) | Target::Instance(_) | Target::Interface(_) | Target::Firewall(_)
            );
            if dst != local.destination && whole_subnet && middlebox {
                seen.insert(dst);
                return Some(Route {
                    destination: dst,
                    target,
                    label: self.labels.of(dst.to_string()),
                    origin: Origin::Static,
                });
            }
            let msg = if dst == local.destination {
                format!(
                    "{dst} is the VPC's own CIDR: its `local` route is implicit and cannot be replaced"
                )
            } else if !whole_subnet {
                format!(
                    "{dst} is inside the VPC's own CIDR {} but is not a subnet's whole CIDR: AWS refuses it (F6.2)",
                    local.destination
                )
            } else {
                format!(
                    "{dst} is a subnet of the VPC: a route more specific than `local` may lead only to a middlebox (F6.2): a NAT gateway, an instance's network interface or a firewall endpoint",
                )
            };
            self.err(Code::Route, Pos::of(&r.destination), msg)
                .help("remove this route, or route the subnet's whole CIDR to a NAT gateway, an instance or a firewall endpoint of the VPC; otherwise traffic inside the VPC uses the local route");
            return None;
        }
        seen.insert(dst);
        Some(Route {
            destination: dst,
            target,
            label: self.labels.of(dst.to_string()),
            origin: Origin::Static,
        })
    }

    pub(crate) fn install_routes(&mut self, t: RouteTableIx, routes: Vec<Route>) {
        let routes = model::exact(routes);
        let lpm = RouteTable::index(&routes);
        let from = self.net.route_tables[t.0].node;
        for (i, r) in routes.iter().enumerate() {
            let to = self.target_node(r.target, self.net.route_tables[t.0].vpc);
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            self.net.graph.add_edge(from, to, Link::Route(i));
        }
        let table = &mut self.net.route_tables[t.0];
        table.routes = routes;
        table.lpm = lpm;
    }

    pub(crate) fn target_node(&mut self, target: Target, v: VpcIx) -> petgraph::graph::NodeIndex {
        // The blackhole and each middlebox are one node, however many routes lead to them.
        let shared = |node: Node, v: &mut Validator| {
            *v.shared_nodes
                .entry(node)
                .or_insert_with(|| v.net.graph.add_node(node))
        };
        match target {
            Target::Igw(i) => self.net.igws[i.0].node,
            Target::Nat(i) => self.net.nats[i.0].node,
            Target::Peering(i) => self.net.peerings[i.0].node,
            Target::Tgw(i) => self.net.tgws[i.0].node,
            Target::Vgw(i) => self.net.vgws[i.0].node,
            Target::Instance(i) => shared(Node::Instance(i), self),
            Target::Firewall(f) => shared(Node::Firewall(f), self),
            // An interface is its instance's appliance; attached to nothing, a blackhole.
            Target::Interface(e) => match self.net.interfaces[e.0].instance {
                Some(i) => shared(Node::Instance(i), self),
                None => shared(Node::Blackhole, self),
            },
            Target::GatewayEndpoint(e) => match &self.net.endpoints[e.0].kind {
                EndpointKind::Gateway { node, .. } => *node,
                EndpointKind::Interface { .. } => {
                    unreachable!("prefix-list routes point at gateway endpoints")
                }
            },
            Target::Local => self.net.vpcs[v.0].node,
            Target::Blackhole => shared(Node::Blackhole, self),
        }
    }
}
