//! What each Terraform resource type becomes; every other type is counted as not modelled.

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use serde_json::Value;

use super::{Resource, Side};
use crate::import::aws::convert::filters::{AclOut, GroupOut};
use crate::import::aws::convert::{EndpointOut, Notes, RouteTableOut, SubnetOut, VpcOut, World};
use crate::import::yaml::q;

/// The protocol words vpcpath knows for Terraform's (`-1`, `tcp`, `6`, ...).
fn protocol(p: &str) -> Option<&'static str> {
    match p {
        "-1" | "all" => Some("all"),
        "tcp" | "6" => Some("tcp"),
        "udp" | "17" => Some("udp"),
        "icmp" | "1" => Some("icmp"),
        _ => None,
    }
}

fn num(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

fn ports(proto: &str, from: Option<i64>, to: Option<i64>) -> String {
    match (proto, from, to) {
        ("tcp" | "udp", Some(a), Some(b)) if a >= 0 && !(a == 0 && b >= 65535) => {
            if a == b { format!(", ports: {a}") } else { format!(", ports: \"{a}-{b}\"") }
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
    let mut out: Vec<String> = cidrs.iter().map(|c| format!("{{ protocol: {proto}{p}, cidr: {c} }}")).collect();
    out.extend(groups.iter().map(|g| format!("{{ protocol: {proto}{p}, security_group: {} }}", q(g))));
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

/// Converts every resource of a side into the scenario's world.
pub(crate) fn convert(side: &Side, w: &mut World, notes: &mut Notes) {
    let of = |kind: &'static str| side.resources.iter().filter(move |r| r.kind == kind);
    let id = |r: &Resource| side.ids[&r.address].clone();
    let mut vpcs: BTreeMap<String, VpcOut> = BTreeMap::new();
    for r in of("aws_vpc") {
        let Some(cidr) = r.values.get("cidr_block").and_then(Value::as_str).and_then(|c| c.parse::<Ipv4Net>().ok()) else {
            let why = match r.values.get("cidr_block") {
                None | Some(Value::Null) => "its CIDR is unknown until apply".to_string(),
                Some(v) => format!("cidr_block {v} is not an IPv4 CIDR"),
            };
            notes.add(format!("{}: {why}: left out", r.address));
            continue;
        };
        vpcs.insert(
            id(r),
            VpcOut {
                id: id(r),
                region: w.region.clone(),
                account: w.account.clone(),
                cidrs: vec![cidr.trunc()],
                dns_support: r.values.get("enable_dns_support").and_then(Value::as_bool) != Some(false),
                dns_hostnames: r.values.get("enable_dns_hostnames").and_then(Value::as_bool) == Some(true),
                ..VpcOut::default()
            },
        );
    }
    let vpc_ids = vpcs.keys().cloned().collect();
    let elsewhere = super::network::convert(side, w, &vpc_ids, notes);
    let mut vpc_of_subnet = BTreeMap::new();
    for r in of("aws_subnet") {
        let (Some(vpc), Some(cidr)) = (
            side.attr(r, "vpc_id"),
            r.values.get("cidr_block").and_then(Value::as_str).and_then(|c| c.parse::<Ipv4Net>().ok()),
        ) else {
            notes.add(format!("{}: its VPC or CIDR is unknown: left out", r.address));
            continue;
        };
        let Some(v) = vpcs.get_mut(&vpc) else {
            continue;
        };
        vpc_of_subnet.insert(id(r), vpc.clone());
        v.subnets.push(SubnetOut {
            id: id(r),
            cidr: cidr.trunc(),
            az: r.values.get("availability_zone").and_then(Value::as_str).map(str::to_string),
            ..SubnetOut::default()
        });
    }
    for r in of("aws_internet_gateway") {
        if let Some(v) = side.attr(r, "vpc_id").and_then(|v| vpcs.get_mut(&v)) {
            v.igw = Some(id(r));
        }
    }
    for r in of("aws_nat_gateway") {
        let Some(subnet) = side.attr(r, "subnet_id") else { continue };
        let Some(v) = vpc_of_subnet.get(&subnet).and_then(|v| vpcs.get_mut(v)) else { continue };
        let public = r.values.get("connectivity_type").and_then(Value::as_str) != Some("private");
        // Its Elastic IP's address, when the plan knows it.
        let eip = side.attr(r, "allocation_id").and_then(|a| {
            let e = of("aws_eip").find(|e| side.ids[&e.address] == a || e.values.get("allocation_id").and_then(Value::as_str) == Some(&a))?;
            e.values.get("public_ip").and_then(Value::as_str).filter(|p| !p.is_empty()).map(str::to_string)
        });
        let private = r.values.get("private_ip").and_then(Value::as_str).filter(|p| !p.is_empty()).map(str::to_string);
        v.nats.push((id(r), subnet, eip.filter(|_| public), private, public));
    }
    // Route tables, their inline and separate routes, and their associations.
    let mut tables: BTreeMap<String, (String, RouteTableOut)> = BTreeMap::new();
    let target = |route: &Value, side_attr: &dyn Fn(&str) -> Option<String>| -> Option<String> {
        ["gateway_id", "nat_gateway_id", "vpc_peering_connection_id", "transit_gateway_id"]
            .iter()
            .find_map(|k| route.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string).or_else(|| side_attr(k)))
    };
    // A VPC's main table, once Terraform adopts it (`aws_default_route_table`), is one like
    // the others, marked main.
    let tables_of = side.resources.iter().filter(|r| matches!(r.kind.as_str(), "aws_route_table" | "aws_default_route_table"));
    for r in tables_of {
        let adopted = r.kind == "aws_default_route_table";
        let vpc = side.attr(r, "vpc_id").or_else(|| {
            let by_ref = side.references_to(r, "default_route_table_id", &["aws_vpc"]).into_iter().next();
            by_ref.filter(|_| adopted)
        });
        let Some(vpc) = vpc else { continue };
        let mut rt = RouteTableOut { id: id(r), main: adopted, ..RouteTableOut::default() };
        for (i, route) in r.values.get("route").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let dst = route.get("cidr_block").and_then(Value::as_str).and_then(|c| c.parse::<Ipv4Net>().ok());
            // A target unknown until apply: the configuration's block for the same destination.
            let block = dst.and_then(|d| side.inline_block(r, "route", "cidr_block", &d.to_string())).unwrap_or(i);
            // Written as an attribute (`route = [...]`), the configuration holds the references
            // of the whole list: one of the target's type stands for this route's.
            let whole = |k: &str| {
                let kinds: &[&str] = match k {
                    "gateway_id" => &["aws_internet_gateway", "aws_vpn_gateway"],
                    "nat_gateway_id" => &["aws_nat_gateway"],
                    "vpc_peering_connection_id" => &["aws_vpc_peering_connection"],
                    _ => &["aws_ec2_transit_gateway"],
                };
                let found = side.references_to(r, "route", kinds);
                (found.len() == 1).then(|| found[0].clone())
            };
            let unknown = |k: &str| {
                // Only a target the plan leaves out is unknown; `""` is known to be unset.
                if route.get(k).is_some() {
                    return None;
                }
                side.attr(r, &format!("route/{block}/{k}")).or_else(|| whole(k))
            };
            match (dst, target(route, &unknown)) {
                (Some(d), Some(t)) => rt.routes.push((d, t)),
                _ => notes.add(format!("{}: an inline route whose destination or target is unknown or not modelled: left out", r.address)),
            }
        }
        tables.insert(id(r), (vpc, rt));
    }
    for r in of("aws_route") {
        let Some(table) = side.attr(r, "route_table_id") else { continue };
        let dst = r.values.get("destination_cidr_block").and_then(Value::as_str).and_then(|c| c.parse::<Ipv4Net>().ok());
        let t = target(&r.values, &|k| side.attr(r, k));
        match (tables.get_mut(&table), dst, t) {
            (Some((_, rt)), Some(d), Some(t)) => rt.routes.push((d, t)),
            _ => notes.add(format!("{}: its table, destination or target is unknown or not modelled: left out", r.address)),
        }
    }
    for r in of("aws_main_route_table_association") {
        if let Some((_, rt)) = side.attr(r, "route_table_id").and_then(|t| tables.get_mut(&t)) {
            rt.main = true;
        }
    }
    for (table, (vpc, rt)) in tables {
        let Some(v) = vpcs.get_mut(&vpc) else { continue };
        for a in side.resources.iter().filter(|a| a.kind == "aws_route_table_association") {
            if side.attr(a, "route_table_id").as_deref() == Some(&table)
                && let Some(s) = side.attr(a, "subnet_id")
                && let Some(sub) = v.subnets.iter_mut().find(|x| x.id == s)
            {
                sub.route_table = Some(table.clone());
            }
        }
        // A route to something the file does not hold would name nothing.
        let known = |t: &str| {
            t == "blackhole" || v.igw.as_deref() == Some(t) || v.nats.iter().any(|n| n.0 == t) || elsewhere.contains(t)
        };
        let (keep, drop): (Vec<_>, Vec<_>) = rt.routes.into_iter().partition(|(d, t)| known(t) && !v.cidrs.iter().any(|c| c.contains(d)));
        if !drop.is_empty() {
            notes.add(format!("{table}: routes to targets vpcpath does not import from Terraform yet (peering, transit gateways) or inside the VPC: left out"));
        }
        v.route_tables.push(RouteTableOut { routes: keep, ..rt });
    }
    groups(side, &mut vpcs, notes);
    endpoints(side, &mut vpcs, &vpc_of_subnet, notes);
    for r in of("aws_instance") {
        let Some(subnet) = side.attr(r, "subnet_id") else {
            notes.add(format!("{}: no subnet (an EC2-Classic or default-VPC instance): left out", r.address));
            continue;
        };
        let Some(v) = vpc_of_subnet.get(&subnet).and_then(|v| vpcs.get_mut(v)) else { continue };
        let ip = r.values.get("private_ip").and_then(Value::as_str).filter(|s| !s.is_empty());
        let Some(ip) = ip.map(str::to_string).or_else(|| {
            // Unknown until apply: the subnet's next free address stands in, chosen by vpcpath.
            let sub = v.subnets.iter().find(|s| s.id == subnet)?;
            let n = v.instances.iter().filter(|i| i.1 == subnet).count() as u32;
            Some(std::net::Ipv4Addr::from(u32::from(sub.cidr.network()) + 100 + n).to_string())
        }) else { continue };
        let groups = side.attrs(r, "vpc_security_group_ids");
        let me = id(r);
        let eip = of("aws_eip")
            .find(|e| side.attr(e, "instance").as_deref() == Some(me.as_str()))
            .map(|e| e.values.get("public_ip").and_then(Value::as_str).filter(|p| !p.is_empty()).unwrap_or("true").to_string());
        let public = r.values.get("public_ip").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string).or(eip);
        // Without a known address, whether AWS gives one at launch: the instance's
        // `associate_public_ip_address`, else its subnet's `map_public_ip_on_launch`.
        let asked = r.values.get("associate_public_ip_address").and_then(Value::as_bool).or_else(|| {
            let s = side.resources.iter().find(|s| s.kind == "aws_subnet" && side.ids.get(&s.address) == Some(&subnet))?;
            s.values.get("map_public_ip_on_launch").and_then(Value::as_bool)
        });
        let public = public.or_else(|| asked.filter(|a| *a).map(|_| {
            notes.add(format!("{}: a public address assigned at launch, not known here: vpcpath allocates one", r.address));
            "true".to_string()
        }));
        v.instances.push((id(r), subnet, ip, public, groups));
    }
    for r in &side.resources {
        if !KNOWN.contains(&r.kind.as_str()) {
            notes.add(format!("not modelled: {} (left out)", r.kind));
        }
    }
    w.vpcs = vpcs.into_values().collect();
    super::services::convert(side, w, notes);
}

/// The types read (others are counted).
const KNOWN: &[&str] = &[
    "aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_nat_gateway", "aws_route_table", "aws_route",
    "aws_route_table_association", "aws_main_route_table_association", "aws_security_group",
    "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
    "aws_network_acl", "aws_vpc_endpoint", "aws_instance", "aws_eip", "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter", "aws_ec2_transit_gateway", "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_route_table", "aws_ec2_transit_gateway_route_table_association",
    "aws_ec2_transit_gateway_route_table_propagation", "aws_ec2_transit_gateway_route",
    "aws_api_gateway_rest_api", "aws_api_gateway_stage", "aws_api_gateway_deployment",
    "aws_api_gateway_rest_api_policy", "aws_api_gateway_domain_name", "aws_api_gateway_base_path_mapping",
    "aws_apigatewayv2_api", "aws_apigatewayv2_stage", "aws_apigatewayv2_route", "aws_apigatewayv2_domain_name",
    "aws_apigatewayv2_api_mapping", "aws_route53_zone", "aws_route53_record", "aws_route53_zone_association",
    "aws_lambda_function", "aws_default_route_table", "aws_default_security_group", "aws_default_network_acl",
];

/// Security groups with their inline and separate rules, and network ACLs.
fn groups(side: &Side, vpcs: &mut BTreeMap<String, VpcOut>, notes: &mut Notes) {
    let of = |kind: &'static str| side.resources.iter().filter(move |r| r.kind == kind);
    let mut by_id: BTreeMap<String, (String, GroupOut)> = BTreeMap::new();
    // A VPC's default group once Terraform adopts it loses its rules, as a new group does.
    for r in side.resources.iter().filter(|r| matches!(r.kind.as_str(), "aws_security_group" | "aws_default_security_group")) {
        let Some(vpc) = side.attr(r, "vpc_id") else { continue };
        let id = side.ids[&r.address].clone();
        let mut g = GroupOut { id: id.clone(), ..GroupOut::default() };
        for (field, rules) in [("ingress", &mut g.ingress), ("egress", &mut g.egress)] {
            for rule in r.values.get(field).and_then(Value::as_array).into_iter().flatten() {
                rules.extend(sg_rules(rule, &strings(rule, "cidr_blocks"), &strings(rule, "security_groups")));
            }
        }
        by_id.insert(id, (vpc, g));
    }
    for r in of("aws_security_group_rule") {
        let Some((_, g)) = side.attr(r, "security_group_id").and_then(|g| by_id.get_mut(&g)) else { continue };
        let source: Vec<String> = side.attr(r, "source_security_group_id").into_iter().collect();
        let rules = sg_rules(&r.values, &strings(&r.values, "cidr_blocks"), &source);
        match r.values.get("type").and_then(Value::as_str) {
            Some("egress") => g.egress.extend(rules),
            _ => g.ingress.extend(rules),
        }
    }
    for (kind, egress) in [("aws_vpc_security_group_ingress_rule", false), ("aws_vpc_security_group_egress_rule", true)] {
        for r in of(kind) {
            let Some((_, g)) = side.attr(r, "security_group_id").and_then(|g| by_id.get_mut(&g)) else { continue };
            let cidrs: Vec<String> = r.values.get("cidr_ipv4").and_then(Value::as_str).map(str::to_string).into_iter().collect();
            let refs: Vec<String> = side.attr(r, "referenced_security_group_id").into_iter().collect();
            let rules = sg_rules(&r.values, &cidrs, &refs);
            if egress { g.egress.extend(rules) } else { g.ingress.extend(rules) }
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
                rules.retain(|r| !r.contains("security_group:") || own.iter().any(|o| r.contains(&format!("security_group: {}", q(o)))));
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
            let by_ref = side.references_to(r, "default_network_acl_id", &["aws_vpc"]).into_iter().next();
            by_ref.filter(|_| adopted)
        });
        let Some(v) = vpc.and_then(|v| vpcs.get_mut(&v)) else { continue };
        let id = side.ids[&r.address].clone();
        let mut acl = AclOut { id: id.clone(), ..AclOut::default() };
        for (field, rules) in [("ingress", &mut acl.ingress), ("egress", &mut acl.egress)] {
            let mut entries: Vec<(i64, String)> = Vec::new();
            for e in r.values.get(field).and_then(Value::as_array).into_iter().flatten() {
                let (Some(n), Some(proto), Some(c), Some(action)) = (
                    num(e, "rule_no"),
                    e.get("protocol").and_then(Value::as_str).and_then(protocol),
                    e.get("cidr_block").and_then(Value::as_str).filter(|s| !s.is_empty()),
                    e.get("action").and_then(Value::as_str),
                ) else { continue };
                let p = ports(proto, num(e, "from_port"), num(e, "to_port"));
                entries.push((n, format!("{{ rule: {n}, action: {action}, protocol: {proto}{p}, cidr: {c} }}")));
            }
            entries.sort();
            rules.extend(entries.into_iter().map(|(_, r)| r));
        }
        for s in side.attrs(r, "subnet_ids") {
            if let Some(sub) = v.subnets.iter_mut().find(|x| x.id == s) {
                sub.acl = Some(id.clone());
            }
        }
        for sub in v.subnets.iter_mut().filter(|s| adopted && s.acl.is_none()) {
            sub.acl = Some(id.clone());
        }
        v.acls.push(acl);
    }
    let _ = notes;
}

