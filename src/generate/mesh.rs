//! The mesh shape: every VPC with its own internet and NAT gateways, an execute-api endpoint,
//! and peering connections in a ring.

use super::*;

/// The VPCs and their peerings.
pub(super) fn vpcs(w: &mut dyn Write, p: &Params, vpcs: usize, subnets: usize) -> io::Result<()> {
    writeln!(w, "vpcs:")?;
    for v in 0..vpcs {
        let (o, a, b) = vpc_base(v);
        writeln!(w, "  - id: vpc-{v}")?;
        writeln!(w, "    cidr: {o}.{a}.{b}.0/20")?;
        writeln!(w, "    dns_hostnames: true")?;
        writeln!(w, "    internet_gateway: igw-{v}")?;
        let heavy = p.shape == Shape::NetworkHeavy;
        let routes = routes_per_table(p);
        write_subnets(w, v, (o, a, b), subnets, heavy)?;
        writeln!(w, "    route_tables:")?;
        for s in 0..subnets {
            writeln!(w, "      - id: rtb-{v}-{s}")?;
            writeln!(w, "        routes:")?;
            // Subnet 0 is public, 1 holds the NAT gateway (public too), the last is the
            // endpoints' subnet, the one before it is isolated, the rest are private.
            let default = match s {
                0 | 1 => Some(format!("igw-{v}")),
                _ if s == subnets - 2 => None,
                _ if s == subnets - 1 => None,
                _ => Some(format!("nat-{v}")),
            };
            let mut written = 0;
            if let Some(t) = &default {
                writeln!(w, "          - {{ destination: 0.0.0.0/0, target: {t} }}")?;
                written += 1;
            }
            if vpcs > 1 && written < routes {
                let peer = (v + 1) % vpcs;
                let (po, pa, pb) = vpc_base(peer);
                // The ring: pcx-v joins v and v+1 (with two VPCs, only pcx-0 exists).
                let pcx = if vpcs == 2 {
                    "pcx-0".to_string()
                } else {
                    format!("pcx-{v}")
                };
                writeln!(
                    w,
                    "          - {{ destination: {po}.{pa}.{pb}.0/20, target: {pcx} }}"
                )?;
                written += 1;
            }
            if vpcs > 2 && written < routes {
                let peer = (v + vpcs - 1) % vpcs;
                let (po, pa, pb) = vpc_base(peer);
                writeln!(
                    w,
                    "          - {{ destination: {po}.{pa}.{pb}.0/20, target: pcx-{peer} }}"
                )?;
                written += 1;
            }
            // Extra routes: distinct /24s of 198.18.0.0/15 (the benchmarking range).
            let mut k = 0;
            while written < routes {
                let target = match (k + s) % 3 {
                    0 => "blackhole".to_string(),
                    1 if default.is_some() => format!("igw-{v}"),
                    _ if s >= 2 && s < subnets - 2 => format!("nat-{v}"),
                    _ => "blackhole".to_string(),
                };
                writeln!(
                    w,
                    "          - {{ destination: 198.{}.{}.0/24, target: {target} }}",
                    18 + k / 256,
                    k % 256
                )?;
                k += 1;
                written += 1;
            }
        }
        if heavy {
            heavy_acl(w, v)?;
        }
        writeln!(w, "    nat_gateways:")?;
        writeln!(w, "      - {{ id: nat-{v}, subnet: subnet-{v}-1 }}")?;
        writeln!(w, "    endpoints:")?;
        let private_dns = v % 3 != 2;
        writeln!(
            w,
            "      - {{ id: vpce-api-{v}, service: execute-api, subnets: [subnet-{v}-{}], security_groups: [sg-endpoints-{v}], private_dns: {private_dns} }}",
            subnets - 1
        )?;
        let private: Vec<String> = (0..subnets - 2).map(|s| format!("rtb-{v}-{s}")).collect();
        writeln!(
            w,
            "      - {{ id: vpce-s3-{v}, service: s3, type: gateway, route_tables: [{}] }}",
            private.join(", ")
        )?;
        writeln!(w, "    security_groups:")?;
        writeln!(w, "      - id: sg-endpoints-{v}")?;
        writeln!(w, "        ingress:")?;
        writeln!(
            w,
            "          - {{ protocol: tcp, ports: 443, cidr: {o}.{a}.{b}.0/20 }}"
        )?;
        writeln!(w, "      - id: sg-app-{v}")?;
        if heavy {
            heavy_rules(w, (o, a, b))?;
        }
        writeln!(w, "    instances:")?;
        for s in 0..subnets - 1 {
            let public = if s == 0 { ", public_ip: true" } else { "" };
            writeln!(
                w,
                "      - {{ id: i-{v}-{s}, subnet: subnet-{v}-{s}, security_groups: [sg-app-{v}]{public} }}"
            )?;
        }
    }
    if vpcs > 1 {
        writeln!(w, "peerings:")?;
        let last = if vpcs == 2 { 1 } else { vpcs };
        for v in 0..last {
            writeln!(
                w,
                "  - {{ id: pcx-{v}, requester: vpc-{v}, accepter: vpc-{} }}",
                (v + 1) % vpcs
            )?;
        }
    }
    Ok(())
}

/// A network-heavy VPC's application group's rules: ingress from its own /20 on 443, then one
/// port each from distinct /24s of 100.64.0.0/10.
fn heavy_rules(w: &mut dyn Write, (o, a, b): (usize, usize, usize)) -> io::Result<()> {
    let range = |k: usize| format!("100.{}.{}.0/24", 64 + k / 256, k % 256);
    writeln!(w, "        ingress:")?;
    writeln!(
        w,
        "          - {{ protocol: tcp, ports: 443, cidr: {o}.{a}.{b}.0/20 }}"
    )?;
    for k in 1..HEAVY_RULES {
        writeln!(
            w,
            "          - {{ protocol: tcp, ports: {}, cidr: {} }}",
            8000 + k,
            range(k)
        )?;
    }
    Ok(())
}

/// A network-heavy VPC's network ACL, on every subnet of the VPC: denies of the same /24s
/// first (rules 10, 20, ...), then everything else allowed, both ways.
pub(super) fn heavy_acl(w: &mut dyn Write, v: usize) -> io::Result<()> {
    let range = |k: usize| format!("100.{}.{}.0/24", 64 + k / 256, k % 256);
    writeln!(w, "    network_acls:")?;
    writeln!(w, "      - id: acl-{v}")?;
    for direction in ["ingress", "egress"] {
        writeln!(w, "        {direction}:")?;
        for k in 1..HEAVY_RULES {
            writeln!(
                w,
                "          - {{ rule: {}, action: deny, protocol: all, cidr: {} }}",
                k * 10,
                range(k)
            )?;
        }
        writeln!(
            w,
            "          - {{ rule: {}, action: allow, protocol: all, cidr: 0.0.0.0/0 }}",
            HEAVY_RULES * 10
        )?;
    }
    Ok(())
}
