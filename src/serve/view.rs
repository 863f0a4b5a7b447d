//! What the page shows of a simulated scenario: each request's steps in words with the node of
//! the drawing each happened at and the rules it cites, where it ended, the answer to the
//! prediction quiz, and the drawing.

use serde::Serialize;

use super::layout;
use super::read::Problem;
use super::rules::cited;
use crate::net::Network;
use crate::report::graph::{Diagram, Shape};
use crate::trace::{Outcome, Step, Trace, describe};

/// A simulated scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Simulated {
    /// Title.
    pub scenario: String,
    /// Description: the lesson's text.
    pub description: Option<String>,
    /// Home Region.
    pub region: String,
    /// Warnings, at their lines.
    pub warnings: Vec<Problem>,
    /// Each request, in file order.
    pub requests: Vec<RequestView>,
    /// The topology as SVG.
    pub svg: Option<String>,
    /// Why it is not drawn, when it is not.
    pub not_drawn: Option<String>,
    /// The components of the drawing a request can end at, for the prediction quiz.
    pub places: Vec<Place>,
}

/// A component of the drawing.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// Its key in the drawing.
    pub key: String,
    /// Its label.
    pub label: String,
    /// What kind of component (`gateway`, `endpoint`, ...).
    pub kind: &'static str,
}

/// One request's trace, as the page plays it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    /// Its name.
    pub name: String,
    /// The client.
    pub from: String,
    /// Method.
    pub method: String,
    /// URL.
    pub url: String,
    /// The steps.
    pub steps: Vec<StepView>,
    /// How it ended, in a line (`http 403 ForbiddenException`).
    pub outcome: String,
    /// Why, in words (a drop's, a DNS failure's reason), or the body answered.
    pub detail: String,
    /// The rules the outcome's reason cites.
    pub rules: Vec<String>,
    /// The outcome's class for the quiz: `2xx`, `403`, `404`, `4xx/5xx`, `timeout`,
    /// `dns-failure`, `tls-error`, `connected`, `refused`.
    pub bucket: String,
    /// The drawing's key of where it ended.
    pub end: Option<String>,
    /// Whether it was answered (a status below 400, or a connection).
    pub answered: bool,
    /// The keys of what it touched.
    pub path: Vec<String>,
    /// Its `expect:`'s misses (empty when it holds); `None` without one.
    pub expect: Option<Vec<String>>,
}

/// One step.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// `dns`, `route`, `filter`, ...
    pub kind: &'static str,
    /// Where it happened, as the trace names it.
    pub at: String,
    /// What happened, in the CLI's words.
    pub what: String,
    /// The node of the drawing it lights.
    pub key: Option<String>,
    /// Whether a filter or the step let the packets on.
    pub allowed: Option<bool>,
    /// The rules it cites (`F1.10`).
    pub rules: Vec<String>,
}

/// The quiz's class of an outcome.
pub fn bucket(o: &Outcome) -> String {
    match o {
        Outcome::Http { status, .. } if *status < 400 => "2xx".into(),
        Outcome::Http { status: 403, .. } => "403".into(),
        Outcome::Http { status: 404, .. } => "404".into(),
        Outcome::Http { .. } => "4xx/5xx".into(),
        other => other.kind().into(),
    }
}

fn detail(o: &Outcome) -> String {
    match o {
        Outcome::Http { body, .. } => body.clone(),
        Outcome::Timeout { reason } => reason.to_string(),
        Outcome::DnsFailure { reason } => reason.to_string(),
        Outcome::TlsError { reason } => reason.to_string(),
        Outcome::Connected { detail } | Outcome::Delivered { detail } => detail.clone(),
        Outcome::Refused { reason } => reason.to_string(),
    }
}

fn kind_of(s: Shape) -> &'static str {
    match s {
        Shape::Instance => "client",
        Shape::Table => "route table",
        Shape::Gateway => "gateway",
        Shape::Endpoint => "endpoint",
        Shape::Cloud => "internet or AWS",
        Shape::Api => "API",
    }
}

/// The drawing's key of the component named `name` (a node's name, a subnet's or VPC's id).
fn key_of(d: &Diagram, net: &Network, name: &str) -> Option<String> {
    if let Some(n) = d.nodes.iter().find(|n| n.name == name) {
        return Some(n.key.clone());
    }
    if name == "public" {
        return Some("internet".into());
    }
    let cluster = |prefix: &str| {
        let k = format!("{prefix}_{}", sanitize(name));
        d.clusters.iter().any(|c| c.key == k).then_some(k)
    };
    let _ = net;
    cluster("subnet").or_else(|| cluster("vpc"))
}

