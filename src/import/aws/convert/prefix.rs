//! Managed prefix lists: AWS's (S3, DynamoDB, CloudFront, ...) and customers' own, with the
//! entries the dump holds. A rule or route naming a list names it in the scenario too, and the
//! list is written under `prefix_lists:` with its entries (F6.74, F6.78: a route to a list
//! keeps its rank, after static routes of the same prefix and before propagated ones), except
//! AWS's S3 and DynamoDB lists, which keep their service's name (vpcpath gives AWS services its
//! own address plan, in which their gateway endpoints' routes are). A list whose entries the
//! dump lacks is said, and what names it is left out with a note.

use super::*;

/// One prefix list of the dump.
#[derive(Debug, Default)]
pub(crate) struct PrefixList {
    /// `com.amazonaws.us-east-1.s3`, or the customer's name.
    name: Option<String>,
    /// Managed by AWS (`OwnerId: AWS`, or listed by `describe-prefix-lists`).
    aws: bool,
    /// Its entries, if the dump has them.
    cidrs: Option<Vec<String>>,
    /// An IPv6 list (not modelled).
    ipv6: bool,
    /// Where the dump lists it and its entries.
    places: Vec<String>,
}

/// Every prefix list of the dump, by id, and for the accounting, the lists a rule or route
/// names, the parts each stands in, and those the scenario names by id (written under
/// `prefix_lists:`).
#[derive(Debug, Default)]
pub(crate) struct PrefixLists(
    BTreeMap<String, PrefixList>,
    BTreeSet<String>,
    Vec<(String, Pos)>,
    BTreeSet<String>,
);

/// What a reference to a prefix list stands for.
pub(crate) enum Reference {
    /// AWS's S3 or DynamoDB list: the service's name (`s3`).
    Service(String),
    /// The list's entries.
    Cidrs(Vec<String>),
    /// Nothing the scenario can hold: why, in words.
    Unknown(&'static str),
}

impl PrefixLists {
    /// What the list `id` stands for in a rule or route that names it (remembered for the
    /// accounting).
    pub(crate) fn named(&mut self, id: &str) -> Reference {
        self.1.insert(id.to_string());
        self.reference(id)
    }

    /// The list `id` is read into the part written at `pos` (a rule or route of its entries).
    pub(crate) fn read_into(&mut self, id: &str, pos: Pos) {
        self.2.push((id.to_string(), pos));
    }

    /// The list `id` is named by its id in the part written at `pos` (a route or rule that
    /// references it): the list is written under `prefix_lists:`.
    pub(crate) fn referenced(&mut self, id: &str, pos: Pos) {
        self.read_into(id, pos);
        self.3.insert(id.to_string());
    }

