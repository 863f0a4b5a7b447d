//! Security groups with their inline and separate rules (both generations), and network
//! ACLs with theirs, with Terraform's defaults: no rule that is not written. An inline rule is
//! read only when no separate rule resource of the file has its key (a refreshed copy).

use std::collections::HashMap;

use serde_json::Value;

use super::Resource;
use super::convert::*;
use super::unseen::Partly;
use crate::error::Pos;
use crate::import::build::{NoteKind, sp};
use crate::import::{ports, protocol};
use crate::model::{self, Sp};

/// A scenario rule of `rule` (a Terraform rule object) for one source.
fn sg_rule(pos: Pos, rule: &Value, source: Source) -> Option<Sp<model::SgRule>> {
    let proto = rule
        .get("protocol")
        .or_else(|| rule.get("ip_protocol"))
        .and_then(Value::as_str)
        .and_then(protocol)?;
    let num = |k: &str| rule.get(k).and_then(Value::as_i64);
    let mut r = model::SgRule {
        protocol: sp(pos, proto.to_string()),
        ports: ports(proto, num("from_port"), num("to_port")).map(|p| sp(pos, p)),
        ..model::SgRule::default()
    };
    match source {
        Source::Cidr(c) => r.cidr = Some(sp(pos, c)),
        Source::Group(g) => r.security_group = Some(sp(pos, g)),
    }
    Some(sp(pos, r))
}

/// Where a rule admits from (or sends to).
enum Source {
    Cidr(String),
    Group(String),
}

impl Source {
    fn key(&self) -> &str {
        match self {
            Source::Cidr(c) | Source::Group(c) => c,
        }
    }
}

/// Security groups with their inline and separate rules.
pub(crate) fn groups(tx: &mut Tx) {
    let side = tx.side;
    let mut placed: Vec<(String, usize, usize)> = Vec::new();
    // A VPC's default group once Terraform adopts it loses its rules, as a new group does.
    let groups: Vec<&Resource> = side
        .resources
        .iter()
        .filter(|r| {
            matches!(
                r.kind.as_str(),
                "aws_security_group" | "aws_default_security_group"
            )
        })
        .collect();
    for r in groups {
        let vpc = side.attr(r, "vpc_id");
        let Some(v) = tx.vpc_for(r, vpc.as_deref()) else {
            continue;
        };
        let id = tx.id(r);
        let pos = tx.at(r);
        let mut g = model::SecurityGroup {
            id: sp(pos, id.clone()),
            egress: Some(Vec::new()),
            ..model::SecurityGroup::default()
        };
        for field in ["ingress", "egress"] {
            let rules = inline_rules(tx, r, &id, field);
            if field == "ingress" {
                g.ingress = rules;
            } else {
                g.egress = Some(rules);
            }
        }
        placed.push((id, v, tx.b.s.vpcs[v].security_groups.len()));
        tx.b.s.vpcs[v].security_groups.push(g);
    }
    // The groups of a network laid under the plan, which its rules may go into.
    for (v, vpc) in tx.b.s.vpcs.iter().enumerate() {
        for (g, group) in vpc.security_groups.iter().enumerate() {
            placed.push((group.id.value.clone(), v, g));
        }
    }
    // Each group by id (the first placed when two share one): a rule finds its group in
    // constant time, not by a scan of every group.
    let mut by_id: HashMap<&str, (usize, usize)> = HashMap::with_capacity(placed.len());
    for (id, v, g) in &placed {
        by_id.entry(id.as_str()).or_insert((*v, *g));
    }
    let add = |tx: &mut Tx, r: &Resource, egress: bool, rule: Sp<model::SgRule>| {
        let Some(group) = side.attr(r, "security_group_id") else {
            tx.note(NoteKind::LeftOut, r, "its security group is unknown");
            return;
        };
        let Some(&(v, g)) = by_id.get(group.as_str()) else {
            tx.missing(r, "security group", &group);
            return;
        };
        let g = &mut tx.b.s.vpcs[v].security_groups[g];
        if egress {
            g.egress.get_or_insert_with(Vec::new).push(rule);
        } else {
            g.ingress.push(rule);
        }
    };
    for r in side.of("aws_security_group_rule") {
        let mut sources: Vec<Source> = strings(&r.values, "cidr_blocks")
            .into_iter()
            .map(Source::Cidr)
            .collect();
        sources.extend(side.attr(r, "source_security_group_id").map(Source::Group));
        if r.flag("self") == Some(true)
            && let Some(g) = side.attr(r, "security_group_id")
        {
            sources.push(Source::Group(g));
        }
        let egress = r.text("type") == Some("egress");
        if sources.is_empty() {
            tx.note(
                NoteKind::NotModelled,
                r,
                "a rule with IPv6 ranges or prefix lists only, or a source unknown until apply (left out)",
            );
        }
        for s in sources {
            let pos = tx.at(r);
            match sg_rule(pos, &r.values, s) {
                Some(rule) => add(tx, r, egress, rule),
                None => tx.note(
                    NoteKind::NotModelled,
                    r,
                    "a rule of a protocol vpcpath does not model (left out)",
                ),
            }
        }
    }
    for (kind, egress) in [
        ("aws_vpc_security_group_ingress_rule", false),
        ("aws_vpc_security_group_egress_rule", true),
    ] {
        for r in side.of(kind) {
            let source = r
                .text("cidr_ipv4")
                .map(|c| Source::Cidr(c.to_string()))
                .or_else(|| {
                    side.attr(r, "referenced_security_group_id")
                        .map(Source::Group)
                });
            let Some(source) = source else {
                tx.note(
                    NoteKind::NotModelled,
                    r,
                    "a rule for IPv6 or a prefix list, or a source unknown until apply (left out)",
                );
                continue;
            };
            let pos = tx.at(r);
            match sg_rule(pos, &r.values, source) {
                Some(rule) => add(tx, r, egress, rule),
                None => tx.note(
                    NoteKind::NotModelled,
                    r,
                    "a rule of a protocol vpcpath does not model (left out)",
                ),
            }
        }
    }
    unseen_sources(tx, &placed);
}

