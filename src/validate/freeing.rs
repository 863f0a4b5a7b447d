//! What validation frees as soon as it is done with it: the written routes of an owned
//! scenario, the parts of it resolved into the network, and what only building the network
//! needed.

use super::*;

/// Frees the parts of a scenario that [`Validator::build`] has resolved into the network and
/// that nothing reads after it (the warnings read the zones, APIs and requests): on a network
/// of many VPCs, a parsed VPC takes more memory than its text, and the network's index is
/// built after this.
pub(super) fn drop_built(s: &mut model::Scenario) {
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
