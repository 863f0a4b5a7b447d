//! The hub-and-spoke shape: a shared-services hub VPC with the internet and NAT gateways, a
//! central execute-api endpoint (private DNS off) and a Resolver inbound endpoint; spokes
//! attached to one transit gateway; a data centre over a VPN attachment whose DNS servers
//! forward execute-api names to the hub; and a private zone that sends the execute-api names of
//! the hub and half the spokes to the hub's endpoint.

use super::*;

/// The hub's subnets that carry the transit gateway's attachment: one in each zone, among the
/// subnets routed to the NAT gateway (2 and up) where the zone has one, as a real hub keeps its
/// attachment out of its public subnets; else the zone's public subnet. Every zone needs one:
/// the replies from the NAT gateway's zone reach the transit gateway only through it (F6.15).
fn hub_attachment_subnets(subnets: usize) -> Vec<usize> {
    (0..3)
        .filter_map(|zone| (1..subnets).find(|s| s % 3 == zone))
        .collect()
}

/// The VPCs, the transit gateway and its route tables.
pub(super) fn vpcs(w: &mut dyn Write, p: &Params, vpcs: usize, subnets: usize) -> io::Result<()> {
    writeln!(w, "vpcs:")?;
    for v in 0..vpcs {
        let hub = v == 0;
        let (o, a, b) = vpc_base(v);
        writeln!(w, "  - id: vpc-{v}")?;
        writeln!(w, "    cidr: {o}.{a}.{b}.0/20")?;
        writeln!(w, "    dns_hostnames: true")?;
        if hub {
            writeln!(w, "    internet_gateway: igw-{v}")?;
        }
        write_subnets(w, v, (o, a, b), subnets, false)?;
        writeln!(w, "    route_tables:")?;
        for s in 0..subnets {
            writeln!(w, "      - id: rtb-{v}-{s}")?;
            writeln!(w, "        routes:")?;
            // The hub: subnet 0 is public and holds the NAT gateway, the rest go out through
            // it; every hub table sends the organisation to the transit gateway. A spoke sends
            // everything to the transit gateway.
            let default = match (hub, s) {
                (true, 0) => format!("igw-{v}"),
                (true, _) => format!("nat-{v}"),
                (false, _) => "tgw-org".to_string(),
            };
            writeln!(
                w,
                "          - {{ destination: 0.0.0.0/0, target: {default} }}"
            )?;
            let mut written = 1;
            for org in ["10.0.0.0/8", SITE_CIDR] {
                if hub && written < p.routes_per_table {
                    writeln!(w, "          - {{ destination: {org}, target: tgw-org }}")?;
                    written += 1;
                }
            }
            let mut k = 0;
            while written < p.routes_per_table {
                let target = if k % 2 == 0 { "blackhole" } else { &default };
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
        if hub {
            writeln!(w, "    nat_gateways:")?;
            writeln!(w, "      - {{ id: nat-{v}, subnet: subnet-{v}-0 }}")?;
            writeln!(w, "    endpoints:")?;
            writeln!(
                w,
                "      - {{ id: vpce-api-{v}, service: execute-api, subnets: [subnet-{v}-{}], security_groups: [sg-endpoints-{v}], private_dns: false }}",
                subnets - 1
            )?;
            writeln!(w, "    resolver_endpoints:")?;
            writeln!(
                w,
                "      - {{ id: rslvr-in-{v}, direction: inbound, subnets: [subnet-{v}-1, subnet-{v}-2] }}"
            )?;
        }
        writeln!(w, "    security_groups:")?;
        if hub {
            writeln!(w, "      - id: sg-endpoints-{v}")?;
            writeln!(w, "        ingress:")?;
            writeln!(
                w,
                "          - {{ protocol: tcp, ports: 443, cidr: 10.0.0.0/8 }}"
            )?;
            writeln!(
                w,
                "          - {{ protocol: tcp, ports: 443, cidr: {SITE_CIDR} }}"
            )?;
        }
        writeln!(w, "      - id: sg-app-{v}")?;
        writeln!(w, "    instances:")?;
        for s in 0..subnets - 1 {
            let public = if hub && s == 0 {
                ", public_ip: true"
            } else {
                ""
            };
            writeln!(
                w,
                "      - {{ id: i-{v}-{s}, subnet: subnet-{v}-{s}, security_groups: [sg-app-{v}]{public} }}"
            )?;
        }
    }
    writeln!(w, "sites:")?;
    writeln!(w, "  - id: dc-0")?;
    writeln!(w, "    cidrs: [{SITE_CIDR}]")?;
    writeln!(w, "    dns_servers: [172.16.0.53]")?;
    writeln!(w, "    dns_forwarders:")?;
    writeln!(
        w,
        "      - {{ domain: execute-api.us-east-1.amazonaws.com, to: rslvr-in-0 }}"
    )?;
    writeln!(w, "    clients:")?;
    for k in 0..SITE_CLIENTS {
        writeln!(w, "      - {{ id: laptop-{k}, ip: 172.16.1.{} }}", 10 + k)?;
    }
    writeln!(w, "transit_gateways:")?;
    writeln!(w, "  - id: tgw-org")?;
    writeln!(w, "    attachments:")?;
    writeln!(
        w,
        "      - {{ id: tgw-attach-vpn, vpn: dc-0, route_table: tgw-rtb-spokes }}"
    )?;
    for v in 0..vpcs {
        let (list, table) = if v == 0 {
            (hub_attachment_subnets(subnets), "tgw-rtb-hub")
        } else {
            (vec![0, 1, 2], "tgw-rtb-spokes")
        };
        let list: Vec<String> = list.iter().map(|s| format!("subnet-{v}-{s}")).collect();
        writeln!(
            w,
            "      - {{ id: tgw-attach-{v}, vpc: vpc-{v}, subnets: [{}], route_table: {table} }}",
            list.join(", ")
        )?;
    }
    writeln!(w, "    route_tables:")?;
    writeln!(w, "      - id: tgw-rtb-spokes")?;
    writeln!(w, "        propagations: [tgw-attach-0]")?;
    writeln!(
        w,
        "        routes: [{{ destination: 0.0.0.0/0, target: tgw-attach-0 }}]"
    )?;
    writeln!(w, "      - id: tgw-rtb-hub")?;
    let spokes: Vec<String> = (1..vpcs)
        .map(|v| format!("tgw-attach-{v}"))
        .chain(["tgw-attach-vpn".to_string()])
        .collect();
    writeln!(w, "        propagations: [{}]", spokes.join(", "))?;
    Ok(())
}

/// The data centre's range.
const SITE_CIDR: &str = "172.16.0.0/16";

/// The clients in the data centre (`laptop-{k}`).
pub(super) const SITE_CLIENTS: usize = 10;

/// The hub's private zone for execute-api names, associated with the hub (which the data
/// centre's DNS servers ask) and every other spoke: there a public API's default name reaches
/// the hub's endpoint and is refused (the reported 403).
pub(super) fn zone(w: &mut dyn Write, vpcs: usize) -> io::Result<()> {
    let spokes: Vec<String> = (0..vpcs)
        .filter(|v| v % 2 == 1 || *v == 0)
        .map(|v| format!("vpc-{v}"))
        .collect();
    if spokes.is_empty() {
        return Ok(());
    }
    writeln!(w, "  - name: execute-api.us-east-1.amazonaws.com")?;
    writeln!(w, "    private: true")?;
    writeln!(w, "    vpcs: [{}]", spokes.join(", "))?;
    writeln!(w, "    records:")?;
    writeln!(
        w,
        "      - {{ name: \"*.execute-api.us-east-1.amazonaws.com\", type: ALIAS, target: vpce-api-0.execute-api.us-east-1.vpce.amazonaws.com }}"
    )
}
