//! The topology as SVG, laid out here without Graphviz: each VPC a box of its subnets (their
//! instances, NAT gateways and interface endpoints inside) beside its own route tables and
//! gateways, and what lies outside the VPCs in columns to the right (the ways between networks,
//! then the internet and AWS's front doors and services, then APIs and custom domains). Edges
//! are curves from one box's side to the other's.
//!
//! Every string is escaped; nothing carries a `style` attribute (the page's
//! Content-Security-Policy allows none): how a node looks is its `class`, in the page's CSS.
//! Each node and cluster carries its diagram key (`data-key`) and each edge its ends, so that
//! the page can light a request's path step by step.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::report::graph::{DNode, Diagram, Shape};

/// A drawing larger than this many nodes and clusters is not made: the page says so.
pub const MAX_DRAWN: usize = 600;
/// ... nor one with more edges than this.
pub const MAX_EDGES: usize = 3000;

const CHAR_W: f64 = 6.9;
const LINE_H: f64 = 15.0;
const MAX_LINE: usize = 34;
const GAP: f64 = 14.0;
const PAD: f64 = 12.0;
const HEAD: f64 = 22.0;
const COLUMN_GAP: f64 = 70.0;

/// A box on the drawing.
#[derive(Debug, Clone, Copy, Default)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// A node's label in at most two lines of [`MAX_LINE`] characters, cut at a space.
fn lines(label: &str) -> Vec<String> {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= MAX_LINE {
        return vec![label.to_string()];
    }
    let cut = chars[..MAX_LINE]
        .iter()
        .rposition(|c| *c == ' ')
        .filter(|i| *i > 8)
        .unwrap_or(MAX_LINE);
    let first: String = chars[..cut].iter().collect();
    let rest: String = chars[cut..].iter().collect::<String>().trim().to_string();
    let second = if rest.chars().count() > MAX_LINE {
        let mut s: String = rest.chars().take(MAX_LINE - 1).collect();
        s.push('…');
        s
    } else {
        rest
    };
    vec![first, second]
}

fn node_size(n: &DNode) -> (f64, f64) {
    let ls = lines(&n.label);
    let longest = ls.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (
        (longest as f64 * CHAR_W + 2.0 * PAD).max(90.0),
        ls.len() as f64 * LINE_H + 14.0,
    )
}

/// Which column outside the VPCs a top-level node goes in.
fn outside_column(n: &DNode) -> usize {
    let prefix = n.key.split('_').next().unwrap_or("");
    match (n.shape, prefix) {
        (_, "pcx" | "tgw" | "vgw" | "site" | "client") => 0,
        (Shape::Instance, _) => 0,
        (Shape::Api, _) => 2,
        _ => 1,
    }
}

/// Writes `s` escaped for SVG text and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn shape_class(s: Shape) -> &'static str {
    match s {
        Shape::Instance => "instance",
        Shape::Table => "table",
        Shape::Gateway => "gateway",
        Shape::Endpoint => "endpoint",
        Shape::Cloud => "cloud",
        Shape::Api => "api",
    }
}

