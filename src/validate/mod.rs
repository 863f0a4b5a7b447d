//! From the scenario as written ([`crate::model`]) to the resolved [`Network`].
//!
//! Every cross-reference is resolved here, once; every configuration AWS itself would reject is
//! reported with its line and column, and all problems of a file are collected before failing.
//! Addresses the scenario leaves out (instance, NAT gateway and endpoint interface addresses,
//! public addresses) are allocated here, deterministically, in file order.

mod apis;
mod balancer;
mod direct_connect;
mod dns_expect;
mod domains;
mod group_references;
mod hybrid;
mod lint;
mod machines;
mod names;
mod prefix_lists;
mod requests;
mod transit;
mod vpc;
mod words;
mod zones;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use petgraph::graph::DiGraph;
use prefix_trie::PrefixMap;

use crate::aws;
use crate::aws::words::{ResolverDirection, ResolverRuleType, Word};
use crate::error::{Code, Diagnostic, Pos, Severity};
use crate::model::{self, Sp};
use crate::net::*;

mod addresses;
mod checker;
mod control;
mod flows;
mod freeing;
mod ids;
pub use checker::*;
use freeing::take_routes;
pub use ids::*;
pub(crate) use names::{dns_name, is_dns_name};
pub(crate) use words::nearest_word;

/// Whether `req` calls a public API by its default name from a VPC whose execute-api endpoint
/// has private DNS: the warning `captured-public-api` (the reported case). Public so that a
/// test holds it against the engine's answer on every scenario.
pub fn warns_captured_public_api(net: &Network, req: &Request) -> bool {
    lint::captured_public_api(net, req).is_some()
}

/// Builds a [`Network`] from a parsed scenario, or returns every problem found.
pub fn validate(s: &model::Scenario) -> Result<Network, Vec<Diagnostic>> {
    let mut v = Validator::new(s);
    v.requests(s);
    v.finish(s).map(|v| v.net)
}

/// [`validate`] of a scenario it may take apart: the written routes, most of a large network,
/// are freed table by table as they are resolved instead of staying beside the network being
/// built, and the written requests one by one (the same network, the same problems).
pub fn validate_owned(mut s: model::Scenario) -> Result<Network, Vec<Diagnostic>> {
    let taken = take_routes(&mut s);
    let requests = std::mem::take(&mut s.requests);
    let mut v = Validator::empty(&s);
    v.taken_routes = Some(taken);
    v.build_owned(&mut s);
    v.requests_owned(requests);
    v.finish(&s).map(|v| v.net)
}

#[cfg(test)]
pub(crate) mod tally;

/// How many warnings of one file the text outputs list in full (`run`'s header, `check` and
/// `test`); the rest are counted, and every one is in the JSON report's `diagnostics`.
pub const MAX_LISTED_WARNINGS: usize = 20;

/// The working state of one validation.
pub(crate) struct Validator {
    pub(crate) net: Network,
    pub(crate) diags: Vec<Diagnostic>,
    /// Every scenario id: kind, position, and index into its vector (the network shares it).
    pub(crate) ids: Ids,
    /// Addresses taken in each subnet.
    pub(crate) taken: BTreeMap<SubnetIx, BTreeSet<Ipv4Addr>>,
    /// Where each subnet's next allocation starts looking ([`Validator::allocate`]).
    pub(crate) cursor: HashMap<SubnetIx, u32>,
    /// Each VPC's subnet CIDRs so far, to find an overlap without a scan.
    pub(crate) subnet_cidrs: HashMap<VpcIx, PrefixMap<Ipv4Net, usize>>,
    /// Next automatic public address for instances and NAT gateways.
    pub(crate) next_instance_ip: u32,
    pub(crate) next_nat_ip: u32,
    /// Public addresses in use, to refuse duplicates.
    pub(crate) public_ips: BTreeMap<Ipv4Addr, String>,
    /// Security group rules naming a group of another VPC: (where, the rule's VPC, the
    /// group's VPC, whether the rule is inbound). Allowed only across a peering connection or a
    /// transit gateway with security group referencing, checked once both are known.
    pub(crate) peer_group_refs: Vec<(Pos, VpcIx, VpcIx, bool)>,
    /// Transit gateway peering attachments, to pair with the other side's once every transit
    /// gateway is read.
    pub(crate) tgw_peerings: Vec<(TgwAttachmentIx, Pos)>,
    /// Direct Connect gateways' associations with transit gateways, until their attachments
    /// are read.
    pub(crate) dx_tgw: BTreeMap<(DxgwIx, TgwIx), direct_connect::TgwAssociation>,
    /// Graph nodes shared by many routes: the blackhole, and each instance and firewall that
    /// routes target.
    pub(crate) shared_nodes: BTreeMap<Node, petgraph::graph::NodeIndex>,
    /// Validating a file whose requests are streamed ([`validate_head`]): warnings that depend
    /// on the requests are left to the [`RequestChecker`].
    pub(crate) streaming: bool,
    /// With `streaming`: the zones nothing but a request could still ask.
    pub(crate) unasked_zones: Option<lint::UnaskedZones>,
    /// Route labels made so far, to share one among the routes that show the same words.
    pub(crate) labels: Labels,
    /// The written routes of each declared route table, in file order, when they were taken out
    /// of an owned scenario ([`validate_owned`]): each table's are freed once resolved.
    pub(crate) taken_routes: Option<Vec<Vec<model::Route>>>,
    /// What the warnings need of written requests that were freed as they were resolved
    /// ([`Validator::requests_owned`]); `None`: they are read from the scenario.
    pub(crate) freed_requests: Option<requests::FreedRequests>,
    /// The customer-managed prefix lists, by id: their entries (F6.74).
    pub(crate) prefix_lists: BTreeMap<String, Vec<Ipv4Net>>,
}

