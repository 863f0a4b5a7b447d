//! Peerings, route tables and instances: what needs every target and subnet first.

use super::*;

/// Active peering connections between VPCs of the dump (each once, however many accounts'
/// dumps list it).
pub(super) fn peerings(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let known: BTreeSet<&str> = w.vpcs.iter().map(|v| v.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    for item in dump.items("VpcPeeringConnections") {
        let id = item.s("VpcPeeringConnectionId")?.to_string();
        let code = item.value.pointer("/Status/Code").and_then(Value::as_str);
        if code != Some("active") || !seen.insert(id.clone()) {
            continue;
        }
        let side = |k: &str| {
            item.value
                .pointer(&format!("/{k}/VpcId"))
                .and_then(Value::as_str)
        };
        let (Some(r), Some(a)) = (side("RequesterVpcInfo"), side("AccepterVpcInfo")) else {
            return Err(item.bad(
                "RequesterVpcInfo",
                "expected the requester's and the accepter's VpcId",
            ));
        };
        if known.contains(r) && known.contains(a) {
            w.peerings.push((id, r.to_string(), a.to_string()));
        } else {
            notes.add(format!(
                "peering {id} joins a VPC not in the dump: left out"
            ));
        }
    }
    Ok(())
}

/// Route tables, their associations and routes, once every target's kind is known.
pub(super) fn routes(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let peerings: BTreeSet<String> = w.peerings.iter().map(|p| p.0.clone()).collect();
    let tgws: BTreeMap<String, BTreeSet<String>> = w
        .tgws
        .iter()
        .map(|t| (t.id.clone(), t.attached_vpcs()))
        .collect();
    let vpc_ix = w.vpc_index();
    let subnet_ix = w.subnet_index();
    for item in dump.items("RouteTables") {
        let vpc = item.value["VpcId"].as_str().unwrap_or("");
        let Some(v) = vpc_ix.get(vpc).map(|&i| &mut w.vpcs[i]) else {
            continue;
        };
        let id = item.s("RouteTableId")?.to_string();
        let mut rt = RouteTableOut {
            id: id.clone(),
            propagation: !item.list("PropagatingVgws")?.is_empty() && v.vgw.is_some(),
            ..RouteTableOut::default()
        };
        for a in item.list("Associations")? {
            if a.get("Main").and_then(Value::as_bool) == Some(true) {
                rt.main = true;
            }
            if let Some(s) = a.get("SubnetId").and_then(Value::as_str)
                && let Some(&(sv, si)) = subnet_ix.get(s)
                && sv == vpc_ix[vpc]
            {
                v.subnets[si].route_table = Some(id.clone());
            }
        }
        for (i, r) in item.list("Routes")?.iter().enumerate() {
            let r = item.child(&format!("Routes[{i}]"), r);
            let Some(dst) = r.os("DestinationCidrBlock")? else {
                if r.os("DestinationIpv6CidrBlock")?.is_some() {
                    notes.add("not modelled: IPv6 routes (left out)");
                }
                // Prefix-list routes are the gateway endpoints' own, written by their tables.
                continue;
            };
            let dst = cidr(&r, "DestinationCidrBlock", dst)?;
            let origin = r.os("Origin")?.unwrap_or("");
            let gateway = r.os("GatewayId")?.unwrap_or("");
            if gateway == "local" || origin == "EnableVgwRoutePropagation" {
                continue;
            }
            if v.cidrs.iter().any(|c| c.contains(&dst)) {
                notes.add(format!("a route inside its VPC's CIDR (middlebox routing, not modelled) in {id}: left out"));
                continue;
            }
            let igw = gateway.starts_with("igw-") && v.igw.as_deref() == Some(gateway);
            let vgw = gateway.starts_with("vgw-") && v.vgw.as_ref().is_some_and(|g| g.0 == gateway);
            let nat = r
                .os("NatGatewayId")?
                .filter(|n| v.nats.iter().any(|x| x.0 == *n));
            let pcx = r
                .os("VpcPeeringConnectionId")?
                .filter(|p| peerings.contains(*p));
            let tgw = r
                .os("TransitGatewayId")?
                .filter(|t| tgws.get(*t).is_some_and(|vs| vs.contains(&v.id)));
            let target = if r.os("State")? == Some("blackhole") {
                Some("blackhole")
            } else if igw || vgw {
                Some(gateway)
            } else {
                nat.or(pcx).or(tgw)
            }
            .map(str::to_string);
            match target {
                Some(t) => rt.routes.push((dst, t)),
                None => notes.add(format!(
                    "a route whose target vpcpath does not model or the dump does not hold (an instance, a network interface, a gateway left out) in {id}: left out"
                )),
            }
        }
        v.route_tables.push(rt);
    }
    Ok(())
}

/// Running instances, with their primary address and groups.
pub(super) fn instances(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let subnet_ix = w.subnet_index();
    for r in dump.items("Reservations") {
        for (i, inst) in r.list("Instances")?.iter().enumerate() {
            let inst = r.child(&format!("Instances[{i}]"), inst);
            let state = inst.value.pointer("/State/Name").and_then(Value::as_str);
            let (Some(subnet), Some(ip)) = (inst.os("SubnetId")?, inst.os("PrivateIpAddress")?)
            else {
                notes.add("an instance with no subnet or address (terminated) was left out");
                continue;
            };
            if state.is_some_and(|s| matches!(s, "terminated" | "shutting-down")) {
                notes.add("a terminated instance was left out");
                continue;
            }
            let Some(v) = subnet_ix.get(subnet).map(|&(v, _)| &mut w.vpcs[v]) else {
                notes.add("an instance in a subnet not in the dump was left out");
                continue;
            };
            let inside = v.subnets.iter().any(|s| {
                s.id == subnet
                    && ip
                        .parse::<std::net::Ipv4Addr>()
                        .is_ok_and(|a| s.cidr.contains(&a))
            });
            if !inside {
                notes.add("an instance whose address is not in its subnet was left out");
                continue;
            }
            let groups = inst
                .list("SecurityGroups")?
                .iter()
                .filter_map(|g| g.get("GroupId").and_then(Value::as_str))
                .filter(|g| v.groups.iter().any(|x| x.id == *g))
                .map(str::to_string)
                .collect();
            v.instances.push((
                inst.s("InstanceId")?.to_string(),
                subnet.to_string(),
                ip.to_string(),
                inst.os("PublicIpAddress")?.map(str::to_string),
                groups,
            ));
        }
    }
    Ok(())
}
