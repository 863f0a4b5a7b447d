//! VPCs (their secondary CIDRs and DHCP options), subnets, internet and NAT gateways, VPC
//! endpoints and instances, with Terraform's defaults.

use super::Resource;
use super::convert::*;
use crate::import::build::{NoteKind, sp};
use crate::model;

use ipnet::Ipv4Net;
use serde_json::Value;

/// VPCs, subnets, internet gateways and NAT gateways.
pub(crate) fn vpcs(tx: &mut Tx) {
    let side = tx.side;
    for r in side.of("aws_vpc") {
        let Some(cidr) = r.text("cidr_block").and_then(|c| c.parse::<Ipv4Net>().ok()) else {
            let why = match r.values.get("cidr_block") {
                None | Some(Value::Null) => "its CIDR is unknown until apply".to_string(),
                Some(v) => format!("cidr_block {v} is not an IPv4 CIDR"),
            };
            tx.note(NoteKind::LeftOut, r, why);
            continue;
        };
        let id = tx.id(r);
        let pos = tx.at(r);
        let mut cidrs = vec![sp(pos, cidr.trunc().to_string())];
        for a in side.of("aws_vpc_ipv4_cidr_block_association") {
            if side.attr(a, "vpc_id").as_deref() == Some(id.as_str())
                && let Some(c) = a.text("cidr_block").and_then(|c| c.parse::<Ipv4Net>().ok())
            {
                let p = tx.at(a);
                cidrs.push(sp(p, c.trunc().to_string()));
            }
        }
        let options = side.associated(
            "aws_vpc_dhcp_options_association",
            "vpc_id",
            &id,
            "dhcp_options_id",
        );
        let dns_servers: Vec<crate::model::Sp<String>> = options
            .first()
            .and_then(|o| side.of("aws_vpc_dhcp_options").find(|d| &tx.id(d) == o))
            .map(|d| {
                side.attrs(d, "domain_name_servers")
                    .into_iter()
                    .filter(|s| s.parse::<std::net::Ipv4Addr>().is_ok())
                    .map(|s| sp(pos, s))
                    .collect()
            })
            .unwrap_or_default();
        let dns_support = (r.flag("enable_dns_support") == Some(false)).then_some(false);
        let dns_hostnames = (r.flag("enable_dns_hostnames") == Some(true)).then_some(true);
        if let Some(&v) = tx.vpcs.get(&id) {
            // The network laid under the plan has it: the plan's attributes, its parts.
            let x = &mut tx.b.s.vpcs[v];
            x.id = sp(pos, id);
            x.cidrs = cidrs;
            x.dns_support = dns_support;
            x.dns_hostnames = dns_hostnames;
            if !dns_servers.is_empty() {
                x.dns_servers = dns_servers;
            }
            continue;
        }
        tx.vpcs.insert(id.clone(), tx.b.s.vpcs.len());
        tx.b.s.vpcs.push(model::Vpc {
            id: sp(pos, id),
            cidrs,
            dns_support,
            dns_hostnames,
            dns_servers,
            ..model::Vpc::default()
        });
    }
    for r in side.of("aws_subnet") {
        let Some(cidr) = r.text("cidr_block").and_then(|c| c.parse::<Ipv4Net>().ok()) else {
            tx.note(NoteKind::LeftOut, r, "its CIDR is unknown until apply");
            continue;
        };
        let vpc = side.attr(r, "vpc_id");
        let Some(v) = tx.vpc_for(r, vpc.as_deref()) else {
            continue;
        };
        let id = tx.id(r);
        let pos = tx.at(r);
        let mut subnet = model::Subnet {
            id: sp(pos, id.clone()),
            cidr: sp(pos, cidr.trunc().to_string()),
            az: r.text("availability_zone").map(|a| sp(pos, a.to_string())),
            ..model::Subnet::default()
        };
        match tx.subnets.get(&id) {
            // The network laid under the plan has it: its associations stay unless the
            // plan's replace them.
            Some(&(v, s)) => {
                let x = &mut tx.b.s.vpcs[v].subnets[s];
                subnet.route_table = x.route_table.take();
                subnet.network_acl = x.network_acl.take();
                *x = subnet;
            }
            None => {
                let subnets = &mut tx.b.s.vpcs[v].subnets;
                tx.subnets.insert(id, (v, subnets.len()));
                subnets.push(subnet);
            }
        }
    }
    for r in side.of("aws_internet_gateway") {
        let vpc = side.attr(r, "vpc_id");
        if let Some(v) = tx.vpc_for(r, vpc.as_deref()) {
            let pos = tx.at(r);
            let id = tx.id(r);
            tx.b.s.vpcs[v].internet_gateway = Some(sp(pos, id));
        }
    }
    for r in side.of("aws_nat_gateway") {
        nat_gateway(tx, r);
    }
}

