//! The network's index, built once after validation, and the lookups the layers above make
//! through it.

use super::*;

/// Lookups the engine makes per request, derived once from the network so that a request
/// costs the same whatever the number of VPCs, subnets, endpoints and APIs.
#[derive(Debug, Default)]
pub struct Index {
    /// The route table each subnet uses (its `Uses` edge in the graph).
    pub table_of_subnet: Vec<RouteTableIx>,
    /// Each VPC's subnets by CIDR.
    pub(crate) subnets_of_vpc: Vec<Lpm<SubnetIx>>,
    /// Each VPC's endpoints, in file order.
    pub endpoints_of_vpc: Vec<Vec<EndpointIx>>,
    /// The VPCs peered with each VPC, in peering order.
    pub peers_of_vpc: Vec<Vec<VpcIx>>,
    /// The Resolver rules associated with each VPC, in file order.
    pub rules_of_vpc: Vec<Vec<ResolverRuleIx>>,
    /// Whether each VPC has a forwarding Resolver rule associated with it.
    pub forwarding_rule_in_vpc: Vec<bool>,
    /// Whether the scenario has any forwarding Resolver rule or site conditional forwarder.
    pub forwards_dns: bool,
    /// Resolver rules by id.
    pub resolver_rule_by_id: rustc_hash::FxHashMap<String, ResolverRuleIx>,
    /// Resolver endpoints by id.
    pub resolver_endpoint_by_id: rustc_hash::FxHashMap<String, ResolverEndpointIx>,
    /// Sites by id.
    pub site_by_id: rustc_hash::FxHashMap<String, SiteIx>,
    /// Each transit gateway's attachment to a VPC.
    pub(crate) tgw_attachment: rustc_hash::FxHashMap<(TgwIx, VpcIx), TgwAttachmentIx>,
    /// Network interfaces by VPC and address.
    pub interface_at: BTreeMap<(VpcIx, Ipv4Addr), Interface>,
    /// The execute-api interface endpoint whose network interface holds each address (the
    /// first in file order where VPCs overlap): what a DNS answer that captures a public API's
    /// name points at.
    pub(crate) execute_api_interface_at: rustc_hash::FxHashMap<Ipv4Addr, EndpointIx>,
    /// What holds each public address of the scenario (instances' and NAT gateways'; they are
    /// unique across the scenario).
    pub public_at: rustc_hash::FxHashMap<Ipv4Addr, PublicHolder>,
    /// Load balancers by DNS name (lower case).
    pub lb_by_dns_name: BTreeMap<String, LbIx>,
    /// Endpoints by id.
    pub endpoint_by_id: BTreeMap<String, EndpointIx>,
    /// APIs by id.
    pub api_by_id: BTreeMap<String, ApiIx>,
    /// Hosted zones by name (indexes into [`Network::zones`], in file order).
    pub(crate) zones_by_name: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// The names the certificate presented at each endpoint covers (F2.7): an interface
    /// endpoint's service and `vpce` names, with the private custom domains associated with an
    /// execute-api endpoint; a gateway endpoint's service names.
    pub certificates_of_endpoint: Vec<Vec<String>>,
    /// The names API Gateway's Regional front door presents, by Region: its wildcard and the
    /// Regional custom domains (for the Regions of the scenario's custom domains).
    pub regional_certificates: BTreeMap<crate::aws::Region, Vec<String>>,
    /// The names CloudFront presents for API Gateway: its own wildcard, the execute-api
    /// wildcard of each Region with an edge-optimized API, and the edge custom domains.
    pub cloudfront_certificates: Vec<String>,
    /// The words of each network ACL's rules, by direction (ingress, egress), as traces show
    /// them ([`crate::net::show_nacl_rules`]; written by validation, not by
    /// [`Network::build_index`]).
    pub nacl_rules_shown: Vec<[Vec<String>; 2]>,
    /// The words of each security group's rules, by direction, as traces show them
    /// ([`crate::net::show_sg_rules`]).
    pub sg_rules_shown: Vec<[Vec<String>; 2]>,
}

impl Network {
    /// The route table a subnet uses: the target of its `Uses` edge in the graph (validation
    /// gives every subnet exactly one, to its explicit table or else the main one, F6.1).
    pub fn table_of(&self, subnet: SubnetIx) -> RouteTableIx {
        self.index.table_of_subnet[subnet.0]
    }