/// Marks each group with a rule from (or to) a group the plan does not hold: validation leaves
/// such a rule out, and what it would allow is unknown.
fn unseen_sources(tx: &mut Tx, placed: &[(String, usize, usize)]) {
    for (id, v, g) in placed {
        let group = &tx.b.s.vpcs[*v].security_groups[*g];
        let unseen = group
            .ingress
            .iter()
            .chain(group.egress.iter().flatten())
            .filter_map(|r| r.value.security_group.as_ref())
            .map(|x| x.value.clone())
            .find(|x| tx.unseen_root(x).is_some());
        if let Some(x) = unseen {
            tx.mark(
                id,
                Partly::Rules,
                format!("{id} has a rule for {x}, a group the plan does not hold"),
            );
        }
    }
}

/// The inline rules of one direction of a group that no separate rule manages.
fn inline_rules(tx: &mut Tx, r: &Resource, id: &str, field: &str) -> Vec<Sp<model::SgRule>> {
    let side = tx.side;
    let list = r.values.get(field).and_then(Value::as_array).cloned();
    if list.is_none() && side.written(r, field) {
        tx.note(
            NoteKind::LeftOut,
            r,
            format!("its {field} rules are unknown until apply (a set with an unknown value)"),
        );
    }
    let mut out = Vec::new();
    for (i, rule) in list.unwrap_or_default().iter().enumerate() {
        // Groups unknown until apply: the block's references, or the one group the whole
        // list's references name.
        let mut groups = strings(rule, "security_groups");
        if rule.get("security_groups").is_none() {
            groups = side.attrs(r, &format!("{field}/{i}/security_groups"));
            let whole = side.references_to(r, field, &["aws_security_group"]);
            if groups.is_empty() && whole.len() == 1 {
                groups = whole;
            }
        }
        // `self = true`: the group itself is a source (or destination).
        if rule.get("self").and_then(Value::as_bool) == Some(true) {
            groups.push(id.to_string());
        }
        let mut sources: Vec<Source> = strings(rule, "cidr_blocks")
            .into_iter()
            .map(Source::Cidr)
            .collect();
        sources.extend(groups.into_iter().map(Source::Group));
        for s in sources {
            if tx
                .managed
                .has(&sg_key(id, field == "egress", rule, s.key()))
            {
                continue;
            }
            let pos = tx.at_attr(r, &format!("{field}[{i}]"));
            if let Some(rule) = sg_rule(pos, rule, s) {
                out.push(rule);
            } else {
                tx.note(
                    NoteKind::NotModelled,
                    r,
                    "a rule of a protocol vpcpath does not model (left out)",
                );
            }
        }
    }
    out
}

