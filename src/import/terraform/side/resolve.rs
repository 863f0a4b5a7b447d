//! Following a reference as Terraform evaluates it: through modules' variables and outputs,
//! `for_each` and `count` instance keys, to the resource instances it stands for. A module is
//! named by its instance's path (`module.net["c"]`): a reference inside a module instance is
//! to that instance's resources, never another's.

use serde_json::Value;

use super::*;

/// Whether a resource of the module instance `have` is in `want`: the same instance, or, when
/// `want` names no instance (`module.net`, as a whole-module reference does), any of them.
pub(super) fn in_module(have: &str, want: &str) -> bool {
    have == want || (!want.contains('[') && strip_keys(have) == want)
}

/// A module call's name without its instance key (`net["c"]` is `net`).
fn call_name(call: &str) -> &str {
    call.split('[').next().unwrap_or(call)
}

/// An instance key as an address writes it: `[0]` for a number, `["a"]` otherwise.
pub(super) fn key_part(key: &str) -> String {
    if key.parse::<usize>().is_ok() {
        format!("[{key}]")
    } else {
        format!("[\"{key}\"]")
    }
}

/// `element(list, count.index)`: an index past the list's end wraps around (Terraform's
/// element()); a plain `list[count.index]` past the end is an error Terraform refuses, so a
/// count instance whose index names no element means element()'s wrap.
pub(super) fn wrapped(mut all: Vec<String>, own: &str) -> Vec<String> {
    let Ok(n) = own.parse::<usize>() else {
        return Vec::new();
    };
    let mut keyed: Vec<(usize, String)> = Vec::new();
    for a in all.drain(..) {
        match instance_key(&a).and_then(|k| k.parse::<usize>().ok()) {
            Some(i) => keyed.push((i, a)),
            None => return Vec::new(),
        }
    }
    if keyed.is_empty() {
        return Vec::new();
    }
    keyed.sort();
    let len = keyed.len();
    vec![keyed.swap_remove(n % len).1]
}

