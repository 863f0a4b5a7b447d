//! A side of a Terraform JSON file: its resource instances, their ids (known, or named by
//! address), and the configuration's references that rebuild links unknown until apply.

use std::collections::BTreeMap;

use serde_json::Value;

pub(crate) use super::address::unknown_id;
use super::address::{instance_key, split_reference, strip_keys};

/// One resource instance of the JSON.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    /// Its address (`module.net.aws_subnet.a[0]`).
    pub(crate) address: String,
    /// Its type (`aws_subnet`).
    pub(crate) kind: String,
    /// Its attributes as far as they are known.
    pub(crate) values: Value,
    /// The module it is in (`module.net`), empty at the root.
    pub(crate) module: String,
    /// Its address in its module, without an instance key (`aws_subnet.a`).
    pub(crate) local: String,
}

impl Resource {
    /// A string attribute, if known and not empty.
    pub(crate) fn text(&self, k: &str) -> Option<&str> {
        self.values
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// The resources of one side of a file, their ids, and the configuration's references.
pub(crate) struct Side<'c> {
    pub(crate) resources: Vec<Resource>,
    /// Each resource's id by address.
    pub(crate) ids: BTreeMap<String, String>,
    configuration: Option<&'c Value>,
}

impl Side<'_> {
    /// A string attribute: the value if known, else the id of what the configuration says it
    /// refers to.
    pub(crate) fn attr(&self, r: &Resource, name: &str) -> Option<String> {
        match r.values.pointer(&format!("/{name}")) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => self.references(r, name).into_iter().next(),
        }
    }

    /// What the association resources of `kind` whose `key` is `id` link it to (their `value`):
    /// the subnets of an endpoint's `aws_vpc_endpoint_subnet_association`s, say.
    pub(crate) fn associated(&self, kind: &str, key: &str, id: &str, value: &str) -> Vec<String> {
        self.resources
            .iter()
            .filter(|a| a.kind == kind && self.attr(a, key).as_deref() == Some(id))
            .filter_map(|a| self.attr(a, value))
            .collect()
    }

    /// A list of strings: the values if known, else the ids referred to.
    pub(crate) fn attrs(&self, r: &Resource, name: &str) -> Vec<String> {
        match r.values.pointer(&format!("/{name}")) {
            Some(Value::Array(a)) if !a.is_empty() => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => self.references(r, name),
        }
    }

    /// Whether the configuration writes `name` for the resource (a value the plan may not know).
    pub(crate) fn written(&self, r: &Resource, name: &str) -> bool {
        self.module_config(&r.module)
            .and_then(|m| config_resource(m, &r.local))
            .and_then(|c| c.pointer(&format!("/expressions/{name}")))
            .is_some()
    }

    /// Which of a resource's configuration blocks `block` sets `key` to the constant `value`.
    pub(crate) fn inline_block(
        &self,
        r: &Resource,
        block: &str,
        key: &str,
        value: &str,
    ) -> Option<usize> {
        let blocks = self
            .module_config(&r.module)
            .and_then(|m| config_resource(m, &r.local))?
            .pointer(&format!("/expressions/{block}"))?
            .as_array()?;
        blocks.iter().position(|b| {
            b.pointer(&format!("/{key}/constant_value"))
                .and_then(Value::as_str)
                == Some(value)
        })
    }

    /// The ids of the resources the configuration's expression for `name` refers to (`name`
    /// may be a path into nested blocks: `route/0/gateway_id`).
    fn references(&self, r: &Resource, name: &str) -> Vec<String> {
        self.references_to(r, name, &[])
    }

    /// [`Side::references`] to resources of the `kinds` only (all kinds when empty).
    pub(crate) fn references_to(&self, r: &Resource, name: &str, kinds: &[&str]) -> Vec<String> {
        let expr = self
            .module_config(&r.module)
            .and_then(|m| config_resource(m, &r.local))
            .and_then(|c| c.pointer(&format!("/expressions/{name}/references")));
        let refs = strings_of(expr);
        let mut addresses = self.resolve(&strip_keys(&r.module), &refs, Some(r), 0);
        // `list[count.index]`: the instance's own element of the list.
        if refs.iter().any(|x| x == "count.index")
            && let Some(n) = instance_key(&r.address).and_then(|k| k.parse::<usize>().ok())
            && n < addresses.len()
        {
            addresses = vec![addresses.swap_remove(n)];
        }
        let mut out = Vec::new();
        for a in addresses {
            let kind_ok = kinds.is_empty()
                || self
                    .resources
                    .iter()
                    .any(|x| x.address == a && kinds.contains(&x.kind.as_str()));
            if kind_ok
                && let Some(id) = self.ids.get(&a)
                && !out.contains(id)
            {
                out.push(id.clone());
            }
        }
        out
    }

    /// The addresses of the resource instances `refs`, written in `module`, stand for: through
    /// a module's variables and outputs, and a `for_each` over resources (`each.value`).
    fn resolve(
        &self,
        module: &str,
        refs: &[String],
        r: Option<&Resource>,
        depth: usize,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if depth > 16 {
            return out;
        }
        let add = |found: Vec<String>, out: &mut Vec<String>| {
            for f in found {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        };
        // `aws_vpc.spoke[each.key]` is written as `aws_vpc.spoke` and `each.key`: the
        // resource's instance with the same key as the one being read.
        let own_key = r.map(|r| r.address.as_str()).and_then(instance_key);
        let by_key =
            refs.iter().any(|x| x == "each.key" || x == "count.index") && own_key.is_some();
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
                // The element of the resource's own `for_each` it was made for.
                Some("each") => {
                    let Some(r) = r else { continue };
                    let refs = self
                        .module_config(&r.module)
                        .and_then(|m| config_resource(m, &r.local))
                        .and_then(|c| c.pointer("/for_each_expression/references"));
                    let key = instance_key(&r.address);
                    self.resolve(module, &strings_of(refs), None, depth + 1)
                        .into_iter()
                        .filter(|a| key.is_none() || instance_key(a) == key)
                        .collect()
                }
                Some("data" | "local" | "path" | "self" | "count" | "var" | "terraform") | None => {
                    continue;
                }
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
                    let mine: Vec<String> = all
                        .iter()
                        .filter(|a| instance_key(a) == own_key)
                        .cloned()
                        .collect();
                    if by_key && key.is_none() && !mine.is_empty() {
                        mine
                    } else {
                        all
                    }
                }
                Some(_) => continue,
            };
            add(found, &mut out);
        }
        out
    }

    /// The configuration of a module (`module.a.module.b`).
    fn module_config(&self, module: &str) -> Option<&Value> {
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

/// A resource's configuration in a module's (`aws_subnet.a`).
fn config_resource<'v>(module: &'v Value, local: &str) -> Option<&'v Value> {
    module
        .get("resources")
        .and_then(Value::as_array)?
        .iter()
        .find(|c| c.get("address").and_then(Value::as_str) == Some(local))
}

