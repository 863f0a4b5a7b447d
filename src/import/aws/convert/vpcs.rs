//! VPCs, subnets, internet and NAT gateways, and endpoints.

use super::*;

/// VPCs, subnets, internet gateways, NAT gateways and endpoints.
pub(super) fn vpcs(cx: &mut Cx) -> Result<(), ImportError> {
    // Each DHCP options set's DNS servers other than the Resolver.
    let mut servers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    cx.each("DhcpOptions", "DhcpOptionsId", |_, d| {
        let mut list = Vec::new();
        for c in d.children("DhcpConfigurations")? {
            if c.os("Key")? != Some("domain-name-servers") {
                continue;
            }
            for v in c.children("Values")? {
                if let Some(v) = v.os("Value")?
                    && v != "AmazonProvidedDNS"
                    && v.parse::<std::net::Ipv4Addr>().is_ok()
                {
                    list.push(v.to_string());
                }
            }
        }
        servers.insert(d.s("DhcpOptionsId")?.to_string(), list);
        Ok(())
    })?;
    cx.each("Vpcs", "VpcId", |cx, item| vpc(cx, item, &servers))?;
    // The collector's VpcAttributes.json holds describe-vpc-attribute's answers; without it,
    // AWS's defaults.
    let mut unknown: BTreeSet<String> = cx.vpcs.keys().cloned().collect();
    cx.each("VpcAttributes", "VpcId", |cx, item| {
        let id = item.s("VpcId")?.to_string();
        let value = |k: &str| {
            item.value
                .pointer(&format!("/{k}/Value"))
                .and_then(Value::as_bool)
        };
        let (hostnames, support) = (value("EnableDnsHostnames"), value("EnableDnsSupport"));
        let Some(v) = cx.vpc(&id) else {
            return Ok(());
        };
        if let Some(h) = hostnames {
            v.dns_hostnames = h.then_some(true);
            unknown.remove(&id);
        }
        if support == Some(false) {
            v.dns_support = Some(false);
        }
        Ok(())
    })?;
    if !unknown.is_empty() {
        cx.b.notes.add(NoteKind::Assumed, "DNS attributes are not in describe-vpcs: AWS's defaults (enableDnsSupport on; enableDnsHostnames on for a default VPC only, or where an endpoint has private DNS) — collect describe-vpc-attribute to know");
    }
    let mut regions: BTreeMap<String, String> = BTreeMap::new();
    cx.each("Subnets", "SubnetId", |cx, item| {
        let id = item.s("SubnetId")?.to_string();
        let vpc = item.s("VpcId")?.to_string();
        let az = item.os("AvailabilityZone")?.map(str::to_string);
        let block = cidr(item, "CidrBlock", item.s("CidrBlock")?)?;
        let Some(&v) = cx.vpcs.get(&vpc) else {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a subnet of a VPC not in the dump",
            );
            return Ok(());
        };
        if let Some(r) = az.as_deref().and_then(region_of_az) {
            regions.entry(vpc).or_insert(r);
        }
        let pos = cx.at(&id, item);
        let subnets = &mut cx.b.s.vpcs[v].subnets;
        cx.subnets.insert(id.clone(), (v, subnets.len()));
        subnets.push(model::Subnet {
            id: sp(pos, id),
            cidr: sp(pos, block),
            az: az.map(|a| sp(pos, a)),
            ..model::Subnet::default()
        });
        Ok(())
    })?;
    for v in &mut cx.b.s.vpcs {
        if v.region.is_none() {
            let r = regions.get(&v.id.value).cloned().unwrap_or_else(|| {
                cx.b.notes.about(
                    NoteKind::Assumed,
                    v.id.value.clone(),
                    None,
                    "no Region for a VPC in the dump: us-east-1",
                );
                "us-east-1".into()
            });
            v.region = Some(sp(v.id.pos, r));
        }
    }
    cx.each("InternetGateways", "InternetGatewayId", |cx, item| {
        let id = item.s("InternetGatewayId")?.to_string();
        let mut attached = false;
        for a in item.children("Attachments")? {
            if matches!(a.os("State")?, Some("available" | "attached"))
                && let Some(vpc) = a.os("VpcId")?
                && cx.vpcs.contains_key(vpc)
            {
                let pos = cx.at(&id, item);
                if let Some(v) = cx.vpc(vpc) {
                    v.internet_gateway = Some(sp(pos, id.clone()));
                    attached = true;
                }
            }
        }
        if !attached {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "an internet gateway attached to no VPC of the dump",
            );
        }
        Ok(())
    })?;
    cx.each("NatGateways", "NatGatewayId", nat_gateway)?;
    let eni_address: BTreeMap<String, String> = cx
        .dump
        .items("NetworkInterfaces")
        .iter()
        .filter_map(|i| {
            Some((
                i.value.get("NetworkInterfaceId")?.as_str()?.to_string(),
                i.value.get("PrivateIpAddress")?.as_str()?.to_string(),
            ))
        })
        .collect();
    cx.each("VpcEndpoints", "VpcEndpointId", |cx, item| {
        endpoint(cx, item, &eni_address)
    })
}

