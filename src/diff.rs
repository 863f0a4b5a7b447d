//! Differential simulation: the same requests in two versions of a scenario, matched by name,
//! and each whose outcome or path changed, with the first step where the two traces part.

use serde::Serialize;

use crate::net::Network;
use crate::trace::describe;
use crate::trace::{Outcome, Trace};

/// How a request fared in one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Outcome summary (`http 403 ForbiddenException`, `timeout`, ...).
    pub outcome: String,
    /// Components touched.
    pub path: Vec<String>,
}

impl Side {
    fn of(t: &Trace) -> Side {
        Side {
            outcome: t.outcome.summary(),
            path: t.path.iter().map(|p| p.to_string()).collect(),
        }
    }
}

/// One request that differs.
#[derive(Debug, Clone, Serialize)]
pub struct RequestDiff {
    /// Its name.
    pub request: String,
    /// `changed`, `added` or `removed`.
    pub change: &'static str,
    /// Before, if it existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Side>,
    /// After, if it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Side>,
    /// Where the two traces part: the first step that differs, before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Changed requests that went the same way: the same outcomes before and after, parting at
/// the same step (the instances of one subnet calling one API, say).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The requests, in the order of the changes.
    pub requests: Vec<String>,
    /// The outcome before.
    pub before: String,
    /// The outcome after.
    pub after: String,
    /// Where their traces part.
    pub why: String,
}

/// The changed requests grouped by outcome before, outcome after and parting step, largest
/// group first (ties in the order they first appear).
fn groups(changes: &[RequestDiff]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for c in changes.iter().filter(|c| c.change == "changed") {
        let (Some(b), Some(a), Some(why)) = (&c.before, &c.after, &c.why) else {
            continue;
        };
        match out
            .iter_mut()
            .find(|g| g.before == b.outcome && g.after == a.outcome && &g.why == why)
        {
            Some(g) => g.requests.push(c.request.clone()),
            None => out.push(Group {
                requests: vec![c.request.clone()],
                before: b.outcome.clone(),
                after: a.outcome.clone(),
                why: why.clone(),
            }),
        }
    }
    out.sort_by_key(|g| std::cmp::Reverse(g.requests.len()));
    out
}

/// The differences between two versions of a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// The file before.
    pub before: String,
    /// The file after.
    pub after: String,
    /// Requests whose outcome or path changed, or that exist in only one version, in the
    /// order of the after file (removed ones last).
    pub changes: Vec<RequestDiff>,
    /// How many requests are the same in both.
    pub unchanged: usize,
    /// The changed requests, grouped by how they changed.
    pub groups: Vec<Group>,
}

fn body<'t>(t: &'t Trace<'_>) -> Option<&'t str> {
    match &t.outcome {
        Outcome::Http { body, .. } => Some(body),
        _ => None,
    }
}

/// Where two traces of one request part: the first step whose description differs.
fn parting(before: &Trace, after: &Trace) -> String {
    let show = |s| {
        let (kind, at, what) = describe(s);
        format!("{kind} {at}: {what}").replace("  ", " ")
    };
    let n = before.steps.len().max(after.steps.len());
    for i in 0..n {
        match (before.steps.get(i), after.steps.get(i)) {
            (Some(a), Some(b)) if describe(a) == describe(b) => continue,
            (Some(a), Some(b)) => {
                return format!("step {}: before `{}`; after `{}`", i + 1, show(a), show(b));
            }
            (Some(a), None) => {
                return format!("step {}: before `{}`; after, nothing", i + 1, show(a));
            }
            (None, Some(b)) => {
                return format!("step {}: before, nothing; after `{}`", i + 1, show(b));
            }
            (None, None) => break,
        }
    }
    format!(
        "the outcome: before {}; after {}",
        before.outcome.summary(),
        after.outcome.summary()
    )
}

