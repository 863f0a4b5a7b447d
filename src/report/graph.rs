//! Topology diagrams: the scenario's VPCs, subnets, route tables, gateways, endpoints,
//! instances, the internet, API Gateway's doors, APIs and custom domains, as Mermaid (renders
//! in GitHub and GitLab Markdown) or Graphviz DOT. A trace can be laid over it: the components
//! the request touched are highlighted and the one where it ended is marked with its outcome.
//!
//! Both renderers draw the same [`Diagram`], built once from the network; output is stable
//! (file order, no addresses of memory).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use crate::net::*;
use crate::trace::{Outcome, Step, Trace};

mod build;
mod dot;
mod hybrid;
mod mermaid;
pub use dot::*;
pub use mermaid::*;

/// What kind of component a node is; it decides the node's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A client instance.
    Instance,
    /// A route table.
    Table,
    /// A gateway (internet, NAT, peering).
    Gateway,
    /// An endpoint.
    Endpoint,
    /// The internet, an AWS front door or service.
    Cloud,
    /// An API or a custom domain.
    Api,
}

/// A node.
#[derive(Debug, Clone)]
pub struct DNode {
    /// Identifier in the diagram (safe for Mermaid and DOT).
    pub key: String,
    /// The scenario id or AWS name it stands for.
    pub name: String,
    /// The label.
    pub label: String,
    /// Its shape.
    pub shape: Shape,
    /// The cluster it is drawn in (a subnet's or VPC's key), if any.
    pub parent: Option<String>,
}

/// A cluster: a VPC, or a subnet inside one.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Identifier.
    pub key: String,
    /// Label.
    pub label: String,
    /// The enclosing cluster.
    pub parent: Option<String>,
}

/// An edge. Its strings are short and held inline.
#[derive(Debug, Clone)]
pub struct DEdge {
    /// From node key (a node or a cluster).
    pub from: smol_str::SmolStr,
    /// To node key.
    pub to: smol_str::SmolStr,
    /// Label (a route's destination, ...).
    pub label: smol_str::SmolStr,
    /// Drawn dashed (an association rather than a packet path).
    pub dashed: bool,
}

/// An edge of the diagram, or every route of a table, drawn from the network when the
/// diagram is written: a network with a million routes draws a million edges, never held.
#[derive(Debug, Clone)]
enum Edge {
    One(DEdge),
    Routes(usize),
}

/// The drawing of a network, before rendering.
#[derive(Debug, Clone)]
pub struct Diagram<'n> {
    /// The network drawn.
    net: &'n Network,
    /// Clusters, parents first.
    pub clusters: Vec<Cluster>,
    /// Nodes.
    pub nodes: Vec<DNode>,
    /// Edges, in drawing order ([`Diagram::try_edges`] gives them).
    edges: Vec<Edge>,
    /// Highlighted node keys (the request's path).
    pub path: BTreeSet<String>,
    /// The node where the request ended, and how.
    pub end: Option<(String, String)>,
    /// Whether the request was answered (an HTTP status below 400): its end is drawn as a
    /// success, not as where it stopped.
    pub answered: bool,
    /// The keys of `nodes`, so that adding one is not a scan of all.
    node_keys: HashSet<String>,
}

fn key(prefix: &str, name: &str) -> String {
    let mut k = String::from(prefix);
    k.push('_');
    for c in name.chars() {
        k.push(if c.is_ascii_alphanumeric() { c } else { '_' });
    }
    k
}

fn door_key(region: &str) -> String {
    key("door", region)
}

/// The diagram's key of a node of the network's graph; `None` for what is not drawn as a node
/// (a VPC's `local` delivery, a subnet is a cluster). A blackhole is drawn once per table
/// (`table`), the one its route is in.
fn node_key(net: &Network, node: Node, table: Option<&str>) -> Option<String> {
    Some(match node {
        Node::Subnet(s) => key("subnet", &net.subnets[s.0].id),
        Node::RouteTable(t) => key("rtb", &net.route_tables[t.0].id),
        Node::Igw(g) => key("igw", &net.igws[g.0].id),
        Node::Nat(n) => key("nat", &net.nats[n.0].id),
        Node::GatewayEndpoint(e) => key("vpce", &net.endpoints[e.0].id),
        Node::Peering(x) => key("pcx", &net.peerings[x.0].id),
        Node::Tgw(t) => key("tgw", &net.tgws[t.0].id),
        Node::Vgw(g) => key("vgw", &net.vgws[g.0].id),
        Node::Instance(i) => key("i", &net.instances[i.0].id),
        Node::Firewall(f) => key("vpce", &net.firewalls[f.0].id),
        Node::Site(s) => key("site", &net.sites[s.0].id),
        Node::Blackhole => key("blackhole", table?),
        Node::Internet => "internet".to_string(),
        Node::Local(_) => return None,
    })
}

fn service_key(service: &str, region: &str) -> String {
    key("svc", &format!("{service}_{region}"))
}

