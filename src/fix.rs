//! Fix suggestions: for a request whose outcome is not the one wanted, single edits of the
//! scenario are tried, each by re-simulating the edited scenario, and only those that fix the
//! request are reported, with every other request they change. Of the other requests, only
//! those whose base traces consulted what the edit touches are simulated again ([`scope`]).
//!
//! Edits are made to the file as written (its YAML read as a JSON value), so a suggestion is
//! exactly what a person would write by hand, and what vpcpath verified is that file. The
//! candidates come from where the request went wrong: the DNS answer that captured it, the
//! route table, gateway, security group or network ACL that dropped it, the policy that denied
//! it. The search is bounded: a few candidates per component on the request's path.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};

use crate::aws;
use crate::net::*;
use crate::trace::{
    Answer, DnsSource, DropReason, FilterPacket, NoWayBack, Outcome, PolicyDecision, PolicyKind,
    Step, Trace,
};

mod apply;
mod dns;
mod edit;
mod endpoint;
mod items;
mod lines;
mod network;
mod policy;
mod reuse;
mod scope;
mod site;
mod transit;
use apply::*;
use dns::*;
use edit::*;
use endpoint::*;
use network::*;
use policy::*;
use reuse::Loaded;
use scope::*;
use site::*;
use transit::*;

/// What counts as fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// The request's own `expect:` holds.
    Expect,
    /// An HTTP answer with this status.
    Status(u16),
    /// Any HTTP answer below 400.
    Success,
}

/// One verified suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// What to do, in words.
    pub title: String,
    /// The edits, as `where: what` lines a person applies to the file.
    pub edits: Vec<String>,
    /// The request's outcome with the edit.
    pub outcome: String,
    /// Other requests whose outcome the edit changes: `name: before -> after`, and whether an
    /// expectation that held now fails.
    pub side_effects: Vec<String>,
}

/// The suggestions for one request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestFixes {
    /// The request.
    pub request: String,
    /// Its outcome now.
    pub outcome: String,
    /// How many candidate edits were tried.
    pub tried: usize,
    /// The ones that fix it.
    pub fixes: Vec<Suggestion>,
    /// Why no edit of the network was tried, when the file takes its network from another
    /// (`network:`): vpcpath edits only the file it is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untried: Option<String>,
}

/// What [`suggest_keeping`] hands each verified fix and its edited document to.
pub type Keep<'k> = dyn FnMut(&Suggestion, &str) + 'k;

/// An edit of the document; `None` when it does not apply.
type Edit = Box<dyn Fn(&mut Value) -> Option<()>>;

/// A candidate edit.
struct Candidate {
    title: String,
    edits: Vec<String>,
    apply: Edit,
    /// What the edit can change: which requests verifying it simulates again.
    touches: Touch,
}

fn ok(t: &Trace, expect: Option<&Expect>, want: Want) -> bool {
    match (want, &t.outcome) {
        (Want::Expect, _) => expect.is_some_and(|e| crate::expect::check(t, e).is_empty()),
        (Want::Status(s), Outcome::Http { status, .. }) => *status == s,
        (Want::Success, Outcome::Http { status, .. }) => *status < 400,
        (Want::Success, Outcome::Connected { .. } | Outcome::Delivered { .. }) => true,
        _ => false,
    }
}

/// Whether a request fails what is wanted of it (with `Want::Expect`, only requests that have
/// an `expect:` can fail).
pub fn fails(t: &Trace, expect: Option<&Expect>, want: Want) -> bool {
    match want {
        Want::Expect => expect.is_some() && !ok(t, expect, want),
        _ => !ok(t, expect, want),
    }
}

/// Finds the verified fixes of the requests that fail (only `only`, when given). The file is
/// read with the loader's budgets, so whatever `vpcpath check` reads, the search reads too; a
/// file it cannot read is an error, never an empty list of fixes.
pub fn suggest(
    path: &Path,
    text: &str,
    only: Option<&str>,
    want: Want,
) -> Result<Vec<RequestFixes>, crate::error::Error> {
    suggest_keeping(path, text, only, want, None)
}

