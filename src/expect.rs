//! Checking a trace against its request's `expect:`.

use crate::net::Expect;
use crate::trace::{Outcome, Trace};

/// Every way the trace misses the expectation; empty when it holds.
pub fn check(trace: &Trace, expect: &Expect) -> Vec<String> {
    let mut misses = Vec::new();
    if let Some(kind) = expect.outcome
        && kind.name() != trace.outcome.kind()
    {
        misses.push(format!(
            "expected outcome {}, got {}",
            kind.name(),
            trace.outcome.summary()
        ));
    }
    if let Some(want) = expect.status {
        match &trace.outcome {
            Outcome::Http { status, .. } if *status == want => {}
            other => misses.push(format!("expected status {want}, got {}", other.summary())),
        }
    }
    for id in &expect.via {
        if !trace.touches(id) {
            misses.push(format!(
                "expected the path to touch {id}; it went {}",
                trace.path.join(" -> ")
            ));
        }
    }
    for id in &expect.not_via {
        if trace.touches(id) {
            misses.push(format!(
                "expected the path not to touch {id}; it went {}",
                trace.path.join(" -> ")
            ));
        }
    }
    if let Some(want) = &expect.body_contains {
        match &trace.outcome {
            Outcome::Http { body, .. } if body.contains(want.as_str()) => {}
            Outcome::Http { body, .. } => misses.push(format!(
                "expected the body to contain {want:?}; it is {body:?}"
            )),
            other => misses.push(format!(
                "expected a body containing {want:?}, got {}",
                other.summary()
            )),
        }
    }
    misses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::OutcomeKind;

    fn trace(outcome: Outcome) -> Trace<'static> {
        Trace {
            request: "r".into(),
            from: "i-a".into(),
            method: "GET".into(),
            url: "https://x/".into(),
            steps: Vec::new(),
            path: vec!["i-a".into(), "igw-a".into()],
            outcome,
        }
    }

    #[test]
    fn reports_each_miss() {
        let t = trace(Outcome::Http {
            status: 403,
            body: r#"{"message":"Forbidden"}"#.into(),
            error_type: None,
        });
        let holds = Expect {
            outcome: Some(OutcomeKind::Http),
            status: Some(403),
            via: vec!["igw-a".into()],
            not_via: vec!["vpce-x".into()],
            body_contains: Some("Forbidden".into()),
        };
        assert!(check(&t, &holds).is_empty());
        let misses = Expect {
            outcome: Some(OutcomeKind::Timeout),
            status: Some(200),
            via: vec!["nat-a".into()],
            not_via: vec!["igw-a".into()],
            body_contains: Some("ok".into()),
        };
        assert_eq!(check(&t, &misses).len(), 5);
    }
}
