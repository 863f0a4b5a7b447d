//! Custom domain names with their mappings, and Route 53 zones with their records.

use std::collections::BTreeMap;

use serde_json::Value;

use super::convert::*;
use crate::import::build::{NoteKind, sp};
use crate::model;

/// A short stable token of a name, for a target AWS gives only at apply.
fn token(name: &str) -> String {
    super::unknown_id("aws_api_gateway_rest_api", name)
}

/// Custom domain names with their base path (v1) and API (v2) mappings. Returns each domain's
/// target by its id and its name, for the alias records that point at it.
pub(crate) fn domains(tx: &mut Tx, apis: &[String]) -> BTreeMap<String, String> {
    let side = tx.side;
    let mut targets = BTreeMap::new();
    let kinds = [
        "aws_api_gateway_domain_name",
        "aws_apigatewayv2_domain_name",
    ];
    for r in side
        .resources
        .iter()
        .filter(|r| kinds.contains(&r.kind.as_str()))
    {
        let Some(name) = r.text("domain_name") else {
            tx.note(NoteKind::LeftOut, r, "its name is unknown until apply");
            continue;
        };
        let v2 = r.kind == "aws_apigatewayv2_domain_name";
        let kind = if v2 {
            "regional".to_string()
        } else {
            r.values
                .pointer("/endpoint_configuration/0/types/0")
                .and_then(Value::as_str)
                .unwrap_or("EDGE")
                .to_ascii_lowercase()
        };
        let known = if v2 {
            r.values
                .pointer("/domain_name_configuration/0/target_domain_name")
                .and_then(Value::as_str)
        } else if kind == "edge" {
            r.text("cloudfront_domain_name")
        } else {
            r.text("regional_domain_name")
        };
        let region = tx.b.s.region.value.clone();
        let target = match (known.filter(|t| !t.is_empty()), kind.as_str()) {
            (Some(t), _) => t.trim_end_matches('.').to_string(),
            (None, "edge") => format!("d{}.cloudfront.net", token(name)),
            (None, "regional") => format!("d-{}.execute-api.{region}.amazonaws.com", token(name)),
            (None, _) => {
                tx.note(
                    NoteKind::NotModelled,
                    r,
                    format!("{kind} custom domains (left out)"),
                );
                continue;
            }
        };
        if known.is_none() {
            tx.b.stand_ins.insert(name.to_string());
            tx.note(
                NoteKind::Assumed,
                r,
                format!("its target is unknown until apply: {target} stands in"),
            );
        }
        let domain_id = tx.id(r);
        let mut mappings = Vec::new();
        let mapping_kinds = [
            "aws_api_gateway_base_path_mapping",
            "aws_apigatewayv2_api_mapping",
        ];
        for m in side
            .resources
            .iter()
            .filter(|m| mapping_kinds.contains(&m.kind.as_str()))
        {
            let of = side.attr(m, "domain_name");
            if of.as_deref() != Some(name) && of.as_deref() != Some(&domain_id) {
                continue;
            }
            let api = side.attr(m, "api_id").unwrap_or_default();
            let stage = side
                .attr(m, "stage_name")
                .or_else(|| side.attr(m, "stage"))
                .unwrap_or_default();
            let path = m
                .text("base_path")
                .or_else(|| m.text("api_mapping_key"))
                .unwrap_or("");
            if apis.contains(&api) && !stage.is_empty() {
                let p = tx.at(m);
                mappings.push(sp(
                    p,
                    model::Mapping {
                        path: path.to_string(),
                        api: sp(p, api),
                        stage: sp(p, stage),
                    },
                ));
            } else {
                tx.note(
                    NoteKind::LeftOut,
                    m,
                    "its API or stage is unknown, or was left out",
                );
            }
        }
        let pos = tx.at(r);
        tx.b.s.custom_domains.push(sp(
            pos,
            model::CustomDomain {
                name: sp(pos, name.to_string()),
                endpoint: sp(pos, kind),
                target: Some(sp(pos, target.clone())),
                mappings,
                ..model::CustomDomain::default()
            },
        ));
        targets.insert(domain_id, target.clone());
        targets.insert(name.to_string(), target);
    }
    targets
}

