//! A route's target, as a route table names it: a gateway, an endpoint, an appliance, a peering
//! connection, `local` or `blackhole`, with what AWS refuses.

use super::*;

impl Validator {
    /// The target a route names in VPC `v`, or `None` (reported) when AWS refuses it.
    pub(crate) fn route_target(&mut self, v: VpcIx, t: &Sp<impl AsRef<str>>) -> Option<Target> {
        let id = t.value.as_ref();
        if id == "blackhole" {
            return Some(Target::Blackhole);
        }
        if id == "local" {
            self.err(Code::Route, Pos::of(t), "the `local` route is implicit")
                .help("remove it: every route table has a local route for each VPC CIDR");
            return None;
        }
        let Some(&(kind, _, ix)) = self.ids.get(id) else {
            let candidates: Vec<String> = self
                .ids
                .iter()
                .filter(|(_, (k, _, _))| {
                    matches!(
                        k,
                        Kind::Igw
                            | Kind::Nat
                            | Kind::Peering
                            | Kind::Tgw
                            | Kind::Vgw
                            | Kind::Firewall
                            | Kind::NetworkInterface
                    )
                })
                .map(|(i, _)| i.to_string())
                .collect();
            if id.starts_with("eigw-") {
                self.err(
                    Code::Reference,
                    Pos::of(t),
                    format!("route target `{id}` is an egress-only internet gateway, which serves IPv6 only: vpcpath models IPv4 (docs/decisions.md)"),
                )
                .help("leave IPv6 routes out; for IPv4 traffic out of a private subnet, route 0.0.0.0/0 to a NAT gateway");
                return None;
            }
            let help = suggest_or(
                id,
                candidates.iter().map(String::as_str),
                "a route target is an internet gateway, NAT gateway, peering connection, transit gateway, virtual private gateway, instance, network interface, firewall or Gateway Load Balancer endpoint id, or `blackhole`",
            );
            self.err(
                Code::Reference,
                Pos::of(t),
                format!("route target `{id}` does not exist"),
            )
            .help(help);
            return None;
        };
        let vpc_name = self.net.vpcs[v.0].id.clone();
        match kind {
            Kind::Igw if self.net.igws[ix].vpc == v => Some(Target::Igw(IgwIx(ix))),
            Kind::Igw => {
                self.err(
                    Code::Scope,
                    Pos::of(t),
                    format!("internet gateway {id} is attached to another VPC, not {vpc_name}"),
                )
                .help("a route table can only target its own VPC's internet gateway");
                None
            }
            Kind::Nat
                if self.net.nats.get(ix).is_some_and(|n| {
                    self.net.subnets.get(n.subnet.0).is_some_and(|s| s.vpc == v)
                }) =>
            {
                Some(Target::Nat(NatIx(ix)))
            }
            Kind::Nat => {
                self.err(
                    Code::Scope,
                    Pos::of(t),
                    format!("NAT gateway {id} is in another VPC, not {vpc_name}"),
                )
                .help("a route table can only target NAT gateways of its own VPC");
                None
            }
            Kind::Peering => {
                let p = &self.net.peerings[ix];
                if p.requester == v || p.accepter == v {
                    Some(Target::Peering(PeeringIx(ix)))
                } else {
                    self.err(
                        Code::Scope,
                        Pos::of(t),
                        format!("peering connection {id} does not connect {vpc_name}"),
                    )
                    .help("target a peering connection whose requester or accepter is this VPC");
                    None
                }
            }
            Kind::Tgw if self.net.index.tgw_attachment.contains_key(&(TgwIx(ix), v)) => {
                Some(Target::Tgw(TgwIx(ix)))
            }
            Kind::Tgw => {
                self.err(
                    Code::Scope,
                    Pos::of(t),
                    format!("transit gateway {id} has no attachment to {vpc_name}"),
                )
                .help("attach the VPC to it (an attachment under `transit_gateways`) before routing to it");
                None
            }
            Kind::Vgw if self.net.vgws[ix].vpc == v => Some(Target::Vgw(VgwIx(ix))),
            Kind::Vgw => {
                self.err(
                    Code::Scope,
                    Pos::of(t),
                    format!(
                        "virtual private gateway {id} is attached to another VPC, not {vpc_name}"
                    ),
                )
                .help("a route table can only target its own VPC's virtual private gateway");
                None
            }
            Kind::Instance
                if self.net.instances.get(ix).is_some_and(|i| {
                    self.net.subnets.get(i.subnet.0).is_some_and(|s| s.vpc == v)
                }) =>
            {
                Some(Target::Instance(InstanceIx(ix)))
            }
            Kind::Firewall
                if self.net.firewalls.get(ix).is_some_and(|f| {
                    self.net.subnets.get(f.subnet.0).is_some_and(|s| s.vpc == v)
                }) =>
            {
                Some(Target::Firewall(FirewallIx(ix)))
            }
            Kind::Firewall => {
                self.err(
                    Code::Scope,
                    Pos::of(t),
                    format!("firewall endpoint {id} is in another VPC, not {vpc_name}"),
                )
                .help("a route table can only target firewall endpoints of its own VPC");
                None
            }
            Kind::Instance => {
                self.err(
                    Code::Scope,
                    Pos::of(t),
                    format!("instance {id} is in another VPC, not {vpc_name}"),
                )
                .help("a route table can only target network interfaces of its own VPC");
                None
            }
            Kind::NetworkInterface
                if self.net.interfaces.get(ix).is_some_and(|e| {
                    self.net.subnets.get(e.subnet.0).is_some_and(|s| s.vpc == v)
                }) =>
            {
                Some(Target::Interface(EniIx(ix)))
            }
            Kind::NetworkInterface => {
                self.err(
                    Code::Scope,
                    Pos::of(t),
                    format!("network interface {id} is in another VPC, not {vpc_name}"),
                )
                .help("a route table can only target network interfaces of its own VPC");
                None
            }
            Kind::Endpoint => {
                self.err(Code::Route, Pos::of(t), format!("{id} is a VPC endpoint: its routes are not written by hand"))
                    .help("list this route table under the gateway endpoint's `route_tables`; interface endpoints are reached through the local route");
                None
            }
            other => {
                self.err(Code::Route, Pos::of(t), format!("`{id}` is a {} and cannot be a route target", other.noun()))
                    .help("a route target is an internet gateway, NAT gateway, peering connection, transit gateway, virtual private gateway, instance, network interface, firewall or Gateway Load Balancer endpoint id, or `blackhole`");
                None
            }
        }
    }
}
