//! What each resource of an import's input became: the parts of the scenario that carry it
//! (by kind and id), or the notes that name it, or the other listing of it that was imported.
//!
//! The importer says what its input holds ([`Ledger::input`]: every item of every list of an
//! AWS dump, every resource address of a Terraform file), and, where it reads one resource into
//! a part made from another, which ([`Ledger::link`]: a transit gateway's VPC attachment view,
//! an API's stages). The rest follows from what is already recorded: every value of the
//! scenario is written at the position of the resource and JSON path it came from
//! ([`super::build::Build::at`]), and every note names its resource and place. So after
//! validation has left out what it refused, each part still in the scenario is credited to the
//! input whose JSON path holds its source, each note to the input it names. An input credited
//! with nothing was lost silently: a bug of the importer's, which the tests look for in every
//! fixture (tests/import_accounts.rs).

use std::collections::{BTreeSet, HashMap};

use crate::error::Pos;
use crate::model::{self, Lines, Sp};

use super::build::{Note, Source};

/// What one resource of the input became.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Account {
    /// The resource: its id (an AWS id; for a list that wraps another call's answer, the id of
    /// what it answers for) or its Terraform address; its JSON path when it has neither.
    pub resource: String,
    /// Where the input holds it: the file and the JSON path (`Subnets.json at Subnets[3]`).
    pub at: String,
    /// What it became, sorted. Empty only for a resource lost silently (an importer's bug).
    pub became: Vec<Became>,
}

/// One thing a resource of the input became.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "became", rename_all = "kebab-case")]
pub enum Became {
    /// A part of the scenario carries it, or some of it (a route table's association is carried
    /// by its subnet): the part's kind (`subnet`, `route_table`, ...) and id.
    Component {
        /// The kind of part, as the scenario's keys name it, singular.
        kind: &'static str,
        /// Its id (a custom domain's or a zone's name).
        id: String,
    },
    /// A note names it: left out, assumed, not modelled, refused, ... with why.
    Noted {
        /// The note.
        note: Note,
    },
    /// Another listing of the same resource (by another account, or in another Region's
    /// folder): imported once, from there.
    Same {
        /// Where the listing imported is.
        at: String,
    },
}

impl std::fmt::Display for Became {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Became::Component { kind, id } => write!(f, "{kind} {id}"),
            Became::Noted { note } => write!(f, "noted: {}: {}", note.kind.name(), note.message),
            Became::Same { at } => write!(f, "the same as {at}"),
        }
    }
}

/// One resource of the input, as the importer listed it.
#[derive(Debug)]
struct Input {
    resource: String,
    at: String,
    same: Option<String>,
}

/// What an importer records for the accounting, beside the scenario's sources and the notes.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    inputs: Vec<Input>,
    /// An input (by its place) read into what is written at a position.
    links: Vec<(String, Pos)>,
    /// An input (by its place) named by a note that does not name it itself (a count).
    covered: Vec<(String, Note)>,
}

impl Ledger {
    /// A resource of the input, at `at` (its file and JSON path).
    pub(crate) fn input(&mut self, resource: impl Into<String>, at: impl Into<String>) {
        self.inputs.push(Input {
            resource: resource.into(),
            at: at.into(),
            same: None,
        });
    }

    /// A resource listed again at `at`, imported from its listing at `first`.
    pub(crate) fn same(&mut self, resource: impl Into<String>, at: impl Into<String>, first: &str) {
        self.inputs.push(Input {
            resource: resource.into(),
            at: at.into(),
            same: Some(first.to_string()),
        });
    }

    /// The input at `at` is read into what is written at `pos` (a part made from another).
    pub(crate) fn link(&mut self, at: impl Into<String>, pos: Pos) {
        self.links.push((at.into(), pos));
    }

    /// The input at `at` is named by `note`, which names no resource itself.
    pub(crate) fn cover(&mut self, at: impl Into<String>, note: Note) {
        self.covered.push((at.into(), note));
    }