/// Route 53 zones (private ones with their VPCs, inline or `aws_route53_zone_association`)
/// and their A, CNAME and alias records.
pub(crate) fn zones(tx: &mut Tx, targets: &BTreeMap<String, String>) {
    let side = tx.side;
    for r in side.of("aws_route53_zone") {
        let Some(name) = r.text("name") else {
            tx.note(NoteKind::LeftOut, r, "its name is unknown until apply");
            continue;
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let zone = tx.id(r);
        let blocks = r
            .values
            .get("vpc")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let managed = tx.managed;
        let mut vpcs: Vec<String> = (0..blocks)
            .filter_map(|i| side.attr(r, &format!("vpc/{i}/vpc_id")))
            .filter(|v| !managed.has(&format!("zone {zone} vpc {v}")))
            .collect();
        vpcs.extend(side.associated("aws_route53_zone_association", "zone_id", &zone, "vpc_id"));
        vpcs.sort();
        vpcs.dedup();
        let mut records = Vec::new();
        for rec in side.of("aws_route53_record") {
            if side.attr(rec, "zone_id").as_deref() != Some(&zone) {
                continue;
            }
            if let Some(record) = record(tx, rec, &name, targets) {
                records.push(record);
            }
        }
        let pos = tx.at(r);
        let vpcs = tx.each(r, "vpc", vpcs);
        tx.b.s.dns_zones.push(sp(
            pos,
            model::DnsZone {
                name: sp(pos, name),
                private: !vpcs.is_empty(),
                vpcs,
                records,
            },
        ));
    }
}

/// One record of the zone `zone`: A (with a new instance's stand-in address when its value is
/// that instance's, unknown until apply), CNAME, or alias.
fn record(
    tx: &mut Tx,
    rec: &super::Resource,
    zone: &str,
    targets: &BTreeMap<String, String>,
) -> Option<crate::model::Sp<model::Record>> {
    let side = tx.side;
    let Some(rname) = rec.text("name") else {
        tx.note(NoteKind::LeftOut, rec, "its name is unknown until apply");
        return None;
    };
    let rname = rname.trim_end_matches('.').to_ascii_lowercase();
    let rname = if rname == zone || rname.ends_with(&format!(".{zone}")) {
        rname
    } else {
        format!("{rname}.{zone}")
    };
    let mut values = strings(&rec.values, "records");
    if values.is_empty() && rec.values.get("records").is_none() {
        // Unknown until apply: the addresses of the instances it names, stand-ins included.
        for i in side.references_to(rec, "records", &["aws_instance"]) {
            let found =
                tx.b.s
                    .vpcs
                    .iter()
                    .flat_map(|v| &v.instances)
                    .find(|x| x.id.value == i)
                    .and_then(|x| x.private_ip.as_ref().map(|p| p.value.clone()));
            if let Some(ip) = found {
                if tx.b.stand_ins.contains(&i) {
                    tx.b.stand_ins.insert(rname.clone());
                    tx.note(
                        NoteKind::Assumed,
                        rec,
                        format!("its value is {i}'s private address, unknown until apply: {ip} stands in"),
                    );
                }
                values.push(ip);
            }
        }
    }
    let aliased = rec
        .values
        .get("alias")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
        || side.written(rec, "alias");
    // An alias to a custom domain made in the same apply: the domain's target.
    let domain_kinds = [
        "aws_api_gateway_domain_name",
        "aws_apigatewayv2_domain_name",
    ];
    let known = rec
        .values
        .pointer("/alias/0/name")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let alias = known.map(str::to_string).or_else(|| {
        ["alias/0/name", "alias"].iter().find_map(|path| {
            let domains = side.references_to(rec, path, &domain_kinds);
            domains.first().and_then(|d| targets.get(d)).cloned()
        })
    });
    let p = tx.at(rec);
    let base = |kind: &str| model::Record {
        name: sp(p, rname.clone()),
        kind: sp(p, kind.to_string()),
        ..model::Record::default()
    };
    let written = match (rec.text("type"), aliased, alias) {
        (Some("A"), true, Some(t)) => model::Record {
            target: Some(sp(p, t.trim_end_matches('.').to_string())),
            ..base("ALIAS")
        },
        (Some("A"), false, _) if !values.is_empty() => model::Record {
            values: values.into_iter().map(|v| sp(p, v)).collect(),
            ..base("A")
        },
        (Some("CNAME"), false, _) if values.len() == 1 => model::Record {
            value: Some(sp(p, values[0].trim_end_matches('.').to_string())),
            ..base("CNAME")
        },
        (Some("A" | "CNAME"), _, _) => {
            tx.note(NoteKind::LeftOut, rec, "its value is unknown until apply");
            return None;
        }
        _ => {
            tx.note(
                NoteKind::NotModelled,
                rec,
                "Route 53 records other than A, CNAME and alias (left out)",
            );
            return None;
        }
    };
    Some(sp(p, written))
}
