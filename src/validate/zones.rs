//! Route 53 hosted zones and their records.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use super::{Kind, Validator, dns_name, is_dns_name, nearest_word};
use crate::aws::words::{RecordType, Word};
use crate::error::{Code, Pos};
use crate::model::{self, Sp};
use crate::net::*;

impl Validator {
    /// Route 53 hosted zones.
    pub(crate) fn zones(&mut self, s: &model::Scenario) {
        // The zones declared so far by name, so a duplicate is found without a scan.
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for z in &s.dns_zones {
            let z = &z.value;
            let name = dns_name(&z.name.value);
            if !is_dns_name(&name, false) {
                self.err(
                    Code::Zone,
                    Pos::of(&z.name),
                    format!("`{}` is not a domain name", z.name.value),
                )
                .help("write a name such as example.com");
            }
            let mut vpcs = Vec::new();
            for r in &z.vpcs {
                let from = format!("zone {name}");
                if let Some(v) = self.resolve(r, Kind::Vpc, &from) {
                    vpcs.push(VpcIx(v));
                    let vpc = &self.net.vpcs[v];
                    if z.private && !(vpc.dns_support && vpc.dns_hostnames) {
                        let w = format!(
                            "private zone {name} is associated with {}, whose dns_support and dns_hostnames are not both true: its Resolver ignores the zone",
                            vpc.id
                        );
                        self.warn(Code::IgnoredZone, Pos::of(r), w).help(
                            "set `dns_support: true` and `dns_hostnames: true` on the VPC (F5.3)",
                        );
                    }
                    if z.private {
                        self.endpoint_zone_conflict(&name, VpcIx(v), Pos::of(r));
                    }
                }
            }
            if z.private && z.vpcs.is_empty() {
                self.err(Code::Zone, Pos::of(&z.name), format!("private zone {name} is associated with no VPC"))
                    .help("AWS creates a private hosted zone with at least one VPC: add `vpcs: [vpc-...]`");
            }
            if !z.private && !z.vpcs.is_empty() {
                self.err(Code::Zone, Pos::of(&z.name), format!("public zone {name} lists VPCs"))
                    .help("only private zones are associated with VPCs: add `private: true` or remove `vpcs`");
            }
            let earlier = by_name.get(&name).into_iter().flatten();
            if let Some(other) = earlier.map(|&i| &self.net.zones[i]).find(|o| {
                o.private == z.private && (!z.private || o.vpcs.iter().any(|v| vpcs.contains(v)))
            }) {
                let msg = format!(
                    "a {} zone named {} is already declared{}",
                    if z.private { "private" } else { "public" },
                    other.name,
                    if z.private { " for the same VPC" } else { "" }
                );
                self.err(Code::Duplicate, Pos::of(&z.name), msg)
                    .help("put all records of one zone under one entry");
            }
            let records = z
                .records
                .iter()
                .filter_map(|r| self.record(&name, r))
                .collect::<Vec<_>>();
            self.check_record_sets(z);
            by_name
                .entry(name.clone())
                .or_default()
                .push(self.net.zones.len());
            self.net
                .zones
                .push(Zone::new(name, z.private, vpcs, records));
        }
    }

    /// A private zone of the same name as the private DNS zone of an interface endpoint in a
    /// VPC it is associated with: AWS refuses whichever comes second (F5.18).
    fn endpoint_zone_conflict(&mut self, name: &str, v: VpcIx, at: Pos) {
        let Some(ep) = self
            .net
            .endpoints
            .iter()
            .filter(|e| e.vpc == v && e.has_private_dns())
            .find(|e| crate::aws::service_hostname(&e.service, &e.region) == name)
        else {
            return;
        };
        let vpc = &self.net.vpcs[v.0].id;
        let msg = format!(
            "private zone {name} is associated with {vpc}, where interface endpoint {} has private DNS for the same name: AWS refuses the second of them",
            ep.id
        );
        let help = format!(
            "turn the endpoint's private DNS off (`private_dns: false`) and answer the name from this zone, as spokes of a central endpoint do, or leave {vpc} out of the zone's `vpcs` (F5.18)"
        );
        self.err(Code::Zone, at, msg).help(help);
    }

