//! Validation of VPCs and what is inside them: CIDRs, subnets, route tables, gateways,
//! endpoints, security groups, network ACLs, instances; then peerings and routes.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::{Kind, Validator, suggest_or};
use crate::aws;
use crate::aws::words::{Connectivity, NaclAction, VpcEndpointType};
use crate::error::{Code, Pos};
use crate::model::{self, Sp};
use crate::net::*;
use crate::policy::Policy;

mod dns_options;
mod filters;
mod firewalls;
mod frames;
mod gateway_tables;
mod gateways;
mod instances;
mod interfaces;
mod propagation;
mod routes;
mod targets;

const PLACEHOLDER_NET: Ipv4Net = match Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 32) {
    Ok(n) => n,
    Err(_) => panic!(),
};

impl Validator {
    /// VPCs and everything inside them.
    pub(super) fn vpcs(&mut self, s: &model::Scenario) {
        self.vpc_frames(s);
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            self.vpc_contents(VpcIx(vi), vpc);
        }
    }

    /// What lives in a VPC's subnets (after [`Validator::vpc_frames`], VPC by VPC): its
    /// groups' rules, written addresses, NAT gateways, endpoints, instances and functions.
    pub(super) fn vpc_contents(&mut self, v: VpcIx, vpc: &model::Vpc) {
        self.security_group_rules(v, vpc);
        self.reserve_written_addresses(v, vpc);
        for nat in &vpc.nat_gateways {
            self.nat(v, nat);
        }
        let first = self.net.endpoints.len();
        for ep in &vpc.endpoints {
            self.endpoint(v, ep);
        }
        self.inbound_only_dns(v, vpc, first);
        for inst in &vpc.instances {
            self.instance(v, inst);
        }
        for f in &vpc.lambda_functions {
            self.lambda(v, f);
        }
        for eni in &vpc.network_interfaces {
            self.network_interface(v, eni);
        }
    }

    fn vpc_cidrs(&mut self, vpc: &model::Vpc) -> Vec<Ipv4Net> {
        let written: Vec<&Sp<String>> = vpc.cidr.iter().chain(vpc.cidrs.iter()).collect();
        if written.is_empty() {
            self.err(
                Code::Cidr,
                Pos::of(&vpc.id),
                format!("VPC {} has no CIDR", vpc.id.value),
            )
            .help("add `cidr: 10.0.0.0/16` (or `cidrs: [...]`)");
        }
        if vpc.cidr.is_some() && !vpc.cidrs.is_empty() {
            self.err(
                Code::Cidr,
                Pos::of(&vpc.id),
                format!("VPC {} gives both `cidr` and `cidrs`", vpc.id.value),
            )
            .help("list every CIDR under `cidrs`, the primary first");
        }
        let mut out: Vec<Ipv4Net> = Vec::new();
        for c in written {
            let Some(net) = self.cidr(c) else { continue };
            if !(16..=28).contains(&net.prefix_len()) {
                self.err(
                    Code::Cidr,
                    Pos::of(c),
                    format!(
                        "a VPC CIDR must be between /16 and /28, not /{}",
                        net.prefix_len()
                    ),
                )
                .help("AWS allows VPC IPv4 blocks from /16 (65,536 addresses) to /28 (16)");
            }
            if let Some(o) = out.iter().find(|o| o.contains(&net) || net.contains(*o)) {
                let msg = format!("{net} overlaps {o}, already a CIDR of this VPC");
                self.err(Code::Overlap, Pos::of(c), msg)
                    .help("the CIDRs of a VPC cannot overlap; remove one or pick another block");
            }
            out.push(net);
        }
        out
    }

    fn declared_route_tables(&mut self, v: VpcIx, vpc: &model::Vpc) {
        let mut main_seen: Option<&Sp<String>> = None;
        for rt in &vpc.route_tables {
            if rt.main {
                if let Some(first) = main_seen {
                    let msg = format!(
                        "VPC {} has two main route tables ({} and {})",
                        vpc.id.value, first.value, rt.id.value
                    );
                    self.err(Code::MainTable, Pos::of(&rt.id), msg).help(
                        "a VPC has exactly one main route table; set `main: true` on one only",
                    );
                }
                main_seen = Some(&rt.id);
            }
            let ix = RouteTableIx(self.net.route_tables.len());
            let node = self.net.graph.add_node(Node::RouteTable(ix));
            if rt.main {
                self.net.vpcs[v.0].main_route_table = ix;
            }
            self.net.route_tables.push(RouteTable {
                id: rt.id.value.clone(),
                vpc: v,
                main: rt.main,
                declared: true,
                routes: Vec::new(),
                lpm: Default::default(),
                node,
            });
        }
        if main_seen.is_none() {
            // Marked for phase C.
            self.net.vpcs[v.0].main_route_table = RouteTableIx(usize::MAX);
        }
    }

    fn implicit_components(&mut self, v: VpcIx) {
        if self.net.vpcs[v.0].main_route_table.0 == usize::MAX {
            let ix = RouteTableIx(self.net.route_tables.len());
            let node = self.net.graph.add_node(Node::RouteTable(ix));
            let id = format!("{}-main", self.net.vpcs[v.0].id);
            self.net.route_tables.push(RouteTable {
                id,
                vpc: v,
                main: true,
                declared: false,
                routes: Vec::new(),
                lpm: Default::default(),
                node,
            });
            self.net.vpcs[v.0].main_route_table = ix;
        }
        // The default security group: ingress from its own members, egress to everywhere.
        // https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
        let sg = SgIx(self.net.security_groups.len());
        self.net.security_groups.push(SecurityGroup {
            id: "default".into(),
            vpc: v,
            ingress: vec![SgRule {
                protocol: Protocol::All,
                ports: (0, 65535),
                peer: SgPeer::Group(sg),
                index: None,
            }],
            egress: vec![allow_all_egress()],
        });
        self.net.vpcs[v.0].default_sg = sg;
        // The default network ACL allows all traffic both ways.
        // https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html
        let all = NaclRule {
            number: 100,
            allow: true,
            protocol: Protocol::All,
            ports: (0, 65535),
            cidr: Ipv4Net::default(),
        };
        self.net.vpcs[v.0].default_nacl = NaclIx(self.net.nacls.len());
        self.net.nacls.push(NetworkAcl {
            id: format!("{}-default-acl", self.net.vpcs[v.0].id),
            vpc: v,
            ingress: vec![all.clone()],
            egress: vec![all],
        });
    }

    fn subnet(&mut self, v: VpcIx, sub: &model::Subnet) {
        let ix = SubnetIx(self.net.subnets.len());
        let cidr = self.cidr(&sub.cidr).unwrap_or(PLACEHOLDER_NET);
        if cidr != PLACEHOLDER_NET {
            let vpc = &self.net.vpcs[v.0];
            if !vpc.cidrs.is_empty() && !vpc.cidrs.iter().any(|c| c.contains(&cidr)) {
                let list: Vec<String> = vpc.cidrs.iter().map(ToString::to_string).collect();
                let msg = format!(
                    "subnet {} ({cidr}) is not inside VPC {}'s CIDR {}",
                    sub.id.value,
                    vpc.id,
                    list.join(", ")
                );
                self.err(Code::Cidr, Pos::of(&sub.cidr), msg).help(format!(
                    "pick a CIDR inside {}, or add a CIDR to the VPC",
                    list.join(" or ")
                ));
            } else if !(16..=28).contains(&cidr.prefix_len()) {
                self.err(
                    Code::Cidr,
                    Pos::of(&sub.cidr),
                    format!(
                        "a subnet CIDR must be between /16 and /28, not /{}",
                        cidr.prefix_len()
                    ),
                )
                .help("AWS allows subnet IPv4 blocks from /16 to /28 (16 addresses)");
            }
            // The earliest subnet of the VPC that holds this one or that this one holds.
            let cidrs = self.subnet_cidrs.entry(v).or_default();
            let overlapping = cidrs
                .cover_values(&cidr)
                .chain(cidrs.children(&cidr).map(|(_, i)| i))
                .min()
                .copied();
            cidrs.entry(cidr).or_insert(self.net.subnets.len());
            if let Some(o) = overlapping.map(|i| &self.net.subnets[i]) {
                let msg = format!(
                    "subnet {} ({cidr}) overlaps subnet {} ({})",
                    sub.id.value, o.id, o.cidr
                );
                self.err(Code::Overlap, Pos::of(&sub.cidr), msg)
                    .help("subnets of a VPC cannot overlap");
            }
        }
        let main = self.net.vpcs[v.0].main_route_table;
        let route_table = match &sub.route_table {
            Some(r) => self
                .resolve(r, Kind::RouteTable, &format!("subnet {}", sub.id.value))
                .map(RouteTableIx)
                .filter(|rt| self.same_vpc(r, self.net.route_tables[rt.0].vpc, v))
                .unwrap_or(main),
            None => main,
        };
        let nacl = match &sub.network_acl {
            Some(r) => self
                .resolve(r, Kind::Nacl, &format!("subnet {}", sub.id.value))
                .map(NaclIx)
                .filter(|n| self.same_vpc(r, self.net.nacls[n.0].vpc, v))
                .unwrap_or(self.net.vpcs[v.0].default_nacl),
            None => self.net.vpcs[v.0].default_nacl,
        };
        let region = self.net.vpcs[v.0].region;
        if let Some(az) = sub
            .az
            .as_ref()
            .filter(|a| !aws::az_in_region(&a.value, &region))
        {
            let msg = format!(
                "`{}` is not an Availability Zone of {region}, the Region of {}",
                az.value, self.net.vpcs[v.0].id
            );
            self.err(Code::AvailabilityZone, Pos::of(az), msg)
                .help(format!("write a zone of {region}: its code and a letter ({region}a), or its AZ ID ({}-az1) (F6.26)", aws::az_id_prefix(&region).unwrap_or_default()));
        }
        let node = self.net.graph.add_node(Node::Subnet(ix));
        self.net
            .graph
            .add_edge(self.net.vpcs[v.0].node, node, Link::Delivers);
        let implicit = sub.route_table.is_none();
        self.net.graph.add_edge(
            node,
            self.net.route_tables[route_table.0].node,
            Link::Uses { implicit },
        );
        self.net.subnets.push(Subnet {
            id: sub.id.value.clone(),
            vpc: v,
            cidr,
            az: sub.az.as_ref().map(|a| a.value.clone()),
            nacl,
            node,
        });
    }

    /// Reports a reference to a component of another VPC.
    pub(super) fn same_vpc(&mut self, r: &Sp<String>, theirs: VpcIx, ours: VpcIx) -> bool {
        if theirs == ours {
            return true;
        }
        let msg = format!(
            "`{}` belongs to VPC {}, not {}",
            r.value, self.net.vpcs[theirs.0].id, self.net.vpcs[ours.0].id
        );
        self.err(Code::Scope, Pos::of(r), msg)
            .help("a component can only use route tables, ACLs, subnets and security groups of its own VPC");
        false
    }
}

fn allow_all_egress() -> SgRule {
    SgRule {
        protocol: Protocol::All,
        ports: (0, 65535),
        peer: SgPeer::Cidr(Ipv4Net::default()),
        index: None,
    }
}