/// Network ACLs with their inline and separate rules, and the subnets they are associated
/// with. The default ACL once adopted (`aws_default_network_acl`) holds only the rules written,
/// and filters every subnet no other ACL is associated with: read after the others.
pub(crate) fn acls(tx: &mut Tx) {
    let side = tx.side;
    let acls: Vec<&Resource> = side
        .of("aws_network_acl")
        .chain(side.of("aws_default_network_acl"))
        .collect();
    for r in acls {
        let adopted = r.kind == "aws_default_network_acl";
        let vpc = side.attr(r, "vpc_id").or_else(|| {
            let by_ref = side
                .references_to(r, "default_network_acl_id", &["aws_vpc"])
                .into_iter()
                .next();
            by_ref.filter(|_| adopted)
        });
        let Some(v) = tx.vpc_for(r, vpc.as_deref()) else {
            continue;
        };
        let id = tx.id(r);
        let pos = tx.at(r);
        let mut acl = model::NetworkAcl {
            id: sp(pos, id.clone()),
            ..model::NetworkAcl::default()
        };
        for field in ["ingress", "egress"] {
            let egress = field == "egress";
            let mut entries: Vec<(i64, Sp<model::NaclRule>)> = Vec::new();
            let inline = r.values.get(field).and_then(Value::as_array).cloned();
            for (i, e) in inline.unwrap_or_default().iter().enumerate() {
                let n = e.get("rule_no").and_then(Value::as_i64).unwrap_or(-1);
                if tx.managed.has(&acl_key(&id, egress, n)) {
                    continue;
                }
                let p = tx.at_attr(r, &format!("{field}[{i}]"));
                match entry(p, e, "rule_no", "action") {
                    Some(x) => entries.push((n, x)),
                    None => tx.note(
                        NoteKind::NotModelled,
                        r,
                        "an IPv6 or incomplete network ACL rule (left out)",
                    ),
                }
            }
            for e in side
                .of("aws_network_acl_rule")
                .filter(|e| side.attr(e, "network_acl_id").as_deref() == Some(id.as_str()))
                .filter(|e| e.flag("egress").unwrap_or(false) == egress)
            {
                let p = tx.at(e);
                match entry(p, &e.values, "rule_number", "rule_action") {
                    Some(x) => entries.push((e.num("rule_number").unwrap_or(-1), x)),
                    None => tx.note(
                        NoteKind::NotModelled,
                        e,
                        "an IPv6 or incomplete network ACL rule (left out)",
                    ),
                }
            }
            entries.sort_by_key(|(n, _)| *n);
            let rules = entries.into_iter().map(|(_, x)| x).collect();
            if egress {
                acl.egress = rules;
            } else {
                acl.ingress = rules;
            }
        }
        let managed = tx.managed;
        let mut subnets: Vec<String> = side
            .attrs(r, "subnet_ids")
            .into_iter()
            .filter(|s| !managed.has(&format!("acl of subnet {s}")))
            .collect();
        subnets.extend(side.associated(
            "aws_network_acl_association",
            "network_acl_id",
            &id,
            "subnet_id",
        ));
        let at = tx.at_attr(r, "subnet_ids");
        for s in subnets {
            if let Some(&(sv, si)) = tx.subnets.get(&s)
                && sv == v
            {
                tx.b.s.vpcs[v].subnets[si].network_acl = Some(sp(at, id.clone()));
            }
        }
        if adopted {
            for sub in &mut tx.b.s.vpcs[v].subnets {
                if sub.network_acl.is_none() {
                    sub.network_acl = Some(sp(at, id.clone()));
                }
            }
        }
        tx.b.s.vpcs[v].network_acls.push(acl);
    }
}

/// A network ACL rule of a Terraform rule object (`number` and `action` name its keys).
fn entry(pos: Pos, e: &Value, number: &str, action: &str) -> Option<Sp<model::NaclRule>> {
    let n = e.get(number).and_then(Value::as_i64)?;
    let proto = e
        .get("protocol")
        .and_then(Value::as_str)
        .and_then(protocol)?;
    let cidr = e
        .get("cidr_block")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())?;
    let action = e.get(action).and_then(Value::as_str)?;
    let num = |k: &str| e.get(k).and_then(Value::as_i64);
    Some(sp(
        pos,
        model::NaclRule {
            rule: sp(pos, u32::try_from(n).ok()?),
            action: sp(pos, action.to_string()),
            protocol: sp(pos, proto.to_string()),
            ports: ports(proto, num("from_port"), num("to_port")).map(|p| sp(pos, p)),
            icmp_type: (proto == "icmp")
                .then(|| num("icmp_type"))
                .flatten()
                .and_then(|t| i32::try_from(t).ok())
                .map(|t| sp(pos, t)),
            cidr: sp(pos, cidr.to_string()),
        },
    ))
}
