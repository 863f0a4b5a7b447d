//! The generator's output: sizes, determinism, the shapes, and what it refuses.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::*;

#[test]
fn vpcs_past_4096_take_the_next_eight_bit_range() {
    assert_eq!(vpc_base(0), (10, 0, 0));
    assert_eq!(vpc_base(4095), (10, 255, 240));
    assert_eq!(vpc_base(4096), (11, 0, 0));
    assert_eq!(vpc_base(MAX_VPCS - 1), (12, 255, 240));
    let p = |vpcs, shape| Params {
        vpcs,
        shape,
        ..Params::large(100)
    };
    assert!(p(MAX_VPCS, Shape::Mesh).check().is_ok());
    assert!(p(MAX_VPCS + 1, Shape::Mesh).check().is_err());
    assert!(p(4097, Shape::HubAndSpoke).check().is_err());
}

fn text(p: &Params) -> String {
    let mut out = Vec::new();
    write(&mut out, p).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn generated_scenarios_are_valid_deterministic_and_mixed() {
    let p = Params {
        vpcs: 5,
        subnets_per_vpc: 6,
        routes_per_table: 6,
        apis: 9,
        custom_domains: 2,
        requests: 400,
        seed: 7,
        shape: Shape::Mesh,
    };
    let a = text(&p);
    assert_eq!(a, text(&p));
    assert_ne!(a, text(&Params { seed: 8, ..p }));
    let net = crate::load::load_str(std::path::Path::new("gen.yaml"), &a)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(net.vpcs.len(), 5);
    assert_eq!(net.subnets.len(), 30);
    let routes: usize = net
        .route_tables
        .iter()
        .filter(|t| t.declared)
        .map(|t| t.routes.len())
        .sum();
    // Each table: 6 static routes, the local route, and the S3 prefix list on private ones.
    assert!(routes >= 30 * 7, "{routes}");
    let kinds: std::collections::BTreeSet<&str> = crate::run::simulate_all(&net)
        .iter()
        .map(|t| t.outcome.kind())
        .collect();
    assert_eq!(kinds.len(), 4, "every outcome kind: {kinds:?}");
}

#[test]
fn a_hub_and_spoke_organisation_reaches_the_hub_and_meets_the_captured_403() {
    let p = Params {
        vpcs: 6,
        subnets_per_vpc: 4,
        routes_per_table: 4,
        apis: 9,
        custom_domains: 2,
        requests: 300,
        seed: 3,
        shape: Shape::HubAndSpoke,
    };
    let net = crate::load::load_str(std::path::Path::new("org.yaml"), &text(&p))
        .unwrap_or_else(|e| panic!("{e}"));
    // Six VPC attachments and the data centre's VPN.
    assert_eq!(net.tgw_attachments.len(), 7);
    let traces = crate::run::simulate_all(&net);
    let status = |t: &crate::trace::Trace, want: u16| matches!(t.outcome, crate::trace::Outcome::Http { status, .. } if status == want);
    let on_path = |t: &crate::trace::Trace, id: &str| t.path.iter().any(|n| n == id);
    let captured = traces
        .iter()
        .any(|t| status(t, 403) && on_path(t, "tgw-org") && on_path(t, "vpce-api-0"));
    assert!(
        captured,
        "a spoke's public API call captured by the hub's endpoint"
    );
    let through = traces
        .iter()
        .filter(|t| status(t, 200) && on_path(t, "tgw-org") && on_path(t, "nat-0"))
        .count();
    assert!(
        through > 0,
        "spokes reach the internet through the hub's NAT gateway"
    );
}

#[test]
fn two_vpcs_and_one_vpc_are_valid_too() {
    for shape in [Shape::Mesh, Shape::HubAndSpoke, Shape::NetworkHeavy] {
        for vpcs in [1, 2] {
            let p = Params {
                vpcs,
                shape,
                ..Params::large(1000)
            };
            let t = text(&Params { requests: 50, ..p });
            crate::load::load_str(std::path::Path::new("gen.yaml"), &t)
                .unwrap_or_else(|e| panic!("{shape:?}, {vpcs} VPCs: {e}"));
        }
    }
}
