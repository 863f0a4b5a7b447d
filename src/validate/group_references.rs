//! Security group rules that name a group of another VPC: across a peering or a transit gateway
//! with referencing on, else stale (F6.23, F6.27).

use super::*;

impl Validator {
    /// Why a rule of a group in `ours` cannot name a group of `theirs`: in another Region, on a
    /// transit gateway with referencing off where, or neither peered nor on one gateway.
    fn why_no_reference(&self, ours: VpcIx, theirs: VpcIx) -> String {
        let (a, b) = (&self.net.vpcs[ours.0], &self.net.vpcs[theirs.0]);
        let shared = (0..self.net.tgws.len()).map(TgwIx).find_map(|t| {
            Some((
                t,
                self.net.attachment_of(t, ours)?,
                self.net.attachment_of(t, theirs)?,
            ))
        });
        if let Some((t, x, y)) = shared {
            let tgw = &self.net.tgws[t.0];
            let off: Vec<&str> = [x, y]
                .iter()
                .map(|x| &self.net.tgw_attachments[x.0])
                .filter(|x| !x.security_group_referencing)
                .map(|x| x.id.as_str())
                .collect();
            return match (tgw.security_group_referencing, off.as_slice()) {
                (false, _) => format!(
                    "is reached through {} with security group referencing off on the transit gateway (its default)",
                    tgw.id
                ),
                (true, off) => format!(
                    "is reached through {} with security group referencing off on attachment {}",
                    tgw.id,
                    off.join(" and ")
                ),
            };
        }
        if a.region != b.region {
            return format!(
                "is in another Region ({}, not {}) and not peered with {}",
                b.region, a.region, a.id
            );
        }
        format!(
            "is neither peered with {} nor on a transit gateway with it",
            a.id
        )
    }

    /// Security group rules naming a group of another VPC: allowed across a peering in one
    /// Region (F6.22), or, for inbound rules, across a transit gateway with security group
    /// referencing on for it and both VPCs' attachments (F6.23).
    pub(crate) fn group_references(&mut self) {
        for (pos, ours, theirs, ingress) in std::mem::take(&mut self.peer_group_refs) {
            let peered = self.net.peerings.iter().any(|x| {
                (x.requester, x.accepter) == (ours, theirs)
                    || (x.requester, x.accepter) == (theirs, ours)
            });
            let (a, b) = (&self.net.vpcs[ours.0], &self.net.vpcs[theirs.0]);
            if peered && a.region != b.region {
                let msg = format!(
                    "this rule of a group in {} ({}) names a security group of {} ({}): a peering connection between Regions does not carry security group references",
                    a.id, a.region, b.id, b.region
                );
                self.err(Code::Scope, pos, msg)
                    .help("write the peer VPC's CIDR instead (F6.22)");
                continue;
            }
            if peered {
                continue;
            }
            let across = (0..self.net.tgws.len()).map(TgwIx).find(|&t| {
                let on = |v: VpcIx| {
                    self.net
                        .attachment_of(t, v)
                        .is_some_and(|x| self.net.tgw_attachments[x.0].security_group_referencing)
                };
                self.net.tgws[t.0].security_group_referencing && on(ours) && on(theirs)
            });
            match across {
                Some(_) if ingress => {}
                Some(t) => {
                    let msg = format!(
                        "this outbound rule names a security group of {}, reached through {}: a transit gateway carries security group references for inbound rules only",
                        b.id, self.net.tgws[t.0].id
                    );
                    self.err(Code::Scope, pos, msg)
                        .help("write the other VPC's CIDR in outbound rules (F6.23)");
                }
                None => {
                    // A stale reference: AWS keeps the rule, which admits nothing (F6.27).
                    let why = self.why_no_reference(ours, theirs);
                    let msg = format!(
                        "this rule of a group in {} names a security group of {}, which {why}: AWS keeps such a rule as stale (its peering deleted, or referencing turned off) and it matches nothing",
                        a.id, b.id
                    );
                    self.warn(Code::StaleGroupReference, pos, msg).help(
                        "a rule can name groups of its own VPC, of a peered VPC in the same Region, or (inbound) of a VPC on the same transit gateway with `security_group_referencing: true` on the gateway and both attachments; otherwise write the other VPC's CIDR (F6.27)",
                    );
                }
            }
        }
    }
}
