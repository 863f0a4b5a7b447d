//! Routes a virtual private gateway propagates into route tables, and the `local` route that
//! beats them inside the VPC (F6.24, F6.25).

use super::*;

impl Validator {
    /// Warns where a table's propagated routes fall inside its VPC's CIDR: the `local` route
    /// wins over them, however specific they are (F6.25).
    pub(super) fn local_wins(&mut self, t: usize, written: Option<&model::RouteTable>) {
        let Some(rt) = written.filter(|_| self.net.route_tables[t].declared) else {
            return;
        };
        let table = &self.net.route_tables[t];
        let shadowed: Vec<String> = table
            .shadowed_by_local()
            .map(|r| r.destination.to_string())
            .collect();
        if shadowed.is_empty() {
            return;
        }
        let msg = format!(
            "{} learns {} from its virtual private gateway, inside {}'s own CIDR: the `local` route wins even over a more specific propagated route, so the VPC never sends these addresses to the gateway (F6.25)",
            table.id,
            shadowed.join(", "),
            self.net.vpcs[table.vpc.0].id
        );
        self.warn(Code::LocalRouteWins, Pos::of(&rt.id), msg).help(
            "give the site ranges outside the VPC's CIDR; addresses inside it are the VPC's own",
        );
    }

    /// The routes a virtual private gateway propagates into a table: the CIDRs of the sites
    /// connected to it (F6.24).
    pub(super) fn propagated_from_vgw(&mut self, v: VpcIx, rt: &model::RouteTable) -> Vec<Route> {
        let Some(g) = self.net.vpcs[v.0].vgw else {
            let vpc = self.net.vpcs[v.0].id.clone();
            self.err(
                Code::Route,
                Pos::of(&rt.id),
                format!(
                    "{} propagates routes from a virtual private gateway, but {vpc} has none",
                    rt.id.value
                ),
            )
            .help("attach one (`vpn_gateway:` on the VPC), or remove `vpn_gateway_propagation`");
            return Vec::new();
        };
        let mut routes = Vec::new();
        for &(s, _) in &self.net.vgws[g.0].sites {
            for c in &self.net.sites[s.0].cidrs {
                routes.push(Route {
                    destination: *c,
                    target: Target::Vgw(g),
                    label: self.labels.of(format!("{c} (propagated)")),
                    origin: Origin::Propagated(Source::VpnGateway),
                });
            }
        }
        routes
    }
}
