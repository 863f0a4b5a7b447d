//! From the scenario as written ([`crate::model`]) to the resolved [`Network`].
//!
//! Every cross-reference is resolved here, once; every configuration AWS itself would reject is
//! reported with its line and column, and all problems of a file are collected before failing.
//! Addresses the scenario leaves out (instance, NAT gateway and endpoint interface addresses,
//! public addresses) are allocated here, deterministically, in file order.

mod lint;
mod services;
mod vpc;

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use petgraph::graph::DiGraph;

use crate::aws;
use crate::error::{Diagnostic, Pos};
use crate::model::{self, Sp};
use crate::net::*;

/// What kind of component an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Vpc,
    Subnet,
    RouteTable,
    Igw,
    Nat,
    Endpoint,
    SecurityGroup,
    Nacl,
    Instance,
    Peering,
    Api,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Vpc => "VPC",
            Kind::Subnet => "subnet",
            Kind::RouteTable => "route table",
            Kind::Igw => "internet gateway",
            Kind::Nat => "NAT gateway",
            Kind::Endpoint => "VPC endpoint",
            Kind::SecurityGroup => "security group",
            Kind::Nacl => "network ACL",
            Kind::Instance => "instance",
            Kind::Peering => "peering connection",
            Kind::Api => "API",
        }
    }
}

/// Builds a [`Network`] from a parsed scenario, or returns every problem found.
pub fn validate(s: &model::Scenario) -> Result<Network, Vec<Diagnostic>> {
    let mut v = Validator::new(s);
    v.requests(s);
    v.finish(s).map(|v| v.net)
}

/// Validates a scenario whose requests come separately (streamed, for large files): the rest
/// of the file is validated and resolved now, and the returned checker resolves the requests
/// one by one against it. The scenario given must hold no requests.
pub fn validate_head(s: &model::Scenario) -> Result<(Network, RequestChecker), Vec<Diagnostic>> {
    let mut v = Validator::new(s);
    v.streaming = true;
    let mut v = v.finish(s)?;
    // The checker keeps the ids; the network goes to the caller.
    let placeholder = Validator::empty(s).net;
    let net = std::mem::replace(&mut v.net, placeholder);
    let zones = v.unasked_zones.take().unwrap_or_default();
    Ok((
        net,
        RequestChecker {
            v,
            names: NameSet::default(),
            next: 0,
            zones,
            warnings: Vec::new(),
            more_warnings: 0,
        },
    ))
}

/// Resolves streamed requests against a scenario validated by [`validate_head`], and gathers
/// the warnings that depend on the requests.
pub struct RequestChecker {
    v: Validator,
    names: NameSet,
    next: usize,
    zones: lint::UnaskedZones,
    /// The first warnings about requests, in file order (positions relative to the text the
    /// requests were read from); `more_warnings` counts the rest.
    warnings: Vec<Diagnostic>,
    more_warnings: usize,
}

/// How many warnings of one file the text outputs list in full (`run`'s header, `check` and
/// `test`); the rest are counted, and every one is in the JSON report's `diagnostics`.
pub const MAX_LISTED_WARNINGS: usize = 20;

/// The warnings of a streamed file that depend on its requests: the first
/// [`MAX_LISTED_WARNINGS`], and how many more there were.
#[derive(Debug, Default)]
pub struct RequestWarnings {
    /// The first ones, in file order.
    pub listed: Vec<Diagnostic>,
    /// How many more.
    pub more: usize,
}

impl RequestChecker {
    /// Resolves the next request of the file (`net`: the network [`validate_head`] returned),
    /// or returns its problems.
    pub fn check(
        &mut self,
        net: &Network,
        r: &Sp<model::Request>,
    ) -> Result<Request, Vec<Diagnostic>> {
        let request = self.v.request(self.next, r, &mut self.names);
        self.next += 1;
        if !self.v.diags.is_empty() {
            return Err(std::mem::take(&mut self.v.diags));
        }
        if !self.zones.all_asked() {
            self.zones.ask(&lint::url_host(&r.value.url));
        }
        if let Some(warning) = lint::captured_public_api(net, &request) {
            self.keep(|| warning(Pos::of(&r.value.url)));
        }
        Ok(request)
    }

    /// Lists a warning (written only then), or counts it once [`MAX_LISTED_WARNINGS`] are.
    fn keep(&mut self, warning: impl FnOnce() -> Diagnostic) {
        if self.warnings.len() < MAX_LISTED_WARNINGS {
            self.warnings.push(warning());
        } else {
            self.more_warnings += 1;
        }
    }

