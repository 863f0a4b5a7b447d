//! Route tables and instances: what needs every target and subnet first.

use super::*;

/// Route tables, their associations and routes.
pub(super) fn tables(cx: &mut Cx) -> Result<(), ImportError> {
    cx.each("RouteTables", "RouteTableId", |cx, item| {
        let id = item.s("RouteTableId")?.to_string();
        let vpc = item.s("VpcId")?.to_string();
        let Some(&v) = cx.vpcs.get(&vpc) else {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a route table of a VPC not in the dump",
            );
            return Ok(());
        };
        let has_vgw = cx.b.s.vpcs[v].vpn_gateway.is_some();
        let pos = cx.at(&id, item);
        let mut rt = model::RouteTable {
            id: sp(pos, id.clone()),
            vpn_gateway_propagation: !item.list("PropagatingVgws")?.is_empty() && has_vgw,
            ..model::RouteTable::default()
        };
        for a in item.children("Associations")? {
            if a.flag("Main")? {
                rt.main = true;
            }
            if let Some(s) = a.os("SubnetId")? {
                let at = cx.at_field(s, item, a.at.rsplit('.').next().unwrap_or(""));
                match cx.subnets.get(s) {
                    Some(&(sv, si)) if sv == v => {
                        cx.b.s.vpcs[v].subnets[si].route_table = Some(sp(at, id.clone()));
                    }
                    _ => cx.b.notes.about(
                        NoteKind::LeftOut,
                        s.to_string(),
                        Some(a.place()),
                        "an association of a route table with a subnet not in the dump, or of another VPC",
                    ),
                }
            }
        }
        let mut from_lists = Vec::new();
        for r in item.children("Routes")? {
            match route(cx, &id, &r)? {
                Some((Dst::Cidr, route)) => rt.routes.extend(route),
                Some((Dst::List(pl, entries), route)) => {
                    let Some(first) = route.into_iter().next() else {
                        continue;
                    };
                    // The route names the list and keeps its rank (F6.74), unless an entry
                    // overlaps the VPC's CIDR, which vpcpath does not model for a list's route:
                    // then a static route per entry.
                    let pos = first.destination.pos;
                    if let Some(why) = prefix::overlaps_vpc(&cx.b.s.vpcs[v], &entries) {
                        cx.b.notes.about(NoteKind::NotModelled, format!("{id}: {pl}"), Some(r.place()), format!("a route to a prefix list whose entry {why} (vpcpath refuses such a list's route): written as a static route per entry, which ranks as a static route, above another prefix list's route of the same prefix"));
                        for e in entries {
                            cx.prefix_lists.read_into(&pl, pos);
                            let target = first.target.clone();
                            from_lists.push((model::Route { destination: sp(pos, e.into()), target }, pl.clone()));
                        }
                    } else {
                        cx.prefix_lists.referenced(&pl, pos);
                        rt.routes.push(first);
                    }
                }
                None => {}
            }
        }
        // A route to a CIDR is preferred over a prefix list's route to the same CIDR (AWS's
        // route priority for prefix lists).
        for (route, pl) in from_lists {
            if rt.routes.iter().any(|x| x.destination.value == route.destination.value) {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    format!("{id}: {} ({pl})", route.destination.value),
                    None,
                    "a prefix list's entry that a route to the same CIDR overrides (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html)",
                );
            } else {
                rt.routes.push(route);
            }
        }
        cx.b.s.vpcs[v].route_tables.push(rt);
        Ok(())
    })
}

/// What a route of the dump was written to.
enum Dst {
    /// A CIDR.
    Cidr,
    /// A prefix list: its id and entries.
    List(String, Vec<String>),
}

