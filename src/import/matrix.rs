//! Requests for a network that has none: what can reach what, and how, one probe per class.
//!
//! Instances that share a VPC, a route table, a network ACL and a set of security groups are
//! routed and filtered alike, so one of each such class stands for the others, as a client and
//! as a destination. Each client class is probed against every door of the network (every API's
//! default name, every custom domain, the AWS service of every endpoint, a public AWS service),
//! and against the instance classes it may reach: those of its own VPC and of the VPCs peered
//! with it or attached to a transit gateway with it (up to [`PEERS_PER_GATEWAY`] each), on the
//! TCP ports their groups open (up to [`PORTS_PER_CLASS`]). Each site's first client and the
//! internet are clients too; the internet also probes the public address of each class that
//! has one (its first instance with a public address), on the same ports. The number of
//! requests is linear in the network, and they are written as they are made.
//!
//! The result is a requests file that takes its network from the given file (`network:`), so
//! that `vpcpath run --summary` on it answers "what can reach what" for an imported account
//! without writing anything.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use crate::aws;
use crate::model::{self, Sp};
use crate::net::*;

/// How many other VPCs of one transit gateway a client class probes.
pub const PEERS_PER_GATEWAY: usize = 3;

/// How many ports of a destination class's groups are probed.
pub const PORTS_PER_CLASS: usize = 4;

/// A class of instances: their VPC, route table, network ACL and sorted groups.
type Class = (VpcIx, RouteTableIx, NaclIx, Vec<SgIx>);

/// The class of an instance.
fn class_of(net: &Network, inst: &Instance) -> Class {
    let s = &net.subnets[inst.subnet.0];
    let mut groups = inst.security_groups.clone();
    groups.sort();
    (s.vpc, net.table_of(inst.subnet), s.nacl, groups)
}

/// The instance that stands for each class, in the order of the instances; with `public`,
/// the first of each class that has a public address (the internet's way in, F6.34).
fn classes(net: &Network, public: bool) -> Vec<(Class, InstanceIx)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, inst) in net.instances.iter().enumerate() {
        if public && inst.public_ip.is_none() {
            continue;
        }
        let class = class_of(net, inst);
        if seen.insert(class.clone()) {
            out.push((class, InstanceIx(i)));
        }
    }
    out
}

/// The TCP ports the groups of a class open to anyone they open them to: the first port of
/// each rule's range, at most [`PORTS_PER_CLASS`]; 443 when they open none by TCP.
fn ports(net: &Network, groups: &[SgIx]) -> Vec<u16> {
    let mut out = BTreeSet::new();
    for g in groups {
        for r in &net.security_groups[g.0].ingress {
            if matches!(r.protocol, Protocol::Tcp | Protocol::All) {
                out.insert(if r.protocol == Protocol::All {
                    443
                } else {
                    r.ports.0
                });
            }
        }
    }
    if out.is_empty() {
        out.insert(443);
    }
    out.into_iter().take(PORTS_PER_CLASS).collect()
}

/// The VPCs a client of `v` may reach besides its own, found by walking the network's graph:
/// those a peering connection joins to it, and up to [`PEERS_PER_GATEWAY`] of those attached
/// to each transit gateway its subnets are attached to (`first`: each gateway's first VPCs,
/// gathered once).
fn neighbours(net: &Network, v: VpcIx, first: &mut BTreeMap<TgwIx, Vec<VpcIx>>) -> Vec<VpcIx> {
    let mut out: BTreeSet<VpcIx> = net.peered_with(v).into_iter().collect();
    for t in net.gateways_of(v) {
        let attached = first
            .entry(t)
            .or_insert_with(|| net.attached(t, PEERS_PER_GATEWAY + 1));
        let others = attached.iter().copied().filter(|&w| w != v);
        out.extend(others.take(PEERS_PER_GATEWAY));
    }
    out.into_iter().collect()
}

