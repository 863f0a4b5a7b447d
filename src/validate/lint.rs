//! Warnings: configurations AWS accepts that are usually mistakes. They run only on a file
//! without errors, over the resolved network, and point at the line to look at. Each is listed
//! with an example in docs/errors.md.

use super::{Kind, Validator};
use crate::aws;
use crate::error::{Code, Diagnostic, Pos};
use crate::model::{self, Sp};
use crate::net::*;

mod capture;
mod metadata;
pub(crate) use capture::captured_public_api;
pub(crate) use metadata::assumed_metadata_tokens;

impl Validator {
    pub(super) fn lint(&mut self, s: &model::Scenario) {
        self.lint_gateways();
        self.lint_endpoint_groups();
        self.lint_private_api_policies(s);
        self.lint_captured_public_apis(s);
        self.lint_unused(s);
        self.lint_endpoint_names(s);
        self.lint_vpn_routing(s);
    }

    /// `vpn_routing` on a site that no VPN connection reaches (neither a virtual private
    /// gateway's `vpn` nor a transit gateway's VPN attachment) says how routes are learnt over
    /// nothing: Direct Connect always speaks BGP (F6.73).
    fn lint_vpn_routing(&mut self, s: &model::Scenario) {
        for (i, site) in s.sites.iter().enumerate() {
            let Some(word) = &site.vpn_routing else {
                continue;
            };
            let Some(built) = self.net.sites.get(i) else {
                continue;
            };
            let over_vgw = built
                .vpn_gateways
                .iter()
                .any(|g| (self.net.vgws[g.0].sites.iter()).any(|&(sx, dx)| sx.0 == i && !dx));
            let over_tgw = built.connections.iter().any(
                |a| matches!(self.net.tgw_attachments[a.0].to, Attached::Vpn(sx) if sx.0 == i),
            );
            if over_vgw || over_tgw {
                continue;
            }
            let msg = format!(
                "site {} has `vpn_routing: {}` but no VPN connection: the setting has no effect",
                site.id.value, word.value
            );
            self.warn(Code::IgnoredSetting, Pos::of(word), msg).help(
                "connect the site with a VPN (a virtual private gateway's `vpn:` or a transit gateway VPN attachment), or remove `vpn_routing` (F6.73)",
            );
        }
    }

    /// A CNAME or alias to an endpoint's own name (`*.vpce.amazonaws.com`) that no endpoint of
    /// the scenario answers to resolves to nothing: most often an endpoint id mistyped, or an
    /// endpoint left out of the scenario (F1.19).
    fn lint_endpoint_names(&mut self, s: &model::Scenario) {
        for z in &s.dns_zones {
            for r in &z.value.records {
                let Some(target) = r.value.value.as_ref().or(r.value.target.as_ref()) else {
                    continue;
                };
                let name = super::dns_name(&target.value);
                let Some((label, service, region)) = aws::parse_vpce_host(&name) else {
                    continue;
                };
                if self.net.vpce_label(label, service, region).is_some() {
                    continue;
                }
                self.warn(
                    Code::UnknownEndpointName,
                    Pos::of(target),
                    format!(
                        "{name} is the name of no interface endpoint of this scenario for {service} in {region}: the record answers nothing"
                    ),
                )
                .help(
                    "point it at an endpoint's name, vpce-<id>[-<suffix>][-<az>].<service>.<region>.vpce.amazonaws.com, with the id of an interface endpoint declared here",
                );
            }
        }
    }

    fn pos_of(&self, id: &str) -> Pos {
        self.ids.get(id).map(|(_, p, _)| *p).unwrap_or_default()
    }

    /// A public NAT gateway or a public address in a subnet with no route to an internet
    /// gateway can never reach the internet, nor answer from it (F6.5, F6.6, F6.34).
    fn lint_gateways(&mut self) {
        for n in 0..self.net.nats.len() {
            let nat = &self.net.nats[n];
            let table = self.net.table_of(nat.subnet);
            if nat.public && !self.net.routes_to_igw(table) {
                let (id, subnet, rt) = (
                    nat.id.clone(),
                    self.net.subnets[nat.subnet.0].id.clone(),
                    self.net.route_tables[table.0].id.clone(),
                );
                self.warn(Code::NatWithoutWayOut,
                    self.pos_of(&id),
                    format!("NAT gateway {id} is in {subnet}, whose route table {rt} has no route to an internet gateway: what it translates has no way out"),
                )
                .help("put the NAT gateway in a public subnet, one whose route table sends 0.0.0.0/0 to the internet gateway (F6.6)");
            }
        }
        for i in 0..self.net.instances.len() {
            let inst = &self.net.instances[i];
            let table = self.net.table_of(inst.subnet);
            if inst.public_ip.is_none() || self.net.routes_to_igw(table) {
                continue;
            }
            let vpc = &self.net.vpcs[self.net.subnets[inst.subnet.0].vpc.0];
            let id = inst.id.clone();
            if vpc.igw.is_none() {
                let vpc = vpc.id.clone();
                self.warn(Code::UnusedPublicIp,
                    self.pos_of(&id),
                    format!("{id} has a public address, but {vpc} has no internet gateway: nothing reaches the address, and nothing leaves by it"),
                )
                .help("attach one (`internet_gateway:` on the VPC) and route 0.0.0.0/0 to it in the subnet's table, or drop `public_ip` (F6.34)");
                continue;
            }
            let (subnet, rt) = (
                self.net.subnets[inst.subnet.0].id.clone(),
                self.net.route_tables[table.0].id.clone(),
            );
            self.warn(Code::UnusedPublicIp,
                self.pos_of(&id),
                format!("{id} has a public address, but its subnet {subnet} uses {rt}, which has no route to an internet gateway: nothing leaves by the address, and what arrives at it gets no reply"),
            )
            .help("route 0.0.0.0/0 to the internet gateway in that table, or drop `public_ip` (F6.5, F6.34)");
        }
    }

