//! Recording steps as a request is walked: every step for a trace, or only where it ended for
//! a summary ([`Detail`]), so a summary builds no step at all.

use super::*;

/// How much of a walk to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every step, for the reports.
    Every,
    /// Only where the request ended, for summaries: no step is built at all.
    Ending,
}

/// Where a walk records its steps, as the layers take their decisions.
///
/// A report needs every step; a summary needs only the component where each request ended.
/// Steps are handed over as closures, so that a summary builds none of them: their text (ids,
/// addresses and rules formatted into reasons) is most of what a request costs.
#[derive(Debug)]
pub struct Steps<'a> {
    pub(crate) detail: Detail,
    pub(crate) list: Vec<Step<'a>>,
    /// With [`Detail::Ending`]: where the last step that could end a request was taken.
    pub(crate) ended_at: Option<String>,
}

impl<'a> Steps<'a> {
    /// An empty record.
    pub fn new(detail: Detail) -> Steps<'a> {
        Steps {
            detail,
            // A trace takes about a dozen steps: room for them up front saves regrowing.
            list: Vec::with_capacity(if detail == Detail::Every { 16 } else { 0 }),
            ended_at: None,
        }
    }

    /// Records a step that does not end a request: DNS, connect, route, translate, filter, TLS.
    pub fn push(&mut self, make: impl FnOnce() -> Step<'a>) {
        if self.detail == Detail::Every {
            let step = make();
            debug_assert!(
                step.ended_at().is_none(),
                "arrive, service and drop steps are recorded with `at`"
            );
            self.list.push(step);
        }
    }

    /// Records a step taken at component `at` that may be where the request ends: an arrival,
    /// a decision of the service, a drop.
    pub fn at(&mut self, at: &str, make: impl FnOnce() -> Step<'a>) {
        match self.detail {
            Detail::Every => {
                let step = make();
                debug_assert_eq!(step.ended_at(), Some(at), "the step is taken at `at`");
                self.list.push(step);
            }
            Detail::Ending => match &mut self.ended_at {
                Some(s) => {
                    s.clear();
                    s.push_str(at);
                }
                None => self.ended_at = Some(at.to_string()),
            },
        }
    }

    /// Records a decision of the service taken at `at`.
    pub fn service(&mut self, at: &Name<'a>, detail: impl FnOnce() -> String) {
        self.at(at, || Step::Service {
            at: at.clone(),
            detail: detail(),
            policy: None,
        });
    }

    /// Records a policy's decision, taken at `at`.
    pub fn policy(
        &mut self,
        at: &Name<'a>,
        kind: PolicyKind,
        of: &'a str,
        decision: PolicyDecision,
        detail: impl FnOnce() -> String,
    ) {
        self.at(at, || Step::Service {
            at: at.clone(),
            detail: detail(),
            policy: Some(PolicyCheck {
                kind,
                of: Name::Borrowed(of),
                decision,
            }),
        });
    }

    /// Adds the steps of `other`, recorded after these (where it ended, with
    /// [`Detail::Ending`]).
    pub fn append(&mut self, other: Steps<'a>) {
        self.list.extend(other.list);
        if other.ended_at.is_some() {
            self.ended_at = other.ended_at;
        }
    }

    /// The detail recorded.
    pub fn detail(&self) -> Detail {
        self.detail
    }

    /// The steps recorded (none with [`Detail::Ending`]).
    pub fn into_steps(self) -> Vec<Step<'a>> {
        self.list
    }

    /// Where the last arrival, service decision or drop was taken.
    pub fn into_ended_at(self) -> Option<String> {
        match self.detail {
            Detail::Every => last_ended_at(&self.list),
            Detail::Ending => self.ended_at,
        }
    }
}
