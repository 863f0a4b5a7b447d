//! `vpcpath review PLAN`: which requests a Terraform plan changes, before and after it.
//!
//! The plan's two sides are imported ([`crate::import::terraform::plan_sides`]), the same
//! requests are run on both (the user's, or [`default_requests`]), and the differences are
//! listed as `vpcpath diff` lists them. Beside the differences a review says what a diff of
//! two files cannot: the expectations that fail after the plan, every request whose answer
//! goes through a value vpcpath chose because the plan does not know it yet (a stand-in), and
//! every request it cannot answer because the plan refers to a part of the network it does not
//! hold (a VPC of another configuration): those are "unknown", never "unchanged".

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::diff::Diff;
use crate::error::Error;
use crate::import::terraform::PlanSides;
use crate::import::{ImportError, Note};
use crate::model::{self, Sp};

mod defaults;
mod render;
pub use defaults::default_requests;

/// What to review.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The plan: `terraform show -json` of a saved plan.
    pub plan: &'a Path,
    /// A scenario file whose `requests:` are run on both sides; without one, the
    /// [`default_requests`].
    pub requests: Option<&'a Path>,
}

/// Why a review could not be made.
#[derive(Debug)]
pub enum ReviewError {
    /// The plan could not be read or is not a plan.
    Import(ImportError),
    /// The requests file could not be read, or a request in it is refused.
    Requests(Error),
}

impl std::fmt::Display for ReviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReviewError::Import(e) => write!(f, "error: {e}"),
            ReviewError::Requests(e) => f.write_str(&e.render(false)),
        }
    }
}

/// A request whose expectation fails after the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Broken {
    /// The request.
    pub request: String,
    /// What was expected and what happened.
    pub misses: Vec<String>,
}

/// A request whose answer depends on values vpcpath chose.
#[derive(Debug, Clone, Serialize)]
pub struct Depends {
    /// The request.
    pub request: String,
    /// The ids of what holds a chosen value (an instance's address, an API's id, ...).
    pub ids: Vec<String>,
}

/// A request the review cannot answer.
#[derive(Debug, Clone, Serialize)]
pub struct Unknown {
    /// The request.
    pub request: String,
    /// Why: what it depends on that the plan does not hold whole.
    pub why: String,
}

/// A review of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The requests whose outcome or path changes, as `vpcpath diff` lists them.
    pub diff: Diff,
    /// The expectations that fail after the plan.
    pub broken_expectations: Vec<Broken>,
    /// The requests, changed or not, whose answer goes through a value vpcpath chose
    /// (unknown until apply, or missing from the file).
    pub unknown_until_apply: Vec<Depends>,
    /// The requests the review cannot answer: they depend on a part of the network the plan
    /// does not hold (never counted as unchanged).
    pub unknown: Vec<Unknown>,
    /// What the import noted, grouped (the planned side's, then the prior state's own).
    pub notes: Vec<String>,
    /// Every note, one per resource.
    #[serde(skip)]
    pub all_notes: Vec<Note>,
}

/// When a review counts as finding something (`vpcpath review --fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A request changed, or cannot be answered, or an expectation fails after the plan.
    Change,
    /// Only an expectation that fails after the plan.
    Expectation,
    /// Nothing.
    Never,
}

impl Review {
    /// Whether the review found what `fail_on` counts.
    pub fn found(&self, fail_on: FailOn) -> bool {
        match fail_on {
            FailOn::Change => {
                !self.diff.changes.is_empty()
                    || !self.broken_expectations.is_empty()
                    || !self.unknown.is_empty()
            }
            FailOn::Expectation => !self.broken_expectations.is_empty(),
            FailOn::Never => false,
        }
    }
}

/// The requests of a requests file: its `requests:` (the rest of the file is not read).
fn requests_of(path: &Path) -> Result<(Vec<Sp<model::Request>>, std::sync::Arc<str>), ReviewError> {
    let text = crate::load::read_text(path).map_err(ReviewError::Requests)?;
    let requests = crate::load::parse_requests(path, &text).map_err(ReviewError::Requests)?;
    Ok((requests, std::sync::Arc::from(text)))
}