/// [`suggest`], handing `keep` each verified fix with the whole edited document it was verified
/// on (JSON, which the loader reads as YAML), as it is found: what a caller that applies a fix
/// needs (`vpcpath serve`'s what-if buttons). Without `keep`, each edited document is dropped
/// as soon as it is read, as [`suggest`] does.
pub fn suggest_keeping(
    path: &Path,
    text: &str,
    only: Option<&str>,
    want: Want,
    keep: Option<&mut Keep>,
) -> Result<Vec<RequestFixes>, crate::error::Error> {
    search(path, text, only, want, keep, Verify::Scoped)
}

/// How a candidate edit is verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verify {
    /// Only the parts of the file the edit changes are read into the scenario already parsed
    /// ([`apply`]), and only the requests whose base traces consulted what the edit touches
    /// are simulated again ([`scope`]); the others keep their verdicts.
    Scoped,
    /// The whole edited file is read again, and every request simulated again: what the
    /// scoped search must equal (tested).
    #[cfg_attr(not(test), allow(dead_code))]
    Whole,
}

fn search(
    path: &Path,
    text: &str,
    only: Option<&str>,
    want: Want,
    mut keep: Option<&mut Keep>,
    verify: Verify,
) -> Result<Vec<RequestFixes>, crate::error::Error> {
    // Parsed once: the scenario is kept, so that a candidate edit reads only the parts of the
    // file it changes into it ([`apply`]).
    let mut scenario = crate::load::parse(path, text)?;
    // A file that takes its network from another holds no VPC to edit.
    let network = scenario.network.as_ref().map(|n| n.value.clone());
    // Validated once: what its requests were resolved against is kept for the candidates.
    let (net, context) = reuse::validated(path, text, &mut scenario)?;
    let mut scenario = Some((scenario, context));
    // The document the edits apply to, read once a request needs it: a file whose requests are
    // all as wanted is not read a second time.
    let mut doc: Option<Doc> = None;
    let (base, consulted) = scope::base(&net, want);
    let mut out = Vec::new();
    for (i, r) in net.requests.iter().enumerate() {
        if only.is_some_and(|n| n != r.name) || (only.is_none() && !base[i].2) {
            continue;
        }
        let t = crate::engine::simulate(&net, r);
        let candidates = candidates(&net, i, &t);
        let tried = candidates.len();
        if doc.is_none()
            && tried > 0
            && let Some((s, context)) = scenario.take()
        {
            doc = Some(Doc::read(path, text, s, context)?);
        }
        if let Some(doc) = doc.as_mut() {
            doc.focus(i)?;
        }
        let mut fixes = Vec::new();
        let mut seen: BTreeSet<Vec<String>> = BTreeSet::new();
        for c in candidates {
            if !seen.insert(c.edits.clone()) {
                continue;
            }
            let Some(doc) = doc.as_mut() else {
                continue;
            };
            let (loaded, kept) = match verify {
                Verify::Scoped => {
                    doc.edited(path, text, &net, (&c.apply, &c.edits), keep.is_some())?
                }
                Verify::Whole => doc.reload(path, &c.apply, keep.is_some())?,
            };
            let Some(new) = loaded else {
                continue;
            };
            // The request itself first: an edit that does not fix it costs one simulation.
            let Some(nr) = new.request(&net, i) else {
                continue;
            };
            let nt = crate::engine::simulate(&new.net, nr);
            if !ok(&nt, nr.expect.as_ref(), want) {
                continue;
            }
            // Then the requests the edit can change; the others keep their verdicts.
            let n = new.len(&net);
            let again = match verify {
                Verify::Scoped if n == net.requests.len() => consulted.affected(&c.touches),
                _ => (0..n.min(net.requests.len())).collect(),
            };
            let after = verdicts(&new, &net, &again, want);
            let side_effects = after
                .iter()
                .filter(|(j, b)| *j != i && base[*j].0 != b.0)
                .map(|&(j, ref b)| {
                    let a = &base[j];
                    let broke = a.1 == Some(true) && b.1 == Some(false);
                    format!(
                        "{}\"{}\": {} -> {}",
                        if broke { "breaks " } else { "changes " },
                        net.requests[j].name,
                        a.0,
                        b.0
                    )
                })
                .collect();
            let fix = Suggestion {
                title: c.title,
                edits: c.edits,
                outcome: nt.outcome.summary(),
                side_effects,
            };
            if let (Some(keep), Some(text)) = (keep.as_mut(), &kept) {
                keep(&fix, text);
            }
            fixes.push(fix);
        }
        out.push(RequestFixes {
            request: t.request.to_string(),
            outcome: t.outcome.summary(),
            untried: network.as_ref().filter(|_| fixes.is_empty()).map(|n| {
                format!(
                    "this file takes its network from {n}, and vpcpath edits only the file it is given: no edit of the network can be applied here (run fix on {n} with these requests in it; an instance's listeners may be added here, under `instances:`)"
                )
            }),
            tried,
            fixes,
        });
    }
    Ok(out)
}

