//! Two versions compared request by request ([`Comparison`]): each request simulated once
//! and kept as a fingerprint of how it fared, matched by name with the other version's.

use std::borrow::Borrow;

use super::{Diff, RequestDiff, Side, body, groups, parting};
use crate::net::{Network, Request};
use crate::trace::{Step, Trace};

/// The components of a trace's path that are places the packets went through: the path less
/// the route tables that chose a route and the security groups and network ACLs that let the
/// packets pass. Those are the reasons, not the way: a subnet that moves to another table with
/// the same route, or an interface that keeps one of two groups that both admit, sends the
/// packets the same way. What dropped them stays (a filter that denied, a component where they
/// were dropped).
pub(crate) fn places<'t>(t: &'t Trace<'t>) -> impl Iterator<Item = &'t str> {
    let mut reasons: Vec<&str> = Vec::new();
    let mut ends: Vec<&str> = Vec::new();
    for s in &t.steps {
        match s {
            Step::Route { table, .. } => reasons.push(table.as_ref()),
            Step::Filter {
                filter, allowed, ..
            } => {
                if *allowed {
                    reasons.push(filter.as_ref());
                } else {
                    ends.push(filter.as_ref());
                }
            }
            Step::Drop { at, .. } => ends.push(at.as_ref()),
            _ => {}
        }
    }
    t.path
        .iter()
        .map(|p| p.as_ref())
        .filter(move |p| !reasons.contains(p) || ends.contains(p))
}

