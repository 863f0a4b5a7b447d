//! Load balancers (Elastic Load Balancing v2: Application and Network Load Balancers), from
//! `describe-load-balancers` (`LoadBalancers`), their listeners (`LoadBalancerListeners`:
//! `[{LoadBalancerArn, Listeners}]`, as Batfish's snapshots and the collector wrap
//! `describe-listeners`), target groups (`TargetGroups`), the targets' health
//! (`LoadBalancerTargetHealth`: `[{TargetGroupArn, TargetHealthDescriptions}]`) and attributes
//! (`LoadBalancerAttributes`, `TargetGroupAttributes`: `[{LoadBalancerArn|TargetGroupArn,
//! Attributes}]`). Nodes' addresses come from the load balancers' network interfaces
//! (`ELB app/…` and `ELB net/…`). Gateway and Classic Load Balancers are named in notes.

use super::*;

/// The wrapper items of `key` whose `field` is `arn`.
fn wrapped<'d>(dump: &'d Dump, key: &str, field: &str, arn: &str) -> Vec<&'d Item> {
    dump.items(key)
        .iter()
        .filter(|w| w.value.get(field).and_then(Value::as_str) == Some(arn))
        .collect()
}

/// An attribute's value in the first wrapper of `key` for `arn`, with the wrapper.
fn attribute<'d>(
    dump: &'d Dump,
    key: &str,
    field: &str,
    arn: &str,
    name: &str,
) -> Option<(&'d Item, String)> {
    wrapped(dump, key, field, arn).into_iter().find_map(|w| {
        let list = w.value.get("Attributes")?.as_array()?;
        let v = list
            .iter()
            .find(|a| a.get("Key").and_then(Value::as_str) == Some(name))?
            .get("Value")?
            .as_str()?;
        Some((w, v.to_string()))
    })
}

