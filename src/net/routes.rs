//! Route tables: their routes, their targets, and longest-prefix-match lookup.

use super::*;

/// Where a route leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The VPC's own CIDR.
    Local,
    /// An internet gateway.
    Igw(IgwIx),
    /// A NAT gateway.
    Nat(NatIx),
    /// A gateway endpoint's prefix-list route.
    GatewayEndpoint(EndpointIx),
    /// A peering connection.
    Peering(PeeringIx),
    /// A transit gateway (through the VPC's attachment to it).
    Tgw(TgwIx),
    /// The VPC's virtual private gateway.
    Vgw(VgwIx),
    /// An instance's network interface: a middlebox that forwards when its source/destination
    /// check is off (F6.28).
    Instance(InstanceIx),
    /// A firewall endpoint (F6.30).
    Firewall(FirewallIx),
    /// A network interface written on its own (F6.75): its instance's appliance, or a
    /// blackhole when it is attached to nothing (F6.77).
    Interface(EniIx),
    /// Dropped.
    Blackhole,
}

/// The words a route's destination is shown with, shared among the routes that show the same
/// ones: a pointer, not a copy per route; a thin one (8 bytes, where an `Arc<str>` is 16), held
/// by every route of a network.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label(std::sync::Arc<Box<str>>);

impl From<&str> for Label {
    fn from(s: &str) -> Label {
        Label(std::sync::Arc::new(Box::from(s)))
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0[..]
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a route comes from: what AWS's route priority compares once the prefixes are equal.
/// Earlier variants win (`Ord`), so the order of the variants is the priority (F6.4, F6.16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A VPC table's `local` route: it beats every propagated route inside the VPC's CIDR,
    /// however specific (F6.25).
    Local,
    /// A static route: written in the table.
    Static,
    /// A prefix list's route: a gateway endpoint's service prefix list, an entry of a
    /// customer-managed list a VPC route names (F6.74), or of a transit gateway table's prefix
    /// list reference (F6.78).
    PrefixList,
    /// Propagated, by what (F6.16 orders them in a transit gateway table).
    Propagated(Source),
}

/// What propagated a route, in a transit gateway's order of preference for the same prefix:
/// VPC, then Direct Connect gateway, then Site-to-Site VPN (F6.16). In a VPC table every
/// propagated route comes from its virtual private gateway ([`Source::VpnGateway`]), which
/// makes its own choice among its connections (F6.24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A VPC attachment's CIDRs.
    Vpc,
    /// A Direct Connect (gateway) attachment's on-premises prefixes.
    DirectConnect,
    /// A Site-to-Site VPN attachment's on-premises prefixes.
    Vpn,
    /// A VPC table's route propagation from its virtual private gateway.
    VpnGateway,
}

impl Origin {
    /// Whether the route was propagated rather than written.
    pub fn propagated(self) -> bool {
        matches!(self, Origin::Propagated(_))
    }
}

/// One route.
#[derive(Debug, Clone)]
pub struct Route {
    /// Destination.
    pub destination: Ipv4Net,
    /// Target.
    pub target: Target,
    /// How the destination is shown: the CIDR, or the prefix list's name. Shared by every route
    /// that shows the same words (a network of a thousand VPCs has a hundred thousand routes to
    /// a thousand CIDRs): built once by validation ([`Label`]).
    pub label: Label,
    /// `local`, static, a prefix list's, or propagated from the virtual private gateway.
    pub origin: Origin,
}

/// A route table with a longest-prefix-match index over its routes ([`Lpm`]).
#[derive(Debug)]
pub struct RouteTable {
    /// Scenario id.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// Whether it is the main table.
    pub main: bool,
    /// Whether the scenario declared it (a VPC without a main table gets a synthetic one).
    pub declared: bool,
    /// Routes: `local` ones first, then static, prefix-list and propagated routes (their order
    /// decides nothing: [`RouteTable::index`]).
    pub routes: Vec<Route>,
    /// Destination → index into `routes`.
    pub(crate) lpm: Positions,
    /// Its node in the graph.
    pub(crate) node: NodeIndex,
}