/// The strings of a JSON array (a `references` list).
fn strings_of(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// Every resource of a module tree (`values.root_module` or `planned_values.root_module`).
fn collect(module: &Value, at: &str, out: &mut Vec<Resource>) -> Result<(), (String, String)> {
    if !module.is_object() {
        return Err((at.to_string(), "expected a module (an object)".into()));
    }
    let path = module
        .get("address")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let list = |key: &str| -> Result<&[Value], (String, String)> {
        match module.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err((format!("{at}.{key}"), "expected a list".into())),
        }
    };
    for (i, r) in list("resources")?.iter().enumerate() {
        let here = format!("{at}.resources[{i}]");
        let field = |k: &str| match r.get(k) {
            Some(Value::String(s)) => Ok(s.as_str()),
            _ => Err((
                format!("{here}.{k}"),
                "expected a string, as Terraform writes every resource's".to_string(),
            )),
        };
        if field("mode")? != "managed" {
            continue;
        }
        let (address, kind, name) = (field("address")?, field("type")?, field("name")?);
        let values = match r.get("values") {
            None | Some(Value::Null) => Value::Object(Default::default()),
            Some(v @ Value::Object(_)) => v.clone(),
            Some(_) => {
                return Err((
                    format!("{here}.values"),
                    "expected an object of attributes".into(),
                ));
            }
        };
        out.push(Resource {
            address: address.to_string(),
            kind: kind.to_string(),
            values,
            module: path.clone(),
            local: format!("{kind}.{name}"),
        });
    }
    for (i, child) in list("child_modules")?.iter().enumerate() {
        collect(child, &format!("{at}.child_modules[{i}]"), out)?;
    }
    Ok(())
}

/// The resources of `root` (a `root_module`'s parent: `values`, `planned_values`).
/// An error is the JSON path of what is malformed, and what was expected there.
pub(crate) fn side<'c>(
    root: Option<&Value>,
    at: &str,
    configuration: Option<&'c Value>,
) -> Result<Side<'c>, (String, String)> {
    let mut resources = Vec::new();
    if let Some(m) = root.and_then(|r| r.get("root_module")) {
        collect(m, &format!("{at}.root_module"), &mut resources)?;
    }
    let ids = resources
        .iter()
        .map(|r| {
            let id = r
                .values
                .get("id")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map_or_else(|| unknown_id(&r.kind, &r.address), str::to_string);
            (r.address.clone(), id)
        })
        .collect();
    Ok(Side {
        resources,
        ids,
        configuration,
    })
}