/// The topology as SVG, or why it is not drawn (too large for a page).
pub fn svg(d: &Diagram) -> Result<String, String> {
    let mut edges = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let too_many = d.try_edges(|e| {
        if edges.len() >= MAX_EDGES {
            return Err(());
        }
        if seen.insert((e.from.clone(), e.to.clone(), e.label.clone())) {
            edges.push(e.clone());
        }
        Ok(())
    });
    let parts = d.nodes.len() + d.clusters.len();
    if too_many.is_err() || parts > MAX_DRAWN {
        return Err(format!(
            "the topology has {parts} components and {} or more edges: too many to draw here \
             (at most {MAX_DRAWN} and {MAX_EDGES}); `vpcpath graph --format dot` draws it",
            edges.len()
        ));
    }
    let mut boxes: HashMap<&str, Rect> = HashMap::new();
    let mut clusters_drawn: Vec<(usize, &str, &str)> = Vec::new();
    let mut outside: [Vec<&DNode>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    // Gather, in file order: each top-level cluster (a VPC, a site) with its own nodes and
    // its inner clusters (subnets) with theirs.
    type Inner<'a> = (&'a str, &'a str, Vec<&'a DNode>);
    let mut vpcs: Vec<(&str, &str, Vec<Inner>, Vec<&DNode>)> = d
        .clusters
        .iter()
        .filter(|c| c.parent.is_none())
        .map(|c| (c.key.as_str(), c.label.as_str(), Vec::new(), Vec::new()))
        .collect();
    let top: HashMap<&str, usize> = vpcs.iter().enumerate().map(|(i, v)| (v.0, i)).collect();
    let mut inner: HashMap<&str, (usize, usize)> = HashMap::new();
    for c in &d.clusters {
        if let Some(&v) = c.parent.as_deref().and_then(|p| top.get(p)) {
            inner.insert(&c.key, (v, vpcs[v].2.len()));
            vpcs[v].2.push((&c.key, &c.label, Vec::new()));
        }
    }
    for n in &d.nodes {
        match n.parent.as_deref() {
            None => outside[outside_column(n)].push(n),
            Some(p) => {
                if let Some(&v) = top.get(p) {
                    vpcs[v].3.push(n);
                } else if let Some(&(v, s)) = inner.get(p) {
                    vpcs[v].2[s].2.push(n);
                } else {
                    outside[outside_column(n)].push(n);
                }
            }
        }
    }
    // The VPCs, stacked.
    let mut y = PAD;
    let mut right: f64 = 0.0;
    for (vkey, vlabel, subnets, own) in &vpcs {
        let x0 = PAD;
        let mut sy = y + HEAD + PAD;
        let label_w = |l: &str| l.chars().count() as f64 * CHAR_W + 2.0 * PAD;
        let inner_w = subnets
            .iter()
            .flat_map(|s| s.2.iter().map(|n| node_size(n).0))
            .chain(subnets.iter().map(|s| label_w(s.1)))
            .fold(120.0, f64::max);
        for (skey, slabel, nodes) in subnets {
            let top = sy;
            let mut ny = sy + HEAD;
            for n in nodes {
                let (w, h) = node_size(n);
                boxes.insert(
                    &n.key,
                    Rect {
                        x: x0 + 2.0 * PAD,
                        y: ny,
                        w,
                        h,
                    },
                );
                ny += h + GAP / 2.0;
            }
            let h = (ny - top).max(HEAD + 10.0) + PAD / 2.0;
            boxes.insert(
                skey,
                Rect {
                    x: x0 + PAD,
                    y: top,
                    w: inner_w + 2.0 * PAD,
                    h,
                },
            );
            clusters_drawn.push((2, skey, slabel));
            sy = top + h + GAP;
        }
        let col_x = x0 + PAD + inner_w + 2.0 * PAD + COLUMN_GAP / 2.0;
        let mut oy = y + HEAD + PAD;
        let mut own_w: f64 = 0.0;
        for n in own {
            let (w, h) = node_size(n);
            boxes.insert(
                &n.key,
                Rect {
                    x: col_x,
                    y: oy,
                    w,
                    h,
                },
            );
            oy += h + GAP;
            own_w = own_w.max(w);
        }
        let w = (col_x + own_w + PAD - x0).max(label_w(vlabel) + PAD);
        let h = sy.max(oy) - y;
        boxes.insert(vkey, Rect { x: x0, y, w, h });
        clusters_drawn.push((1, vkey, vlabel));
        right = right.max(x0 + w);
        y += h + 2.0 * GAP;
    }
    let mut bottom = y;
    // What lies outside, in columns.
    let mut x = if vpcs.is_empty() {
        PAD
    } else {
        right + COLUMN_GAP
    };
    for column in &outside {
        if column.is_empty() {
            continue;
        }
        let mut cy = PAD + HEAD;
        let mut cw: f64 = 0.0;
        for n in column {
            let (w, h) = node_size(n);
            boxes.insert(&n.key, Rect { x, y: cy, w, h });
            cy += h + 2.0 * GAP;
            cw = cw.max(w);
        }
        bottom = bottom.max(cy);
        x += cw + COLUMN_GAP;
    }
    let (width, height) = (x.max(right + PAD), bottom + PAD);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-label=\"topology\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker>\
         <marker id=\"arrow-hot\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrowhead hot\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>"
    );
    for (depth, key, label) in &clusters_drawn {
        let Some(r) = boxes.get(key) else { continue };
        let kind = if *depth == 1 { "vpc" } else { "subnet" };
        let _ = write!(
            out,
            "<g class=\"cluster {kind}\" data-key=\"{}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            esc(key),
            r.x,
            r.y,
            r.w,
            r.h,
            r.x + 8.0,
            r.y + 15.0,
            esc(label)
        );
    }
    for e in &edges {
        let (Some(a), Some(b)) = (boxes.get(e.from.as_str()), boxes.get(e.to.as_str())) else {
            continue;
        };
        let (x1, y1, x2, y2, c1, c2) = ends(a, b);
        let dashed = if e.dashed { " dashed" } else { "" };
        let _ = write!(
            out,
            "<g class=\"edge{dashed}\" data-from=\"{}\" data-to=\"{}\"><path d=\"M{x1:.1},{y1:.1} C{:.1},{:.1} {:.1},{:.1} {x2:.1},{y2:.1}\"/>",
            esc(&e.from),
            esc(&e.to),
            c1.0,
            c1.1,
            c2.0,
            c2.1
        );
        if !e.label.is_empty() {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                (x1 + x2) / 2.0,
                (y1 + y2) / 2.0 - 4.0,
                esc(&e.label)
            );
        }
        out.push_str("</g>");
    }
    for n in &d.nodes {
        let Some(r) = boxes.get(n.key.as_str()) else {
            continue;
        };
        let _ = write!(
            out,
            "<g class=\"node {}\" data-key=\"{}\" data-name=\"{}\" tabindex=\"-1\"><title>{}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">",
            shape_class(n.shape),
            esc(&n.key),
            esc(&n.name),
            esc(&n.label),
            r.x,
            r.y,
            r.w,
            r.h,
            if n.shape == Shape::Cloud { 14 } else { 4 },
            r.x + PAD,
            r.y + 18.0,
        );
        for (i, l) in lines(&n.label).iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{:.1}\" dy=\"{}\">{}</tspan>",
                r.x + PAD,
                if i == 0 { 0.0 } else { LINE_H },
                esc(l)
            );
        }
        out.push_str("</text></g>");
    }
    out.push_str("</svg>");
    Ok(out)
}

