//! A side of a Terraform JSON file: its resource instances, their ids (known, or named by
//! address), its data sources, and the configuration's references that rebuild links unknown
//! until apply, evaluated as Terraform would for the instance being read (`count.index`,
//! `each.key`, `each.value` of a `for_each` over a root variable, a module's inputs and
//! outputs). A reference vpcpath cannot evaluate is remembered, with what was assumed, for the
//! notes: no instance is ever picked silently.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

pub(crate) use super::address::unknown_id;
use super::address::{instance_key, split_reference, strip_keys};

mod choose;

/// One resource instance (or data source) of the JSON.
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
    /// Its address in its module, without an instance key (`aws_subnet.a`, `data.aws_vpc.x`).
    pub(crate) local: String,
    /// Its JSON path (`planned_values.root_module.resources[3]`).
    pub(crate) at: String,
}

impl Resource {
    /// A string attribute, if known and not empty.
    pub(crate) fn text(&self, k: &str) -> Option<&str> {
        self.values
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A boolean attribute, if known.
    pub(crate) fn flag(&self, k: &str) -> Option<bool> {
        self.values.get(k).and_then(Value::as_bool)
    }

    /// A number attribute, if known.
    pub(crate) fn num(&self, k: &str) -> Option<i64> {
        self.values.get(k).and_then(Value::as_i64)
    }
}

/// What a reference could not be evaluated to, for the notes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Unresolved {
    /// The resource being read.
    pub(crate) address: String,
    /// The attribute whose value was wanted.
    pub(crate) attribute: String,
    /// The references Terraform recorded for it.
    pub(crate) references: Vec<String>,
    /// What vpcpath took instead (an id), if anything.
    pub(crate) assumed: Option<String>,
    /// Why that one, in words.
    pub(crate) how: String,
}

/// The resources of one side of a file, their ids, and the configuration's references.
pub(crate) struct Side<'c> {
    pub(crate) resources: Vec<Resource>,
    /// The data sources read on this side (`data.aws_vpc.main`).
    pub(crate) data: Vec<Resource>,
    /// Each resource's id by address.
    pub(crate) ids: BTreeMap<String, String>,
    /// Each address's resource type (a resource's before a data source's of the same
    /// address), so that a reference's type is found without a scan of every resource.
    kinds: HashMap<String, String>,
    /// Each id's resource (the first with it, resources before data sources).
    by_id: HashMap<String, usize>,
    configuration: Option<&'c Value>,
    /// The root module's variables' values (`variables` of a plan).
    variables: Option<&'c Value>,
    /// What could not be evaluated, as it was met.
    pub(crate) unresolved: RefCell<Vec<Unresolved>>,
}

/// The resource type an attribute names, when its name says (`vpc_id` names an `aws_vpc`).
fn kinds_named(attribute: &str) -> &'static [&'static str] {
    let last = attribute.rsplit('/').next().unwrap_or(attribute);
    match last {
        "vpc_id" | "peer_vpc_id" => &["aws_vpc"],
        "subnet_id" | "subnet_ids" => &["aws_subnet"],
        "route_table_id" | "route_table_ids" => &["aws_route_table", "aws_default_route_table"],
        "security_group_id" | "security_group_ids" | "vpc_security_group_ids" => {
            &["aws_security_group", "aws_default_security_group"]
        }
        "network_acl_id" => &["aws_network_acl", "aws_default_network_acl"],
        "transit_gateway_id" => &["aws_ec2_transit_gateway"],
        "transit_gateway_route_table_id" => &["aws_ec2_transit_gateway_route_table"],
        "transit_gateway_attachment_id" => &["aws_ec2_transit_gateway_vpc_attachment"],
        "nat_gateway_id" => &["aws_nat_gateway"],
        "vpc_endpoint_id" | "vpc_endpoint_ids" => &["aws_vpc_endpoint"],
        "rest_api_id" => &["aws_api_gateway_rest_api"],
        "api_id" => &["aws_apigatewayv2_api", "aws_api_gateway_rest_api"],
        "zone_id" => &["aws_route53_zone"],
        "allocation_id" => &["aws_eip"],
        "instance" | "instance_id" => &["aws_instance"],
        _ => &[],
    }
}

