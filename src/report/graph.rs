//! Topology diagrams: the scenario's VPCs, subnets, route tables, gateways, endpoints,
//! instances, the internet, API Gateway's doors, APIs and custom domains, as Mermaid (renders
//! in GitHub and GitLab Markdown) or Graphviz DOT. A trace can be laid over it: the components
//! the request touched are highlighted and the one where it ended is marked with its outcome.
//!
//! Both renderers draw the same [`Diagram`], built once from the network; output is stable
//! (file order, no addresses of memory).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::net::*;
use crate::trace::{Outcome, Step, Trace};

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

/// An edge.
#[derive(Debug, Clone)]
pub struct DEdge {
    /// From node key (a node or a cluster).
    pub from: String,
    /// To node key.
    pub to: String,
    /// Label (a route's destination, ...).
    pub label: String,
    /// Drawn dashed (an association rather than a packet path).
    pub dashed: bool,
}

/// The drawing, before rendering.
#[derive(Debug, Clone, Default)]
pub struct Diagram {
    /// Clusters, parents first.
    pub clusters: Vec<Cluster>,
    /// Nodes.
    pub nodes: Vec<DNode>,
    /// Edges.
    pub edges: Vec<DEdge>,
    /// Highlighted node keys (the request's path).
    pub path: BTreeSet<String>,
    /// The node where the request ended, and how.
    pub end: Option<(String, String)>,
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

fn service_key(service: &str, region: &str) -> String {
    key("svc", &format!("{service}_{region}"))
}

impl Diagram {
    fn node(
        &mut self,
        key: String,
        name: &str,
        label: String,
        shape: Shape,
        parent: Option<String>,
    ) {
        if !self.nodes.iter().any(|n| n.key == key) {
            self.nodes.push(DNode {
                key,
                name: name.to_string(),
                label,
                shape,
                parent,
            });
        }
    }

    /// The nodes drawn directly in a cluster (`None`: at the top level).
    fn nodes_in<'a>(&'a self, parent: Option<&'a str>) -> impl Iterator<Item = &'a DNode> + 'a {
        self.nodes
            .iter()
            .filter(move |n| n.parent.as_deref() == parent)
    }

    /// The clusters drawn directly in a cluster (`None`: at the top level).
    fn clusters_in<'a>(
        &'a self,
        parent: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Cluster> + 'a {
        self.clusters
            .iter()
            .filter(move |c| c.parent.as_deref() == parent)
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

    fn edge(&mut self, from: &str, to: &str, label: &str, dashed: bool) {
        self.edges.push(DEdge {
            from: from.into(),
            to: to.into(),
            label: label.into(),
            dashed,
        });
    }

