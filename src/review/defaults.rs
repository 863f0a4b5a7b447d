//! The requests a review runs when the user gives none: for every VPC the plan touches, a
//! client of each kind (one instance per subnet and set of security groups, present on both
//! sides) against each kind of door where plans break paths:
//!
//! - a public REST API by its default URL, the plan's own and one that is in no plan (the
//!   reported case: an execute-api endpoint with private DNS captures every public API's
//!   name, whoever owns the API);
//! - AWS services by name: STS, S3, and the service of every endpoint the VPC has on either
//!   side;
//! - every private API's default URL, and every custom domain;
//! - an instance of each VPC peered with it, and of up to [`PEERS_PER_GATEWAY`] other VPCs
//!   attached to each transit gateway it is attached to, over TCP.
//!
//! The requests are linear in the network: clients of touched VPCs times doors, with peers
//! capped per gateway.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::aws;
use crate::model::{self, Scenario, Sp};

/// How many other VPCs of a transit gateway each touched VPC probes.
pub const PEERS_PER_GATEWAY: usize = 3;

/// An API id that no account has (API ids are ten lowercase letters and digits): what any
/// public API's default name stands for.
const ANY_PUBLIC_API: &str = "publicapi0";

/// A VPC as JSON: two sides of a VPC are the same VPC when they write the same.
fn written(v: &model::Vpc) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The default requests of a review of `before` -> `after`.
pub fn default_requests(before: &Scenario, after: &Scenario) -> Vec<Sp<model::Request>> {
    let old: BTreeMap<&str, String> = before
        .vpcs
        .iter()
        .map(|v| (v.id.value.as_str(), written(v)))
        .collect();
    // Outside the VPCs (APIs, zones, transit gateways): a change there may touch every VPC.
    let outside = |s: &Scenario| {
        serde_json::to_string(&(
            &s.apis,
            &s.custom_domains,
            &s.dns_zones,
            &s.transit_gateways,
            &s.peerings,
            &s.resolver_rules,
        ))
        .unwrap_or_default()
    };
    let everywhere = outside(before) != outside(after);
    let touched: Vec<&model::Vpc> = after
        .vpcs
        .iter()
        .filter(|v| everywhere || old.get(v.id.value.as_str()) != Some(&written(v)))
        .collect();
    let present: BTreeSet<&str> = before
        .vpcs
        .iter()
        .flat_map(|v| &v.instances)
        .map(|i| i.id.value.as_str())
        .collect();
    let region = after.region.value.as_str();
    let index = Index::new(before, after);
    let mut out = Vec::new();
    for v in touched {
        let vpc_region = v.region.as_ref().map_or(region, |r| r.value.as_str());
        let clients = clients(v, &present);
        if clients.is_empty() {
            continue;
        }
        let doors = doors(after, &index, v, vpc_region);
        for c in &clients {
            for (label, url) in &doors {
                if url == &format!("tcp://{c}:443") {
                    continue;
                }
                out.push(Sp::from(model::Request {
                    name: Some(format!("{c} -> {label}")),
                    from: Sp::from(c.to_string()),
                    url: Sp::from(url.clone()),
                    ..model::Request::default()
                }));
            }
        }
    }
    out
}

/// What the doors of every VPC look up, made once: without it each VPC would scan every VPC,
/// peering and transit gateway attachment, and the requests would take time quadratic in the
/// network.
struct Index<'s> {
    /// The VPCs of each id, before then after.
    vpcs: HashMap<&'s str, Vec<&'s model::Vpc>>,
    /// The first VPC of each id after.
    first_after: HashMap<&'s str, &'s model::Vpc>,
    /// The VPCs peered with each VPC after (repeats kept; sorted out by [`Index::peers`]).
    peered: HashMap<&'s str, Vec<&'s str>>,
    /// Each transit gateway's attached VPCs after, in the order of its attachments.
    attached: Vec<Vec<&'s str>>,
    /// The transit gateways (their places in `attached`) each VPC is attached to.
    gateways: HashMap<&'s str, Vec<usize>>,
}

impl<'s> Index<'s> {
    fn new(before: &'s Scenario, after: &'s Scenario) -> Index<'s> {
        let mut vpcs: HashMap<&str, Vec<&model::Vpc>> = HashMap::new();
        for v in before.vpcs.iter().chain(&after.vpcs) {
            vpcs.entry(v.id.value.as_str()).or_default().push(v);
        }
        let mut first_after = HashMap::new();
        for v in &after.vpcs {
            first_after.entry(v.id.value.as_str()).or_insert(v);
        }
        let mut peered: HashMap<&str, Vec<&str>> = HashMap::new();
        for p in &after.peerings {
            let (r, a) = (
                p.value.requester.value.as_str(),
                p.value.accepter.value.as_str(),
            );
            peered.entry(r).or_default().push(a);
            if a != r {
                peered.entry(a).or_default().push(r);
            }
        }
        let mut attached = Vec::new();
        let mut gateways: HashMap<&str, Vec<usize>> = HashMap::new();
        for (n, t) in after.transit_gateways.iter().enumerate() {
            let vpcs: Vec<&str> = t
                .attachments
                .iter()
                .filter_map(|a| a.vpc.as_ref().map(|x| x.value.as_str()))
                .collect();
            for v in &vpcs {
                let mine = gateways.entry(v).or_default();
                if mine.last() != Some(&n) {
                    mine.push(n);
                }
            }
            attached.push(vpcs);
        }
        Index {
            vpcs,
            first_after,
            peered,
            attached,
            gateways,
        }
    }

    /// The VPCs a client of `me` may reach another way than its own: those peered with it,
    /// and up to [`PEERS_PER_GATEWAY`] others attached to each transit gateway it is attached
    /// to, sorted, each once. Linear overall: a gateway's list is read for each of its VPCs
    /// only until three others are found.
    fn peers(&self, me: &str) -> Vec<&'s str> {
        let mut out: Vec<&str> = self.peered.get(me).cloned().unwrap_or_default();
        for &t in self.gateways.get(me).into_iter().flatten() {
            out.extend(
                self.attached[t]
                    .iter()
                    .filter(|x| **x != me)
                    .take(PEERS_PER_GATEWAY),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// One instance of `v` for each distinct subnet and set of groups, present on both sides.
fn clients<'v>(v: &'v model::Vpc, present: &BTreeSet<&str>) -> Vec<&'v str> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for i in &v.instances {
        if !present.contains(i.id.value.as_str()) {
            continue;
        }
        let mut groups: Vec<&str> = i.security_groups.iter().map(|g| g.value.as_str()).collect();
        groups.sort_unstable();
        if seen.insert((i.subnet.value.as_str(), groups)) {
            out.push(i.id.value.as_str());
        }
    }
    out
}