/// One route of a table: its destinations and target as the scenario writes them (one per
/// entry of a prefix list), or `None` (with a note) for what the scenario does not hold.
fn route(cx: &mut Cx, table: &str, r: &Item) -> Result<Option<(Dst, Vec<model::Route>)>, Bad> {
    let (kind, dsts) = if let Some(dst) = r.os("DestinationCidrBlock")? {
        (Dst::Cidr, vec![cidr(r, "DestinationCidrBlock", dst)?])
    } else if r.os("DestinationIpv6CidrBlock")?.is_some() {
        cx.b.notes
            .add(NoteKind::NotModelled, "IPv6 routes (left out)");
        return Ok(None);
    } else if let Some(pl) = r.os("DestinationPrefixListId")? {
        if let Some(g) = r.os("GatewayId")?.filter(|g| g.starts_with("vpce-")) {
            // A gateway endpoint's prefix-list routes are its own, written by its `route_tables`.
            let _ = cx.prefix_lists.named(pl);
            let endpoint =
                cx.b.s
                    .vpcs
                    .iter()
                    .flat_map(|v| &v.endpoints)
                    .find(|e| e.id.value == g)
                    .map(|e| e.id.pos);
            if let Some(pos) = endpoint {
                cx.prefix_lists.read_into(pl, pos);
            }
            return Ok(None);
        }
        match cx.prefix_lists.named(pl) {
            prefix::Reference::Cidrs(cidrs) => {
                (Dst::List(pl.to_string(), cidrs), vec![pl.to_string()])
            }
            prefix::Reference::Service(_) => {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    format!("{table}: {pl}"),
                    Some(r.place()),
                    "a route to an AWS service's prefix list through something other than its gateway endpoint (left out)",
                );
                return Ok(None);
            }
            prefix::Reference::Unknown(why) => {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    format!("{table}: {pl}"),
                    Some(r.place()),
                    format!("a route to {why}"),
                );
                return Ok(None);
            }
        }
    } else {
        return Ok(None);
    };
    let origin = r.os("Origin")?.unwrap_or("");
    let gateway = r.os("GatewayId")?.unwrap_or("");
    if gateway == "local" || origin == "EnableVgwRoutePropagation" {
        return Ok(None);
    }
    let target = if r.os("State")? == Some("blackhole") {
        Some("blackhole".to_string())
    } else {
        // A route to an instance's secondary interface names both it and the instance: the
        // interface is the target (F6.75); to its primary one, the instance.
        let interface = r
            .os("NetworkInterfaceId")?
            .filter(|e| cx.interfaces.contains(*e));
        [
            Some(gateway).filter(|g| !g.is_empty()),
            r.os("NatGatewayId")?,
            r.os("VpcPeeringConnectionId")?,
            r.os("TransitGatewayId")?,
            interface,
            r.os("InstanceId")?,
            r.os("NetworkInterfaceId")?,
            r.os("LocalGatewayId")?,
            r.os("CarrierGatewayId")?,
            r.os("CoreNetworkArn")?,
        ]
        .into_iter()
        .flatten()
        .next()
        .map(str::to_string)
    };
    let Some(target) = target else {
        cx.b.notes.about(
            NoteKind::LeftOut,
            table.to_string(),
            Some(r.place()),
            "a route without a target",
        );
        return Ok(None);
    };
    let pos = cx.at_field(table, r, "");
    let routes = dsts
        .into_iter()
        .map(|dst| model::Route {
            destination: sp(pos, dst.into()),
            target: sp(pos, target.as_str().into()),
        })
        .collect();
    Ok(Some((kind, routes)))
}