/// Reviews a plan.
pub fn review(o: &Options) -> Result<Review, ReviewError> {
    let sides = crate::import::terraform::plan_sides(o.plan).map_err(ReviewError::Import)?;
    let (requests, text) = match o.requests {
        Some(path) => {
            let (r, t) = requests_of(path)?;
            (r, Some(t))
        }
        None => (
            default_requests(&sides.before.scenario, &sides.after.scenario),
            None,
        ),
    };
    let PlanSides {
        before,
        after,
        unseen,
        partial,
    } = sides;
    // What was left out because the plan does not hold its VPC: a request from or to it
    // cannot be posed.
    let mut unseen_by: BTreeMap<&str, &str> = BTreeMap::new();
    for (vpc, by) in &unseen {
        for b in by {
            unseen_by.insert(b, vpc);
        }
    }
    let mut unknown = Vec::new();
    let mut kept = Vec::new();
    for (i, r) in requests.into_iter().enumerate() {
        let host = r.value.url.value.split("://").nth(1).unwrap_or("");
        let host = host.split(['/', ':']).next().unwrap_or("");
        let why = [r.value.from.value.as_str(), host]
            .into_iter()
            .find_map(|x| {
                unseen_by
                    .get(x)
                    .map(|vpc| format!("{x} is in {vpc}, which the plan does not hold"))
            });
        match why {
            Some(why) => unknown.push(Unknown {
                request: name_of(&r, i),
                why,
            }),
            None => kept.push(r),
        }
    }
    let invalid = |e: Vec<crate::error::Diagnostic>| {
        ReviewError::Requests(Error::Invalid {
            path: o
                .requests
                .map_or_else(|| o.plan.to_path_buf(), Path::to_path_buf),
            text: text.clone().unwrap_or_else(|| std::sync::Arc::from("")),
            diagnostics: e,
        })
    };
    let mut b = before.scenario;
    let mut a = after.scenario;
    b.requests = kept.clone();
    a.requests = kept;
    let old = crate::validate::validate_owned(b).map_err(invalid)?;
    let new = crate::validate::validate_owned(a).map_err(invalid)?;
    let (bn, an) = (
        format!("{} (prior state)", o.plan.display()),
        format!("{} (planned)", o.plan.display()),
    );
    let mut diff = crate::diff::diff(&bn, &old, &an, &new);
    let before_traces = crate::run::simulate_all(&old);
    let traces = crate::run::simulate_all(&new);
    let mut broken = Vec::new();
    let mut depends = Vec::new();
    let mut stand_ins: BTreeSet<String> = before.stand_ins;
    stand_ins.extend(after.stand_ins);
    for ((q, t), bt) in new.requests.iter().zip(&traces).zip(&before_traces) {
        // A trace from or through a partly known VPC is not an answer either.
        let through = std::iter::once(&t.from)
            .chain(&t.path)
            .chain(&bt.path)
            .find(|p| partial.contains(p.as_ref()));
        if let Some(p) = through {
            unknown.push(Unknown {
                request: q.name.to_string(),
                why: format!("it goes through {p}, which the plan knows only partly (a VPC read by a data source, or in one): its route tables, gateways and filters are another configuration's"),
            });
            let before = diff.changes.len();
            diff.changes.retain(|c| c.request != q.name.as_str());
            if diff.changes.len() == before {
                diff.unchanged = diff.unchanged.saturating_sub(1);
            }
            for g in &mut diff.groups {
                g.requests.retain(|r| r != q.name.as_str());
            }
            diff.groups.retain(|g| !g.requests.is_empty());
            continue;
        }
        if let Some(e) = &q.expect {
            let misses = crate::expect::check(t, e);
            if !misses.is_empty() {
                broken.push(Broken {
                    request: q.name.to_string(),
                    misses,
                });
            }
        }
        let mut on: Vec<&str> = t.path.iter().chain(&bt.path).map(|p| p.as_ref()).collect();
        on.push(t.from.as_ref());
        on.push(q.url.host.as_str());
        let ids: Vec<String> = stand_ins
            .iter()
            .filter(|id| on.iter().any(|x| x == id))
            .cloned()
            .collect();
        if !ids.is_empty() {
            depends.push(Depends {
                request: q.name.to_string(),
                ids,
            });
        }
    }
    // The planned side's notes, and the prior state's that it does not share, said as such.
    let mut notes = after.notes.clone();
    for n in before.notes.iter().filter(|n| !after.notes.contains(n)) {
        notes.push(format!("in the prior state: {n}"));
    }
    let mut all_notes = after.all_notes;
    for n in before.all_notes {
        if !all_notes.contains(&n) {
            all_notes.push(n);
        }
    }
    Ok(Review {
        diff,
        broken_expectations: broken,
        unknown_until_apply: depends,
        unknown,
        notes,
        all_notes,
    })
}

/// A request's name, as validation would give it.
fn name_of(r: &Sp<model::Request>, i: usize) -> String {
    r.value
        .name
        .clone()
        .unwrap_or_else(|| format!("request {}", i + 1))
}
