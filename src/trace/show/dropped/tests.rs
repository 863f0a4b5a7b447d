//! The words of why packets were dropped, one test per family (the helpers are `show/tests.rs`'s).
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::super::tests::{ip, s, words};
use super::*;
use crate::aws::words::Protocol;

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a table of cases, one per reason: longer as reasons are added, and read case by case"
)]
fn drop_reasons_read_as_the_reports_write_them() {
    use DropReason::*;
    let packet = |port, remote: &str| Crossing::Packet {
        port,
        remote: ip(remote),
    };
    words(vec![
        (
            PrivateFromInternet {
                dst: ip("10.0.0.5"),
            }
            .to_string(),
            "10.0.0.5 is a private address: it is not routable on the internet",
        ),
        (
            RoutingLoop.to_string(),
            "routing loop: the path passes through more gateways than any real path",
        ),
        (
            NoRoute {
                table: s("rtb-main"),
                dst: ip("52.1.6.10"),
            }
            .to_string(),
            "rtb-main has no route to 52.1.6.10",
        ),
        (
            Blackhole {
                route: s("52.1.6.0/24"),
                table: s("rtb-blackholed"),
            }
            .to_string(),
            "route 52.1.6.0/24 in rtb-blackholed is a blackhole",
        ),
        (
            NoSubnet {
                dst: ip("10.9.200.1"),
                vpc: s("vpc-b"),
            }
            .to_string(),
            "10.9.200.1 is in no subnet of vpc-b",
        ),
        (
            PrivateAtInternetGateway {
                dst: ip("192.168.1.1"),
            }
            .to_string(),
            "192.168.1.1 is a private address: an internet gateway does not carry it to the internet",
        ),
        (
            PrivateNat {
                nat: s("nat-private"),
            }
            .to_string(),
            "traffic from private NAT gateway nat-private has no public address: the internet gateway drops it (F6.6)",
        ),
        (
            NoPublicAddress {
                source: ip("10.3.0.7"),
                igw: s("igw-main"),
            }
            .to_string(),
            "10.3.0.7 has no public IPv4 address, so igw-main cannot translate it (F6.5)",
        ),
        (
            NatLoop {
                table: s("rtb-nat"),
                dst: ip("52.1.6.10"),
                nat: s("nat-a"),
            }
            .to_string(),
            "rtb-nat routes 52.1.6.10 back to NAT gateway nat-a: no way out",
        ),
        (
            GatewayEndpointAcrossTransit {
                endpoint: s("vpce-s3"),
            }
            .to_string(),
            "gateway endpoint vpce-s3 serves only traffic from inside its VPC: packets that came through a transit gateway cannot use it (F6.19)",
        ),
        (
            NotInPeer {
                dst: ip("10.10.1.4"),
                peer: s("vpc-app"),
            }
            .to_string(),
            "10.10.1.4 is not in peer VPC vpc-app: a peering connection carries traffic only to the peer's own CIDRs: no transitive peering, and no edge-to-edge routing out through the peer's internet gateway, NAT gateway, VPN, Direct Connect or gateway endpoint (F6.64)",
        ),
        (
            NoInterface {
                dst: ip("10.0.1.50"),
                subnet: s("subnet-a"),
            }
            .to_string(),
            "no network interface holds 10.0.1.50 in subnet-a",
        ),
        (
            NothingAnswers {
                dst: ip("203.0.113.9"),
            }
            .to_string(),
            "nothing in the scenario answers at 203.0.113.9",
        ),
        (
            NoInternetGateway {
                dst: ip("54.250.0.10"),
                holder: s("i-closed"),
                vpc: s("vpc-closed"),
            }
            .to_string(),
            "54.250.0.10 is the public address of i-closed, but vpc-closed has no internet gateway: nothing carries packets from the internet into it (F6.34)",
        ),
        (
            NatTakesNoConnection {
                nat: s("nat-a"),
                dst: ip("198.51.100.20"),
            }
            .to_string(),
            "NAT gateway nat-a takes no connection addressed to it (198.51.100.20): it translates only connections opened from its side and drops unsolicited packets (F6.35)",
        ),
        (
            InsideSite {
                dst: ip("172.16.1.1"),
                site: s("dc-east"),
            }
            .to_string(),
            "172.16.1.1 is inside site dc-east: vpcpath does not model traffic within an on-premises network",
        ),
        (
            SiteLearnsNoRoute {
                site: s("dc-east"),
                dst: ip("10.9.0.1"),
            }
            .to_string(),
            "site dc-east learns no route to 10.9.0.1 over its VPN or Direct Connect connections (F6.20, F6.58)",
        ),
        (
            NoSiteMachine {
                dst: ip("172.20.9.9"),
                via: s("vgw-branch"),
                site: s("dc-branch"),
                inside: true,
            }
            .to_string(),
            "172.20.9.9 is reached over vgw-branch at site dc-branch, but no server or client of the site has that address: nothing answers (F6.20)",
        ),
        (
            NoSiteHas {
                vgw: s("vgw-branch"),
                dst: ip("172.30.0.1"),
            }
            .to_string(),
            "no site connected to vgw-branch has 172.30.0.1",
        ),
        (
            NoAttachment {
                tgw: s("tgw-x"),
                vpc: s("vpc-c"),
            }
            .to_string(),
            "tgw-x has no attachment to vpc-c",
        ),
        (
            NoAttachmentSubnetInZone {
                attachment: s("tgw-attach-app"),
                zone: Some(s("us-west-2c")),
                subnet: s("subnet-app-c"),
                tgw: s("tgw-org"),
            }
            .to_string(),
            "tgw-attach-app has no subnet in Availability Zone us-west-2c, where subnet-app-c is: resources in a zone without an attachment subnet cannot reach tgw-org (F6.15)",
        ),
        (
            NoAttachmentSubnetInZone {
                attachment: s("att-a"),
                zone: None,
                subnet: s("subnet-a"),
                tgw: s("tgw-x"),
            }
            .to_string(),
            "att-a has no subnet in Availability Zone (no zone written), where subnet-a is: resources in a zone without an attachment subnet cannot reach tgw-x (F6.15)",
        ),
        (
            NotAssociated {
                attachment: s("att-a"),
                tgw: s("tgw-one"),
            }
            .to_string(),
            "att-a is associated with no route table of tgw-one: the transit gateway drops its traffic (F6.16)",
        ),
        (
            TransitNoRoute {
                table: s("tgw-rtb-spokes"),
                dst: ip("10.2.1.4"),
            }
            .to_string(),
            "tgw-rtb-spokes has no route to 10.2.1.4 (F6.16)",
        ),
        (
            TransitLoop.to_string(),
            "routing loop: the packets go round between peered transit gateways",
        ),
        (
            NoSiteMachine {
                dst: ip("172.17.5.10"),
                via: s("tgw-attach-vpn-dc"),
                site: s("dc-east"),
                inside: false,
            }
            .to_string(),
            "172.17.5.10 is sent over tgw-attach-vpn-dc to site dc-east, whose CIDRs do not hold it: nothing answers (F6.20)",
        ),
        (
            AttachmentWithoutSubnet {
                attachment: s("att-b"),
            }
            .to_string(),
            "att-b has no subnet",
        ),
        (
            NotListening {
                front: s("execute-api us-east-1"),
                port: 80,
                http: false,
            }
            .to_string(),
            "execute-api us-east-1 does not listen on port 80: it accepts HTTPS on 443",
        ),
        (
            NotListening {
                front: s("s3 us-east-1"),
                port: 22,
                http: true,
            }
            .to_string(),
            "s3 us-east-1 does not listen on port 22: it accepts HTTPS on 443 and HTTP on 80",
        ),
        (
            UdpToFront {
                front: s("sqs eu-west-1"),
                port: 443,
            }
            .to_string(),
            "sqs eu-west-1 listens on TCP only: a UDP datagram to port 443 is dropped",
        ),
        (
            AclDenied {
                acl: s("acl-app-tgw"),
                ingress: true,
                subnet: s("subnet-app-tgw-a"),
                crossing: packet(443, "10.1.1.200"),
                protocol: Protocol::Tcp,
                rule: s("rule 100 deny all from 10.1.1.128/25"),
            }
            .to_string(),
            "network ACL acl-app-tgw: ingress of subnet-app-tgw-a, tcp/443 from 10.1.1.200 is denied by rule 100 deny all from 10.1.1.128/25",
        ),
        (
            AclDenied {
                acl: s("acl-a"),
                ingress: false,
                subnet: s("subnet-a"),
                crossing: packet(53, "10.0.0.2"),
                protocol: Protocol::Udp,
                rule: s("rule * deny all (no numbered rule matched)"),
            }
            .to_string(),
            "network ACL acl-a: egress of subnet-a, udp/53 to 10.0.0.2 is denied by rule * deny all (no numbered rule matched)",
        ),
        (
            SgDenied {
                owner: s("i-db"),
                groups: vec![s("sg-db")],
                ingress: true,
                protocol: Protocol::Tcp,
                port: 5432,
                remote: ip("10.10.1.5"),
                default_only: false,
                uncarried: None,
            }
            .to_string(),
            "no security group of i-db (sg-db) allows ingress tcp/5432 from 10.10.1.5: security groups only allow, and no rule names this source",
        ),
        (
            SgDenied {
                owner: s("i-c"),
                groups: vec![s("sg-c")],
                ingress: true,
                protocol: Protocol::Tcp,
                port: 443,
                remote: ip("10.1.1.4"),
                default_only: false,
                uncarried: Some(Box::new((s("sg-c"), s("sg-a"), s("i-a")))),
            }
            .to_string(),
            "no security group of i-c (sg-c) allows ingress tcp/443 from 10.1.1.4: the rule of sg-c naming sg-a would admit it, but i-a's membership of sg-a does not reach here (a stale reference, or one not carried this way: F6.23, F6.27)",
        ),
        (
            SgDenied {
                owner: s("vpce-sts"),
                groups: vec![s("default")],
                ingress: true,
                protocol: Protocol::Tcp,
                port: 443,
                remote: ip("10.70.1.4"),
                default_only: true,
                uncarried: None,
            }
            .to_string(),
            "no security group of vpce-sts (default) allows ingress tcp/443 from 10.70.1.4: the VPC's default group admits only its own members (instances and endpoints created without security groups get it, F1.17)",
        ),
        (
            SgDenied {
                owner: s("i-s3-only"),
                groups: vec![s("sg-s3-only"), s("sg-b")],
                ingress: false,
                protocol: Protocol::Udp,
                port: 80,
                remote: ip("52.20.2.10"),
                default_only: false,
                uncarried: None,
            }
            .to_string(),
            "no security group of i-s3-only (sg-s3-only, sg-b) allows egress udp/80 to 52.20.2.10: a group with an `egress` list allows only what it lists",
        ),
    ]);
}

