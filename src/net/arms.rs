//! An instance's network interfaces (F6.75): its primary one (the instance itself) and the
//! secondary ones written on their own, each in its subnet with its address, groups and
//! source/destination check; and the one a multi-homed appliance forwards by.

use super::*;

/// One of an instance's network interfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arm {
    /// Its primary interface (device index 0): the instance's own subnet, address and groups.
    Primary(InstanceIx),
    /// A secondary interface written under `network_interfaces`.
    Secondary(EniIx),
}

impl Network {
    /// Every interface of instance `i`: its primary first, then its secondary ones in file
    /// order.
    pub fn arms(&self, i: InstanceIx) -> Vec<(SubnetIx, Arm)> {
        let primary = (self.instances[i.0].subnet, Arm::Primary(i));
        let secondary = self
            .interfaces
            .iter()
            .enumerate()
            .filter(|(_, e)| e.instance == Some(i))
            .map(|(x, e)| (e.subnet, Arm::Secondary(EniIx(x))));
        std::iter::once(primary).chain(secondary).collect()
    }

    /// The interface by which instance `i`, forwarding a packet, sends it to `dst`: the one
    /// whose subnet holds `dst` (a connected route of its operating system), else its primary
    /// interface (the default route of device index 0). vpcpath cannot see the instance's own
    /// route table; this is the one an instance launched with its interfaces gets
    /// (decisions.md).
    pub fn out_arm(&self, i: InstanceIx, dst: Ipv4Addr) -> Arm {
        self.arms(i)
            .into_iter()
            .find(|(s, _)| self.subnets[s.0].cidr.contains(&dst))
            .map_or(Arm::Primary(i), |(_, arm)| arm)
    }

    /// An interface's subnet.
    pub fn arm_subnet(&self, arm: Arm) -> SubnetIx {
        match arm {
            Arm::Primary(i) => self.instances[i.0].subnet,
            Arm::Secondary(e) => self.interfaces[e.0].subnet,
        }
    }

    /// An interface's private address.
    pub fn arm_ip(&self, arm: Arm) -> Ipv4Addr {
        match arm {
            Arm::Primary(i) => self.instances[i.0].private_ip,
            Arm::Secondary(e) => self.interfaces[e.0].private_ip,
        }
    }

    /// An interface's security groups (F6.75: each interface has its own).
    pub fn arm_groups(&self, arm: Arm) -> &[SgIx] {
        match arm {
            Arm::Primary(i) => &self.instances[i.0].security_groups,
            Arm::Secondary(e) => &self.interfaces[e.0].security_groups,
        }
    }

    /// Whether an interface checks that it is the source or destination of what it takes
    /// (F6.28, F6.76).
    pub fn arm_checks(&self, arm: Arm) -> bool {
        match arm {
            Arm::Primary(i) => self.instances[i.0].source_dest_check,
            Arm::Secondary(e) => self.interfaces[e.0].source_dest_check,
        }
    }

    /// The id a trace names an interface by: the instance for its primary one.
    pub fn arm_id(&self, arm: Arm) -> &str {
        match arm {
            Arm::Primary(i) => &self.instances[i.0].id,
            Arm::Secondary(e) => &self.interfaces[e.0].id,
        }
    }

    /// The route target that names an interface.
    pub fn arm_target(arm: Arm) -> Target {
        match arm {
            Arm::Primary(i) => Target::Instance(i),
            Arm::Secondary(e) => Target::Interface(e),
        }
    }

    /// The interface a route target names, when it is an instance's: `None` for any other
    /// target, and for an interface attached to nothing.
    pub fn arm_of(&self, target: Target) -> Option<(InstanceIx, Arm)> {
        match target {
            Target::Instance(i) => Some((i, Arm::Primary(i))),
            Target::Interface(e) => self.interfaces[e.0]
                .instance
                .map(|i| (i, Arm::Secondary(e))),
            _ => None,
        }
    }
}