/// VPC endpoints, with Terraform's defaults: Gateway, private DNS off.
fn endpoints(side: &Side, vpcs: &mut BTreeMap<String, VpcOut>, vpc_of_subnet: &BTreeMap<String, String>, notes: &mut Notes) {
    for r in side.resources.iter().filter(|r| r.kind == "aws_vpc_endpoint") {
        let Some(vpc) = side.attr(r, "vpc_id") else { continue };
        let Some(service) = r.values.get("service_name").and_then(Value::as_str).map(str::to_string) else { continue };
        let kind = r.values.get("vpc_endpoint_type").and_then(Value::as_str).unwrap_or("Gateway");
        if !matches!(kind, "Gateway" | "Interface") || !service.starts_with("com.amazonaws.") {
            notes.add(format!("not modelled: {kind} endpoints to {service} (left out)"));
            continue;
        }
        let gateway = kind == "Gateway";
        let subnets: Vec<String> = side.attrs(r, "subnet_ids").into_iter().filter(|s| vpc_of_subnet.get(s) == Some(&vpc)).collect();
        let private_dns = !gateway && r.values.get("private_dns_enabled").and_then(Value::as_bool) == Some(true);
        let Some(v) = vpcs.get_mut(&vpc) else { continue };
        if !gateway && subnets.is_empty() {
            notes.add(format!("{}: an interface endpoint whose subnets are unknown: left out", r.address));
            continue;
        }
        let policy = r.values.get("policy").and_then(Value::as_str).and_then(|p| serde_json::from_str::<Value>(p).ok()).map(|p| p.to_string());
        let mut route_tables = side.attrs(r, "route_table_ids");
        route_tables.retain(|t| v.route_tables.iter().any(|x| &x.id == t));
        v.endpoints.push(EndpointOut {
            id: side.ids[&r.address].clone(),
            service,
            gateway,
            subnets: if gateway { Vec::new() } else { subnets },
            private_dns,
            groups: side.attrs(r, "security_group_ids"),
            route_tables: if gateway { route_tables } else { Vec::new() },
            policy,
            ..EndpointOut::default()
        });
    }
}
