//! A flow straight to a VPC's Amazon DNS server (the Route 53 Resolver at the primary CIDR's
//! base address plus two, or at 169.254.169.253): answered on the VPC's side, with no route
//! table, network ACL or security group on the way (F5.1).

use super::*;
use crate::trace::DropReason;

/// A flow from instance `i` straight to its VPC's Amazon DNS server, at the primary CIDR's base
/// address plus two or at 169.254.169.253, on port 53: the Resolver answers it (when the VPC's
/// `dns_support` is on), and no route table, network ACL or security group is met on the way
/// (F5.1). `None`: not such a flow.
pub(super) fn amazon_dns_server<'a>(
    net: &'a Network,
    i: InstanceIx,
    (dst, port, protocol): (Ipv4Addr, u16, Protocol),
    steps: &mut Steps<'a>,
) -> Option<Outcome> {
    let inst = &net.instances[i.0];
    let vpc = &net.vpcs[net.subnets[inst.subnet.0].vpc.0];
    if !vpc.is_amazon_dns_server(dst)
        || port != 53
        || !matches!(protocol, Protocol::Udp | Protocol::Tcp)
    {
        return None;
    }
    steps.push(|| Step::Connect {
        from: Name::Borrowed(&inst.id),
        source: inst.private_ip,
        destination: dst,
        port,
        protocol,
    });
    if !vpc.dns_support {
        let reason = DropReason::DnsSupportOffServer {
            vpc: vpc.id.as_str().into(),
            dst,
        };
        steps.at(&vpc.id, || Step::Drop {
            at: Name::Borrowed(&vpc.id),
            reason: reason.clone(),
        });
        return Some(Outcome::Timeout { reason });
    }
    steps.at(&vpc.id, || Step::Arrive {
        at: Name::Borrowed(&vpc.id),
        detail: format!(
            "the Amazon DNS server (Route 53 Resolver) of {} at {dst}: no route table, network ACL or security group applies to traffic to it (F5.1)",
            vpc.id
        ),
    });
    Some(Outcome::Connected {
        detail: format!("the Amazon DNS server of {} answers DNS on port 53", vpc.id),
    })
}