    pub(crate) fn record(&mut self, zone: &str, r: &Sp<model::Record>) -> Option<Record> {
        let rec = &r.value;
        let name = dns_name(&rec.name.value);
        if !is_dns_name(&name, true) {
            self.err(
                Code::Zone,
                Pos::of(&rec.name),
                format!("`{}` is not a record name", rec.name.value),
            )
            .help("write a name inside the zone, e.g. api.example.com or *.example.com");
            return None;
        }
        let bare = name.strip_prefix("*.").unwrap_or(&name);
        if !(name == zone || bare == zone || bare.ends_with(&format!(".{zone}"))) {
            self.err(
                Code::Zone,
                Pos::of(&rec.name),
                format!("record {name} is not inside zone {zone}"),
            )
            .help(format!("records of this zone end in {zone}"));
            return None;
        }
        let kind = rec.kind.value.to_ascii_uppercase();
        let single = |v: &mut Validator, what: &str| -> Option<String> {
            match (&rec.value, &rec.target, rec.values.is_empty()) {
                (Some(x), None, true) if what == "value" => Some(dns_name(&x.value)),
                (None, Some(x), true) if what == "target" => Some(dns_name(&x.value)),
                _ => {
                    v.err(Code::Zone, Pos::of(r), format!("a {kind} record takes exactly one `{what}`"))
                        .help(format!("e.g. {{ name: {name}, type: {kind}, {what}: d111111abcdef8.cloudfront.net }}"));
                    None
                }
            }
        };
        let data = match RecordType::parse(&kind) {
            Some(RecordType::A) => {
                if rec.target.is_some() {
                    self.err(
                        Code::Zone,
                        Pos::of(r),
                        "an A record takes `values` (or one `value`), not `target`",
                    )
                    .help("for a Route 53 alias write `type: ALIAS, target: ...`");
                    return None;
                }
                let written: Vec<&Sp<String>> = rec.value.iter().chain(rec.values.iter()).collect();
                if written.is_empty() {
                    self.err(Code::Zone, Pos::of(r), "an A record needs `values`")
                        .help("e.g. values: [192.0.2.10]");
                    return None;
                }
                let ips: Vec<Ipv4Addr> = written.into_iter().filter_map(|w| self.ip(w)).collect();
                RecordData::A(ips)
            }
            Some(RecordType::Cname) => {
                let t = single(self, "value")?;
                if name == zone {
                    self.err(
                        Code::Zone,
                        Pos::of(&rec.name),
                        format!("a CNAME cannot be at the zone apex {zone}"),
                    )
                    .help("use `type: ALIAS` at the apex, as Route 53 requires");
                    return None;
                }
                RecordData::Cname(t)
            }
            Some(RecordType::Alias) => RecordData::Alias(single(self, "target")?),
            None => {
                // AAAA, TXT, MX... are real types vpcpath does not model; a typo gets the
                // nearest type.
                let help = nearest_word::<RecordType>(&kind);
                self.err(
                    Code::Zone,
                    Pos::of(&rec.kind),
                    format!("record type `{kind}` is not modelled"),
                )
                .help(help);
                return None;
            }
        };
        if let RecordData::Cname(t) | RecordData::Alias(t) = &data
            && !is_dns_name(t, false)
        {
            self.err(
                Code::Zone,
                Pos::of(r),
                format!("`{t}` is not a domain name"),
            )
            .help("write the name the record points to, e.g. d111111abcdef8.cloudfront.net");
            return None;
        }
        Some(Record { name, data })
    }

    /// One record set per name (and a CNAME alone at its name), checked on the records as
    /// written so each repeat is reported once, where it stands.
    pub(crate) fn check_record_sets(&mut self, z: &model::DnsZone) {
        // Each name's first record: whether it is a CNAME.
        let mut seen: HashMap<String, bool> = HashMap::with_capacity(z.records.len());
        for r in &z.records {
            let name = dns_name(&r.value.name.value);
            let cname = RecordType::parse(&r.value.kind.value) == Some(RecordType::Cname);
            if let Some(earlier_cname) = seen.get(&name) {
                let msg = if cname || *earlier_cname {
                    format!(
                        "{name} has a CNAME and another record: a CNAME must be the only record at its name (RFC 1034)"
                    )
                } else {
                    format!(
                        "{name} has two address records: Route 53 keeps one record set per name and type"
                    )
                };
                self.err(Code::Duplicate, Pos::of(&r.value.name), msg)
                    .help("merge them into one record (`values: [...]`) or remove one");
            }
            seen.entry(name).or_insert(cname);
        }
    }
}
