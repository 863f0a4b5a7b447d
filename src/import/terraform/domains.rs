//! Custom domain names with their mappings, and Route 53 zones with their records.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Side;
use crate::import::aws::convert::{Notes, World};
use crate::import::yaml::{list, q};

/// A short stable token of a name, for a target AWS gives only at apply.
fn token(name: &str) -> String {
    super::unknown_id("aws_api_gateway_rest_api", name)
}

/// Custom domain names with their base path (v1) and API (v2) mappings. Returns each domain's
/// target by its id, for the alias records that point at it.
pub(crate) fn domains(
    side: &Side,
    w: &mut World,
    notes: &mut Notes,
    apis: &[String],
) -> BTreeMap<String, String> {
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
            notes.add(format!(
                "{}: its name is unknown until apply: left out",
                r.address
            ));
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
        let target = match (known.filter(|t| !t.is_empty()), kind.as_str()) {
            (Some(t), _) => t.trim_end_matches('.').to_string(),
            (None, "edge") => format!("d{}.cloudfront.net", token(name)),
            (None, "regional") => {
                format!("d-{}.execute-api.{}.amazonaws.com", token(name), w.region)
            }
            (None, _) => {
                notes.add(format!(
                    "not modelled: {kind} custom domain {name} (left out)"
                ));
                continue;
            }
        };
        if known.is_none() {
            w.stand_ins.insert(name.to_string());
            notes.add(format!(
                "{}: its target is unknown until apply: {target} stands in",
                r.address
            ));
        }
        let domain_id = side.ids[&r.address].clone();
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
                let path = serde_json::to_string(path).unwrap_or_default();
                mappings.push(format!(
                    "{{ path: {path}, api: {}, stage: {} }}",
                    q(&api),
                    q(&stage)
                ));
            } else {
                notes.add(format!(
                    "{}: its API or stage is unknown or left out: left out",
                    m.address
                ));
            }
        }
        w.domains.push(format!(
            "  - {{ name: {}, endpoint: {kind}, target: {}, mappings: [{}] }}\n",
            q(name),
            q(&target),
            mappings.join(", ")
        ));
        targets.insert(domain_id, target.clone());
        targets.insert(name.to_string(), target);
    }
    targets
}

/// Route 53 zones (private ones with their VPCs, inline or `aws_route53_zone_association`)
/// and their A, CNAME and alias records.
pub(crate) fn zones(
    side: &Side,
    w: &mut World,
    notes: &mut Notes,
    targets: &BTreeMap<String, String>,
) {
    for r in side
        .resources
        .iter()
        .filter(|r| r.kind == "aws_route53_zone")
    {
        let Some(name) = r.text("name") else {
            continue;
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let zone = side.ids[&r.address].clone();
        let blocks = r
            .values
            .get("vpc")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let mut vpcs: Vec<String> = (0..blocks)
            .filter_map(|i| side.attr(r, &format!("vpc/{i}/vpc_id")))
            .collect();
        for a in side
            .resources
            .iter()
            .filter(|a| a.kind == "aws_route53_zone_association")
        {
            if side.attr(a, "zone_id").as_deref() == Some(&zone)
                && let Some(v) = side.attr(a, "vpc_id")
            {
                vpcs.push(v);
            }
        }
        vpcs.sort();
        vpcs.dedup();
        let mut records = Vec::new();
        for rec in side
            .resources
            .iter()
            .filter(|x| x.kind == "aws_route53_record")
        {
            if side.attr(rec, "zone_id").as_deref() != Some(&zone) {
                continue;
            }
            let Some(rname) = rec.text("name") else {
                notes.add(format!(
                    "{}: its name is unknown until apply: left out",
                    rec.address
                ));
                continue;
            };
            let rname = rname.trim_end_matches('.').to_ascii_lowercase();
            let rname = if rname == name || rname.ends_with(&format!(".{name}")) {
                rname
            } else {
                format!("{rname}.{name}")
            };
            let values: Vec<String> = rec
                .values
                .get("records")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            let aliased = rec
                .values
                .get("alias")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty());
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
            match (rec.text("type"), aliased, alias) {
                (Some("A"), true, Some(t)) => records.push(format!(
                    "{{ name: {}, type: ALIAS, target: {} }}",
                    q(&rname),
                    q(t.trim_end_matches('.'))
                )),
                (Some("A"), false, _) if !values.is_empty() => records.push(format!(
                    "{{ name: {}, type: A, values: {} }}",
                    q(&rname),
                    list(&values)
                )),
                (Some("CNAME"), false, _) if values.len() == 1 => records.push(format!(
                    "{{ name: {}, type: CNAME, value: {} }}",
                    q(&rname),
                    q(values[0].trim_end_matches('.'))
                )),
                (Some("A" | "CNAME"), _, _) => notes.add(format!(
                    "{}: its value is unknown until apply: left out",
                    rec.address
                )),
                _ => notes
                    .add("not modelled: Route 53 records other than A, CNAME and alias (left out)"),
            }
        }
        let mut y = format!("  - name: {}\n", q(&name));
        if !vpcs.is_empty() {
            y.push_str(&format!("    private: true\n    vpcs: {}\n", list(&vpcs)));
        }
        y.push_str(if records.is_empty() {
            "    records: []\n"
        } else {
            "    records:\n"
        });
        for rec in records {
            y.push_str(&format!("      - {rec}\n"));
        }
        w.zones.push(y);
    }
}
