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

use std::collections::{BTreeMap, BTreeSet};

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
    let mut out = Vec::new();
    for v in touched {
        let vpc_region = v.region.as_ref().map_or(region, |r| r.value.as_str());
        let clients = clients(v, &present);
        if clients.is_empty() {
            continue;
        }
        let doors = doors(after, before, v, vpc_region);
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
fn doors(
    after: &Scenario,
    before: &Scenario,
    v: &model::Vpc,
    region: &str,
) -> Vec<(String, String)> {
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
    for side in [before, after] {
        for e in side
            .vpcs
            .iter()
            .filter(|x| x.id.value == v.id.value)
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
    }
    for s in services {
        out.push((
            format!("{s} {region}"),
            format!("https://{}/", aws::service_hostname(&s, region)),
        ));
    }
    for peer in peers(after, v) {
        if let Some(i) = after
            .vpcs
            .iter()
            .find(|x| x.id.value == peer)
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

/// The VPCs a client of `v` may reach another way than its own: those peered with it, and up
/// to [`PEERS_PER_GATEWAY`] others attached to each transit gateway it is attached to.
fn peers(s: &Scenario, v: &model::Vpc) -> Vec<String> {
    let me = v.id.value.as_str();
    let mut out: Vec<String> = Vec::new();
    for p in &s.peerings {
        let p = &p.value;
        if p.requester.value == me {
            out.push(p.accepter.value.clone());
        } else if p.accepter.value == me {
            out.push(p.requester.value.clone());
        }
    }
    for t in &s.transit_gateways {
        let vpcs: Vec<&str> = t
            .attachments
            .iter()
            .filter_map(|a| a.vpc.as_ref().map(|x| x.value.as_str()))
            .collect();
        if vpcs.contains(&me) {
            out.extend(
                vpcs.into_iter()
                    .filter(|x| *x != me)
                    .take(PEERS_PER_GATEWAY)
                    .map(str::to_string),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}