    /// The diagram of a network.
    pub fn of(net: &Network) -> Diagram {
        let mut d = Diagram::default();
        d.node(
            "internet".into(),
            "internet",
            "internet".into(),
            Shape::Cloud,
            None,
        );
        for vpc in &net.vpcs {
            let cidrs: Vec<String> = vpc.cidrs.iter().map(ToString::to_string).collect();
            d.clusters.push(Cluster {
                key: key("vpc", &vpc.id),
                label: format!("{} {}", vpc.id, cidrs.join(", ")),
                parent: None,
            });
        }
        for s in &net.subnets {
            d.clusters.push(Cluster {
                key: key("subnet", &s.id),
                label: format!("{} {}", s.id, s.cidr),
                parent: Some(key("vpc", &net.vpcs[s.vpc.0].id)),
            });
        }
        for g in &net.igws {
            let k = key("igw", &g.id);
            d.node(
                k.clone(),
                &g.id,
                g.id.clone(),
                Shape::Gateway,
                Some(key("vpc", &net.vpcs[g.vpc.0].id)),
            );
            d.edge(&k, "internet", "", false);
        }
        for n in &net.nats {
            let label = match n.elastic_ip {
                Some(ip) => format!("{} NAT {ip}", n.id),
                None => format!("{} private NAT", n.id),
            };
            d.node(
                key("nat", &n.id),
                &n.id,
                label,
                Shape::Gateway,
                Some(key("subnet", &net.subnets[n.subnet.0].id)),
            );
        }
        for x in &net.peerings {
            d.node(key("pcx", &x.id), &x.id, x.id.clone(), Shape::Gateway, None);
        }
        for i in &net.instances {
            let label = match i.public_ip {
                Some(p) => format!("{} {} / {p}", i.id, i.private_ip),
                None => format!("{} {}", i.id, i.private_ip),
            };
            d.node(
                key("i", &i.id),
                &i.id,
                label,
                Shape::Instance,
                Some(key("subnet", &net.subnets[i.subnet.0].id)),
            );
        }
        for ep in &net.endpoints {
            let k = key("vpce", &ep.id);
            let svc = service_key(&ep.service, &ep.region);
            match &ep.kind {
                EndpointKind::Interface {
                    interfaces,
                    private_dns,
                    ..
                } => {
                    let first = interfaces
                        .first()
                        .map(|(s, _)| key("subnet", &net.subnets[s.0].id));
                    let dns = if *private_dns { ", private DNS" } else { "" };
                    d.node(
                        k.clone(),
                        &ep.id,
                        format!("{} {}{dns}", ep.id, ep.service),
                        Shape::Endpoint,
                        first,
                    );
                }
                EndpointKind::Gateway { .. } => {
                    d.node(
                        k.clone(),
                        &ep.id,
                        format!("{} {} gateway", ep.id, ep.service),
                        Shape::Endpoint,
                        Some(key("vpc", &net.vpcs[ep.vpc.0].id)),
                    );
                }
            }
            if ep.service != "execute-api" {
                d.node(
                    svc.clone(),
                    &format!("{} {}", ep.service, ep.region),
                    format!("{} {}", ep.service, ep.region),
                    Shape::Cloud,
                    None,
                );
                d.edge(&k, &svc, "", false);
            }
        }
        for (t, table) in net.route_tables.iter().enumerate() {
            let used: Vec<&Subnet> = (0..net.subnets.len())
                .filter(|&s| net.table_of(SubnetIx(s)).0 == t)
                .map(|s| &net.subnets[s])
                .collect();
            if used.is_empty() && !table.declared {
                continue;
            }
            let k = key("rtb", &table.id);
            d.node(
                k.clone(),
                &table.id,
                table.id.clone(),
                Shape::Table,
                Some(key("vpc", &net.vpcs[table.vpc.0].id)),
            );
            for s in used {
                d.edge(&key("subnet", &s.id), &k, "", true);
            }
            for r in &table.routes {
                let to = match r.target {
                    Target::Local => continue,
                    Target::Igw(g) => key("igw", &net.igws[g.0].id),
                    Target::Nat(n) => key("nat", &net.nats[n.0].id),
                    Target::GatewayEndpoint(e) => key("vpce", &net.endpoints[e.0].id),
                    Target::Peering(x) => key("pcx", &net.peerings[x.0].id),
                    Target::Blackhole => {
                        let b = key("blackhole", &table.id);
                        d.node(
                            b.clone(),
                            "blackhole",
                            "blackhole".into(),
                            Shape::Gateway,
                            Some(key("vpc", &net.vpcs[table.vpc.0].id)),
                        );
                        b
                    }
                };
                d.edge(&k, &to, &r.label, false);
            }
        }
        // API Gateway: Regional front doors, CloudFront, APIs and custom domains.
        for a in &net.apis {
            let k = key("api", &a.id);
            let label = format!("API {} {} {}", a.id, a.endpoint.name(), a.kind.name());
            d.node(k.clone(), &a.id, label, Shape::Api, None);
            match a.endpoint {
                EndpointType::Edge | EndpointType::Regional => {
                    d.public_door(a.endpoint, &a.region, &k);
                }
                EndpointType::Private => {
                    for ep in net
                        .endpoints
                        .iter()
                        .filter(|e| e.service == "execute-api" && e.region == a.region)
                    {
                        let associated = a
                            .vpc_endpoints
                            .iter()
                            .any(|x| net.endpoints[x.0].id == ep.id);
                        d.edge(
                            &key("vpce", &ep.id),
                            &k,
                            if associated { "associated" } else { "" },
                            !associated,
                        );
                    }
                }
            }
        }
        for cd in &net.custom_domains {
            let k = key("domain", &cd.name);
            d.node(
                k.clone(),
                &cd.name,
                format!("{} {} custom domain", cd.name, cd.endpoint.name()),
                Shape::Api,
                None,
            );
            match cd.endpoint {
                EndpointType::Edge | EndpointType::Regional => {
                    d.public_door(cd.endpoint, &cd.region, &k);
                }
                EndpointType::Private => {
                    for e in &cd.vpc_endpoints {
                        d.edge(
                            &key("vpce", &net.endpoints[e.0].id),
                            &k,
                            "associated",
                            false,
                        );
                    }
                }
            }
            for m in &cd.mappings {
                let path = if m.path.is_empty() {
                    "(none)".to_string()
                } else {
                    m.path.join("/")
                };
                d.edge(
                    &k,
                    &key("api", &net.apis[m.api.0].id),
                    &format!("{path} → {}", m.stage),
                    false,
                );
            }
        }
        let public_doors: Vec<String> = d
            .nodes
            .iter()
            .filter(|n| n.key == "cloudfront" || n.key.starts_with("door_"))
            .map(|n| n.key.clone())
            .collect();
        for k in public_doors {
            d.edge("internet", &k, "", false);
        }
        d
    }