    /// An interface endpoint whose security groups admit no HTTPS times out for every client
    /// (F1.17).
    fn lint_endpoint_groups(&mut self) {
        for e in 0..self.net.endpoints.len() {
            let ep = &self.net.endpoints[e];
            let EndpointKind::Interface {
                security_groups, ..
            } = &ep.kind
            else {
                continue;
            };
            let admits_443 = security_groups.iter().any(|g| {
                self.net.security_groups[g.0].ingress.iter().any(|r| {
                    matches!(r.protocol, Protocol::Tcp | Protocol::All)
                        && r.ports.0 <= 443
                        && 443 <= r.ports.1
                })
            });
            if !admits_443 {
                let names: Vec<&str> = security_groups
                    .iter()
                    .map(|g| self.net.security_groups[g.0].id.as_str())
                    .collect();
                let msg = format!(
                    "no security group of endpoint {} ({}) admits tcp/443: clients reach its network interfaces and time out",
                    ep.id,
                    names.join(", ")
                );
                let pos = self.pos_of(&ep.id.clone());
                self.warn(Code::ClosedEndpoint, pos, msg).help(
                    "give the endpoint a security group with an ingress rule for tcp 443 from the clients' CIDR or security group (F1.17)",
                );
            }
        }
    }

    /// A private API whose policy never tests aws:SourceVpc or aws:SourceVpce can be invoked
    /// through any VPC endpoint in any account (F3.3, F8.6).
    fn lint_private_api_policies(&mut self, s: &model::Scenario) {
        for a in &s.apis {
            let api = &a.value;
            let private = api
                .endpoint
                .as_ref()
                .is_some_and(|e| e.value.eq_ignore_ascii_case("private"));
            let Some(policy) = &api.policy else { continue };
            if private && !mentions_source_vpc(&policy.value) {
                self.warn(Code::OpenPrivateApi,
                    Pos::of(policy),
                    format!(
                        "the resource policy of private API {} has no aws:SourceVpc or aws:SourceVpce condition: any VPC endpoint in any AWS account can invoke it",
                        api.id.value
                    ),
                )
                .help("add a Deny with `StringNotEquals: { aws:SourceVpce: <your endpoint> }` (or aws:SourceVpc), as AWS's examples do (F3.3)");
            }
        }
    }

    /// A request from a VPC whose execute-api endpoint has private DNS, to a public API's
    /// default name: the endpoint captures it and answers 403 (F1.1, F1.10; the reported case).
    /// And a request without a token to a metadata service whose `http_tokens` is unwritten.
    fn lint_captured_public_apis(&mut self, s: &model::Scenario) {
        let written: Vec<Pos>;
        let positions = match &self.freed_requests {
            Some(freed) => &freed.url_positions,
            None => {
                written = s.requests.iter().map(|r| Pos::of(&r.value.url)).collect();
                &written
            }
        };
        let found: Vec<Diagnostic> = positions
            .iter()
            .zip(&self.net.requests)
            .flat_map(|(at, req)| {
                let captured = captured_public_api(&self.net, req).map(|warning| warning(*at));
                let tokens = assumed_metadata_tokens(&self.net, req).map(|warning| warning(*at));
                captured.into_iter().chain(tokens)
            })
            .collect();
        self.net.warnings.extend(found);
    }

