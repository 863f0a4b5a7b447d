//! One id for a single-valued attribute whose references name several instances (an index
//! Terraform computed from a value the JSON does not hold: `aws_vpc.spoke[each.value.spoke]`
//! over a `for_each` of a local map). AWS's own rules pick it where they can: a subnet is in
//! the VPC whose CIDR holds its CIDR, an instance in the subnet whose CIDR holds its address,
//! and what belongs to a VPC (a route table, a group) is the one in the VPC of the subnet or
//! VPC the resource also names. What is picked, or that nothing could be, is said in a note:
//! never an instance picked silently.

use ipnet::Ipv4Net;
use serde_json::Value;

use super::{Resource, Side, Unresolved};

impl Side<'_> {
    /// The resource with id `id`.
    fn by_id(&self, id: &str) -> Option<&Resource> {
        let n = *self.by_id.get(id)?;
        self.resources
            .get(n)
            .or_else(|| self.data.get(n - self.resources.len()))
    }

    /// A CIDR attribute.
    fn cidr(r: &Resource) -> Option<Ipv4Net> {
        r.values
            .get("cidr_block")
            .and_then(Value::as_str)
            .and_then(|c| c.parse().ok())
    }

    /// The VPC another attribute of `r` places it in (its subnet's, or its VPC's).
    fn vpc_beside(&self, r: &Resource, name: &str) -> Option<String> {
        for other in ["subnet_id", "vpc_id"] {
            if other == name {
                continue;
            }
            let Some(id) = self.attr(r, other) else {
                continue;
            };
            if other == "vpc_id" {
                return Some(id);
            }
            if let Some(s) = self.by_id(&id) {
                return self.attr(s, "vpc_id");
            }
        }
        None
    }

    /// One of `found` for `name` of `r` by AWS's rules, or `None`; said either way.
    pub(super) fn one_of(&self, r: &Resource, name: &str, found: Vec<String>) -> Option<String> {
        let holds = |x: &String, inner: Ipv4Net| {
            self.by_id(x)
                .and_then(Self::cidr)
                .is_some_and(|c| c.contains(&inner))
        };
        let (kept, how): (Vec<String>, &str) = match name {
            "vpc_id" if Self::cidr(r).is_some() => {
                let inner = Self::cidr(r).unwrap_or_default();
                (
                    found.iter().filter(|x| holds(x, inner)).cloned().collect(),
                    "the one whose CIDR holds its CIDR",
                )
            }
            "subnet_id"
                if let Some(ip) = r
                    .values
                    .get("private_ip")
                    .and_then(Value::as_str)
                    .and_then(|i| i.parse::<std::net::Ipv4Addr>().ok()) =>
            {
                let inner = Ipv4Net::from(ip);
                (
                    found.iter().filter(|x| holds(x, inner)).cloned().collect(),
                    "the one whose CIDR holds its private address",
                )
            }
            _ => match self.vpc_beside(r, name) {
                Some(vpc) => (
                    found
                        .iter()
                        .filter(|x| {
                            self.by_id(x)
                                .and_then(|c| self.attr(c, "vpc_id"))
                                .as_deref()
                                == Some(vpc.as_str())
                        })
                        .cloned()
                        .collect(),
                    "the one in the same VPC",
                ),
                None => (Vec::new(), ""),
            },
        };
        let assumed = match &kept[..] {
            [one] => Some(one.clone()),
            _ => None,
        };
        let references = self.references_named(r, name);
        self.unresolved.borrow_mut().push(Unresolved {
            address: r.address.clone(),
            attribute: name.to_string(),
            references,
            assumed: assumed.clone(),
            how: format!("{how}, of {}", found.join(", ")),
        });
        assumed
    }
}