    /// The warnings about the requests, once all are checked: each request's own (passed
    /// through `locate`, which makes their positions the file's: the requests may have been
    /// read from a part of it), then the zones that no request, record or custom domain asked
    /// a name in.
    pub fn finish(mut self, locate: impl Fn(Diagnostic) -> Diagnostic) -> RequestWarnings {
        self.warnings = std::mem::take(&mut self.warnings)
            .into_iter()
            .map(locate)
            .collect();
        let zones = std::mem::take(&mut self.zones).warnings();
        for d in zones {
            self.keep(|| d);
        }
        RequestWarnings {
            listed: self.warnings,
            more: self.more_warnings,
        }
    }
}

/// The request names seen so far, to refuse a name used twice.
///
/// Each name is held as a 128-bit hash, not as a string: a streamed run of a million requests
/// peaked about 30 MB lower. The hash is two SipHash-1-3 values with random keys: two different
/// names share one with a chance of about 2^-128 per pair (for a million names, about 10^-27),
/// and no file can be written to make them collide.
pub(crate) struct NameSet {
    seen: rustc_hash::FxHashSet<u128>,
    keys: (std::hash::RandomState, std::hash::RandomState),
}

impl Default for NameSet {
    fn default() -> Self {
        NameSet {
            seen: rustc_hash::FxHashSet::default(),
            keys: (std::hash::RandomState::new(), std::hash::RandomState::new()),
        }
    }
}

impl NameSet {
    /// Adds a name; `false` if it was already there.
    pub(crate) fn insert(&mut self, name: &str) -> bool {
        use std::hash::BuildHasher;
        let high = u128::from(self.keys.0.hash_one(name));
        let low = u128::from(self.keys.1.hash_one(name));
        self.seen.insert(high << 64 | low)
    }
}

/// The working state of one validation.
pub(crate) struct Validator {
    pub(crate) net: Network,
    pub(crate) diags: Vec<Diagnostic>,
    /// Every scenario id: kind, position, and index into its vector.
    pub(crate) ids: BTreeMap<String, (Kind, Pos, usize)>,
    /// The instances among them, by id: every request names its client.
    pub(crate) instances: rustc_hash::FxHashMap<String, usize>,
    /// Addresses taken in each subnet.
    pub(crate) taken: BTreeMap<SubnetIx, BTreeSet<Ipv4Addr>>,
    /// Next automatic public address for instances and NAT gateways.
    pub(crate) next_instance_ip: u32,
    pub(crate) next_nat_ip: u32,
    /// Public addresses in use, to refuse duplicates.
    pub(crate) public_ips: BTreeMap<Ipv4Addr, String>,
    /// Security group rules naming a group of another VPC: (where, the rule's VPC, the
    /// group's VPC). Allowed only across a peering connection, checked once peerings are known.
    pub(crate) peer_group_refs: Vec<(Pos, VpcIx, VpcIx)>,
    /// Graph nodes shared by many routes: each VPC's `local` (keyed by VPC) and the blackhole.
    pub(crate) shared_nodes: BTreeMap<Option<VpcIx>, petgraph::graph::NodeIndex>,
    /// Validating a file whose requests are streamed ([`validate_head`]): warnings that depend
    /// on the requests are left to the [`RequestChecker`].
    pub(crate) streaming: bool,
    /// With `streaming`: the zones nothing but a request could still ask.
    pub(crate) unasked_zones: Option<lint::UnaskedZones>,
}

impl Validator {
    /// Validates everything but the requests, in the order the indices need.
    fn new(s: &model::Scenario) -> Validator {
        let mut v = Validator::empty(s);
        v.register_ids(s);
        v.vpcs(s);
        v.peerings(s);
        v.routes(s);
        v.zones(s);
        v.apis(s);
        v.custom_domains(s);
        v
    }

    /// The ids, the index and the warnings, or every problem found.
    fn finish(mut self, s: &model::Scenario) -> Result<Validator, Vec<Diagnostic>> {
        self.net.ids = self.ids.keys().cloned().collect();
        if !self.diags.is_empty() {
            self.diags.sort_by_key(|d| d.pos);
            return Err(self.diags);
        }
        self.net.build_index();
        // A filter rule reads the same in every trace: its words are written once.
        let nacls = self.net.nacls.iter().map(crate::net::show_nacl_rules);
        self.net.index.nacl_rules_shown = nacls.collect();
        let net = &self.net;
        let groups = net.security_groups.iter();
        let sgs = groups.map(|g| crate::net::show_sg_rules(net, g)).collect();
        self.net.index.sg_rules_shown = sgs;
        self.lint(s);
        Ok(self)
    }