/// A NAT gateway and its Elastic IP's address, when the plan knows it.
fn nat_gateway(tx: &mut Tx, r: &Resource) {
    let side = tx.side;
    let Some(subnet) = side.attr(r, "subnet_id") else {
        tx.note(NoteKind::LeftOut, r, "its subnet is unknown");
        return;
    };
    let Some(v) = tx.vpc_of_subnet(&subnet) else {
        tx.missing(r, "subnet", &subnet);
        return;
    };
    let public = r.text("connectivity_type") != Some("private");
    let eip_resource = side.attr(r, "allocation_id").and_then(|a| {
        side.of("aws_eip")
            .find(|e| side.ids[&e.address] == a || e.text("allocation_id") == Some(&a))
    });
    let eip = eip_resource.and_then(|e| e.text("public_ip").map(str::to_string));
    let pos = tx.at(r);
    if let Some(e) = eip_resource {
        tx.read_into(e, pos);
    }
    let eip_at = tx.at_attr(r, "allocation_id");
    let private_at = tx.at_attr(r, "private_ip");
    let nat = model::NatGateway {
        id: sp(pos, tx.id(r)),
        subnet: sp(pos, subnet),
        connectivity: (!public).then(|| sp(pos, "private".to_string())),
        elastic_ip: eip.filter(|_| public).map(|e| sp(eip_at, e)),
        private_ip: r.text("private_ip").map(|p| sp(private_at, p.to_string())),
    };
    tx.b.s.vpcs[v].nat_gateways.push(nat);
}

/// VPC endpoints, with Terraform's defaults: Gateway, private DNS off. Their subnets, groups
/// and route tables are the inline lists' and the association resources', each once.
pub(crate) fn endpoints(tx: &mut Tx) {
    let side = tx.side;
    for r in side.of("aws_vpc_endpoint") {
        let vpc = side.attr(r, "vpc_id");
        let Some(service) = r.text("service_name").map(str::to_string) else {
            tx.note(NoteKind::LeftOut, r, "its service is unknown");
            continue;
        };
        let kind = r.text("vpc_endpoint_type").unwrap_or("Gateway");
        if !matches!(kind, "Gateway" | "Interface") || !service.starts_with("com.amazonaws.") {
            tx.note(
                NoteKind::NotModelled,
                r,
                format!("{kind} endpoints to {service} (left out)"),
            );
            continue;
        }
        let Some(v) = tx.vpc_for(r, vpc.as_deref()) else {
            continue;
        };
        let gateway = kind == "Gateway";
        let me = tx.id(r);
        let managed = tx.managed;
        // Inline (the refreshed copies of association resources left out), then the
        // association resources of this side.
        let linked = |list: &str, assoc: &str, value: &str, key: &str| {
            let mut all: Vec<String> = side
                .attrs(r, list)
                .into_iter()
                .filter(|x| !managed.has(&format!("endpoint {me} {key} {x}")))
                .collect();
            all.extend(side.associated(assoc, "vpc_endpoint_id", &me, value));
            all.sort();
            all.dedup();
            all
        };
        let subnets = linked(
            "subnet_ids",
            "aws_vpc_endpoint_subnet_association",
            "subnet_id",
            "subnet",
        );
        let groups = linked(
            "security_group_ids",
            "aws_vpc_endpoint_security_group_association",
            "security_group_id",
            "group",
        );
        let tables = linked(
            "route_table_ids",
            "aws_vpc_endpoint_route_table_association",
            "route_table_id",
            "table",
        );
        let separate_dns = side
            .of("aws_vpc_endpoint_private_dns")
            .find(|a| side.attr(a, "vpc_endpoint_id").as_deref() == Some(me.as_str()))
            .and_then(|a| a.flag("private_dns_enabled"));
        let private_dns =
            !gateway && separate_dns.or_else(|| r.flag("private_dns_enabled")) == Some(true);
        if !gateway && subnets.is_empty() {
            tx.note(
                NoteKind::LeftOut,
                r,
                "an interface endpoint whose subnets are unknown",
            );
            continue;
        }
        // The policy: an `aws_vpc_endpoint_policy` of this side sets it; one the plan
        // destroys resets it to the default (full access), whatever the endpoint's refreshed
        // `policy` still says; else the endpoint's own.
        let separate = side
            .of("aws_vpc_endpoint_policy")
            .find(|a| side.attr(a, "vpc_endpoint_id").as_deref() == Some(me.as_str()));
        let (policy, policy_at) = match separate {
            Some(a) => {
                let text = a.text("policy");
                if text.is_none() {
                    tx.note(
                        NoteKind::Assumed,
                        a,
                        "its policy is unknown until apply: the endpoint's default policy (full access) stands in",
                    );
                }
                let at = tx.at_attr(a, "policy");
                (super::options::policy_json(tx, a, text), at)
            }
            None if managed.has(&format!("endpoint {me} policy")) => (None, tx.at(r)),
            None => (
                super::options::policy_json(tx, r, r.text("policy")),
                tx.at_attr(r, "policy"),
            ),
        };
        let pos = tx.at(r);
        let ep = model::Endpoint {
            id: sp(pos, me),
            service: sp(pos, service),
            kind: gateway.then(|| sp(pos, "gateway".to_string())),
            subnets: if gateway {
                Vec::new()
            } else {
                tx.each(r, "subnet_ids", subnets)
            },
            private_dns: (!gateway).then(|| sp(pos, private_dns)),
            // dns_options.private_dns_only_for_inbound_resolver_endpoint (F7.10).
            private_dns_only_for_inbound_resolver_endpoint: r
                .values
                .pointer("/dns_options/0/private_dns_only_for_inbound_resolver_endpoint")
                .and_then(Value::as_bool)
                .filter(|_| private_dns)
                .map(|b| sp(tx.at_attr(r, "dns_options"), b)),
            security_groups: if gateway {
                Vec::new()
            } else {
                tx.each(r, "security_group_ids", groups)
            },
            route_tables: if gateway {
                tx.each(r, "route_table_ids", tables)
            } else {
                Vec::new()
            },
            policy: policy.map(|p| sp(policy_at, p)),
            ..model::Endpoint::default()
        };
        tx.b.s.vpcs[v].endpoints.push(ep);
    }
}

