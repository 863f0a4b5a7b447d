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
    /// Dropped.
    Blackhole,
}

/// The words a route's destination is shown with, shared among the routes that show the same
/// ones: a pointer, not a copy per route.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label(std::sync::Arc<str>);

impl From<&str> for Label {
    fn from(s: &str) -> Label {
        Label(std::sync::Arc::from(s))
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
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
    /// Propagated from a virtual private gateway rather than written.
    pub propagated: bool,
}

/// A route table with a longest-prefix-match trie over its routes.
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
    /// Routes: `local` ones first, then static, then prefix-list routes.
    pub routes: Vec<Route>,
    /// Destination → index into `routes`.
    pub trie: PrefixMap<Ipv4Net, usize>,
    /// Its node in the graph.
    pub node: NodeIndex,
}

impl RouteTable {
    /// The longest-prefix-match index of a table's routes (F6.3). Prefix-list routes come
    /// after the static ones in `routes`, and propagated ones last; a static route to the same
    /// prefix takes priority over both, and a prefix-list route over a propagated one (F6.4),
    /// so neither replaces an entry already present.
    pub fn index(routes: &[Route]) -> PrefixMap<Ipv4Net, usize> {
        let mut trie = PrefixMap::new();
        for (i, r) in routes.iter().enumerate() {
            let is_prefix_list = matches!(r.target, Target::GatewayEndpoint(_));
            if (is_prefix_list || r.propagated) && trie.get(&r.destination).is_some() {
                continue;
            }
            trie.insert(r.destination, i);
        }
        trie
    }

    /// The route that carries packets to `dst`: the longest matching prefix.
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<&Route> {
        let host = Ipv4Net::from(dst);
        self.trie.get_lpm(&host).map(|(_, &i)| &self.routes[i])
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
            trie: RouteTable::index(&routes),
            routes,
            node: NodeIndex::new(0),
        }
    }

    fn route(cidr: &str, target: Target) -> Route {
        Route {
            destination: cidr.parse().unwrap(),
            target,
            label: Label::from(cidr),
            propagated: false,
        }
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
        propagated.propagated = true;
        let mut narrow = route("10.9.5.0/24", Target::Vgw(VgwIx(0)));
        narrow.propagated = true;
        let t = table(vec![
            route("10.9.0.0/16", Target::Blackhole),
            propagated,
            narrow,
        ]);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("10.9.1.1"), Some(Target::Blackhole));
        assert_eq!(to("10.9.5.1"), Some(Target::Vgw(VgwIx(0))));
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
                    propagated: false,
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
