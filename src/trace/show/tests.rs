//! The words of every reason, one test per family: the text the reports have always printed
//! (the examples are the bundled scenarios' own, where one has the reason). The drop reasons'
//! families are tested in `dropped/tests.rs`, DNS's in `dns/tests.rs`.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use smol_str::SmolStr;

use super::*;

/// An address.
pub(super) fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

/// A name as a reason holds it.
pub(super) fn s(s: &str) -> SmolStr {
    SmolStr::new(s)
}

/// Each reason's words against the words wanted.
pub(super) fn words(cases: Vec<(String, &str)>) {
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}

#[test]
fn replies_with_no_way_back_read_as_the_reports_write_them() {
    use NoWayBack::*;
    let lost = |l: NoWayBack| DropReason::NoWayBack(l).to_string();
    words(vec![
        (
            lost(NoRoute {
                table: s("rtb-db"),
                subnet: s("subnet-db"),
                to: ip("172.20.4.20"),
                need: ReplyNeed::VpnGateway {
                    vgw: s("vgw-branch"),
                },
            }),
            "the replies cannot get back (F6.52): rtb-db (used by subnet-db) has no route to 172.20.4.20; it needs one to vgw-branch, written or propagated (F6.24)",
        ),
        (
            lost(NoRoute {
                table: s("rtb-isolated"),
                subnet: s("subnet-isolated"),
                to: ip("203.0.113.50"),
                need: ReplyNeed::InternetGateway { igw: s("igw-web") },
            }),
            "the replies cannot get back (F6.52): rtb-isolated (used by subnet-isolated) has no route to 203.0.113.50; it needs one to igw-web, the internet gateway the request came in by (F6.34)",
        ),
        (
            lost(NoRoute {
                table: s("rtb-hub-no-route"),
                subnet: s("subnet-hub-sts"),
                to: ip("10.2.1.4"),
                need: ReplyNeed::Peering {
                    peering: s("pcx-hub-spoke"),
                },
            }),
            "the replies cannot get back (F6.52): rtb-hub-no-route (used by subnet-hub-sts) has no route to 10.2.1.4; a peered VPC needs a route to the requester's CIDR through pcx-hub-spoke",
        ),
        (
            lost(NoRoute {
                table: s("rtb-shared"),
                subnet: s("subnet-shared-a"),
                to: ip("10.3.1.4"),
                need: ReplyNeed::TransitGateway { tgw: s("tgw-org") },
            }),
            "the replies cannot get back (F6.52): rtb-shared (used by subnet-shared-a) has no route to 10.3.1.4; it needs a route to the requester's CIDR through tgw-org",
        ),
        (
            lost(WrongRoute {
                to: ip("10.2.1.4"),
                route: s("10.2.0.0/16"),
                target: s("blackhole"),
                back: s("pcx-hub-spoke"),
            }),
            "the replies to 10.2.1.4 follow route 10.2.0.0/16 to blackhole, not back through pcx-hub-spoke, so they never reach the client (F6.51, F6.52)",
        ),
        (
            lost(InSubnet {
                subnet: s("subnet-b"),
                to: ip("10.0.1.10"),
                back: s("tgw-x"),
            }),
            "the replies to 10.0.1.10 stay in subnet-b, which holds that address: they go to it at layer 2, not back through tgw-x, so they never reach the client (F6.33)",
        ),
        (
            lost(NoAttachmentSubnetInZone {
                tgw: s("tgw-x"),
                attachment: s("att-b"),
                zone: Some(s("us-east-1b")),
                subnet: s("subnet-b2"),
            }),
            "the replies cannot reach tgw-x: att-b has no subnet in Availability Zone us-east-1b, where subnet-b2 is (F6.15)",
        ),
        (
            lost(NotAssociated {
                attachment: s("att-b"),
                tgw: s("tgw-x"),
            }),
            "the replies cannot get back: att-b is associated with no route table of tgw-x (F6.16)",
        ),
        (
            lost(SiteNoRoute {
                site: s("dc-east"),
                to: ip("10.9.1.10"),
            }),
            "the replies cannot get back: site dc-east learns no route to 10.9.1.10 over its VPN or Direct Connect connections (F6.20, F6.58)",
        ),
        (
            lost(TransitNoRoute {
                table: s("tgw-rtb-hub"),
                attachment: s("tgw-attach-hub"),
                to: ip("10.1.1.4"),
                entered: Some(s("tgw-attach-spoke")),
            }),
            "the replies cannot get back: tgw-rtb-hub (associated with tgw-attach-hub) has no route to 10.1.1.4; it needs one to tgw-attach-spoke, the attachment the request came in by (F6.52)",
        ),
        (
            lost(TransitWrongRoute {
                to: ip("10.1.1.4"),
                route: s("10.1.0.0/16"),
                table: s("tgw-rtb-hub"),
                target: s("blackhole"),
                entered: Some(s("tgw-attach-spoke")),
            }),
            "the replies to 10.1.1.4 follow route 10.1.0.0/16 in tgw-rtb-hub to blackhole, not back to tgw-attach-spoke, so they never reach the client (F6.52)",
        ),
    ]);
}

#[test]
fn tls_and_refusal_reasons_read_as_the_reports_write_them() {
    words(vec![
        (
            TlsReason::NoCertificate {
                front: s("vpce-exec"),
                host: s("orders-cname.example.com"),
                presents: vec![
                    s("*.execute-api.eu-west-1.amazonaws.com"),
                    s("*.execute-api.eu-west-1.vpce.amazonaws.com"),
                ],
            }
            .to_string(),
            "vpce-exec presents no certificate for orders-cname.example.com (it presents *.execute-api.eu-west-1.amazonaws.com, *.execute-api.eu-west-1.vpce.amazonaws.com)",
        ),
        (
            RefusalReason::Reset {
                host: s("i-db"),
                port: 22,
            }
            .to_string(),
            "nothing on i-db listens on tcp/22, so it answers with a reset",
        ),
        (
            RefusalReason::PortUnreachable {
                host: s("i-dns"),
                port: 123,
            }
            .to_string(),
            "nothing on i-dns listens on udp/123, so it answers ICMP port unreachable",
        ),
    ]);
}

#[test]
fn reasons_serialize_as_their_words() {
    let reason = DropReason::NoRoute {
        table: s("rtb-main"),
        dst: ip("52.1.6.10"),
    };
    let outcome = Outcome::Timeout { reason };
    assert_eq!(
        serde_json::to_string(&outcome).unwrap(),
        r#"{"kind":"timeout","reason":"rtb-main has no route to 52.1.6.10"}"#
    );
    let source = DnsSource::Service {
        service: s("sts"),
        region: s("us-east-1"),
    };
    assert_eq!(
        serde_json::to_string(&source).unwrap(),
        r#""sts in us-east-1 (AWS public DNS)""#
    );
}
