//! The replies' reasons in words.

use std::fmt::{Display, Formatter, Result};

use super::dropped::Zone;
use super::*;

impl Display for DeniedReplies {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        if self.icmp {
            return write!(
                f,
                "network ACL {} is stateless and denies the echo reply (ICMP type 0) from {} to {} {} {} ({}), so the ping times out (the reply needs an ICMP rule of its own, F6.9)",
                self.acl,
                Addr(self.from),
                Addr(self.to),
                if self.ingress { "entering" } else { "leaving" },
                self.subnet,
                self.rules,
            );
        }
        write!(
            f,
            "network ACL {} is stateless and denies the replies from {} to {}",
            self.acl,
            Addr(self.from),
            Addr(self.to)
        )?;
        let fate = if self.all {
            "so the connection times out"
        } else {
            f.write_str(" on ports ")?;
            for (i, ports) in self.denied.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", Ports(*ports))?;
            }
            "so a connection that picks one of those times out"
        };
        write!(
            f,
            " {} {} ({}); {} takes its source port from {}, {fate} (an ACL must admit the whole ephemeral range, F6.9)",
            if self.ingress { "entering" } else { "leaving" },
            self.subnet,
            self.rules,
            self.sender,
            Ports(self.ephemeral),
        )
    }
}

impl Display for NoWayBack {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        f.write_str("the replies ")?;
        match self {
            NoWayBack::OtherAppliance {
                appliance,
                expected,
                attachment,
            } => {
                write!(
                    f,
                    "are routed to {appliance}, which never saw the request and drops them: no connection of it is tracked there, and routing through a middlebox must be symmetric (F6.50)"
                )?;
                if let Some(e) = expected {
                    write!(f, "; they had to come back through {e}, which did")?;
                }
                match attachment {
                    Some(a) => write!(
                        f,
                        "; they entered the VPC over {a} in their own zone: turn on appliance mode on {a} (F6.29)"
                    ),
                    None => Ok(()),
                }
            }
            NoWayBack::BypassesAppliance { appliance, to } => write!(
                f,
                "reach {} without passing {appliance}, the appliance the request went through, which alone knows the flow: routing through a middlebox must be symmetric (F6.28, F6.50)",
                Addr(*to)
            ),
            NoWayBack::NoRoute {
                table,
                subnet,
                to,
                need,
            } => write!(
                f,
                "cannot get back (F6.52): {table} (used by {subnet}) has no route to {}; {need}",
                Addr(*to)
            ),
            NoWayBack::WrongRoute {
                to,
                route,
                target,
                back,
            } => write!(
                f,
                "to {} follow route {route} to {target}, not back through {back}, so they never reach the client (F6.51, F6.52)",
                Addr(*to)
            ),
            NoWayBack::InSubnet { subnet, to, back } => write!(
                f,
                "to {} stay in {subnet}, which holds that address: they go to it at layer 2, not back through {back}, so they never reach the client (F6.33)",
                Addr(*to)
            ),
            NoWayBack::NoAttachmentSubnetInZone {
                tgw,
                attachment,
                zone,
                subnet,
            } => write!(
                f,
                "cannot reach {tgw}: {attachment} has no subnet in Availability Zone {}, where {subnet} is (F6.15)",
                Zone(zone)
            ),
            NoWayBack::NotAssociated { attachment, tgw } => write!(
                f,
                "cannot get back: {attachment} is associated with no route table of {tgw} (F6.16)"
            ),
            NoWayBack::SiteNoRoute { site, to } => write!(
                f,
                "cannot get back: site {site} learns no route to {} over its VPN or Direct Connect connections (F6.20, F6.58)",
                Addr(*to)
            ),
            NoWayBack::TransitNoRoute {
                table,
                attachment,
                to,
                entered,
            } => {
                write!(
                    f,
                    "cannot get back: {table} (associated with {attachment}) has no route to {}",
                    Addr(*to)
                )?;
                match entered {
                    Some(e) => write!(
                        f,
                        "; it needs one to {e}, the attachment the request came in by (F6.52)"
                    ),
                    None => f.write_str(" (F6.52)"),
                }
            }
            NoWayBack::TransitWrongRoute {
                to,
                route,
                table,
                target,
                entered,
            } => {
                write!(
                    f,
                    "to {} follow route {route} in {table} to {target}",
                    Addr(*to)
                )?;
                if let Some(e) = entered {
                    write!(f, ", not back to {e}")?;
                }
                f.write_str(", so they never reach the client (F6.52)")
            }
            NoWayBack::Dropped(reason) => {
                write!(f, "are lost on their own way back: {reason} (F6.46)")
            }
        }
    }
}

impl Display for ReplyNeed {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        match self {
            ReplyNeed::Peering { peering } => write!(
                f,
                "a peered VPC needs a route to the requester's CIDR through {peering}"
            ),
            ReplyNeed::TransitGateway { tgw } => {
                write!(f, "it needs a route to the requester's CIDR through {tgw}")
            }
            ReplyNeed::VpnGateway { vgw } => {
                write!(f, "it needs one to {vgw}, written or propagated (F6.24)")
            }
            ReplyNeed::InternetGateway { igw } => write!(
                f,
                "it needs one to {igw}, the internet gateway the request came in by (F6.34)"
            ),
            ReplyNeed::Any => f.write_str("it needs a route to the requester"),
        }
    }
}