    /// What each input became in `s` (its values written at the positions of `sources`), and
    /// by `notes`.
    pub(crate) fn accounts(
        self,
        s: &model::Scenario,
        sources: &[Source],
        notes: &[Note],
    ) -> Vec<Account> {
        let by_at: HashMap<&str, usize> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, x)| (x.at.as_str(), i))
            .collect();
        let mut by_resource: HashMap<&str, Vec<usize>> = HashMap::new();
        // A second listing of a resource is the first's (it says so), not named again by what
        // names the resource.
        for (i, x) in self.inputs.iter().enumerate() {
            if x.same.is_none() {
                by_resource.entry(x.resource.as_str()).or_default().push(i);
            }
        }
        // The input whose JSON path holds `at`: `at` itself, or the longest path it extends.
        let find = |at: &str| -> Option<usize> {
            let mut end = at.len();
            loop {
                if let Some(&i) = by_at.get(&at[..end]) {
                    return Some(i);
                }
                end = at[..end].rfind(['.', '['])?;
            }
        };
        let owners = Owners::of(s);
        let mut credits: Vec<BTreeSet<Credit>> = vec![BTreeSet::new(); self.inputs.len()];
        for (line, source) in (1..).zip(sources) {
            let mut parts = owners.at(line).peekable();
            if parts.peek().is_some()
                && let Some(i) = find(&source.at)
            {
                credits[i].extend(parts.map(Credit::Part));
            }
        }
        for (at, pos) in &self.links {
            if let Some(&i) = by_at.get(at.as_str()) {
                credits[i].extend(owners.at(pos.line).map(Credit::Part));
            }
        }
        for (n, note) in (0..).zip(notes) {
            if let Some(i) = note.at.as_deref().and_then(find) {
                credits[i].insert(Credit::Note(n));
            }
            if let Some(list) = note.resource.as_deref().and_then(|r| by_resource.get(r)) {
                for &i in list {
                    credits[i].insert(Credit::Note(n));
                }
            }
        }
        for (n, (at, _)) in (0..).zip(&self.covered) {
            if let Some(&i) = by_at.get(at.as_str()) {
                credits[i].insert(Credit::Covered(n));
            }
        }
        let covered = &self.covered;
        let mut out: Vec<Account> = self
            .inputs
            .into_iter()
            .zip(credits)
            .map(|(x, credits)| {
                let mut became: Vec<Became> = credits
                    .into_iter()
                    .filter_map(|c| match c {
                        Credit::Part(p) => {
                            owners
                                .parts
                                .get(p as usize)
                                .map(|(kind, id)| Became::Component {
                                    kind,
                                    id: (*id).to_string(),
                                })
                        }
                        Credit::Note(n) => notes
                            .get(n as usize)
                            .map(|note| Became::Noted { note: note.clone() }),
                        Credit::Covered(n) => covered
                            .get(n as usize)
                            .map(|(_, note)| Became::Noted { note: note.clone() }),
                    })
                    .collect();
                if let Some(first) = x.same {
                    became.push(Became::Same { at: first });
                }
                became.sort();
                became.dedup();
                Account {
                    resource: x.resource,
                    at: x.at,
                    became,
                }
            })
            .collect();
        out.sort();
        out
    }
}

/// What an input is credited with, before it is written out: a part of the scenario, a note of
/// the import, or a note that covers it (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Credit {
    Part(u32),
    Note(u32),
    Covered(u32),
}

/// No part: a line nothing holds.
const NONE: u32 = u32::MAX;

/// The named parts of a scenario, and which hold each line: the innermost named parts (a
/// route is its table's; a table is not its VPC's), and the part whose id was written there
/// (a VPC read by a data source gives its main route table the same line).
struct Owners<'s> {
    /// Each named part's kind and id.
    parts: Vec<(&'static str, &'s str)>,
    /// For each line (by number), the depth and index of the first innermost part holding it.
    first: Vec<(u32, u32)>,
    /// Other parts holding a line: as deep as its first, or whose id was written there.
    more: HashMap<u32, Vec<u32>>,
}

