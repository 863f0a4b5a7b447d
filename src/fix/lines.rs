//! The document of a file whose requests are written one to a line, as `vpcpath generate` and
//! most scripts write them, read without reading its requests a second time: the scenario
//! before them read as a document, each request only when an edit needs it (the one being
//! fixed), from its own line. In a large file the requests are most of the text, and the file
//! read whole as a document was most of what a search cost beyond the simulations. A request
//! whose line does not read alone (an alias of an anchor on another line) has the whole file
//! read as a document after all; a file that does not read whole as a document (a scalar the
//! scenario reads as a string and a document as a float JSON cannot hold, `.nan`) is the
//! loader's error at its line, as it is when the document is read whole from the start.

use std::path::Path;

use serde_json::Value;

use crate::error::Error;

/// Where each request's line is in the text (from its first byte to the next line's).
pub(super) struct Lines(Vec<(usize, usize)>);

/// The document of `text`, whose scenario has `n` requests, with its requests `null`, and
/// where their lines are; `None` when they are not written one to a line after the rest of the
/// scenario (the file is then read whole as a document).
pub(super) fn document(text: &str, n: usize) -> Option<(Value, Lines)> {
    let start = crate::load::requests_start(text)?;
    let (head, part) = text.split_at(start);
    if head.lines().any(|l| l.starts_with("requests:")) {
        return None;
    }
    let items = part.strip_prefix("requests:\n")?;
    let mut lines = Vec::with_capacity(n);
    let mut at = start + "requests:\n".len();
    let mut indent = None;
    for line in items.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let depth = body.len() - body.trim_start_matches(' ').len();
        if !body[depth..].starts_with("- ") || indent.is_some_and(|i| i != depth) {
            return None;
        }
        indent = Some(depth);
        lines.push((at, at + line.len()));
        at += line.len();
    }
    if lines.len() != n {
        return None;
    }
    let options = crate::load::yaml_options(text.len());
    let mut doc: Value = serde_saphyr::from_str_with_options(head, options).ok()?;
    doc.as_object_mut()?
        .insert("requests".into(), Value::Array(vec![Value::Null; n]));
    Some((doc, Lines(lines)))
}

impl Lines {
    /// The `i`th request as a document, read from its line (with the whole text's budgets);
    /// `None` when its line does not read alone.
    pub(super) fn request(&self, text: &str, i: usize) -> Option<Value> {
        let &(from, to) = self.0.get(i)?;
        let line = text.get(from..to)?;
        let options = crate::load::yaml_options(text.len());
        match serde_saphyr::from_str_with_options::<Value>(line, options).ok()? {
            Value::Array(mut one) if one.len() == 1 => one.pop(),
            _ => None,
        }
    }
}

/// The `i`th request of the document `read` (of the file `path`, whose text is `text` and
/// whose scenario has `n` requests), read from its line if it is not yet (and kept in `read`).
pub(super) fn request(
    read: &mut Value,
    lines: &mut Option<Lines>,
    path: &Path,
    text: &str,
    n: usize,
    i: usize,
) -> Result<Option<Value>, Error> {
    let unread = read
        .get("requests")
        .and_then(|r| r.get(i))
        .is_some_and(Value::is_null);
    if unread && let Some(l) = lines {
        match l.request(text, i) {
            Some(value) => {
                if let Some(slot) = read.get_mut("requests").and_then(|r| r.get_mut(i)) {
                    *slot = value;
                }
            }
            None => read_whole(read, lines, path, text, n)?,
        }
    }
    Ok(read.get("requests").and_then(|r| r.get(i)).cloned())
}

/// Reads every request of the document `read` not yet read: each from its line, or, when one
/// does not read alone, the whole text as a document. The whole text that does not read as a
/// document is the loader's error, at its line and column: never a document whose requests
/// stay unread (an edit of one would not apply, and the file would seem to have no fix).
pub(super) fn read_whole(
    read: &mut Value,
    lines: &mut Option<Lines>,
    path: &Path,
    text: &str,
    n: usize,
) -> Result<(), Error> {
    let Some(l) = lines.take() else {
        return Ok(());
    };
    let all: Option<Vec<Value>> = (0..n)
        .map(|i| match read.get("requests").and_then(|r| r.get(i)) {
            Some(v) if !v.is_null() => Some(v.clone()),
            _ => l.request(text, i),
        })
        .collect();
    let placed = all.and_then(|all| {
        read.as_object_mut()
            .map(|m| m.insert("requests".into(), Value::Array(all)))
    });
    if placed.is_none() {
        *read = crate::load::parse_value(path, text)?;
    }
    Ok(())
}
