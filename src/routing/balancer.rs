//! A load balancer's node: the listener that takes the connection, the target its target group
//! sends it to (zones, cross-zone load balancing, health), and the connection from the node to
//! that target, whose source is the node's address or the client's (F6.38-F6.45).

use super::*;
use crate::aws::words::{LbProtocol, TargetHealth, Word};

/// What a load balancer did with a connection that reached one of its nodes.
#[derive(Debug)]
pub enum Balanced {
    /// It answers itself: an Application Load Balancer accepts a TCP connection (it forwards
    /// HTTP requests, not connections) and answers ping (F6.38).
    Itself,
    /// Its listener's target group has no target the node may send to (F6.42).
    NoTarget,
    /// The node's connection reached the target, on this port.
    Reached(Arrival, u16),
    /// The node's connection to the target was dropped on the way.
    Unreached(DropReason),
}

/// The ports a load balancer's node connects to targets from: the range AWS's network ACL
/// recommendations for load balancer subnets open (1024-65535).
pub const NODE_EPHEMERAL_PORTS: (u16, u16) = (1024, 65535);

/// The decision of the load balancer `lb` at its node `node` for a connection from `source`
/// (whose replies go to `reply_ports`) on `port` over `protocol`; `http`: the client sends an
/// HTTP request over it. `Err`: dropped at the load balancer (a [`Step::Drop`] pushed).
#[allow(clippy::too_many_arguments)]
pub fn balance<'a>(
    net: &'a Network,
    lb: LbIx,
    node: usize,
    source: Ipv4Addr,
    reply_ports: (u16, u16),
    (port, protocol): (u16, Protocol),
    http: bool,
    steps: &mut Steps<'a>,
) -> Result<Balanced, DropReason> {
    let b = &net.load_balancers[lb.0];
    let application = b.is_application();
    if protocol == Protocol::Icmp && application {
        steps.at(&b.id, || Step::Balance {
            at: Name::Borrowed(&b.id),
            listener: None,
            target_group: None,
            target: None,
            detail: text!("an Application Load Balancer answers ping itself and forwards none to its targets (F6.38)"),
        });
        return Ok(Balanced::Itself);
    }
    if protocol == Protocol::Other {
        let reason = DropReason::IpToFront { front: id(&b.id) };
        return drop(steps, &b.id, reason);
    }
    let listener = b.listeners.iter().find(|l| {
        l.port == port
            && match protocol {
                Protocol::Udp => matches!(l.protocol, LbProtocol::Udp | LbProtocol::TcpUdp),
                Protocol::Tcp => !matches!(l.protocol, LbProtocol::Udp),
                _ => false,
            }
    });
    let Some(l) = listener else {
        let shown = match protocol {
            Protocol::Udp => "UDP",
            Protocol::Icmp => "ICMP",
            _ => "TCP",
        };
        let reason = DropReason::NoListener {
            lb: id(&b.id),
            port: shown_port(protocol, port),
            protocol: SmolStr::new(shown),
        };
        return drop(steps, &b.id, reason);
    };
    let listener_name = || format!("{}:{}", l.protocol.word(), l.port);
    let g = &b.target_groups[l.target_group];
    if application && !http {
        steps.at(&b.id, || Step::Balance {
            at: Name::Borrowed(&b.id),
            listener: Some(listener_name()),
            target_group: Some(Name::Borrowed(&g.id)),
            target: None,
            detail: text!("the connection opens at the node: an Application Load Balancer forwards HTTP requests to targets, not connections (F6.38)"),
        });
        return Ok(Balanced::Itself);
    }
    let pick = choose(net, b, node, g);
    steps.at(&b.id, || Step::Balance {
        at: Name::Borrowed(&b.id),
        listener: Some(listener_name()),
        target_group: Some(Name::Borrowed(&g.id)),
        target: pick.chosen.map(|t| target_name(net, &g.targets[t])),
        detail: pick.words(net, (b, node, g), source),
    });
    let Some(t) = pick.chosen else {
        if application {
            return Ok(Balanced::NoTarget);
        }
        let reason = DropReason::NoTarget {
            lb: id(&b.id),
            target_group: id(&g.id),
        };
        return drop(steps, &b.id, reason);
    };
    let target = &g.targets[t];
    if g.preserve_client_ip && target.ip == source {
        // "the source and destination IP addresses are the same and the connection times out"
        let reason = DropReason::Loopback {
            lb: id(&b.id),
            target: target_name(net, target).as_ref().into(),
        };
        return drop(steps, &b.id, reason);
    }
    let n = &b.nodes[node];
    let (src, ports) = if g.preserve_client_ip {
        (source, reply_ports)
    } else {
        (n.private_ip, NODE_EPHEMERAL_PORTS)
    };
    let sender = Sender::LoadBalancer {
        lb,
        node,
        source: src,
        reply_ports: ports,
    };
    match forward(net, sender, target.ip, target.port, protocol, steps) {
        Ok(a) => Ok(Balanced::Reached(a, target.port)),
        Err(r) => Ok(Balanced::Unreached(r)),
    }
}

/// How traces name a target: its instance's id, or its address.
fn target_name<'a>(net: &'a Network, t: &LbTarget) -> Name<'a> {
    match t.instance {
        Some(i) => Name::Borrowed(&net.instances[i.0].id),
        None => Name::Owned(t.ip.to_string()),
    }
}

