//! What a plan cannot see: the parts of the network another configuration manages.
//!
//! A resource that refers to a VPC, subnet or group the plan does not hold is left out with a
//! note, and remembered with the unseen part it depends on ([`Tx::unseen`]): a request from or
//! to it cannot be answered. A part the plan holds only partly is marked ([`Tx::partial`]): a
//! VPC read by a data source (`data "aws_vpc"`), whose CIDRs are known but not its main route
//! table, its other subnets or what runs in them; a route table with a route to a target the
//! plan does not hold; a group with a rule from such a group; a transit gateway with an
//! attachment to such a VPC. `vpcpath review` marks every request whose trace goes through
//! such a part "unknown" (the rule for each kind is [`Partly`]'s).

use ipnet::Ipv4Net;
use serde_json::Value;

use super::Resource;
use super::convert::Tx;
use crate::import::build::{NoteKind, sp};
use crate::model;

/// How a part is known only partly, and so which traces through it the plan cannot answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Partly {
    /// A route table some of whose routes the plan does not hold: a trace that takes one of its
    /// routes other than `local`, or that it drops, is unknown.
    Routes,
    /// A security group some of whose rules the plan does not hold: what it allows stands,
    /// what it denies is unknown (a missing rule can only allow more).
    Rules,
    /// A network ACL the plan does not hold: whatever it decides is unknown.
    Filter,
    /// A VPC or subnet where other configurations place addresses: a trace dropped there for
    /// want of a subnet or an interface is unknown.
    Hosts,
    /// A gateway with attachments the plan does not hold: any trace through it is unknown.
    Through,
    /// A security group the plan does not hold at all, used by an interface of the plan (an
    /// instance's, a Lambda function's, an endpoint's): a stand-in that lets everything pass;
    /// a trace it let pass is unknown, unless its packets were dropped later anyway (what a
    /// deny there would also have given: a timeout).
    Group,
}

/// A part of one side known only partly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// How.
    pub how: Partly,
    /// Why, in words: what the plan does not hold.
    pub why: String,
}

impl Tx<'_, '_> {
    /// Marks `id` as known only partly (the first reason stays).
    pub(crate) fn mark(&mut self, id: &str, how: Partly, why: impl Into<String>) {
        self.partial.entry(id.to_string()).or_insert(Part {
            how,
            why: why.into(),
        });
    }

    /// What makes `id` unseen: the unseen part something left out depended on, or `id` itself
    /// when the side does not hold it at all; `None` when the side holds it.
    pub(crate) fn unseen_root(&self, id: &str) -> Option<String> {
        if let Some(root) = self.unseen.get(id) {
            return Some(root.clone());
        }
        (!self.held.contains(id)).then(|| id.to_string())
    }

    /// Leaves `r` out because the `what` it refers to (`id`) is not in the file, or was left
    /// out: a note, and `r` remembered as unseen when `id` is.
    pub(crate) fn missing(&mut self, r: &Resource, what: &str, id: &str) {
        match self.unseen_root(id) {
            Some(root) => {
                let me = self.id(r);
                self.unseen.insert(me, root.clone());
                let how = if root == id {
                    String::new()
                } else {
                    format!(", which depends on {root}")
                };
                self.note(
                    NoteKind::LeftOut,
                    r,
                    format!("its {what} {id} is not in the file{how} (another configuration's): what depends on it is unknown"),
                );
            }
            None => self.note(
                NoteKind::LeftOut,
                r,
                format!("its {what} {id} was left out"),
            ),
        }
    }

