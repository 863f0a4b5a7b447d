//! Customer-managed prefix lists: their entries, and the routes of a VPC route table (F6.74)
//! and of a transit gateway route table (F6.78) that name one.

use super::*;

impl Validator {
    /// The file's prefix lists, by id, before anything names them.
    pub(crate) fn prefix_lists(&mut self, s: &model::Scenario) {
        for pl in &s.prefix_lists {
            let id = &pl.value.id;
            if !id.value.starts_with("pl-") {
                self.err(
                    Code::Id,
                    Pos::of(id),
                    format!("`{}` is not a prefix list id", id.value),
                )
                .help("a prefix list's id begins with `pl-`, as AWS's do (pl-0123456789abcdef0)");
                continue;
            }
            if matches!(id.value.as_str(), "pl-s3" | "pl-dynamodb") {
                self.err(Code::Id, Pos::of(id), format!("{} is the name vpcpath gives AWS's own prefix list", id.value))
                    .help("give your list another id; AWS's S3 and DynamoDB lists are named by `prefix_list: s3` or `dynamodb`");
                continue;
            }
            if self.prefix_lists.contains_key(&id.value) {
                self.err(
                    Code::Duplicate,
                    Pos::of(id),
                    format!("two prefix lists named {}", id.value),
                )
                .help("give each prefix list its own id");
                continue;
            }
            let entries: Vec<Ipv4Net> = pl
                .value
                .entries
                .iter()
                .filter_map(|e| self.cidr(e))
                .collect();
            self.prefix_lists.insert(id.value.clone(), entries);
        }
    }

    /// The entries of the prefix list `name` names, or an error at it.
    pub(crate) fn prefix_list(&mut self, name: &Sp<impl AsRef<str>>) -> Option<Vec<Ipv4Net>> {
        let id = name.value.as_ref();
        if let Some(entries) = self.prefix_lists.get(id) {
            return Some(entries.clone());
        }
        self.err(
            Code::Reference,
            Pos::of(name),
            format!("no prefix list {id}: `prefix_lists:` declares none by that id"),
        )
        .help(
            "declare it at the top level, prefix_lists: [{ id: pl-..., entries: [10.0.0.0/16] }]; AWS's own lists vpcpath knows are named `s3` and `dynamodb`",
        );
        None
    }

    /// The entries of the prefix list route `r` names, the first time its table names it;
    /// `None` (said) for a list not declared, or named again (`twice`: the error and its help).
    fn listed_once(
        &mut self,
        r: &model::Route,
        seen: &mut BTreeSet<String>,
        (message, help): (String, &str),
    ) -> Option<Vec<Ipv4Net>> {
        let entries = self.prefix_list(&r.destination)?;
        if !seen.insert(r.destination.value.to_string()) {
            self.err(Code::Duplicate, Pos::of(&r.destination), message)
                .help(help);
            return None;
        }
        Some(entries)
    }

    /// The routes of a VPC route table's route to prefix list `r.destination`: one per entry,
    /// each a prefix-list route, after static routes and before propagated ones for the same
    /// prefix (F6.74). An entry inside the VPC's CIDR is refused: vpcpath does not model it.
    pub(crate) fn prefix_list_routes(
        &mut self,
        v: VpcIx,
        r: &model::Route,
        locals: &[Route],
        seen: &mut BTreeSet<String>,
    ) -> Vec<Route> {
        let id = r.destination.value.as_str();
        let twice = (
            format!("two routes for {id} in one table"),
            "AWS keeps one route per destination in a table; remove one",
        );
        let Some(entries) = self.listed_once(r, seen, twice) else {
            return Vec::new();
        };
        let Some(target) = self.route_target(v, &r.target) else {
            return Vec::new();
        };
        let mut routes = Vec::new();
        for c in entries {
            if let Some(local) = locals
                .iter()
                .find(|l| l.destination.contains(&c) || c.contains(&l.destination))
            {
                self.err(Code::Route, Pos::of(&r.destination), format!("entry {c} of {id} overlaps the VPC's CIDR {}: vpcpath does not model a prefix-list route there", local.destination))
                    .help("keep the VPC's own CIDRs out of the list, or route the entries one by one");
                return Vec::new();
            }
            routes.push(Route {
                destination: c,
                target,
                label: self.labels.of(format!("{id} ({c})")),
                origin: Origin::PrefixList,
            });
        }
        routes
    }

    /// The routes of a transit gateway route table's prefix-list reference (`r.destination` is
    /// the list): one per entry, to the reference's attachment or a blackhole, each a
    /// prefix-list route: after a static route of the same prefix, before every propagated one
    /// (F6.78, F6.16). A table references a list once.
    pub(crate) fn tgw_prefix_list_routes(
        &mut self,
        tgw: TgwIx,
        table: &str,
        r: &model::Route,
        seen: &mut BTreeSet<String>,
    ) -> Vec<TgwRoute> {
        let id = r.destination.value.as_str();
        let twice = (
            format!("two references to prefix list {id} in {table}"),
            "a transit gateway route table references a prefix list once; remove one",
        );
        let Some(entries) = self.listed_once(r, seen, twice) else {
            return Vec::new();
        };
        let Some(target) = self.tgw_route_target(tgw, &r.target) else {
            return Vec::new();
        };
        entries
            .into_iter()
            .map(|c| TgwRoute {
                destination: c,
                target,
                label: self.labels.of(format!("{id} ({c})")),
                origin: Origin::PrefixList,
            })
            .collect()
    }
}