    /// What the list `id` stands for in a rule or route.
    pub(crate) fn reference(&self, id: &str) -> Reference {
        let Some(pl) = self.0.get(id) else {
            return Reference::Unknown(
                "a prefix list not in the dump (collect describe-managed-prefix-lists and get-managed-prefix-list-entries)",
            );
        };
        let service = pl
            .name
            .as_deref()
            .filter(|n| n.starts_with("com.amazonaws."))
            .and_then(|n| n.rsplit('.').next());
        if pl.ipv6 {
            return Reference::Unknown("an IPv6 prefix list (IPv6 is not modelled)");
        }
        match (pl.aws, service, &pl.cidrs) {
            (true, Some(s @ ("s3" | "dynamodb")), _) => Reference::Service(s.to_string()),
            (_, _, Some(cidrs)) => Reference::Cidrs(cidrs.clone()),
            (_, _, None) => Reference::Unknown(
                "a prefix list whose entries are not in the dump (collect get-managed-prefix-list-entries)",
            ),
        }
    }
}

/// Where an entry of a list overlaps a CIDR of `vpc`, which vpcpath refuses in a route to the
/// list (F6.74): the words that say so.
pub(crate) fn overlaps_vpc(vpc: &model::Vpc, entries: &[String]) -> Option<String> {
    let cidrs: Vec<Ipv4Net> = vpc
        .cidr
        .iter()
        .chain(&vpc.cidrs)
        .filter_map(|c| c.value.parse().ok())
        .collect();
    entries.iter().find_map(|e| {
        let e: Ipv4Net = e.parse().ok()?;
        let c = cidrs.iter().find(|c| c.contains(&e) || e.contains(*c))?;
        Some(format!("{e} overlaps the VPC's CIDR {c}"))
    })
}

/// Reads `PrefixLists` (`describe-prefix-lists`: AWS's lists, with their CIDRs; or the raw
/// output of `describe-managed-prefix-lists`, which uses the same key),
/// `ManagedPrefixLists` (the collector's name for the latter) and `ManagedPrefixListEntries`
/// (the collector's `[{PrefixListId, Entries}]` of `get-managed-prefix-list-entries`).
pub(crate) fn read(cx: &mut Cx) -> Result<PrefixLists, ImportError> {
    let mut lists = PrefixLists::default();
    for key in ["PrefixLists", "ManagedPrefixLists"] {
        cx.each(key, "PrefixListId", |cx, item| {
            let id = item.s("PrefixListId")?.to_string();
            if item.os("AddressFamily")? == Some("IPv6") {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    id.clone(),
                    Some(item.place()),
                    "IPv6 prefix lists (what names one is left out)",
                );
                let pl = lists.0.entry(id).or_default();
                pl.ipv6 = true;
                pl.places.push(item.place());
                return Ok(());
            }
            let pl = lists.0.entry(id).or_default();
            pl.places.push(item.place());
            // describe-prefix-lists lists AWS's only, without an owner.
            pl.aws |= item.os("OwnerId")?.is_none_or(|o| o == "AWS");
            pl.name = item
                .os("PrefixListName")?
                .map(str::to_string)
                .or(pl.name.take());
            if item.value.get("Cidrs").is_some() {
                let cidrs = item
                    .strings("Cidrs")?
                    .iter()
                    .map(|c| cidr(item, "Cidrs", c))
                    .collect::<Result<Vec<_>, _>>()?;
                pl.cidrs = Some(cidrs);
            }
            Ok(())
        })?;
    }
    cx.each("ManagedPrefixListEntries", "PrefixListId", |_, item| {
        let id = item.s("PrefixListId")?.to_string();
        let mut cidrs = Vec::new();
        for e in item.children("Entries")? {
            let c = e.s("Cidr")?;
            if c.contains(':') {
                // An IPv6 list's (itself noted as not modelled).
                continue;
            }
            cidrs.push(cidr(&e, "Cidr", c)?);
        }
        let pl = lists.0.entry(id).or_default();
        pl.cidrs = Some(cidrs);
        pl.places.push(item.place());
        Ok(())
    })?;
    Ok(lists)
}

/// Says, for each of AWS's S3 and DynamoDB lists whose ranges the dump holds, that vpcpath
/// does not use them.
pub(crate) fn note_service_ranges(cx: &mut Cx) {
    let mut notes = Vec::new();
    for (id, pl) in &cx.prefix_lists.0 {
        if let (Reference::Service(s), Some(cidrs)) = (cx.prefix_lists.reference(id), &pl.cidrs) {
            notes.push((
                id.clone(),
                format!(
                    "AWS's {s} prefix list: its ranges in the dump ({}) are not used; vpcpath gives AWS services its own address plan (docs/model.md), so a request to {s} is posed by its name, not by one of these addresses",
                    cidrs.join(", ")
                ),
            ));
        }
    }
    for (id, message) in notes {
        cx.b.notes.about(NoteKind::NotModelled, id, None, message);
    }
}

