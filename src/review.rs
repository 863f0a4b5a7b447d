//! `vpcpath review PLAN`: which requests a Terraform plan changes, before and after it.
//!
//! The plan's two sides are imported ([`crate::import::terraform::plan_sides`]), the same
//! requests are run on both (the user's, or [`default_requests`]), and the differences are
//! listed as `vpcpath diff` lists them. Beside the differences a review says what a diff of
//! two files cannot: the expectations that fail after the plan, every request whose answer
//! goes through a value vpcpath chose because the plan does not know it yet (a stand-in), and
//! every request it cannot answer because the plan refers to a part of the network it does not
//! hold (a VPC of another configuration): those are "unknown", never "unchanged".

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::diff::Diff;
use crate::error::Error;
use crate::import::terraform::PlanSides;
use crate::import::{ImportError, Note};
use crate::model::{self, Scenario, Sp};

mod defaults;
mod judge;
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
    /// A network (an imported account, a written scenario) that supplies what the plan does
    /// not hold: the plan's resources are laid over it on both sides.
    pub network: Option<&'a Path>,
}

/// Why a review could not be made.
#[derive(Debug)]
pub enum ReviewError {
    /// The plan could not be read or is not a plan.
    Import(ImportError),
    /// The requests file could not be read, or a request in it is refused.
    Requests(Error),
    /// The network laid under the plan (`--network`) could not be read.
    Network(Error),
}

impl std::fmt::Display for ReviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReviewError::Import(e) => write!(f, "error: {e}"),
            ReviewError::Requests(e) | ReviewError::Network(e) => f.write_str(&e.render(false)),
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

/// How one request fared on the plan's two sides.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The request.
    pub request: String,
    /// `changed`, `unchanged`, `added` (its client exists only after the plan), `removed`
    /// (only before it), or `unknown` (a side goes through a part the plan does not hold).
    pub change: &'static str,
    /// The outcome before the plan (`http 200`, `timeout`, ...), `unknown`, or `null` where
    /// the request has no client before the plan.
    pub before: Option<String>,
    /// The outcome after the plan, the same way.
    pub after: Option<String>,
}

/// A review of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// Every request, in the order of the requests, with its outcome on both sides.
    pub requests: Vec<Answer>,
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

/// The clients of a side (instances, Lambda functions, sites' clients), which a request may
/// be `from`, and its instances, which a URL may name.
fn clients(s: &Scenario) -> (HashSet<&str>, HashSet<&str>) {
    let instances: HashSet<&str> = s
        .vpcs
        .iter()
        .flat_map(|v| &v.instances)
        .map(|i| i.id.value.as_str())
        .collect();
    let mut all = instances.clone();
    all.extend(
        s.vpcs
            .iter()
            .flat_map(|v| &v.lambda_functions)
            .map(|l| l.id.value.as_str()),
    );
    all.extend(s.lambda_functions.iter().map(|l| l.id.value.as_str()));
    all.extend(
        s.sites
            .iter()
            .flat_map(|x| &x.clients)
            .map(|c| c.id.value.as_str()),
    );
    all.extend(
        s.sites
            .iter()
            .flat_map(|x| &x.servers)
            .map(|c| c.id.value.as_str()),
    );
    all.insert("internet");
    (all, instances)
}

/// The host a request's URL names (`i-abc` of `tcp://i-abc:22`).
fn host_of(url: &str) -> &str {
    let rest = url.split("://").nth(1).unwrap_or("");
    let host = rest.split(['/', '?']).next().unwrap_or("");
    host.rsplit_once(':').map_or(host, |(h, _)| h)
}

