//! A candidate edit made to the items it names, read alone ([`super::super::items`]): not to
//! the whole file as a document. The edit's words name the items it changes (`vpcs[vpc-7]...`,
//! `apis[api0]...`, `transit_gateways[tgw-0]...`, `requests[r20]...`, `dns_zones[*]...`); a
//! document of the file's top-level keys holds those items, every other item of a list `null`
//! (an edit looks items up by their ids and passes over `null`), and the edit is made to it.
//! When it does not apply there, or changes anything but those items (a list's length, a key),
//! or an item does not read alone, the edit is made to the whole document after all, as
//! before: what this gives is what that gives (tested on every scenario and fixture).

use super::*;

/// A document of the items an edit names, and those items as they were read.
struct Sparse {
    doc: Value,
    read: Vec<(String, usize, Value)>,
}

impl Doc<'_> {
    /// How many items the scenario's list `key` holds, for the lists a part is read into.
    fn list_len(&self, key: &str) -> Option<usize> {
        let s = &self.scenario;
        macro_rules! len_of {
            ($($field:ident),*) => {
                match key {
                    $(stringify!($field) => Some(s.$field.len()),)*
                    _ => None,
                }
            };
        }
        part_lists!(len_of)
    }

    /// The index of the item of `key` whose id is `id`, for the lists an edit names by id.
    fn by_id(&self, key: &str, id: &str) -> Option<usize> {
        let s = &self.scenario;
        match key {
            "vpcs" => s.vpcs.iter().position(|v| v.id.value == id),
            "apis" => s.apis.iter().position(|a| a.value.id.value == id),
            "transit_gateways" => s.transit_gateways.iter().position(|g| g.id.value == id),
            _ => None,
        }
    }

    /// The items the words of an edit name, each as the list and its index; `None` when a
    /// word does not name one this way.
    fn named(&self, edits: &[String]) -> Option<BTreeSet<(String, usize)>> {
        let items = self.items.as_ref()?;
        let mut out = BTreeSet::new();
        for e in edits {
            let (key, rest) = e.split_once('[')?;
            let (sel, _) = rest.split_once(']')?;
            let n = items.len(key)?;
            if self.list_len(key) != Some(n) {
                return None;
            }
            match key {
                // An edit changes no request but the one being fixed.
                "requests" => {
                    out.insert((key.to_string(), self.focus?));
                }
                "vpcs" | "apis" | "transit_gateways" if sel != "*" => {
                    out.insert((key.to_string(), self.by_id(key, sel)?));
                }
                _ => out.extend((0..n).map(|i| (key.to_string(), i))),
            }
        }
        Some(out)
    }

    /// The document of the top-level keys holding the items `named`, read alone.
    fn sparse(&self, named: &BTreeSet<(String, usize)>) -> Option<Sparse> {
        let items = self.items.as_ref()?;
        let mut map = serde_json::Map::new();
        for key in items.keys() {
            let value = match items.len(key) {
                Some(n) => Value::Array(vec![Value::Null; n]),
                None => Value::Null,
            };
            map.insert(key.clone(), value);
        }
        let mut read = Vec::with_capacity(named.len());
        for (key, i) in named {
            let value = match (key.as_str(), self.focus) {
                ("requests", Some(f)) if f == *i => self.focus_value.clone()?,
                _ => items.read(self.text, key, *i)?,
            };
            *map.get_mut(key)?.get_mut(*i)? = value.clone();
            read.push((key.clone(), *i, value));
        }
        Some(Sparse {
            doc: Value::Object(map),
            read,
        })
    }

    /// The network of the file with `edit` (whose words are `edits`) made to the items it
    /// names: `None` when it must be made to the whole document (see the module's words).
    pub(super) fn edited_sparse(
        &mut self,
        path: &Path,
        text: &str,
        base: &Network,
        edit: &Edit,
        edits: &[String],
    ) -> Option<Option<Loaded>> {
        let named = self.named(edits)?;
        let Sparse { mut doc, read } = self.sparse(&named)?;
        let keys = doc.as_object().map(serde_json::Map::len);
        edit(&mut doc)?;
        // Nothing changed but the items read: the same keys, lists of the same lengths, the
        // other items still `null`.
        let map = doc.as_object()?;
        if Some(map.len()) != keys {
            return None;
        }
        for (key, value) in map {
            let n = self.items.as_ref()?.len(key);
            match (n, value) {
                (None, Value::Null) => {}
                (Some(n), Value::Array(list)) if list.len() == n => {
                    let unread = list
                        .iter()
                        .enumerate()
                        .filter(|(i, v)| !v.is_null() && !named.contains(&(key.clone(), *i)));
                    if unread.count() > 0 {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        let parts: Vec<Part> = read
            .iter()
            .filter(|(key, i, was)| doc.get(key).and_then(|l| l.get(*i)) != Some(was))
            .map(|(key, i, _)| Part::Item(key.clone(), *i))
            .collect();
        let (undo, placed) = self.swap_all(&parts, Some(&doc));
        let net = match placed {
            Some(true) => Some(self.load(path, text, base, &parts)),
            Some(false) => Some(None),
            None => None,
        };
        for u in undo.into_iter().rev() {
            u(&mut self.scenario);
        }
        #[cfg(test)]
        if net.is_some() {
            tally::count();
        }
        net
    }
}

/// How many candidates were made to the items they name, read alone: what the equality tests
/// check they cover. Counted per thread, as [`super::super::reuse::tally`].
#[cfg(test)]
pub(in super::super) mod tally {
    use std::cell::Cell;

    thread_local! {
        static COUNT: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn count() {
        COUNT.with(|c| c.set(c.get() + 1));
    }

    /// How many candidates of this thread's searches so far were made to their items alone.
    pub(in super::super::super) fn read() -> usize {
        COUNT.with(Cell::get)
    }
}
