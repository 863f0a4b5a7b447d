//! What the dump holds that is read into parts made from other resources, for the accounting
//! of what each resource became ([`crate::import::account`]): the lists that wrap another
//! call's answers (an API's stages, a zone's records), the second views of a resource (a
//! transit gateway's VPC attachment, a customer gateway's site), network interfaces (read as
//! the instance, endpoint or NAT gateway they belong to), Elastic IPs, Availability Zones and
//! DHCP options. Each is linked to the part that carries it; what no part carries is said in a
//! note, with why.

use std::collections::HashMap;

use super::*;
use crate::import::account::positions;

/// The parts of the scenario built so far, by kind and id.
type Parts = HashMap<(&'static str, String), Pos>;

/// The lists that answer for another resource: their key, the field naming it, its kind of
/// part, and what it is in words.
const WRAPPERS: &[(&str, &str, &str, &str)] = &[
    ("VpcAttributes", "VpcId", "vpc", "VPC"),
    ("RestApiStages", "restApiId", "api", "REST API"),
    ("ApiStages", "ApiId", "api", "HTTP or WebSocket API"),
    ("ApiRoutes", "ApiId", "api", "HTTP or WebSocket API"),
    (
        "ResolverEndpointIpAddresses",
        "ResolverEndpointId",
        "resolver_endpoint",
        "Resolver endpoint",
    ),
    (
        "TransitGatewayPropagations",
        "TransitGatewayRouteTableId",
        "transit_gateway_route_table",
        "transit gateway route table",
    ),
    (
        "TransitGatewayStaticRoutes",
        "TransitGatewayRouteTableId",
        "transit_gateway_route_table",
        "transit gateway route table",
    ),
    (
        "BasePathMappings",
        "domainName",
        "custom_domain",
        "custom domain",
    ),
    ("HostedZoneVpcs", "HostedZoneId", "dns_zone", "hosted zone"),
    (
        "DirectConnectGatewayAssociations",
        "DirectConnectGatewayId",
        "direct_connect_gateway",
        "Direct Connect gateway",
    ),
    (
        "HostedZoneRecordSets",
        "HostedZoneId",
        "dns_zone",
        "hosted zone",
    ),
    (
        "TransitGatewayVpcAttachments",
        "TransitGatewayAttachmentId",
        "transit_gateway_attachment",
        "transit gateway attachment",
    ),
    (
        "ResolverRuleAssociations",
        "ResolverRuleId",
        "resolver_rule",
        "Resolver rule",
    ),
    (
        "TransitGatewayPeeringAttachments",
        "TransitGatewayAttachmentId",
        "transit_gateway_attachment",
        "transit gateway attachment",
    ),
];

/// Links or notes what the dump holds that other resources' parts carry.
pub(super) fn accounted(cx: &mut Cx) {
    let parts = positions(&cx.b.s);
    let dump = cx.dump;
    // A hosted zone is a part by its name; the lists answering for it name its id.
    let zone_names: HashMap<String, String> = dump
        .items("HostedZones")
        .iter()
        .filter_map(|z| {
            let id = z
                .value
                .get("Id")?
                .as_str()?
                .trim_start_matches("/hostedzone/");
            let name = z.value.get("Name")?.as_str()?;
            Some((id.to_string(), services::record_name(name)))
        })
        .collect();
    let named: BTreeSet<String> =
        cx.b.notes
            .all()
            .iter()
            .filter_map(|n| n.resource.clone())
            .collect();
    for &(key, field, kind, noun) in WRAPPERS {
        for item in dump.items(key) {
            let Some(parent) = item.value.get(field).and_then(Value::as_str) else {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    item.place(),
                    Some(item.place()),
                    format!("a {key} entry without `{field}`"),
                );
                continue;
            };
            let parent = match kind {
                "dns_zone" => {
                    let id = parent.trim_start_matches("/hostedzone/");
                    zone_names
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| id.to_string())
                }
                _ => parent.to_string(),
            };
            // A peering attachment is two parts: each transit gateway's side.
            let sides = [parent.clone(), format!("{parent}-accepter")];
            let found: Vec<Pos> = sides
                .iter()
                .filter_map(|id| parts.get(&(kind, id.clone())).copied())
                .collect();
            for pos in &found {
                cx.b.ledger.link(item.place(), *pos);
            }
            // A rule's association is a resource of its own: a note on the rule is not one on it.
            let names_parent = key != "ResolverRuleAssociations";
            if found.is_empty() && !(names_parent && named.contains(&parent)) {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    parent,
                    Some(item.place()),
                    format!("{key} of a {noun} the scenario does not hold (not in the dump, or left out)"),
                );
            }
        }
    }
    prefix::account(cx);
    customer_gateways(cx, &parts);
    interfaces(cx, &parts);
    addresses(cx, &parts);
    zones(cx);
    dhcp_options(cx, &parts);
}