    /// Route tables no subnet uses, security groups nothing is in, zones nothing asks.
    fn lint_unused(&mut self, s: &model::Scenario) {
        // A gateway route table is used by its gateway (F6.55).
        let edges = self.net.igws.iter().map(|g| g.edge_table);
        let edges = edges.chain(self.net.vgws.iter().map(|g| g.edge_table));
        let used: std::collections::BTreeSet<RouteTableIx> = (self.net.index.table_of_subnet)
            .iter()
            .copied()
            .chain(edges.flatten())
            .collect();
        for t in 0..self.net.route_tables.len() {
            let table = &self.net.route_tables[t];
            if !table.declared || table.main {
                continue;
            }
            if !used.contains(&RouteTableIx(t)) {
                let id = table.id.clone();
                self.warn(
                    Code::Unused,
                    self.pos_of(&id),
                    format!(
                        "route table {id} is associated with no subnet: its routes are never used"
                    ),
                )
                .help("set `route_table:` on a subnet, or mark it `main: true`");
            }
        }
        // The groups something is in, found once (not once per group: a network of 10,000
        // VPCs has as many groups as instances).
        let mut attached = vec![false; self.net.security_groups.len()];
        let interface_groups = self.net.endpoints.iter().filter_map(|e| match &e.kind {
            EndpointKind::Interface {
                security_groups, ..
            } => Some(security_groups),
            _ => None,
        });
        for groups in self
            .net
            .instances
            .iter()
            .map(|i| &i.security_groups)
            .chain(interface_groups)
            .chain(self.net.load_balancers.iter().map(|b| &b.security_groups))
            .chain(
                self.net
                    .resolver_endpoints
                    .iter()
                    .filter_map(|r| r.security_groups.as_ref()),
            )
        {
            for sg in groups {
                if let Some(a) = attached.get_mut(sg.0) {
                    *a = true;
                }
            }
        }
        for (g, used) in attached.into_iter().enumerate() {
            if used {
                continue;
            }
            let id = self.net.security_groups[g].id.clone();
            if id == "default"
                || !matches!(self.ids.get(id.as_str()), Some((Kind::SecurityGroup, ..)))
            {
                continue;
            }
            self.warn(Code::Unused,
                self.pos_of(&id),
                format!("security group {id} is attached to no instance or endpoint: its rules filter nothing"),
            )
            .help("list it under an instance's or an interface endpoint's `security_groups`");
        }
        let mut zones = UnaskedZones::default();
        for (z, mz) in self.net.zones.iter().zip(&s.dns_zones) {
            zones
                .by_name
                .entry(z.name.clone())
                .or_default()
                .push(Pos::of(&mz.value.name));
        }
        for z in &self.net.zones {
            for r in &z.records {
                match &r.data {
                    RecordData::Cname(t) | RecordData::Alias(t) => zones.ask(t),
                    RecordData::A(_) => {}
                }
            }
        }
        for d in &self.net.custom_domains {
            zones.ask(&d.name);
        }
        match &self.freed_requests {
            Some(freed) => freed.hosts.iter().for_each(|h| zones.ask(h)),
            None => s
                .requests
                .iter()
                .for_each(|r| zones.ask(&url_host(&r.value.url))),
        }
        if self.streaming {
            // The requests come later: the checker asks them and warns at the end.
            self.unasked_zones = Some(zones);
        } else {
            self.net.warnings.extend(zones.warnings());
        }
    }
}

/// The zones that no request, record or custom domain has asked a name in yet, by name (a
/// name may have several zones: private zones of one name for different VPCs).
#[derive(Debug, Default)]
pub(crate) struct UnaskedZones {
    by_name: rustc_hash::FxHashMap<String, Vec<Pos>>,
}

impl UnaskedZones {
    /// Whether every zone has been asked already.
    pub(crate) fn all_asked(&self) -> bool {
        self.by_name.is_empty()
    }

    /// `host` is asked: the zone of that name, and every zone that contains it, answer it.
    pub(crate) fn ask(&mut self, host: &str) {
        if self.by_name.is_empty() {
            return;
        }
        self.by_name.remove(host);
        for (i, b) in host.bytes().enumerate() {
            if b == b'.' {
                self.by_name.remove(&host[i + 1..]);
            }
        }
    }

    /// A warning for each zone never asked, in file order.
    pub(crate) fn warnings(self) -> Vec<Diagnostic> {
        let mut zones: Vec<(Pos, String)> = self
            .by_name
            .into_iter()
            .flat_map(|(n, ps)| ps.into_iter().map(move |p| (p, n.clone())))
            .collect();
        zones.sort();
        zones
            .into_iter()
            .map(|(pos, name)| {
                Diagnostic::warning(Code::Unused,
                    pos,
                    format!("no request, record or custom domain asks for a name in zone {name}: it answers nothing here"),
                )
                .with_help("add a request that uses one of its names, or remove the zone")
            })
            .collect()
    }
}

/// Whether a policy document tests aws:SourceVpc or aws:SourceVpce anywhere in a condition.
fn mentions_source_vpc(policy: &serde_json::Value) -> bool {
    match policy {
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| {
            let k = k.to_ascii_lowercase();
            k == "aws:sourcevpc" || k == "aws:sourcevpce" || mentions_source_vpc(v)
        }),
        serde_json::Value::Array(items) => items.iter().any(mentions_source_vpc),
        _ => false,
    }
}

/// The host of a request URL as written, lower case, for the zone check.
pub(crate) fn url_host(url: &Sp<String>) -> String {
    let rest = url
        .value
        .split_once("://")
        .map_or(url.value.as_str(), |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    host.trim_end_matches('.').to_ascii_lowercase()
}