/// Running instances, with their primary address and groups.
pub(super) fn instances(cx: &mut Cx) -> Result<(), ImportError> {
    // An instance's interfaces, when the dump has them: the source of truth for its groups
    // (moto, for one, writes them on the interface only).
    let mut eni_groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for eni in cx.dump.items("NetworkInterfaces") {
        let owner = eni
            .value
            .pointer("/Attachment/InstanceId")
            .and_then(Value::as_str);
        let primary = eni
            .value
            .pointer("/Attachment/DeviceIndex")
            .and_then(Value::as_i64)
            == Some(0);
        if let (Some(owner), true) = (owner, primary) {
            let groups = ids_in(eni.list("Groups").unwrap_or(&[]), "GroupId");
            eni_groups.insert(owner.to_string(), groups);
        }
    }
    let dump = cx.dump;
    let mut seen = BTreeSet::new();
    for r in dump.items("Reservations") {
        let each = r.each("Instances").map_err(ImportError::from)?;
        for inst in each {
            let id = inst
                .value
                .get("InstanceId")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if !seen.insert(id.clone()) {
                continue;
            }
            match instance(cx, &inst, &eni_groups) {
                Ok(()) => {}
                Err(Bad::Missing(field)) => cx.b.notes.about(
                    NoteKind::LeftOut,
                    id,
                    Some(inst.place()),
                    format!("an instance without `{field}`"),
                ),
                Err(shape) => return Err(shape.into()),
            }
        }
    }
    Ok(())
}

/// One instance.
fn instance(
    cx: &mut Cx,
    inst: &Item,
    eni_groups: &BTreeMap<String, Vec<String>>,
) -> Result<(), Bad> {
    let id = inst.s("InstanceId")?.to_string();
    let state = inst.value.pointer("/State/Name").and_then(Value::as_str);
    if let Some(s) = state.filter(|s| matches!(*s, "terminated" | "shutting-down")) {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(inst.place()),
            format!("an instance {s}"),
        );
        return Ok(());
    }
    let (Some(subnet), Some(ip)) = (inst.os("SubnetId")?, inst.os("PrivateIpAddress")?) else {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(inst.place()),
            "an instance with no subnet or private address",
        );
        return Ok(());
    };
    let Some(&(v, _)) = cx.subnets.get(subnet) else {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(inst.place()),
            "an instance in a subnet not in the dump",
        );
        return Ok(());
    };
    let mut groups = ids_in(inst.list("SecurityGroups")?, "GroupId");
    if let Some(on_eni) = eni_groups.get(&id)
        && on_eni != &groups
    {
        if !groups.is_empty() {
            cx.b.notes.about(
                NoteKind::Disagrees,
                id.clone(),
                Some(inst.place()),
                "an instance's groups differ from its primary network interface's: the interface's are imported",
            );
        }
        groups = on_eni.clone();
    }
    let pos = cx.at(&id, inst);
    let public_at = cx.at_field(&id, inst, "PublicIpAddress");
    let security_groups = groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let p = cx.at_field(&id, inst, &format!("SecurityGroups[{i}]"));
            sp(p, g)
        })
        .collect();
    let metadata_options = metadata_options(cx, &id, inst);
    let instance = model::Instance {
        id: sp(pos, id),
        subnet: sp(pos, subnet.to_string()),
        private_ip: Some(sp(pos, ip.to_string())),
        public_ip: inst
            .os("PublicIpAddress")?
            .map(|p| sp(public_at, model::PublicIp::Address(p.to_string()))),
        security_groups,
        source_dest_check: super::interfaces::dest_check_off(inst),
        metadata_options,
        ..model::Instance::default()
    };
    cx.b.s.vpcs[v].instances.push(instance);
    Ok(())
}

/// An instance's `MetadataOptions` (F6.67): the endpoint's state where it is off, and whether
/// IMDSv2 is required, as the dump says.
fn metadata_options(cx: &mut Cx, id: &str, inst: &Item) -> Option<Sp<model::MetadataOptions>> {
    let o = inst.value.get("MetadataOptions")?;
    let word = |k: &str| {
        o.get(k)
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
    };
    let pos = cx.at_field(id, inst, "MetadataOptions");
    let options = model::MetadataOptions {
        http_endpoint: word("HttpEndpoint")
            .filter(|e| e != "enabled")
            .map(|e| sp(pos, e)),
        http_tokens: word("HttpTokens").map(|t| sp(pos, t)),
    };
    (options.http_endpoint.is_some() || options.http_tokens.is_some()).then(|| sp(pos, options))
}
