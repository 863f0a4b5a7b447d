//! A reply whose route leads to an appliance: the one the request went through forwards it
//! (F6.50).

use super::*;

impl<'n> Reply<'_, 'n> {
    /// The reply's route leads to an appliance (`via`, in subnet `into`): the one the request
    /// went through, which knows the flow and forwards it from its subnet; any other never saw
    /// the request and drops it (F6.50).
    pub(super) fn through_appliance(
        &mut self,
        net: &'n Network,
        from: Option<SubnetIx>,
        via: Target,
        into: SubnetIx,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        if let Target::Interface(e) = via
            && net.interfaces[e.0].instance.is_none()
        {
            let table = from.map(|s| net.table_of(s));
            let reason = super::inbound::detached(net, e, table, self.dst);
            return self.lost(steps, &net.interfaces[e.0].id, reason);
        }
        let tracked = matches!(self.next_stateful(),
            Some(Stateful::Appliance { via: v, out }) if v == via || out == via);
        if tracked {
            self.pending -= 1;
            // From a subnet, across both ACLs; from a gateway, into the appliance's subnet.
            match from {
                Some(s) => self.move_within(net, s, into, steps)?,
                None => self.acl(net, into, Direction::Ingress, steps)?,
            }
            // An instance sends them on by the interface its own routes choose (F6.75).
            let onward = net
                .arm_of(via)
                .map_or(into, |(i, _)| net.arm_subnet(net.out_arm(i, self.dst)));
            return Ok(Some(At::Subnet(onward, false)));
        }
        let expected = match self.next_stateful() {
            Some(Stateful::Appliance { via: t, .. }) => Some(id(net.target_id(t))),
            _ => None,
        };
        let attachment = self
            .entered_by
            .filter(|a| !net.tgw_attachments[a.0].appliance_mode)
            .map(|a| id(&net.tgw_attachments[a.0].id));
        let lost = NoWayBack::OtherAppliance {
            appliance: id(net.target_id(via)),
            expected,
            attachment,
        };
        self.lost(steps, net.target_id(via), DropReason::NoWayBack(lost))
    }
}
