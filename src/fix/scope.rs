//! Which requests a candidate edit can change, so that verifying it simulates those again and
//! not the whole scenario.
//!
//! The base simulation keeps, for each request, what its trace consulted: the component ids
//! and AWS doors of its steps (every route table, filter, gateway, endpoint, site and policy
//! it met), the address it connected to, and every DNS name involved (the URL's host, the Host
//! header, each name DNS asked). Inverted (key -> the requests that consulted it), this is a
//! few integers per request, never the traces. Each candidate says what its edit can change
//! ([`Touch`]); a request none of whose keys it names gets, with the edit, the verdict it had.

use std::net::Ipv4Addr;

use rustc_hash::FxHashMap;

use super::*;
use crate::trace::Name;

/// What a candidate edit can change.
pub(super) enum Touch {
    /// Anything (an edit whose effect no key bounds): every request is simulated again.
    Everything,
    /// Only what these keys name; no key: only the request being fixed (its own URL).
    Keys(Vec<Key>),
}

/// One thing an edit changes, and so the requests whose base traces consulted it.
pub(super) enum Key {
    /// A component id, or an AWS door (`execute-api us-east-1`, `cloudfront`), that a step named.
    Id(String),
    /// Every id that starts with this (`execute-api `: the Regional doors of every Region).
    Prefix(String),
    /// A DNS name equal to this one or below it (lower case, label-aligned).
    Zone(String),
    /// A DNS name whose first label is this one, in any case (`{api-id}-{vpce-id}`).
    Label(String),
    /// An address a request connected to: its destination, or a DNS server it queried.
    Addr(Ipv4Addr),
}

impl Touch {
    /// These ids only.
    pub(super) fn ids<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Touch {
        Touch::Keys(ids.into_iter().map(|i| Key::Id(i.into())).collect())
    }
}

/// The inverted record of what each request's base trace consulted: for each key, the
/// requests (by index, ascending) that consulted it.
#[derive(Default)]
pub(super) struct Consulted {
    ids: FxHashMap<Box<str>, Vec<u32>>,
    names: FxHashMap<Box<str>, Vec<u32>>,
    addrs: FxHashMap<Ipv4Addr, Vec<u32>>,
    requests: usize,
}

/// One request's keys, before they are inverted.
#[derive(Default)]
struct Keys<'a> {
    ids: Vec<Name<'a>>,
    names: Vec<String>,
    addrs: Vec<Ipv4Addr>,
}

/// What one chunk of requests consulted, inverted on its worker (each key hashed there), so
/// that merging the chunks costs one lookup per key and chunk, not per request.
#[derive(Default)]
struct Chunk<'a> {
    ids: FxHashMap<Name<'a>, Vec<u32>>,
    names: FxHashMap<String, Vec<u32>>,
    addrs: FxHashMap<Ipv4Addr, Vec<u32>>,
}

/// How many requests a worker simulates before its keys are merged.
const CHUNK: usize = 1024;

/// Simulates every request once: each one's verdict, and what they all consulted. The
/// requests are simulated a window at a time, each chunk of a window on a worker, and each
/// window's keys are merged before the next is simulated: what is held beside the index is a
/// window's, never every chunk's.
pub(super) fn base(net: &Network, want: Want) -> (Vec<Verdict>, Consulted) {
    use rayon::prelude::*;
    let mut all = Vec::with_capacity(net.requests.len());
    let mut consulted = Consulted {
        requests: net.requests.len(),
        ..Consulted::default()
    };
    let window = CHUNK * 4 * rayon::current_num_threads().max(1);
    for (w, requests) in net.requests.chunks(window).enumerate() {
        let chunks: Vec<(Vec<Verdict>, Chunk)> = requests
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, requests)| {
                let first = w * window + c * CHUNK;
                let mut verdicts = Vec::with_capacity(requests.len());
                let mut chunk = Chunk::default();
                for (k, r) in requests.iter().enumerate() {
                    let (t, names) = crate::engine::simulate_noting(net, r);
                    verdicts.push(judge(&t, r, want));
                    let j = u32::try_from(first + k).unwrap_or(u32::MAX);
                    let keys = keys_of(&t, r, names);
                    for id in keys.ids {
                        chunk.ids.entry(id).or_default().push(j);
                    }
                    for n in keys.names {
                        chunk.names.entry(n).or_default().push(j);
                    }
                    for a in keys.addrs {
                        chunk.addrs.entry(a).or_default().push(j);
                    }
                }
                (verdicts, chunk)
            })
            .collect();
        // In order, so that each list stays ascending.
        for (verdicts, chunk) in chunks {
            all.extend(verdicts);
            for (id, js) in chunk.ids {
                extend(&mut consulted.ids, &id, js);
            }
            for (n, js) in chunk.names {
                extend(&mut consulted.names, &n, js);
            }
            for (a, js) in chunk.addrs {
                consulted.addrs.entry(a).or_default().extend(js);
            }
        }
    }
    for list in consulted
        .ids
        .values_mut()
        .chain(consulted.names.values_mut())
    {
        list.shrink_to_fit();
    }
    (all, consulted)
}

