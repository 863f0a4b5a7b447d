//! The words of why packets were dropped, TLS failed or a host refused: written here only.

use std::fmt::{Display, Formatter, Result};

use smol_str::SmolStr;

use super::*;

impl Display for DropReason {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        use DropReason::*;
        match self {
            DnsSupportOffServer { vpc, dst } => write!(
                f,
                "{} is the Amazon DNS server of {vpc}, which has dns_support: false: it answers nothing (F5.2)",
                Addr(*dst)
            ),
            PrivateFromInternet { dst } => write!(
                f,
                "{} is a private address: it is not routable on the internet",
                Addr(*dst)
            ),
            RoutingLoop => f.write_str(
                "routing loop: the path passes through more gateways than any real path",
            ),
            NoRoute { table, dst } => write!(f, "{table} has no route to {}", Addr(*dst)),
            Blackhole { route, table } => write!(f, "route {route} in {table} is a blackhole"),
            NoSubnet { dst, vpc } => write!(f, "{} is in no subnet of {vpc}", Addr(*dst)),
            PrivateAtInternetGateway { dst } => write!(
                f,
                "{} is a private address: an internet gateway does not carry it to the internet",
                Addr(*dst)
            ),
            PrivateNat { nat } => write!(
                f,
                "traffic from private NAT gateway {nat} has no public address: the internet gateway drops it (F6.6)"
            ),
            NoPublicAddress { source, igw } => write!(
                f,
                "{} has no public IPv4 address, so {igw} cannot translate it (F6.5)",
                Addr(*source)
            ),
            NatLoop { table, dst, nat } => write!(
                f,
                "{table} routes {} back to NAT gateway {nat}: no way out",
                Addr(*dst)
            ),
            GatewayEndpointAcrossTransit { endpoint } => write!(
                f,
                "gateway endpoint {endpoint} serves only traffic from inside its VPC: packets that came through a transit gateway cannot use it (F6.19)"
            ),
            NotInPeer { dst, peer } => write!(
                f,
                "{} is not in peer VPC {peer}: a peering connection carries traffic only to the peer's own CIDRs: no transitive peering, and no edge-to-edge routing out through the peer's internet gateway, NAT gateway, VPN, Direct Connect or gateway endpoint (F6.64)",
                Addr(*dst)
            ),
            NoInterface { dst, subnet } => {
                write!(f, "no network interface holds {} in {subnet}", Addr(*dst))
            }
            NothingAnswers { dst } => {
                write!(f, "nothing in the scenario answers at {}", Addr(*dst))
            }
            NoInternetGateway { dst, holder, vpc } => write!(
                f,
                "{} is the public address of {holder}, but {vpc} has no internet gateway: nothing carries packets from the internet into it (F6.34)",
                Addr(*dst)
            ),
            NatTakesNoConnection { nat, dst } => write!(
                f,
                "NAT gateway {nat} takes no connection addressed to it ({}): it translates only connections opened from its side and drops unsolicited packets (F6.35)",
                Addr(*dst)
            ),
            NoListener { .. } | NoTarget { .. } | HostServicePort { .. } | Loopback { .. } => {
                self.fmt_service(f).unwrap_or(Ok(()))
            }
            InsideSite { dst, site } => write!(
                f,
                "{} is inside site {site}: vpcpath does not model traffic within an on-premises network",
                Addr(*dst)
            ),
            SiteLearnsNoRoute { site, dst } => write!(
                f,
                "site {site} learns no route to {} over its VPN or Direct Connect connections (F6.20, F6.58)",
                Addr(*dst)
            ),
            NoSiteMachine {
                dst,
                via,
                site,
                inside,
            } => {
                if *inside {
                    write!(
                        f,
                        "{} is reached over {via} at site {site}, but no server or client of the site has that address: nothing answers (F6.20)",
                        Addr(*dst)
                    )
                } else {
                    write!(
                        f,
                        "{} is sent over {via} to site {site}, whose CIDRs do not hold it: nothing answers (F6.20)",
                        Addr(*dst)
                    )
                }
            }
            DxNoTransit {
                attachment,
                gateway,
                dst,
            } => write!(
                f,
                "{} came from a site over {attachment} and is routed back out by it: Direct Connect gateway {gateway} does not carry traffic between its virtual interfaces (F6.59)",
                Addr(*dst)
            ),
            DxNoVpcTransit {
                vgw,
                dst,
                vpc,
                other,
            } => write!(
                f,
                "no site connected to {vgw} has {}: it is in {vpc}, whose virtual private gateway {other} is reached over the same Direct Connect, and a Direct Connect gateway does not carry traffic from one of its virtual private gateways to another (F6.59)",
                Addr(*dst)
            ),
            DxNoInterface {
                attachment,
                gateway,
            } => write!(
                f,
                "Direct Connect gateway {gateway} has no transit virtual interface: no site is reached over {attachment} (F6.57)"
            ),
            NoSiteHas { vgw, dst } => {
                write!(f, "no site connected to {vgw} has {}", Addr(*dst))
            }
            NoAttachment { tgw, vpc } => write!(f, "{tgw} has no attachment to {vpc}"),
            NoAttachmentSubnetInZone {
                attachment,
                zone,
                subnet,
                tgw,
            } => write!(
                f,
                "{attachment} has no subnet in Availability Zone {}, where {subnet} is: resources in a zone without an attachment subnet cannot reach {tgw} (F6.15)",
                Zone(zone)
            ),
            NotAssociated { attachment, tgw } => write!(
                f,
                "{attachment} is associated with no route table of {tgw}: the transit gateway drops its traffic (F6.16)"
            ),
            TransitNoRoute { table, dst } => {
                write!(f, "{table} has no route to {} (F6.16)", Addr(*dst))
            }
            TransitLoop => {
                f.write_str("routing loop: the packets go round between peered transit gateways")
            }
            AttachmentWithoutSubnet { attachment } => write!(f, "{attachment} has no subnet"),
            NotListening { front, port, http } => write!(
                f,
                "{front} does not listen on port {port}: it accepts HTTPS on 443{}",
                if *http { " and HTTP on 80" } else { "" }
            ),
            SourceDestCheck {
                instance,
                dst,
                interface,
            } => write!(
                f,
                "{instance} has its source/destination check on, so it drops packets for {} that a route sent it: an appliance needs `source_dest_check: false` ({})",
                Addr(*dst),
                if *interface { "F6.76" } else { "F6.28" }
            ),
            DetachedInterface { .. } => detached(self, f),
            FirewallDenied {
                firewall,
                rule,
                src,
                dst,
            } => match rule {
                Some(n) => write!(
                    f,
                    "firewall {firewall} denies {} -> {} by its rule {n} (F6.30)",
                    Addr(*src),
                    Addr(*dst)
                ),
                None => write!(
                    f,
                    "firewall {firewall} denies {} -> {}: no rule matches, and its default action is deny (F6.30)",
                    Addr(*src),
                    Addr(*dst)
                ),
            },
            NatProtocol { nat } => write!(
                f,
                "NAT gateway {nat} supports TCP, UDP and ICMP only: a packet of another protocol is dropped (F6.63)"
            ),
            IpToFront { front } => write!(
                f,
                "{front} listens on TCP (and, if at all, UDP) ports only: a packet of another protocol is dropped (F6.71)"
            ),
            IcmpToFront { front } => write!(
                f,
                "{front} serves its API over TCP and does not answer the echo request"
            ),
            UdpToFront { front, port } => write!(
                f,
                "{front} listens on TCP only: a UDP datagram to port {port} is dropped"
            ),
            AclDenied {
                acl,
                ingress,
                subnet,
                crossing,
                protocol,
                rule,
            } => {
                let what = Checked {
                    ingress: *ingress,
                    of: Name::Borrowed(subnet),
                    crossing: *crossing,
                    protocol: *protocol,
                };
                write!(f, "network ACL {acl}: {what} is denied by {rule}")
            }
            SgDenied { .. } => sg_denied(self, f),
            RepliesDenied(denied) => denied.fmt(f),
            NoWayBack(lost) => lost.fmt(f),
        }
    }
}

