//! Gateway route tables: a route table associated with an internet gateway or a virtual
//! private gateway (an edge association), which routes the traffic entering the VPC by that
//! gateway (F6.54). AWS refuses the association, or the route, when the table holds a target
//! other than `local`, a network interface or a Gateway Load Balancer endpoint, a destination
//! other than the VPC's CIDR or a subnet's whole CIDR, or has route propagation on.

use super::*;

impl Validator {
    /// The routes of gateway route table `t` of VPC `v`, written as `rt`: the implicit `local`
    /// routes (one the table replaces for the whole VPC CIDR excepted), then its routes to
    /// middleboxes. Associates the table with its gateway.
    pub(crate) fn gateway_table(
        &mut self,
        v: VpcIx,
        t: RouteTableIx,
        rt: &model::RouteTable,
        gateway: &Sp<String>,
        routes: &[model::Route],
    ) -> Vec<Route> {
        self.edge_association(v, t, gateway);
        // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
        if rt.vpn_gateway_propagation {
            self.err(
                Code::Route,
                Pos::of(gateway),
                format!(
                    "{} has route propagation on: AWS does not associate a table with a gateway while propagation is enabled for it (F6.54)",
                    rt.id.value
                ),
            )
            .help("remove `vpn_gateway_propagation` from a gateway route table");
        }
        let cidrs = self.net.vpcs[v.0].cidrs.clone();
        let mut written: Vec<Route> = Vec::new();
        for r in routes {
            let Some(dst) = self.cidr(&r.destination) else {
                continue;
            };
            let Some(target) = self.route_target(v, &r.target) else {
                continue;
            };
            if !matches!(
                target,
                Target::Instance(_) | Target::Interface(_) | Target::Firewall(_)
            ) {
                self.err(
                    Code::Route,
                    Pos::of(&r.target),
                    format!(
                        "`{}` cannot be a target in a gateway route table: AWS allows only `local`, a network interface (an instance's) or a Gateway Load Balancer endpoint (F6.54)",
                        r.target.value
                    ),
                )
                .help("route the subnet's CIDR to an appliance or a firewall endpoint, or remove the route");
                continue;
            }
            let whole_vpc = cidrs.contains(&dst);
            let whole_subnet = self.net.subnets.iter().any(|s| s.vpc == v && s.cidr == dst);
            if !whole_vpc && !whole_subnet {
                let msg = if cidrs.iter().any(|c| c.contains(&dst)) {
                    format!(
                        "{dst} is not a subnet's whole CIDR nor the VPC's: a gateway route table takes only those destinations (F6.54)"
                    )
                } else {
                    format!(
                        "{dst} is outside the VPC: a gateway route table cannot route a CIDR outside the VPC (F6.54)"
                    )
                };
                self.err(Code::Route, Pos::of(&r.destination), msg)
                    .help("write the whole CIDR of a subnet of this VPC, or the VPC's CIDR to replace its `local` route");
                continue;
            }
            if written.iter().any(|w| w.destination == dst) {
                self.err(
                    Code::Duplicate,
                    Pos::of(&r.destination),
                    format!("two routes for {dst} in one table"),
                )
                .help("AWS keeps one route per destination in a table; remove one");
                continue;
            }
            written.push(Route {
                destination: dst,
                target,
                label: self.labels.of(dst.to_string()),
                origin: Origin::Static,
            });
        }
        // A route for the VPC's whole CIDR replaces the target of its `local` route.
        let mut all: Vec<Route> = cidrs
            .iter()
            .filter(|c| !written.iter().any(|w| w.destination == **c))
            .map(|c| Route {
                destination: *c,
                target: Target::Local,
                label: self.labels.of(c.to_string()),
                origin: Origin::Local,
            })
            .collect();
        all.extend(written);
        all
    }

    /// Associates table `t` with the internet or virtual private gateway named `gateway`, which
    /// must be attached to the table's VPC and associated with no other table.
    fn edge_association(&mut self, v: VpcIx, t: RouteTableIx, gateway: &Sp<String>) {
        let id = gateway.value.as_str();
        let vpc = self.net.vpcs[v.0].id.clone();
        let found = match self.ids.get(id) {
            Some(&(Kind::Igw, _, ix)) => Some((true, ix)),
            Some(&(Kind::Vgw, _, ix)) => Some((false, ix)),
            _ => None,
        };
        let Some((igw, ix)) = found else {
            self.err(
                Code::Reference,
                Pos::of(gateway),
                format!("`{id}` is not an internet gateway or a virtual private gateway"),
            )
            .help("a gateway route table is associated with its VPC's internet gateway or virtual private gateway (F6.54)");
            return;
        };
        let (owner, taken) = if igw {
            let g = &self.net.igws[ix];
            (g.vpc, g.edge_table)
        } else {
            let g = &self.net.vgws[ix];
            (g.vpc, g.edge_table)
        };
        if owner != v {
            self.err(
                Code::Scope,
                Pos::of(gateway),
                format!("{id} is attached to another VPC, not {vpc}"),
            )
            .help("a route table can be associated only with a gateway of its own VPC");
            return;
        }
        if let Some(other) = taken {
            let other = self.net.route_tables[other.0].id.clone();
            self.err(
                Code::Duplicate,
                Pos::of(gateway),
                format!("{id} is already associated with route table {other}: a gateway has one route table"),
            )
            .help("keep `gateway:` on one table only");
            return;
        }
        if igw {
            self.net.igws[ix].edge_table = Some(t);
        } else {
            self.net.vgws[ix].edge_table = Some(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::error::Code;

    #[test]
    fn a_gateway_route_table_is_associated_with_its_gateway() {
        let net = crate::load::load_file(Path::new("scenarios/ingress-routing.yaml")).unwrap();
        let igw = net.igws.iter().find(|g| g.id == "igw-edge").unwrap();
        let t = igw.edge_table.expect("rtb-edge is igw-edge's table");
        assert_eq!(net.route_tables[t.0].id, "rtb-edge");
    }

    #[test]
    fn what_aws_refuses_in_a_gateway_route_table_is_an_error_at_its_line() {
        let path = Path::new("tests/errors/err_gateway_route_tables.yaml");
        let Err(crate::error::Error::Invalid { diagnostics, .. }) = crate::load::load_file(path)
        else {
            panic!("the fixture is refused");
        };
        let found: Vec<(Code, u32)> = diagnostics.iter().map(|d| (d.code, d.pos.line)).collect();
        assert_eq!(
            found,
            vec![
                (Code::Route, 21),
                (Code::Route, 22),
                (Code::Route, 23),
                (Code::Duplicate, 25),
                (Code::Duplicate, 27),
                (Code::Endpoint, 29),
                (Code::Route, 29),
                (Code::Scope, 32),
                (Code::Reference, 34),
            ]
        );
    }
}