impl RouteTable {
    /// The longest-prefix-match index of a table's routes, AWS's route priority whole
    /// (F6.3, F6.4, F6.25): the longest prefix wins; a propagated route inside a `local`
    /// route's CIDR never enters (the local route is preferred even when the propagated one is
    /// more specific); among routes to the same prefix, `local` beats static, static beats a
    /// prefix list, a prefix list beats a propagated route ([`Origin`]). Between two routes of
    /// the same origin and prefix the first listed stays: validation lists them in an order
    /// that does not depend on the file's.
    pub fn index(routes: &[Route]) -> Positions {
        let locals: Vec<Ipv4Net> = routes
            .iter()
            .filter(|r| r.origin == Origin::Local)
            .map(|r| r.destination)
            .collect();
        let mut trie: PrefixMap<Ipv4Net, usize> = PrefixMap::new();
        for (i, r) in routes.iter().enumerate() {
            if r.origin.propagated() && locals.iter().any(|l| l.contains(&r.destination)) {
                continue;
            }
            if let Some(&j) = trie.get(&r.destination)
                && routes[j].origin <= r.origin
            {
                continue;
            }
            trie.insert(r.destination, i);
        }
        Positions::from(trie)
    }

    /// The propagated routes that the table holds but never uses: inside the VPC's own CIDR,
    /// where `local` wins (F6.25).
    pub fn shadowed_by_local(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().filter(|r| {
            r.origin.propagated()
                && self
                    .routes
                    .iter()
                    .any(|l| l.origin == Origin::Local && l.destination.contains(&r.destination))
        })
    }

    /// The route that carries packets to `dst`: the longest matching prefix.
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<&Route> {
        let at = self.lpm.get(dst, |i| self.routes[i].destination);
        at.map(|i| &self.routes[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table(routes: Vec<Route>) -> RouteTable {
        RouteTable {
            id: "rtb".into(),
            vpc: VpcIx(0),
            main: true,
            declared: true,
            lpm: RouteTable::index(&routes),
            routes,
            node: NodeIndex::new(0),
        }
    }

    fn route(cidr: &str, target: Target) -> Route {
        Route {
            destination: cidr.parse().unwrap(),
            target,
            label: Label::from(cidr),
            origin: match target {
                Target::Local => Origin::Local,
                Target::GatewayEndpoint(_) => Origin::PrefixList,
                _ => Origin::Static,
            },
        }
    }

    #[test]
    fn a_route_is_32_bytes() {
        // A network holds a route per written route and more: 330,000 in the 3,000-VPC mesh
        // of docs/performance.md. Its label is a thin pointer.
        assert_eq!(std::mem::size_of::<Route>(), 32);
    }

    #[test]
    fn the_documentation_example_of_longest_prefix_match() {
        // F6.3: with 10.0.0.0/16 local, 172.31.0.0/16 to a peering connection and 0.0.0.0/0
        // to an internet gateway, 172.31.x goes to the peering connection.
        let t = table(vec![
            route("10.0.0.0/16", Target::Local),
            route("172.31.0.0/16", Target::Peering(PeeringIx(0))),
            route("0.0.0.0/0", Target::Igw(IgwIx(0))),
        ]);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("172.31.0.5"), Some(Target::Peering(PeeringIx(0))));
        assert_eq!(to("10.0.3.4"), Some(Target::Local));
        assert_eq!(to("8.8.8.8"), Some(Target::Igw(IgwIx(0))));
    }

    #[test]
    fn a_static_route_beats_a_prefix_list_route_to_the_same_prefix() {
        // F6.4, and F6.7's example: a more specific CIDR route to the gateway wins.
        let t = table(vec![
            route("0.0.0.0/0", Target::Igw(IgwIx(0))),
            route("54.123.165.0/24", Target::Igw(IgwIx(0))),
            route("54.123.160.0/19", Target::Nat(NatIx(0))),
            route("54.123.160.0/19", Target::GatewayEndpoint(EndpointIx(0))),
        ]);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("54.123.165.9"), Some(Target::Igw(IgwIx(0))));
        assert_eq!(to("54.123.161.9"), Some(Target::Nat(NatIx(0))));
    }

    #[test]
    fn a_propagated_route_loses_to_a_static_or_prefix_list_route_of_the_same_prefix() {
        // F6.4, F6.24: static beats propagated; a prefix list beats propagated; more specific
        // wins whatever its kind.
        let mut propagated = route("10.9.0.0/16", Target::Vgw(VgwIx(0)));
        propagated.origin = Origin::Propagated(Source::VpnGateway);
        let mut narrow = route("10.9.5.0/24", Target::Vgw(VgwIx(0)));
        narrow.origin = Origin::Propagated(Source::VpnGateway);
        let t = table(vec![
            route("10.9.0.0/16", Target::Blackhole),
            propagated,
            narrow,
        ]);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("10.9.1.1"), Some(Target::Blackhole));
        assert_eq!(to("10.9.5.1"), Some(Target::Vgw(VgwIx(0))));
    }

