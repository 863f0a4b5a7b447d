//! VPCs, subnets, internet and NAT gateways, and endpoints.

use super::*;

/// VPCs, subnets, internet gateways, NAT gateways and endpoints.
pub(super) fn vpcs(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    // Each DHCP options set's DNS servers other than the Resolver.
    let mut servers: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for d in dump.items("DhcpOptions") {
        let list = d
            .list("DhcpConfigurations")?
            .iter()
            .filter(|c| c.get("Key").and_then(Value::as_str) == Some("domain-name-servers"))
            .flat_map(|c| {
                c.get("Values")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(|v| v.get("Value").and_then(Value::as_str))
            .filter(|v| *v != "AmazonProvidedDNS")
            .filter(|v| v.parse::<std::net::Ipv4Addr>().is_ok())
            .map(str::to_string)
            .collect();
        servers.insert(d.s("DhcpOptionsId")?, list);
    }
    let mut by_id: BTreeMap<String, VpcOut> = BTreeMap::new();
    for item in dump.items("Vpcs") {
        let id = item.s("VpcId")?.to_string();
        let mut cidrs = Vec::new();
        for (i, a) in item.list("CidrBlockAssociationSet")?.iter().enumerate() {
            let a = item.child(&format!("CidrBlockAssociationSet[{i}]"), a);
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
        // The owner's id, else the folder's, if either is an account id (12 digits).
        let is_account = |a: &&str| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit());
        let account = match (
            item.os("OwnerId")?.filter(is_account),
            item.account.as_deref().filter(is_account),
        ) {
            (Some(a), _) | (None, Some(a)) => a.to_string(),
            (None, None) => {
                if let Some(a) = &item.account {
                    notes.add(format!("`{a}` (a folder under accounts/) is not an account id: the dump's own account is used"));
                }
                String::new()
            }
        };
        by_id.insert(
            id.clone(),
            VpcOut {
                id,
                region: item.region.clone().unwrap_or_default(),
                account,
                cidrs,
                dns_hostnames: item.flag("IsDefault")?,
                dns_support: true,
                dns_servers: item
                    .os("DhcpOptionsId")?
                    .and_then(|d| servers.get(d))
                    .cloned()
                    .unwrap_or_default(),
                ..VpcOut::default()
            },
        );
    }
    // The collector's VpcAttributes.json holds describe-vpc-attribute's answers; without it,
    // AWS's defaults.
    let mut unknown = by_id.len();
    for item in dump.items("VpcAttributes") {
        let Some(v) = by_id.get_mut(item.s("VpcId")?) else {
            continue;
        };
        let value = |k: &str| {
            item.value
                .pointer(&format!("/{k}/Value"))
                .and_then(Value::as_bool)
        };
        if let Some(h) = value("EnableDnsHostnames") {
            v.dns_hostnames = h;
            unknown -= 1;
        }
        if value("EnableDnsSupport") == Some(false) {
            v.dns_support = false;
        }
    }
    if unknown > 0 {
        notes.add("DNS attributes are not in describe-vpcs: assumed AWS's defaults (enableDnsSupport on; enableDnsHostnames on for a default VPC only, or where an endpoint has private DNS) — collect describe-vpc-attribute to know");
    }
    for item in dump.items("Subnets") {
        let vpc = item.s("VpcId")?;
        let Some(v) = by_id.get_mut(vpc) else {
            notes.add(format!(
                "a subnet of a VPC not in the dump was left out ({})",
                item.s("SubnetId")?
            ));
            continue;
        };
        let az = item.os("AvailabilityZone")?.map(str::to_string);
        let block = cidr(item, "CidrBlock", item.s("CidrBlock")?)?;
        if !v.cidrs.iter().any(|c| c.contains(&block)) {
            notes.add(format!(
                "subnet {} ({block}) is not inside its VPC's CIDRs, as AWS would never have it: left out with what is in it",
                item.s("SubnetId")?
            ));
            continue;
        }
        if v.region.is_empty()
            && let Some(r) = az.as_deref().and_then(region_of_az)
        {
            v.region = r;
        }
        v.subnets.push(SubnetOut {
            id: item.s("SubnetId")?.to_string(),
            cidr: block,
            az,
            ..SubnetOut::default()
        });
    }
    for item in dump.items("InternetGateways") {
        for a in item.list("Attachments")? {
            let state = a.get("State").and_then(Value::as_str);
            let vpc = a.get("VpcId").and_then(Value::as_str);
            if let (Some("available" | "attached"), Some(vpc)) = (state, vpc)
                && let Some(v) = by_id.get_mut(vpc)
            {
                v.igw = Some(item.s("InternetGatewayId")?.to_string());
            }
        }
    }
    for item in dump.items("NatGateways") {
        if item.os("State")?.is_some_and(|s| s != "available") {
            notes.add("a NAT gateway not available was left out");
            continue;
        }
        let Some(v) = by_id.get_mut(item.s("VpcId")?) else {
            continue;
        };
        if !v
            .subnets
            .iter()
            .any(|s| s.id == item.s("SubnetId").unwrap_or(""))
        {
            notes.add("a NAT gateway in a subnet not in the dump was left out");
            continue;
        }
        let address = item.list("NatGatewayAddresses")?.first();
        let field = |k: &str| {
            address
                .and_then(|a| a.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let public = item.os("ConnectivityType")?.is_none_or(|c| c == "public");
        v.nats.push((
            item.s("NatGatewayId")?.to_string(),
            item.s("SubnetId")?.to_string(),
            if public { field("PublicIp") } else { None },
            field("PrivateIp"),
            public,
        ));
    }
    let eni_address: BTreeMap<&str, &str> = dump
        .items("NetworkInterfaces")
        .iter()
        .filter_map(|i| {
            Some((
                i.value.get("NetworkInterfaceId")?.as_str()?,
                i.value.get("PrivateIpAddress")?.as_str()?,
            ))
        })
        .collect();
    for item in dump.items("VpcEndpoints") {
        endpoint(item, &eni_address, &mut by_id, notes)?;
    }
    for v in by_id.values_mut() {
        if v.region.is_empty() {
            v.region = "us-east-1".into();
            notes.add(format!(
                "no Region for {} in the dump: assumed us-east-1",
                v.id
            ));
        }
    }
    w.vpcs = by_id.into_values().collect();
    Ok(())
}

/// One VPC endpoint.
fn endpoint(
    item: &Item,
    eni_address: &BTreeMap<&str, &str>,
    by_id: &mut BTreeMap<String, VpcOut>,
    notes: &mut Notes,
) -> Result<(), ImportError> {
    let id = item.s("VpcEndpointId")?.to_string();
    if item
        .os("State")?
        .is_some_and(|s| !s.eq_ignore_ascii_case("available"))
    {
        notes.add("a VPC endpoint not available was left out");
        return Ok(());
    }
    let service = item.s("ServiceName")?.to_string();
    let kind = item.os("VpcEndpointType")?.unwrap_or("Interface");
    if !matches!(kind, "Interface" | "Gateway")
        || !service.starts_with("com.amazonaws.")
        || service.starts_with("com.amazonaws.vpce.")
    {
        notes.add(format!(
            "not modelled: {kind} endpoints to services other than AWS's own ({id}: {service}; left out)"
        ));
        return Ok(());
    }
    let Some(v) = by_id.get_mut(item.s("VpcId")?) else {
        return Ok(());
    };
    let strings = |field: &str| -> Result<Vec<String>, ImportError> {
        item.list(field)?
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| item.bad(field, "expected a list of strings"))
            })
            .collect()
    };
    let gateway = kind == "Gateway";
    let subnets: Vec<String> = strings("SubnetIds")?
        .into_iter()
        .filter(|s| v.subnets.iter().any(|x| x.id == *s))
        .collect();
    if !gateway && subnets.is_empty() {
        notes.add(format!(
            "interface endpoint {id} has no subnet in the dump: left out"
        ));
        return Ok(());
    }
    let mut addresses: Vec<String> = strings("NetworkInterfaceIds")?
        .iter()
        .filter_map(|e| eni_address.get(e.as_str()).map(|a| a.to_string()))
        .collect();
    // Kept when each is in its subnet, in the subnets' order; else allocated.
    let inside = addresses.len() == subnets.len()
        && addresses.iter().zip(&subnets).all(|(a, s)| {
            let cidr = v.subnets.iter().find(|x| &x.id == s).map(|x| x.cidr);
            a.parse::<std::net::Ipv4Addr>()
                .is_ok_and(|a| cidr.is_some_and(|c| c.contains(&a)))
        });
    if !inside && !addresses.is_empty() {
        notes.add(format!(
            "{id}: its network interfaces' addresses do not match its subnets: allocated instead"
        ));
        addresses.clear();
    }
    let groups = item
        .list("Groups")?
        .iter()
        .filter_map(|g| g.get("GroupId").and_then(Value::as_str).map(str::to_string))
        .collect();
    // Its own names: `vpce-<id>-<suffix>[-<az>].<service>.<region>.vpce.amazonaws.com`
    // (the service's names are its private DNS, not its own).
    let own = format!("{}-", id.to_ascii_lowercase());
    let mut dns_names = Vec::new();
    for n in item
        .list("DnsEntries")?
        .iter()
        .filter_map(|d| d.get("DnsName").and_then(Value::as_str))
        .filter(|n| n.starts_with("vpce-"))
    {
        if n.to_ascii_lowercase().starts_with(&own) && n.ends_with(".vpce.amazonaws.com") {
            dns_names.push(n.to_string());
        } else {
            notes.add(format!(
                "{id}: DNS entry {n} is not one of its own names as AWS writes them: left out"
            ));
        }
    }
    let policy = match item.os("PolicyDocument")? {
        None => None,
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(doc) => Some(doc.to_string()),
            Err(_) => {
                notes.add(format!(
                    "{id}'s policy document is not JSON: left out (full access assumed)"
                ));
                None
            }
        },
    };
    let private_dns = !gateway && item.flag("PrivateDnsEnabled")?;
    if private_dns && !v.dns_hostnames {
        // AWS turns private DNS on only in a VPC with both DNS attributes on.
        v.dns_hostnames = true;
    }
    v.endpoints.push(EndpointOut {
        id,
        service,
        gateway,
        // Addresses are written only when every interface's is known, in subnet order.
        addresses: if addresses.len() == subnets.len() {
            addresses
        } else {
            Vec::new()
        },
        subnets: if gateway { Vec::new() } else { subnets },
        private_dns,
        groups,
        route_tables: if gateway {
            strings("RouteTableIds")?
        } else {
            Vec::new()
        },
        dns_names,
        policy,
    });
    Ok(())
}
