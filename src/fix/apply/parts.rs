//! Which parts of the document an edit changed, and reading one part into the parsed scenario.

use serde::de::DeserializeOwned;

use super::*;

/// The parts of `work` that differ from `read`: items of a top-level list whose length is the
/// same, whole keys otherwise. A request `null` in `work` that is not the `focus` is one the
/// working copy leaves out (it holds only the request being fixed); the request being fixed is
/// compared as any item is, so an edit that empties it changes it (and the edited file, whose
/// request is `null`, does not load). A document that is not a mapping is one part (`""`),
/// which no list of the scenario is.
pub(super) fn changed(read: &Value, work: &Value, focus: Option<usize>) -> Vec<Part> {
    let (Some(a), Some(b)) = (read.as_object(), work.as_object()) else {
        return vec![Part::Key(String::new())];
    };
    let mut out = Vec::new();
    for (k, w) in b {
        match (a.get(k), w) {
            (Some(r), w) if r == w => {}
            (Some(Value::Array(r)), Value::Array(w)) if r.len() == w.len() => {
                for (i, (x, y)) in r.iter().zip(w).enumerate() {
                    // A request left out of the working copy is unchanged.
                    let left_out = k == "requests" && y.is_null() && focus != Some(i);
                    if !left_out && x != y {
                        out.push(Part::Item(k.clone(), i));
                    }
                }
            }
            _ => out.push(Part::Key(k.clone())),
        }
    }
    for k in a.keys().filter(|k| !b.contains_key(*k)) {
        out.push(Part::Key(k.clone()));
    }
    out
}

/// What puts back a part of the scenario that an edited one replaced.
pub(super) type Undo = Box<dyn FnOnce(&mut Scenario)>;

/// Reads the `index`th item of the list `value` in place of that of the scenario's list
/// `field`, or `value` as the whole list: `None` when the value is not a list where a whole
/// list is wanted (a key emptied or removed, which the whole document read again decides),
/// `Some(Err)` when it does not read.
pub(super) fn swap<T: DeserializeOwned + 'static>(
    s: &mut Scenario,
    field: fn(&mut Scenario) -> &mut Vec<T>,
    index: Option<usize>,
    value: &Value,
) -> Option<Result<Undo, ()>> {
    match index {
        Some(i) => {
            let slot = field(s).get_mut(i)?;
            let new = match read(value.get(i)?) {
                Ok(new) => new,
                Err(()) => return Some(Err(())),
            };
            let old = std::mem::replace(slot, new);
            Some(Ok(Box::new(move |s: &mut Scenario| {
                if let Some(slot) = field(s).get_mut(i) {
                    *slot = old;
                }
            })))
        }
        None if value.is_array() => Some(read(value).map(|new| {
            let old = std::mem::replace(field(s), new);
            Box::new(move |s: &mut Scenario| *field(s) = old) as Undo
        })),
        None => None,
    }
}

/// A part of the document read as the scenario's loader reads it (with its budgets).
pub(super) fn read<T: DeserializeOwned>(value: &Value) -> Result<T, ()> {
    let text = serde_json::to_string_pretty(value).map_err(|_| ())?;
    serde_saphyr::from_str_with_options(&text, crate::load::yaml_options(text.len()))
        .map_err(|_| ())
}
