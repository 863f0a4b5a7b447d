//! What validation frees as soon as it is done with it: the written routes of an owned
//! scenario, the parts of it resolved into the network, and what only building the network
//! needed.

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
        self.vpc_frames(s);
        for (vi, vpc) in s.vpcs.iter_mut().enumerate() {
            self.vpc_contents(VpcIx(vi), vpc);
            vpc.subnets = Vec::new();
            vpc.instances = Vec::new();
            vpc.security_groups = Vec::new();
            vpc.network_acls = Vec::new();
            vpc.nat_gateways = Vec::new();
            vpc.endpoints = Vec::new();
            vpc.lambda_functions = Vec::new();
        }
        self.build_rest(s);
        drop_built(s);
    }

    /// Frees what only building the network needed (addresses taken, subnet CIDRs, public
    /// addresses, shared graph nodes, route labels): a [`RequestChecker`] keeps the validator
    /// while every request is read, and resolving a request reads none of it.
    pub(super) fn drop_building(&mut self) {
        self.taken = BTreeMap::new();
        self.cursor = HashMap::new();
        self.subnet_cidrs = HashMap::new();
        self.public_ips = BTreeMap::new();
        self.shared_nodes = BTreeMap::new();
        self.labels = Labels::default();
        self.peer_group_refs = Vec::new();
        self.tgw_peerings = Vec::new();
    }
}
