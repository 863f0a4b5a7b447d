//! Transit gateways: their VPC attachments and their route tables (F6.14-F6.18).

use super::*;

/// A transit gateway.
#[derive(Debug)]
pub struct TransitGateway {
    /// Scenario id.
    pub id: String,
    /// Its Region.
    pub region: aws::Region,
    /// The owning account.
    pub account: String,
    /// Its attachments, in file order.
    pub attachments: Vec<TgwAttachmentIx>,
    /// Security group referencing support.
    pub security_group_referencing: bool,
    /// Its node in the graph.
    pub(crate) node: NodeIndex,
}

/// What an attachment connects to the transit gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attached {
    /// A VPC, through network interfaces in its `subnets`.
    Vpc(VpcIx),
    /// An on-premises site over a Site-to-Site VPN.
    Vpn(SiteIx),
    /// The sites of a Direct Connect gateway's transit virtual interfaces, over its
    /// association with the transit gateway (F6.56).
    DirectConnect(DxgwIx),
    /// Another transit gateway, through its own side of the peering (`peer`, set once both
    /// sides are read).
    Peering {
        /// The other transit gateway.
        tgw: TgwIx,
        /// Its peering attachment back to this one.
        peer: TgwAttachmentIx,
    },
}

/// An attachment of a transit gateway.
#[derive(Debug)]
pub struct TgwAttachment {
    /// Scenario id.
    pub id: String,
    /// Its transit gateway.
    pub tgw: TgwIx,
    /// What it attaches.
    pub to: Attached,
    /// A VPC attachment's subnets, at most one per Availability Zone.
    pub subnets: Vec<SubnetIx>,
    /// Security group referencing support (a VPC attachment's).
    pub security_group_referencing: bool,
    /// The route table it is associated with; `None`: its traffic is dropped.
    pub route_table: Option<TgwRouteTableIx>,
    /// Appliance mode (a VPC attachment's): a flow's replies enter the VPC through the zone its
    /// request did (F6.29).
    pub appliance_mode: bool,
    /// A Direct Connect attachment's allowed prefixes: what its site learns over it (F6.32);
    /// `None`: the routes of its table.
    pub allowed_prefixes: Option<Vec<Ipv4Net>>,
}

/// A Direct Connect gateway: a route reflector between the sites of its virtual interfaces and
/// the gateways it is associated with, outside the data path (F6.56).
#[derive(Debug)]
pub struct DxGateway {
    /// Scenario id; a Direct Connect attachment written in the short form has a gateway the
    /// file does not name: `None`.
    pub id: Option<String>,
    /// The Amazon side's BGP ASN (64512 when not written).
    pub asn: u32,
    /// The sites of its transit virtual interfaces (a transit gateway association's), each
    /// once, in file order.
    pub sites: Vec<SiteIx>,
}

impl Network {
    /// Which site of a Direct Connect attachment's gateway packets to `dst` reach: the one
    /// whose CIDR holding it is the most specific (then the smaller id), else the gateway's
    /// only site; `None` when several sites are reached and none holds it.
    pub fn dx_site_for(&self, d: DxgwIx, dst: Ipv4Addr) -> Option<SiteIx> {
        let sites = &self.dx_gateways[d.0].sites;
        let holding = sites.iter().filter_map(|&s| {
            let site = &self.sites[s.0];
            let len = site.range_holding(dst)?.prefix_len();
            Some(((std::cmp::Reverse(len), site.id.as_str()), s))
        });
        holding
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, s)| s)
            .or(match sites.as_slice() {
                [only] => Some(*only),
                _ => None,
            })
    }
}

/// Where a transit gateway route leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TgwTarget {
    /// An attachment.
    Attachment(TgwAttachmentIx),
    /// Dropped.
    Blackhole,
}

/// One transit gateway route.
#[derive(Debug, Clone)]
pub struct TgwRoute {
    /// Destination.
    pub destination: Ipv4Net,
    /// Target.
    pub target: TgwTarget,
    /// How the destination is shown: the CIDR, with `(propagated)` for a propagated route, or
    /// the prefix list's id with the entry (`pl-partners (10.9.0.0/16)`).
    pub label: Label,
    /// Static, a prefix list reference's (F6.78), or propagated by a VPC, Direct Connect or VPN
    /// attachment (F6.16).
    pub origin: Origin,
}

/// A transit gateway route table with a longest-prefix-match index over its routes ([`Lpm`]).
#[derive(Debug)]
pub struct TgwRouteTable {
    /// Scenario id.
    pub id: String,
    /// Its transit gateway.
    pub tgw: TgwIx,
    /// Static and prefix-list routes first, then propagated ones (their order decides nothing:
    /// [`TgwRouteTable::index`]).
    pub routes: Vec<TgwRoute>,
    /// Destination → index into `routes`.
    pub(crate) lpm: Lpm<usize>,
}

impl TgwAttachment {
    /// The VPC of a VPC attachment.
    pub fn vpc(&self) -> Option<VpcIx> {
        match self.to {
            Attached::Vpc(v) => Some(v),
            _ => None,
        }
    }

    /// The sites of a VPN attachment (its one) or of a Direct Connect attachment (those of
    /// its gateway's transit virtual interfaces).
    pub fn sites<'a>(&'a self, net: &'a Network) -> &'a [SiteIx] {
        match &self.to {
            Attached::Vpn(s) => std::slice::from_ref(s),
            Attached::DirectConnect(d) => &net.dx_gateways[d.0].sites,
            Attached::Vpc(_) | Attached::Peering { .. } => &[],
        }
    }
}

