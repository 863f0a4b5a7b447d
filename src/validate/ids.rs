//! Ids: every id of the file registered in file order, and references resolved against them
//! with a suggestion when one is misspelt.

use super::*;

/// The candidate closest to `word`, if one is close (Jaro-Winkler above 0.8).
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" when a candidate is close ([`closest`]), else `fallback`.
pub fn suggest_or<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
    fallback: &str,
) -> String {
    match closest(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.to_string(),
    }
}

impl Validator {
    /// Registers every id in the file, in file order, so later references can be checked
    /// whatever order things are written in. Indices follow the same order the builders use.
    /// The map is given room for every id first: grown by doubling, it held its old table
    /// beside the new one at its last growth (19 MB for the 147,000 ids of a 4,096-VPC hub
    /// and spokes, while every written VPC was still held).
    pub(crate) fn register_ids(&mut self, s: &model::Scenario) {
        let mut n = 0;
        each_id(s, &mut |id, _| n += usize::from(id.is_some()));
        std::sync::Arc::make_mut(&mut self.ids).reserve(n);
        let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
        each_id(s, &mut |id, kind| {
            // A Lambda function in a VPC is a client among the instances, numbered with them.
            let numbered = if kind == Kind::Lambda {
                Kind::Instance
            } else {
                kind
            };
            let slot = counts.entry(numbered).or_default();
            let ix = *slot;
            *slot += 1;
            if let Some(id) = id {
                self.register(id, kind, ix);
            }
        });
        self.ids_differing_by_case();
    }

    /// Refuses two ids that differ only by case. AWS writes its ids in lower case, and endpoint
    /// and API ids are read from DNS names, where case does not count: of `vpce-KMS` and
    /// `vpce-kms`, one could never be named.
    fn ids_differing_by_case(&mut self) {
        let mut folded: rustc_hash::FxHashMap<String, (&smol_str::SmolStr, Pos)> =
            Default::default();
        let mut clashes = Vec::new();
        // In the order of the ids, as the clashes are told.
        let mut ids: Vec<(&smol_str::SmolStr, &Pos)> =
            self.ids.iter().map(|(id, (_, p, _))| (id, p)).collect();
        ids.sort_unstable_by_key(|(id, _)| *id);
        for (id, pos) in ids {
            if let Some(&(other, at)) = folded.get(&id.to_ascii_lowercase()) {
                let (first, second) = if at < *pos {
                    ((other, at), (id, *pos))
                } else {
                    ((id, *pos), (other, at))
                };
                clashes.push((first.0.clone(), first.1, second.0.clone(), second.1));
            } else {
                folded.insert(id.to_ascii_lowercase(), (id, *pos));
            }
        }
        for (first, at, second, pos) in clashes {
            let msg = format!(
                "`{second}` differs from `{first}` (line {}) only by case",
                at.line
            );
            self.err(Code::Duplicate, pos, msg)
                .help("ids are unique whatever their case (AWS writes them in lower case, and DNS names, where endpoint and API ids appear, ignore it); rename one of them");
        }
    }

    pub(crate) fn register(&mut self, id: &Sp<String>, kind: Kind, ix: usize) {
        let pos = Pos::of(id);
        if !self.no_control(&id.value, pos, "id") {
            return;
        }
        if id.value.is_empty() || id.value.chars().any(char::is_whitespace) {
            self.err(Code::Id, pos, format!("`{}` is not a usable id", id.value))
                .help("ids are non-empty and have no spaces, e.g. subnet-app");
            return;
        }
        if matches!(id.value.as_str(), "internet" | "local" | "blackhole") {
            self.err(
                Code::Id,
                pos,
                format!("`{}` is a reserved word and cannot be an id", id.value),
            )
            .help("pick another id, e.g. with an AWS prefix such as igw-main");
            return;
        }
        if let Some((other, first, _)) = self.ids.get(id.value.as_str()) {
            let msg = format!(
                "duplicate id `{}`: already used by the {} at line {}",
                id.value,
                other.noun(),
                first.line
            );
            self.err(Code::Duplicate, pos, msg)
                .help("ids must be unique in the file; rename one of them");
            return;
        }
        if kind == Kind::OutsideLambda {
            self.net.lambdas.push(id.value.clone());
        }
        std::sync::Arc::make_mut(&mut self.ids).insert(id.value.as_str().into(), (kind, pos, ix));
    }

    /// The instance or Lambda function in a VPC (a client among the instances) of this id.
    pub(crate) fn instance_ix(&self, id: &str) -> Option<usize> {
        match self.ids.get(id) {
            Some(&(Kind::Instance | Kind::Lambda, _, ix)) => Some(ix),
            _ => None,
        }
    }