/// Instances: their subnet, private address (a stand-in where unknown until apply), public
/// address and groups.
pub(crate) fn instances(tx: &mut Tx) {
    let side = tx.side;
    for r in side.of("aws_instance") {
        let Some(subnet) = side.attr(r, "subnet_id") else {
            tx.note(
                NoteKind::LeftOut,
                r,
                "no subnet (an EC2-Classic or default-VPC instance)",
            );
            continue;
        };
        let Some(v) = tx.vpc_of_subnet(&subnet) else {
            tx.missing(r, "subnet", &subnet);
            continue;
        };
        let me = tx.id(r);
        let known = r.text("private_ip").map(str::to_string);
        let ip = match known {
            Some(ip) => ip,
            None => {
                // Unknown until apply: the subnet's next free address from .100 stands in.
                let Some(cidr) = tx.subnet_cidr(&subnet) else {
                    continue;
                };
                // The next free address from .100: past the instances' stand-ins and the
                // addresses written on network interfaces (F6.75).
                let mut taken = super::interfaces::written_addresses(side);
                taken.extend(
                    tx.b.s.vpcs[v]
                        .instances
                        .iter()
                        .filter_map(|i| i.private_ip.as_ref().map(|p| p.value.clone())),
                );
                let ip = (u32::from(cidr.network()) + 100..)
                    .map(|a| std::net::Ipv4Addr::from(a).to_string())
                    .find(|a| !taken.contains(a))
                    .unwrap_or_default();
                tx.note(
                    NoteKind::Assumed,
                    r,
                    format!("its private address is unknown until apply: {ip} stands in"),
                );
                tx.b.stand_ins.insert(me.clone());
                ip
            }
        };
        let groups = side.attrs(r, "vpc_security_group_ids");
        let eip_resource = side
            .of("aws_eip")
            .find(|e| side.attr(e, "instance").as_deref() == Some(me.as_str()));
        let eip = eip_resource.map(|e| e.text("public_ip").map(str::to_string));
        // An Elastic IP given to it, or a public address AWS gives at launch (the instance's
        // `associate_public_ip_address`, else its subnet's `map_public_ip_on_launch`).
        let known = r
            .text("public_ip")
            .map(str::to_string)
            .or(eip.clone().flatten());
        let at_launch = || {
            r.flag("associate_public_ip_address").or_else(|| {
                side.of("aws_subnet")
                    .find(|s| side.ids.get(&s.address) == Some(&subnet))?
                    .flag("map_public_ip_on_launch")
            }) == Some(true)
        };
        let public = match known {
            Some(p) => Some(model::PublicIp::Address(p)),
            None if eip.is_some() || at_launch() => Some(model::PublicIp::Auto(true)),
            None => None,
        };
        if matches!(public, Some(model::PublicIp::Auto(true))) {
            tx.note(
                NoteKind::Assumed,
                r,
                "a public address assigned at launch, not known here: vpcpath allocates one",
            );
            tx.b.stand_ins.insert(me.clone());
        }
        let pos = tx.at(r);
        let public_at = tx.at_attr(r, "public_ip");
        if let Some(e) = eip_resource {
            tx.read_into(e, public_at);
        }
        let instance = model::Instance {
            id: sp(pos, me),
            subnet: sp(pos, subnet),
            private_ip: Some(sp(pos, ip)),
            public_ip: public.map(|p| sp(public_at, p)),
            security_groups: tx.each(r, "vpc_security_group_ids", groups),
            source_dest_check: r.flag("source_dest_check").filter(|on| !on),
            metadata_options: super::options::metadata_options(r, pos),
            ..model::Instance::default()
        };
        tx.b.s.vpcs[v].instances.push(instance);
    }
}
