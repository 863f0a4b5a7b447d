//! A deterministic synthetic scenario generator, for benchmarks and scale tests.
//!
//! The world is realistic in mix: every VPC has a public subnet with an internet gateway and a
//! NAT gateway, private subnets behind the NAT gateway, isolated subnets, and an endpoint
//! subnet with an execute-api interface endpoint (private DNS on in two VPCs out of three) and
//! an S3 gateway endpoint; VPCs are peered in a ring; route tables carry extra static routes
//! (to the internet gateway, the NAT gateway, blackholes and peers); every subnet has an
//! instance. APIs are public (Regional and edge) and private; some have custom domains behind
//! a public zone. Requests mix every destination, so every outcome appears: 200s, 403s,
//! timeouts, DNS failures and TLS errors.
//!
//! The text is written straight to a `Write`, in a fixed order from a seeded generator
//! (SplitMix64), so the same parameters always give the same bytes.

use std::io::{self, Write};

mod hub;
mod mesh;

/// How the generated VPCs are connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// Every VPC has its own gateways and endpoints; VPCs are peered in a ring.
    #[default]
    Mesh,
    /// An organisation: VPC 0 is a shared-services hub with the internet and NAT gateways and a
    /// central execute-api endpoint; every other VPC is a spoke attached to one transit
    /// gateway, half of them associated with a private zone that sends execute-api names to
    /// the hub's endpoint.
    HubAndSpoke,
    /// The mesh with heavy networks: long route tables (at least 100 routes), a security group
    /// per VPC with many rules, and a network ACL per VPC on every subnet, with many rules.
    NetworkHeavy,
}

/// Rules of each network-heavy VPC's security group and network ACL (each direction).
pub const HEAVY_RULES: usize = 40;

/// Routes per table of a network-heavy VPC, at least.
pub const HEAVY_ROUTES: usize = 100;

/// Sizes of a generated scenario.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// VPCs (at most [`MAX_VPCS`]: each takes a /20 of 10.0.0.0/8, then 11.0.0.0/8 and 12.0.0.0/8; the hub-and-spoke shape at most 4,096).
    pub vpcs: usize,
    /// Subnets per VPC (at least 4, at most 16: /24s of the VPC's /20).
    pub subnets_per_vpc: usize,
    /// Routes per route table, beyond `local` (each subnet has its own table).
    pub routes_per_table: usize,
    /// APIs (a third private, a third edge, a third Regional).
    pub apis: usize,
    /// Custom domains (edge-optimized, on the public APIs).
    pub custom_domains: usize,
    /// Requests.
    pub requests: usize,
    /// Seed.
    pub seed: u64,
    /// How the VPCs are connected.
    pub shape: Shape,
}

impl Params {
    /// The large scenario at `scale` 1: 1,000 VPCs, 10,000 subnets, 100,000 routes,
    /// 1,000,000 requests. `scale` 10 and 100 divide every size.
    pub fn large(divisor: usize) -> Params {
        let d = divisor.max(1);
        Params {
            vpcs: (1000 / d).max(1),
            subnets_per_vpc: 10,
            routes_per_table: 10,
            apis: (300 / d).max(3),
            custom_domains: (100 / d).max(1),
            requests: (1_000_000 / d).max(1),
            seed: 1,
            shape: Shape::Mesh,
        }
    }
}