    /// Lays a trace over the diagram: highlights what it touched, marks where it ended.
    pub fn with_trace(mut self, net: &Network, t: &Trace) -> Diagram {
        let by_name = |d: &Diagram, name: &str| -> Option<String> {
            d.nodes
                .iter()
                .find(|n| n.name == name)
                .map(|n| n.key.clone())
        };
        let mut names: Vec<&str> = t.path.iter().map(|p| p.as_ref()).collect();
        for s in &t.steps {
            match s {
                Step::Arrive { at, .. } | Step::Service { at, .. } | Step::Drop { at, .. } => {
                    names.push(at);
                }
                _ => {}
            }
        }
        for n in &names {
            if let Some(k) = by_name(&self, n) {
                self.path.insert(k);
            }
            if net.subnets.iter().any(|s| &s.id == n) {
                self.path.insert(key("subnet", n));
            }
        }
        // The `local` route is not drawn in the topology; a request that took it gets its edge.
        for (i, s) in t.steps.iter().enumerate() {
            if let Step::Route {
                table,
                target,
                destination,
                ..
            } = s
                && target == "local"
            {
                let to = t.steps[i + 1..].iter().find_map(|s| match s {
                    Step::Arrive { at, .. } | Step::Drop { at, .. } => Some(at.clone()),
                    _ => None,
                });
                if let (Some(from), Some(to)) =
                    (by_name(&self, table), to.and_then(|a| by_name(&self, &a)))
                {
                    self.edge(&from, &to, &format!("{destination} local"), false);
                }
            }
        }
        // Through a peering connection, the packets go on to an interface in the peer VPC.
        for (i, s) in t.steps.iter().enumerate() {
            if let Step::Arrive { at, .. } = s
                && net.peerings.iter().any(|x| &x.id == at)
            {
                let to = t.steps[i + 1..].iter().find_map(|s| match s {
                    Step::Arrive { at, .. } | Step::Drop { at, .. } => Some(at.clone()),
                    _ => None,
                });
                if let (Some(from), Some(to)) =
                    (by_name(&self, at), to.and_then(|a| by_name(&self, &a)))
                {
                    self.edge(&from, &to, "", false);
                }
            }
        }
        let last_at = t.steps.iter().rev().find_map(|s| match s {
            Step::Drop { at, .. } | Step::Service { at, .. } | Step::Arrive { at, .. } => {
                Some(at.clone())
            }
            _ => None,
        });
        let end = match &t.outcome {
            Outcome::DnsFailure { .. } => Some(t.from.clone()),
            _ => last_at.or_else(|| Some(t.from.clone())),
        };
        if let Some(name) = end
            && let Some(k) = by_name(&self, &name).or_else(|| {
                net.subnets
                    .iter()
                    .any(|s| s.id == name)
                    .then(|| key("subnet", &name))
            })
        {
            self.end = Some((k, t.outcome.summary()));
        }
        self
    }
}

fn esc(s: &str) -> String {
    s.replace('"', "'")
}

/// Renders a diagram as a Mermaid flowchart.
pub fn mermaid(d: &Diagram) -> String {
    let mut out = String::from("flowchart LR\n");
    let end_key = d.end.as_ref().map(|(k, _)| k.as_str());
    let label_of = |n: &DNode| -> String {
        match &d.end {
            Some((k, how)) if *k == n.key => format!("{}<br/>ended: {}", esc(&n.label), esc(how)),
            _ => esc(&n.label),
        }
    };
    let node_line = |n: &DNode| -> String {
        let l = label_of(n);
        match n.shape {
            Shape::Instance => format!("{}[\"{l}\"]", n.key),
            Shape::Table => format!("{}[/\"{l}\"/]", n.key),
            Shape::Gateway => format!("{}{{{{\"{l}\"}}}}", n.key),
            Shape::Endpoint => format!("{}([\"{l}\"])", n.key),
            Shape::Cloud => format!("{}((\"{l}\"))", n.key),
            Shape::Api => format!("{}[[\"{l}\"]]", n.key),
        }
    };
    fn cluster(
        out: &mut String,
        d: &Diagram,
        c: &Cluster,
        depth: usize,
        node_line: &dyn Fn(&DNode) -> String,
    ) {
        let pad = "  ".repeat(depth);
        let _ = writeln!(out, "{pad}subgraph {}[\"{}\"]", c.key, esc(&c.label));
        for n in d.nodes_in(Some(&c.key)) {
            let _ = writeln!(out, "{pad}  {}", node_line(n));
        }
        for child in d.clusters_in(Some(&c.key)) {
            cluster(out, d, child, depth + 1, node_line);
        }
        let _ = writeln!(out, "{pad}end");
    }
    for n in d.nodes_in(None) {
        let _ = writeln!(out, "  {}", node_line(n));
    }
    for c in d.clusters_in(None) {
        cluster(&mut out, d, c, 1, &node_line);
    }
    for e in &d.edges {
        let arrow = if e.dashed { "-.->" } else { "-->" };
        if e.label.is_empty() {
            let _ = writeln!(out, "  {} {arrow} {}", e.from, e.to);
        } else {
            let _ = writeln!(out, "  {} {arrow}|\"{}\"| {}", e.from, esc(&e.label), e.to);
        }
    }
    if !d.path.is_empty() {
        out.push_str("  classDef path fill:#fff3c4,stroke:#e08600,stroke-width:2px\n");
        let keys: Vec<&str> = d
            .path
            .iter()
            .map(String::as_str)
            .filter(|k| Some(*k) != end_key)
            .collect();
        if !keys.is_empty() {
            let _ = writeln!(out, "  class {} path", keys.join(","));
        }
    }
    if let Some((k, _)) = &d.end {
        out.push_str("  classDef stop fill:#ffd6d6,stroke:#c00000,stroke-width:3px\n");
        let _ = writeln!(out, "  class {k} stop");
    }
    out
}

