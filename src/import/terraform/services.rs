//! API Gateway (REST, HTTP and WebSocket APIs, stages, policies), and Lambda functions.

use serde_json::Value;

use super::Resource;
use super::convert::*;
use crate::import::build::{NoteKind, sp};
use crate::model;

/// Every service resource of a side.
pub(crate) fn convert(tx: &mut Tx) {
    let mut apis = rest_apis(tx);
    apis.extend(http_apis(tx));
    let targets = super::domains::domains(tx, &apis);
    super::domains::zones(tx, &targets);
    lambdas(tx);
}

/// An API's id, said in a note when it is unknown until apply.
fn api_id(tx: &mut Tx, r: &Resource) -> String {
    let id = tx.id(r);
    if r.text("id").is_none() {
        tx.b.stand_ins.insert(id.clone());
        tx.note(
            NoteKind::Assumed,
            r,
            format!("its id is unknown until apply: named {id} here, so its URLs are not the ones AWS will give"),
        );
    }
    id
}

/// The stage names of an API: its stage resources', and the deployments' that name one.
fn stages(tx: &Tx, kinds: &[&str], api_key: &str, api: &str) -> Vec<String> {
    let side = tx.side;
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

/// A policy that allows everything: what stands for a policy unknown until apply.
fn allow_all() -> Value {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*" }]
    })
}

/// REST APIs, their stages, policies (inline or `aws_api_gateway_rest_api_policy`) and the VPC
/// endpoints of private ones.
fn rest_apis(tx: &mut Tx) -> Vec<String> {
    let side = tx.side;
    let mut ids = Vec::new();
    for r in side.of("aws_api_gateway_rest_api") {
        let id = api_id(tx, r);
        let stages = stages(
            tx,
            &["aws_api_gateway_stage", "aws_api_gateway_deployment"],
            "rest_api_id",
            &id,
        );
        if stages.is_empty() {
            tx.note(NoteKind::LeftOut, r, "no stage (nothing deployed answers)");
            continue;
        }
        let kind = r
            .values
            .pointer("/endpoint_configuration/0/types/0")
            .and_then(Value::as_str)
            .unwrap_or("EDGE")
            .to_ascii_lowercase();
        let separate = side
            .of("aws_api_gateway_rest_api_policy")
            .find(|p| side.attr(p, "rest_api_id").as_deref() == Some(&id));
        let written = r.text("policy").or(separate.and_then(|p| p.text("policy")));
        let declared = written.is_some() || side.written(r, "policy") || separate.is_some();
        let mut policy = written.and_then(|p| serde_json::from_str::<Value>(p).ok());
        if declared && policy.is_none() {
            tx.note(
                NoteKind::Assumed,
                r,
                "its policy is unknown until apply (or not JSON): one that allows every caller stands in, so requests to it depend on the apply",
            );
            tx.b.stand_ins.insert(id.clone());
            policy = Some(allow_all());
        }
        let vpces = side.attrs(r, "endpoint_configuration/0/vpc_endpoint_ids");
        let pos = tx.at(r);
        let policy_at = tx.at_attr(r, "policy");
        let vpc_endpoints = tx.each(r, "endpoint_configuration.vpc_endpoint_ids", vpces);
        tx.b.s.apis.push(sp(
            pos,
            model::Api {
                id: sp(pos, id.clone()),
                name: r.text("name").map(str::to_string),
                endpoint: Some(sp(pos, kind)),
                stages: stages.into_iter().map(|s| sp(pos, s)).collect(),
                disable_execute_api_endpoint: r.flag("disable_execute_api_endpoint") == Some(true),
                vpc_endpoints,
                policy: policy.map(|p| sp(policy_at, p)),
                ..model::Api::default()
            },
        ));
        ids.push(id);
    }
    ids
}

/// HTTP and WebSocket APIs with their stages and route keys.
fn http_apis(tx: &mut Tx) -> Vec<String> {
    let side = tx.side;
    let mut ids = Vec::new();
    for r in side.of("aws_apigatewayv2_api") {
        let kind = match r.text("protocol_type") {
            Some("HTTP") => "http",
            Some("WEBSOCKET") => "websocket",
            _ => {
                tx.note(NoteKind::LeftOut, r, "its protocol is unknown");
                continue;
            }
        };
        let id = api_id(tx, r);
        let stages = stages(tx, &["aws_apigatewayv2_stage"], "api_id", &id);
        if stages.is_empty() {
            tx.note(NoteKind::LeftOut, r, "no stage (nothing deployed answers)");
            continue;
        }
        let mut routes: Vec<String> = side
            .of("aws_apigatewayv2_route")
            .filter(|x| side.attr(x, "api_id").as_deref() == Some(&id))
            .filter_map(|x| x.text("route_key").map(str::to_string))
            .collect();
        routes.sort();
        routes.dedup();
        let pos = tx.at(r);
        tx.b.s.apis.push(sp(
            pos,
            model::Api {
                id: sp(pos, id.clone()),
                kind: Some(sp(pos, kind.to_string())),
                name: r.text("name").map(str::to_string),
                stages: stages.into_iter().map(|s| sp(pos, s)).collect(),
                routes: (!routes.is_empty())
                    .then(|| routes.into_iter().map(|x| sp(pos, x)).collect()),
                route_selection: r
                    .text("route_selection_expression")
                    .filter(|_| kind == "websocket")
                    .map(|x| sp(pos, x.to_string())),
                disable_execute_api_endpoint: r.flag("disable_execute_api_endpoint") == Some(true),
                ..model::Api::default()
            },
        ));
        ids.push(id);
    }
    ids
}

/// Lambda functions: in a VPC (its subnets and groups), or outside any.
fn lambdas(tx: &mut Tx) {
    let side = tx.side;
    for r in side.of("aws_lambda_function") {
        let name = r
            .text("function_name")
            .map_or_else(|| tx.id(r), str::to_string);
        let subnets = side.attrs(r, "vpc_config/0/subnet_ids");
        let groups = side.attrs(r, "vpc_config/0/security_group_ids");
        let pos = tx.at(r);
        if subnets.is_empty() {
            tx.b.s
                .lambda_functions
                .push(model::Lambda { id: sp(pos, name) });
            continue;
        }
        let Some(v) = subnets.iter().find_map(|s| tx.vpc_of_subnet(s)) else {
            tx.missing(r, "subnet", &subnets[0]);
            if let Some(root) = tx.unseen.get(&tx.id(r)).cloned() {
                tx.unseen.insert(name, root);
            }
            continue;
        };
        let function = model::VpcLambda {
            id: sp(pos, name),
            subnets: tx.each(r, "vpc_config.subnet_ids", subnets),
            security_groups: tx.each(r, "vpc_config.security_group_ids", groups),
        };
        tx.b.s.vpcs[v].lambda_functions.push(function);
    }
}
