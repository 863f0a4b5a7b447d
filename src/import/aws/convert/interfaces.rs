//! Network interfaces written on their own (F6.75): an instance's secondary interfaces and
//! those attached to nothing, which a route may name (`NetworkInterfaceId`). An instance's
//! primary interface is the instance; an endpoint's, a NAT gateway's, a load balancer's or
//! another service's interface is read as what it belongs to, or noted (`through`).

use super::*;

/// The ids of the dump's interfaces the scenario writes on its own: of type `interface`, not
/// managed by a service, and either attached to an instance at a device index other than 0 or
/// attached to nothing.
pub(super) fn own(dump: &Dump) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for e in dump.items("VpcEndpoints") {
        taken.extend(e.strings("NetworkInterfaceIds").unwrap_or_default());
    }
    for n in dump.items("NatGateways") {
        for a in n.list("NatGatewayAddresses").unwrap_or_default() {
            if let Some(eni) = a.get("NetworkInterfaceId").and_then(Value::as_str) {
                taken.insert(eni.to_string());
            }
        }
    }
    dump.items("NetworkInterfaces")
        .iter()
        .filter_map(|item| {
            let v = &item.value;
            let id = v.get("NetworkInterfaceId")?.as_str()?;
            let kind = v.get("InterfaceType").and_then(Value::as_str);
            let managed = v.get("RequesterManaged").and_then(Value::as_bool) == Some(true);
            let service = v
                .get("Description")
                .and_then(Value::as_str)
                .is_some_and(|d| d.starts_with("ELB "));
            let mine = match v.get("Attachment") {
                None | Some(Value::Null) => true,
                Some(a) => {
                    a.get("InstanceId").and_then(Value::as_str).is_some()
                        && a.get("DeviceIndex").and_then(Value::as_i64) != Some(0)
                }
            };
            let plain = matches!(kind, None | Some("interface"));
            (plain && !managed && !service && mine && !taken.contains(id)).then(|| id.to_string())
        })
        .collect()
}

/// Every interface of [`own`], into the VPC of its subnet.
pub(super) fn interfaces(cx: &mut Cx, own: &BTreeSet<String>) -> Result<(), ImportError> {
    let dump = cx.dump;
    for item in dump.items("NetworkInterfaces") {
        let id = item
            .value
            .get("NetworkInterfaceId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !own.contains(id) {
            continue;
        }
        match interface(cx, item, id) {
            Ok(()) => {}
            Err(Bad::Missing(field)) => cx.b.notes.about(
                NoteKind::LeftOut,
                id.to_string(),
                Some(item.place()),
                format!("a network interface without `{field}`"),
            ),
            Err(shape) => return Err(shape.into()),
        }
    }
    Ok(())
}

/// One interface.
fn interface(cx: &mut Cx, item: &Item, id: &str) -> Result<(), Bad> {
    let subnet = item.s("SubnetId")?;
    let Some(&(v, _)) = cx.subnets.get(subnet) else {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id.to_string(),
            Some(item.place()),
            "a network interface in a subnet not in the dump",
        );
        return Ok(());
    };
    let pos = cx.at(id, item);
    let groups = ids_in(item.list("Groups")?, "GroupId");
    let security_groups = groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| sp(cx.at_field(id, item, &format!("Groups[{i}]")), g))
        .collect();
    let attached_to = item
        .value
        .pointer("/Attachment/InstanceId")
        .and_then(Value::as_str)
        .map(|i| sp(cx.at_field(id, item, "Attachment"), i.to_string()));
    let eni = model::NetworkInterface {
        id: sp(pos, id.to_string()),
        subnet: sp(pos, subnet.to_string()),
        private_ip: item
            .os("PrivateIpAddress")?
            .map(|ip| sp(pos, ip.to_string())),
        security_groups,
        source_dest_check: dest_check_off(item),
        attached_to,
    };
    cx.b.s.vpcs[v].network_interfaces.push(eni);
    Ok(())
}

/// An instance's or network interface's `SourceDestCheck` where it is off (an appliance);
/// AWS's default, on, is left unwritten, as the dump leaves it when absent (F6.28, F6.76).
pub(super) fn dest_check_off(item: &Item) -> Option<bool> {
    (item.value.get("SourceDestCheck").and_then(Value::as_bool)).filter(|on| !on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dump() -> Dump {
        let mut d = Dump::default();
        let mut add = |key: &str, v: Value| {
            let at = format!("{key}[0]");
            d.add(
                key,
                Item {
                    value: v,
                    file: "dump.json".into(),
                    at,
                    account: None,
                    region: None,
                },
            );
        };
        add(
            "Vpcs",
            json!({"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}),
        );
        for (s, cidr) in [("subnet-a", "10.0.1.0/24"), ("subnet-b", "10.0.2.0/24")] {
            add(
                "Subnets",
                json!({"SubnetId": s, "VpcId": "vpc-1", "CidrBlock": cidr}),
            );
        }
        add(
            "RouteTables",
            json!({"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [], "Routes": [
                {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
                {"DestinationCidrBlock": "0.0.0.0/0", "InstanceId": "i-1", "NetworkInterfaceId": "eni-second", "State": "active"},
                {"DestinationCidrBlock": "192.168.0.0/16", "InstanceId": "i-1", "NetworkInterfaceId": "eni-first", "State": "active"}
            ]}),
        );
        add(
            "Reservations",
            json!({"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.10", "State": {"Name": "running"}}]}),
        );
        for eni in [
            json!({"NetworkInterfaceId": "eni-first", "SubnetId": "subnet-a", "PrivateIpAddress": "10.0.1.10", "InterfaceType": "interface",
                   "Attachment": {"InstanceId": "i-1", "DeviceIndex": 0}, "Groups": []}),
            json!({"NetworkInterfaceId": "eni-second", "SubnetId": "subnet-b", "PrivateIpAddress": "10.0.2.10", "InterfaceType": "interface",
                   "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1}, "SourceDestCheck": false, "Groups": [{"GroupId": "sg-1"}]}),
            json!({"NetworkInterfaceId": "eni-free", "SubnetId": "subnet-b", "PrivateIpAddress": "10.0.2.11", "InterfaceType": "interface", "Groups": []}),
            json!({"NetworkInterfaceId": "eni-lambda", "SubnetId": "subnet-b", "InterfaceType": "lambda", "Groups": []}),
        ] {
            add("NetworkInterfaces", eni);
        }
        d
    }

    #[test]
    fn secondary_and_detached_interfaces_are_written_and_routes_name_them() {
        let d = dump();
        assert_eq!(
            own(&d).into_iter().collect::<Vec<_>>(),
            ["eni-free", "eni-second"]
        );
        let Ok(b) = convert(&d) else {
            panic!("the dump converts")
        };
        let vpc = &b.s.vpcs[0];
        let written: Vec<(&str, Option<&str>, Option<bool>)> = vpc
            .network_interfaces
            .iter()
            .map(|e| {
                let to = e.attached_to.as_ref().map(|t| t.value.as_str());
                (e.id.value.as_str(), to, e.source_dest_check)
            })
            .collect();
        assert_eq!(
            written,
            [
                ("eni-second", Some("i-1"), Some(false)),
                ("eni-free", None, None)
            ]
        );
        let targets: Vec<&str> = vpc
            .route_tables
            .iter()
            .flat_map(|t| &t.routes)
            .map(|r| r.target.value.as_str())
            .collect();
        // The secondary interface by its id; the primary one by its instance.
        assert_eq!(targets, ["eni-second", "i-1"]);
    }
}
