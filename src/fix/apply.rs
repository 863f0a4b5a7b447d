//! Verifying a candidate edit without reading the whole file again. The edit is made to the
//! file as written (its YAML read as a JSON value: what is printed is that edit, at its line);
//! the parts of the document it changed are found by comparing the edited document with the
//! one read, and only those parts (a VPC, an API, a zone, a request) are read into the
//! scenario already parsed, in place of the ones they replace; it is validated, and the parts
//! put back. Reading the whole edited document again,
//! as [`Doc::reload`] does, gives the same network (tested on every scenario).

use super::*;
use crate::model::Scenario;

/// Calls macro `$m` with the scenario's top-level lists a part can be read into, by field
/// name: one list for every place that matches a part's key to its list.
macro_rules! part_lists {
    ($m:ident) => {
        $m!(
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
        )
    };
}

mod parts;
mod sparse;
mod whole;
use parts::*;
#[cfg(test)]
pub(super) use sparse::tally as sparse_tally;

/// The file as read: its scenario, parsed once, and its document, which edits apply to; a
/// working copy of the document takes each edit and is put back after it.
pub(super) struct Doc<'t> {
    scenario: Scenario,
    /// The document as read; with `lines`, its requests are `null` until one is needed.
    read: Value,
    /// Where the requests of a file written one to a line are, to read one when it is needed
    /// ([`super::lines`]); `None` once the document holds them all.
    lines: Option<super::lines::Lines>,
    text: &'t str,
    /// The file's path, for the loader's errors.
    path: std::path::PathBuf,
    /// The working copy: its requests are `null` but the one whose fixes are sought (an edit
    /// changes no other; in a large file the requests are most of the document).
    work: Value,
    focus: Option<usize>,
    /// What the requests of the file as read were resolved against ([`super::reuse::validated`];
    /// `None`: the file takes its network from another, and its candidates are validated whole).
    context: Option<super::reuse::Context>,
    /// The items of the file's top-level lists, which an edit that names its items is made to
    /// ([`sparse`]); `None` when the file's lines do not read that way.
    items: Option<super::items::Items>,
    /// The request being fixed, read alone from its item.
    focus_value: Option<Value>,
    /// Whether `read` and `work` hold the document (read only when an edit needs it whole).
    whole_read: bool,
}

/// A part of the document an edit changed.
enum Part {
    /// The `i`th item of a top-level list.
    Item(String, usize),
    /// A whole top-level key (added, removed, or a list whose length changed).
    Key(String),
}

/// The edited network, and the whole edited document as text when it was asked for.
pub(super) type Edited = (Option<Loaded>, Option<String>);