/// The route labels of one validation, each made once ([`crate::net::Label`]).
#[derive(Default)]
pub(crate) struct Labels(rustc_hash::FxHashMap<String, crate::net::Label>);

impl Labels {
    /// The shared label of these words.
    pub(crate) fn of(&mut self, words: String) -> crate::net::Label {
        if let Some(l) = self.0.get(&words) {
            return l.clone();
        }
        let l = crate::net::Label::from(words.as_str());
        self.0.insert(words, l.clone());
        l
    }
}

impl Validator {
    /// Validates everything but the requests, in the order the indices need.
    fn new(s: &model::Scenario) -> Validator {
        let mut v = Validator::empty(s);
        v.build(s);
        v
    }

    /// Everything [`Validator::new`] validates, on a validator made by [`Validator::empty`].
    fn build(&mut self, s: &model::Scenario) {
        self.build_vpcs(s);
        self.build_rest(s);
    }

    /// The first part of [`Validator::build`]: the ids, and the VPCs with what is in them.
    fn build_vpcs(&mut self, s: &model::Scenario) {
        self.build_ids(s);
        self.vpcs(s);
    }

    /// The ids of everything the file declares (and the overlay it may not hold alone).
    fn build_ids(&mut self, s: &model::Scenario) {
        let v = self;
        // A file with `network:` has its overlay added to its network's instances by the
        // loader, which empties it; here it stands alone.
        if let Some(o) = s.instances.first() {
            v.err(Code::NetworkFile, Pos::of(o), "`instances:` adds listeners to the instances of another file's network, and this file names none")
                .help("write `network: <the network file>` above it, or write `listens:` on the instance itself under its VPC's `instances:`");
        }
        v.register_ids(s);
        v.prefix_lists(s);
    }

    /// The rest of [`Validator::build`], after [`Validator::build_vpcs`]: it reads of the
    /// written VPCs only their route tables, load balancers, firewalls, Resolver endpoints
    /// and gateways.
    fn build_rest(&mut self, s: &model::Scenario) {
        let v = self;
        v.load_balancers(s);
        v.firewalls(s);
        v.resolver_endpoints(s);
        v.sites(s);
        v.dx_gateways(s);
        v.peerings(s);
        v.transit_gateways(s);
        v.dx_associations_attached();
        v.group_references();
        v.drop_addresses();
        v.routes(s);
        v.zones(s);
        v.resolver_rules(s);
        v.apis(s);
        v.custom_domains(s);
    }