/// Renders a diagram as Graphviz DOT.
pub fn dot(d: &Diagram) -> String {
    let mut out = String::from(
        "digraph vpcpath {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n  compound=true;\n",
    );
    let attrs = |n: &DNode| -> String {
        let shape = match n.shape {
            Shape::Instance => "box",
            Shape::Table => "note",
            Shape::Gateway => "hexagon",
            Shape::Endpoint => "cds",
            Shape::Cloud => "ellipse",
            Shape::Api => "component",
        };
        let mut label = esc(&n.label);
        let mut style = String::new();
        if let Some((k, how)) = &d.end
            && *k == n.key
        {
            label = format!("{label}\\nended: {}", esc(how));
            style = ", style=filled, fillcolor=\"#ffd6d6\", color=\"#c00000\", penwidth=3".into();
        } else if d.path.contains(&n.key) {
            style = ", style=filled, fillcolor=\"#fff3c4\", color=\"#e08600\", penwidth=2".into();
        }
        format!("{} [label=\"{label}\", shape={shape}{style}];", n.key)
    };
    fn cluster(
        out: &mut String,
        d: &Diagram,
        c: &Cluster,
        depth: usize,
        attrs: &dyn Fn(&DNode) -> String,
    ) {
        let pad = "  ".repeat(depth);
        let color = if d.path.contains(&c.key) {
            " color=\"#e08600\"; penwidth=2;"
        } else {
            ""
        };
        let _ = writeln!(out, "{pad}subgraph cluster_{} {{", c.key);
        let _ = writeln!(out, "{pad}  label=\"{}\";{color}", esc(&c.label));
        // An invisible anchor, so that edges can start at a subnet.
        let _ = writeln!(out, "{pad}  {} [shape=point, style=invis];", c.key);
        for n in d.nodes_in(Some(&c.key)) {
            let _ = writeln!(out, "{pad}  {}", attrs(n));
        }
        for child in d.clusters_in(Some(&c.key)) {
            cluster(out, d, child, depth + 1, attrs);
        }
        let _ = writeln!(out, "{pad}}}");
    }
    for n in d.nodes_in(None) {
        let _ = writeln!(out, "  {}", attrs(n));
    }
    for c in d.clusters_in(None) {
        cluster(&mut out, d, c, 1, &attrs);
    }
    for e in &d.edges {
        let mut a: Vec<String> = Vec::new();
        if !e.label.is_empty() {
            a.push(format!("label=\"{}\"", esc(&e.label)));
        }
        if e.dashed {
            a.push("style=dashed".into());
        }
        if d.path.contains(&e.from)
            && (d.path.contains(&e.to) || d.end.as_ref().is_some_and(|(k, _)| *k == e.to))
        {
            a.push("color=\"#e08600\", penwidth=2".into());
        }
        if d.clusters.iter().any(|c| c.key == e.from) {
            a.push(format!("ltail=cluster_{}", e.from));
        }
        let attrs = if a.is_empty() {
            String::new()
        } else {
            format!(" [{}]", a.join(", "))
        };
        let _ = writeln!(out, "  {} -> {}{attrs};", e.from, e.to);
    }
    out.push_str("}\n");
    out
}

/// Renders a diagram as SVG with Graphviz's `dot`, which must be on the PATH.
pub fn svg(d: &Diagram) -> Result<String, String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run Graphviz's `dot`: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot(d).as_bytes())
            .map_err(|e| format!("cannot feed `dot`: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`dot` failed: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`dot` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|e| format!("`dot` wrote something that is not UTF-8: {e}"))
}