/// The target a node sends a connection to, and what it chose among.
struct Pick {
    /// The targets the node may send to: in its zone, or with cross-zone load balancing in
    /// every enabled zone (F6.40).
    eligible: Vec<usize>,
    /// Every target of the group is unhealthy: the load balancer fails open (F6.41).
    fail_open: bool,
    /// The target chosen: the first eligible one registered that is healthy (else of unknown
    /// health; else, failing open, any).
    chosen: Option<usize>,
}

impl Pick {
    fn words(
        &self,
        net: &Network,
        (b, node, g): (&LoadBalancer, usize, &LbTargetGroup),
        client: Ipv4Addr,
    ) -> String {
        let zone = net.zone_name(b.nodes[node].subnet);
        let reach = if g.cross_zone {
            "cross-zone load balancing on: targets in every enabled zone".to_string()
        } else {
            format!("cross-zone load balancing off: targets in {zone} only")
        };
        let listed: Vec<String> = self
            .eligible
            .iter()
            .map(|&t| {
                let x = &g.targets[t];
                format!(
                    "{} {}:{} {}",
                    target_name(net, x),
                    Addr(x.ip),
                    x.port,
                    x.health.word()
                )
            })
            .collect();
        let mut out = format!(
            "node in {zone} forwards to target group {} ({reach}; F6.40): ",
            g.id
        );
        if listed.is_empty() {
            out.push_str("no registered target it may send to (F6.42)");
            return out;
        }
        out.push_str(&listed.join(", "));
        match self.chosen {
            Some(t) if self.fail_open => out.push_str(&format!(
                "; every target is unhealthy, so the load balancer fails open and sends to them all: {} (F6.41)",
                target_name(net, &g.targets[t])
            )),
            Some(t) => {
                let x = &g.targets[t];
                let unknown = if x.health == TargetHealth::Unknown {
                    ", its health unknown (taken as passing its checks)"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "; to {} port {}{unknown} (F6.41)",
                    target_name(net, x),
                    x.port
                ));
            }
            None => out.push_str("; none of them healthy, while others of the group are (F6.41)"),
        }
        if g.target_type == crate::aws::words::TargetType::Ip || !b.is_application() {
            let source = if g.preserve_client_ip {
                "the client's address is kept as the source"
            } else {
                "the node's own address is the source"
            };
            out.push_str(&format!("; {source} (F6.43)"));
        }
        let client_is_target = self.eligible.iter().any(|&t| g.targets[t].ip == client);
        if g.preserve_client_ip && client_is_target && self.eligible.len() > 1 {
            out.push_str("; the client is one of these targets: AWS chooses a target per connection, and one sent to the client itself times out (F6.69)");
        }
        out
    }
}

fn choose(net: &Network, b: &LoadBalancer, node: usize, g: &LbTargetGroup) -> Pick {
    let here = net.zone_name(b.nodes[node].subnet);
    let enabled: Vec<&str> = b.nodes.iter().map(|n| net.zone_name(n.subnet)).collect();
    // A target's zone: its subnet's; an address outside the VPC is in every zone.
    let zone = |t: &LbTarget| t.subnet.map(|s| net.zone_name(s));
    let in_enabled: Vec<usize> = (0..g.targets.len())
        .filter(|&t| zone(&g.targets[t]).is_none_or(|z| enabled.contains(&z)))
        .collect();
    let eligible: Vec<usize> = in_enabled
        .iter()
        .copied()
        .filter(|&t| g.cross_zone || zone(&g.targets[t]).is_none_or(|z| z == here))
        .collect();
    let with = |h: TargetHealth| eligible.iter().copied().find(|&t| g.targets[t].health == h);
    let fail_open = !in_enabled.is_empty()
        && in_enabled
            .iter()
            .all(|&t| g.targets[t].health == TargetHealth::Unhealthy);
    let chosen = with(TargetHealth::Healthy)
        .or_else(|| with(TargetHealth::Unknown))
        .or_else(|| fail_open.then(|| eligible.first().copied()).flatten());
    Pick {
        eligible,
        fail_open,
        chosen,
    }
}

/// The node's connection to its target: from `source` in the node's subnet, through the load
/// balancer's security groups (outbound, F6.39), then routed as any packet; the target's
/// groups see the load balancer's groups as the source's (F6.45).
pub(super) fn to_target<'a>(
    net: &'a Network,
    lb: LbIx,
    node: usize,
    source: Ipv4Addr,
    reply_ports: (u16, u16),
    (dst, port, protocol): (Ipv4Addr, u16, Protocol),
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    let b = &net.load_balancers[lb.0];
    let n = &b.nodes[node];
    steps.push(|| Step::Connect {
        from: Name::Borrowed(&b.id),
        source,
        destination: dst,
        port: shown_port(protocol, port),
        protocol,
    });
    if !b.security_groups.is_empty() {
        let packet = filter::Packet {
            protocol,
            port,
            remote: dst,
            remote_groups: groups_at(net, b.vpc, dst),
        };
        let groups = &b.security_groups;
        security_groups(net, groups, Direction::Egress, &packet, &b.id, steps)?;
    }
    let mut packet =
        Packet::from_outside(protocol, n.subnet, source, dst, port, &b.id, reply_ports);
    packet.balancer_groups = &b.security_groups;
    packet.node_owns_replies = (source != n.private_ip).then_some(n.private_ip);
    walk(net, packet, steps)
}