/// Customer gateways: the sites made from their VPN connections.
fn customer_gateways(cx: &mut Cx, parts: &Parts) {
    for item in cx.dump.items("CustomerGateways") {
        let id = item
            .value
            .get("CustomerGatewayId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match parts.get(&("site", id.to_string())) {
            Some(pos) => cx.b.ledger.link(item.place(), *pos),
            None => cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a customer gateway with no VPN connection imported (a site is made from the static routes of its connections)",
            ),
        }
    }
}

/// Network interfaces: read as the instance (its primary interface), the endpoint or the NAT
/// gateway they belong to.
fn interfaces(cx: &mut Cx, parts: &Parts) {
    let dump = cx.dump;
    // The parts each interface belongs to, as their own resources name it.
    let mut owner: HashMap<String, (&'static str, String)> = HashMap::new();
    for e in dump.items("VpcEndpoints") {
        let id = e.value.get("VpcEndpointId").and_then(Value::as_str);
        for eni in e.strings("NetworkInterfaceIds").unwrap_or_default() {
            owner.insert(eni, ("endpoint", id.unwrap_or_default().to_string()));
        }
    }
    for n in dump.items("NatGateways") {
        let id = n.value.get("NatGatewayId").and_then(Value::as_str);
        for a in n.list("NatGatewayAddresses").unwrap_or_default() {
            if let Some(eni) = a.get("NetworkInterfaceId").and_then(Value::as_str) {
                owner.insert(
                    eni.to_string(),
                    ("nat_gateway", id.unwrap_or_default().to_string()),
                );
            }
        }
    }
    // A load balancer's nodes: `ELB app/{name}/{id}` or `ELB net/{name}/{id}`.
    for item in dump.items("NetworkInterfaces") {
        let get = |p: &str| item.value.pointer(p).and_then(Value::as_str);
        if let (Some(eni), Some(d)) = (get("/NetworkInterfaceId"), get("/Description"))
            && let Some(name) = d.strip_prefix("ELB ").and_then(|l| l.split('/').nth(1))
            && parts.contains_key(&("load_balancer", name.to_string()))
        {
            owner.insert(eni.to_string(), ("load_balancer", name.to_string()));
        }
    }
    for item in dump.items("NetworkInterfaces") {
        let get = |p: &str| item.value.pointer(p).and_then(Value::as_str);
        let id = get("/NetworkInterfaceId").unwrap_or_default().to_string();
        let instance = get("/Attachment/InstanceId");
        let primary = item
            .value
            .pointer("/Attachment/DeviceIndex")
            .and_then(Value::as_i64)
            == Some(0);
        let kind = get("/InterfaceType").unwrap_or("interface");
        // Written on its own (F6.75): linked to that part.
        if let Some(pos) = parts.get(&("network_interface", id.clone())) {
            cx.b.ledger.link(item.place(), *pos);
            continue;
        }
        let part = match instance {
            Some(i) => Some(("instance", i.to_string())),
            None => owner.get(&id).cloned(),
        };
        let linked = part
            .as_ref()
            .and_then(|p| parts.get(p).map(|pos| (p.0, *pos)));
        let (what, message) = match (linked, &part) {
            (Some(("instance", _)), _) if !primary => (
                NoteKind::NotModelled,
                "an instance's secondary network interfaces (left out: an instance has the address and groups of its primary one)".to_string(),
            ),
            (Some((_, pos)), _) => {
                cx.b.ledger.link(item.place(), pos);
                continue;
            }
            (None, Some((of, _))) => (
                NoteKind::LeftOut,
                format!(
                    "a network interface of {} the scenario does not hold (not in the dump, or left out)",
                    match *of {
                        "instance" => "an instance",
                        "endpoint" => "an endpoint",
                        _ => "a NAT gateway",
                    }
                ),
            ),
            (None, None) if kind == "interface" => (
                NoteKind::LeftOut,
                "a network interface attached to no instance".to_string(),
            ),
            (None, None) => (
                NoteKind::NotModelled,
                format!("network interfaces of type {kind} (left out: what they belong to is imported on its own, or not modelled)"),
            ),
        };
        cx.b.notes.about(what, id, Some(item.place()), message);
    }
}

/// Elastic IPs: the public address of the instance or NAT gateway they are associated with.
fn addresses(cx: &mut Cx, parts: &Parts) {
    let dump = cx.dump;
    let mut nat_of: HashMap<&str, &str> = HashMap::new();
    for n in dump.items("NatGateways") {
        let id = n.value.get("NatGatewayId").and_then(Value::as_str);
        for a in n.list("NatGatewayAddresses").unwrap_or_default() {
            if let (Some(alloc), Some(id)) = (a.get("AllocationId").and_then(Value::as_str), id) {
                nat_of.insert(alloc, id);
            }
        }
    }
    for item in dump.items("Addresses") {
        let get = |f: &str| item.value.get(f).and_then(Value::as_str);
        let label = get("PublicIp").or(get("AllocationId")).unwrap_or_default();
        let part = match (
            get("InstanceId"),
            get("AllocationId").and_then(|a| nat_of.get(a)),
        ) {
            (Some(i), _) => Some(("instance", i.to_string())),
            (None, Some(n)) => Some(("nat_gateway", (*n).to_string())),
            (None, None) => None,
        };
        match part.and_then(|p| parts.get(&p)) {
            Some(pos) => cx.b.ledger.link(item.place(), *pos),
            None => cx.b.notes.about(
                NoteKind::LeftOut,
                label,
                Some(item.place()),
                "an Elastic IP associated with no instance or NAT gateway of the scenario",
            ),
        }
    }
}

/// Availability Zones: the zones of the subnets in them.
fn zones(cx: &mut Cx) {
    let mut subnets: HashMap<String, Vec<Pos>> = HashMap::new();
    for v in &cx.b.s.vpcs {
        for s in &v.subnets {
            if let Some(az) = &s.az {
                subnets.entry(az.value.clone()).or_default().push(s.id.pos);
            }
        }
    }
    for item in cx.dump.items("AvailabilityZones") {
        let name = item
            .value
            .get("ZoneName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match subnets.get(name) {
            Some(list) => {
                for pos in list {
                    cx.b.ledger.link(item.place(), *pos);
                }
            }
            None => cx.b.notes.about(
                NoteKind::LeftOut,
                name,
                Some(item.place()),
                "an Availability Zone in which the dump has no subnet (nothing in it to import)",
            ),
        }
    }
}

/// DHCP options: the DNS servers of the VPCs that use them.
fn dhcp_options(cx: &mut Cx, parts: &Parts) {
    let dump = cx.dump;
    let mut users: HashMap<&str, Vec<Pos>> = HashMap::new();
    for v in dump.items("Vpcs") {
        let get = |f: &str| v.value.get(f).and_then(Value::as_str);
        if let (Some(d), Some(id)) = (get("DhcpOptionsId"), get("VpcId"))
            && let Some(pos) = parts.get(&("vpc", id.to_string()))
        {
            users.entry(d).or_default().push(*pos);
        }
    }
    for item in dump.items("DhcpOptions") {
        let id = item
            .value
            .get("DhcpOptionsId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match users.get(id) {
            Some(list) => {
                for pos in list {
                    cx.b.ledger.link(item.place(), *pos);
                }
            }
            None => cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "DHCP options no VPC of the scenario uses",
            ),
        }
    }
}
