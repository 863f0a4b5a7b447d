//! Each request simulated once on each side, in chunks, and judged at once (changed or not,
//! answerable or not, dependent on stand-ins, its expectation): memory holds one chunk of
//! traces and a few strings per request, whatever the number of requests.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Answer;
use crate::diff::{RequestDiff, Side};
use crate::import::terraform::{Part, Partly};
use crate::net::{Network, Request};
use crate::trace::{Step, Trace};

/// What a review judges requests in.
pub(super) struct Sides<'a> {
    /// The prior state's network and requests.
    pub(super) old: &'a Network,
    /// The planned network and requests.
    pub(super) new: &'a Network,
    /// What the prior state holds only partly.
    pub(super) partial_before: &'a BTreeMap<String, Part>,
    /// What the planned network holds only partly.
    pub(super) partial_after: &'a BTreeMap<String, Part>,
    /// The ids holding values vpcpath chose.
    pub(super) stand_ins: &'a BTreeSet<String>,
}

/// One request judged.
pub(super) struct Judged {
    pub(super) answer: Answer,
    /// How it differs, when it changed (or exists on one side only).
    pub(super) diff: Option<RequestDiff>,
    /// Why a side cannot be answered.
    pub(super) unknown: Option<String>,
    /// Its expectation's misses after the plan.
    pub(super) misses: Vec<String>,
    /// The stand-ins its answer goes through.
    pub(super) depends: Vec<String>,
}

/// Why a trace cannot be answered: the first step that goes through a part known only
/// partly, by [`Partly`]'s rule.
pub(crate) fn unknown_in(t: &Trace, partial: &BTreeMap<String, Part>) -> Option<String> {
    if partial.is_empty() {
        return None;
    }
    let part = |n: &str| partial.get(n);
    for s in &t.steps {
        let hit = match s {
            Step::Route { table, target, .. } => part(target)
                .filter(|p| p.how == Partly::Through)
                .or_else(|| {
                    part(table).filter(|p| p.how == Partly::Through || target.as_ref() != "local")
                }),
            Step::Drop { at, .. } => part(at),
            Step::Filter {
                filter, allowed, ..
            } => part(filter).filter(|p| match p.how {
                Partly::Rules => !allowed,
                // Dropped later anyway: a deny there would also have timed out.
                Partly::Group => !*allowed || t.outcome.summary() != "timeout",
                _ => true,
            }),
            Step::Arrive { at, .. } | Step::Service { at, .. } => {
                part(at).filter(|p| p.how == Partly::Through)
            }
            Step::Translate { gateway, .. } => part(gateway).filter(|p| p.how == Partly::Through),
            _ => None,
        };
        if let Some(p) = hit {
            return Some(p.why.clone());
        }
    }
    None
}

/// Whether two traces fared the same: outcome, response body and the places the packets went
/// through (as `vpcpath diff` compares them: [`crate::diff::places`]).
fn same(a: &Trace, b: &Trace) -> bool {
    a.outcome.summary() == b.outcome.summary()
        && crate::diff::body(a) == crate::diff::body(b)
        && crate::diff::places(a).eq(crate::diff::places(b))
}

fn side_of(t: &Trace) -> Side {
    Side {
        outcome: t.outcome.summary(),
        path: t.path.iter().map(|p| p.to_string()).collect(),
    }
}

/// Judges a request on the sides it is posed on.
fn one(s: &Sides, before: Option<&Request>, after: Option<&Request>) -> Option<Judged> {
    let tb = before.map(|r| crate::engine::simulate(s.old, r));
    let ta = after.map(|r| crate::engine::simulate(s.new, r));
    let name = ta.as_ref().or(tb.as_ref())?.request.to_string();
    let ub = tb.as_ref().and_then(|t| unknown_in(t, s.partial_before));
    let ua = ta.as_ref().and_then(|t| unknown_in(t, s.partial_after));
    let shown = |t: &Option<Trace>, u: &Option<String>| {
        t.as_ref().map(|t| match u {
            Some(_) => "unknown".to_string(),
            None => t.outcome.summary(),
        })
    };
    let (b_shown, a_shown) = (shown(&tb, &ub), shown(&ta, &ua));
    let mut unknown = None;
    let mut diff = None;
    let change = if ub.is_some() || ua.is_some() {
        let why: Vec<String> = [("before the plan", &ub), ("after it", &ua)]
            .into_iter()
            .filter_map(|(side, u)| u.as_ref().map(|u| format!("{side}, {u}")))
            .collect();
        unknown = Some(why.join("; "));
        "unknown"
    } else {
        match (&tb, &ta) {
            (Some(b), Some(a)) if same(b, a) => "unchanged",
            (Some(b), Some(a)) => {
                diff = Some(RequestDiff {
                    request: name.clone(),
                    change: "changed",
                    before: Some(side_of(b)),
                    after: Some(side_of(a)),
                    why: Some(crate::diff::parting(b, a)),
                });
                "changed"
            }
            (b, a) => {
                let change = if a.is_some() { "added" } else { "removed" };
                diff = Some(RequestDiff {
                    request: name.clone(),
                    change,
                    before: b.as_ref().map(side_of),
                    after: a.as_ref().map(side_of),
                    why: None,
                });
                change
            }
        }
    };
    let misses = match (after.and_then(|r| r.expect.as_ref()), &ta, &ua) {
        (Some(e), Some(t), None) => crate::expect::check(t, e),
        _ => Vec::new(),
    };
    let mut on: Vec<&str> = Vec::new();
    for t in tb.iter().chain(&ta) {
        on.extend(t.path.iter().map(|p| p.as_ref()));
        on.push(t.from.as_ref());
    }
    for r in before.iter().chain(&after) {
        on.push(r.url.host.as_str());
    }
    let depends: Vec<String> = s
        .stand_ins
        .iter()
        .filter(|id| on.contains(&id.as_str()))
        .cloned()
        .collect();
    Some(Judged {
        answer: Answer {
            request: name,
            change,
            before: b_shown,
            after: a_shown,
        },
        diff,
        unknown,
        misses,
        depends,
    })
}

/// Every request of both sides judged: those after in their order, then those only before.
pub(super) fn judge(s: &Sides) -> Vec<Judged> {
    use rayon::prelude::*;
    let before: HashMap<&str, &Request> = s
        .old
        .requests
        .iter()
        .map(|r| (r.name.as_str(), r))
        .collect();
    let mut out = Vec::with_capacity(s.new.requests.len());
    for chunk in s.new.requests.chunks(crate::run::CHUNK) {
        let done: Vec<Judged> = chunk
            .par_iter()
            .filter_map(|a| one(s, before.get(a.name.as_str()).copied(), Some(a)))
            .collect();
        out.extend(done);
    }
    let after: std::collections::HashSet<&str> =
        s.new.requests.iter().map(|r| r.name.as_str()).collect();
    let removed: Vec<&Request> = s
        .old
        .requests
        .iter()
        .filter(|r| !after.contains(r.name.as_str()))
        .collect();
    for chunk in removed.chunks(crate::run::CHUNK) {
        let done: Vec<Judged> = chunk
            .par_iter()
            .filter_map(|b| one(s, Some(b), None))
            .collect();
        out.extend(done);
    }
    out
}