/// Load balancers, into their VPCs, with their listeners and target groups.
pub(super) fn balancers(cx: &mut Cx) -> Result<(), ImportError> {
    let dump = cx.dump;
    // Each node's private and public address, by the load balancer's `app/name/id` and subnet.
    let mut node_at: HashMap<(String, String), (String, Option<String>)> = HashMap::new();
    for eni in dump.items("NetworkInterfaces") {
        let get = |p: &str| eni.value.pointer(p).and_then(Value::as_str);
        if let (Some(d), Some(s), Some(ip)) = (
            get("/Description"),
            get("/SubnetId"),
            get("/PrivateIpAddress"),
        ) && let Some(lb) = d.strip_prefix("ELB ")
        {
            let public = get("/Association/PublicIp").map(str::to_string);
            node_at.insert((lb.to_string(), s.to_string()), (ip.to_string(), public));
        }
    }
    let mut used_groups: BTreeSet<String> = BTreeSet::new();
    cx.each("LoadBalancers", "LoadBalancerArn", |cx, item| {
        let arn = item.s("LoadBalancerArn")?.to_string();
        let name = item.s("LoadBalancerName")?.to_string();
        let kind = match item.s("Type")? {
            k @ ("application" | "network") => k.to_string(),
            other => {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    name,
                    Some(item.place()),
                    format!("{other} load balancers (left out)"),
                );
                return Ok(());
            }
        };
        let vpc_id = item.s("VpcId")?.to_string();
        if !cx.vpcs.contains_key(&vpc_id) {
            cx.b.notes.about(
                NoteKind::LeftOut,
                name,
                Some(item.place()),
                "a load balancer of a VPC the scenario does not hold",
            );
            return Ok(());
        }
        let short = arn
            .split(":loadbalancer/")
            .nth(1)
            .unwrap_or_default()
            .to_string();
        let pos = cx.at(&name, item);
        let mut subnets = Vec::new();
        let mut addresses = Vec::new();
        let mut public_ips = Vec::new();
        for z in item.children("AvailabilityZones")? {
            let subnet = z.s("SubnetId")?.to_string();
            let found = node_at.get(&(short.clone(), subnet.clone())).cloned();
            let written = z.list("LoadBalancerAddresses")?.first().and_then(|a| {
                let s = |k: &str| a.get(k).and_then(Value::as_str).map(str::to_string);
                Some((
                    s("PrivateIPv4Address").or(found.as_ref().map(|f| f.0.clone()))?,
                    s("IpAddress"),
                ))
            });
            let node = written.or(found);
            subnets.push(sp(pos, subnet));
            if let Some((private, public)) = node {
                addresses.push(sp(pos, private));
                if let Some(p) = public {
                    public_ips.push(sp(pos, p));
                }
            }
        }
        // Addresses are kept only when every node's is known (they go with `subnets` in order).
        if addresses.len() != subnets.len() {
            if !addresses.is_empty() {
                cx.b.notes.about(
                    NoteKind::Assumed,
                    name.clone(),
                    Some(item.place()),
                    "the dump holds the addresses of some of its nodes only: vpcpath allocates every node's",
                );
            }
            addresses.clear();
        }
        if public_ips.len() != subnets.len() {
            public_ips.clear();
        }
        let internet_facing = item.os("Scheme")? != Some("internal");
        let cross_zone = attribute(
            dump,
            "LoadBalancerAttributes",
            "LoadBalancerArn",
            &arn,
            "load_balancing.cross_zone.enabled",
        )
        .filter(|_| kind == "network")
        .map(|(w, v)| sp(cx.at(&name, w), v == "true"));
        let listeners = listeners(cx, &name, &arn, &mut used_groups)?;
        let groups: BTreeSet<String> = listeners.iter().map(|(_, g)| g.clone()).collect();
        let target_groups = dump
            .items("TargetGroups")
            .iter()
            .filter(|g| {
                let tg = g
                    .value
                    .get("TargetGroupArn")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                groups.contains(tg)
            })
            .map(|g| target_group(cx, g))
            .collect::<Result<Vec<_>, Bad>>()?;
        let lb = model::LoadBalancer {
            id: sp(pos, name),
            kind: sp(pos, kind),
            scheme: Some(sp(
                pos,
                if internet_facing {
                    "internet-facing"
                } else {
                    "internal"
                }
                .to_string(),
            )),
            dns_name: item.os("DNSName")?.map(|d| sp(pos, d.to_string())),
            subnets,
            addresses,
            public_ips: if internet_facing {
                public_ips
            } else {
                Vec::new()
            },
            security_groups: item
                .strings("SecurityGroups")?
                .into_iter()
                .map(|g| sp(pos, g))
                .collect(),
            cross_zone,
            listeners: listeners.into_iter().map(|(l, _)| l).collect(),
            target_groups,
        };
        if let Some(v) = cx.vpc(&vpc_id) {
            v.load_balancers.push(lb);
        }
        Ok(())
    })?;
    for g in dump.items("TargetGroups") {
        let arn = g
            .value
            .get("TargetGroupArn")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !used_groups.contains(arn) {
            let name = g
                .value
                .get("TargetGroupName")
                .and_then(Value::as_str)
                .unwrap_or(arn);
            cx.b.notes.about(
                NoteKind::LeftOut,
                name,
                Some(g.place()),
                "a target group no imported listener forwards to (it serves no request)",
            );
            for key in ["LoadBalancerTargetHealth", "TargetGroupAttributes"] {
                for w in wrapped(dump, key, "TargetGroupArn", arn) {
                    cx.b.notes.about(
                        NoteKind::LeftOut,
                        name,
                        Some(w.place()),
                        format!("{key} of a target group left out"),
                    );
                }
            }
        }
    }
    if !dump.items("LoadBalancerDescriptions").is_empty() {
        let places = dump
            .items("LoadBalancerDescriptions")
            .iter()
            .map(Item::place);
        let n = dump.items("LoadBalancerDescriptions").len();
        cx.b.noted(
            places,
            NoteKind::NotModelled,
            format!("{n} Classic Load Balancers (LoadBalancerDescriptions, left out)"),
        );
    }
    Ok(())
}

/// A load balancer's listeners that forward to a target group, each with the group's ARN; the
/// others are named in notes.
fn listeners(
    cx: &mut Cx,
    name: &str,
    arn: &str,
    used: &mut BTreeSet<String>,
) -> Result<Vec<(Sp<model::Listener>, String)>, Bad> {
    let dump = cx.dump;
    let mut out = Vec::new();
    for w in wrapped(dump, "LoadBalancerListeners", "LoadBalancerArn", arn) {
        for l in w.children("Listeners")? {
            let pos = cx.at(name, w);
            let forward = l.list("DefaultActions")?.iter().find_map(|a| {
                (a.get("Type").and_then(Value::as_str) == Some("forward"))
                    .then(|| {
                        a.get("TargetGroupArn").and_then(Value::as_str).or_else(|| {
                            a.pointer("/ForwardConfig/TargetGroups/0/TargetGroupArn")
                                .and_then(Value::as_str)
                        })
                    })
                    .flatten()
            });
            let weighted = l.list("DefaultActions")?.iter().any(|a| {
                a.pointer("/ForwardConfig/TargetGroups")
                    .and_then(Value::as_array)
                    .is_some_and(|groups| groups.len() > 1)
            });
            if weighted {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    name,
                    Some(l.place()),
                    "a forward weighted across several target groups: only the first is imported",
                );
            }
            let port = l.value.get("Port").and_then(Value::as_u64);
            let (Some(tg), Some(port)) = (forward, port) else {
                cx.b.notes.about(NoteKind::NotModelled, name, Some(l.place()), "a listener whose default action does not forward to a target group (redirects, fixed responses and authentication are not modelled; left out)");
                continue;
            };
            let Some(g) = dump
                .items("TargetGroups")
                .iter()
                .find(|g| g.value.get("TargetGroupArn").and_then(Value::as_str) == Some(tg))
            else {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    name,
                    Some(l.place()),
                    format!(
                        "a listener forwarding to target group {tg}, which the dump does not hold"
                    ),
                );
                continue;
            };
            let group = g.s("TargetGroupName")?.to_string();
            // A Lambda function's group (an Application Load Balancer invoking it) or an
            // Application Load Balancer's (behind a Network Load Balancer) is not modelled.
            let kind = g.s("TargetType")?;
            if !matches!(kind, "instance" | "ip") {
                let why = format!(
                    "a listener forwarding to target group {group}, whose targets are of type {kind}, which vpcpath does not model (instance and ip only): left out, with the group"
                );
                cx.b.notes
                    .about(NoteKind::NotModelled, name, Some(l.place()), why);
                continue;
            }
            used.insert(tg.to_string());
            let listener = model::Listener {
                protocol: sp(pos, l.s("Protocol")?.to_string()),
                port: sp(pos, u32::try_from(port).unwrap_or(0)),
                target_group: sp(pos, group),
            };
            out.push((sp(pos, listener), tg.to_string()));
        }
    }
    Ok(out)
}

