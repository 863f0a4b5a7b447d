//! Following a reference as Terraform evaluates it: through modules' variables and outputs,
//! `for_each` and `count` instance keys, to the resource instances it stands for.

use serde_json::Value;

use super::*;

impl<'c> Side<'c> {
    /// The addresses of the resource instances `refs`, written in `module`, stand for: through
    /// a module's variables and outputs, a `for_each` over resources (`each.value`), and the
    /// instance keys `each.key`, `each.value.x` and `count.index` give.
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
            // `aws_vpc.a` beside `aws_vpc.a["x"]` adds nothing to it.
            if !reference.contains('[')
                && refs.iter().any(|x| x.starts_with(&format!("{reference}[")))
            {
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
                            "/module_calls/{call}/expressions/{}/references",
                            parts[1]
                        ))
                    });
                    self.resolve(parent, &strings_of(refs), None, depth + 1)
                }
                // A child module's output: what it is made of.
                Some("module") if parts.len() > 2 => {
                    let child = if module.is_empty() {
                        format!("module.{}", parts[1])
                    } else {
                        format!("{module}.module.{}", parts[1])
                    };
                    let refs = self.module_config(&child).and_then(|m| {
                        m.pointer(&format!("/outputs/{}/expression/references", parts[2]))
                    });
                    self.resolve(&child, &strings_of(refs), None, depth + 1)
                }
                // The element of the resource's own `for_each` it was made for, when that is
                // a set of resources.
                Some("each") if parts.get(1).map(String::as_str) == Some("value") => {
                    let Some(r) = r else { continue };
                    let refs = self
                        .config_of(r)
                        .and_then(|c| c.pointer("/for_each_expression/references"));
                    let key = instance_key(&r.address);
                    self.resolve(module, &strings_of(refs), None, depth + 1)
                        .into_iter()
                        .filter(|a| key.is_none() || instance_key(a) == key)
                        .collect()
                }
                // A data source: its id, when read.
                Some("data") if parts.len() > 2 => {
                    let local = format!("data.{}.{}", parts[1], parts[2]);
                    self.data
                        .iter()
                        .filter(|x| x.local == local && strip_keys(&x.module) == module)
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
                        .filter(|x| x.local == local && strip_keys(&x.module) == module)
                        .filter(|x| key.is_none_or(|k| x.address.ends_with(k.as_str())))
                        .map(|x| x.address.clone())
                        .collect();
                    if key.is_some() {
                        all
                    } else {
                        by_keys(all, own_key.filter(|_| by_own), by_value.as_deref())
                    }
                }
                Some(_) => continue,
            };
            add(found, &mut out);
        }
        out
    }

    /// The configuration of a module (`module.a.module.b`).
    pub(super) fn module_config(&self, module: &str) -> Option<&Value> {
        let mut m = self.configuration?.get("root_module")?;
        for call in module
            .split('.')
            .filter(|p| !p.is_empty() && *p != "module")
        {
            let name = call.split('[').next().unwrap_or(call);
            m = m.pointer(&format!("/module_calls/{name}/module"))?;
        }
        Some(m)
    }
}
