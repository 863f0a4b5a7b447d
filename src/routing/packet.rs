//! The packets a client (or a load balancer's node) sends: how they start, and whose security
//! groups their source has.

use super::*;

impl<'n> Packet<'n> {
    /// The packets a client sends to `dst`, entering at `subnet`: from its own address `src`,
    /// through no NAT yet; a client outside every VPC (on a site, on the internet) as is, an
    /// instance with its public address and itself set.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn from_outside(
        protocol: Protocol,
        subnet: SubnetIx,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        port: u16,
        sender: &'n str,
        reply_ports: (u16, u16),
    ) -> Self {
        Packet {
            protocol,
            subnet,
            src,
            dst,
            port,
            public: None,
            private_nat: None,
            client: None,
            client_ip: src,
            sender,
            reply_ports,
            stateful: Vec::new(),
            came_by: Vec::new(),
            tgw_subnets: Vec::new(),
            reply_start: None,
            segments: Vec::new(),
            crossed_transit_gateway: false,
            groups_across: false,
            through_middlebox: false,
            over_direct_connect: false,
            node_owns_replies: None,
            balancer_groups: &[],
        }
    }

    /// The security groups of the packet's source interface: the client's, or a load
    /// balancer's that sends it to a target (F6.45), until a NAT gateway (which has none)
    /// translates it.
    pub(super) fn source_groups<'g>(&self, net: &'g Network) -> &'g [SgIx]
    where
        'n: 'g,
    {
        match self.client {
            Some(i)
                if self.src == self.client_ip
                    && !self.through_middlebox
                    && !self.over_direct_connect
                    && (!self.crossed_transit_gateway || self.groups_across) =>
            {
                &net.instances[i.0].security_groups
            }
            None if self.src == self.client_ip
                && !self.through_middlebox
                && !self.crossed_transit_gateway =>
            {
                self.balancer_groups
            }
            _ => &[],
        }
    }
}