/// (label, URL) of every door: APIs' default names, custom domains, the AWS services of the
/// endpoints, and a public AWS service.
fn doors(net: &Network) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for a in &net.apis {
        let scheme = if a.kind == ApiKind::WebSocket {
            "wss"
        } else {
            "https"
        };
        let stage = a.stages.first().map_or("", String::as_str);
        let host = format!(
            "{}.{}",
            a.id,
            aws::service_hostname("execute-api", &a.region)
        );
        out.push((
            format!("API {}", a.id),
            format!("{scheme}://{host}/{stage}/"),
        ));
    }
    for d in &net.custom_domains {
        out.push((format!("domain {}", d.name), format!("https://{}/", d.name)));
    }
    let mut hosts = BTreeSet::new();
    let public = aws::service_hostname("sts", &net.region);
    for e in net
        .endpoints
        .iter()
        .filter(|e| e.service != aws::Service::ExecuteApi)
    {
        let host = aws::service_hostname(&e.service, &e.region);
        if host != public && hosts.insert(host.clone()) {
            out.push((
                format!("{} {}", e.service, e.region),
                format!("https://{host}/"),
            ));
        }
    }
    out.push((
        format!("sts {} (a public AWS service)", net.region),
        format!("https://{public}/"),
    ));
    out
}

/// Writes the requests file for `net`, whose file is `network` (as the requests file should
/// name it), request by request.
pub fn write(out: &mut dyn Write, net: &Network, network: &str) -> io::Result<usize> {
    let public = classes(net, true);
    let classes = classes(net, false);
    let doors = doors(net);
    let head = model::Scenario {
        scenario: format!("Matrix: {}", net.name),
        region: Sp::from(net.region.to_string()),
        network: Some(Sp::from(network.to_string())),
        ..model::Scenario::default()
    };
    let comment = format!(
        "Written by `vpcpath matrix`: {} (and each site and the internet) against {} and the instance classes they may reach; the internet also against the public address of {}. Add `expect:` to the requests that matter.",
        crate::trace::count(classes.len(), "class of instances", "classes of instances"),
        crate::trace::count(doors.len(), "door", "doors"),
        crate::trace::count(public.len(), "class", "classes")
    );
    out.write_all(model::to_yaml(&head, &[comment]).as_bytes())?;
    out.write_all(b"requests:\n")?;
    let mut n = 0;
    let mut request = |out: &mut dyn Write, from: &str, label: &str, url: String| {
        n += 1;
        let r = model::Request {
            name: Some(format!("{from} -> {label}")),
            from: Sp::from(from.to_string()),
            url: Sp::from(url),
            ..model::Request::default()
        };
        out.write_all(model::item_line(&r).as_bytes())
    };
    let by_vpc: BTreeMap<VpcIx, Vec<&(Class, InstanceIx)>> =
        classes.iter().fold(BTreeMap::new(), |mut m, c| {
            m.entry(c.0.0).or_default().push(c);
            m
        });
    let mut first = BTreeMap::new();
    for (class, i) in &classes {
        let me = &net.instances[i.0].id;
        for (label, url) in &doors {
            request(out, me, label, url.clone())?;
        }
        let reach = std::iter::once(class.0).chain(neighbours(net, class.0, &mut first));
        for v in reach {
            for (to, j) in by_vpc.get(&v).into_iter().flatten() {
                if j == i {
                    continue;
                }
                let dest = &net.instances[j.0].id;
                for port in ports(net, &to.3) {
                    request(
                        out,
                        me,
                        &format!("{dest} (tcp/{port})"),
                        format!("tcp://{dest}:{port}"),
                    )?;
                }
            }
        }
    }
    let mut sites = BTreeSet::new();
    for c in &net.site_clients {
        if sites.insert(c.site) {
            for (label, url) in &doors {
                request(out, &c.id, label, url.clone())?;
            }
        }
    }
    for (label, url) in &doors {
        request(out, "internet", label, url.clone())?;
    }
    for (class, i) in &public {
        let inst = &net.instances[i.0];
        let Some(ip) = inst.public_ip else {
            continue;
        };
        for port in ports(net, &class.3) {
            let label = format!("{} at its public address {ip} (tcp/{port})", inst.id);
            request(out, "internet", &label, format!("tcp://{ip}:{port}"))?;
        }
    }
    Ok(n)
}

/// The requests file for `net` as text ([`write`] into a string).
pub fn requests(net: &Network, network: &str) -> String {
    let mut out = Vec::new();
    // Writing into memory does not fail.
    let _ = write(&mut out, net, network);
    String::from_utf8(out).unwrap_or_default()
}