    /// A validator that has seen nothing yet.
    fn empty(s: &model::Scenario) -> Validator {
        let mut diags = Vec::new();
        let region = s.region.value.trim().to_ascii_lowercase();
        if !aws::is_region(&region) {
            diags.push(
                Diagnostic::new(
                    Pos::of(&s.region),
                    format!("`{}` is not an AWS Region vpcpath knows", s.region.value),
                )
                .with_help(suggest_or(
                    &region,
                    aws::REGIONS.iter().copied(),
                    "write a Region code such as us-east-1 or ap-northeast-1",
                )),
            );
        }
        let account = match &s.account {
            Some(a) if a.value.len() == 12 && a.value.bytes().all(|b| b.is_ascii_digit()) => {
                a.value.clone()
            }
            Some(a) => {
                diags.push(
                    Diagnostic::new(Pos::of(a), "an AWS account id is 12 digits").with_help(
                        "quote it so YAML keeps leading zeros: account: \"012345678901\"",
                    ),
                );
                String::new()
            }
            None => "123456789012".to_string(),
        };
        Validator {
            net: Network {
                name: s.scenario.clone(),
                description: s.description.clone(),
                region,
                account,
                vpcs: Vec::new(),
                subnets: Vec::new(),
                route_tables: Vec::new(),
                igws: Vec::new(),
                nats: Vec::new(),
                endpoints: Vec::new(),
                instances: Vec::new(),
                security_groups: Vec::new(),
                nacls: Vec::new(),
                peerings: Vec::new(),
                apis: Vec::new(),
                custom_domains: Vec::new(),
                zones: Vec::new(),
                requests: Vec::new(),
                ids: rustc_hash::FxHashSet::default(),
                extra_services: Vec::new(),
                graph: DiGraph::new(),
                warnings: Vec::new(),
                index: Index::default(),
            },
            diags,
            ids: BTreeMap::new(),
            instances: rustc_hash::FxHashMap::default(),
            taken: BTreeMap::new(),
            next_instance_ip: u32::from(aws::FIRST_INSTANCE_PUBLIC_IP),
            next_nat_ip: u32::from(aws::FIRST_NAT_ELASTIC_IP),
            public_ips: BTreeMap::new(),
            peer_group_refs: Vec::new(),
            shared_nodes: BTreeMap::new(),
            streaming: false,
            unasked_zones: None,
        }
    }

