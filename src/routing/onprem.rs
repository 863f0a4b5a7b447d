//! Arrivals at an on-premises site: the packets reach the site over a virtual private gateway
//! or a transit gateway's VPN or Direct Connect attachment, and the machine of the site at the
//! destination answers for itself (F6.10, F6.20). Its replies take the route the site learns
//! to the client, which must lead back over the connection the request came by.

use super::*;

/// The connection packets reached a site by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Over {
    /// A virtual private gateway.
    Vgw(VgwIx),
    /// A transit gateway's VPN or Direct Connect attachment.
    Attachment(TgwAttachmentIx),
}

impl Over {
    fn id(self, net: &Network) -> &str {
        match self {
            Over::Vgw(g) => &net.vgws[g.0].id,
            Over::Attachment(a) => &net.tgw_attachments[a.0].id,
        }
    }
}

/// The packets reach site `s` over `over` (Direct Connect when `dx`): the machine of the site
/// at the destination, if one, takes them, once its replies have a way back.
pub(super) fn at_site<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    s: SiteIx,
    over: Over,
    dx: bool,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let site = &net.sites[s.0];
    let dst = p.dst;
    let via = over.id(net);
    let Some(m) = net.site_machine_at(s, dst) else {
        // A DNS server the site names answers for itself (F5.12).
        if site.dns_servers.contains(&dst) {
            steps.at(&site.id, || Step::Arrive {
                at: Name::Borrowed(&site.id),
                detail: text!(
                    "DNS server {} of site {} over {} ({via})",
                    Addr(dst),
                    site.id,
                    if dx {
                        "Direct Connect"
                    } else {
                        "Site-to-Site VPN"
                    }
                ),
            });
            replies_leave_site(net, p, s, steps)?;
            return Ok(Some(Arrival::SiteDnsServer(s, dst)));
        }
        let reason = DropReason::NoSiteMachine {
            dst,
            via: id(via),
            site: id(&site.id),
            inside: site.contains(dst),
        };
        return drop(steps, &site.id, reason);
    };
    let machine = &net.site_clients[m.0];
    let kind = if dx {
        "Direct Connect"
    } else {
        "Site-to-Site VPN"
    };
    steps.at(&machine.id, || Step::Arrive {
        at: Name::Borrowed(&machine.id),
        detail: text!("{} at site {} over {kind} ({via})", Addr(dst), site.id),
    });
    replies_leave_site(net, p, s, steps)?;
    Ok(Some(Arrival::SiteHost(m)))
}

/// The replies of a site's machine leave the site by the route it learns to the client
/// (F6.53). A packet of another protocol has none to walk: it is delivered once it arrives,
/// as at an instance (F6.71).
fn replies_leave_site<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    s: SiteIx,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    if p.protocol == Protocol::Other {
        return Ok(());
    }
    Reply::new(p, p.dst, p.src).walk(net, At::Site(s), steps)
}