/// A security group drop: `no security group of i-db (sg-db) allows ingress tcp/5432 from
/// 10.10.1.5`, and why that is usually so.
fn sg_denied(reason: &DropReason, f: &mut Formatter<'_>) -> Result {
    let DropReason::SgDenied {
        owner,
        groups,
        ingress,
        protocol,
        port,
        remote,
        default_only,
        uncarried,
    } = reason
    else {
        return Ok(());
    };
    let (direction, preposition) = if *ingress {
        ("ingress", "from")
    } else {
        ("egress", "to")
    };
    let what = ProtocolPort(*protocol, *port);
    let uncarried = uncarried.as_deref().map(|(holder, named, member)| format!(
        ": the rule of {holder} naming {named} would admit it, but {member}'s membership of {named} does not reach here (a stale reference, or one not carried this way: F6.23, F6.27)"
    ));
    let hint = match (*ingress, *default_only) {
        _ if uncarried.is_some() => uncarried.as_deref().unwrap_or_default(),
        (true, true) => {
            ": the VPC's default group admits only its own members (instances and endpoints created without security groups get it, F1.17)"
        }
        (true, false) => ": security groups only allow, and no rule names this source",
        (false, _) => ": a group with an `egress` list allows only what it lists",
    };
    write!(f, "no security group of {owner} (")?;
    join(f, groups, ", ")?;
    write!(
        f,
        ") allows {direction} {what} {preposition} {}{hint}",
        Addr(*remote)
    )
}