    /// Builds [`Network::index`] from the vectors and the graph; validation calls it last.
    pub fn build_index(&mut self) {
        let mut ix = Index {
            endpoints_of_vpc: vec![Vec::new(); self.vpcs.len()],
            peers_of_vpc: vec![Vec::new(); self.vpcs.len()],
            rules_of_vpc: vec![Vec::new(); self.vpcs.len()],
            ..Index::default()
        };
        let mut subnets_of_vpc: Vec<PrefixMap<Ipv4Net, SubnetIx>> =
            (0..self.vpcs.len()).map(|_| PrefixMap::new()).collect();
        for (i, s) in self.subnets.iter().enumerate() {
            let table = self
                .graph
                .edges(s.node)
                .find_map(|e| match (e.weight(), self.graph[e.target()]) {
                    (Link::Uses { .. }, Node::RouteTable(t)) => Some(t),
                    _ => None,
                })
                .unwrap_or(self.vpcs[s.vpc.0].main_route_table);
            ix.table_of_subnet.push(table);
            subnets_of_vpc[s.vpc.0].insert(s.cidr, SubnetIx(i));
        }
        ix.subnets_of_vpc = subnets_of_vpc.into_iter().map(Lpm::from).collect();
        for (i, z) in self.zones.iter().enumerate() {
            ix.zones_by_name.entry(z.name.clone()).or_default().push(i);
        }
        for (i, e) in self.endpoints.iter().enumerate() {
            ix.endpoints_of_vpc[e.vpc.0].push(EndpointIx(i));
            ix.endpoint_by_id
                .insert(e.id.to_ascii_lowercase(), EndpointIx(i));
            if let EndpointKind::Interface { interfaces, .. } = &e.kind {
                for (s, ip) in interfaces {
                    ix.interface_at
                        .insert((e.vpc, *ip), Interface::Endpoint(EndpointIx(i), *s));
                    if e.service == crate::aws::Service::ExecuteApi {
                        ix.execute_api_interface_at
                            .entry(*ip)
                            .or_insert(EndpointIx(i));
                    }
                }
            }
        }
        for (i, inst) in self.instances.iter().enumerate() {
            let vpc = self.subnets[inst.subnet.0].vpc;
            ix.interface_at
                .entry((vpc, inst.private_ip))
                .or_insert(Interface::Instance(InstanceIx(i)));
            if let Some(ip) = inst.public_ip {
                ix.public_at
                    .entry(ip)
                    .or_insert(PublicHolder::Instance(InstanceIx(i)));
            }
        }
        for (e, eni) in self.interfaces.iter().enumerate() {
            let vpc = self.subnets[eni.subnet.0].vpc;
            ix.interface_at
                .entry((vpc, eni.private_ip))
                .or_insert(Interface::Eni(EniIx(e)));
        }
        for (n, nat) in self.nats.iter().enumerate() {
            let vpc = self.subnets[nat.subnet.0].vpc;
            ix.interface_at
                .entry((vpc, nat.private_ip))
                .or_insert(Interface::Nat(NatIx(n)));
            if let Some(ip) = nat.elastic_ip {
                ix.public_at
                    .entry(ip)
                    .or_insert(PublicHolder::Nat(NatIx(n)));
            }
        }
        for (l, lb) in self.load_balancers.iter().enumerate() {
            ix.lb_by_dns_name.insert(lb.dns_name.clone(), LbIx(l));
            for (n, node) in lb.nodes.iter().enumerate() {
                ix.interface_at
                    .entry((lb.vpc, node.private_ip))
                    .or_insert(Interface::LoadBalancer(LbIx(l), n));
                if let Some(ip) = node.public_ip {
                    ix.public_at
                        .entry(ip)
                        .or_insert(PublicHolder::LoadBalancer(LbIx(l), n));
                }
            }
        }
        for (r, ep) in self.resolver_endpoints.iter().enumerate() {
            for &(s, ip) in &ep.interfaces {
                ix.interface_at
                    .entry((ep.vpc, ip))
                    .or_insert(Interface::Resolver(ResolverEndpointIx(r), s));
            }
        }
        for x in &self.peerings {
            ix.peers_of_vpc[x.requester.0].push(x.accepter);
            ix.peers_of_vpc[x.accepter.0].push(x.requester);
        }
        for (i, a) in self.tgw_attachments.iter().enumerate() {
            if let Some(vpc) = a.vpc() {
                ix.tgw_attachment
                    .entry((a.tgw, vpc))
                    .or_insert(TgwAttachmentIx(i));
            }
        }
        ix.forwarding_rule_in_vpc = vec![false; self.vpcs.len()];
        for (i, r) in self.resolver_rules.iter().enumerate() {
            let forwards = matches!(r.action, RuleAction::Forward { .. });
            for v in &r.vpcs {
                ix.rules_of_vpc[v.0].push(ResolverRuleIx(i));
                ix.forwarding_rule_in_vpc[v.0] |= forwards;
            }
            ix.forwards_dns |= forwards;
            ix.resolver_rule_by_id
                .entry(r.id.clone())
                .or_insert(ResolverRuleIx(i));
        }
        ix.forwards_dns |= self.sites.iter().any(|s| !s.forwarders.is_empty());
        for (i, e) in self.resolver_endpoints.iter().enumerate() {
            ix.resolver_endpoint_by_id
                .entry(e.id.clone())
                .or_insert(ResolverEndpointIx(i));
        }
        for (i, s) in self.sites.iter().enumerate() {
            ix.site_by_id.entry(s.id.clone()).or_insert(SiteIx(i));
        }
        for (i, a) in self.apis.iter().enumerate() {
            ix.api_by_id.entry(a.id.clone()).or_insert(ApiIx(i));
        }
        // What each door presents is the same for every request: computed once here.
        for (i, ep) in self.endpoints.iter().enumerate() {
            let mut names = match ep.kind {
                EndpointKind::Interface { .. } => self.endpoint_certificates(ep),
                EndpointKind::Gateway { .. } => service_certificates(&ep.service, ep.region),
            };
            if ep.service == crate::aws::Service::ExecuteApi {
                names.extend(
                    self.custom_domains
                        .iter()
                        .filter(|d| {
                            d.endpoint == EndpointType::Private
                                && d.vpc_endpoints.contains(&EndpointIx(i))
                        })
                        .map(|d| d.name.clone()),
                );
            }
            ix.certificates_of_endpoint.push(names);
        }
        for d in &self.custom_domains {
            if d.endpoint == EndpointType::Regional {
                ix.regional_certificates
                    .entry(d.region)
                    .or_insert_with(|| vec![regional_api_certificate(&d.region)])
                    .push(d.name.clone());
            }
        }
        ix.cloudfront_certificates = self.cloudfront_certificates();
        self.index = ix;
    }

