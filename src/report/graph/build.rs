//! Building a [`Diagram`]: every component of the network once, in file order ([`Diagram::of`]),
//! and a trace laid over it ([`Diagram::with_trace`]).

use super::*;

impl<'n> Diagram<'n> {
    /// The diagram of a network.
    pub fn of(net: &'n Network) -> Diagram<'n> {
        let mut d = Diagram {
            net,
            clusters: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            path: BTreeSet::new(),
            end: None,
            answered: false,
            node_keys: HashSet::new(),
        };
        d.node(
            "internet".into(),
            "internet",
            "internet".into(),
            Shape::Cloud,
            None,
        );
        // Lambda functions outside any VPC call from the internet side.
        for f in &net.lambdas {
            let k = key("fn", f);
            d.node(k.clone(), f, format!("{f} (Lambda)"), Shape::Instance, None);
            d.edge(&k, "internet", "", false);
        }
        for vpc in &net.vpcs {
            let cidrs: Vec<String> = vpc.cidrs.iter().map(ToString::to_string).collect();
            // A VPC of another Region or account than the file's says which.
            let home = (vpc.region == net.region, vpc.account == net.account);
            let whose = match home {
                (true, true) => String::new(),
                (false, true) => format!(" ({})", vpc.region),
                (true, false) => format!(" (account {})", vpc.account),
                (false, false) => format!(" ({}, account {})", vpc.region, vpc.account),
            };
            d.clusters.push(Cluster {
                key: key("vpc", &vpc.id),
                label: format!("{} {}{whose}", vpc.id, cidrs.join(", ")),
                parent: None,
            });
        }
        for s in &net.subnets {
            d.clusters.push(Cluster {
                key: key("subnet", &s.id),
                label: format!("{} {}", s.id, s.cidr),
                parent: Some(key("vpc", &net.vpcs[s.vpc.0].id)),
            });
        }
        for g in &net.igws {
            let k = key("igw", &g.id);
            d.node(
                k.clone(),
                &g.id,
                g.id.clone(),
                Shape::Gateway,
                Some(key("vpc", &net.vpcs[g.vpc.0].id)),
            );
            for (link, to) in net.links(g.node) {
                if let (Link::Egress, Some(to)) = (link, node_key(net, to, None)) {
                    d.edge(&k, &to, "", false);
                }
            }
        }
        for n in &net.nats {
            let label = match n.elastic_ip {
                Some(ip) => format!("{} NAT {ip}", n.id),
                None => format!("{} private NAT", n.id),
            };
            // Drawn inside the subnet its `LivesIn` edge leads to.
            let home = net.links(n.node).into_iter().find_map(|(l, to)| match l {
                Link::LivesIn => node_key(net, to, None),
                _ => None,
            });
            d.node(key("nat", &n.id), &n.id, label, Shape::Gateway, home);
        }
        for x in &net.peerings {
            d.node(key("pcx", &x.id), &x.id, x.id.clone(), Shape::Gateway, None);
        }
        d.hybrid(net);
        for i in &net.instances {
            let label = match i.public_ip {
                Some(p) => format!("{} {} / {p}", i.id, i.private_ip),
                None => format!("{} {}", i.id, i.private_ip),
            };
            d.node(
                key("i", &i.id),
                &i.id,
                label,
                Shape::Instance,
                Some(key("subnet", &net.subnets[i.subnet.0].id)),
            );
        }
        d.balancers(net);
        for ep in &net.endpoints {
            let k = key("vpce", &ep.id);
            let svc = service_key(&ep.service, &ep.region);
            match &ep.kind {
                EndpointKind::Interface {
                    interfaces,
                    private_dns,
                    ..
                } => {
                    let first = interfaces
                        .first()
                        .map(|(s, _)| key("subnet", &net.subnets[s.0].id));
                    let dns = if *private_dns { ", private DNS" } else { "" };
                    d.node(
                        k.clone(),
                        &ep.id,
                        format!("{} {}{dns}", ep.id, ep.service),
                        Shape::Endpoint,
                        first,
                    );
                }
                EndpointKind::Gateway { .. } => {
                    d.node(
                        k.clone(),
                        &ep.id,
                        format!("{} {} gateway", ep.id, ep.service),
                        Shape::Endpoint,
                        Some(key("vpc", &net.vpcs[ep.vpc.0].id)),
                    );
                }
            }
            if ep.service != crate::aws::Service::ExecuteApi {
                d.node(
                    svc.clone(),
                    &format!("{} {}", ep.service, ep.region),
                    format!("{} {}", ep.service, ep.region),
                    Shape::Cloud,
                    None,
                );
                d.edge(&k, &svc, "", false);
            }
        }
        // The subnets of each table are the sources of its `Uses` edges in the graph.
        for (t, table) in net.route_tables.iter().enumerate() {
            let used = net.subnets_using(RouteTableIx(t));
            if used.is_empty() && !table.declared {
                continue;
            }
            let k = key("rtb", &table.id);
            d.node(
                k.clone(),
                &table.id,
                table.id.clone(),
                Shape::Table,
                Some(key("vpc", &net.vpcs[table.vpc.0].id)),
            );
            for s in used {
                d.edge(&key("subnet", &net.subnets[s.0].id), &k, "", true);
            }
            // A route's edge is drawn from the network when the diagram is written (a
            // million routes are not copied); a blackhole is a node of its own.
            if table.routes.iter().any(|r| r.target == Target::Blackhole) {
                d.node(
                    key("blackhole", &table.id),
                    "blackhole",
                    "blackhole".into(),
                    Shape::Gateway,
                    Some(key("vpc", &net.vpcs[table.vpc.0].id)),
                );
            }
            d.edges.push(Edge::Routes(t));
        }
        // API Gateway: Regional front doors, CloudFront, APIs and custom domains.
        for a in &net.apis {
            let k = key("api", &a.id);
            let label = format!("API {} {} {}", a.id, a.endpoint.name(), a.kind.name());
            d.node(k.clone(), &a.id, label, Shape::Api, None);
            match a.endpoint {
                EndpointType::Edge | EndpointType::Regional => {
                    d.public_door(a.endpoint, &a.region, &k);
                }
                EndpointType::Private => {
                    // Every execute-api endpoint of the Region serves every private API there
                    // (F3.1): drawn once, through one node per Region, not as an edge per pair
                    // (34 million edges at 10,000 VPCs). An associated endpoint also has its own.
                    let group = key("privateapis", &a.region);
                    if !d.has(&group) {
                        d.node(
                            group.clone(),
                            &format!("private APIs {}", a.region),
                            format!("private APIs of {} (any execute-api endpoint)", a.region),
                            Shape::Cloud,
                            None,
                        );
                        for ep in net.endpoints.iter().filter(|e| {
                            e.service == crate::aws::Service::ExecuteApi && e.region == a.region
                        }) {
                            d.edge(&key("vpce", &ep.id), &group, "", true);
                        }
                    }
                    d.edge(&group, &k, "", true);
                    for x in &a.vpc_endpoints {
                        d.edge(
                            &key("vpce", &net.endpoints[x.0].id),
                            &k,
                            "associated",
                            false,
                        );
                    }
                }
            }
        }
        for cd in &net.custom_domains {
            let k = key("domain", &cd.name);
            d.node(
                k.clone(),
                &cd.name,
                format!("{} {} custom domain", cd.name, cd.endpoint.name()),
                Shape::Api,
                None,
            );
            match cd.endpoint {
                EndpointType::Edge | EndpointType::Regional => {
                    d.public_door(cd.endpoint, &cd.region, &k);
                }
                EndpointType::Private => {
                    for e in &cd.vpc_endpoints {
                        d.edge(
                            &key("vpce", &net.endpoints[e.0].id),
                            &k,
                            "associated",
                            false,
                        );
                    }
                }
            }
            for m in &cd.mappings {
                let path = if m.path.is_empty() {
                    "(none)".to_string()
                } else {
                    m.path.join("/")
                };
                d.edge(
                    &k,
                    &key("api", &net.apis[m.api.0].id),
                    &format!("{path} → {}", m.stage),
                    false,
                );
            }
        }
        let public_doors: Vec<String> = d
            .nodes
            .iter()
            .filter(|n| n.key == "cloudfront" || n.key.starts_with("door_"))
            .map(|n| n.key.clone())
            .collect();
        for k in public_doors {
            d.edge("internet", &k, "", false);
        }
        d
    }

    /// Lays a trace over the diagram: highlights what it touched, marks where it ended.
    pub fn with_trace(mut self, net: &Network, t: &Trace) -> Diagram<'n> {
        let by_name = |d: &Diagram<'n>, name: &str| -> Option<String> {
            d.nodes
                .iter()
                .find(|n| n.name == name)
                .map(|n| n.key.clone())
        };
        let mut names: Vec<&str> = t.path.iter().map(|p| p.as_ref()).collect();
        for s in &t.steps {
            match s {
                Step::Arrive { at, .. } | Step::Service { at, .. } | Step::Drop { at, .. } => {
                    names.push(at);
                }
                _ => {}
            }
        }
        for n in &names {
            if let Some(k) = by_name(&self, n) {
                self.path.insert(k);
            }
            if net.subnets.iter().any(|s| &s.id == n) {
                self.path.insert(key("subnet", n));
            }
        }
        // The `local` route is not drawn in the topology; a request that took it gets its edge.
        for (i, s) in t.steps.iter().enumerate() {
            if let Step::Route {
                table,
                target,
                destination,
                ..
            } = s
                && target == "local"
            {
                let to = t.steps[i + 1..].iter().find_map(|s| match s {
                    Step::Arrive { at, .. } | Step::Drop { at, .. } => Some(at.clone()),
                    _ => None,
                });
                if let (Some(from), Some(to)) =
                    (by_name(&self, table), to.and_then(|a| by_name(&self, &a)))
                {
                    self.edge(&from, &to, &format!("{destination} local"), false);
                }
            }
        }
        // Inside one subnet the packets go from whoever sent them last straight to the
        // interface, at layer 2.
        for (i, s) in t.steps.iter().enumerate() {
            if let Step::Layer2 { reply: false, .. } = s {
                let from = t.steps[..i].iter().rev().find_map(|s| match s {
                    Step::Connect { from: at, .. }
                    | Step::Arrive { at, .. }
                    | Step::Translate { gateway: at, .. } => Some(at.clone()),
                    _ => None,
                });
                let to = t.steps[i + 1..].iter().find_map(|s| match s {
                    Step::Arrive { at, .. } | Step::Drop { at, .. } => Some(at.clone()),
                    _ => None,
                });
                if let (Some(from), Some(to)) = (
                    from.and_then(|a| by_name(&self, &a)),
                    to.and_then(|a| by_name(&self, &a)),
                ) {
                    self.edge(&from, &to, "layer 2", false);
                }
            }
        }
        // Through a peering connection, the packets go on to an interface in the peer VPC.
        for (i, s) in t.steps.iter().enumerate() {
            if let Step::Arrive { at, .. } = s
                && net.peerings.iter().any(|x| &x.id == at)
            {
                let to = t.steps[i + 1..].iter().find_map(|s| match s {
                    Step::Arrive { at, .. } | Step::Drop { at, .. } => Some(at.clone()),
                    _ => None,
                });
                if let (Some(from), Some(to)) =
                    (by_name(&self, at), to.and_then(|a| by_name(&self, &a)))
                {
                    self.edge(&from, &to, "", false);
                }
            }
        }
        let last_at = t.steps.iter().rev().find_map(|s| match s {
            Step::Drop { at, .. } | Step::Service { at, .. } | Step::Arrive { at, .. } => {
                Some(at.clone())
            }
            _ => None,
        });
        let end = match &t.outcome {
            Outcome::DnsFailure { .. } => Some(t.from.clone()),
            _ => last_at.or_else(|| Some(t.from.clone())),
        };
        if let Some(name) = end
            && let Some(k) = by_name(&self, &name).or_else(|| {
                net.subnets
                    .iter()
                    .any(|s| s.id == name)
                    .then(|| key("subnet", &name))
            })
        {
            self.end = Some((k, t.outcome.summary()));
            self.answered = matches!(t.outcome, Outcome::Http { status, .. } if status < 400)
                || matches!(
                    t.outcome,
                    Outcome::Connected { .. } | Outcome::Delivered { .. }
                );
        }
        self
    }
}

impl<'n> Diagram<'n> {
    /// Each load balancer in the subnet of its first node, with an edge to each target that is
    /// an instance (F6.36).
    fn balancers(&mut self, net: &'n Network) {
        let d = self;
        for lb in &net.load_balancers {
            let k = key("lb", &lb.id);
            let home = lb
                .nodes
                .first()
                .map(|n| key("subnet", &net.subnets[n.subnet.0].id));
            let label = format!("{} {}, {} nodes", lb.id, lb.noun(), lb.nodes.len());
            d.node(k.clone(), &lb.id, label, Shape::Gateway, home);
            let targets = lb.target_groups.iter().flat_map(|g| &g.targets);
            let instances: std::collections::BTreeSet<InstanceIx> =
                targets.filter_map(|t| t.instance).collect();
            for i in instances {
                d.edge(&k, &key("i", &net.instances[i.0].id), "", true);
            }
        }
    }
}
