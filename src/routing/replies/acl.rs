//! The replies across a network ACL: stateless, judged against the ephemeral ports they go to.

use super::*;

impl<'n> Reply<'_, 'n> {
    /// The reply crosses network ACL of subnet `s` in `dir`, stateless: the whole range of
    /// ephemeral ports it goes to must be allowed (F6.9, F6.47).
    pub(super) fn acl(
        &self,
        net: &'n Network,
        s: SubnetIx,
        dir: Direction,
        steps: &mut Steps<'n>,
    ) -> Result<(), DropReason> {
        let remote = match dir {
            Direction::Ingress => self.src,
            Direction::Egress => self.header_dst.unwrap_or(self.dst),
        };
        // An echo request's reply is an echo reply: ICMP type 0, no ports (F6.9).
        let ports = match self.protocol {
            Protocol::Icmp => (aws::ICMP_ECHO_REPLY, aws::ICMP_ECHO_REPLY),
            _ => self.ports,
        };
        let subnet = &net.subnets[s.0];
        let acl = &net.nacls[subnet.nacl.0];
        let parts = filter::nacl_range(acl, dir, self.protocol, ports, remote);
        let denied: Vec<_> = parts.iter().filter(|(_, m)| !m.allow).collect();
        // The words are built only when a step or a reason needs them: the rules that denied
        // the replies, or every rule that admitted them.
        let rules = || {
            let mut rules: Vec<&str> = Vec::new();
            let deciding = parts.iter().filter(|(_, m)| !m.allow || denied.is_empty());
            for (_, m) in deciding {
                let r = filter::nacl_rule_words(net, subnet.nacl, dir, *m);
                if !rules.contains(&r) {
                    rules.push(r);
                }
            }
            match rules[..] {
                [one] => Name::Borrowed(one),
                _ => Name::Owned(rules.join("; ")),
            }
        };
        let udp = self.protocol == Protocol::Udp;
        let icmp = self.protocol == Protocol::Icmp;
        steps.push(|| Step::Filter {
            filter: Name::Borrowed(&acl.id),
            direction: Checked {
                ingress: dir == Direction::Ingress,
                of: Name::Borrowed(&subnet.id),
                crossing: Crossing::Replies {
                    from: remote,
                    to: self.header_dst.unwrap_or(self.dst),
                    ports,
                },
                protocol: self.protocol,
            },
            packet: FilterPacket {
                ingress: dir == Direction::Ingress,
                remote,
                ports,
                reply: true,
                udp,
                icmp,
                ip: false,
            },
            allowed: denied.is_empty(),
            rule: rules(),
        });
        if denied.is_empty() {
            return Ok(());
        }
        let ranges: Vec<(u16, u16)> = denied.iter().map(|(r, _)| *r).collect();
        let reason = filter::ReplyDenial {
            acl: &acl.id,
            subnet: &subnet.id,
            dir,
            from: self.src,
            to: self.header_dst.unwrap_or(self.dst),
            denied: ranges,
            all: denied.len() == parts.len(),
            rules: &rules(),
            sender: self.sender,
            ephemeral: ports,
            icmp,
        }
        .reason();
        drop(steps, &acl.id, reason)
    }
}