    /// Whether a route table has any route to an internet gateway, or to an appliance whose
    /// subnet's table has one (F6.28).
    pub fn routes_to_igw(&self, table: RouteTableIx) -> bool {
        let direct = |t: RouteTableIx| {
            self.route_tables[t.0]
                .routes
                .iter()
                .any(|r| matches!(r.target, Target::Igw(_)))
        };
        direct(table)
            || self.route_tables[table.0]
                .routes
                .iter()
                .any(|r| match r.target {
                    Target::Instance(i) => direct(self.table_of(self.instances[i.0].subnet)),
                    Target::Firewall(f) => direct(self.table_of(self.firewalls[f.0].subnet)),
                    Target::Interface(e) => self.interfaces[e.0].instance.is_some_and(|i| {
                        self.arms(i)
                            .into_iter()
                            .any(|(s, _)| direct(self.table_of(s)))
                    }),
                    _ => false,
                })
    }

    /// The route that carries packets to `dst` in a table.
    pub fn lookup(&self, table: RouteTableIx, dst: Ipv4Addr) -> Option<&Route> {
        self.route_tables[table.0].lookup(dst)
    }

    /// The subnet of a VPC that contains an address.
    pub fn subnet_containing(&self, vpc: VpcIx, ip: Ipv4Addr) -> Option<SubnetIx> {
        self.index.subnets_of_vpc[vpc.0].get(ip)
    }