/// One VPC: its CIDRs, its owner and Region, its DNS settings.
fn vpc(cx: &mut Cx, item: &Item, servers: &BTreeMap<String, Vec<String>>) -> Result<(), Bad> {
    let id = item.s("VpcId")?.to_string();
    let mut cidrs = Vec::new();
    for a in item.children("CidrBlockAssociationSet")? {
        let state = a
            .value
            .pointer("/CidrBlockState/State")
            .and_then(Value::as_str);
        if state.is_none_or(|s| s == "associated") {
            cidrs.push(cidr(&a, "CidrBlock", a.s("CidrBlock")?)?);
        }
    }
    if cidrs.is_empty() {
        cidrs.push(cidr(item, "CidrBlock", item.s("CidrBlock")?)?);
    }
    if let Some(a) = &item.account
        && item.owner("").as_deref() != Some(a.as_str())
        && !(a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
    {
        cx.b.notes.add(
            NoteKind::Assumed,
            format!("`{a}` (a folder under accounts/) is not an account id: the resources' own owner is used"),
        );
    }
    let pos = cx.at(&id, item);
    let dns_servers = match item.os("DhcpOptionsId")? {
        Some(d) => servers.get(d).cloned().unwrap_or_default(),
        None => Vec::new(),
    };
    cx.vpcs.insert(id.clone(), cx.b.s.vpcs.len());
    cx.b.s.vpcs.push(model::Vpc {
        id: sp(pos, id),
        region: item.region_of("").map(|r| sp(pos, r)),
        account: item.owner("").map(|a| sp(pos, a)),
        cidrs: cidrs.into_iter().map(|c| sp(pos, c)).collect(),
        dns_hostnames: item.flag("IsDefault")?.then_some(true),
        dns_servers: dns_servers.into_iter().map(|s| sp(pos, s)).collect(),
        ..model::Vpc::default()
    });
    Ok(())
}

/// One NAT gateway, with its addresses (each left out alone if validation refuses it: vpcpath
/// then allocates one).
fn nat_gateway(cx: &mut Cx, item: &Item) -> Result<(), Bad> {
    let id = item.s("NatGatewayId")?.to_string();
    if let Some(state) = item.os("State")?.filter(|s| *s != "available") {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(item.place()),
            format!("a NAT gateway not available ({state})"),
        );
        return Ok(());
    }
    let (vpc, subnet) = (
        item.s("VpcId")?.to_string(),
        item.s("SubnetId")?.to_string(),
    );
    if !cx.vpcs.contains_key(&vpc) {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(item.place()),
            "a NAT gateway of a VPC not in the dump",
        );
        return Ok(());
    }
    let addresses = item.children("NatGatewayAddresses")?;
    let (public_ip, private_ip) = match addresses.first() {
        Some(a) => (a.os("PublicIp")?, a.os("PrivateIp")?),
        None => (None, None),
    };
    let public = item.os("ConnectivityType")?.is_none_or(|c| c == "public");
    let pos = cx.at(&id, item);
    let eip_at = cx.at_field(&id, item, "NatGatewayAddresses[0].PublicIp");
    let private_at = cx.at_field(&id, item, "NatGatewayAddresses[0].PrivateIp");
    let nat = model::NatGateway {
        id: sp(pos, id),
        subnet: sp(pos, subnet),
        connectivity: (!public).then(|| sp(pos, "private".to_string())),
        elastic_ip: public_ip
            .filter(|_| public)
            .map(|p| sp(eip_at, p.to_string())),
        private_ip: private_ip.map(|p| sp(private_at, p.to_string())),
    };
    if let Some(v) = cx.vpc(&vpc) {
        v.nat_gateways.push(nat);
    }
    Ok(())
}

