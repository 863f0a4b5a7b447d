//! API Gateway (REST, HTTP and WebSocket APIs, stages, policies, custom domains and their
//! mappings), Route 53 zones and records, and Lambda functions.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Resource, Side};
use crate::import::aws::convert::{Notes, World};
use crate::import::yaml::{list, q};

fn text<'v>(r: &'v Resource, k: &str) -> Option<&'v str> {
    r.values.get(k).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// Every service resource of a side.
pub(crate) fn convert(side: &Side, w: &mut World, notes: &mut Notes) {
    let apis = rest_apis(side, w, notes);
    let apis = http_apis(side, w, notes, apis);
    let targets = domains(side, w, notes, &apis);
    zones(side, w, notes, &targets);
    lambdas(side, w, notes);
}

/// Notes an API whose id is unknown until apply.
fn unknown_id(side: &Side, r: &Resource, notes: &mut Notes) -> String {
    let id = side.ids[&r.address].clone();
    if text(r, "id").is_none() {
        notes.add(format!(
            "{}: its id is unknown until apply: named {id} here, so its URLs are not the ones AWS will give",
            r.address
        ));
    }
    id
}

/// The stage names of an API: its stage resources', and the deployments' that name one.
fn stages(side: &Side, kinds: &[&str], api_key: &str, api: &str) -> Vec<String> {
    let mut out: Vec<String> = side
        .resources
        .iter()
        .filter(|s| kinds.contains(&s.kind.as_str()))
        .filter(|s| side.attr(s, api_key).as_deref() == Some(api))
        .filter_map(|s| text(s, "stage_name").or_else(|| text(s, "name")).map(str::to_string))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// REST APIs, their stages and policies (inline or `aws_api_gateway_rest_api_policy`).
fn rest_apis(side: &Side, w: &mut World, notes: &mut Notes) -> Vec<String> {
    let mut ids = Vec::new();
    for r in side.resources.iter().filter(|r| r.kind == "aws_api_gateway_rest_api") {
        let id = unknown_id(side, r, notes);
        let stages = stages(side, &["aws_api_gateway_stage", "aws_api_gateway_deployment"], "rest_api_id", &id);
        if stages.is_empty() {
            notes.add(format!("{}: no stage (nothing deployed answers): left out", r.address));
            continue;
        }
        let kind = r
            .values
            .pointer("/endpoint_configuration/0/types/0")
            .and_then(Value::as_str)
            .unwrap_or("EDGE")
            .to_ascii_lowercase();
        let separate = side
            .resources
            .iter()
            .filter(|p| p.kind == "aws_api_gateway_rest_api_policy")
            .find(|p| side.attr(p, "rest_api_id").as_deref() == Some(&id))
            .and_then(|p| text(p, "policy"));
        let written = text(r, "policy").or(separate);
        let policy = written.and_then(|p| serde_json::from_str::<Value>(p).ok());
        if written.is_some() && policy.is_none() {
            notes.add(format!("{}: its policy is unknown until apply (or not JSON): left out of the API", r.address));
        }
        if kind == "private" && policy.is_none() {
            notes.add(format!("{}: a private API without a policy (AWS does not deploy it): left out", r.address));
            continue;
        }
        let mut y = format!("  - id: {}\n", q(&id));
        if let Some(name) = text(r, "name") {
            y.push_str(&format!("    name: {}\n", q(name)));
        }
        y.push_str(&format!("    endpoint: {kind}\n    stages: {}\n", list(&stages)));
        if r.values.get("disable_execute_api_endpoint").and_then(Value::as_bool) == Some(true) {
            y.push_str("    disable_execute_api_endpoint: true\n");
        }
        if let Some(p) = policy {
            y.push_str(&format!("    policy: {p}\n"));
        }
        w.apis.push(y);
        ids.push(id);
    }
    ids
}

/// HTTP and WebSocket APIs with their stages and route keys.
fn http_apis(side: &Side, w: &mut World, notes: &mut Notes, mut ids: Vec<String>) -> Vec<String> {
    for r in side.resources.iter().filter(|r| r.kind == "aws_apigatewayv2_api") {
        let kind = match text(r, "protocol_type") {
            Some("HTTP") => "http",
            Some("WEBSOCKET") => "websocket",
            _ => {
                notes.add(format!("{}: its protocol is unknown: left out", r.address));
                continue;
            }
        };
        let id = unknown_id(side, r, notes);
        let stages = stages(side, &["aws_apigatewayv2_stage"], "api_id", &id);
        if stages.is_empty() {
            notes.add(format!("{}: no stage (nothing deployed answers): left out", r.address));
            continue;
        }
        let mut routes: Vec<String> = side
            .resources
            .iter()
            .filter(|x| x.kind == "aws_apigatewayv2_route")
            .filter(|x| side.attr(x, "api_id").as_deref() == Some(&id))
            .filter_map(|x| text(x, "route_key").map(str::to_string))
            .collect();
        routes.sort();
        routes.dedup();
        let mut y = format!("  - id: {}\n    type: {kind}\n", q(&id));
        if let Some(name) = text(r, "name") {
            y.push_str(&format!("    name: {}\n", q(name)));
        }
        y.push_str(&format!("    stages: {}\n", list(&stages)));
        if !routes.is_empty() {
            y.push_str(&format!("    routes: {}\n", list(&routes)));
        }
        if kind == "websocket"
            && let Some(sel) = text(r, "route_selection_expression")
        {
            y.push_str(&format!("    route_selection: {}\n", q(sel)));
        }
        if r.values.get("disable_execute_api_endpoint").and_then(Value::as_bool) == Some(true) {
            y.push_str("    disable_execute_api_endpoint: true\n");
        }
        w.apis.push(y);
        ids.push(id);
    }
    ids
}

/// A short stable token of a name, for a target AWS gives only at apply.
fn token(name: &str) -> String {
    super::unknown_id("aws_api_gateway_rest_api", name)
}

/// Custom domain names with their base path (v1) and API (v2) mappings. Returns each domain's
/// target by its id, for the alias records that point at it.
fn domains(side: &Side, w: &mut World, notes: &mut Notes, apis: &[String]) -> BTreeMap<String, String> {
    let mut targets = BTreeMap::new();
    let kinds = ["aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"];
    for r in side.resources.iter().filter(|r| kinds.contains(&r.kind.as_str())) {
        let Some(name) = text(r, "domain_name") else {
            notes.add(format!("{}: its name is unknown until apply: left out", r.address));
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
            r.values.pointer("/domain_name_configuration/0/target_domain_name").and_then(Value::as_str)
        } else if kind == "edge" {
            text(r, "cloudfront_domain_name")
        } else {
            text(r, "regional_domain_name")
        };
        let target = match (known.filter(|t| !t.is_empty()), kind.as_str()) {
            (Some(t), _) => t.trim_end_matches('.').to_string(),
            (None, "edge") => format!("d{}.cloudfront.net", token(name)),
            (None, "regional") => format!("d-{}.execute-api.{}.amazonaws.com", token(name), w.region),
            (None, _) => {
                notes.add(format!("not modelled: {kind} custom domain {name} (left out)"));
                continue;
            }
        };
        if known.is_none() {
            notes.add(format!("{}: its target is unknown until apply: {target} stands in", r.address));
        }
        let domain_id = side.ids[&r.address].clone();
        let mut mappings = Vec::new();
        let mapping_kinds = ["aws_api_gateway_base_path_mapping", "aws_apigatewayv2_api_mapping"];
        for m in side.resources.iter().filter(|m| mapping_kinds.contains(&m.kind.as_str())) {
            let of = side.attr(m, "domain_name");
            if of.as_deref() != Some(name) && of.as_deref() != Some(&domain_id) {
                continue;
            }
            let api = side.attr(m, "api_id").unwrap_or_default();
            let stage = side.attr(m, "stage_name").or_else(|| side.attr(m, "stage")).unwrap_or_default();
            let path = text(m, "base_path").or_else(|| text(m, "api_mapping_key")).unwrap_or("");
            if apis.contains(&api) && !stage.is_empty() {
                let path = serde_json::to_string(path).unwrap_or_default();
                mappings.push(format!("{{ path: {path}, api: {}, stage: {} }}", q(&api), q(&stage)));
            } else {
                notes.add(format!("{}: its API or stage is unknown or left out: left out", m.address));
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
fn zones(side: &Side, w: &mut World, notes: &mut Notes, targets: &BTreeMap<String, String>) {
    for r in side.resources.iter().filter(|r| r.kind == "aws_route53_zone") {
        let Some(name) = text(r, "name") else { continue };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let zone = side.ids[&r.address].clone();
        let blocks = r.values.get("vpc").and_then(Value::as_array).map_or(0, Vec::len);
        let mut vpcs: Vec<String> = (0..blocks).filter_map(|i| side.attr(r, &format!("vpc/{i}/vpc_id"))).collect();
        for a in side.resources.iter().filter(|a| a.kind == "aws_route53_zone_association") {
            if side.attr(a, "zone_id").as_deref() == Some(&zone)
                && let Some(v) = side.attr(a, "vpc_id")
            {
                vpcs.push(v);
            }
        }
        vpcs.sort();
        vpcs.dedup();
        let mut records = Vec::new();
        for rec in side.resources.iter().filter(|x| x.kind == "aws_route53_record") {
            if side.attr(rec, "zone_id").as_deref() != Some(&zone) {
                continue;
            }
            let Some(rname) = text(rec, "name") else {
                notes.add(format!("{}: its name is unknown until apply: left out", rec.address));
                continue;
            };
            let rname = rname.trim_end_matches('.').to_ascii_lowercase();
            let rname = if rname == name || rname.ends_with(&format!(".{name}")) { rname } else { format!("{rname}.{name}") };
            let values: Vec<String> = rec
                .values
                .get("records")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            let aliased = rec.values.get("alias").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
            // An alias to a custom domain made in the same apply: the domain's target.
            let domain_kinds = ["aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"];
            let known = rec.values.pointer("/alias/0/name").and_then(Value::as_str).filter(|s| !s.is_empty());
            let alias = known.map(str::to_string).or_else(|| {
                ["alias/0/name", "alias"].iter().find_map(|path| {
                    let domains = side.references_to(rec, path, &domain_kinds);
                    domains.first().and_then(|d| targets.get(d)).cloned()
                })
            });
            match (text(rec, "type"), aliased, alias) {
                (Some("A"), true, Some(t)) => records.push(format!("{{ name: {}, type: ALIAS, target: {} }}", q(&rname), q(t.trim_end_matches('.')))),
                (Some("A"), false, _) if !values.is_empty() => records.push(format!("{{ name: {}, type: A, values: {} }}", q(&rname), list(&values))),
                (Some("CNAME"), false, _) if values.len() == 1 => records.push(format!("{{ name: {}, type: CNAME, value: {} }}", q(&rname), q(values[0].trim_end_matches('.')))),
                (Some("A" | "CNAME"), _, _) => notes.add(format!("{}: its value is unknown until apply: left out", rec.address)),
                _ => notes.add("not modelled: Route 53 records other than A, CNAME and alias (left out)"),
            }
        }
        let mut y = format!("  - name: {}\n", q(&name));
        if !vpcs.is_empty() {
            y.push_str(&format!("    private: true\n    vpcs: {}\n", list(&vpcs)));
        }
        y.push_str(if records.is_empty() { "    records: []\n" } else { "    records:\n" });
        for rec in records {
            y.push_str(&format!("      - {rec}\n"));
        }
        w.zones.push(y);
    }
}

/// Lambda functions: in a VPC (its subnets and groups), or outside any.
fn lambdas(side: &Side, w: &mut World, notes: &mut Notes) {
    for r in side.resources.iter().filter(|r| r.kind == "aws_lambda_function") {
        let name = text(r, "function_name").map_or_else(|| side.ids[&r.address].clone(), str::to_string);
        let subnets = side.attrs(r, "vpc_config/0/subnet_ids");
        let groups = side.attrs(r, "vpc_config/0/security_group_ids");
        let vpc = w.vpcs.iter_mut().find(|v| subnets.iter().any(|s| v.subnets.iter().any(|x| &x.id == s)));
        match vpc {
            Some(v) => {
                let mine: Vec<String> = subnets.iter().filter(|s| v.subnets.iter().any(|x| &x.id == *s)).cloned().collect();
                let groups: Vec<String> = groups.into_iter().filter(|g| v.groups.iter().any(|x| &x.id == g)).collect();
                let mut y = format!("      - {{ id: {}, subnets: {}", q(&name), list(&mine));
                if !groups.is_empty() {
                    y.push_str(&format!(", security_groups: {}", list(&groups)));
                }
                y.push_str(" }\n");
                v.functions.push(y);
            }
            None if !subnets.is_empty() => {
                notes.add(format!("{}: its subnets are not in the file: left out", r.address));
            }
            None => w.functions.push(format!("  - {{ id: {} }}\n", q(&name))),
        }
    }
}