impl<'c> Side<'c> {
    /// A string attribute: the value if known, else the id of what the configuration says it
    /// refers to.
    pub(crate) fn attr(&self, r: &Resource, name: &str) -> Option<String> {
        match r.values.pointer(&format!("/{name}")) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => {
                let found = self.references(r, name);
                if found.len() < 2 {
                    return found.into_iter().next();
                }
                self.one_of(r, name, found)
            }
        }
    }

    /// What the association resources of `kind` whose `key` is `id` link it to (their `value`):
    /// the subnets of an endpoint's `aws_vpc_endpoint_subnet_association`s, say.
    pub(crate) fn associated(&self, kind: &str, key: &str, id: &str, value: &str) -> Vec<String> {
        self.of(kind)
            .filter(|a| self.attr(a, key).as_deref() == Some(id))
            .filter_map(|a| self.attr(a, value))
            .collect()
    }

    /// The resources of one type.
    pub(crate) fn of<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Resource> + 's {
        self.resources.iter().filter(move |r| r.kind == kind)
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
        self.config_of(r)
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
            .config_of(r)?
            .pointer(&format!("/expressions/{block}"))?
            .as_array()?;
        blocks.iter().position(|b| {
            b.pointer(&format!("/{key}/constant_value"))
                .and_then(Value::as_str)
                == Some(value)
        })
    }

    /// The configuration of a resource.
    fn config_of(&self, r: &Resource) -> Option<&Value> {
        self.module_config(&r.module)
            .and_then(|m| config_resource(m, &r.local))
    }

    /// The ids of the resources the configuration's expression for `name` refers to (`name`
    /// may be a path into nested blocks: `route/0/gateway_id`).
    fn references(&self, r: &Resource, name: &str) -> Vec<String> {
        self.references_to(r, name, &[])
    }

    /// The references the configuration records for `name` of `r`.
    pub(super) fn references_named(&self, r: &Resource, name: &str) -> Vec<String> {
        strings_of(
            self.config_of(r)
                .and_then(|c| c.pointer(&format!("/expressions/{name}/references"))),
        )
    }

    /// [`Side::references`] to resources of the `kinds` only (all kinds when empty).
    pub(crate) fn references_to(&self, r: &Resource, name: &str, kinds: &[&str]) -> Vec<String> {
        let expr = self
            .config_of(r)
            .and_then(|c| c.pointer(&format!("/expressions/{name}/references")));
        let refs = strings_of(expr);
        if refs.is_empty() {
            return Vec::new();
        }
        let mut addresses = self.resolve(&strip_keys(&r.module), &refs, Some(r), 0);
        // `list[count.index]`: the instance's own element of the list.
        if refs.iter().any(|x| x == "count.index")
            && let Some(n) = instance_key(&r.address).and_then(|k| k.parse::<usize>().ok())
            && n < addresses.len()
        {
            addresses = vec![addresses.swap_remove(n)];
        }
        let kind_of = |a: &str| self.kinds.get(a).map(String::as_str);
        let mut out = Vec::new();
        for a in addresses {
            let kind_ok = kinds.is_empty() || kind_of(&a).is_some_and(|k| kinds.contains(&k));
            if kind_ok
                && let Some(id) = self.ids.get(&a)
                && !out.contains(id)
            {
                out.push(id.clone());
            }
        }
        // The types the value names, for a guess: those asked for, else those its name says.
        let kinds = if kinds.is_empty() {
            kinds_named(name)
        } else {
            kinds
        };
        if out.is_empty() && !kinds.is_empty() && refs.iter().any(|x| opaque(x, &r.module)) {
            // A local value or a root variable: their expressions are not in the JSON. The one
            // resource of the type in the same module instance is what such a value usually
            // names; said as an assumption either way.
            let candidates: Vec<&Resource> = self
                .resources
                .iter()
                .filter(|x| x.module == r.module && kinds.contains(&x.kind.as_str()))
                .collect();
            let assumed = match candidates[..] {
                [one] => self.ids.get(&one.address).cloned(),
                _ => None,
            };
            self.unresolved.borrow_mut().push(Unresolved {
                address: r.address.clone(),
                attribute: name.to_string(),
                references: refs.clone(),
                assumed: assumed.clone(),
                how: "the one resource of its type in the module".into(),
            });
            out.extend(assumed);
        }
        out
    }

    /// The value of `each.value` (or a part of it: `each.value.spoke`) for the instance `r`,
    /// when its `for_each` is over a root variable whose value the plan holds.
    fn each_value(&self, r: &Resource, path: &[String]) -> Option<Value> {
        let key = instance_key(&r.address)?;
        let refs = strings_of(
            self.config_of(r)
                .and_then(|c| c.pointer("/for_each_expression/references")),
        );
        let var = refs
            .iter()
            .find_map(|x| x.strip_prefix("var."))
            .filter(|_| r.module.is_empty())?;
        let var = split_reference(var).into_iter().next()?;
        let mut v = self.variables?.get(&var)?.get("value")?.get(key)?;
        for p in path {
            v = match p.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
                Some(i) => v.get(i.parse::<usize>().ok()?)?,
                None => v.get(p.as_str())?,
            };
        }
        Some(v.clone())
    }

    /// The addresses of the resource instances `refs`, written in `module`, stand for: through
    /// a module's variables and outputs, a `for_each` over resources (`each.value`), and the
    /// instance keys `each.key`, `each.value.x` and `count.index` give.
    fn resolve(
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

/// The instances of `all` an expression indexed by the reader's own key `own` means: the one
/// with that key; else those whose keys are made of it (`"${each.key}-${az}"`: `a-us-east-1a`
/// for the spoke `a`). None when no key is made of it: never another instance's.
fn keyed(all: Vec<String>, own: &str) -> Vec<String> {
    let exact: Vec<String> = all
        .iter()
        .filter(|a| instance_key(a) == Some(own))
        .cloned()
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    all.into_iter()
        .filter(|a| {
            instance_key(a).is_some_and(|k| {
                k.split(['-', '_', '/', '.', ':'])
                    .next()
                    .is_some_and(|first| first == own)
                    || k.starts_with(&format!("{own}-"))
            })
        })
        .collect()
}

/// The instances of `all` an expression indexed by the reader's own key (`own`, from
/// `each.key` or `count.index`) and by values of its element (`values`, from `each.value.x`)
/// means: those keyed by a value; else those keyed by the own key ([`keyed`]), narrowed to
/// those whose keys also hold a value (`"${each.key}-${az}"` for each `az` of the element);
/// all of them when the expression names neither.
fn by_keys(all: Vec<String>, own: Option<&str>, values: Option<&[String]>) -> Vec<String> {
    if let Some(values) = values {
        let exact: Vec<String> = all
            .iter()
            .filter(|a| instance_key(a).is_some_and(|k| values.iter().any(|v| v == k)))
            .cloned()
            .collect();
        if !exact.is_empty() || own.is_none() {
            return exact;
        }
    }
    let Some(own) = own else {
        return all;
    };
    let mine = keyed(all, own);
    match values {
        Some(values) => mine
            .into_iter()
            .filter(|a| {
                instance_key(a).is_some_and(|k| values.iter().any(|v| k.contains(v.as_str())))
            })
            .collect(),
        None => mine,
    }
}

/// Whether a reference is one whose expression the JSON does not hold: a local value, or a
/// variable of the root module (`var.x` in a child module is its caller's expression).
fn opaque(reference: &str, module: &str) -> bool {
    reference.starts_with("local.") || (module.is_empty() && reference.starts_with("var."))
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

/// Every resource and data source of a module tree (`values.root_module` or
/// `planned_values.root_module`), depth first with an explicit stack: a deep tree of modules
/// is read like a shallow one.
fn collect(
    root: &Value,
    at: &str,
    resources: &mut Vec<Resource>,
    data: &mut Vec<Resource>,
) -> Result<(), (String, String)> {
    let mut stack = vec![(root, at.to_string())];
    while let Some((module, at)) = stack.pop() {
        if !module.is_object() {
            return Err((at, "expected a module (an object)".into()));
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
            let mode = field("mode")?;
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
            let data_source = mode == "data";
            let resource = Resource {
                address: address.to_string(),
                kind: kind.to_string(),
                values,
                module: path.clone(),
                local: if data_source {
                    format!("data.{kind}.{name}")
                } else {
                    format!("{kind}.{name}")
                },
                at: here,
            };
            if data_source {
                data.push(resource);
            } else {
                resources.push(resource);
            }
        }
        let children = list("child_modules")?;
        for (i, child) in children.iter().enumerate().rev() {
            stack.push((child, format!("{at}.child_modules[{i}]")));
        }
    }
    Ok(())
}

/// The resources of `root` (a `root_module`'s parent: `values`, `planned_values`), and the
/// data sources of `data_root` (where the file keeps those read: a plan's prior state).
/// An error is the JSON path of what is malformed, and what was expected there.
pub(crate) fn side<'c>(
    root: Option<&Value>,
    at: &str,
    data_root: Option<(&Value, &str)>,
    configuration: Option<&'c Value>,
    variables: Option<&'c Value>,
) -> Result<Side<'c>, (String, String)> {
    let mut resources = Vec::new();
    let mut data = Vec::new();
    match root {
        None | Some(Value::Null) => {}
        Some(Value::Object(o)) => {
            if let Some(m) = o.get("root_module") {
                collect(m, &format!("{at}.root_module"), &mut resources, &mut data)?;
            }
        }
        Some(_) => {
            return Err((
                at.to_string(),
                "expected an object with `root_module`".into(),
            ));
        }
    }
    if let Some((root, at)) = data_root
        && let Some(m) = root.get("root_module")
    {
        let mut ignored = Vec::new();
        let mut more = Vec::new();
        collect(m, &format!("{at}.root_module"), &mut ignored, &mut more)?;
        for d in more {
            if !data.iter().any(|x| x.address == d.address) {
                data.push(d);
            }
        }
    }
    let ids = resources
        .iter()
        .chain(&data)
        .map(|r| {
            let id = r
                .values
                .get("id")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map_or_else(|| unknown_id(&r.kind, &r.address), str::to_string);
            (r.address.clone(), id)
        })
        .collect::<BTreeMap<String, String>>();
    let mut kinds = HashMap::with_capacity(resources.len() + data.len());
    let mut by_id = HashMap::with_capacity(resources.len() + data.len());
    for (n, r) in resources.iter().chain(&data).enumerate() {
        kinds
            .entry(r.address.clone())
            .or_insert_with(|| r.kind.clone());
        if let Some(id) = ids.get(&r.address) {
            by_id.entry(id.clone()).or_insert(n);
        }
    }
    Ok(Side {
        resources,
        data,
        ids,
        kinds,
        by_id,
        configuration,
        variables,
        unresolved: RefCell::new(Vec::new()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_own_key_picks_the_instance_with_it_or_those_made_of_it_never_another() {
        let all = |keys: &[&str]| -> Vec<String> {
            keys.iter()
                .map(|k| format!("aws_subnet.s[\"{k}\"]"))
                .collect()
        };
        assert_eq!(keyed(all(&["a", "b"]), "b"), all(&["b"]));
        assert_eq!(
            keyed(all(&["a-us-east-1a", "a-us-east-1b", "b-us-east-1a"]), "a"),
            all(&["a-us-east-1a", "a-us-east-1b"])
        );
        assert!(keyed(all(&["x", "y"]), "a").is_empty());
    }
}
