//! The items of a file's top-level lists, found by their lines and read one at a time: what a
//! candidate edit changes is one VPC, API, transit gateway or request (a DNS zone at most), and
//! reading the whole file a second time as a document, to edit that one item, was most of
//! what the search cost beyond its first parse (the network written in the file is most of a
//! large file). A list written as a YAML block sequence (`vpcs:`, then one `- ` line per item
//! at one indentation, as `vpcs:` is written by hand, by `vpcpath generate` and by `import`)
//! has each item's text found by a scan of the lines; an item is read alone from its text when
//! an edit needs it. Where the lines do not read that way (a list written in flow style, an
//! item that names an anchor of another, a tab, a second document), the search reads the
//! whole file as a document, as it did before (src/fix/apply.rs).

use std::collections::BTreeMap;

use serde_json::Value;

/// Where each item of each top-level block list is in the text (from its `- ` line to the
/// next item's or key's line), and the top-level keys in their order.
pub(super) struct Items {
    lists: BTreeMap<String, Vec<(usize, usize)>>,
    keys: Vec<String>,
}

/// A list being scanned: its key, its items' indentation once seen, and its items' starts.
struct Open {
    key: String,
    indent: Option<usize>,
    starts: Vec<usize>,
    /// Its value is a mapping or a scalar, not a block list.
    not_a_list: bool,
}

/// The items of the top-level block lists of `text`; `None` when its lines do not read as
/// one document of top-level keys (a `---`, a tab, a key written quoted).
pub(super) fn scan(text: &str) -> Option<Items> {
    let mut items = Items {
        lists: BTreeMap::new(),
        keys: Vec::new(),
    };
    let mut open: Option<Open> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let content = body.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with('\t') || body.starts_with("---") || body.starts_with("...") {
            return None;
        }
        let depth = body.len() - content.len();
        let item = content == "-" || content.starts_with("- ");
        if depth == 0 && !item {
            close(&mut items, open.take(), start);
            let (key, rest) = body.split_once(':')?;
            let plain = key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if key.is_empty() || !plain || items.keys.iter().any(|k| k == key) {
                return None;
            }
            items.keys.push(key.to_string());
            let rest = rest.trim();
            open = Some(Open {
                key: key.to_string(),
                indent: None,
                starts: Vec::new(),
                not_a_list: !(rest.is_empty() || rest.starts_with('#')),
            });
            continue;
        }
        let o = open.as_mut()?;
        match o.indent {
            None if item => {
                o.indent = Some(depth);
                o.starts.push(start);
            }
            None => o.not_a_list = true,
            Some(i) if depth == i && item => o.starts.push(start),
            Some(i) if depth > i => {}
            // A line less indented than the items, or at their indentation but not one.
            Some(_) => o.not_a_list = true,
        }
    }
    close(&mut items, open, at);
    Some(items)
}

/// Ends the list `open` at `end`.
fn close(items: &mut Items, open: Option<Open>, end: usize) {
    let Some(o) = open else { return };
    if o.not_a_list || o.starts.is_empty() {
        return;
    }
    let mut spans = Vec::with_capacity(o.starts.len());
    for (k, &s) in o.starts.iter().enumerate() {
        spans.push((s, o.starts.get(k + 1).copied().unwrap_or(end)));
    }
    items.lists.insert(o.key, spans);
}

impl Items {
    /// How many items the block list `key` has (`None`: not one).
    pub(super) fn len(&self, key: &str) -> Option<usize> {
        self.lists.get(key).map(Vec::len)
    }

    /// The top-level keys, in their order.
    pub(super) fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The `i`th item of the list `key` as a document, read from its text with the whole
    /// text's budgets; `None` when it does not read alone (an alias of an anchor elsewhere).
    pub(super) fn read(&self, text: &str, key: &str, i: usize) -> Option<Value> {
        let &(from, to) = self.lists.get(key)?.get(i)?;
        let part = text.get(from..to)?;
        let options = crate::load::yaml_options(text.len());
        match serde_saphyr::from_str_with_options::<Value>(part, options).ok()? {
            Value::Array(mut one) if one.len() == 1 => one.pop(),
            _ => None,
        }
    }
}