    /// Resolves a reference to a component of `kind`, reporting a dangling or mistyped id.
    pub(crate) fn resolve(
        &mut self,
        r: &Sp<impl AsRef<str>>,
        kind: Kind,
        from: &str,
    ) -> Option<usize> {
        let id = r.value.as_ref();
        match self.ids.get(id) {
            Some((k, _, ix)) if *k == kind => Some(*ix),
            Some((k, _, _)) => {
                let msg = format!(
                    "{from} names `{}`, which is a {}, not a {}",
                    id,
                    k.noun(),
                    kind.noun()
                );
                self.err(Code::Reference, Pos::of(r), msg)
                    .help("name a component of the kind this field takes");
                None
            }
            None => {
                let candidates: Vec<String> = self
                    .ids
                    .iter()
                    .filter(|(_, (k, _, _))| *k == kind)
                    .map(|(id, _)| id.to_string())
                    .collect();
                let help = suggest_or(
                    id,
                    candidates.iter().map(String::as_str),
                    &format!(
                        "declare a {} with this id, or fix the reference",
                        kind.noun()
                    ),
                );
                let msg = format!("{from} names `{}`, but no {} has that id", id, kind.noun());
                self.err(Code::Reference, Pos::of(r), msg).help(help);
                None
            }
        }
    }
}

/// Every id the file declares, in file order, with its kind (`None`: a component that takes an
/// index of its kind but has no id, a transit gateway's implicit default route table).
fn each_id(s: &model::Scenario, f: &mut impl FnMut(Option<&Sp<String>>, Kind)) {
    for vpc in &s.vpcs {
        f(Some(&vpc.id), Kind::Vpc);
        if let Some(igw) = &vpc.internet_gateway {
            f(Some(igw), Kind::Igw);
        }
        if let Some(vgw) = &vpc.vpn_gateway {
            f(Some(&vgw.id), Kind::Vgw);
        }
        for x in &vpc.subnets {
            f(Some(&x.id), Kind::Subnet);
        }
        for x in &vpc.route_tables {
            f(Some(&x.id), Kind::RouteTable);
        }
        for x in &vpc.nat_gateways {
            f(Some(&x.id), Kind::Nat);
        }
        for x in &vpc.endpoints {
            f(Some(&x.id), Kind::Endpoint);
        }
        for x in &vpc.security_groups {
            // `default` names each VPC's own default group: it is scoped to its VPC.
            if x.id.value != "default" {
                f(Some(&x.id), Kind::SecurityGroup);
            }
        }
        for x in &vpc.network_acls {
            f(Some(&x.id), Kind::Nacl);
        }
        for x in &vpc.instances {
            f(Some(&x.id), Kind::Instance);
        }
        for x in &vpc.lambda_functions {
            f(Some(&x.id), Kind::Lambda);
        }
        for x in &vpc.network_interfaces {
            f(Some(&x.id), Kind::NetworkInterface);
        }
        for x in &vpc.resolver_endpoints {
            f(Some(&x.id), Kind::ResolverEndpoint);
        }
        for x in &vpc.firewalls {
            f(Some(&x.id), Kind::Firewall);
        }
        for x in &vpc.load_balancers {
            f(Some(&x.id), Kind::LoadBalancer);
            for g in &x.target_groups {
                f(Some(&g.id), Kind::TargetGroup);
            }
        }
    }
    for x in &s.lambda_functions {
        f(Some(&x.id), Kind::OutsideLambda);
    }
    for p in &s.peerings {
        f(Some(&p.value.id), Kind::Peering);
    }
    for a in &s.apis {
        f(Some(&a.value.id), Kind::Api);
    }
    for site in &s.sites {
        f(Some(&site.id), Kind::Site);
        for c in &site.clients {
            f(Some(&c.id), Kind::SiteClient);
        }
        for m in &site.servers {
            f(Some(&m.id), Kind::SiteClient);
        }
    }
    for r in &s.resolver_rules {
        f(Some(&r.value.id), Kind::ResolverRule);
    }
    for t in &s.transit_gateways {
        f(Some(&t.id), Kind::Tgw);
        for x in &t.route_tables {
            f(Some(&x.id), Kind::TgwRouteTable);
        }
        if t.route_tables.is_empty() {
            // Its implicit default route table takes an index but has no id to register.
            f(None, Kind::TgwRouteTable);
        }
        for x in &t.attachments {
            f(Some(&x.id), Kind::TgwAttachment);
        }
    }
    for d in &s.direct_connect_gateways {
        f(Some(&d.id), Kind::DxGateway);
    }
}