impl TgwRouteTable {
    /// The longest-prefix-match index of a table's routes, AWS's route evaluation order whole
    /// (F6.16): the most specific route wins; for the same prefix, a static route beats a
    /// prefix list reference's route (F6.78), which beats every propagated one, and propagated
    /// routes rank by what propagated them: a VPC, then a Direct Connect gateway, then a
    /// Site-to-Site VPN ([`Origin`]). Two routes of the same
    /// origin and prefix (two VPNs advertising one prefix; AWS compares their BGP attributes,
    /// which vpcpath does not model) keep the first listed: validation lists propagations by
    /// attachment id, so the file's order decides nothing.
    pub fn index(routes: &[TgwRoute]) -> Lpm<usize> {
        let mut trie: PrefixMap<Ipv4Net, usize> = PrefixMap::new();
        for (i, r) in routes.iter().enumerate() {
            if let Some(&j) = trie.get(&r.destination)
                && routes[j].origin <= r.origin
            {
                continue;
            }
            trie.insert(r.destination, i);
        }
        Lpm::from(trie)
    }

    /// The route that carries packets to `dst`.
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<&TgwRoute> {
        self.lpm.get(dst).map(|i| &self.routes[i])
    }
}

impl Network {
    /// The attachment of transit gateway `t` to `vpc`, if there is one.
    pub fn attachment_of(&self, t: TgwIx, vpc: VpcIx) -> Option<TgwAttachmentIx> {
        self.index.tgw_attachment.get(&(t, vpc)).copied()
    }

    /// The subnet of an attachment in a subnet's Availability Zone (F6.15). Subnets written
    /// without a zone are all in one unnamed zone.
    pub fn attachment_subnet_in_zone(
        &self,
        a: TgwAttachmentIx,
        like: SubnetIx,
    ) -> Option<SubnetIx> {
        let az = &self.subnets[like.0].az;
        self.tgw_attachments[a.0]
            .subnets
            .iter()
            .copied()
            .find(|s| &self.subnets[s.0].az == az)
    }

    /// The id of a transit gateway route's target.
    pub fn tgw_target_id(&self, target: TgwTarget) -> &str {
        match target {
            TgwTarget::Attachment(a) => &self.tgw_attachments[a.0].id,
            TgwTarget::Blackhole => "blackhole",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(cidr: &str, target: TgwTarget, propagated: bool) -> TgwRoute {
        by(
            cidr,
            target,
            match propagated {
                true => Origin::Propagated(Source::Vpc),
                false => Origin::Static,
            },
        )
    }

    fn by(cidr: &str, target: TgwTarget, origin: Origin) -> TgwRoute {
        TgwRoute {
            destination: cidr.parse().unwrap(),
            target,
            label: Label::from(cidr),
            origin,
        }
    }

    fn table(routes: Vec<TgwRoute>) -> TgwRouteTable {
        TgwRouteTable {
            id: "tgw-rtb".into(),
            tgw: TgwIx(0),
            lpm: TgwRouteTable::index(&routes),
            routes,
        }
    }

    #[test]
    fn the_evaluation_order_for_one_prefix_in_every_listed_order() {
        // F6.16, F6.78: static, then a prefix list reference's, then VPC-propagated, then
        // Direct Connect gateway-propagated, then VPN-propagated, whatever order the routes
        // come in.
        let at = |i| TgwTarget::Attachment(TgwAttachmentIx(i));
        let all = [
            by("10.5.0.0/16", at(0), Origin::Propagated(Source::Vpn)),
            by(
                "10.5.0.0/16",
                at(1),
                Origin::Propagated(Source::DirectConnect),
            ),
            by("10.5.0.0/16", at(2), Origin::Propagated(Source::Vpc)),
            by("10.5.0.0/16", at(3), Origin::PrefixList),
            by("10.5.0.0/16", at(4), Origin::Static),
        ];
        // Heap's algorithm over the five, and the winner as each best route is taken away.
        let n = all.len();
        let mut perms = vec![(0..n).collect::<Vec<usize>>()];
        let mut c = vec![0usize; n];
        let mut a: Vec<usize> = (0..n).collect();
        let mut i = 0;
        while i < n {
            if c[i] < i {
                if i % 2 == 0 {
                    a.swap(0, i)
                } else {
                    a.swap(c[i], i)
                }
                perms.push(a.clone());
                c[i] += 1;
                i = 0;
            } else {
                c[i] = 0;
                i += 1;
            }
        }
        assert_eq!(perms.len(), 120);
        for perm in perms {
            for best in (0..n).rev() {
                let routes = perm.iter().filter(|&&k| k <= best).map(|&k| all[k].clone());
                let t = table(routes.collect());
                let got = t.lookup("10.5.1.1".parse().unwrap()).map(|r| r.target);
                assert_eq!(got, Some(at(best)), "{perm:?} up to {best}");
            }
        }
    }

    #[test]
    fn most_specific_wins_and_static_beats_propagated() {
        let a = TgwTarget::Attachment(TgwAttachmentIx(0));
        let b = TgwTarget::Attachment(TgwAttachmentIx(1));
        let routes = vec![
            route("10.1.0.0/16", TgwTarget::Blackhole, false),
            route("0.0.0.0/0", a, false),
            route("10.1.0.0/16", b, true),
            route("10.1.2.0/24", b, true),
        ];
        let t = table(routes);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("10.1.2.9"), Some(b));
        assert_eq!(to("10.1.3.9"), Some(TgwTarget::Blackhole));
        assert_eq!(to("192.0.2.1"), Some(a));
    }
}