fn extend(map: &mut FxHashMap<Box<str>, Vec<u32>>, key: &str, js: Vec<u32>) {
    match map.get_mut(key) {
        Some(list) => list.extend(js),
        None => {
            map.insert(key.into(), js);
        }
    }
}

/// What a request's trace consulted: each key once.
fn keys_of<'a>(t: &Trace<'a>, r: &crate::net::Request, asked: Vec<String>) -> Keys<'a> {
    let mut keys = Keys::default();
    let mut id = |n: &Name<'a>| {
        // Most names repeat, borrowed from the same place in the network: compare addresses
        // before bytes.
        let same =
            |k: &Name<'a>| k.len() == n.len() && (std::ptr::eq(k.as_ptr(), n.as_ptr()) || k == n);
        if !keys.ids.iter().any(same) {
            keys.ids.push(n.clone());
        }
    };
    id(&t.from);
    let mut stack: Vec<&Step<'a>> = t.steps.iter().rev().collect();
    while let Some(s) = stack.pop() {
        match s {
            Step::Route {
                subnet,
                table,
                target,
                ..
            } => {
                id(subnet);
                id(table);
                id(target);
            }
            Step::Translate { gateway, .. } => id(gateway),
            // Delivered within its subnet: what decides it is the subnet (and its table, were
            // an edit to make the destination leave it, which no candidate does).
            Step::Layer2 { subnet, .. } => id(subnet),
            Step::Filter {
                filter, direction, ..
            } => {
                id(filter);
                id(&direction.of);
            }
            Step::Arrive { at, .. } | Step::Drop { at, .. } => id(at),
            Step::Service { at, policy, .. } => {
                id(at);
                if let Some(p) = policy {
                    id(&p.of);
                }
            }
            // The query's own path decided whether the name could be asked at all.
            Step::Query { legs, .. } => stack.extend(legs.iter().rev()),
            // The addresses connected to (a load balancer's node connects again, to its
            // target, which the steps name).
            Step::Connect { destination, .. } => keys.addrs.push(*destination),
            // A load balancer's decision: edits of the load balancer, its target group or the
            // target change it.
            Step::Balance {
                at,
                target_group,
                target,
                ..
            } => {
                id(at);
                target_group.iter().chain(target).for_each(&mut id);
            }
            Step::Dns { .. } | Step::Tls { .. } => {}
        }
    }
    let host = r
        .headers
        .get("host")
        .map(|h| h.split(':').next().unwrap_or(h));
    let mut names: Vec<String> = asked
        .into_iter()
        .chain(std::iter::once(r.url.host.clone()))
        .chain(host.map(str::to_string))
        .map(|mut n| {
            n.make_ascii_lowercase();
            n
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    keys.names = names;
    keys
}

impl Consulted {
    /// The requests a candidate's edit can change, ascending: those whose base traces consulted
    /// what it touches (with [`Touch::Everything`], all).
    pub(super) fn affected(&self, touch: &Touch) -> Vec<usize> {
        let keys = match touch {
            // Indices are held as u32: a file of more requests is simulated whole.
            Touch::Keys(keys) if u32::try_from(self.requests).is_ok() => keys,
            _ => return (0..self.requests).collect(),
        };
        let mut out: Vec<u32> = Vec::new();
        for key in keys {
            match key {
                Key::Id(id) => out.extend(self.ids.get(id.as_str()).into_iter().flatten()),
                Key::Prefix(p) => {
                    for (_, js) in self.ids.iter().filter(|(id, _)| id.starts_with(p.as_str())) {
                        out.extend(js);
                    }
                }
                Key::Zone(zone) => {
                    let zone = zone.to_ascii_lowercase();
                    for (_, js) in self.names.iter().filter(|(n, _)| in_zone(n, &zone)) {
                        out.extend(js);
                    }
                }
                Key::Label(label) => {
                    let first = |n: &str| -> bool {
                        n.split('.')
                            .next()
                            .is_some_and(|f| f.eq_ignore_ascii_case(label))
                    };
                    for (_, js) in self.names.iter().filter(|(n, _)| first(n)) {
                        out.extend(js);
                    }
                }
                Key::Addr(a) => out.extend(self.addrs.get(a).into_iter().flatten()),
            }
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(|j| j as usize).collect()
    }
}

/// Whether `name` equals `zone` or is below it (both lower case).
fn in_zone(name: &str, zone: &str) -> bool {
    name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
}

/// A transit gateway route table whose routes change: every lookup in it is a step naming it
/// (or a drop there); the sites connected by an attachment associated with it learn their
/// routes from it (F6.20), and every trace from or to a site names the site.
pub(super) fn transit_table(net: &Network, table: &str) -> Touch {
    let learns = |a: &TgwAttachmentIx| {
        net.tgw_attachments[a.0]
            .route_table
            .is_some_and(|rt| net.tgw_route_tables[rt.0].id == table)
    };
    Touch::ids(
        std::iter::once(table.to_string()).chain(
            net.sites
                .iter()
                .filter(|s| s.connections.iter().any(learns))
                .map(|s| s.id.clone()),
        ),
    )
}

/// A transit gateway attachment whose association, subnets or allowed prefixes change: every
/// crossing by it names it (the route from it, its arrival, or a drop there), and the site it
/// connects learns its routes through it.
pub(super) fn transit_attachment(net: &Network, a: TgwAttachmentIx) -> Touch {
    Touch::ids(
        std::iter::once(net.tgw_attachments[a.0].id.clone()).chain(
            net.sites
                .iter()
                .filter(|s| s.connections.contains(&a))
                .map(|s| s.id.clone()),
        ),
    )
}

/// Every door an API can be reached by (its policy is evaluated only behind one): the
/// Regional front doors, CloudFront, and every execute-api interface endpoint.
pub(super) fn api_doors(net: &Network, api: &str) -> Touch {
    let mut keys = vec![
        Key::Id(api.to_string()),
        Key::Prefix("execute-api ".into()),
        Key::Id("cloudfront".into()),
    ];
    keys.extend(
        net.endpoints
            .iter()
            .filter(|e| e.service == crate::aws::Service::ExecuteApi)
            .map(|e| Key::Id(e.id.clone())),
    );
    Touch::Keys(keys)
}

/// A security group's rules are checked only at the interfaces in it, whose owners every such
/// check names (the client, or where the packets arrive or are dropped); a trace names only
/// the group that admitted the packets, so a rule added to another group of the same interface
/// is found by the owner.
pub(super) fn group_and_members(net: &Network, group: &str) -> Touch {
    let mut ids = vec![group.to_string()];
    let in_group = |groups: &[SgIx]| groups.iter().any(|g| net.security_groups[g.0].id == group);
    ids.extend(
        net.instances
            .iter()
            .filter(|i| in_group(&i.security_groups))
            .map(|i| i.id.clone()),
    );
    ids.extend(net.endpoints.iter().filter_map(|e| match &e.kind {
        EndpointKind::Interface {
            security_groups, ..
        } if in_group(security_groups) => Some(e.id.clone()),
        _ => None,
    }));
    Touch::ids(ids)
}

/// An instance or endpoint whose security groups change: they are checked where it is named
/// (the client, or where the packets arrive or are dropped); its membership also where packets
/// are addressed to it (a rule of the sender's naming a group it leaves).
pub(super) fn interface_owner(net: &Network, owner: &str) -> Touch {
    let addresses: Vec<Ipv4Addr> = match net.endpoints.iter().find(|e| e.id == owner) {
        Some(e) => e.addresses(),
        None => net
            .instances
            .iter()
            .filter(|i| i.id == owner)
            .flat_map(|i| std::iter::once(i.private_ip).chain(i.public_ip))
            .collect(),
    };
    Touch::Keys(
        std::iter::once(Key::Id(owner.to_string()))
            .chain(addresses.into_iter().map(Key::Addr))
            .collect(),
    )
}

#[cfg(test)]
mod tests;
