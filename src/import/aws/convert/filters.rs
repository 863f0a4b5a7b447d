//! Security groups and network ACLs: AWS's permissions and entries, one scenario rule each.

use super::*;

/// A security group.
#[derive(Debug, Default)]
pub(crate) struct GroupOut {
    pub(crate) id: String,
    /// Rules as YAML flow mappings.
    pub(crate) ingress: Vec<String>,
    pub(crate) egress: Vec<String>,
}

/// A network ACL.
#[derive(Debug, Default)]
pub(crate) struct AclOut {
    pub(crate) id: String,
    pub(crate) ingress: Vec<String>,
    pub(crate) egress: Vec<String>,
}

/// The protocol words vpcpath knows for an AWS protocol (`-1`, `tcp`, `6`, ...); Terraform
/// writes the same.
pub(crate) fn protocol(p: &str) -> Option<&'static str> {
    match p {
        "-1" | "all" => Some("all"),
        "tcp" | "6" => Some("tcp"),
        "udp" | "17" => Some("udp"),
        "icmp" | "1" => Some("icmp"),
        _ => None,
    }
}

/// `, ports: N` or `, ports: "A-B"` for TCP and UDP (nothing for the whole range).
fn ports(proto: &str, from: Option<i64>, to: Option<i64>) -> String {
    match (proto, from, to) {
        ("tcp" | "udp", Some(a), Some(b)) if !(a <= 0 && b >= 65535) && a >= 0 => {
            if a == b {
                format!(", ports: {a}")
            } else {
                format!(", ports: \"{a}-{b}\"")
            }
        }
        _ => String::new(),
    }
}

/// Security groups and their rules.
pub(crate) fn groups(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    // Which VPC each group is in, and which VPCs may name each other's groups (peered, one
    // Region).
    let mut vpc_of: BTreeMap<String, String> = BTreeMap::new();
    for item in dump.items("SecurityGroups") {
        vpc_of.insert(
            item.s("GroupId")?.to_string(),
            item.os("VpcId")?.unwrap_or("").to_string(),
        );
    }
    let region: BTreeMap<String, String> = w
        .vpcs
        .iter()
        .map(|v| (v.id.clone(), v.region.clone()))
        .collect();
    let peered = |a: &str, b: &str| {
        a == b
            || (region.get(a) == region.get(b)
                && w.peerings
                    .iter()
                    .any(|(_, r, c)| (r == a && c == b) || (r == b && c == a)))
    };
    let prefix_lists: BTreeMap<&str, &str> = dump
        .items("PrefixLists")
        .iter()
        .filter_map(|p| {
            Some((
                p.value.get("PrefixListId")?.as_str()?,
                p.value.get("PrefixListName")?.as_str()?,
            ))
        })
        .collect();
    let mut out: BTreeMap<String, Vec<GroupOut>> = BTreeMap::new();
    let vpc_ix = w.vpc_index();
    for item in dump.items("SecurityGroups") {
        let vpc = item.os("VpcId")?.unwrap_or("").to_string();
        if !vpc_ix.contains_key(&vpc) {
            continue;
        }
        let mut g = GroupOut {
            id: item.s("GroupId")?.to_string(),
            ..GroupOut::default()
        };
        for (field, rules) in [
            ("IpPermissions", &mut g.ingress),
            ("IpPermissionsEgress", &mut g.egress),
        ] {
            for (i, p) in item.list(field)?.iter().enumerate() {
                let p = item.child(&format!("{field}[{i}]"), p);
                let Some(proto) = protocol(p.s("IpProtocol")?) else {
                    notes.add(format!(
                        "not modelled: security group rules for IP protocol {} (left out)",
                        p.s("IpProtocol")?
                    ));
                    continue;
                };
                let num = |k: &str| p.value.get(k).and_then(Value::as_i64);
                let ports = ports(proto, num("FromPort"), num("ToPort"));
                for r in p.list("IpRanges")? {
                    if let Some(c) = r.get("CidrIp").and_then(Value::as_str) {
                        rules.push(format!("{{ protocol: {proto}{ports}, cidr: {c} }}"));
                    }
                }
                if !p.list("Ipv6Ranges")?.is_empty() {
                    notes.add("not modelled: IPv6 security group rules (left out)");
                }
                for pair in p.list("UserIdGroupPairs")? {
                    let Some(other) = pair.get("GroupId").and_then(Value::as_str) else {
                        continue;
                    };
                    match vpc_of.get(other) {
                        Some(theirs) if peered(&vpc, theirs) => {
                            rules.push(format!("{{ protocol: {proto}{ports}, security_group: {other} }}"));
                        }
                        _ => notes.add(format!(
                            "a rule naming a group not in the dump or of a VPC not peered in one Region ({other}): left out"
                        )),
                    }
                }
                for pl in p.list("PrefixListIds")? {
                    let id = pl.get("PrefixListId").and_then(Value::as_str).unwrap_or("");
                    let service = prefix_lists.get(id).and_then(|n| n.rsplit('.').next());
                    match service {
                        Some(s @ ("s3" | "dynamodb")) => {
                            rules.push(format!("{{ protocol: {proto}{ports}, prefix_list: {s} }}"));
                        }
                        _ => notes.add(format!(
                            "a rule naming prefix list {id} (not an AWS service's, or not in PrefixLists.json): left out"
                        )),
                    }
                }
            }
        }
        out.entry(vpc).or_default().push(g);
    }
    for v in &mut w.vpcs {
        v.groups = out.remove(&v.id).unwrap_or_default();
        v.groups.sort_by(|a, b| a.id.cmp(&b.id));
        let known: BTreeSet<String> = v.groups.iter().map(|g| g.id.clone()).collect();
        for e in &mut v.endpoints {
            e.groups.retain(|g| known.contains(g));
        }
    }
    Ok(())
}