    /// Records a problem.
    #[track_caller]
    pub(crate) fn err(&mut self, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(pos, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// Records a warning: AWS accepts it, but it is usually a mistake.
    #[track_caller]
    pub(crate) fn warn(&mut self, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.net.warnings.push(Diagnostic::warning(pos, message));
        self.net.warnings.last_mut().expect("just pushed")
    }

    /// Registers every id in the file, in file order, so later references can be checked
    /// whatever order things are written in. Indices follow the same order the builders use.
    fn register_ids(&mut self, s: &model::Scenario) {
        let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
        let mut add = |v: &mut Validator, id: &Sp<String>, kind: Kind| {
            let slot = counts.entry(kind).or_default();
            let ix = *slot;
            *slot += 1;
            v.register(id, kind, ix);
        };
        for vpc in &s.vpcs {
            add(self, &vpc.id, Kind::Vpc);
            if let Some(igw) = &vpc.internet_gateway {
                add(self, igw, Kind::Igw);
            }
            for x in &vpc.subnets {
                add(self, &x.id, Kind::Subnet);
            }
            for x in &vpc.route_tables {
                add(self, &x.id, Kind::RouteTable);
            }
            for x in &vpc.nat_gateways {
                add(self, &x.id, Kind::Nat);
            }
            for x in &vpc.endpoints {
                add(self, &x.id, Kind::Endpoint);
            }
            for x in &vpc.security_groups {
                // `default` names each VPC's own default group: it is scoped to its VPC.
                if x.id.value != "default" {
                    add(self, &x.id, Kind::SecurityGroup);
                }
            }
            for x in &vpc.network_acls {
                add(self, &x.id, Kind::Nacl);
            }
            for x in &vpc.instances {
                add(self, &x.id, Kind::Instance);
            }
        }
        for p in &s.peerings {
            add(self, &p.value.id, Kind::Peering);
        }
        for a in &s.apis {
            add(self, &a.value.id, Kind::Api);
        }
    }

    fn register(&mut self, id: &Sp<String>, kind: Kind, ix: usize) {
        let pos = Pos::of(id);
        if id.value.is_empty() || id.value.chars().any(char::is_whitespace) {
            self.err(pos, format!("`{}` is not a usable id", id.value))
                .help("ids are non-empty and have no spaces, e.g. subnet-app");
            return;
        }
        if matches!(id.value.as_str(), "internet" | "local" | "blackhole") {
            self.err(
                pos,
                format!("`{}` is a reserved word and cannot be an id", id.value),
            )
            .help("pick another id, e.g. with an AWS prefix such as igw-main");
            return;
        }
        if let Some((other, first, _)) = self.ids.get(&id.value) {
            let msg = format!(
                "duplicate id `{}`: already used by the {} at line {}",
                id.value,
                other.noun(),
                first.line
            );
            self.err(pos, msg)
                .help("ids must be unique in the file; rename one of them");
            return;
        }
        if kind == Kind::Instance {
            self.instances.insert(id.value.clone(), ix);
        }
        self.ids.insert(id.value.clone(), (kind, pos, ix));
    }

    /// Resolves a reference to a component of `kind`, reporting a dangling or mistyped id.
    pub(crate) fn resolve(&mut self, r: &Sp<String>, kind: Kind, from: &str) -> Option<usize> {
        match self.ids.get(&r.value) {
            Some((k, _, ix)) if *k == kind => Some(*ix),
            Some((k, _, _)) => {
                let msg = format!(
                    "{from} names `{}`, which is a {}, not a {}",
                    r.value,
                    k.noun(),
                    kind.noun()
                );
                self.err(Pos::of(r), msg)
                    .help("name a component of the kind this field takes");
                None
            }
            None => {
                let candidates: Vec<String> = self
                    .ids
                    .iter()
                    .filter(|(_, (k, _, _))| *k == kind)
                    .map(|(id, _)| id.clone())
                    .collect();
                let help = suggest_or(
                    &r.value,
                    candidates.iter().map(String::as_str),
                    &format!(
                        "declare a {} with this id, or fix the reference",
                        kind.noun()
                    ),
                );
                let msg = format!(
                    "{from} names `{}`, but no {} has that id",
                    r.value,
                    kind.noun()
                );
                self.err(Pos::of(r), msg).help(help);
                None
            }
        }
    }

    /// Takes the next free address of a subnet (AWS reserves the first four and the last).
    pub(crate) fn allocate(&mut self, subnet: SubnetIx) -> Option<Ipv4Addr> {
        let cidr = self.net.subnets[subnet.0].cidr;
        let taken = self.taken.entry(subnet).or_default();
        let first = u32::from(cidr.network()) + 4;
        let last = u32::from(cidr.broadcast()).saturating_sub(1);
        let ip = (first..=last)
            .map(Ipv4Addr::from)
            .find(|ip| !taken.contains(ip))?;
        taken.insert(ip);
        Some(ip)
    }

    /// Claims a written address in a subnet: inside it, not reserved, not taken.
    pub(crate) fn claim(
        &mut self,
        subnet: SubnetIx,
        ip: &Sp<String>,
        what: &str,
    ) -> Option<Ipv4Addr> {
        let addr = self.ip(ip)?;
        let s = &self.net.subnets[subnet.0];
        let (cidr, sid) = (s.cidr, s.id.clone());
        if !cidr.contains(&addr) {
            self.err(
                Pos::of(ip),
                format!("{what} address {addr} is not inside {sid} ({cidr})"),
            )
            .help(format!(
                "pick an address in {cidr}, or omit it to have one allocated"
            ));
            return None;
        }
        let offset = u32::from(addr) - u32::from(cidr.network());
        if offset < 4 || addr == cidr.broadcast() {
            self.err(
                Pos::of(ip),
                format!("{addr} is reserved by AWS in {sid} (the first four addresses and the last of every subnet)"),
            )
            .help(format!("use an address from {} upwards", Ipv4Addr::from(u32::from(cidr.network()) + 4)));
            return None;
        }
        if !self.taken.entry(subnet).or_default().insert(addr) {
            self.err(Pos::of(ip), format!("{addr} is already in use in {sid}"))
                .help("every network interface needs its own address");
            return None;
        }
        Some(addr)
    }

    /// Parses an IPv4 address.
    pub(crate) fn ip(&mut self, s: &Sp<String>) -> Option<Ipv4Addr> {
        match s.value.trim().parse::<Ipv4Addr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                self.err(Pos::of(s), format!("`{}` is not an IPv4 address", s.value))
                    .help("write four numbers 0-255 separated by dots, e.g. 10.0.1.10");
                None
            }
        }
    }