/// One VPC endpoint.
fn endpoint(cx: &mut Cx, item: &Item, eni_address: &BTreeMap<String, String>) -> Result<(), Bad> {
    let id = item.s("VpcEndpointId")?.to_string();
    if let Some(state) = item
        .os("State")?
        .filter(|s| !s.eq_ignore_ascii_case("available"))
    {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(item.place()),
            format!("a VPC endpoint not available ({state})"),
        );
        return Ok(());
    }
    let service = item.s("ServiceName")?.to_string();
    let kind = item.os("VpcEndpointType")?.unwrap_or("Interface");
    if !matches!(kind, "Interface" | "Gateway")
        || !service.starts_with("com.amazonaws.")
        || service.starts_with("com.amazonaws.vpce.")
    {
        cx.b.notes.about(
            NoteKind::NotModelled,
            id,
            Some(item.place()),
            format!("{kind} endpoints to services other than AWS's own (left out)"),
        );
        return Ok(());
    }
    let vpc = item.s("VpcId")?.to_string();
    if !cx.vpcs.contains_key(&vpc) {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(item.place()),
            "a VPC endpoint of a VPC not in the dump",
        );
        return Ok(());
    }
    let gateway = kind == "Gateway";
    let subnets = item.strings("SubnetIds")?;
    // Its interfaces' addresses, in the order of its subnets: each interface's subnet is the
    // one whose CIDR holds its address.
    let mut addresses = Vec::new();
    for eni in item.strings("NetworkInterfaceIds")? {
        if let Some(a) = eni_address.get(&eni) {
            addresses.push(a.clone());
        }
    }
    let ordered: Option<Vec<String>> = subnets
        .iter()
        .map(|s| {
            let c = cx.subnet_cidr(s)?;
            addresses
                .iter()
                .find(|a| {
                    a.parse::<std::net::Ipv4Addr>()
                        .is_ok_and(|ip| c.contains(&ip))
                })
                .cloned()
        })
        .collect();
    let groups = super::ids_in(item.list("Groups")?, "GroupId");
    // Its own names: `vpce-<id>-<suffix>[-<az>].<service>.<region>.vpce.amazonaws.com` (the
    // service's names are its private DNS, not its own).
    let own = format!("{}-", id.to_ascii_lowercase());
    let mut dns_names = Vec::new();
    for d in item.children("DnsEntries")? {
        let Some(n) = d.os("DnsName")?.filter(|n| n.starts_with("vpce-")) else {
            continue;
        };
        if n.to_ascii_lowercase().starts_with(&own) && n.ends_with(".vpce.amazonaws.com") {
            dns_names.push(n.to_string());
        } else {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id.clone(),
                Some(d.place()),
                format!("a DNS entry that is not one of the endpoint's own names as AWS writes them ({n})"),
            );
        }
    }
    let policy = match item.os("PolicyDocument")? {
        None => None,
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(doc) => Some(doc),
            Err(_) => {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    id.clone(),
                    Some(item.place()),
                    "an endpoint policy document that is not JSON (full access assumed)",
                );
                None
            }
        },
    };
    let private_dns = !gateway && item.flag("PrivateDnsEnabled")?;
    // DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint, as AWS reports it (F7.10).
    let inbound_only = item
        .value
        .pointer("/DnsOptions/PrivateDnsOnlyForInboundResolverEndpoint")
        .and_then(Value::as_bool)
        .filter(|_| private_dns);
    let route_tables = if gateway {
        item.strings("RouteTableIds")?
    } else {
        Vec::new()
    };
    let pos = cx.at(&id, item);
    let addresses_at = cx.at_field(&id, item, "NetworkInterfaceIds");
    let names_at = cx.at_field(&id, item, "DnsEntries");
    let policy_at = cx.at_field(&id, item, "PolicyDocument");
    let each = |list: Vec<String>, cx: &mut Cx, field: &str| -> Vec<Sp<String>> {
        list.into_iter()
            .enumerate()
            .map(|(i, x)| {
                let p = cx.at_field(&id, item, &format!("{field}[{i}]"));
                sp(p, x)
            })
            .collect()
    };
    let subnets = if gateway {
        Vec::new()
    } else {
        each(subnets, cx, "SubnetIds")
    };
    let security_groups = if gateway {
        Vec::new()
    } else {
        each(groups, cx, "Groups")
    };
    let route_tables = each(route_tables, cx, "RouteTableIds");
    let ep = model::Endpoint {
        id: sp(pos, id.clone()),
        service: sp(pos, service),
        kind: gateway.then(|| sp(pos, "gateway".to_string())),
        subnets,
        private_dns: (!gateway).then(|| sp(pos, private_dns)),
        private_dns_only_for_inbound_resolver_endpoint: inbound_only.map(|b| sp(pos, b)),
        addresses: match ordered {
            Some(a) if !gateway && !a.is_empty() => {
                a.into_iter().map(|x| sp(addresses_at, x)).collect()
            }
            _ => Vec::new(),
        },
        dns_names: dns_names.into_iter().map(|n| sp(names_at, n)).collect(),
        security_groups,
        route_tables,
        policy: policy.map(|p| sp(policy_at, p)),
    };
    if !gateway && ep.addresses.is_empty() && !item.list("NetworkInterfaceIds")?.is_empty() {
        cx.b.notes.about(
            NoteKind::Assumed,
            id,
            Some(item.place()),
            "an endpoint whose network interfaces' addresses are not in the dump, or not one in each of its subnets: allocated",
        );
    }
    let Some(v) = cx.vpc(&vpc) else {
        return Ok(());
    };
    if private_dns && v.dns_hostnames != Some(true) {
        // AWS turns private DNS on only in a VPC with both DNS attributes on.
        v.dns_hostnames = Some(true);
    }
    v.endpoints.push(ep);
    Ok(())
}