/// A request's outcome, whether its expectation holds, and whether it fails what is wanted:
/// what a side effect compares. Not its trace (a million of them are gigabytes); a failing
/// request's trace is made again when its candidates are sought.
type Verdict = (String, Option<bool>, bool);

fn verdict(net: &Network, r: &crate::net::Request, want: Want) -> Verdict {
    judge(&crate::engine::simulate(net, r), r, want)
}

/// The verdict of a request's trace.
fn judge(t: &Trace, r: &crate::net::Request, want: Want) -> Verdict {
    let holds = r
        .expect
        .as_ref()
        .map(|e| crate::expect::check(t, e).is_empty());
    (
        t.outcome.summary(),
        holds,
        fails(t, r.expect.as_ref(), want),
    )
}

/// The verdicts of the requests of an edited network at these indices, in their order (`base`:
/// the network of the file as read, whose requests it may reuse).
fn verdicts(new: &Loaded, base: &Network, again: &[usize], want: Want) -> Vec<(usize, Verdict)> {
    use rayon::prelude::*;
    again
        .par_iter()
        .filter_map(|&j| Some((j, verdict(&new.net, new.request(base, j)?, want))))
        .collect()
}

/// [`suggest`] for every failing request of the file at `path`: its requests are first
/// simulated as `vpcpath test` reads them (as a stream when the file is at least
/// `stream_min_bytes` and its shape allows it), keeping one verdict each; only when one fails
/// is the file read whole to search for edits. A large file whose requests are all as wanted
/// is never held whole.
pub fn suggest_file(
    path: &Path,
    stream_min_bytes: u64,
    want: Want,
) -> Result<Vec<RequestFixes>, crate::error::Error> {
    let mut failing = false;
    let read = crate::run::file(
        path,
        stream_min_bytes,
        |_, _| Ok(()),
        |net, chunk| {
            use rayon::prelude::*;
            // Once one fails the file is read whole: the rest need not be simulated here.
            failing = failing || chunk.par_iter().any(|r| verdict(net, r, want).2);
            Ok(())
        },
    );
    match read {
        Ok(_) => {}
        Err(crate::run::FileError::Input(e)) => return Err(e),
        Err(crate::run::FileError::Output(source)) => {
            return Err(crate::error::Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    if !failing {
        return Ok(Vec::new());
    }
    let text = crate::load::read_text(path)?;
    suggest(path, &text, None, want)
}

/// The destination of the blackhole route a trace met in table `at`, if it met one, as the
/// file writes it: an entry of a prefix list's route (`pl-x (10.0.0.0/16)`) is the list's.
fn blackhole_in(t: &Trace, at: &str) -> Option<String> {
    t.steps.iter().rev().find_map(|s| match s {
        Step::Route {
            table,
            destination,
            target,
            ..
        } if table == at && target == "blackhole" => Some(match destination.split_once(" (") {
            Some((list, _)) if list.starts_with("pl-") => list.to_string(),
            _ => destination.to_string(),
        }),
        _ => None,
    })
}

fn candidates(net: &Network, i: usize, t: &Trace) -> Vec<Candidate> {
    let req = &net.requests[i];
    let mut out = Vec::new();
    dns_candidates(net, i, t, &mut out);
    custom_domain_candidates(net, i, &mut out);
    if let Some(Step::Drop { at, .. }) = t.steps.last() {
        drop_candidates(net, req, t, at, &mut out);
    }
    policy_candidates(net, req, t, &mut out);
    association_candidates(net, req, &mut out);
    out
}

#[cfg(test)]
mod tests;
