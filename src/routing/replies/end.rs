//! The end of a reply's way: the network interface it reaches, and what it must have met by
//! then.

use super::*;

impl<'n> Reply<'_, 'n> {
    /// The reply reaches the network interface at its destination in subnet `s`: a NAT gateway
    /// that translated the request sends it on to whom it translated (F6.51); otherwise it is
    /// the client, once everything that kept state has been met again.
    pub(super) fn reach(
        &mut self,
        net: &'n Network,
        s: SubnetIx,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        if let Some(Stateful::Nat {
            nat,
            to,
            ports,
            sender,
        }) = self.next_stateful()
        {
            let n = &net.nats[nat.0];
            if n.private_ip == self.dst && n.subnet == s {
                self.pending -= 1;
                self.dst = to;
                self.ports = ports;
                self.sender = sender;
                return Ok(Some(At::Subnet(s, false)));
            }
        }
        self.bypassed(net, steps)?;
        let vpc = net.subnets[s.0].vpc;
        if Self::held(net, vpc, self.dst) {
            return Ok(None);
        }
        let subnet = &net.subnets[s.0].id;
        let reason = DropReason::NoInterface {
            dst: self.dst,
            subnet: id(subnet),
        };
        self.lost(steps, subnet, reason)
    }

    /// Whether a network interface holds `dst` in `vpc` (an instance's, an endpoint's, a
    /// Resolver endpoint's, ...).
    pub(super) fn held(net: &Network, vpc: VpcIx, dst: Ipv4Addr) -> bool {
        net.index.interface_at.contains_key(&(vpc, dst))
    }

    /// A reply at its client that has not met an appliance the request went through: that
    /// appliance never sees the flow end, and AWS does not support the asymmetry (F6.50).
    pub(super) fn bypassed(
        &self,
        net: &'n Network,
        steps: &mut Steps<'n>,
    ) -> Result<(), DropReason> {
        match self.next_stateful() {
            Some(Stateful::Appliance { via: t, .. }) => {
                let lost = NoWayBack::BypassesAppliance {
                    appliance: id(net.target_id(t)),
                    to: self.dst,
                };
                self.lost(steps, net.target_id(t), DropReason::NoWayBack(lost))
            }
            _ => Ok(()),
        }
    }
}