impl Display for TlsReason {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        match self {
            TlsReason::NoCertificate {
                front,
                host,
                presents,
            } => {
                write!(
                    f,
                    "{front} presents no certificate for {host} (it presents "
                )?;
                join(f, presents, ", ")?;
                f.write_str(")")
            }
        }
    }
}

impl Display for RefusalReason {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        match self {
            RefusalReason::Reset { host, port } => write!(
                f,
                "nothing on {host} listens on tcp/{port}, so it answers with a reset"
            ),
            RefusalReason::PortUnreachable { host, port } => write!(
                f,
                "nothing on {host} listens on udp/{port}, so it answers ICMP port unreachable"
            ),
        }
    }
}

/// An Availability Zone as a reason names it: `(no zone written)` for a subnet without one.
pub(super) struct Zone<'a>(pub(super) &'a Option<SmolStr>);

impl Display for Zone<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        f.write_str(self.0.as_deref().unwrap_or("(no zone written)"))
    }
}

/// Writes `items` with `between` between them, as `join` would.
pub(super) fn join(f: &mut Formatter<'_>, items: &[SmolStr], between: &str) -> Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(between)?;
        }
        f.write_str(item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

impl DropReason {
    /// The words of drops at a load balancer or a service of the instance's own host.
    fn fmt_service(&self, f: &mut Formatter<'_>) -> Option<Result> {
        use DropReason::*;
        Some(match self {
            NoListener { lb, port, protocol } => write!(
                f,
                "load balancer {lb} has no listener for {protocol} on port {port}: it drops traffic that matches no listener (F6.38)"
            ),
            NoTarget { lb, target_group } => write!(
                f,
                "target group {target_group} of {lb} has no target this node may send to (none registered in its zone, or in any enabled zone): the connection goes nowhere (F6.42)"
            ),
            HostServicePort {
                dst,
                port,
                protocol,
            } => {
                let what = ProtocolPort(*protocol, *port);
                write!(
                    f,
                    "{} is served on the instance's own host, which answers the instance metadata service on tcp/80 and the Amazon Time Sync Service on udp/123 only: AWS documents nothing answering {what} there, and vpcpath takes it as unanswered (F6.66, F6.68)",
                    Addr(*dst)
                )
            }
            Loopback { lb, target } => write!(
                f,
                "{lb} keeps the client's address and sent the connection to {target}, the client itself: its source and destination are the same address, and it times out (F6.69)"
            ),
            _ => return None,
        })
    }
}

/// A route to a network interface attached to no instance (F6.77).
fn detached(d: &DropReason, f: &mut Formatter<'_>) -> Result {
    let DropReason::DetachedInterface {
        interface,
        route,
        table,
    } = d
    else {
        return Ok(());
    };
    write!(
        f,
        "route {route} in {table} leads to network interface {interface}, which is attached to no instance: a blackhole (F6.77)"
    )
}
