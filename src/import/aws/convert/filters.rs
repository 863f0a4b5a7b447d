//! Security groups and network ACLs: AWS's permissions and entries, one scenario rule each.

use super::*;

use super::prefix::Reference;
use crate::import::{ports, protocol};

/// Security groups and their rules.
pub(super) fn groups(cx: &mut Cx) -> Result<(), ImportError> {
    cx.each("SecurityGroups", "GroupId", |cx, item| {
        let id = item.s("GroupId")?.to_string();
        let Some(vpc) = item.os("VpcId")? else {
            cx.b.notes.about(
                NoteKind::NotModelled,
                id,
                Some(item.place()),
                "security groups outside a VPC (EC2-Classic; left out)",
            );
            return Ok(());
        };
        if !cx.vpcs.contains_key(vpc) {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a security group of a VPC not in the dump",
            );
            return Ok(());
        }
        let vpc = vpc.to_string();
        let pos = cx.at(&id, item);
        let mut g = model::SecurityGroup {
            id: sp(pos, id.clone()),
            egress: Some(Vec::new()),
            ..model::SecurityGroup::default()
        };
        let ingress = rules(cx, &id, item, "IpPermissions")?;
        let egress = rules(cx, &id, item, "IpPermissionsEgress")?;
        g.ingress = ingress;
        g.egress = Some(egress);
        if let Some(v) = cx.vpc(&vpc) {
            v.security_groups.push(g);
        }
        Ok(())
    })?;
    for v in &mut cx.b.s.vpcs {
        v.security_groups
            .sort_by(|a, b| a.id.value.cmp(&b.id.value));
    }
    Ok(())
}

/// The rules of one direction of a group: one per CIDR, group and prefix list of each of AWS's
/// permissions.
fn rules(
    cx: &mut Cx,
    group: &str,
    item: &Item,
    field: &str,
) -> Result<Vec<Sp<model::SgRule>>, Bad> {
    let mut out = Vec::new();
    for p in item.children(field)? {
        let raw = p.s("IpProtocol")?;
        let Some(proto) = protocol(raw) else {
            cx.b.notes.about(
                NoteKind::NotModelled,
                group.to_string(),
                Some(p.place()),
                format!("security group rules for IP protocol {raw} (left out)"),
            );
            continue;
        };
        let num = |k: &str| p.value.get(k).and_then(Value::as_i64);
        let ports = ports(proto, num("FromPort"), num("ToPort"));
        let mut rule = |cx: &mut Cx, at: &Item, source: (&str, String)| -> Pos {
            let pos = cx.b.at(group, at.place());
            let mut r = model::SgRule {
                protocol: sp(pos, proto.to_string()),
                ports: ports.clone().map(|x| sp(pos, x)),
                ..model::SgRule::default()
            };
            match source.0 {
                "cidr" => r.cidr = Some(sp(pos, source.1)),
                "group" => r.security_group = Some(sp(pos, source.1)),
                _ => r.prefix_list = Some(sp(pos, source.1)),
            }
            out.push(sp(pos, r));
            pos
        };
        for r in p.children("IpRanges")? {
            if let Some(c) = r.os("CidrIp")? {
                let _ = rule(cx, &r, ("cidr", c.to_string()));
            }
        }
        if !p.list("Ipv6Ranges")?.is_empty() {
            cx.b.notes.add(
                NoteKind::NotModelled,
                "IPv6 security group rules (left out)",
            );
        }
        for pair in p.children("UserIdGroupPairs")? {
            if let Some(other) = pair.os("GroupId")? {
                let _ = rule(cx, &pair, ("group", other.to_string()));
            }
        }
        for pl in p.children("PrefixListIds")? {
            let id = pl.os("PrefixListId")?.unwrap_or("").to_string();
            match cx.prefix_lists.named(&id) {
                Reference::Service(s) => {
                    let pos = rule(cx, &pl, ("prefix list", s));
                    cx.prefix_lists.read_into(&id, pos);
                }
                // The rule names the list, written under `prefix_lists:` (F6.74).
                Reference::Cidrs(_) => {
                    let pos = rule(cx, &pl, ("prefix list", id.clone()));
                    cx.prefix_lists.referenced(&id, pos);
                }
                Reference::Unknown(why) => cx.b.notes.about(
                    NoteKind::LeftOut,
                    format!("{group}: {id}"),
                    Some(pl.place()),
                    format!("a security group rule naming {why}"),
                ),
            }
        }
    }
    Ok(out)
}