/// Network ACLs, their entries (the final `*` rule is implicit) and subnet associations.
pub(crate) fn acls(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let vpc_ix = w.vpc_index();
    let subnet_ix = w.subnet_index();
    for item in dump.items("NetworkAcls") {
        let vpc = item
            .value
            .get("VpcId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let Some(&vi) = vpc_ix.get(vpc) else {
            continue;
        };
        let v = &mut w.vpcs[vi];
        let mut acl = AclOut {
            id: item.s("NetworkAclId")?.to_string(),
            ..AclOut::default()
        };
        let mut entries: Vec<(bool, i64, String)> = Vec::new();
        for (i, e) in item.list("Entries")?.iter().enumerate() {
            let e = item.child(&format!("Entries[{i}]"), e);
            let number = e
                .value
                .get("RuleNumber")
                .and_then(Value::as_i64)
                .ok_or_else(|| e.bad("RuleNumber", "expected a number"))?;
            if number >= 32767 {
                continue;
            }
            let Some(c) = e.os("CidrBlock")? else {
                notes.add("not modelled: IPv6 network ACL entries (left out)");
                continue;
            };
            let Some(proto) = protocol(e.s("Protocol")?) else {
                notes.add(format!(
                    "not modelled: network ACL entries for IP protocol {} (left out)",
                    e.s("Protocol")?
                ));
                continue;
            };
            let range = |k: &str| {
                e.value
                    .pointer(&format!("/PortRange/{k}"))
                    .and_then(Value::as_i64)
            };
            let ports = ports(proto, range("From"), range("To"));
            let action = e.s("RuleAction")?;
            entries.push((
                e.flag("Egress")?,
                number,
                format!(
                    "{{ rule: {number}, action: {action}, protocol: {proto}{ports}, cidr: {c} }}"
                ),
            ));
        }
        entries.sort();
        for (egress, _, rule) in entries {
            if egress {
                acl.egress.push(rule)
            } else {
                acl.ingress.push(rule)
            }
        }
        for a in item.list("Associations")? {
            if let Some(s) = a.get("SubnetId").and_then(Value::as_str)
                && let Some(&(sv, si)) = subnet_ix.get(s)
                && sv == vi
            {
                v.subnets[si].acl = Some(acl.id.clone());
            }
        }
        v.acls.push(acl);
    }
    Ok(())
}