/// Where an edge from box `a` to box `b` starts and ends, and its curve's control points:
/// side to side when one is left of the other, else bottom to top (or top to bottom).
#[allow(clippy::type_complexity)]
fn ends(a: &Rect, b: &Rect) -> (f64, f64, f64, f64, (f64, f64), (f64, f64)) {
    let (ay, by) = (a.y + a.h / 2.0, b.y + b.h / 2.0);
    if a.x + a.w < b.x {
        let (x1, x2) = (a.x + a.w, b.x);
        let k = (x2 - x1) / 2.0;
        (x1, ay, x2, by, (x1 + k, ay), (x2 - k, by))
    } else if b.x + b.w < a.x {
        let (x1, x2) = (a.x, b.x + b.w);
        let k = (x1 - x2) / 2.0;
        (x1, ay, x2, by, (x1 - k, ay), (x2 + k, by))
    } else {
        // Stacked: leave by the right side and come back round, so that the curve does not
        // cross the boxes between.
        let x1 = a.x + a.w;
        let x2 = b.x + b.w;
        let k = 40.0 + (ay - by).abs() / 6.0;
        let out = x1.max(x2) + k;
        (x1, ay, x2, by, (out, ay), (out, by))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_it_draws() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn long_labels_are_cut_in_two_lines_at_most() {
        let l = lines("vpce-exec execute-api, private DNS and a great deal more words to cut");
        assert_eq!(l.len(), 2);
        assert!(l.iter().all(|x| x.chars().count() <= MAX_LINE));
    }

    #[test]
    fn draws_the_reported_case_with_every_node_once() {
        let text = include_str!("../../scenarios/execute-api-private-dns-403.yaml");
        let net = crate::load::load_str(std::path::Path::new("s.yaml"), text).unwrap();
        let d = Diagram::of(&net);
        let svg = svg(&d).unwrap();
        for n in &d.nodes {
            let tag = format!("data-key=\"{}\"", n.key);
            assert_eq!(svg.matches(&tag).count(), 1, "{}", n.key);
        }
        assert!(svg.contains("data-key=\"subnet_subnet_public\""));
        assert!(
            !svg.contains("style="),
            "no inline style: the CSP forbids it"
        );
    }
}
