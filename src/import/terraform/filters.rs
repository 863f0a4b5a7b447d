//! Security groups with their inline and separate rules (both generations), and network
//! ACLs, with Terraform's defaults: no rule that is not written.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Side;
use crate::import::aws::convert::filters::{AclOut, GroupOut, protocol};
use crate::import::aws::convert::{Notes, VpcOut};
use crate::import::yaml::q;

fn num(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

fn ports(proto: &str, from: Option<i64>, to: Option<i64>) -> String {
    match (proto, from, to) {
        ("tcp" | "udp", Some(a), Some(b)) if a >= 0 && !(a == 0 && b >= 65535) => {
            if a == b {
                format!(", ports: {a}")
            } else {
                format!(", ports: \"{a}-{b}\"")
            }
        }
        _ => String::new(),
    }
}

/// One security group rule per CIDR and group of a Terraform rule object.
fn sg_rules(rule: &Value, cidrs: &[String], groups: &[String]) -> Vec<String> {
    let proto = rule
        .get("protocol")
        .or_else(|| rule.get("ip_protocol"))
        .and_then(Value::as_str)
        .and_then(protocol);
    let Some(proto) = proto else {
        return Vec::new();
    };
    let p = ports(proto, num(rule, "from_port"), num(rule, "to_port"));
    let mut out: Vec<String> = cidrs
        .iter()
        .map(|c| format!("{{ protocol: {proto}{p}, cidr: {c} }}"))
        .collect();
    out.extend(
        groups
            .iter()
            .map(|g| format!("{{ protocol: {proto}{p}, security_group: {} }}", q(g))),
    );
    out
}

fn strings(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// Security groups with their inline and separate rules, and network ACLs.
pub(crate) fn groups(side: &Side, vpcs: &mut BTreeMap<String, VpcOut>, notes: &mut Notes) {
    let of = |kind: &'static str| side.resources.iter().filter(move |r| r.kind == kind);
    let mut by_id: BTreeMap<String, (String, GroupOut)> = BTreeMap::new();
    // A VPC's default group once Terraform adopts it loses its rules, as a new group does.
    for r in side.resources.iter().filter(|r| {
        matches!(
            r.kind.as_str(),
            "aws_security_group" | "aws_default_security_group"
        )
    }) {
        let Some(vpc) = side.attr(r, "vpc_id") else {
            continue;
        };
        let id = side.ids[&r.address].clone();
        let mut g = GroupOut {
            id: id.clone(),
            ..GroupOut::default()
        };
        for (field, rules) in [("ingress", &mut g.ingress), ("egress", &mut g.egress)] {
            if r.values.get(field).is_none() && side.written(r, field) {
                notes.add(format!(
                    "{}: its {field} rules are unknown until apply (a set with an unknown value): left out",
                    r.address
                ));
            }
            for (i, rule) in r
                .values
                .get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                // Groups unknown until apply: the block's references, or the one group the
                // whole list's references name.
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
                    groups.push(id.clone());
                }
                rules.extend(sg_rules(rule, &strings(rule, "cidr_blocks"), &groups));
            }
        }
        by_id.insert(id, (vpc, g));
    }
    for r in of("aws_security_group_rule") {
        let Some((_, g)) = side
            .attr(r, "security_group_id")
            .and_then(|g| by_id.get_mut(&g))
        else {
            continue;
        };
        let mut source: Vec<String> = side
            .attr(r, "source_security_group_id")
            .into_iter()
            .collect();
        if r.values.get("self").and_then(Value::as_bool) == Some(true) {
            source.extend(side.attr(r, "security_group_id"));
        }
        let rules = sg_rules(&r.values, &strings(&r.values, "cidr_blocks"), &source);
        match r.values.get("type").and_then(Value::as_str) {
            Some("egress") => g.egress.extend(rules),
            _ => g.ingress.extend(rules),
        }
    }
    for (kind, egress) in [
        ("aws_vpc_security_group_ingress_rule", false),
        ("aws_vpc_security_group_egress_rule", true),
    ] {
        for r in of(kind) {
            let Some((_, g)) = side
                .attr(r, "security_group_id")
                .and_then(|g| by_id.get_mut(&g))
            else {
                continue;
            };
            let cidrs: Vec<String> = r
                .values
                .get("cidr_ipv4")
                .and_then(Value::as_str)
                .map(str::to_string)
                .into_iter()
                .collect();
            let refs: Vec<String> = side
                .attr(r, "referenced_security_group_id")
                .into_iter()
                .collect();
            let rules = sg_rules(&r.values, &cidrs, &refs);
            if egress {
                g.egress.extend(rules)
            } else {
                g.ingress.extend(rules)
            }
        }
    }
    for (_, (vpc, g)) in by_id {
        if let Some(v) = vpcs.get_mut(&vpc) {
            v.groups.push(g);
        }
    }
    // Rules naming a group not in the same VPC are left for vpcpath's check to judge: keep only
    // groups of the VPC.
    for v in vpcs.values_mut() {
        let own: Vec<String> = v.groups.iter().map(|g| g.id.clone()).collect();
        for g in &mut v.groups {
            for rules in [&mut g.ingress, &mut g.egress] {
                let before = rules.len();
                rules.retain(|r| {
                    !r.contains("security_group:")
                        || own
                            .iter()
                            .any(|o| r.contains(&format!("security_group: {}", q(o))))
                });
                if rules.len() < before {
                    notes.add("a rule naming a group of another VPC: left out");
                }
            }
        }
    }
    // The default ACL once adopted (`aws_default_network_acl`) holds only the rules written, and
    // filters every subnet no other ACL is associated with: read after the others.
    let acls = of("aws_network_acl").chain(of("aws_default_network_acl"));
    for r in acls {
        let adopted = r.kind == "aws_default_network_acl";
        let vpc = side.attr(r, "vpc_id").or_else(|| {
            let by_ref = side
                .references_to(r, "default_network_acl_id", &["aws_vpc"])
                .into_iter()
                .next();
            by_ref.filter(|_| adopted)
        });
        let Some(v) = vpc.and_then(|v| vpcs.get_mut(&v)) else {
            continue;
        };
        let id = side.ids[&r.address].clone();
        let mut acl = AclOut {
            id: id.clone(),
            ..AclOut::default()
        };
        for (field, rules) in [("ingress", &mut acl.ingress), ("egress", &mut acl.egress)] {
            let mut entries: Vec<(i64, String)> = Vec::new();
            for e in r
                .values
                .get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let (Some(n), Some(proto), Some(c), Some(action)) = (
                    num(e, "rule_no"),
                    e.get("protocol").and_then(Value::as_str).and_then(protocol),
                    e.get("cidr_block")
                        .and_then(Value::as_str)
                        .filter(|s| !s.is_empty()),
                    e.get("action").and_then(Value::as_str),
                ) else {
                    continue;
                };
                let p = ports(proto, num(e, "from_port"), num(e, "to_port"));
                entries.push((
                    n,
                    format!("{{ rule: {n}, action: {action}, protocol: {proto}{p}, cidr: {c} }}"),
                ));
            }
            // Separate `aws_network_acl_rule`s of this side.
            for e in of("aws_network_acl_rule")
                .filter(|e| side.attr(e, "network_acl_id").as_deref() == Some(id.as_str()))
                .filter(|e| {
                    e.values
                        .get("egress")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                        == (field == "egress")
                })
            {
                let v = &e.values;
                let (Some(n), Some(proto), Some(c), Some(action)) = (
                    num(v, "rule_number"),
                    v.get("protocol").and_then(Value::as_str).and_then(protocol),
                    e.text("cidr_block"),
                    e.text("rule_action"),
                ) else {
                    notes.add(format!(
                        "{}: an IPv6 or incomplete rule: left out",
                        e.address
                    ));
                    continue;
                };
                let p = ports(proto, num(v, "from_port"), num(v, "to_port"));
                entries.push((
                    n,
                    format!("{{ rule: {n}, action: {action}, protocol: {proto}{p}, cidr: {c} }}"),
                ));
            }
            entries.sort();
            rules.extend(entries.into_iter().map(|(_, r)| r));
        }
        let mut subnets = side.attrs(r, "subnet_ids");
        subnets.extend(side.associated(
            "aws_network_acl_association",
            "network_acl_id",
            &id,
            "subnet_id",
        ));
        for s in subnets {
            if let Some(sub) = v.subnets.iter_mut().find(|x| x.id == s) {
                sub.acl = Some(id.clone());
            }
        }
        for sub in v.subnets.iter_mut().filter(|s| adopted && s.acl.is_none()) {
            sub.acl = Some(id.clone());
        }
        v.acls.push(acl);
    }
}