    /// The ids, the index and the warnings, or every problem found.
    fn finish(mut self, s: &model::Scenario) -> Result<Validator, Vec<Diagnostic>> {
        #[cfg(test)]
        tally::count();
        self.net.ids = std::sync::Arc::clone(&self.ids);
        if !self.diags.is_empty() {
            self.diags.sort_by_key(|d| d.pos);
            return Err(self.diags);
        }
        self.drop_building();
        self.net.build_index();
        // A filter rule reads the same in every trace: its words are written once.
        let nacls = self.net.nacls.iter().map(crate::net::show_nacl_rules);
        self.net.index.nacl_rules_shown = nacls.collect();
        let net = &self.net;
        let groups = (0..net.security_groups.len()).map(SgIx);
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
                    Code::Region,
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
            Some(a) if is_account(&a.value) => a.value.clone(),
            Some(a) => {
                diags.push(
                    Diagnostic::new(Code::Account, Pos::of(a), "an AWS account id is 12 digits")
                        .with_help(
                            "quote it so YAML keeps leading zeros: account: \"012345678901\"",
                        ),
                );
                String::new()
            }
            None => "123456789012".to_string(),
        };
        let time = s.time.as_ref().and_then(|t| {
            let parsed = crate::policy::date(&t.value);
            if parsed.is_none() {
                diags.push(
                    Diagnostic::new(
                        Code::Time,
                        Pos::of(t),
                        format!("`{}` is not a date and time", t.value),
                    )
                    .with_help("write it in ISO 8601, in UTC: time: 2025-06-01T12:00:00Z"),
                );
            }
            parsed
        });
        Validator {
            net: Network {
                name: s.scenario.clone(),
                description: s.description.clone(),
                region: aws::Region::parse(&region).unwrap_or_default(),
                account,
                time,
                vpcs: Vec::new(),
                subnets: Vec::new(),
                route_tables: Vec::new(),
                igws: Vec::new(),
                nats: Vec::new(),
                endpoints: Vec::new(),
                instances: Vec::new(),
                lambdas: Vec::new(),
                security_groups: Vec::new(),
                nacls: Vec::new(),
                peerings: Vec::new(),
                tgws: Vec::new(),
                tgw_attachments: Vec::new(),
                tgw_route_tables: Vec::new(),
                sites: Vec::new(),
                vgws: Vec::new(),
                dx_gateways: Vec::new(),
                site_clients: Vec::new(),
                resolver_endpoints: Vec::new(),
                firewalls: Vec::new(),
                interfaces: Vec::new(),
                load_balancers: Vec::new(),
                resolver_rules: Vec::new(),
                apis: Vec::new(),
                custom_domains: Vec::new(),
                zones: Vec::new(),
                requests: Vec::new(),
                ids: Ids::default(),
                extra_services: Vec::new(),
                graph: DiGraph::new(),
                warnings: Vec::new(),
                index: Index::default(),
            },
            diags,
            ids: Ids::default(),
            taken: BTreeMap::new(),
            cursor: HashMap::new(),
            subnet_cidrs: HashMap::new(),
            next_instance_ip: u32::from(aws::FIRST_INSTANCE_PUBLIC_IP),
            next_nat_ip: u32::from(aws::FIRST_NAT_ELASTIC_IP),
            public_ips: BTreeMap::new(),
            peer_group_refs: Vec::new(),
            tgw_peerings: Vec::new(),
            dx_tgw: BTreeMap::new(),
            shared_nodes: BTreeMap::new(),
            streaming: false,
            unasked_zones: None,
            labels: Default::default(),
            taken_routes: None,
            freed_requests: None,
            prefix_lists: BTreeMap::new(),
        }
    }

    /// The Region a component is written in: its own `region`, else the file's.
    pub(crate) fn region_or_home(&mut self, r: &Option<Sp<String>>) -> aws::Region {
        match r {
            Some(r) if let Some(region) = aws::Region::parse(&r.value) => region,
            Some(r) => {
                self.err(
                    Code::Region,
                    Pos::of(r),
                    format!("`{}` is not an AWS Region vpcpath knows", r.value),
                )
                .help(suggest_or(
                    &r.value,
                    aws::REGIONS.iter().copied(),
                    "write a Region code such as us-east-1",
                ));
                self.net.region
            }
            None => self.net.region,
        }
    }

    /// The account a component belongs to: its own `account`, else the file's.
    pub(crate) fn account_or_home(&mut self, a: &Option<Sp<String>>) -> String {
        match a {
            Some(a) if is_account(&a.value) => a.value.clone(),
            Some(a) => {
                self.err(Code::Account, Pos::of(a), "an AWS account id is 12 digits")
                    .help("quote it so YAML keeps leading zeros: account: \"012345678901\"");
                self.net.account.clone()
            }
            None => self.net.account.clone(),
        }
    }

    /// Records a problem.
    #[track_caller]
    pub(crate) fn err(
        &mut self,
        code: Code,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        debug_assert_eq!(code.severity(), Severity::Error, "{code:?} is not an error");
        self.diags.push(Diagnostic::new(code, pos, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// Records a warning: AWS accepts it, but it is usually a mistake.
    #[track_caller]
    pub(crate) fn warn(
        &mut self,
        code: Code,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.net
            .warnings
            .push(Diagnostic::warning(code, pos, message));
        self.net.warnings.last_mut().expect("just pushed")
    }
}

/// Whether a string is an AWS account id: 12 digits.
fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests;
