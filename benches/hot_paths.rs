//! Benchmarks of the hot paths, on a generated scenario of the `small` size (10 VPCs, 100
//! subnets, 1,000 routes, 10,000 requests) and on the bundled reported case.
//! Run with `cargo bench`; docs/performance.md records the figures.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn small() -> String {
    let mut out = Vec::new();
    vpcpath::generate::write(&mut out, &vpcpath::generate::Params::large(100)).unwrap();
    String::from_utf8(out).unwrap()
}

fn benches(c: &mut Criterion) {
    let text = small();
    let path = Path::new("small.yaml");
    let net = vpcpath::load::load_str(path, &text).unwrap();
    let model: vpcpath::model::Scenario =
        serde_saphyr::from_str_with_options(&text, vpcpath::load::yaml_options(text.len()))
            .unwrap();

    let mut g = c.benchmark_group("small scenario");
    g.sample_size(10);
    g.bench_function("parse YAML only (the floor)", |b| {
        b.iter(|| {
            let v: serde::de::IgnoredAny = serde_saphyr::from_str_with_options(
                black_box(&text),
                vpcpath::load::yaml_options(text.len()),
            )
            .unwrap();
            v
        })
    });
    g.bench_function("load: parse and validate", |b| {
        b.iter(|| vpcpath::load::load_str(path, black_box(&text)).unwrap())
    });
    g.bench_function("validate and build the graph", |b| {
        b.iter(|| vpcpath::validate::validate(black_box(&model)).unwrap())
    });
    g.bench_function("simulate every request", |b| {
        b.iter(|| vpcpath::run::simulate_all(black_box(&net)))
    });
    g.finish();

    let reported =
        vpcpath::load::load_file(Path::new("scenarios/execute-api-private-dns-403.yaml")).unwrap();
    let vpc = vpcpath::net::VpcIx(0);
    c.bench_function("DNS: a name captured by endpoint private DNS", |b| {
        b.iter(|| {
            vpcpath::dns::resolve(
                black_box(&reported),
                vpcpath::dns::View::Vpc(vpc),
                "a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com",
            )
        })
    });
    let table = net.table_of(vpcpath::net::SubnetIx(3));
    c.bench_function("longest prefix match in a 12-route table", |b| {
        b.iter(|| net.lookup(black_box(table), black_box("198.18.4.9".parse().unwrap())))
    });
    let acl = vpcpath::net::NetworkAcl {
        id: "acl".into(),
        vpc,
        ingress: (1..=50)
            .map(|n| vpcpath::net::NaclRule {
                number: n * 10,
                allow: n % 2 == 0,
                protocol: vpcpath::net::Protocol::Tcp,
                ports: (n as u16 * 100, n as u16 * 100 + 99),
                cidr: "0.0.0.0/0".parse().unwrap(),
            })
            .collect(),
        egress: Vec::new(),
    };
    c.bench_function("network ACL: 50 rules, a reply range", |b| {
        b.iter(|| {
            vpcpath::filter::nacl_range(
                black_box(&acl),
                vpcpath::net::Direction::Ingress,
                vpcpath::net::Protocol::Tcp,
                (32768, 60999),
                "192.0.2.1".parse().unwrap(),
            )
        })
    });
    let one = &reported.requests[0];
    c.bench_function("one request end to end (the reported 403)", |b| {
        b.iter(|| vpcpath::engine::simulate(black_box(&reported), black_box(one)))
    });
    c.bench_function("one request, the summary's walk (no steps built)", |b| {
        b.iter(|| vpcpath::engine::ending(black_box(&reported), black_box(one)))
    });
    c.bench_function("one request end to end, as a JSON line", |b| {
        b.iter(|| {
            vpcpath::report::json::line(
                "f.yaml",
                &vpcpath::engine::simulate(black_box(&reported), black_box(one)),
            )
        })
    });
}

/// A scenario grown along one axis to `n`: instances in one subnet, subnets (160 per VPC),
/// records in one zone, or public zones.
fn grown(axis: &str, n: usize) -> String {
    use std::fmt::Write as _;
    let mut s = String::from("scenario: growth\nregion: us-east-1\n");
    match axis {
        "instances" => {
            s.push_str("vpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16\n    subnets: [{ id: subnet-a, cidr: 10.0.0.0/16 }]\n    instances:\n");
            for i in 0..n {
                let _ = writeln!(s, "      - {{ id: i-{i:08x}, subnet: subnet-a }}");
            }
        }
        "subnets" => {
            s.push_str("vpcs:\n");
            for v in 0..n / 160 {
                let _ = writeln!(
                    s,
                    "  - id: vpc-{v:05}\n    cidr: 10.{}.0.0/16\n    subnets:",
                    v % 250
                );
                for i in 0..160 {
                    let _ = writeln!(
                        s,
                        "      - {{ id: subnet-{v:05}-{i:03}, cidr: 10.{}.{i}.0/24 }}",
                        v % 250
                    );
                }
            }
        }
        "records" => {
            s.push_str("dns_zones:\n  - name: example.com\n    records:\n");
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "      - {{ name: h{i}.example.com, type: A, value: 10.1.{}.{} }}",
                    (i / 250) % 250,
                    i % 250 + 1
                );
            }
        }
        _ => {
            s.push_str("dns_zones:\n");
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "  - name: z{i}.example.com\n    records: [{{ name: a.z{i}.example.com, type: A, value: 10.1.1.1 }}]"
                );
            }
        }
    }
    s.push_str("requests: []\n");
    s
}

/// Each axis at two sizes ten times apart: a linear path takes about ten times as long at the
/// larger, a quadratic one a hundred.
fn growth(c: &mut Criterion) {
    let mut g = c.benchmark_group("growth");
    g.sample_size(10);
    for axis in ["instances", "subnets", "records", "zones"] {
        for n in [1_600, 16_000] {
            let text = grown(axis, n);
            let model: vpcpath::model::Scenario =
                serde_saphyr::from_str_with_options(&text, vpcpath::load::yaml_options(text.len()))
                    .unwrap();
            g.bench_function(format!("validate: {n} {axis}"), |b| {
                b.iter(|| vpcpath::validate::validate(black_box(&model)).unwrap())
            });
            if axis == "records" || axis == "zones" {
                let net = vpcpath::validate::validate(&model).unwrap();
                let name = if axis == "records" {
                    format!("h{}.example.com", n - 1)
                } else {
                    format!("a.z{}.example.com", n - 1)
                };
                g.bench_function(format!("DNS: a name among {n} {axis}"), |b| {
                    b.iter(|| {
                        vpcpath::dns::resolve(&net, vpcpath::dns::View::Public, black_box(&name))
                    })
                });
            }
        }
    }
    g.finish();
}

criterion_group!(hot, benches, growth);
criterion_main!(hot);
