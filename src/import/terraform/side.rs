//! A side of a Terraform JSON file: its resource instances, their ids (known, or named by
//! address), its data sources, and the configuration's references that rebuild links unknown
//! until apply, evaluated as Terraform would for the instance being read (`count.index`,
//! `each.key`, `each.value` of a `for_each` over a root variable, a module's inputs and
//! outputs). A reference vpcpath cannot evaluate is remembered, with what was assumed, for the
//! notes: no instance is ever picked silently.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

pub(crate) use super::address::unknown_id;
use super::address::{instance_key, split_reference, strip_keys};

mod choose;
mod config;
mod resolve;

use config::*;

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
    /// The resources of each type, by their index in `resources`, in order: the resources
    /// of one type are found without a scan of every resource (a plan's VPCs each look for
    /// their CIDR associations, its attachments for their route table associations).
    by_kind: HashMap<String, Vec<usize>>,
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
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(|&i| &self.resources[i])
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
        let mut addresses = self.resolve(&r.module, &refs, Some(r), 0);
        let kind_of = |a: &str| self.kinds.get(a).map(String::as_str);
        // A whole module instance (`module.net[each.key].subnet_id`, whose output the JSON
        // does not record) stands for every output: the ones of the type the name says.
        let named = kinds_named(name);
        if kinds.is_empty()
            && !named.is_empty()
            && addresses
                .iter()
                .any(|a| kind_of(a).is_some_and(|k| !named.contains(&k)))
            && addresses
                .iter()
                .any(|a| kind_of(a).is_some_and(|k| named.contains(&k)))
        {
            addresses.retain(|a| kind_of(a).is_some_and(|k| named.contains(&k)));
        }
        // `list[count.index]`, or `element(list, count.index)`, which wraps around: the
        // instance's own element of the list.
        if refs.iter().any(|x| x == "count.index")
            && let Some(n) = instance_key(&r.address).and_then(|k| k.parse::<usize>().ok())
            && addresses.len() > 1
        {
            let len = addresses.len();
            addresses = vec![addresses.swap_remove(n % len)];
        }
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
}

/// The resources of `root` (a `root_module`'s parent: `values`, `planned_values`), and the
/// data sources of `data_root` (where the file keeps those read: a plan's prior state).
/// An error is the JSON path of what is malformed, and what was expected there.
pub(crate) fn side<'c>(
    root: Option<Value>,
    at: &str,
    data_root: Option<(&Value, &str)>,
    configuration: Option<&'c Value>,
    variables: Option<&'c Value>,
) -> Result<Side<'c>, (String, String)> {
    let mut resources = Vec::new();
    let mut data = Vec::new();
    match root {
        None | Some(Value::Null) => {}
        Some(Value::Object(mut o)) => {
            if let Some(m) = o.remove("root_module") {
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
        let mut more = Vec::new();
        collect_data(m, &format!("{at}.root_module"), &mut more)?;
        let mut held: HashSet<String> = data.iter().map(|x| x.address.clone()).collect();
        for d in more {
            if held.insert(d.address.clone()) {
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
    let mut by_kind: HashMap<String, Vec<usize>> = HashMap::new();
    for (n, r) in resources.iter().enumerate() {
        by_kind.entry(r.kind.clone()).or_default().push(n);
    }
    Ok(Side {
        by_kind,
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
mod tests;