/// What decides whether a request fared the same: its outcome, its response body and the
/// components it touched, hashed to 128 bits (two 64-bit hashes with different keys), so that
/// a side keeps 16 bytes per request instead of its trace.
fn fingerprint(t: &Trace) -> u128 {
    use std::hash::{Hash, Hasher};
    let feed = |h: &mut dyn Hasher| {
        let mut h = h;
        t.outcome.summary().hash(&mut h);
        body(t).hash(&mut h);
        t.path.len().hash(&mut h);
        for p in &t.path {
            p.to_string().hash(&mut h);
        }
    };
    let mut a = std::hash::DefaultHasher::new();
    feed(&mut a);
    let mut b = rustc_hash::FxHasher::default();
    feed(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// A name hashed to 128 bits (two 64-bit hashes with different keys): the requests of the
/// version after that were seen, once their chunk is gone.
fn name_key(name: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut a = std::hash::DefaultHasher::new();
    name.hash(&mut a);
    let mut b = rustc_hash::FxHasher::default();
    name.hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// The version before, each request simulated once and kept as a fingerprint, against which
/// the requests of the version after are compared chunk by chunk (they may come from a file
/// read as a stream). Memory holds 16 bytes per request before and a chunk of traces, never
/// every trace of either: a changed request's trace before is simulated again to find where
/// the two part.
pub struct Comparison<'n> {
    before: &'n Network,
    old: rustc_hash::FxHashMap<&'n str, (usize, u128)>,
    seen: rustc_hash::FxHashSet<u128>,
    changes: Vec<RequestDiff>,
    unchanged: usize,
}

impl<'n> Comparison<'n> {
    /// Simulates every request of the version before.
    pub fn new(before: &'n Network) -> Comparison<'n> {
        use rayon::prelude::*;
        // Requests are matched by name through maps (names are unique in a file, as
        // validation checks).
        let mut old = rustc_hash::FxHashMap::default();
        old.reserve(before.requests.len());
        for (c, chunk) in before.requests.chunks(crate::run::CHUNK).enumerate() {
            let keys: Vec<u128> = chunk
                .par_iter()
                .map(|r| fingerprint(&crate::engine::simulate(before, r)))
                .collect();
            for (i, (r, k)) in chunk.iter().zip(keys).enumerate() {
                old.insert(r.name.as_str(), (c * crate::run::CHUNK + i, k));
            }
        }
        Comparison {
            before,
            old,
            seen: rustc_hash::FxHashSet::default(),
            changes: Vec::new(),
            unchanged: 0,
        }
    }

    /// Compares requests of the version after (`after`: their network), in file order.
    pub fn compare(&mut self, after: &Network, requests: &[crate::net::Request]) {
        use rayon::prelude::*;
        let (before, old) = (self.before, &self.old);
        for chunk in requests.chunks(crate::run::CHUNK) {
            let found: Vec<Option<RequestDiff>> = chunk
                .par_iter()
                .map(|r| {
                    let b = crate::engine::simulate(after, r);
                    match old.get(r.name.as_str()) {
                        None => Some(RequestDiff {
                            request: b.request.to_string(),
                            change: "added",
                            before: None,
                            after: Some(Side::of(&b)),
                            why: None,
                        }),
                        Some(&(_, k)) if k == fingerprint(&b) => None,
                        Some(&(i, _)) => {
                            let a = crate::engine::simulate(before, &before.requests[i]);
                            Some(RequestDiff {
                                request: b.request.to_string(),
                                change: "changed",
                                before: Some(Side::of(&a)),
                                after: Some(Side::of(&b)),
                                why: Some(parting(&a, &b)),
                            })
                        }
                    }
                })
                .collect();
            self.seen.extend(chunk.iter().map(|r| name_key(&r.name)));
            for f in found {
                match f {
                    Some(d) => self.changes.push(d),
                    None => self.unchanged += 1,
                }
            }
        }
    }

    /// The differences, once every request after has been compared: the requests before that
    /// no longer exist come last.
    pub fn finish(mut self, before_file: &str, after_file: &str) -> Diff {
        for r in self
            .before
            .requests
            .iter()
            .filter(|r| !self.seen.contains(&name_key(&r.name)))
        {
            let a = crate::engine::simulate(self.before, r);
            self.changes.push(RequestDiff {
                request: a.request.to_string(),
                change: "removed",
                before: Some(Side::of(&a)),
                after: None,
                why: None,
            });
        }
        Diff {
            before: before_file.to_string(),
            after: after_file.to_string(),
            groups: groups(&self.changes),
            changes: self.changes,
            unchanged: self.unchanged,
        }
    }
}

/// Simulates both versions and compares them request by request ([`Comparison`]).
pub fn diff(before_file: &str, before: &Network, after_file: &str, after: &Network) -> Diff {
    let mut c = Comparison::new(before);
    c.compare(after, &after.requests);
    c.finish(before_file, after_file)
}
