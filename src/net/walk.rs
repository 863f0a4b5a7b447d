//! Walking the forwarding graph: the edges of a component in the order they were made (file
//! order), and the questions that are answered by walking it.

use super::*;

impl Network {
    /// The edges leaving `node`, in the order validation made them (file order): each link with
    /// the node it leads to.
    pub(crate) fn links(&self, node: NodeIndex) -> Vec<(Link, Node)> {
        let mut out: Vec<_> = self
            .graph
            .edges(node)
            .map(|e| (e.id(), *e.weight(), self.graph[e.target()]))
            .collect();
        out.sort_unstable_by_key(|(id, _, _)| *id);
        out.into_iter().map(|(_, l, n)| (l, n)).collect()
    }

    /// The edges arriving at `node`, in the order validation made them: each link with the
    /// node it comes from.
    pub(crate) fn links_into(&self, node: NodeIndex) -> Vec<(Link, Node)> {
        let mut out: Vec<_> = self
            .graph
            .edges_directed(node, petgraph::Direction::Incoming)
            .map(|e| (e.id(), *e.weight(), self.graph[e.source()]))
            .collect();
        out.sort_unstable_by_key(|(id, _, _)| *id);
        out.into_iter().map(|(_, l, n)| (l, n)).collect()
    }

    /// The subnets that use route table `t`, in file order: the sources of its `Uses` edges.
    pub(crate) fn subnets_using(&self, t: RouteTableIx) -> Vec<SubnetIx> {
        let mut out: Vec<SubnetIx> = self
            .links_into(self.route_tables[t.0].node)
            .into_iter()
            .filter_map(|(l, n)| match (l, n) {
                (Link::Uses { .. }, Node::Subnet(s)) => Some(s),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The VPCs joined to `v` by a peering connection: from its node back along `Peer` edges
    /// to each peering, and on to the peering's other VPC.
    pub(crate) fn peered_with(&self, v: VpcIx) -> Vec<VpcIx> {
        self.links_into(self.vpcs[v.0].node)
            .into_iter()
            .filter_map(|(l, n)| match (l, n) {
                (Link::Peer, Node::Peering(x)) => Some(self.peerings[x.0].other(v)),
                _ => None,
            })
            .collect()
    }

    /// The transit gateways `v` is attached to: from its subnets back along `Attachment`
    /// edges, each once, in the order found.
    pub(crate) fn gateways_of(&self, v: VpcIx) -> Vec<TgwIx> {
        let mut out = Vec::new();
        for (l, n) in self.links(self.vpcs[v.0].node) {
            let (Link::Delivers, Node::Subnet(s)) = (l, n) else {
                continue;
            };
            for (l, n) in self.links_into(self.subnets[s.0].node) {
                if let (Link::Attachment(_), Node::Tgw(t)) = (l, n)
                    && !out.contains(&t)
                {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The first `most` VPCs attached to transit gateway `t`, in the order of its
    /// attachments: along its `Attachment` edges to subnets. One walk of the gateway's edges;
    /// a caller asking for every VPC of a gateway asks once per gateway, not once per VPC.
    pub(crate) fn attached(&self, t: TgwIx, most: usize) -> Vec<VpcIx> {
        let mut out = Vec::new();
        for (l, n) in self.links(self.tgws[t.0].node) {
            if out.len() >= most {
                break;
            }
            if let (Link::Attachment(_), Node::Subnet(s)) = (l, n) {
                let w = self.subnets[s.0].vpc;
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