    /// Parses a CIDR, insisting that it is written with its network address.
    pub(crate) fn cidr(&mut self, s: &Sp<String>) -> Option<Ipv4Net> {
        let text = s.value.trim();
        match text.parse::<Ipv4Net>() {
            Ok(net) if net.network() == net.addr() => Some(net),
            Ok(net) => {
                self.err(
                    Pos::of(s),
                    format!("`{text}` has host bits set: AWS rejects it as a CIDR"),
                )
                .help(format!("write {}", net.trunc()));
                None
            }
            Err(_) => {
                let help = if text.parse::<Ipv4Addr>().is_ok() {
                    format!("add a prefix length, e.g. {text}/32")
                } else {
                    "write an IPv4 CIDR such as 10.0.0.0/16".to_string()
                };
                self.err(Pos::of(s), format!("`{text}` is not an IPv4 CIDR"))
                    .help(help);
                None
            }
        }
    }

    /// Allocates a unique public address, or claims a written one.
    pub(crate) fn public_ip(
        &mut self,
        owner: &str,
        written: Option<&Sp<String>>,
        nat: bool,
    ) -> Option<Ipv4Addr> {
        let ip = match written {
            Some(w) => {
                let ip = self.ip(w)?;
                if ip.is_private() || ip.is_loopback() || ip.is_unspecified() {
                    self.err(Pos::of(w), format!("{ip} is not a public IPv4 address"))
                        .help("an Elastic IP is a public address; omit it to have one allocated");
                    return None;
                }
                if let Some(other) = self.public_ips.get(&ip) {
                    let msg = format!("{ip} is already the public address of {other}");
                    self.err(Pos::of(w), msg)
                        .help("an Elastic IP belongs to one network interface at a time");
                    return None;
                }
                ip
            }
            None => loop {
                let next = if nat {
                    &mut self.next_nat_ip
                } else {
                    &mut self.next_instance_ip
                };
                let ip = Ipv4Addr::from(*next);
                *next += 1;
                if !self.public_ips.contains_key(&ip) {
                    break ip;
                }
            },
        };
        self.public_ips.insert(ip, owner.to_string());
        Some(ip)
    }
}

/// "did you mean `x`?" when a candidate is close (Jaro-Winkler above 0.8), else `fallback`.
pub fn suggest_or<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
    fallback: &str,
) -> String {
    let best = candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    match best {
        Some((_, c)) => format!("did you mean `{c}`?"),
        None => fallback.to_string(),
    }
}

/// Lower-cases a DNS name and drops a trailing dot.
pub(crate) fn dns_name(s: &str) -> String {
    s.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a DNS name is well formed (labels of letters, digits and hyphens; `*` alone as the
/// first label when `wildcard` is allowed).
pub(crate) fn is_dns_name(name: &str, wildcard: bool) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').enumerate().all(|(i, l)| {
            (wildcard && i == 0 && l == "*")
                || (!l.is_empty()
                    && l.len() <= 63
                    && l.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            suggest_or(
                "subnet-pubic",
                ["subnet-public", "subnet-private"].into_iter(),
                "x"
            ),
            "did you mean `subnet-public`?"
        );
        assert_eq!(
            suggest_or("zzz", ["subnet-public"].into_iter(), "fallback"),
            "fallback"
        );
    }

    #[test]
    fn a_name_set_refuses_only_names_it_has_seen() {
        let mut names = NameSet::default();
        for i in 0..10_000 {
            assert!(names.insert(&format!("request {i}")));
        }
        assert!(!names.insert("request 17"));
        assert!(names.insert("request 10000"));
        assert!(names.insert(""));
        assert!(!names.insert(""));
    }

    #[test]
    fn dns_names() {
        assert!(is_dns_name("api.example.com", false));
        assert!(is_dns_name("*.example.com", true));
        assert!(!is_dns_name("*.example.com", false));
        assert!(!is_dns_name("a..b", false));
        assert_eq!(dns_name("API.Example.com."), "api.example.com");
    }
}
