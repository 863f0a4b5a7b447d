//! API Gateway (REST, HTTP and WebSocket APIs, stages, policies, custom domains and their
//! mappings), Route 53 zones and records, and Lambda functions.

use serde_json::Value;

use super::{Resource, Side};
use crate::import::aws::convert::{Notes, World};
use crate::import::yaml::{list, q};

/// Every service resource of a side.
pub(crate) fn convert(side: &Side, w: &mut World, notes: &mut Notes) {
    let apis = rest_apis(side, w, notes);
    let apis = http_apis(side, w, notes, apis);
    let targets = super::domains::domains(side, w, notes, &apis);
    super::domains::zones(side, w, notes, &targets);
    lambdas(side, w, notes);
}

/// Notes an API whose id is unknown until apply.
fn unknown_id(side: &Side, r: &Resource, w: &mut World, notes: &mut Notes) -> String {
    let id = side.ids[&r.address].clone();
    if r.text("id").is_none() {
        w.stand_ins.insert(id.clone());
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
        .filter_map(|s| {
            s.text("stage_name")
                .or_else(|| s.text("name"))
                .map(str::to_string)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// REST APIs, their stages and policies (inline or `aws_api_gateway_rest_api_policy`).
fn rest_apis(side: &Side, w: &mut World, notes: &mut Notes) -> Vec<String> {
    let mut ids = Vec::new();
    for r in side
        .resources
        .iter()
        .filter(|r| r.kind == "aws_api_gateway_rest_api")
    {
        let id = unknown_id(side, r, w, notes);
        let stages = stages(
            side,
            &["aws_api_gateway_stage", "aws_api_gateway_deployment"],
            "rest_api_id",
            &id,
        );
        if stages.is_empty() {
            notes.add(format!(
                "{}: no stage (nothing deployed answers): left out",
                r.address
            ));
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
            .and_then(|p| p.text("policy"));
        let written = r.text("policy").or(separate);
        let policy = written.and_then(|p| serde_json::from_str::<Value>(p).ok());
        if written.is_some() && policy.is_none() {
            notes.add(format!(
                "{}: its policy is unknown until apply (or not JSON): left out of the API",
                r.address
            ));
        }
        if kind == "private" && policy.is_none() {
            notes.add(format!(
                "{}: a private API without a policy (AWS does not deploy it): left out",
                r.address
            ));
            continue;
        }
        let mut y = format!("  - id: {}\n", q(&id));
        if let Some(name) = r.text("name") {
            y.push_str(&format!("    name: {}\n", q(name)));
        }
        y.push_str(&format!(
            "    endpoint: {kind}\n    stages: {}\n",
            list(&stages)
        ));
        if r.values
            .get("disable_execute_api_endpoint")
            .and_then(Value::as_bool)
            == Some(true)
        {
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
    for r in side
        .resources
        .iter()
        .filter(|r| r.kind == "aws_apigatewayv2_api")
    {
        let kind = match r.text("protocol_type") {
            Some("HTTP") => "http",
            Some("WEBSOCKET") => "websocket",
            _ => {
                notes.add(format!("{}: its protocol is unknown: left out", r.address));
                continue;
            }
        };
        let id = unknown_id(side, r, w, notes);
        let stages = stages(side, &["aws_apigatewayv2_stage"], "api_id", &id);
        if stages.is_empty() {
            notes.add(format!(
                "{}: no stage (nothing deployed answers): left out",
                r.address
            ));
            continue;
        }
        let mut routes: Vec<String> = side
            .resources
            .iter()
            .filter(|x| x.kind == "aws_apigatewayv2_route")
            .filter(|x| side.attr(x, "api_id").as_deref() == Some(&id))
            .filter_map(|x| x.text("route_key").map(str::to_string))
            .collect();
        routes.sort();
        routes.dedup();
        let mut y = format!("  - id: {}\n    type: {kind}\n", q(&id));
        if let Some(name) = r.text("name") {
            y.push_str(&format!("    name: {}\n", q(name)));
        }
        y.push_str(&format!("    stages: {}\n", list(&stages)));
        if !routes.is_empty() {
            y.push_str(&format!("    routes: {}\n", list(&routes)));
        }
        if kind == "websocket"
            && let Some(sel) = r.text("route_selection_expression")
        {
            y.push_str(&format!("    route_selection: {}\n", q(sel)));
        }
        if r.values
            .get("disable_execute_api_endpoint")
            .and_then(Value::as_bool)
            == Some(true)
        {
            y.push_str("    disable_execute_api_endpoint: true\n");
        }
        w.apis.push(y);
        ids.push(id);
    }
    ids
}

/// Lambda functions: in a VPC (its subnets and groups), or outside any.
fn lambdas(side: &Side, w: &mut World, notes: &mut Notes) {
    for r in side
        .resources
        .iter()
        .filter(|r| r.kind == "aws_lambda_function")
    {
        let name = r
            .text("function_name")
            .map_or_else(|| side.ids[&r.address].clone(), str::to_string);
        let subnets = side.attrs(r, "vpc_config/0/subnet_ids");
        let groups = side.attrs(r, "vpc_config/0/security_group_ids");
        let vpc = w
            .vpcs
            .iter_mut()
            .find(|v| subnets.iter().any(|s| v.subnets.iter().any(|x| &x.id == s)));
        match vpc {
            Some(v) => {
                let mine: Vec<String> = subnets
                    .iter()
                    .filter(|s| v.subnets.iter().any(|x| &x.id == *s))
                    .cloned()
                    .collect();
                let groups: Vec<String> = groups
                    .into_iter()
                    .filter(|g| v.groups.iter().any(|x| &x.id == g))
                    .collect();
                let mut y = format!("      - {{ id: {}, subnets: {}", q(&name), list(&mine));
                if !groups.is_empty() {
                    y.push_str(&format!(", security_groups: {}", list(&groups)));
                }
                y.push_str(" }\n");
                v.functions.push(y);
            }
            None if !subnets.is_empty() => {
                notes.add(format!(
                    "{}: its subnets are not in the file: left out",
                    r.address
                ));
            }
            None => w.functions.push(format!("  - {{ id: {} }}\n", q(&name))),
        }
    }
}