impl<'s> Owners<'s> {
    /// The owners of the lines of `s`.
    fn of(s: &'s model::Scenario) -> Owners<'s> {
        let mut o = Owners {
            parts: Vec::new(),
            first: Vec::new(),
            more: HashMap::new(),
        };
        let mut ids = Vec::new();
        let mut lines = Vec::new();
        walk(s, &mut |depth, kind, id, part| {
            let p = u32::try_from(o.parts.len()).unwrap_or(NONE);
            let depth = u32::try_from(depth).unwrap_or(NONE);
            o.parts.push((kind, id.value.as_str()));
            ids.push((id.pos.line, p));
            lines.clear();
            part.lines(&mut lines);
            lines.sort_unstable();
            lines.dedup();
            for &line in &lines {
                let l = line as usize;
                if o.first.len() <= l {
                    o.first.resize(l + 1, (0, NONE));
                }
                let (d, first) = o.first[l];
                if first == NONE || d < depth {
                    o.first[l] = (depth, p);
                    o.more.remove(&line);
                } else if d == depth && first != p {
                    o.more.entry(line).or_default().push(p);
                }
            }
        });
        for (line, p) in ids {
            if !o.at(line).any(|x| x == p) {
                o.more.entry(line).or_default().push(p);
            }
        }
        o
    }

    /// The parts holding `line`.
    fn at(&self, line: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self
            .first
            .get(line as usize)
            .map(|(_, p)| *p)
            .filter(|p| *p != NONE);
        first
            .into_iter()
            .chain(self.more.get(&line).into_iter().flatten().copied())
    }
}

/// A named part of a scenario: its kind and id.
type Part = (&'static str, String);

/// What [`walk`] calls with each named part: its depth, kind, id, and the part.
type Visit<'a, 's> = dyn FnMut(usize, &'static str, &'s Sp<String>, &'s dyn Lines) + 'a;

/// Where each named part of a scenario was written (its id's position), by kind and id: what
/// an importer links a resource read into that part to.
pub(crate) fn positions(s: &model::Scenario) -> HashMap<Part, Pos> {
    let mut out = HashMap::new();
    walk(s, &mut |_, kind, id, _| {
        out.entry((kind, id.value.clone())).or_insert(id.pos);
    });
    out
}

/// Calls `f` with each named part of a scenario, outer parts first: its depth, kind, id, and
/// the part.
fn walk<'s>(s: &'s model::Scenario, f: &mut Visit<'_, 's>) {
    for v in &s.vpcs {
        f(0, "vpc", &v.id, v);
        if let Some(g) = &v.internet_gateway {
            f(1, "internet_gateway", g, g);
        }
        if let Some(g) = &v.vpn_gateway {
            f(1, "vpn_gateway", &g.id, g);
        }
        for x in &v.subnets {
            f(1, "subnet", &x.id, x);
        }
        for x in &v.route_tables {
            f(1, "route_table", &x.id, x);
        }
        for x in &v.nat_gateways {
            f(1, "nat_gateway", &x.id, x);
        }
        for x in &v.endpoints {
            f(1, "endpoint", &x.id, x);
        }
        for x in &v.security_groups {
            f(1, "security_group", &x.id, x);
        }
        for x in &v.network_acls {
            f(1, "network_acl", &x.id, x);
        }
        for x in &v.instances {
            f(1, "instance", &x.id, x);
        }
        for x in &v.network_interfaces {
            f(1, "network_interface", &x.id, x);
        }
        for x in &v.lambda_functions {
            f(1, "lambda_function", &x.id, x);
        }
        for x in &v.resolver_endpoints {
            f(1, "resolver_endpoint", &x.id, x);
        }
        for x in &v.load_balancers {
            f(1, "load_balancer", &x.id, x);
        }
    }
    for x in &s.lambda_functions {
        f(0, "lambda_function", &x.id, x);
    }
    for x in &s.peerings {
        f(0, "peering", &x.value.id, x);
    }
    for t in &s.transit_gateways {
        f(0, "transit_gateway", &t.id, t);
        for x in &t.attachments {
            f(1, "transit_gateway_attachment", &x.id, x);
        }
        for x in &t.route_tables {
            f(1, "transit_gateway_route_table", &x.id, x);
        }
    }
    for x in &s.direct_connect_gateways {
        f(0, "direct_connect_gateway", &x.id, x);
    }
    for x in &s.prefix_lists {
        f(0, "prefix_list", &x.value.id, x);
    }
    for x in &s.sites {
        f(0, "site", &x.id, x);
    }
    for x in &s.resolver_rules {
        f(0, "resolver_rule", &x.value.id, x);
    }
    for x in &s.apis {
        f(0, "api", &x.value.id, x);
    }
    for x in &s.custom_domains {
        f(0, "custom_domain", &x.value.name, x);
    }
    for x in &s.dns_zones {
        f(0, "dns_zone", &x.value.name, x);
    }
}