impl Diagram<'_> {
    fn node(
        &mut self,
        key: String,
        name: &str,
        label: String,
        shape: Shape,
        parent: Option<String>,
    ) {
        if self.node_keys.insert(key.clone()) {
            self.nodes.push(DNode {
                key,
                name: name.to_string(),
                label,
                shape,
                parent,
            });
        }
    }

    /// The public door that serves an edge-optimized (CloudFront) or Regional (the Region's
    /// execute-api front door) API or custom domain, with an edge to it.
    fn public_door(&mut self, endpoint: EndpointType, region: &str, to: &str) {
        let from = if endpoint == EndpointType::Edge {
            let k = "cloudfront".to_string();
            self.node(
                k.clone(),
                "cloudfront",
                "CloudFront".into(),
                Shape::Cloud,
                None,
            );
            k
        } else {
            let k = door_key(region);
            self.node(
                k.clone(),
                &format!("execute-api {region}"),
                format!("execute-api {region} front door"),
                Shape::Cloud,
                None,
            );
            k
        };
        self.edge(&from, to, "", false);
    }

    /// Whether a node of this key is drawn already.
    fn has(&self, key: &str) -> bool {
        self.node_keys.contains(key)
    }

    fn edge(&mut self, from: &str, to: &str, label: &str, dashed: bool) {
        self.edges.push(Edge::One(DEdge {
            from: from.into(),
            to: to.into(),
            label: label.into(),
            dashed,
        }));
    }

    /// Hands `f` every edge in drawing order, a table's routes made from the network one at a
    /// time; stops at the first error.
    pub fn try_edges<E>(&self, mut f: impl FnMut(&DEdge) -> Result<(), E>) -> Result<(), E> {
        let net = self.net;
        for e in &self.edges {
            match e {
                Edge::One(e) => f(e)?,
                Edge::Routes(t) => {
                    // The table's route edges in the graph, in the table's order; the `local`
                    // route is not drawn.
                    let table = &net.route_tables[*t];
                    let from = smol_str::SmolStr::from(key("rtb", &table.id));
                    for (link, to) in net.links(table.node) {
                        let Link::Route(r) = link else { continue };
                        let (Some(route), Some(to)) = (
                            table.routes.get(r as usize),
                            node_key(net, to, Some(&table.id)),
                        ) else {
                            continue;
                        };
                        f(&DEdge {
                            from: from.clone(),
                            to: to.into(),
                            label: (*route.label).into(),
                            dashed: false,
                        })?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// What [`Diagram::walk`] visits, in drawing order.
pub enum Visit<'d> {
    /// A node.
    Node(&'d DNode),
    /// A cluster opens: its nodes and clusters follow, one level deeper.
    Open(&'d Cluster),
    /// The cluster closes.
    Close(&'d Cluster),
}

impl Diagram<'_> {
    /// Whether an edge is on the request's path: from a node of the path to another, or to
    /// where it ended.
    pub fn on_path(&self, e: &DEdge) -> bool {
        self.path.contains(e.from.as_str())
            && (self.path.contains(e.to.as_str())
                || self.end.as_ref().is_some_and(|(k, _)| *k == e.to.as_str()))
    }

    /// How the node where the request ended is painted, in both renderers: green where it was
    /// answered, red where it stopped.
    pub fn end_colours(&self) -> (&'static str, &'static str) {
        if self.answered {
            ("#d6f5d6", "#2e7d32")
        } else {
            ("#ffd6d6", "#c00000")
        }
    }

    /// Walks the diagram in drawing order, with each item's depth (1 at the top level): the
    /// top-level nodes, then each cluster, opened, with its own nodes and then its clusters
    /// inside, and closed. Both renderers draw from this one walk.
    pub fn walk(&self, mut visit: impl FnMut(usize, Visit<'_>)) {
        // What each cluster holds, gathered once in file order (not a scan per cluster).
        let mut nodes: HashMap<Option<&str>, Vec<&DNode>> = HashMap::new();
        for n in &self.nodes {
            nodes.entry(n.parent.as_deref()).or_default().push(n);
        }
        let mut clusters: HashMap<Option<&str>, Vec<&Cluster>> = HashMap::new();
        for c in &self.clusters {
            clusters.entry(c.parent.as_deref()).or_default().push(c);
        }
        let inside = Inside { nodes, clusters };
        for n in inside.nodes(None) {
            visit(1, Visit::Node(n));
        }
        for c in inside.clusters(None) {
            walk_cluster(&inside, c, 1, &mut visit);
        }
    }

    /// The keys of the clusters, which edges may start from.
    pub fn cluster_keys(&self) -> HashSet<&str> {
        self.clusters.iter().map(|c| c.key.as_str()).collect()
    }
}

/// The nodes and clusters drawn directly in each cluster (`None`: at the top level).
struct Inside<'d> {
    nodes: HashMap<Option<&'d str>, Vec<&'d DNode>>,
    clusters: HashMap<Option<&'d str>, Vec<&'d Cluster>>,
}

impl<'d> Inside<'d> {
    fn nodes(&self, parent: Option<&str>) -> Vec<&'d DNode> {
        self.nodes.get(&parent).cloned().unwrap_or_default()
    }

    fn clusters(&self, parent: Option<&str>) -> Vec<&'d Cluster> {
        self.clusters.get(&parent).cloned().unwrap_or_default()
    }
}

fn walk_cluster<'d>(
    inside: &Inside<'d>,
    c: &'d Cluster,
    depth: usize,
    visit: &mut impl FnMut(usize, Visit<'d>),
) {
    visit(depth, Visit::Open(c));
    for n in inside.nodes(Some(&c.key)) {
        visit(depth + 1, Visit::Node(n));
    }
    for child in inside.clusters(Some(&c.key)) {
        walk_cluster(inside, child, depth + 1, visit);
    }
    visit(depth, Visit::Close(c));
}

fn esc(s: &str) -> String {
    s.replace('"', "'")
}
