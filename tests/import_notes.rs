//! `vpcpath import aws` where the dump leaves something unsaid or is of another shape: a load
//! balancer's notes (written dumps), a Direct Connect association's allowed prefixes.

use std::path::Path;

use vpcpath::import::aws;

use crate::import::scratch;

#[test]
fn a_balancers_notes_say_what_the_dump_leaves_unsaid() {
    // Hand-written: an Application Load Balancer whose dump holds one of its two nodes'
    // addresses, a listener weighted across two target groups, an ip group without a port
    // whose target has its own, and a listener forwarding to a Lambda function's group.
    let a = aws::import(Path::new("tests/fixtures/aws-cli-written/balancers")).unwrap();
    let note = |words: &str| a.notes.iter().any(|n| n.contains(words));
    assert!(
        note(
            "the dump holds the addresses of some of its nodes only: vpcpath allocates every node's: web"
        ),
        "{:#?}",
        a.notes
    );
    assert!(note(
        "a forward weighted across several target groups: only the first is imported: web, accounts/111122223333/us-east-1/LoadBalancerListeners.json at LoadBalancerListeners[0].Listeners[0]"
    ));
    assert!(note(
        "the dump gives the target group no port: written with port 1, which none of its targets uses (each has its own): web-green"
    ));
    // The listener forwarding to the Lambda function's group is left out, said once at the
    // listener; the group then serves nothing and is left out too.
    assert!(note(
        "a listener forwarding to target group web-fn, whose targets are of type lambda, which vpcpath does not model (instance and ip only): left out, with the group: web"
    ));
    assert!(!note("refused by validation"), "{:#?}", a.notes);
    assert!(
        a.yaml
            .contains("- {ip: \"10.40.2.20\", port: 8080, health: healthy}"),
        "{}",
        a.yaml
    );
    // Only the nodes' addresses the dump holds all of are written; none here.
    assert!(!a.yaml.contains("10.40.1.50"), "{}", a.yaml);
}

#[test]
fn a_direct_connect_associations_allowed_prefixes_of_another_shape_are_an_error() {
    let from = Path::new("tests/fixtures/aws-cli/test-direct-connect-gateway/aws_configs");
    let dir = scratch("import-dx-allowed-prefixes");
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    let associations =
        std::fs::read_to_string(from.join("DirectConnectGatewayAssociations.json")).unwrap();
    let list = "[\n    {\n     \"Cidr\": \"10.0.0.0/8\"\n    }\n   ]";
    assert!(associations.contains(list));
    for (written, at) in [
        (
            "\"10.0.0.0/8\"",
            "DirectConnectGatewayAssociations[0].AllowedPrefixesToDirectConnectGateway: expected a list",
        ),
        (
            "[{\"Prefix\": \"10.0.0.0/8\"}]",
            "DirectConnectGatewayAssociations[0].AllowedPrefixesToDirectConnectGateway[0].Cidr: expected a CIDR string",
        ),
        ("[{\"Cidr\": \"ten/8\"}]", "`ten/8` is not an IPv4 CIDR"),
    ] {
        std::fs::write(
            dir.join("DirectConnectGatewayAssociations.json"),
            associations.replace(list, written),
        )
        .unwrap();
        let e = aws::import(&dir).unwrap_err().to_string();
        assert!(e.contains("DirectConnectGatewayAssociations.json"), "{e}");
        assert!(e.contains(at), "{e}");
    }
}

#[test]
fn a_vpn_whose_tunnels_are_all_down_is_said_to_be_carried_anyway() {
    // Batfish's snapshot: both tunnels of its one VPN connection are DOWN; vpcpath has no
    // tunnel state, and says so rather than carry the traffic in silence.
    let a = aws::import(Path::new(
        "tests/fixtures/aws-cli/test-public-private-subnet",
    ))
    .unwrap();
    let down = "every tunnel of this VPN connection is DOWN in the dump: vpcpath has no tunnel state and carries its traffic as if a tunnel were up: vpn-05044757278685fd3";
    assert!(a.notes.iter().any(|n| n.contains(down)), "{:#?}", a.notes);
    // A snapshot whose connection has a tunnel up says nothing of the kind.
    let up = aws::import(Path::new(
        "tests/fixtures/aws-cli/test-direct-connect-gateway",
    ))
    .unwrap();
    assert!(!up.notes.iter().any(|n| n.contains("is DOWN in the dump")));
}