impl Params {
    /// Whether the sizes fit what the generator can write: `Err` says which does not, and
    /// what to ask for instead (`write` would otherwise bring it within bounds without a word).
    pub fn check(&self) -> Result<(), String> {
        if !(1..=MAX_VPCS).contains(&self.vpcs) {
            return Err(format!(
                "--vpcs {}: the generator writes 1 to 12,288 VPCs (each takes a /20 of 10.0.0.0/8, then of 11.0.0.0/8 and 12.0.0.0/8)",
                self.vpcs
            ));
        }
        if self.shape == Shape::HubAndSpoke && self.vpcs > 4096 {
            return Err(format!(
                "--vpcs {}: the hub-and-spoke shape writes 1 to 4,096 VPCs (its routes and rules name the organisation as 10.0.0.0/8)",
                self.vpcs
            ));
        }
        if !(4..=16).contains(&self.subnets_per_vpc) {
            return Err(format!(
                "--subnets-per-vpc {}: the generator writes 4 to 16 subnets per VPC (/24s of its /20)",
                self.subnets_per_vpc
            ));
        }
        if self.apis < 3 {
            return Err(format!(
                "--apis {}: the generator writes at least 3 APIs (one of each endpoint type)",
                self.apis
            ));
        }
        if self.custom_domains < 1 || self.custom_domains > self.apis / 3 {
            return Err(format!(
                "--custom-domains {}: the generator writes 1 to {} custom domains with {} APIs (one per edge-optimized API)",
                self.custom_domains,
                self.apis / 3,
                self.apis
            ));
        }
        Ok(())
    }
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The most VPCs the generator writes: 4,096 /20s in each of 10.0.0.0/8, 11.0.0.0/8 and
/// 12.0.0.0/8 (AWS takes publicly routable ranges as VPC CIDRs too; the first 4,096 VPCs are
/// in 10.0.0.0/8, as they always were).
pub const MAX_VPCS: usize = 3 * 4096;

/// The /20 of VPC `v`: `o.a.b.0/20`, as (o, a, b).
fn vpc_base(v: usize) -> (usize, usize, usize) {
    let n = (v % 4096) * 16;
    (10 + v / 4096, n / 256, n % 256)
}

/// A VPC's subnets (`subnets` of them, in zones a, b, c in turn, each with its own route
/// table), from its base (`vpc_base`).
fn write_subnets(
    w: &mut dyn Write,
    v: usize,
    (o, a, b): (usize, usize, usize),
    subnets: usize,
    acl: bool,
) -> io::Result<()> {
    writeln!(w, "    subnets:")?;
    let acl = if acl {
        format!(", network_acl: acl-{v}")
    } else {
        String::new()
    };
    for s in 0..subnets {
        writeln!(
            w,
            "      - {{ id: subnet-{v}-{s}, cidr: {o}.{a}.{}.0/24, az: us-east-1{}, route_table: rtb-{v}-{s}{acl} }}",
            b + s,
            ['a', 'b', 'c'][s % 3]
        )?;
    }
    Ok(())
}

/// Routes per table beyond `local`: the parameter, at least [`HEAVY_ROUTES`] when network-heavy.
fn routes_per_table(p: &Params) -> usize {
    match p.shape {
        Shape::NetworkHeavy => p.routes_per_table.max(HEAVY_ROUTES),
        _ => p.routes_per_table,
    }
}

fn api_id(a: usize) -> String {
    format!("gen{a:07}")
}

/// Writes a scenario of the given size (brought within [`Params::check`]'s bounds).
pub fn write(w: &mut dyn Write, p: &Params) -> io::Result<()> {
    let vpcs = p.vpcs.clamp(1, MAX_VPCS);
    let subnets = p.subnets_per_vpc.clamp(4, 16);
    let mut rng = Rng(p.seed);
    writeln!(
        w,
        "scenario: \"Generated{}: {vpcs} VPCs, {} subnets, {} routes, {} requests (seed {})\"",
        match p.shape {
            Shape::Mesh => "",
            Shape::HubAndSpoke => " hub and spokes",
            Shape::NetworkHeavy => " network-heavy",
        },
        vpcs * subnets,
        vpcs * subnets * routes_per_table(p),
        p.requests,
        p.seed
    )?;
    writeln!(
        w,
        "description: Written by `vpcpath generate` for benchmarks and scale tests."
    )?;
    writeln!(w, "region: us-east-1")?;
    match p.shape {
        Shape::Mesh | Shape::NetworkHeavy => mesh::vpcs(w, p, vpcs, subnets)?,
        Shape::HubAndSpoke => hub::vpcs(w, p, vpcs, subnets)?,
    }
    let apis = p.apis.max(3);
    writeln!(w, "apis:")?;
    for a in 0..apis {
        let id = api_id(a);
        match a % 3 {
            0 => {
                writeln!(w, "  - id: {id}")?;
                writeln!(w, "    endpoint: private")?;
                writeln!(w, "    stages: [prod]")?;
                writeln!(w, "    policy:")?;
                writeln!(w, "      Statement:")?;
                writeln!(
                    w,
                    "        - {{ Effect: Allow, Principal: \"*\", Action: execute-api:Invoke, Resource: execute-api:/* }}"
                )?;
                writeln!(
                    w,
                    "        - {{ Effect: Deny, Principal: \"*\", Action: execute-api:Invoke, Resource: execute-api:/*, Condition: {{ StringNotEquals: {{ aws:SourceVpc: vpc-{} }} }} }}",
                    a % vpcs
                )?;
            }
            1 => writeln!(
                w,
                "  - {{ id: {id}, endpoint: edge, stages: [prod], routes: [\"GET /items\", \"ANY /items/{{id}}\"] }}"
            )?,
            _ => writeln!(w, "  - {{ id: {id}, endpoint: regional, stages: [prod] }}")?,
        }
    }
    let domains = p.custom_domains.min(apis / 3).max(1);
    writeln!(w, "custom_domains:")?;
    for d in 0..domains {
        writeln!(
            w,
            "  - {{ name: api{d}.example.com, endpoint: edge, target: d{d:07}abcdef.cloudfront.net, mappings: [{{ path: \"\", api: {}, stage: prod }}] }}",
            api_id(d * 3 + 1)
        )?;
    }
    writeln!(w, "dns_zones:")?;
    writeln!(w, "  - name: example.com")?;
    writeln!(w, "    records:")?;
    for d in 0..domains {
        writeln!(
            w,
            "      - {{ name: api{d}.example.com, type: CNAME, value: d{d:07}abcdef.cloudfront.net }}"
        )?;
    }
    if p.shape == Shape::HubAndSpoke {
        hub::zone(w, vpcs)?;
    }
    writeln!(w, "requests:")?;
    for r in 0..p.requests {
        let v = rng.below(vpcs);
        let s = rng.below(subnets - 1);
        let from = if rng.below(20) == 0 {
            "internet".to_string()
        } else if p.shape == Shape::HubAndSpoke && rng.below(20) == 0 {
            format!("laptop-{}", rng.below(hub::SITE_CLIENTS))
        } else {
            format!("i-{v}-{s}")
        };
        let url = match rng.below(10) {
            0 | 1 => format!(
                "https://{}.execute-api.us-east-1.amazonaws.com/prod/items",
                api_id(rng.below(apis))
            ),
            2 => format!(
                "https://{}.execute-api.us-east-1.amazonaws.com/dev/items",
                api_id(rng.below(apis))
            ),
            3 => format!("https://api{}.example.com/items/7", rng.below(domains)),
            4 => format!(
                "https://bucket-{}.s3.us-east-1.amazonaws.com/key",
                rng.below(100)
            ),
            5 => "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity".to_string(),
            6 => format!(
                "https://vpce-api-{}.execute-api.us-east-1.vpce.amazonaws.com/prod/items",
                match p.shape {
                    Shape::Mesh | Shape::NetworkHeavy => (v + 1) % vpcs,
                    Shape::HubAndSpoke => 0,
                }
            ),
            7 => format!("https://198.{}.{}.9/", 18 + rng.below(2), rng.below(256)),
            8 => "https://execute-api.us-east-1.amazonaws.com/".to_string(),
            _ => format!("https://missing{}.example.com/", rng.below(10)),
        };
        writeln!(w, "  - {{ name: r{r}, from: {from}, url: \"{url}\" }}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