/// A name as the drawing's keys spell it.
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The view of one trace on the drawing `d` of `net`.
pub fn request_view(
    net: &Network,
    d: &Diagram,
    req: &crate::net::Request,
    t: &Trace,
) -> RequestView {
    let mut steps: Vec<StepView> = t
        .steps
        .iter()
        .map(|s| {
            let (kind, at, what) = describe(s);
            let what = what.to_string();
            let allowed = match s {
                Step::Filter { allowed, .. } => Some(*allowed),
                Step::Drop { .. } => Some(false),
                _ => None,
            };
            StepView {
                kind,
                at: at.to_string(),
                rules: cited(&what),
                key: key_of(d, net, at),
                what,
                allowed,
            }
        })
        .collect();
    // A step at something not drawn (a security group, TLS) lights what it guards: the next
    // arrival for an inbound check, else where the request was.
    for i in 0..steps.len() {
        if steps[i].key.is_some() {
            continue;
        }
        let inbound = matches!(&t.steps[i], Step::Filter { packet, .. } if packet.ingress);
        let next = steps[i + 1..].iter().find_map(|s| s.key.clone());
        let before = steps[..i].iter().rev().find_map(|s| s.key.clone());
        steps[i].key = if inbound {
            next.or(before)
        } else {
            before.or(next)
        };
    }
    let traced = d.clone().with_trace(net, t);
    let detail = detail(&t.outcome);
    RequestView {
        name: t.request.to_string(),
        from: t.from.to_string(),
        method: t.method.to_string(),
        url: t.url.to_string(),
        outcome: t.outcome.summary(),
        rules: cited(&detail),
        detail,
        bucket: bucket(&t.outcome),
        end: traced.end.as_ref().map(|(k, _)| k.clone()),
        answered: traced.answered,
        path: traced.path.iter().cloned().collect(),
        expect: req.expect.as_ref().map(|e| crate::expect::check(t, e)),
        steps,
    }
}

/// Simulates every request of `net` (read from `text`, the file `path`) for the page.
pub fn simulate(path: &std::path::Path, text: &str, net: &Network) -> Simulated {
    let traces = crate::run::simulate_all(net);
    let d = Diagram::of(net);
    let requests = net
        .requests
        .iter()
        .zip(&traces)
        .map(|(r, t)| request_view(net, &d, r, t))
        .collect();
    // The drawing holds the edges the traces add (a `local` route taken, the way on through a
    // peering connection), which the network alone does not draw.
    let drawing = traces.iter().fold(d.clone(), |d, t| d.with_trace(net, t));
    let places = d
        .nodes
        .iter()
        .map(|n| Place {
            key: n.key.clone(),
            label: n.label.clone(),
            kind: kind_of(n.shape),
        })
        .collect();
    let drawn = layout::svg(&drawing);
    Simulated {
        scenario: net.name.clone(),
        description: net.description.clone(),
        region: net.region.to_string(),
        warnings: super::read::warnings(path, text, net),
        requests,
        svg: drawn.as_ref().ok().cloned(),
        not_drawn: drawn
            .as_ref()
            .map_or_else(|why| Some(why.clone()), |_| None),
        places,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_case_ends_at_the_endpoint_with_a_403_each_step_on_the_drawing() {
        let text = include_str!("../../scenarios/execute-api-private-dns-403.yaml");
        let path = std::path::Path::new("s.yaml");
        let net = crate::load::load_str(path, text).unwrap();
        let s = simulate(path, text, &net);
        let r = &s.requests[0];
        assert_eq!(r.bucket, "403");
        assert_eq!(r.end.as_deref(), Some("vpce_vpce_exec"));
        assert!(!r.answered);
        assert!(r.steps.iter().all(|s| s.key.is_some()), "{:?}", r.steps);
        assert_eq!(r.steps[0].key.as_deref(), Some("vpc_vpc_app"));
        assert!(
            r.steps
                .iter()
                .any(|s| s.rules.contains(&"F1.10".to_string()))
        );
        assert_eq!(r.expect, Some(vec![]));
        assert_eq!(s.requests[1].bucket, "2xx");
        assert!(s.svg.is_some());
    }
}
