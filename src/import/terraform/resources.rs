//! What each Terraform resource type becomes; every other type is counted as not modelled.

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use serde_json::Value;

use super::{Resource, Side};
use crate::import::aws::convert::{EndpointOut, Notes, SubnetOut, VpcOut, World};

/// Converts every resource of a side into the scenario's world.
pub(crate) fn convert(side: &Side, w: &mut World, notes: &mut Notes) {
    let of = |kind: &'static str| side.resources.iter().filter(move |r| r.kind == kind);
    let id = |r: &Resource| side.ids[&r.address].clone();
    let mut vpcs: BTreeMap<String, VpcOut> = BTreeMap::new();
    for r in of("aws_vpc") {
        let Some(cidr) = r
            .values
            .get("cidr_block")
            .and_then(Value::as_str)
            .and_then(|c| c.parse::<Ipv4Net>().ok())
        else {
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
                dns_support: r.values.get("enable_dns_support").and_then(Value::as_bool)
                    != Some(false),
                dns_hostnames: r
                    .values
                    .get("enable_dns_hostnames")
                    .and_then(Value::as_bool)
                    == Some(true),
                ..VpcOut::default()
            },
        );
    }
    // Secondary CIDRs, and the DNS servers of DHCP options (other than the Resolver).
    for v in vpcs.values_mut() {
        for c in side.associated(
            "aws_vpc_ipv4_cidr_block_association",
            "vpc_id",
            &v.id,
            "cidr_block",
        ) {
            if let Ok(c) = c.parse::<Ipv4Net>() {
                v.cidrs.push(c.trunc());
            }
        }
        let options = side.associated(
            "aws_vpc_dhcp_options_association",
            "vpc_id",
            &v.id,
            "dhcp_options_id",
        );
        if let Some(d) = options
            .first()
            .and_then(|o| of("aws_vpc_dhcp_options").find(|d| &id(d) == o))
        {
            v.dns_servers = side
                .attrs(d, "domain_name_servers")
                .into_iter()
                .filter(|s| s.parse::<std::net::Ipv4Addr>().is_ok())
                .collect();
        }
    }
    let vpc_ids = vpcs.keys().cloned().collect();
    let elsewhere = super::network::convert(side, w, &vpc_ids, notes);
    let mut vpc_of_subnet = BTreeMap::new();
    for r in of("aws_subnet") {
        let (Some(vpc), Some(cidr)) = (
            side.attr(r, "vpc_id"),
            r.values
                .get("cidr_block")
                .and_then(Value::as_str)
                .and_then(|c| c.parse::<Ipv4Net>().ok()),
        ) else {
            notes.add(format!(
                "{}: its VPC or CIDR is unknown: left out",
                r.address
            ));
            continue;
        };
        let Some(v) = vpcs.get_mut(&vpc) else {
            continue;
        };
        vpc_of_subnet.insert(id(r), vpc.clone());
        v.subnets.push(SubnetOut {
            id: id(r),
            cidr: cidr.trunc(),
            az: r
                .values
                .get("availability_zone")
                .and_then(Value::as_str)
                .map(str::to_string),
            ..SubnetOut::default()
        });
    }
    for r in of("aws_internet_gateway") {
        if let Some(v) = side.attr(r, "vpc_id").and_then(|v| vpcs.get_mut(&v)) {
            v.igw = Some(id(r));
        }
    }
    for r in of("aws_nat_gateway") {
        let Some(subnet) = side.attr(r, "subnet_id") else {
            continue;
        };
        let Some(v) = vpc_of_subnet.get(&subnet).and_then(|v| vpcs.get_mut(v)) else {
            continue;
        };
        let public = r.values.get("connectivity_type").and_then(Value::as_str) != Some("private");
        // Its Elastic IP's address, when the plan knows it.
        let eip = side.attr(r, "allocation_id").and_then(|a| {
            let e = of("aws_eip").find(|e| {
                side.ids[&e.address] == a
                    || e.values.get("allocation_id").and_then(Value::as_str) == Some(&a)
            })?;
            e.values
                .get("public_ip")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
        });
        let private = r
            .values
            .get("private_ip")
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        v.nats
            .push((id(r), subnet, eip.filter(|_| public), private, public));
    }
    super::routes::tables(side, &mut vpcs, &elsewhere, notes);
    super::filters::groups(side, &mut vpcs, notes);
    endpoints(side, &mut vpcs, &vpc_of_subnet, notes);
    for r in of("aws_instance") {
        let Some(subnet) = side.attr(r, "subnet_id") else {
            notes.add(format!(
                "{}: no subnet (an EC2-Classic or default-VPC instance): left out",
                r.address
            ));
            continue;
        };
        let Some(v) = vpc_of_subnet.get(&subnet).and_then(|v| vpcs.get_mut(v)) else {
            continue;
        };
        let ip = r
            .values
            .get("private_ip")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let Some(ip) = ip.map(str::to_string).or_else(|| {
            // Unknown until apply: the subnet's next free address stands in, chosen by vpcpath.
            let sub = v.subnets.iter().find(|s| s.id == subnet)?;
            let n = v.instances.iter().filter(|i| i.1 == subnet).count() as u32;
            Some(std::net::Ipv4Addr::from(u32::from(sub.cidr.network()) + 100 + n).to_string())
        }) else {
            continue;
        };
        let me = id(r);
        if r.values
            .get("private_ip")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            notes.add(format!(
                "{}: its private address is unknown until apply: {ip} stands in",
                r.address
            ));
            w.stand_ins.insert(me.clone());
        }
        let groups = side.attrs(r, "vpc_security_group_ids");
        let eip = of("aws_eip")
            .find(|e| side.attr(e, "instance").as_deref() == Some(me.as_str()))
            .map(|e| {
                e.values
                    .get("public_ip")
                    .and_then(Value::as_str)
                    .filter(|p| !p.is_empty())
                    .unwrap_or("true")
                    .to_string()
            });
        let public = r
            .values
            .get("public_ip")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .or(eip);
        // Without a known address, whether AWS gives one at launch: the instance's
        // `associate_public_ip_address`, else its subnet's `map_public_ip_on_launch`.
        let asked = r
            .values
            .get("associate_public_ip_address")
            .and_then(Value::as_bool)
            .or_else(|| {
                let s = side.resources.iter().find(|s| {
                    s.kind == "aws_subnet" && side.ids.get(&s.address) == Some(&subnet)
                })?;
                s.values
                    .get("map_public_ip_on_launch")
                    .and_then(Value::as_bool)
            });
        let public = public.or_else(|| asked.filter(|a| *a).map(|_| {
            notes.add(format!("{}: a public address assigned at launch, not known here: vpcpath allocates one", r.address));
            w.stand_ins.insert(me.clone());
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
    "aws_vpc",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl",
    "aws_vpc_endpoint",
    "aws_instance",
    "aws_eip",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_ec2_transit_gateway",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_route_table",
    "aws_ec2_transit_gateway_route_table_association",
    "aws_ec2_transit_gateway_route_table_propagation",
    "aws_ec2_transit_gateway_route",
    "aws_api_gateway_rest_api",
    "aws_api_gateway_stage",
    "aws_api_gateway_deployment",
    "aws_api_gateway_rest_api_policy",
    "aws_api_gateway_domain_name",
    "aws_api_gateway_base_path_mapping",
    "aws_apigatewayv2_api",
    "aws_apigatewayv2_stage",
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_domain_name",
    "aws_apigatewayv2_api_mapping",
    "aws_route53_zone",
    "aws_route53_record",
    "aws_route53_zone_association",
    "aws_lambda_function",
    "aws_default_route_table",
    "aws_default_security_group",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_vpc_endpoint_subnet_association",
    "aws_vpc_endpoint_route_table_association",
    "aws_vpc_endpoint_security_group_association",
    "aws_vpc_endpoint_private_dns",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_vpc_dhcp_options",
    "aws_vpc_dhcp_options_association",
];

/// VPC endpoints, with Terraform's defaults: Gateway, private DNS off.
fn endpoints(
    side: &Side,
    vpcs: &mut BTreeMap<String, VpcOut>,
    vpc_of_subnet: &BTreeMap<String, String>,
    notes: &mut Notes,
) {
    for r in side
        .resources
        .iter()
        .filter(|r| r.kind == "aws_vpc_endpoint")
    {
        let Some(vpc) = side.attr(r, "vpc_id") else {
            continue;
        };
        let Some(service) = r
            .values
            .get("service_name")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            continue;
        };
        let kind = r
            .values
            .get("vpc_endpoint_type")
            .and_then(Value::as_str)
            .unwrap_or("Gateway");
        if !matches!(kind, "Gateway" | "Interface") || !service.starts_with("com.amazonaws.") {
            notes.add(format!(
                "not modelled: {kind} endpoints to {service} (left out)"
            ));
            continue;
        }
        let gateway = kind == "Gateway";
        let me = side.ids[&r.address].clone();
        // Inline, and through the separate association resources.
        let linked = |list: &str, kind: &str, value: &str| {
            let mut all = side.attrs(r, list);
            all.extend(side.associated(kind, "vpc_endpoint_id", &me, value));
            all.sort();
            all.dedup();
            all
        };
        let subnets: Vec<String> = linked(
            "subnet_ids",
            "aws_vpc_endpoint_subnet_association",
            "subnet_id",
        )
        .into_iter()
        .filter(|s| vpc_of_subnet.get(s) == Some(&vpc))
        .collect();
        let separate_dns = side
            .resources
            .iter()
            .filter(|a| a.kind == "aws_vpc_endpoint_private_dns")
            .find(|a| side.attr(a, "vpc_endpoint_id").as_deref() == Some(me.as_str()))
            .and_then(|a| a.values.get("private_dns_enabled").and_then(Value::as_bool));
        let private_dns = !gateway
            && separate_dns
                .or_else(|| r.values.get("private_dns_enabled").and_then(Value::as_bool))
                == Some(true);
        let Some(v) = vpcs.get_mut(&vpc) else {
            continue;
        };
        if !gateway && subnets.is_empty() {
            notes.add(format!(
                "{}: an interface endpoint whose subnets are unknown: left out",
                r.address
            ));
            continue;
        }
        let policy = r
            .values
            .get("policy")
            .and_then(Value::as_str)
            .and_then(|p| serde_json::from_str::<Value>(p).ok())
            .map(|p| p.to_string());
        let mut route_tables = linked(
            "route_table_ids",
            "aws_vpc_endpoint_route_table_association",
            "route_table_id",
        );
        route_tables.retain(|t| v.route_tables.iter().any(|x| &x.id == t));
        v.endpoints.push(EndpointOut {
            id: side.ids[&r.address].clone(),
            service,
            gateway,
            subnets: if gateway { Vec::new() } else { subnets },
            private_dns,
            groups: linked(
                "security_group_ids",
                "aws_vpc_endpoint_security_group_association",
                "security_group_id",
            ),
            route_tables: if gateway { route_tables } else { Vec::new() },
            policy,
            ..EndpointOut::default()
        });
    }
}