/// The doors a client of `v` is probed against: (label, URL).
fn doors(after: &Scenario, index: &Index, v: &model::Vpc, region: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let api_host = |id: &str, r: &str| format!("{id}.{}", aws::service_hostname("execute-api", r));
    out.push((
        "a public REST API by its default URL".to_string(),
        format!("https://{}/prod/", api_host(ANY_PUBLIC_API, region)),
    ));
    for a in &after.apis {
        let a = &a.value;
        let r = a
            .region
            .as_ref()
            .map_or(after.region.value.as_str(), |x| x.value.as_str());
        let stage = a.stages.first().map_or("", |s| s.value.as_str());
        let scheme = match a.kind.as_ref().map(|k| k.value.as_str()) {
            Some("websocket") => "wss",
            _ => "https",
        };
        out.push((
            format!("API {}", a.id.value),
            format!("{scheme}://{}/{stage}/", api_host(&a.id.value, r)),
        ));
    }
    for d in &after.custom_domains {
        out.push((
            format!("domain {}", d.value.name.value),
            format!("https://{}/", d.value.name.value),
        ));
    }
    let mut services: BTreeSet<String> = ["sts", "s3"].iter().map(|s| s.to_string()).collect();
    for e in index
        .vpcs
        .get(v.id.value.as_str())
        .into_iter()
        .flatten()
        .flat_map(|x| &x.endpoints)
    {
        let service = e
            .service
            .value
            .rsplit('.')
            .next()
            .unwrap_or(&e.service.value);
        if service != "execute-api" {
            services.insert(service.to_string());
        }
    }
    for s in services {
        out.push((
            format!("{s} {region}"),
            format!("https://{}/", aws::service_hostname(&s, region)),
        ));
    }
    for peer in index.peers(v.id.value.as_str()) {
        if let Some(i) = index
            .first_after
            .get(peer)
            .and_then(|x| x.instances.first())
        {
            out.push((
                format!("{} in {peer} (tcp/443)", i.id.value),
                format!("tcp://{}:443", i.id.value),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` VPCs of one instance each, all attached to one transit gateway, the first two
    /// peered, and the last one's VPC attached twice.
    fn world(n: usize) -> Scenario {
        let mut y = String::from("scenario: w\nregion: us-east-1\nvpcs:\n");
        for i in 0..n {
            y.push_str(&format!(
                "  - id: vpc-{i}\n    cidr: 10.{i}.0.0/16\n    subnets: [{{ id: subnet-{i}, cidr: 10.{i}.0.0/24 }}]\n    instances: [{{ id: i-{i}, subnet: subnet-{i} }}]\n"
            ));
        }
        y.push_str("peerings: [{ id: pcx-1, requester: vpc-0, accepter: vpc-1 }]\n");
        y.push_str("transit_gateways:\n  - id: tgw-1\n    attachments:\n");
        for (a, i) in (0..n).chain([n - 1]).enumerate() {
            y.push_str(&format!(
                "      - {{ id: att-{a}, vpc: vpc-{i}, subnets: [subnet-{i}] }}\n"
            ));
        }
        crate::load::parse(std::path::Path::new("w.yaml"), &y).unwrap()
    }

    /// The peers probed: those peered, and the first three others of each gateway, the
    /// same as a scan of every peering and attachment would give.
    #[test]
    fn peers_are_the_peered_and_three_others_of_each_gateway() {
        let after = world(6);
        let index = Index::new(&after, &after);
        assert_eq!(index.peers("vpc-0"), ["vpc-1", "vpc-2", "vpc-3"]);
        assert_eq!(index.peers("vpc-1"), ["vpc-0", "vpc-2", "vpc-3"]);
        assert_eq!(index.peers("vpc-2"), ["vpc-0", "vpc-1", "vpc-3"]);
        assert_eq!(index.peers("vpc-5"), ["vpc-0", "vpc-1", "vpc-2"]);
        assert!(index.peers("vpc-9").is_empty());
        // Every VPC changed (the gateway is outside the VPCs): each instance probes its
        // three peers by TCP, once each.
        let mut before = after.clone();
        before.transit_gateways[0].attachments.pop();
        let requests = default_requests(&before, &after);
        let to_peers = |from: &str| -> Vec<String> {
            requests
                .iter()
                .filter(|r| r.value.from.value == from && r.value.url.value.starts_with("tcp://"))
                .map(|r| r.value.url.value.clone())
                .collect()
        };
        assert_eq!(
            to_peers("i-4"),
            ["tcp://i-0:443", "tcp://i-1:443", "tcp://i-2:443"]
        );
    }
}
