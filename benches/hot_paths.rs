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

criterion_group!(hot, benches);
criterion_main!(hot);
