//! The index's lookups for DNS forwarding.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::*;

#[test]
fn the_index_knows_which_vpcs_forward_dns_and_finds_rules_endpoints_and_sites_by_id() {
    let text = r#"
scenario: index of DNS forwarding
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    subnets: [{ id: subnet-a, cidr: 10.1.1.0/24 }, { id: subnet-a2, cidr: 10.1.2.0/24 }]
    resolver_endpoints:
      - { id: rslvr-in, direction: inbound, subnets: [subnet-a, subnet-a2] }
      - { id: rslvr-out, direction: outbound, subnets: [subnet-a, subnet-a2] }
  - id: vpc-b
    cidr: 10.2.0.0/16
    subnets: [{ id: subnet-b, cidr: 10.2.1.0/24 }]
sites:
  - { id: dc, cidrs: [172.16.0.0/16], dns_servers: [172.16.0.53] }
resolver_rules:
  - { id: rr-sys, domain: sys.example, type: system, vpcs: [vpc-b] }
  - { id: rr-fwd, domain: corp.example, type: forward, targets: [172.16.0.53], endpoint: rslvr-out, vpcs: [vpc-a] }
"#;
    let net = crate::load::load_str(std::path::Path::new("i.yaml"), text).unwrap();
    let ix = &net.index;
    // A system rule forwards nothing: only vpc-a has a forwarding rule.
    assert_eq!(ix.forwarding_rule_in_vpc, [true, false]);
    assert!(ix.forwards_dns);
    assert_eq!(
        ix.resolver_rule_by_id.get("rr-fwd"),
        Some(&ResolverRuleIx(1))
    );
    assert_eq!(
        ix.resolver_endpoint_by_id.get("rslvr-out"),
        Some(&ResolverEndpointIx(1))
    );
    assert_eq!(ix.site_by_id.get("dc"), Some(&SiteIx(0)));
    // Without the forwarding rule, and with no site forwarder, nothing forwards.
    let text = text.replace(
        "type: forward, targets: [172.16.0.53], endpoint: rslvr-out",
        "type: system",
    );
    let net = crate::load::load_str(std::path::Path::new("i.yaml"), &text).unwrap();
    assert_eq!(net.index.forwarding_rule_in_vpc, [false, false]);
    assert!(!net.index.forwards_dns);
}