/// Writes each list a route or rule names by its id under `prefix_lists:`, with its entries;
/// links each list to the rules and routes it was read into; a list read into none is said,
/// with why, unless a note names it already (AWS's service lists, IPv6 lists).
pub(crate) fn account(cx: &mut Cx) {
    let lists = std::mem::take(&mut cx.prefix_lists);
    for id in &lists.3 {
        let Some(pl) = lists.0.get(id) else {
            continue;
        };
        let place = pl.places.first().cloned().unwrap_or_default();
        let pos = cx.b.at(id.clone(), place);
        for place in &pl.places {
            cx.b.ledger.link(place.clone(), pos);
        }
        let entries = pl.cidrs.iter().flatten();
        cx.b.s.prefix_lists.push(sp(
            pos,
            model::PrefixList {
                id: sp(pos, id.clone()),
                entries: entries.map(|c| sp(pos, c.clone())).collect(),
            },
        ));
    }
    for (id, pos) in &lists.2 {
        for place in lists.0.get(id).map_or(&[][..], |pl| &pl.places) {
            cx.b.ledger.link(place.clone(), *pos);
        }
    }
    let noted: BTreeSet<String> =
        cx.b.notes
            .all()
            .iter()
            .filter_map(|n| n.resource.clone())
            .collect();
    for (id, pl) in &lists.0 {
        if lists.2.iter().any(|(x, _)| x == id) || noted.contains(id) {
            continue;
        }
        let message = if lists.1.contains(id) {
            "a prefix list no rule or route of the scenario stands for: each that names it is left out, with a note saying why"
        } else {
            "a prefix list no security group rule or route of the dump names (nothing to import)"
        };
        for place in &pl.places {
            cx.b.notes
                .about(NoteKind::LeftOut, id.clone(), Some(place.clone()), message);
        }
    }
    cx.prefix_lists = lists;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_stands_for_the_service_the_entries_or_says_what_is_missing() {
        let mut p = PrefixLists::default();
        let list = |aws, name: &str, cidrs: Option<Vec<&str>>| PrefixList {
            name: Some(name.into()),
            aws,
            cidrs: cidrs.map(|c| c.into_iter().map(String::from).collect()),
            ..PrefixList::default()
        };
        p.0.insert(
            "pl-s3".into(),
            list(
                true,
                "com.amazonaws.us-east-1.s3",
                Some(vec!["52.216.0.0/15"]),
            ),
        );
        p.0.insert(
            "pl-mine".into(),
            list(false, "offices", Some(vec!["10.9.0.0/16"])),
        );
        p.0.insert("pl-empty".into(), list(false, "partners", None));
        assert!(matches!(p.reference("pl-s3"), Reference::Service(s) if s == "s3"));
        assert!(matches!(p.reference("pl-mine"), Reference::Cidrs(c) if c == ["10.9.0.0/16"]));
        assert!(matches!(p.reference("pl-empty"), Reference::Unknown(w) if w.contains("entries")));
        assert!(
            matches!(p.reference("pl-none"), Reference::Unknown(w) if w.contains("not in the dump"))
        );
        let mut v6 = list(false, "v6", Some(vec![]));
        v6.ipv6 = true;
        p.0.insert("pl-v6".into(), v6);
        assert!(matches!(p.reference("pl-v6"), Reference::Unknown(w) if w.contains("IPv6")));
    }

    #[test]
    fn an_entry_that_overlaps_the_vpcs_cidr_either_way_is_said() {
        let vpc = model::Vpc {
            cidr: Some(sp(Pos::default(), "10.0.0.0/16".to_string())),
            cidrs: vec![sp(Pos::default(), "100.64.0.0/16".to_string())],
            ..model::Vpc::default()
        };
        let entries = |e: &[&str]| e.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(overlaps_vpc(&vpc, &entries(&["192.168.0.0/16"])), None);
        assert_eq!(
            overlaps_vpc(&vpc, &entries(&["192.168.0.0/16", "10.0.5.0/24"])).as_deref(),
            Some("10.0.5.0/24 overlaps the VPC's CIDR 10.0.0.0/16")
        );
        assert_eq!(
            overlaps_vpc(&vpc, &entries(&["100.0.0.0/8"])).as_deref(),
            Some("100.0.0.0/8 overlaps the VPC's CIDR 100.64.0.0/16")
        );
    }
}