/// What decides whether a request fared the same: its outcome, its response body and the
/// places it went through ([`places`]), hashed to 128 bits (two 64-bit hashes with different
/// keys), so that a side keeps 16 bytes per request instead of its trace.
fn fingerprint(t: &Trace) -> u128 {
    use std::hash::{Hash, Hasher};
    let feed = |h: &mut dyn Hasher| {
        let mut h = h;
        t.outcome.summary().hash(&mut h);
        body(t).hash(&mut h);
        for p in places(t) {
            p.hash(&mut h);
        }
    };
    let mut a = std::hash::DefaultHasher::new();
    feed(&mut a);
    let mut b = rustc_hash::FxHasher::default();
    feed(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// A name hashed to 128 bits (two 64-bit hashes with different keys): how a request waiting
/// for its counterpart in the other version is found.
fn name_key(name: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut a = std::hash::DefaultHasher::new();
    name.hash(&mut a);
    let mut b = rustc_hash::FxHasher::default();
    name.hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// A request of one version, simulated: its place in its file, what it came to
/// ([`fingerprint`]) and the request itself, kept until its counterpart is found.
#[derive(Debug)]
struct Held<R> {
    index: usize,
    key: u128,
    request: R,
}

/// Requests of the version before, in file order, simulated in their network
/// ([`Comparison::simulate_before`]): what a reader of that version hands the comparison.
#[derive(Debug)]
pub struct Before<R = Request>(Vec<Held<R>>);

/// Before this many requests of the version before are waiting for their counterpart, the
/// comparison stops reading ahead for a name it has not seen and sets the request after aside.
const AHEAD: usize = 16 * crate::run::CHUNK;

/// Two versions of a scenario compared request by request, both read in step (each may be a
/// file read as a stream): a request is matched by name with the one of the other version read
/// so far, and whether it fared the same is decided by the two fingerprints. Memory holds the
/// requests not yet matched — a few chunks when both files list their requests in about the
/// same order, whatever their number — and both versions of each changed request, simulated
/// again at the end (with both networks) to say how they differ.
#[derive(Debug)]
pub struct Comparison<R = Request> {
    /// Requests before not yet matched, by name.
    pending: rustc_hash::FxHashMap<u128, Held<R>>,
    /// Requests after whose name was not found in what was read of the version before.
    waiting: rustc_hash::FxHashMap<u128, Held<R>>,
    /// How many requests before may wait before a name not seen is set aside ([`AHEAD`]).
    ahead: usize,
    /// Whether every request before has been.
    before_done: bool,
    /// How many requests after have been handed over.
    after_read: usize,
    /// The requests whose fingerprints differ, before and after.
    changed: Vec<(Held<R>, Held<R>)>,
    /// The requests after that the version before does not have, with the place after.
    added: Vec<(usize, RequestDiff)>,
    unchanged: usize,
}

fn simulated<R: Borrow<Request> + Sync>(
    net: &Network,
    requests: Vec<R>,
    first: usize,
) -> Vec<Held<R>> {
    use rayon::prelude::*;
    let keys: Vec<u128> = requests
        .par_iter()
        .map(|r| fingerprint(&crate::engine::simulate(net, r.borrow())))
        .collect();
    requests
        .into_iter()
        .zip(keys)
        .enumerate()
        .map(|(i, (request, key))| Held {
            index: first + i,
            key,
            request,
        })
        .collect()
}

fn added(net: &Network, r: &Request) -> RequestDiff {
    let b = crate::engine::simulate(net, r);
    RequestDiff {
        request: b.request.to_string(),
        change: "added",
        before: None,
        after: Some(Side::of(&b)),
        why: None,
    }
}

impl<R: Borrow<Request> + Send + Sync> Default for Comparison<R> {
    fn default() -> Self {
        Comparison {
            pending: rustc_hash::FxHashMap::default(),
            waiting: rustc_hash::FxHashMap::default(),
            ahead: AHEAD,
            before_done: false,
            after_read: 0,
            changed: Vec::new(),
            added: Vec::new(),
            unchanged: 0,
        }
    }
}

impl<R: Borrow<Request> + Send + Sync> Comparison<R> {
    /// An empty comparison.
    pub fn new() -> Comparison<R> {
        Comparison::default()
    }

    /// Simulates the next requests of the version before (`net`: their network; `first`: the
    /// place in the file of the first), to be handed to [`Comparison::before`].
    pub fn simulate_before(net: &Network, requests: Vec<R>, first: usize) -> Before<R> {
        Before(simulated(net, requests, first))
    }

    /// Takes the next requests of the version before.
    pub fn before(&mut self, chunk: Before<R>) {
        for b in chunk.0 {
            let name = name_key(&b.request.borrow().name);
            match self.waiting.remove(&name) {
                Some(a) => self.judge(b, a),
                None => {
                    self.pending.insert(name, b);
                }
            }
        }
    }

    /// Compares the next requests of the version after (`after`: their network), in file
    /// order; `more_before` reads the next requests of the version before (`None`: there are
    /// no more) when a name has not been seen yet.
    pub fn after(
        &mut self,
        after: &Network,
        requests: Vec<R>,
        mut more_before: impl FnMut() -> Option<Before<R>>,
    ) {
        let first = self.after_read;
        self.after_read += requests.len();
        for a in simulated(after, requests, first) {
            let name = name_key(&a.request.borrow().name);
            loop {
                if let Some(b) = self.pending.remove(&name) {
                    self.judge(b, a);
                    break;
                }
                if self.before_done {
                    self.added.push((a.index, added(after, a.request.borrow())));
                    break;
                }
                if self.pending.len() >= self.ahead {
                    self.waiting.insert(name, a);
                    break;
                }
                match more_before() {
                    Some(chunk) => self.before(chunk),
                    None => self.before_done = true,
                }
            }
        }
    }

    fn judge(&mut self, before: Held<R>, after: Held<R>) {
        if before.key == after.key {
            self.unchanged += 1;
        } else {
            self.changed.push((before, after));
        }
    }

    /// The differences, once every request of both versions has been handed over (`before`,
    /// `after`: their networks): the changed and added requests in the order of the file
    /// after, then those the version after no longer has, in the order of the file before.
    pub fn finish(
        self,
        before_file: &str,
        before: &Network,
        after_file: &str,
        after: &Network,
    ) -> Diff {
        use rayon::prelude::*;
        let mut changes: Vec<(usize, RequestDiff)> = self
            .changed
            .into_par_iter()
            .map(|(b, a)| {
                let (tb, ta) = (
                    crate::engine::simulate(before, b.request.borrow()),
                    crate::engine::simulate(after, a.request.borrow()),
                );
                let d = RequestDiff {
                    request: ta.request.to_string(),
                    change: "changed",
                    before: Some(Side::of(&tb)),
                    after: Some(Side::of(&ta)),
                    why: Some(parting(&tb, &ta)),
                };
                (a.index, d)
            })
            .collect();
        changes.extend(self.added);
        changes.extend(
            self.waiting
                .into_values()
                .map(|a| (a.index, added(after, a.request.borrow()))),
        );
        changes.sort_by_key(|(i, _)| *i);
        let mut removed: Vec<Held<R>> = self.pending.into_values().collect();
        removed.sort_by_key(|b| b.index);
        let removed = removed.into_par_iter().map(|b| {
            let t = crate::engine::simulate(before, b.request.borrow());
            RequestDiff {
                request: t.request.to_string(),
                change: "removed",
                before: Some(Side::of(&t)),
                after: None,
                why: None,
            }
        });
        let mut changes: Vec<RequestDiff> = changes.into_iter().map(|(_, d)| d).collect();
        changes.par_extend(removed);
        Diff {
            before: before_file.to_string(),
            after: after_file.to_string(),
            groups: groups(&changes),
            changes,
            unchanged: self.unchanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;

    fn load(p: &str) -> Network {
        crate::load::load_file(std::path::Path::new(p)).unwrap()
    }

    fn sorted(d: Diff) -> (Vec<String>, usize) {
        let mut changes: Vec<String> = d
            .changes
            .iter()
            .map(|c| serde_json::to_string(c).unwrap())
            .collect();
        changes.sort();
        (changes, d.unchanged)
    }

    /// Requests handed over a chunk of one at a time, those after in the reverse order and the
    /// reading ahead bounded at one request, so that requests after wait for theirs: the same
    /// differences as when both versions are compared whole.
    #[test]
    fn requests_are_matched_by_name_whatever_their_order_and_the_reading_ahead() {
        let before = "scenarios/execute-api-before-the-endpoint.yaml";
        let after = "scenarios/execute-api-private-dns-403.yaml";
        let other = "scenarios/routing-basics.yaml";
        for (b, a) in [
            (before, after),
            (after, before),
            (after, other),
            (after, after),
        ] {
            let (bn, an) = (load(b), load(a));
            let whole = diff(b, &bn, a, &an);
            let mut c = Comparison {
                ahead: 1,
                ..Comparison::new()
            };
            let mut next = bn.requests.iter().enumerate();
            for r in an.requests.iter().rev() {
                c.after(&an, vec![r], || {
                    next.next()
                        .map(|(i, q)| Comparison::simulate_before(&bn, vec![q], i))
                });
            }
            for (i, q) in next {
                c.before(Comparison::simulate_before(&bn, vec![q], i));
            }
            let stepped = c.finish(b, &bn, a, &an);
            assert_eq!(sorted(stepped), sorted(whole), "{b} -> {a}");
        }
    }
}