    #[test]
    fn the_local_route_beats_a_more_specific_propagated_route() {
        // F6.25: "the local route is most preferred even if the propagated routes are more
        // specific"; a static route to a whole subnet (a middlebox) still wins by its prefix.
        let vgw = Origin::Propagated(Source::VpnGateway);
        let mut inside = route("10.0.1.0/24", Target::Vgw(VgwIx(0)));
        inside.origin = vgw;
        let mut around = route("10.0.0.0/8", Target::Vgw(VgwIx(0)));
        around.origin = vgw;
        let t = table(vec![
            route("10.0.0.0/16", Target::Local),
            inside,
            around,
            route("10.0.2.0/24", Target::Nat(NatIx(0))),
        ]);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("10.0.1.5"), Some(Target::Local));
        assert_eq!(to("10.0.2.5"), Some(Target::Nat(NatIx(0))));
        assert_eq!(to("10.1.0.1"), Some(Target::Vgw(VgwIx(0))));
        let shadowed: Vec<String> = t.shadowed_by_local().map(|r| r.label.to_string()).collect();
        assert_eq!(shadowed, ["10.0.1.0/24"]);
    }

    #[test]
    fn the_order_of_the_routes_decides_nothing() {
        // Every permutation of one prefix's static, prefix-list and propagated routes gives
        // the static one; without it, the prefix list's.
        let mut p = route("54.0.0.0/16", Target::Vgw(VgwIx(0)));
        p.origin = Origin::Propagated(Source::VpnGateway);
        let s = route("54.0.0.0/16", Target::Igw(IgwIx(0)));
        let l = route("54.0.0.0/16", Target::GatewayEndpoint(EndpointIx(0)));
        let orders = [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ];
        for order in orders {
            let all = [s.clone(), l.clone(), p.clone()];
            let t = table(order.iter().map(|&i| all[i].clone()).collect());
            let got = t.lookup("54.0.9.9".parse().unwrap()).map(|r| r.target);
            assert_eq!(got, Some(Target::Igw(IgwIx(0))), "{order:?}");
            let t = table(
                order
                    .iter()
                    .filter(|&&i| i != 0)
                    .map(|&i| all[i].clone())
                    .collect(),
            );
            let got = t.lookup("54.0.9.9".parse().unwrap()).map(|r| r.target);
            assert_eq!(
                got,
                Some(Target::GatewayEndpoint(EndpointIx(0))),
                "{order:?}"
            );
        }
    }

    fn arb_route() -> impl Strategy<Value = (u32, u8, bool)> {
        // Addresses from a small space so that prefixes overlap often.
        (0u32..16, 0u8..=32, any::<bool>())
    }

    proptest! {
        /// The trie agrees with the naive reading of F6.3/F6.4: of the routes whose
        /// destination contains the address, the longest prefix wins, a static route beats a
        /// prefix-list route of the same prefix, and the first listed wins otherwise.
        #[test]
        fn lookup_agrees_with_the_naive_reference(
            raw in proptest::collection::vec(arb_route(), 0..16),
            dst_bits in 0u32..16,
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let mut statics = Vec::new();
            let mut lists = Vec::new();
            for (i, (addr, len, is_list)) in raw.into_iter().enumerate() {
                let base = Ipv4Addr::from(addr << 28 | addr << 4);
                let destination = Ipv4Net::new(base, len).unwrap().trunc();
                let r = Route {
                    destination,
                    target: if is_list {
                        Target::GatewayEndpoint(EndpointIx(i))
                    } else {
                        Target::Nat(NatIx(i))
                    },
                    label: Label::from(destination.to_string().as_str()),
                    origin: if is_list { Origin::PrefixList } else { Origin::Static },
                };
                if is_list {
                    lists.push(r);
                } else if seen.insert(destination) {
                    statics.push(r);
                }
            }
            let routes: Vec<Route> = statics.into_iter().chain(lists).collect();
            let t = table(routes.clone());
            let dst = Ipv4Addr::from(dst_bits << 28 | dst_bits << 4);
            let naive = routes
                .iter()
                .enumerate()
                .filter(|(_, r)| r.destination.contains(&dst))
                .max_by_key(|(i, r)| {
                    let is_static = !matches!(r.target, Target::GatewayEndpoint(_));
                    (r.destination.prefix_len(), is_static, std::cmp::Reverse(*i))
                })
                .map(|(_, r)| r.target);
            prop_assert_eq!(t.lookup(dst).map(|r| r.target), naive);
        }
    }
}
