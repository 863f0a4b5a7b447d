//! `vpcpath review PLAN --network FILE`: a plan's resources laid over a network that supplies
//! what the plan does not hold (an imported account, a written scenario).
//!
//! Each side starts from the network: its VPCs, subnets, tables, groups and everything else,
//! less what the plan destroys on that side (a resource of the prior state the planned values
//! no longer have). The plan's resources are then converted as without a network, except that
//! a VPC, subnet, table or group they refer to may be the network's, and each replaces the
//! network's part with the same id. Where the plan manages a route, a group rule or an ACL
//! entry as a separate resource, the network's copy of it is dropped, as a refreshed inline
//! list's is: the plan decides whether it exists on each side.

use std::collections::HashSet;

use super::convert::{Tx, acl_key, route_key};
use crate::model::{self, Scenario, Sp};

/// A network laid under a plan.
#[derive(Debug, Clone)]
pub struct Under {
    /// Its file, as notes name it.
    pub path: std::path::PathBuf,
    /// Its scenario (its requests are not read).
    pub scenario: Scenario,
    /// How many lines its file has: its parts keep their lines, the plan's come after.
    pub lines: usize,
}

/// The key of a scenario rule of a group, as [`super::convert::sg_key`] writes a Terraform
/// rule's.
fn rule_key(group: &str, egress: bool, r: &model::SgRule) -> String {
    let ports = match r.ports.as_ref().map(|p| &p.value) {
        Some(model::Ports::One(p)) => p.to_string(),
        Some(model::Ports::Range(r)) => r.clone(),
        None => "all".into(),
    };
    let source = r
        .cidr
        .as_ref()
        .or(r.security_group.as_ref())
        .map_or("", |s| s.value.as_str());
    let dir = if egress { "egress" } else { "ingress" };
    format!("rule {group} {dir} {} {ports} {source}", r.protocol.value)
}

/// Starts a side's conversion from the network: its parts, less those in `gone` (destroyed on
/// this side) and the copies of what the plan manages as separate resources; every part's
/// place noted, so that the plan's resources find them.
pub(crate) fn lay(tx: &mut Tx, under: &Under, gone: &HashSet<String>) {
    let file = under.path.display().to_string();
    for line in 1..=under.lines {
        tx.b.at(file.clone(), format!("{file}:{line}"));
    }
    let mut s = under.scenario.clone();
    s.requests.clear();
    s.region = tx.b.s.region.clone();
    s.account = tx.b.s.account.clone().or(s.account);
    let keep = |id: &Sp<String>| !gone.contains(&id.value);
    s.vpcs.retain(|v| keep(&v.id));
    for v in &mut s.vpcs {
        v.subnets.retain(|x| keep(&x.id));
        v.route_tables.retain(|x| keep(&x.id));
        v.security_groups.retain(|x| keep(&x.id));
        v.network_acls.retain(|x| keep(&x.id));
        v.instances.retain(|x| keep(&x.id));
        v.endpoints.retain(|x| keep(&x.id));
        v.nat_gateways.retain(|x| keep(&x.id));
        v.lambda_functions.retain(|x| keep(&x.id));
        if v.internet_gateway.as_ref().is_some_and(|g| !keep(g)) {
            v.internet_gateway = None;
        }
        for t in &mut v.route_tables {
            let table = t.id.value.clone();
            t.routes.retain(|r| {
                !tx.managed
                    .has(&route_key(&table, r.destination.value.as_ref()))
            });
        }
        for g in &mut v.security_groups {
            let group = g.id.value.clone();
            g.ingress
                .retain(|r| !tx.managed.has(&rule_key(&group, false, &r.value)));
            if let Some(e) = &mut g.egress {
                e.retain(|r| !tx.managed.has(&rule_key(&group, true, &r.value)));
            }
        }
        for a in &mut v.network_acls {
            let acl = a.id.value.clone();
            a.ingress.retain(|r| {
                !tx.managed
                    .has(&acl_key(&acl, false, i64::from(r.value.rule.value)))
            });
            a.egress.retain(|r| {
                !tx.managed
                    .has(&acl_key(&acl, true, i64::from(r.value.rule.value)))
            });
        }
    }
    s.peerings.retain(|p| keep(&p.value.id));
    s.transit_gateways.retain(|t| keep(&t.id));
    s.apis.retain(|a| keep(&a.value.id));
    for (i, v) in s.vpcs.iter().enumerate() {
        tx.vpcs.insert(v.id.value.clone(), i);
        tx.held.insert(v.id.value.clone());
        for (j, x) in v.subnets.iter().enumerate() {
            tx.subnets.insert(x.id.value.clone(), (i, j));
        }
        let ids = v
            .subnets
            .iter()
            .map(|x| &x.id)
            .chain(v.route_tables.iter().map(|x| &x.id))
            .chain(v.security_groups.iter().map(|x| &x.id))
            .chain(v.network_acls.iter().map(|x| &x.id))
            .chain(v.instances.iter().map(|x| &x.id))
            .chain(v.endpoints.iter().map(|x| &x.id))
            .chain(v.nat_gateways.iter().map(|x| &x.id))
            .chain(v.internet_gateway.iter());
        for id in ids {
            tx.held.insert(id.value.clone());
        }
    }
    for id in s
        .peerings
        .iter()
        .map(|p| &p.value.id)
        .chain(s.transit_gateways.iter().map(|t| &t.id))
    {
        tx.held.insert(id.value.clone());
    }
    tx.b.s = s;
}

/// Keeps the last part of each id in a list: the plan's, converted after the network's.
fn last_of<T>(list: &mut Vec<T>, id: impl Fn(&T) -> &str) {
    let mut seen = HashSet::new();
    let mut out: Vec<T> = Vec::with_capacity(list.len());
    for x in list.drain(..).rev() {
        if seen.insert(id(&x).to_string()) {
            out.push(x);
        }
    }
    out.reverse();
    *list = out;
}

/// Once the plan's resources are converted: each part the plan holds replaces the network's
/// part with the same id.
pub(crate) fn settle(s: &mut Scenario) {
    for v in &mut s.vpcs {
        last_of(&mut v.route_tables, |x| &x.id.value);
        last_of(&mut v.security_groups, |x| &x.id.value);
        last_of(&mut v.network_acls, |x| &x.id.value);
        last_of(&mut v.instances, |x| &x.id.value);
        last_of(&mut v.endpoints, |x| &x.id.value);
        last_of(&mut v.nat_gateways, |x| &x.id.value);
        last_of(&mut v.lambda_functions, |x| &x.id.value);
    }
    last_of(&mut s.peerings, |x| &x.value.id.value);
    last_of(&mut s.transit_gateways, |x| &x.id.value);
    last_of(&mut s.apis, |x| &x.value.id.value);
    last_of(&mut s.custom_domains, |x| &x.value.name.value);
}