    /// The scenario id of a route target.
    pub fn target_id(&self, target: Target) -> &str {
        match target {
            Target::Local => "local",
            Target::Igw(i) => &self.igws[i.0].id,
            Target::Nat(i) => &self.nats[i.0].id,
            Target::GatewayEndpoint(i) => &self.endpoints[i.0].id,
            Target::Peering(i) => &self.peerings[i.0].id,
            Target::Tgw(i) => &self.tgws[i.0].id,
            Target::Vgw(i) => &self.vgws[i.0].id,
            Target::Instance(i) => &self.instances[i.0].id,
            Target::Firewall(f) => &self.firewalls[f.0].id,
            Target::Interface(e) => &self.interfaces[e.0].id,
            Target::Blackhole => "blackhole",
        }
    }

    /// Finds an API by id.
    pub fn api(&self, id: &str) -> Option<ApiIx> {
        self.index.api_by_id.get(id).copied()
    }

    /// The endpoints of a VPC.
    pub fn endpoints_in(&self, vpc: VpcIx) -> impl Iterator<Item = (EndpointIx, &Endpoint)> {
        self.index.endpoints_of_vpc[vpc.0]
            .iter()
            .map(|&e| (e, &self.endpoints[e.0]))
    }

    /// The interface endpoint that the first label of an endpoint name
    /// (`{label}.{service}.{region}.vpce.amazonaws.com`) stands for, with the Availability Zone
    /// of a zonal name. AWS names an endpoint `{id}-{suffix}` (its Regional name) and
    /// `{id}-{suffix}-{az}` (one per zone), the suffix being eight letters and digits it picks:
    /// the suffixes of the endpoint's written `dns_names`, or when none are written any suffix,
    /// and also `{id}` and `{id}-{az}`. Ids compare without regard to case, as DNS names do
    /// (F1.19).
    pub fn vpce_label<'l>(
        &self,
        label: &'l str,
        service_label: &str,
        region: &str,
    ) -> Option<(EndpointIx, Option<&'l str>)> {
        let label_lower = label.to_ascii_lowercase();
        // Every prefix of the label that ends before a `-` (or is the whole label) may be an id,
        // the longest first: `vpce-sts-b` is endpoint vpce-sts-b, not vpce-sts with suffix b.
        let mut cuts: Vec<usize> = label
            .match_indices('-')
            .map(|(i, _)| i)
            .chain(std::iter::once(label.len()))
            .collect();
        cuts.reverse();
        for cut in cuts {
            let Some(&e) = self.index.endpoint_by_id.get(&label_lower[..cut]) else {
                continue;
            };
            let ep = &self.endpoints[e.0];
            if ep.region != region || crate::aws::service_dns_label(&ep.service) != service_label {
                continue;
            }
            let EndpointKind::Interface { interfaces, .. } = &ep.kind else {
                continue;
            };
            let zones: Vec<&str> = interfaces
                .iter()
                .filter_map(|(sub, _)| self.subnets[sub.0].az.as_deref())
                .collect();
            let rest = &label[cut..];
            let Some(rest) = rest.strip_prefix('-') else {
                return Some((e, None));
            };
            if let Some(az) = zones.iter().find(|z| z.eq_ignore_ascii_case(rest)) {
                return Some((e, Some(&rest[..az.len()])));
            }
            // The suffix AWS gave it, when the scenario writes its names; else any.
            let written = |s: &str| {
                let label = format!("{}-{}", &label_lower[..cut], s.to_ascii_lowercase());
                ep.dns_labels.is_empty()
                    || ep
                        .dns_labels
                        .iter()
                        .any(|l| *l == label || l.starts_with(&format!("{label}-")))
            };
            let suffix = |s: &str| {
                !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()) && written(s)
            };
            if suffix(rest) {
                return Some((e, None));
            }
            if let Some((s, az)) = rest.split_once('-')
                && suffix(s)
                && zones.iter().any(|z| z.eq_ignore_ascii_case(az))
            {
                return Some((e, Some(az)));
            }
        }
        None
    }

    /// Finds an endpoint by id.
    pub fn endpoint(&self, id: &str) -> Option<EndpointIx> {
        self.endpoints
            .iter()
            .position(|e| e.id == id)
            .map(EndpointIx)
    }
}

#[cfg(test)]
mod tests;
