//! The scenario's YAML, written in a fixed order so that the same dump gives the same bytes.

use std::fmt::Write as _;
use std::path::Path;

use super::convert::World;
use crate::import::yaml::{list, q};

/// The scenario of a converted dump.
pub(crate) fn scenario(dir: &Path, w: &World) -> String {
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    scenario_from(&format!("vpcpath import aws {}", dir.display()), &name, w)
}

/// The scenario of a converted network, written by `command` from the source called `name`.
pub(crate) fn scenario_from(command: &str, name: &str, w: &World) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "# Written by `{command}`.");
    if !w.notes.is_empty() {
        let _ = writeln!(
            y,
            "# What the dump lacks, or holds and vpcpath does not model:"
        );
        for n in &w.notes {
            let _ = writeln!(y, "#   - {n}");
        }
    }
    let title = format!(
        "Imported from {name}: {} VPCs, {} transit gateways",
        w.vpcs.len(),
        w.tgws.len()
    );
    let _ = writeln!(y, "scenario: {}", q(&title));
    let _ = writeln!(y, "region: {}", q(&w.region));
    let _ = writeln!(y, "account: {}", q(&w.account));
    if !w.vpcs.is_empty() {
        y.push_str("vpcs:\n");
    }
    for v in &w.vpcs {
        vpc(&mut y, w, v);
    }
    if !w.peerings.is_empty() {
        y.push_str("peerings:\n");
        for (id, r, a) in &w.peerings {
            let _ = writeln!(
                y,
                "  - {{ id: {}, requester: {}, accepter: {} }}",
                q(id),
                q(r),
                q(a)
            );
        }
    }
    if !w.sites.is_empty() {
        y.push_str("sites:\n");
        for s in &w.sites {
            let cidrs: Vec<String> = s.cidrs.iter().map(ToString::to_string).collect();
            let _ = writeln!(y, "  - {{ id: {}, cidrs: {} }}", q(&s.id), list(&cidrs));
        }
    }
    let top = [
        ("lambda_functions", &w.functions),
        ("apis", &w.apis),
        ("custom_domains", &w.domains),
        ("dns_zones", &w.zones),
        ("resolver_rules", &w.resolver_rules),
    ];
    for (key, items) in top {
        if !items.is_empty() {
            let _ = writeln!(y, "{key}:");
            for i in items {
                y.push_str(i);
            }
        }
    }
    if !w.tgws.is_empty() {
        y.push_str("transit_gateways:\n");
    }
    for t in &w.tgws {
        let _ = writeln!(y, "  - id: {}", q(&t.id));
        if t.region != w.region {
            let _ = writeln!(y, "    region: {}", q(&t.region));
        }
        if t.account != w.account {
            let _ = writeln!(y, "    account: {}", q(&t.account));
        }
        y.push_str(if t.attachments.is_empty() {
            "    attachments: []\n"
        } else {
            "    attachments:\n"
        });
        for (id, kind, to, subnets, table) in &t.attachments {
            let _ = write!(y, "      - {{ id: {}, {kind}: {}", q(id), q(to));
            if !subnets.is_empty() {
                let _ = write!(y, ", subnets: {}", list(subnets));
            }
            if let Some(table) = table {
                let _ = write!(y, ", route_table: {}", q(table));
            }
            y.push_str(" }\n");
        }
        if !t.tables.is_empty() {
            y.push_str("    route_tables:\n");
        }
        for (id, propagations, routes) in &t.tables {
            let _ = writeln!(y, "      - id: {}", q(id));
            if !propagations.is_empty() {
                let _ = writeln!(y, "        propagations: {}", list(propagations));
            }
            if !routes.is_empty() {
                y.push_str("        routes:\n");
                for (dst, target) in routes {
                    let _ = writeln!(
                        y,
                        "          - {{ destination: {dst}, target: {} }}",
                        q(target)
                    );
                }
            }
        }
    }
    y
}

