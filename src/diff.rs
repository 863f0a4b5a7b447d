//! Differential simulation: the same requests in two versions of a scenario, matched by name,
//! and each whose outcome or path changed, with the first step where the two traces part.

use std::collections::HashMap;

use serde::Serialize;

use crate::net::Network;
use crate::trace::describe;
use crate::trace::{Outcome, Trace};

mod comparison;
pub use comparison::*;

/// How a request fared in one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Outcome summary (`http 403 ForbiddenException`, `timeout`, ...).
    pub outcome: String,
    /// Components touched, and the AWS front ends (`cloudfront`) that tell paths apart.
    pub path: Vec<String>,
}

impl Side {
    fn of(t: &Trace) -> Side {
        Side {
            outcome: t.outcome.summary(),
            path: t.summary_path().into_iter().map(str::to_string).collect(),
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
pub(crate) fn groups(changes: &[RequestDiff]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    // Each group's place in `out` by its key, so a change finds its group in constant time.
    let mut by_key: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for c in changes.iter().filter(|c| c.change == "changed") {
        let (Some(b), Some(a), Some(why)) = (&c.before, &c.after, &c.why) else {
            continue;
        };
        let key = (b.outcome.as_str(), a.outcome.as_str(), why.as_str());
        match by_key.get(&key) {
            Some(&g) => out[g].requests.push(c.request.clone()),
            None => {
                by_key.insert(key, out.len());
                out.push(Group {
                    requests: vec![c.request.clone()],
                    before: b.outcome.clone(),
                    after: a.outcome.clone(),
                    why: why.clone(),
                });
            }
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

pub(crate) fn body<'t>(t: &'t Trace<'_>) -> Option<&'t str> {
    match &t.outcome {
        Outcome::Http { body, .. } => Some(body),
        _ => None,
    }
}

/// Where two traces of one request part: the first step whose description differs.
pub(crate) fn parting(before: &Trace, after: &Trace) -> String {
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

/// Simulates both versions and compares them request by request ([`Comparison`]).
pub fn diff(before_file: &str, before: &Network, after_file: &str, after: &Network) -> Diff {
    let mut c = Comparison::new();
    c.before(Comparison::simulate_before(
        before,
        before.requests.iter().collect(),
        0,
    ));
    c.after(after, after.requests.iter().collect(), || None);
    c.finish(before_file, before, after_file, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        name: &str,
        change: &'static str,
        before: &str,
        after: &str,
        why: &str,
    ) -> RequestDiff {
        let side = |o: &str| {
            Some(Side {
                outcome: o.to_string(),
                path: Vec::new(),
            })
        };
        RequestDiff {
            request: name.to_string(),
            change,
            before: side(before),
            after: side(after),
            why: Some(why.to_string()),
        }
    }

    /// Changes are grouped by (before, after, parting step), each group's requests in the order
    /// of the changes, largest group first and ties in the order they first appear; added and
    /// removed requests are in no group.
    #[test]
    fn changes_are_grouped_by_outcomes_and_parting_step() {
        let changes = [
            change("a", "changed", "http 200", "timeout", "step 2"),
            change("b", "changed", "http 200", "http 403", "step 3"),
            change("c", "changed", "http 200", "timeout", "step 2"),
            change("d", "added", "http 200", "timeout", "step 2"),
            change("e", "changed", "http 200", "timeout", "step 4"),
            change("f", "changed", "http 200", "http 403", "step 3"),
            change("g", "changed", "http 200", "timeout", "step 2"),
        ];
        let got: Vec<(Vec<String>, String)> = groups(&changes)
            .into_iter()
            .map(|g| {
                (
                    g.requests,
                    format!("{} -> {} at {}", g.before, g.after, g.why),
                )
            })
            .collect();
        let want = |r: &[&str], w: &str| (r.iter().map(|x| x.to_string()).collect(), w.to_string());
        assert_eq!(
            got,
            [
                want(&["a", "c", "g"], "http 200 -> timeout at step 2"),
                want(&["b", "f"], "http 200 -> http 403 at step 3"),
                want(&["e"], "http 200 -> timeout at step 4"),
            ]
        );
    }
}
