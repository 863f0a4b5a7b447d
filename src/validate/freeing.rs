//! What validation frees as soon as it is done with it: the written routes of an owned
//! scenario, the parts of it resolved into the network, and what only building the network
//! needed; and the network's largest lists, given room for what they will hold before they
//! are filled (a list grown by doubling keeps up to half of itself spare).

use super::*;

/// Frees the parts of a scenario that [`Validator::build`] has resolved into the network and
/// that nothing reads after it (the warnings read the zones, APIs and requests): on a network
/// of many VPCs, a parsed VPC takes more memory than its text, and the network's index is
/// built after this.
fn drop_built(s: &mut model::Scenario) {
    s.vpcs = Vec::new();
    s.peerings = Vec::new();
    s.transit_gateways = Vec::new();
}

/// The written routes of every route table, in file order, moved out of the scenario.
pub(super) fn take_routes(s: &mut model::Scenario) -> Vec<Vec<model::Route>> {
    s.vpcs
        .iter_mut()
        .flat_map(|v| v.route_tables.iter_mut())
        .map(|rt| std::mem::take(&mut rt.routes))
        .collect()
}

impl Validator {
    /// [`Validator::build`] of a scenario it may take apart: each VPC's written subnets,
    /// instances, groups, network ACLs, NAT gateways, endpoints and functions are freed as
    /// soon as what lives in it is built, before the next VPC's and before the routes (a route
    /// per edge of the graph, most of the network); the rest once built ([`drop_built`]).
    pub(super) fn build_owned(&mut self, s: &mut model::Scenario) {
        self.build_ids(s);
        // [`Validator::vpc_frames`], each VPC's network ACLs and subnets freed once built:
        // nothing after reads them, and the peak of a large network falls before the
        // contents of the first VPC are built, every written VPC still held.
        self.vpc_gateways(s);
        for (vi, vpc) in s.vpcs.iter_mut().enumerate() {
            self.vpc_tables_and_filters(VpcIx(vi), vpc);
            vpc.network_acls = Vec::new();
        }
        self.vpc_implicit_components(s);
        for (vi, vpc) in s.vpcs.iter_mut().enumerate() {
            self.vpc_subnets(VpcIx(vi), vpc);
            vpc.subnets = Vec::new();
        }
        for (vi, vpc) in s.vpcs.iter_mut().enumerate() {
            self.vpc_contents(VpcIx(vi), vpc);
            vpc.instances = Vec::new();
            vpc.security_groups = Vec::new();
            vpc.nat_gateways = Vec::new();
            vpc.endpoints = Vec::new();
            vpc.lambda_functions = Vec::new();
            vpc.network_interfaces = Vec::new();
        }
        self.build_rest(s);
        drop_built(s);
    }

    /// Frees what only building the network needed (addresses taken, subnet CIDRs, public
    /// addresses, shared graph nodes, route labels), once every component is built and
    /// before the network's index: neither the index, nor the warnings, nor resolving a
    /// request (a [`RequestChecker`] keeps the validator while every request is read) reads
    /// any of it.
    pub(super) fn drop_building(&mut self) {
        self.drop_addresses();
        self.shared_nodes = BTreeMap::new();
        self.labels = Labels::default();
        self.peer_group_refs = Vec::new();
        self.tgw_peerings = Vec::new();
    }

    /// Frees what only giving out addresses needed (the addresses taken in each subnet and
    /// where its next allocation looks, the subnets' CIDRs, the public addresses in use) once
    /// every component that takes an address is built, before the routes: on a network of
    /// many VPCs the addresses taken are a few megabytes, held while the routes are built.
    pub(super) fn drop_addresses(&mut self) {
        self.taken = BTreeMap::new();
        self.cursor = HashMap::new();
        self.subnet_cidrs = HashMap::new();
        self.public_ips = BTreeMap::new();
    }

    /// Room for exactly what the written VPCs will add to the network's lists of VPCs,
    /// gateways, subnets, route tables, groups, network ACLs, NAT gateways, endpoints and
    /// instances (each VPC's implicit main table, default group and default ACL counted as
    /// one more each; a VPC that writes its main table leaves one spare).
    pub(super) fn reserve_vpcs(&mut self, s: &model::Scenario) {
        let count = |f: fn(&model::Vpc) -> usize| s.vpcs.iter().map(f).sum::<usize>();
        let n = s.vpcs.len();
        let net = &mut self.net;
        net.vpcs.reserve_exact(n);
        net.igws
            .reserve_exact(count(|v| usize::from(v.internet_gateway.is_some())));
        net.vgws
            .reserve_exact(count(|v| usize::from(v.vpn_gateway.is_some())));
        net.subnets.reserve_exact(count(|v| v.subnets.len()));
        net.route_tables
            .reserve_exact(count(|v| v.route_tables.len()) + n);
        net.security_groups
            .reserve_exact(count(|v| v.security_groups.len()) + n);
        net.nacls.reserve_exact(count(|v| v.network_acls.len()) + n);
        net.nats.reserve_exact(count(|v| v.nat_gateways.len()));
        net.endpoints.reserve_exact(count(|v| v.endpoints.len()));
        net.instances
            .reserve_exact(count(|v| v.instances.len() + v.lambda_functions.len()));
    }

    /// Room in the graph for an edge per route about to be installed (a VPC's local routes,
    /// the written routes and the gateway endpoints' prefix-list routes of each table) and
    /// one per internet gateway: a route per edge, the edge list is the graph's largest.
    /// Routes propagated from a virtual private gateway, not counted, grow it as they come.
    pub(super) fn reserve_route_edges(
        &mut self,
        declared: &[&model::RouteTable],
        taken: Option<&[Vec<model::Route>]>,
        gateways: &[Vec<EndpointIx>],
    ) {
        let mut edges = self.net.igws.len();
        for (t, table_gateways) in gateways.iter().enumerate() {
            let table = &self.net.route_tables[t];
            let written = match (taken.and_then(|o| o.get(t)), declared.get(t)) {
                _ if !table.declared => 0,
                (Some(owned), _) if !owned.is_empty() => owned.len(),
                (_, Some(rt)) => rt.routes.len(),
                _ => 0,
            };
            edges += self.net.vpcs[table.vpc.0].cidrs.len() + written + table_gateways.len();
        }
        self.net.graph.reserve_exact_edges(edges);
    }
}