impl<'c> Side<'c> {
    /// The addresses of the resource instances `refs`, written in the module instance
    /// `module`, stand for: through a module's variables and outputs (by instance key), a
    /// `for_each` over resources or module instances (`each.value`), and the instance keys
    /// `each.key`, `each.value.x` and `count.index` give.
    pub(super) fn resolve(
        &self,
        module: &str,
        refs: &[String],
        r: Option<&Resource>,
        depth: usize,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if depth > 64 {
            return out;
        }
        let add = |found: Vec<String>, out: &mut Vec<String>| {
            for f in found {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        };
        // The key an expression indexes a resource with: `[each.key]`, `[count.index]` (the
        // instance's own key), or `[each.value.x]` (the value of the instance's element).
        let own_key = r.map(|r| r.address.as_str()).and_then(instance_key);
        let by_own = refs.iter().any(|x| x == "each.key" || x == "count.index");
        let by_count = refs.iter().any(|x| x == "count.index");
        // The value of the instance's element (a list: each of its strings).
        let by_value: Option<Vec<String>> = r.and_then(|r| {
            let path = refs
                .iter()
                .filter_map(|x| x.strip_prefix("each.value."))
                .max_by_key(|x| x.len())?;
            match self.each_value(r, &split_reference(path))? {
                Value::String(s) => Some(vec![s]),
                Value::Array(a) => Some(
                    a.iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                        .collect(),
                ),
                other => Some(vec![other.to_string()]),
            }
        });
        for reference in refs {
            // `aws_vpc.a` beside `aws_vpc.a["x"]`, or `module.n["a"]` beside
            // `module.n["a"].vpc_id`, adds nothing to it.
            if refs.iter().any(|x| {
                x.len() > reference.len()
                    && x.starts_with(reference.as_str())
                    && matches!(x.as_bytes()[reference.len()], b'[' | b'.')
            }) {
                continue;
            }
            let parts = split_reference(reference);
            let found = match parts.first().map(String::as_str) {
                // A module's input: what its caller passed.
                Some("var") if !module.is_empty() && parts.len() > 1 => {
                    let (parent, call) = match module.rfind(".module.") {
                        Some(i) => (&module[..i], &module[i + 8..]),
                        None => ("", module.trim_start_matches("module.")),
                    };
                    let refs = self.module_config(parent).and_then(|m| {
                        m.pointer(&format!(
                            "/module_calls/{}/expressions/{}/references",
                            call_name(call),
                            parts[1]
                        ))
                    });
                    self.resolve(parent, &strings_of(refs), None, depth + 1)
                }
                // A child module's output (`module.net["a"].vpc_id`), or every output of an
                // instance (`module.net[each.key]`, whose attribute the JSON does not record).
                Some("module") if parts.len() > 1 => {
                    let (key, output) = match parts.get(2) {
                        Some(k) if k.starts_with('[') => (Some(k.clone()), parts.get(3)),
                        other => (
                            own_key.filter(|_| by_own).map(key_part),
                            other.filter(|_| parts.len() > 2),
                        ),
                    };
                    self.module_output(module, &parts[1], key.as_deref(), output, depth)
                }
                // The element of the resource's own `for_each` it was made for: a resource
                // instance, or a module instance (`for_each = module.net`; `each.value.x` is
                // its output `x`).
                Some("each") if parts.get(1).map(String::as_str) == Some("value") => {
                    let Some(r) = r else { continue };
                    let refs = strings_of(
                        self.config_of(r)
                            .and_then(|c| c.pointer("/for_each_expression/references")),
                    );
                    let key = instance_key(&r.address);
                    let mut found = Vec::new();
                    for f in &refs {
                        let fp = split_reference(f);
                        if fp.len() == 2 && fp[0] == "module" {
                            let k = key.map(key_part);
                            add(
                                self.module_output(
                                    module,
                                    &fp[1],
                                    k.as_deref(),
                                    parts.get(2),
                                    depth,
                                ),
                                &mut found,
                            );
                        } else {
                            add(
                                self.resolve(module, std::slice::from_ref(f), None, depth + 1)
                                    .into_iter()
                                    .filter(|a| key.is_none() || instance_key(a) == key)
                                    .collect(),
                                &mut found,
                            );
                        }
                    }
                    found
                }
                // A data source: its id, when read.
                Some("data") if parts.len() > 2 => {
                    let local = format!("data.{}.{}", parts[1], parts[2]);
                    self.data
                        .iter()
                        .filter(|x| x.local == local && in_module(&x.module, module))
                        .map(|x| x.address.clone())
                        .collect()
                }
                Some(
                    "data" | "local" | "path" | "self" | "count" | "var" | "terraform" | "each",
                )
                | None => continue,
                Some(kind) if parts.len() > 1 => {
                    let local = format!("{kind}.{}", parts[1]);
                    let key = parts.get(2).filter(|p| p.starts_with('['));
                    let all: Vec<String> = self
                        .resources
                        .iter()
                        .filter(|x| x.local == local && in_module(&x.module, module))
                        .filter(|x| key.is_none_or(|k| x.address.ends_with(k.as_str())))
                        .map(|x| x.address.clone())
                        .collect();
                    if key.is_some() {
                        all
                    } else {
                        let mine =
                            by_keys(all.clone(), own_key.filter(|_| by_own), by_value.as_deref());
                        match own_key {
                            Some(own) if mine.is_empty() && by_count => wrapped(all, own),
                            _ => mine,
                        }
                    }
                }
                Some(_) => continue,
            };
            add(found, &mut out);
        }
        out
    }

    /// What the output `output` (every output when `None`) of the module call `name` made in
    /// `module` is made of: of its instance `key` (`["a"]`), or of every instance.
    fn module_output(
        &self,
        module: &str,
        name: &str,
        key: Option<&str>,
        output: Option<&String>,
        depth: usize,
    ) -> Vec<String> {
        let mut child = if module.is_empty() {
            format!("module.{name}")
        } else {
            format!("{module}.module.{name}")
        };
        // An instance key only where the module has that instance (a module without
        // `for_each` or `count` has none).
        if let Some(key) = key
            && self
                .resources
                .iter()
                .any(|x| x.module.starts_with(&format!("{child}{key}")))
        {
            child.push_str(key);
        }
        let Some(config) = self.module_config(&child) else {
            return Vec::new();
        };
        let outputs: Vec<&Value> = match output {
            Some(o) => config
                .pointer(&format!("/outputs/{o}/expression/references"))
                .into_iter()
                .collect(),
            None => config
                .get("outputs")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values())
                .filter_map(|o| o.pointer("/expression/references"))
                .collect(),
        };
        let mut out: Vec<String> = Vec::new();
        for refs in outputs {
            for a in self.resolve(&child, &strings_of(Some(refs)), None, depth + 1) {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// The configuration of a module (`module.a.module.b`, instance keys ignored).
    pub(super) fn module_config(&self, module: &str) -> Option<&Value> {
        let mut m = self.configuration?.get("root_module")?;
        for call in strip_keys(module)
            .split('.')
            .filter(|p| !p.is_empty() && *p != "module")
        {
            m = m.pointer(&format!("/module_calls/{call}/module"))?;
        }
        Some(m)
    }
}