#[test]
fn replies_denied_by_an_acl_read_as_the_reports_write_them() {
    let denied = |all, ingress, denied: Vec<(u16, u16)>| {
        DropReason::RepliesDenied(Box::new(DeniedReplies {
            acl: s("acl-high-ports"),
            subnet: s("subnet-win"),
            ingress,
            from: ip("52.10.6.10"),
            to: ip("10.80.4.4"),
            denied,
            all,
            rules: s("rule * deny all (no numbered rule matched)"),
            sender: s("i-linux"),
            ephemeral: (32768, 60999),
            icmp: false,
        }))
        .to_string()
    };
    words(vec![
        (
            denied(false, true, vec![(32768, 49151)]),
            "network ACL acl-high-ports is stateless and denies the replies from 52.10.6.10 to 10.80.4.4 on ports 32768-49151 entering subnet-win (rule * deny all (no numbered rule matched)); i-linux takes its source port from 32768-60999, so a connection that picks one of those times out (an ACL must admit the whole ephemeral range, F6.9)",
        ),
        (
            denied(false, false, vec![(32768, 32768), (50000, 60999)]),
            "network ACL acl-high-ports is stateless and denies the replies from 52.10.6.10 to 10.80.4.4 on ports 32768, 50000-60999 leaving subnet-win (rule * deny all (no numbered rule matched)); i-linux takes its source port from 32768-60999, so a connection that picks one of those times out (an ACL must admit the whole ephemeral range, F6.9)",
        ),
        (
            denied(true, true, vec![(32768, 60999)]),
            "network ACL acl-high-ports is stateless and denies the replies from 52.10.6.10 to 10.80.4.4 entering subnet-win (rule * deny all (no numbered rule matched)); i-linux takes its source port from 32768-60999, so the connection times out (an ACL must admit the whole ephemeral range, F6.9)",
        ),
    ]);
}
