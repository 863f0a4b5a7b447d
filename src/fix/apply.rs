//! Verifying a candidate edit without reading the whole file again. The edit is made to the
//! file as written (its YAML read as a JSON value: what is printed is that edit, at its line);
//! the parts of the document it changed are found by comparing the edited document with the
//! one read, and only those parts (a VPC, an API, a zone, a request) are read into the
//! scenario already parsed, which is then validated. Reading the whole edited document again,
//! as [`Doc::reload`] does, gives the same network (tested on every scenario).

use serde::de::DeserializeOwned;

use super::*;
use crate::model::Scenario;

/// The file as read: its scenario, parsed once, and its document, which edits apply to; a
/// working copy of the document takes each edit and is put back after it.
pub(super) struct Doc {
    scenario: Scenario,
    read: Value,
    work: Value,
}

/// A part of the document an edit changed.
enum Part {
    /// The `i`th item of a top-level list.
    Item(String, usize),
    /// A whole top-level key (added, removed, or a list whose length changed).
    Key(String),
}

/// The edited network, and the whole edited document as text when it was asked for.
pub(super) type Edited = (Option<Network>, Option<String>);

impl Doc {
    pub(super) fn new(scenario: Scenario, read: Value) -> Doc {
        let work = read.clone();
        Doc {
            scenario,
            read,
            work,
        }
    }

    /// The network of the file with `edit` made: the parts it changed read into a copy of the
    /// parsed scenario, which is validated (the whole edited document read again only when a
    /// part is not one of the scenario's lists). `None` when the edit does not apply or the
    /// edited file is not valid, as a person's edit that fails to load.
    pub(super) fn edited(&mut self, path: &Path, text: &str, edit: &Edit, whole: bool) -> Edited {
        let applied = edit(&mut self.work).is_some();
        let parts = changed(&self.read, &self.work);
        let edited_text = (applied && whole)
            .then(|| serde_json::to_string_pretty(&self.work).ok())
            .flatten();
        let net = if applied {
            match self.placed(&parts) {
                Some(Ok(s)) => crate::load::load_parsed(path, text, s).ok(),
                Some(Err(())) => None,
                None => {
                    let again = edited_text
                        .clone()
                        .or_else(|| serde_json::to_string_pretty(&self.work).ok());
                    again.and_then(|t| crate::load::load_str(path, &t).ok())
                }
            }
        } else {
            None
        };
        self.restore(&parts);
        (net, edited_text)
    }

    /// The network of the file with `edit` made, the whole edited document written out and
    /// read again, as a person's edited file is: what [`Doc::edited`] must equal (tested).
    pub(super) fn reload(&mut self, path: &Path, edit: &Edit, whole: bool) -> Edited {
        let applied = edit(&mut self.work).is_some();
        let parts = changed(&self.read, &self.work);
        let edited_text = applied
            .then(|| serde_json::to_string_pretty(&self.work).ok())
            .flatten();
        self.restore(&parts);
        let net = edited_text
            .as_deref()
            .and_then(|t| crate::load::load_str(path, t).ok());
        (net, edited_text.filter(|_| whole))
    }

    /// A copy of the parsed scenario with the changed parts read from the edited document:
    /// `Some(Err)` when a part does not read (the edited file would not load), `None` when a
    /// part is not one of the scenario's lists.
    fn placed(&self, parts: &[Part]) -> Option<Result<Scenario, ()>> {
        let mut s = self.scenario.clone();
        for p in parts {
            let (key, index) = match p {
                Part::Item(k, i) => (k.as_str(), Some(*i)),
                Part::Key(k) => (k.as_str(), None),
            };
            let value = self.work.get(key)?;
            macro_rules! lists {
                ($($field:ident),*) => {
                    match key {
                        $(stringify!($field) => put(&mut s.$field, index, value),)*
                        _ => return None,
                    }
                };
            }
            let placed = lists!(
                vpcs,
                lambda_functions,
                peerings,
                transit_gateways,
                sites,
                resolver_rules,
                apis,
                custom_domains,
                dns_zones,
                instances,
                requests
            );
            match placed {
                Some(Ok(())) => {}
                Some(Err(())) => return Some(Err(())),
                None => return None,
            }
        }
        Some(Ok(s))
    }

    /// The document as read.
    #[cfg(test)]
    pub(super) fn read_value(&self) -> &Value {
        debug_assert_eq!(self.read, self.work);
        &self.read
    }

    /// The parts of `work` that differ from the document as read, in words (`vpcs 0`).
    #[cfg(test)]
    pub(super) fn parts_of(&self, work: &Value) -> Vec<String> {
        changed(&self.read, work)
            .into_iter()
            .map(|p| match p {
                Part::Item(k, i) => format!("{k} {i}"),
                Part::Key(k) => k,
            })
            .collect()
    }

    /// Puts back the parts of the working document that an edit changed.
    fn restore(&mut self, parts: &[Part]) {
        let (Some(read), Some(work)) = (self.read.as_object(), self.work.as_object_mut()) else {
            self.work = self.read.clone();
            return;
        };
        for p in parts {
            match p {
                Part::Item(k, i) => {
                    if let (Some(from), Some(to)) = (
                        read.get(k).and_then(|l| l.get(*i)),
                        work.get_mut(k).and_then(|l| l.get_mut(*i)),
                    ) {
                        *to = from.clone();
                    }
                }
                Part::Key(k) => match read.get(k) {
                    Some(v) => {
                        work.insert(k.clone(), v.clone());
                    }
                    None => {
                        work.remove(k);
                    }
                },
            }
        }
    }
}

/// The parts of `work` that differ from `read`: items of a top-level list whose length is the
/// same, whole keys otherwise. A document that is not a mapping is one part (`""`), which no
/// list of the scenario is.
fn changed(read: &Value, work: &Value) -> Vec<Part> {
    let (Some(a), Some(b)) = (read.as_object(), work.as_object()) else {
        return vec![Part::Key(String::new())];
    };
    let mut out = Vec::new();
    for (k, w) in b {
        match (a.get(k), w) {
            (Some(r), w) if r == w => {}
            (Some(Value::Array(r)), Value::Array(w)) if r.len() == w.len() => {
                for (i, (x, y)) in r.iter().zip(w).enumerate() {
                    if x != y {
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

/// Reads the `index`th item of the list `value` into that of `list`, or `value` as the whole
/// list: `None` when the
/// value is not a list where a whole list is wanted (a key emptied or removed, which the
/// whole document read again decides), `Some(Err)` when it does not read.
fn put<T: DeserializeOwned>(
    list: &mut Vec<T>,
    index: Option<usize>,
    value: &Value,
) -> Option<Result<(), ()>> {
    match index {
        Some(i) => {
            let slot = list.get_mut(i)?;
            Some(read(value.get(i)?).map(|v| *slot = v))
        }
        None if value.is_array() => Some(read(value).map(|v| *list = v)),
        None => None,
    }
}

/// A part of the document read as the scenario's loader reads it (with its budgets).
fn read<T: DeserializeOwned>(value: &Value) -> Result<T, ()> {
    let text = serde_json::to_string_pretty(value).map_err(|_| ())?;
    serde_saphyr::from_str_with_options(&text, crate::load::yaml_options(text.len()))
        .map_err(|_| ())
}
