//! Load balancers, resolved: their nodes (one per subnet), listeners and target groups, with
//! every reference checked (F6.36-F6.45).

use super::*;
use crate::aws::words::{LbProtocol, LbType, TargetHealth, TargetType};

/// An Application or Network Load Balancer.
#[derive(Debug)]
pub struct LoadBalancer {
    /// Scenario id: its name.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// Application or Network.
    pub kind: LbType,
    /// Internet-facing (its nodes have public addresses) or internal.
    pub internet_facing: bool,
    /// Its DNS name, lower case.
    pub dns_name: String,
    /// One node per subnet, in the order written.
    pub nodes: Vec<LbNode>,
    /// Its security groups; empty for a Network Load Balancer without any.
    pub security_groups: Vec<SgIx>,
    /// Listeners, in the order written.
    pub listeners: Vec<LbListener>,
    /// Target groups, in the order written.
    pub target_groups: Vec<LbTargetGroup>,
}

/// A load balancer's node: its network interface in one subnet (one Availability Zone).
#[derive(Debug)]
pub struct LbNode {
    /// The subnet.
    pub subnet: SubnetIx,
    /// Its private address.
    pub private_ip: Ipv4Addr,
    /// Its public address (internet-facing only).
    pub public_ip: Option<Ipv4Addr>,
}

/// A listener.
#[derive(Debug)]
pub struct LbListener {
    /// Protocol.
    pub protocol: LbProtocol,
    /// Port.
    pub port: u16,
    /// The target group its default action forwards to (an index into the load balancer's).
    pub target_group: usize,
}

/// A target group.
#[derive(Debug)]
pub struct LbTargetGroup {
    /// Scenario id.
    pub id: String,
    /// The protocol to the targets.
    pub protocol: LbProtocol,
    /// Instance or IP targets.
    pub target_type: TargetType,
    /// Cross-zone load balancing, resolved (the group's, else its load balancer's).
    pub cross_zone: bool,
    /// Whether targets see the client's address (Network Load Balancer).
    pub preserve_client_ip: bool,
    /// Registered targets, in the order written.
    pub targets: Vec<LbTarget>,
}

/// A registered target.
#[derive(Debug)]
pub struct LbTarget {
    /// The instance, for instance targets.
    pub instance: Option<InstanceIx>,
    /// The address traffic goes to.
    pub ip: Ipv4Addr,
    /// The port traffic goes to.
    pub port: u16,
    /// What its health checks say.
    pub health: TargetHealth,
    /// The subnet of the VPC that holds its address, if one does (its Availability Zone).
    pub subnet: Option<SubnetIx>,
}

impl LoadBalancer {
    /// An Application Load Balancer.
    pub fn is_application(&self) -> bool {
        self.kind == LbType::Application
    }

    /// The addresses its DNS name answers with: its nodes' public addresses when it is
    /// internet-facing, their private ones otherwise (F6.36).
    pub fn addresses(&self) -> Vec<Ipv4Addr> {
        self.nodes
            .iter()
            .map(|n| match n.public_ip {
                Some(ip) if self.internet_facing => ip,
                _ => n.private_ip,
            })
            .collect()
    }

    /// What the load balancer is called in traces: "Application Load Balancer" or "Network
    /// Load Balancer".
    pub fn noun(&self) -> &'static str {
        match self.kind {
            LbType::Application => "Application Load Balancer",
            LbType::Network => "Network Load Balancer",
        }
    }
}

impl Network {
    /// The Availability Zone of a subnet, if written.
    pub fn zone_of(&self, subnet: SubnetIx) -> Option<&str> {
        self.subnets[subnet.0].az.as_deref()
    }

    /// A subnet's zone as traces name it: its Availability Zone, else the subnet itself (a
    /// scenario that leaves `az` out: each subnet a zone of its own).
    pub fn zone_name(&self, subnet: SubnetIx) -> &str {
        self.zone_of(subnet).unwrap_or(&self.subnets[subnet.0].id)
    }
}
