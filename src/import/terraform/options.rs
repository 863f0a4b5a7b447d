//! Attributes a plan writes whole as a value: an instance's metadata options, a policy's JSON
//! text.

use super::Resource;
use super::convert::*;
use crate::import::build::{NoteKind, sp};
use crate::model;

use serde_json::Value;

/// An instance's `metadata_options` block as the plan knows it (F6.67): `http_tokens`, and
/// `http_endpoint` where it is off. Unknown until apply: left unwritten.
pub(super) fn metadata_options(
    r: &Resource,
    pos: crate::pos::Pos,
) -> Option<crate::pos::Sp<model::MetadataOptions>> {
    let o = r.values.pointer("/metadata_options/0")?;
    let word = |k: &str| {
        o.get(k)
            .and_then(serde_json::Value::as_str)
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
    };
    let options = model::MetadataOptions {
        http_endpoint: word("http_endpoint")
            .filter(|e| e != "enabled")
            .map(|e| sp(pos, e)),
        http_tokens: word("http_tokens").map(|t| sp(pos, t)),
    };
    (options.http_endpoint.is_some() || options.http_tokens.is_some()).then(|| sp(pos, options))
}

/// A policy the plan writes as JSON text; text that is not JSON is said, and the endpoint's
/// default policy (full access) stands in.
pub(super) fn policy_json(tx: &mut Tx, r: &Resource, text: Option<&str>) -> Option<Value> {
    let text = text?;
    let parsed = serde_json::from_str::<Value>(text).ok();
    if parsed.is_none() {
        tx.note(
            NoteKind::Assumed,
            r,
            "its policy is not JSON: the endpoint's default policy (full access) stands in",
        );
    }
    parsed
}