/// Network ACLs, their entries (the final `*` rule is implicit) and subnet associations.
pub(super) fn acls(cx: &mut Cx) -> Result<(), ImportError> {
    cx.each("NetworkAcls", "NetworkAclId", |cx, item| {
        let id = item.s("NetworkAclId")?.to_string();
        let vpc = item.s("VpcId")?.to_string();
        let Some(&v) = cx.vpcs.get(&vpc) else {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a network ACL of a VPC not in the dump",
            );
            return Ok(());
        };
        let pos = cx.at(&id, item);
        let mut acl = model::NetworkAcl {
            id: sp(pos, id.clone()),
            ..model::NetworkAcl::default()
        };
        let mut entries: Vec<(bool, i64, Sp<model::NaclRule>)> = Vec::new();
        for e in item.children("Entries")? {
            let number = match e.value.get("RuleNumber") {
                Some(Value::Number(n)) => n.as_i64().unwrap_or(i64::MAX),
                None | Some(Value::Null) => return Err(Bad::Missing("Entries[].RuleNumber".into())),
                Some(_) => return Err(e.bad("RuleNumber", "expected a number")),
            };
            if number >= 32767 {
                continue;
            }
            let Some(c) = e.os("CidrBlock")? else {
                cx.b.notes
                    .add(NoteKind::NotModelled, "IPv6 network ACL entries (left out)");
                continue;
            };
            let raw = e.s("Protocol")?;
            let Some(proto) = protocol(raw) else {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    id.clone(),
                    Some(e.place()),
                    format!("network ACL entries for IP protocol {raw} (left out)"),
                );
                continue;
            };
            let range = |k: &str| {
                e.value
                    .pointer(&format!("/PortRange/{k}"))
                    .and_then(Value::as_i64)
            };
            let ports = ports(proto, range("From"), range("To"));
            let action = e.s("RuleAction")?.to_string();
            let p = cx.b.at(id.clone(), e.place());
            entries.push((
                e.flag("Egress")?,
                number,
                sp(
                    p,
                    model::NaclRule {
                        rule: sp(p, u32::try_from(number).unwrap_or(u32::MAX)),
                        action: sp(p, action),
                        protocol: sp(p, proto.to_string()),
                        ports: ports.map(|x| sp(p, x)),
                        // IcmpTypeCode is not read: an imported ICMP rule admits all types.
                        icmp_type: None,
                        cidr: sp(p, cidr(&e, "CidrBlock", c)?),
                    },
                ),
            ));
        }
        entries.sort_by_key(|(egress, number, _)| (*egress, *number));
        for (egress, _, rule) in entries {
            if egress {
                acl.egress.push(rule)
            } else {
                acl.ingress.push(rule)
            }
        }
        for a in item.children("Associations")? {
            if let Some(s) = a.os("SubnetId")? {
                let at = cx.b.at(s, a.place());
                match cx.subnets.get(s) {
                    Some(&(sv, si)) if sv == v => {
                        cx.b.s.vpcs[v].subnets[si].network_acl = Some(sp(at, id.clone()));
                    }
                    _ => cx.b.notes.about(
                        NoteKind::LeftOut,
                        s.to_string(),
                        Some(a.place()),
                        "an association of a network ACL with a subnet not in the dump, or of another VPC",
                    ),
                }
            }
        }
        cx.b.s.vpcs[v].network_acls.push(acl);
        Ok(())
    })
}