/// Reviews a plan.
pub fn review(o: &Options) -> Result<Review, ReviewError> {
    let under = match o.network {
        Some(path) => {
            let text = crate::load::read_text(path).map_err(ReviewError::Network)?;
            let scenario = crate::load::parse(path, &text).map_err(ReviewError::Network)?;
            Some(crate::import::terraform::Under {
                path: path.to_path_buf(),
                scenario,
                lines: text.lines().count(),
            })
        }
        None => None,
    };
    let sides = crate::import::terraform::plan_sides_over(o.plan, under.as_ref())
        .map_err(ReviewError::Import)?;
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
        partial_before,
        partial_after,
    } = sides;
    // A request from or to what was left out because the plan does not hold a part it
    // depends on cannot be posed; one whose client (or the instance its URL names) exists on
    // one side only is posed on that side.
    let mut answers: Vec<Result<Answer, String>> = Vec::with_capacity(requests.len());
    let mut unknown = Vec::new();
    let (mut on_before, mut on_after) = (Vec::new(), Vec::new());
    {
        let (b_clients, b_instances) = clients(&before.scenario);
        let (a_clients, a_instances) = clients(&after.scenario);
        for (i, mut r) in requests.into_iter().enumerate() {
            // Named as validation would name it in the whole list, whichever side it is on.
            let name = name_of(&r, i);
            r.value.name = Some(name.clone());
            let from = r.value.from.value.as_str();
            let host = host_of(&r.value.url.value);
            let why = [from, host].into_iter().find_map(|x| {
                unseen.get(x).map(|part| {
                    if part == x {
                        format!("{x} is not in the plan")
                    } else {
                        format!("{x} depends on {part}, which the plan does not hold")
                    }
                })
            });
            if let Some(why) = why {
                unknown.push(Unknown {
                    request: name.clone(),
                    why,
                });
                answers.push(Ok(Answer {
                    request: name,
                    change: "unknown",
                    before: Some("unknown".into()),
                    after: Some("unknown".into()),
                }));
                continue;
            }
            let named = |instances: &HashSet<&str>, other: &HashSet<&str>| {
                !other.contains(host) || instances.contains(host)
            };
            let b = b_clients.contains(from) && named(&b_instances, &a_instances);
            let a = a_clients.contains(from) && named(&a_instances, &b_instances);
            answers.push(Err(name));
            // Neither side has it: validation says why, at its line.
            if b || !a {
                on_before.push(r.clone());
            }
            if a || !b {
                on_after.push(r);
            }
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
    b.requests = on_before;
    a.requests = on_after;
    let old = crate::validate::validate_owned(b).map_err(invalid)?;
    let new = crate::validate::validate_owned(a).map_err(invalid)?;
    let mut stand_ins: BTreeSet<String> = before.stand_ins;
    stand_ins.extend(after.stand_ins);
    let judged = judge::judge(&judge::Sides {
        old: &old,
        new: &new,
        partial_before: &partial_before,
        partial_after: &partial_after,
        stand_ins: &stand_ins,
    });
    let (bn, an) = (
        format!("{} (prior state)", o.plan.display()),
        format!("{} (planned)", o.plan.display()),
    );
    let mut judged_by_name: BTreeMap<String, judge::Judged> = judged
        .into_iter()
        .map(|j| (j.answer.request.clone(), j))
        .collect();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    let mut broken = Vec::new();
    let mut depends = Vec::new();
    let mut out = Vec::with_capacity(answers.len());
    for slot in answers {
        let answer = match slot {
            Ok(a) => a,
            Err(name) => {
                let Some(j) = judged_by_name.remove(&name) else {
                    continue;
                };
                match j.answer.change {
                    "unchanged" => unchanged += 1,
                    "unknown" => unknown.push(Unknown {
                        request: j.answer.request.clone(),
                        why: j.unknown.clone().unwrap_or_default(),
                    }),
                    _ => changes.extend(j.diff),
                }
                if !j.misses.is_empty() {
                    broken.push(Broken {
                        request: j.answer.request.clone(),
                        misses: j.misses,
                    });
                }
                if !j.depends.is_empty() {
                    depends.push(Depends {
                        request: j.answer.request.clone(),
                        ids: j.depends,
                    });
                }
                j.answer
            }
        };
        out.push(answer);
    }
    let diff = Diff {
        before: bn,
        after: an,
        groups: crate::diff::groups(&changes),
        changes,
        unchanged,
    };
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
        requests: out,
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