/// One VPC and what is inside it.
fn vpc(y: &mut String, w: &World, v: &super::convert::VpcOut) {
    let _ = writeln!(y, "  - id: {}", q(&v.id));
    if v.region != w.region {
        let _ = writeln!(y, "    region: {}", q(&v.region));
    }
    if v.account != w.account {
        let _ = writeln!(y, "    account: {}", q(&v.account));
    }
    let cidrs: Vec<String> = v.cidrs.iter().map(ToString::to_string).collect();
    let _ = writeln!(y, "    cidrs: {}", list(&cidrs));
    if !v.dns_servers.is_empty() {
        let _ = writeln!(y, "    dns_servers: {}", list(&v.dns_servers));
    }
    if !v.dns_support {
        y.push_str("    dns_support: false\n");
    }
    if v.dns_hostnames {
        y.push_str("    dns_hostnames: true\n");
    }
    if let Some(g) = &v.igw {
        let _ = writeln!(y, "    internet_gateway: {}", q(g));
    }
    if let Some((g, sites)) = &v.vgw {
        let _ = writeln!(
            y,
            "    vpn_gateway: {{ id: {}, vpn: {} }}",
            q(g),
            list(sites)
        );
    }
    if !v.subnets.is_empty() {
        y.push_str("    subnets:\n");
    }
    for s in &v.subnets {
        let _ = write!(y, "      - {{ id: {}, cidr: {}", q(&s.id), s.cidr);
        if let Some(az) = &s.az {
            let _ = write!(y, ", az: {}", q(az));
        }
        if let Some(rt) = &s.route_table {
            let _ = write!(y, ", route_table: {}", q(rt));
        }
        if let Some(acl) = &s.acl {
            let _ = write!(y, ", network_acl: {}", q(acl));
        }
        y.push_str(" }\n");
    }
    if !v.route_tables.is_empty() {
        y.push_str("    route_tables:\n");
    }
    for rt in &v.route_tables {
        let _ = writeln!(y, "      - id: {}", q(&rt.id));
        if rt.main {
            y.push_str("        main: true\n");
        }
        if rt.propagation {
            y.push_str("        vpn_gateway_propagation: true\n");
        }
        if !rt.routes.is_empty() {
            y.push_str("        routes:\n");
        }
        for (dst, target) in &rt.routes {
            let _ = writeln!(
                y,
                "          - {{ destination: {dst}, target: {} }}",
                q(target)
            );
        }
    }
    if !v.nats.is_empty() {
        y.push_str("    nat_gateways:\n");
    }
    for (id, subnet, eip, private, public) in &v.nats {
        let _ = write!(y, "      - {{ id: {}, subnet: {}", q(id), q(subnet));
        if !public {
            y.push_str(", connectivity: private");
        }
        if let Some(ip) = eip {
            let _ = write!(y, ", elastic_ip: {ip}");
        }
        if let Some(ip) = private {
            let _ = write!(y, ", private_ip: {ip}");
        }
        y.push_str(" }\n");
    }
    if !v.endpoints.is_empty() {
        y.push_str("    endpoints:\n");
    }
    for e in &v.endpoints {
        let _ = writeln!(y, "      - id: {}", q(&e.id));
        let _ = writeln!(y, "        service: {}", q(&e.service));
        if e.gateway {
            y.push_str("        type: gateway\n");
            let _ = writeln!(y, "        route_tables: {}", list(&e.route_tables));
        } else {
            let _ = writeln!(y, "        subnets: {}", list(&e.subnets));
            let _ = writeln!(y, "        private_dns: {}", e.private_dns);
            if !e.addresses.is_empty() {
                let _ = writeln!(y, "        addresses: {}", list(&e.addresses));
            }
            if !e.dns_names.is_empty() {
                let _ = writeln!(y, "        dns_names: {}", list(&e.dns_names));
            }
            if !e.groups.is_empty() {
                let _ = writeln!(y, "        security_groups: {}", list(&e.groups));
            }
        }
        if let Some(p) = &e.policy {
            let _ = writeln!(y, "        policy: {p}");
        }
    }
    if !v.groups.is_empty() {
        y.push_str("    security_groups:\n");
    }
    for g in &v.groups {
        let _ = writeln!(y, "      - id: {}", q(&g.id));
        let _ = writeln!(y, "        ingress: [{}]", g.ingress.join(", "));
        let _ = writeln!(y, "        egress: [{}]", g.egress.join(", "));
    }
    if !v.acls.is_empty() {
        y.push_str("    network_acls:\n");
    }
    for a in &v.acls {
        let _ = writeln!(y, "      - id: {}", q(&a.id));
        let _ = writeln!(y, "        ingress: [{}]", a.ingress.join(", "));
        let _ = writeln!(y, "        egress: [{}]", a.egress.join(", "));
    }
    for (key, items) in [
        ("lambda_functions", &v.functions),
        ("resolver_endpoints", &v.resolver_endpoints),
    ] {
        if !items.is_empty() {
            let _ = writeln!(y, "    {key}:");
            for i in items {
                y.push_str(i);
            }
        }
    }
    if !v.instances.is_empty() {
        y.push_str("    instances:\n");
    }
    for (id, subnet, ip, public, groups) in &v.instances {
        let _ = write!(
            y,
            "      - {{ id: {}, subnet: {}, private_ip: {ip}",
            q(id),
            q(subnet)
        );
        if let Some(p) = public {
            let _ = write!(y, ", public_ip: {p}");
        }
        if !groups.is_empty() {
            let _ = write!(y, ", security_groups: {}", list(groups));
        }
        y.push_str(" }\n");
    }
}