impl<'t> Doc<'t> {
    /// The file `text` as read (`scenario`: parsed from it; `context`: what its requests were
    /// resolved against): its document read from the scenario before its requests when they
    /// are written one to a line, else whole.
    pub(super) fn read(
        path: &Path,
        text: &'t str,
        scenario: Scenario,
        context: Option<super::reuse::Context>,
    ) -> Result<Doc<'t>, crate::error::Error> {
        if let Some(items) = super::items::scan(text) {
            let mut doc = Doc::new(scenario, Value::Null, context);
            doc.items = Some(items);
            doc.whole_read = false;
            doc.text = text;
            doc.path = path.to_path_buf();
            return Ok(doc);
        }
        Doc::read_whole_doc(path, text, scenario, context)
    }

    /// Makes the `i`th request the one the edits may change (the others stay `null` in the
    /// working copy); the file that does not read as a document is the loader's error.
    pub(super) fn focus(&mut self, i: usize) -> Result<(), crate::error::Error> {
        let n = self.scenario.requests.len();
        self.focus_value = self
            .items
            .as_ref()
            .filter(|items| items.len("requests") == Some(n))
            .and_then(|items| items.read(self.text, "requests", i));
        if self.focus_value.is_none() {
            // Its edits are made to the whole document.
            self.items = None;
            self.whole()?;
        }
        if !self.whole_read {
            self.focus = Some(i);
            return Ok(());
        }
        self.place_focus(i)
    }

    /// Places the `i`th request in the working copy of the whole document.
    fn place_focus(&mut self, i: usize) -> Result<(), crate::error::Error> {
        let Some(Value::Array(work)) = self.work.get_mut("requests") else {
            return Ok(());
        };
        if let Some(slot) = self.focus.take().and_then(|f| work.get_mut(f)) {
            *slot = Value::Null;
        }
        let from = self.request(i)?;
        let slot = self.work.get_mut("requests").and_then(|w| w.get_mut(i));
        if let (Some(slot), Some(from)) = (slot, from) {
            *slot = from;
        }
        self.focus = Some(i);
        Ok(())
    }

    /// The whole edited document as text: the working copy with the requests it leaves out.
    fn whole_text(&mut self) -> Result<Option<String>, crate::error::Error> {
        self.whole()?;
        self.read_whole()?;
        let mut whole = self.work.clone();
        if let (Some(Value::Array(work)), Some(Value::Array(read))) =
            (whole.get_mut("requests"), self.read.get("requests"))
        {
            for (i, (w, r)) in work.iter_mut().zip(read).enumerate() {
                if w.is_null() && self.focus != Some(i) {
                    *w = r.clone();
                }
            }
        }
        Ok(serde_json::to_string_pretty(&whole).ok())
    }

    /// The network of the file with `edit` made: the parts it changed read into the parsed
    /// scenario in place of the parts they replace, which is validated and then put back as it
    /// was (the whole edited document read again only when a part is not one of the scenario's
    /// lists). `None` when the edit does not apply or the edited file is not valid, as a
    /// person's edit that fails to load; an error when the file as read, needed whole, does
    /// not read as a document.
    pub(super) fn edited(
        &mut self,
        path: &Path,
        text: &str,
        base: &Network,
        (edit, edits): (&Edit, &[String]),
        whole: bool,
    ) -> Result<Edited, crate::error::Error> {
        if !whole && let Some(net) = self.edited_sparse(path, text, base, edit, edits) {
            return Ok((net, None));
        }
        self.whole()?;
        let applied = edit(&mut self.work).is_some();
        let parts = changed(&self.read, &self.work, self.focus);
        let edited_text = match (applied && whole).then(|| self.whole_text()) {
            Some(Err(e)) => {
                self.restore(&parts);
                return Err(e);
            }
            Some(Ok(t)) => t,
            None => None,
        };
        let net = if applied {
            let (undo, placed) = self.swap_all(&parts, None);
            let net = match placed {
                Some(true) => Ok(self.load(path, text, base, &parts)),
                Some(false) => Ok(None),
                None => match edited_text.clone() {
                    Some(t) => Ok(Some(t)),
                    None => self.whole_text(),
                }
                .map(|t| {
                    t.and_then(|t| crate::load::load_str(path, &t).ok())
                        .map(Loaded::own)
                }),
            };
            for u in undo.into_iter().rev() {
                u(&mut self.scenario);
            }
            net
        } else {
            Ok(None)
        };
        self.restore(&parts);
        Ok((net?, edited_text))
    }

    /// The scenario with the parts of an edit read into it, validated: the requests of the file
    /// as read reused where they resolve alike ([`super::reuse`]).
    fn load(&mut self, path: &Path, text: &str, base: &Network, parts: &[Part]) -> Option<Loaded> {
        // A list of requests whose length changed is read whole.
        let whole_list = parts
            .iter()
            .any(|p| matches!(p, Part::Key(k) if k == "requests"));
        let (Some(context), Some(focus), false) = (self.context.as_ref(), self.focus, whole_list)
        else {
            return crate::load::load_parsed_ref(path, text, &self.scenario)
                .ok()
                .map(Loaded::own);
        };
        let changed = parts
            .iter()
            .any(|p| matches!(p, Part::Item(k, i) if k == "requests" && *i == focus));
        super::reuse::load(&mut self.scenario, context, base, focus, changed)
    }

    /// The network of the file with `edit` made, the whole edited document written out and
    /// read again, as a person's edited file is: what [`Doc::edited`] must equal (tested).
    pub(super) fn reload(
        &mut self,
        path: &Path,
        edit: &Edit,
        whole: bool,
    ) -> Result<Edited, crate::error::Error> {
        self.whole()?;
        let applied = edit(&mut self.work).is_some();
        let parts = changed(&self.read, &self.work, self.focus);
        let edited_text = applied.then(|| self.whole_text()).transpose();
        self.restore(&parts);
        let edited_text = edited_text?.flatten();
        let net = edited_text
            .as_deref()
            .and_then(|t| crate::load::load_str(path, t).ok())
            .map(Loaded::own);
        Ok((net, edited_text.filter(|_| whole)))
    }

    /// Reads a changed part of the edited document (`doc`, else the working copy) into the
    /// scenario, in place of the one it replaces: what puts that one back, `Some(Err)` when the
    /// part does not read (the edited file would not load), `None` when it is not one of the
    /// scenario's lists.
    /// Swaps every part in, in order, until one cannot be: the undoing of those swapped, and
    /// whether all were (`Some(false)`: a part's value is not the scenario's; `None`: a part
    /// is not one of [`part_lists`]).
    fn swap_all(&mut self, parts: &[Part], doc: Option<&Value>) -> (Vec<Undo>, Option<bool>) {
        let mut undo = Vec::new();
        for p in parts {
            match self.swap_in(p, doc) {
                Some(Ok(u)) => undo.push(u),
                Some(Err(())) => return (undo, Some(false)),
                None => return (undo, None),
            }
        }
        (undo, Some(true))
    }

    fn swap_in(&mut self, part: &Part, doc: Option<&Value>) -> Option<Result<Undo, ()>> {
        let (key, index) = match part {
            Part::Item(k, i) => (k.as_str(), Some(*i)),
            Part::Key(k) => (k.as_str(), None),
        };
        let value = doc.unwrap_or(&self.work).get(key)?;
        let s = &mut self.scenario;
        macro_rules! swap_in {
            ($($field:ident),*) => {
                match key {
                    $(stringify!($field) => swap(s, |s| &mut s.$field, index, value),)*
                    _ => None,
                }
            };
        }
        part_lists!(swap_in)
    }

    /// The document as read, and the working copy.
    #[cfg(test)]
    pub(super) fn values(&self) -> (&Value, &Value) {
        (&self.read, &self.work)
    }

    /// Whether the requests are read from their lines as they are needed, and the document as
    /// read with every request in it.
    #[cfg(test)]
    pub(super) fn read_all(&mut self) -> Result<(bool, &Value), crate::error::Error> {
        self.whole()?;
        let lazy = self.lines.is_some();
        self.read_whole()?;
        Ok((lazy, &self.read))
    }

    /// The parts of `work` that differ from the document as read, in words (`vpcs 0`).
    #[cfg(test)]
    pub(super) fn parts_of(&self, work: &Value) -> Vec<String> {
        changed(&self.read, work, self.focus)
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