/// A target group with its targets and their health.
fn target_group(cx: &mut Cx, g: &Item) -> Result<model::TargetGroup, Bad> {
    let dump = cx.dump;
    let arn = g.s("TargetGroupArn")?.to_string();
    let name = g.s("TargetGroupName")?.to_string();
    let pos = cx.at(&name, g);
    // Only instance and ip groups reach here: the listeners leave out the others.
    let target_type = g.s("TargetType")?.to_string();
    let mut targets = Vec::new();
    let health = wrapped(dump, "LoadBalancerTargetHealth", "TargetGroupArn", &arn);
    if health.is_empty() {
        cx.b.notes.about(NoteKind::LeftOut, name.clone(), Some(g.place()), "its targets: the dump holds no describe-target-health for it (the group is imported with none)");
    }
    for w in health {
        let wpos = cx.at(&name, w);
        for d in w.children("TargetHealthDescriptions")? {
            let id = d
                .value
                .pointer("/Target/Id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let port = d
                .value
                .pointer("/Target/Port")
                .and_then(Value::as_u64)
                .and_then(|p| u32::try_from(p).ok());
            let state = d
                .value
                .pointer("/TargetHealth/State")
                .and_then(Value::as_str);
            let health = match state {
                Some("healthy") => "healthy",
                Some("unhealthy" | "unhealthy.draining" | "initial" | "draining") => "unhealthy",
                _ => "unknown",
            };
            let (instance, ip) = match target_type.as_str() {
                "instance" => (Some(sp(wpos, id)), None),
                "ip" => (None, Some(sp(wpos, id))),
                _ => continue,
            };
            targets.push(sp(
                wpos,
                model::LbTarget {
                    instance,
                    ip,
                    port: port.map(|p| sp(wpos, p)),
                    health: Some(sp(wpos, health.to_string())),
                },
            ));
        }
    }
    let attr = |k: &str| attribute(dump, "TargetGroupAttributes", "TargetGroupArn", &arn, k);
    let cross_zone = attr("load_balancing.cross_zone.enabled")
        .filter(|(_, v)| v == "true" || v == "false")
        .map(|(w, v)| sp(cx.at(&name, w), v == "true"));
    let preserve_client_ip =
        attr("preserve_client_ip.enabled").map(|(w, v)| sp(cx.at(&name, w), v == "true"));
    // An instance or ip group has a port, and a target may carry its own. A group the dump
    // gives none is written with port 1, said.
    let port = match g.value.get("Port") {
        None | Some(Value::Null) => {
            let own = !targets.is_empty() && targets.iter().all(|t| t.value.port.is_some());
            let why = if own {
                "the dump gives the target group no port: written with port 1, which none of its targets uses (each has its own)"
            } else {
                "the dump gives the target group no port (AWS gives every instance or ip group one): its targets without a port of their own are written to port 1"
            };
            cx.b.notes
                .about(NoteKind::Assumed, name.clone(), Some(g.place()), why);
            1
        }
        Some(p) => p
            .as_u64()
            .and_then(|p| u32::try_from(p).ok())
            .ok_or_else(|| g.bad("Port", "expected a port number"))?,
    };
    Ok(model::TargetGroup {
        id: sp(pos, name),
        protocol: g.os("Protocol")?.map(|p| sp(pos, p.to_string())),
        port: sp(pos, port),
        target_type: Some(sp(pos, target_type)),
        cross_zone,
        preserve_client_ip,
        targets,
    })
}