    /// A VPC the file reads with a data source (`data "aws_vpc"`) and does not manage: its
    /// CIDRs are known; its main route table (a stand-in holding only the local route) and what
    /// other configurations place in it are not. The internet gateway a `data
    /// "aws_internet_gateway"` shows attached to it is read.
    pub(crate) fn data_source_vpc(&mut self, id: &str) -> Option<usize> {
        let side = self.side;
        let d = side.data.iter().find(|d| {
            d.kind == "aws_vpc" && side.ids.get(&d.address).map(String::as_str) == Some(id)
        })?;
        let mut cidrs: Vec<String> = Vec::new();
        let blocks = d
            .values
            .get("cidr_block_associations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("cidr_block"));
        for c in d.values.get("cidr_block").into_iter().chain(blocks) {
            if let Some(c) = c.as_str().and_then(|c| c.parse::<Ipv4Net>().ok())
                && !cidrs.contains(&c.trunc().to_string())
            {
                cidrs.push(c.trunc().to_string());
            }
        }
        if cidrs.is_empty() {
            return None;
        }
        let pos = self.at(d);
        let main = format!("{id}-main");
        self.note(
            NoteKind::Assumed,
            d,
            format!("{id} is read by a data source, not managed here: its CIDRs are known; its main route table ({main}: only its local route is assumed), its default network ACL, its other subnets and what runs in them are another configuration's, and what depends on them is unknown; its DNS is assumed AWS's (no private zone or endpoint of another configuration)"),
        );
        self.mark(
            id,
            Partly::Hosts,
            format!("{id} is read by a data source: what other configurations place in it is not in the plan"),
        );
        self.mark(
            &main,
            Partly::Routes,
            format!("{main} is the main route table of {id}, read by a data source: its routes are not in the plan"),
        );
        let v = self.b.s.vpcs.len();
        self.vpcs.insert(id.to_string(), v);
        let gateway = side.data.iter().find(|g| {
            g.kind == "aws_internet_gateway"
                && g.values
                    .get("attachments")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .any(|a| {
                        a.get("vpc_id").and_then(Value::as_str) == Some(id)
                            && a.get("state").and_then(Value::as_str) == Some("available")
                    })
        });
        let internet_gateway = gateway.map(|g| {
            let p = self.at(g);
            sp(p, side.ids[&g.address].clone())
        });
        self.b.s.vpcs.push(model::Vpc {
            id: sp(pos, id.to_string()),
            cidrs: cidrs.into_iter().map(|c| sp(pos, c)).collect(),
            dns_hostnames: d.flag("enable_dns_hostnames").filter(|h| *h),
            dns_support: d.flag("enable_dns_support").filter(|s| !*s),
            internet_gateway,
            route_tables: vec![model::RouteTable {
                id: sp(pos, main),
                main: true,
                ..model::RouteTable::default()
            }],
            ..model::Vpc::default()
        });
        Some(v)
    }

    /// Gives every subnet of a partly known VPC that has no network ACL of the plan a stand-in
    /// for the VPC's default one (allowing all, as AWS's default ACL does until changed), whose
    /// decisions are unknown; and marks such subnets as holding addresses the plan does not see.
    pub(crate) fn partial_subnets(&mut self) {
        for v in 0..self.b.s.vpcs.len() {
            let vpc = self.b.s.vpcs[v].id.value.clone();
            if !self.partial.contains_key(&vpc) {
                continue;
            }
            let acl = format!("{vpc}-default-acl");
            let mut used = false;
            for s in 0..self.b.s.vpcs[v].subnets.len() {
                let subnet = self.b.s.vpcs[v].subnets[s].id.value.clone();
                self.mark(
                    &subnet,
                    Partly::Hosts,
                    format!("{subnet} is in {vpc}, read by a data source: other configurations may place instances in it"),
                );
                let sub = &mut self.b.s.vpcs[v].subnets[s];
                if sub.network_acl.is_none() {
                    sub.network_acl = Some(sp(sub.id.pos, acl.clone()));
                    used = true;
                }
            }
            if used {
                let pos = self.b.s.vpcs[v].id.pos;
                let all = |pos| {
                    vec![sp(
                        pos,
                        model::NaclRule {
                            rule: sp(pos, 100),
                            action: sp(pos, "allow".to_string()),
                            protocol: sp(pos, "all".to_string()),
                            ports: None,
                            icmp_type: None,
                            cidr: sp(pos, "0.0.0.0/0".to_string()),
                        },
                    )]
                };
                self.b.s.vpcs[v].network_acls.push(model::NetworkAcl {
                    id: sp(pos, acl.clone()),
                    ingress: all(pos),
                    egress: all(pos),
                });
                self.mark(
                    &acl,
                    Partly::Filter,
                    format!("{acl} stands for the default network ACL of {vpc}, read by a data source: its rules are not in the plan"),
                );
            }
        }
    }
}

impl Tx<'_, '_> {
    /// A stand-in for each security group an instance, a Lambda function or an endpoint of the
    /// side uses and the file does not hold (another configuration's, or made outside
    /// Terraform), in the VPC of the first that uses it: it lets everything pass, and is marked
    /// [`Partly::Group`], so that every request whose answer depends on its rules is unknown,
    /// never dropped silently or "unchanged". Said in a note at each resource that uses one.
    pub(crate) fn unseen_groups(&mut self) {
        let defined: std::collections::HashSet<String> = self
            .b
            .s
            .vpcs
            .iter()
            .flat_map(|v| v.security_groups.iter().map(|g| g.id.value.clone()))
            .collect();
        let mut made: Vec<String> = Vec::new();
        for v in 0..self.b.s.vpcs.len() {
            let vpc = &self.b.s.vpcs[v];
            let used: Vec<model::Sp<String>> = vpc
                .instances
                .iter()
                .flat_map(|i| i.security_groups.iter())
                .chain(
                    vpc.lambda_functions
                        .iter()
                        .flat_map(|l| l.security_groups.iter()),
                )
                .chain(vpc.endpoints.iter().flat_map(|e| e.security_groups.iter()))
                .filter(|g| !defined.contains(&g.value) && self.unseen_root(&g.value).is_some())
                .cloned()
                .collect();
            for g in used {
                if made.contains(&g.value) {
                    continue;
                }
                made.push(g.value.clone());
                let all = |pos| {
                    sp(
                        pos,
                        model::SgRule {
                            protocol: sp(pos, "all".to_string()),
                            cidr: Some(sp(pos, "0.0.0.0/0".to_string())),
                            ..model::SgRule::default()
                        },
                    )
                };
                let pos = g.pos;
                self.b.s.vpcs[v].security_groups.push(model::SecurityGroup {
                    id: g.clone(),
                    ingress: vec![all(pos)],
                    egress: Some(vec![all(pos)]),
                });
                let id = g.value.clone();
                self.mark(
                    &id,
                    Partly::Group,
                    format!("{id} is a security group the plan does not hold (another configuration's): its rules are unknown"),
                );
            }
        }
        // A note at each resource that uses one.
        let side = self.side;
        for r in side.resources.iter() {
            let field = match r.kind.as_str() {
                "aws_instance" => "vpc_security_group_ids",
                "aws_lambda_function" => "vpc_config/0/security_group_ids",
                "aws_vpc_endpoint" => "security_group_ids",
                _ => continue,
            };
            let unseen: Vec<String> = side
                .attrs(r, field)
                .into_iter()
                .filter(|g| made.contains(g))
                .collect();
            if !unseen.is_empty() {
                self.note(
                    NoteKind::Assumed,
                    r,
                    format!(
                        "its security group {} is not in the file (another configuration's): a stand-in lets everything pass, and every request whose answer depends on its rules is unknown",
                        unseen.join(", ")
                    ),
                );
            }
        }
    }
}
