//! HTTP and WebSocket APIs (API Gateway v2) with their stages and routes; Route 53 Resolver
//! endpoints, rules and their VPCs; Lambda functions and their VPC configuration.
//!
//! As for API Gateway v1, the collector wraps what names nothing or not its parent: `Apis`
//! (apigatewayv2 get-apis' `Items`), `ApiStages` and `ApiRoutes` (`[{ApiId, Items}]`),
//! `ResolverEndpointIpAddresses` (`[{ResolverEndpointId, IpAddresses}]`); `ResolverEndpoints`,
//! `ResolverRules`, `ResolverRuleAssociations` and `Functions` are the CLI's own keys.

use super::*;

/// The `Items` of the wrapper of `key` whose `parent_key` is `parent`.
fn wrapped<'d>(dump: &'d Dump, key: &str, parent_key: &str, parent: &str) -> Vec<&'d Value> {
    dump.items(key)
        .iter()
        .filter(|w| w.value.get(parent_key).and_then(Value::as_str) == Some(parent))
        .flat_map(|w| {
            w.value
                .get("Items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .collect()
}

/// HTTP and WebSocket APIs.
pub(super) fn apis_v2(cx: &mut Cx) -> Result<(), ImportError> {
    let dump = cx.dump;
    cx.each("Apis", "ApiId", |cx, item| {
        let id = item.s("ApiId")?.to_string();
        let kind = match item.s("ProtocolType")? {
            "HTTP" => "http",
            "WEBSOCKET" => "websocket",
            other => {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    id,
                    Some(item.place()),
                    format!("{other} APIs (left out)"),
                );
                return Ok(());
            }
        };
        let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let stages: Vec<String> = wrapped(dump, "ApiStages", "ApiId", &id)
            .into_iter()
            .filter_map(|s| str_of(s, "StageName"))
            .collect();
        if stages.is_empty() {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                format!("a {kind} API with no stage in the dump (ApiStages)"),
            );
            return Ok(());
        }
        let routes: Vec<String> = wrapped(dump, "ApiRoutes", "ApiId", &id)
            .into_iter()
            .filter_map(|r| str_of(r, "RouteKey"))
            .collect();
        let pos = cx.at(&id, item);
        let api = model::Api {
            id: sp(pos, id),
            kind: Some(sp(pos, kind.to_string())),
            name: item.os("Name")?.map(str::to_string),
            region: item.region.clone().map(|r| sp(pos, r)),
            stages: stages.into_iter().map(|s| sp(pos, s)).collect(),
            routes: (!routes.is_empty()).then(|| routes.into_iter().map(|r| sp(pos, r)).collect()),
            route_selection: match item.os("RouteSelectionExpression")? {
                Some(sel) if kind == "websocket" => Some(sp(pos, sel.to_string())),
                _ => None,
            },
            disable_execute_api_endpoint: item.flag("DisableExecuteApiEndpoint")?,
            ..model::Api::default()
        };
        cx.b.s.apis.push(sp(pos, api));
        Ok(())
    })
}

/// Resolver endpoints (in their VPCs), and forward and system rules with their VPCs.
pub(super) fn resolver(cx: &mut Cx) -> Result<(), ImportError> {
    let dump = cx.dump;
    let mut endpoints = BTreeMap::new();
    cx.each("ResolverEndpoints", "Id", |cx, item| {
        let id = item.s("Id")?.to_string();
        let direction = match item.s("Direction")? {
            "INBOUND" => "inbound",
            "OUTBOUND" => "outbound",
            other => {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    id,
                    Some(item.place()),
                    format!("{other} Resolver endpoints (left out)"),
                );
                return Ok(());
            }
        };
        let vpc = item.s("HostVPCId")?.to_string();
        let subnets: Vec<String> = dump
            .items("ResolverEndpointIpAddresses")
            .iter()
            .filter(|x| x.value.get("ResolverEndpointId").and_then(Value::as_str) == Some(&id))
            .flat_map(|x| {
                x.value
                    .get("IpAddresses")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(|a| a.get("SubnetId").and_then(Value::as_str))
            .map(str::to_string)
            .collect();
        if subnets.is_empty() {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a Resolver endpoint whose addresses are not in the dump (ResolverEndpointIpAddresses)",
            );
            return Ok(());
        }
        cx.b.notes.add(
            NoteKind::Assumed,
            "Resolver endpoints' addresses are allocated by vpcpath (one in each subnet), not kept",
        );
        let pos = cx.at(&id, item);
        // Its security groups filter its queries (F5.16), as an instance's do.
        let security_groups = item
            .strings("SecurityGroupIds")?
            .into_iter()
            .enumerate()
            .map(|(i, g)| sp(cx.at_field(&id, item, &format!("SecurityGroupIds[{i}]")), g))
            .collect();
        let endpoint = model::ResolverEndpoint {
            id: sp(pos, id.clone()),
            direction: sp(pos, direction.to_string()),
            subnets: subnets.into_iter().map(|s| sp(pos, s)).collect(),
            security_groups,
        };
        if let Some(v) = cx.vpc(&vpc) {
            v.resolver_endpoints.push(endpoint);
            endpoints.insert(id, direction);
        } else {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a Resolver endpoint of a VPC not in the dump",
            );
        }
        Ok(())
    })?;
    cx.each("ResolverRules", "Id", |cx, item| {
        let id = item.s("Id")?.to_string();
        let domain = item.s("DomainName")?.trim_end_matches('.').to_string();
        let kind = match item.s("RuleType")? {
            "FORWARD" => "forward",
            "SYSTEM" => "system",
            // The autodefined "Internet Resolver" rule: what the Resolver does anyway.
            other => {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    id,
                    Some(item.place()),
                    format!(
                        "a {} Resolver rule (what the Resolver does anyway)",
                        other.to_ascii_lowercase()
                    ),
                );
                return Ok(());
            }
        };
        let pos = cx.at(&id, item);
        let mut vpcs = Vec::new();
        for a in dump
            .items("ResolverRuleAssociations")
            .iter()
            .filter(|a| a.value.get("ResolverRuleId").and_then(Value::as_str) == Some(&id))
        {
            if let Some(v) = a.os("VPCId")? {
                let p = cx.b.at(id.clone(), a.place());
                vpcs.push(sp(p, v.to_string()));
            }
        }
        let mut rule = model::ResolverRule {
            id: sp(pos, id.clone()),
            domain: sp(pos, domain),
            kind: sp(pos, kind.to_string()),
            vpcs,
            ..model::ResolverRule::default()
        };
        if kind == "forward" {
            let targets: Vec<String> = super::ids_in(item.list("TargetIps")?, "Ip");
            let endpoint = item.os("ResolverEndpointId")?.unwrap_or("");
            if targets.is_empty() || endpoints.get(endpoint) != Some(&"outbound") {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    id,
                    Some(item.place()),
                    "a forward rule whose targets or outbound endpoint are not in the dump",
                );
                return Ok(());
            }
            rule.targets = targets.into_iter().map(|t| sp(pos, t)).collect();
            rule.endpoint = Some(sp(pos, endpoint.to_string()));
        }
        cx.b.s.resolver_rules.push(sp(pos, rule));
        Ok(())
    })
}

/// Lambda functions: attached to a VPC (a client in its first subnet), or not.
pub(super) fn functions(cx: &mut Cx) -> Result<(), ImportError> {
    cx.each("Functions", "FunctionName", |cx, item| {
        let name = item.s("FunctionName")?.to_string();
        let config = item
            .value
            .get("VpcConfig")
            .map(|c| item.child("VpcConfig", c));
        let (subnets, groups) = match &config {
            Some(c) => (c.strings("SubnetIds")?, c.strings("SecurityGroupIds")?),
            None => (Vec::new(), Vec::new()),
        };
        let pos = cx.at(&name, item);
        let Some(&(v, _)) = subnets.first().and_then(|s| cx.subnets.get(s)) else {
            if !subnets.is_empty() {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    name,
                    Some(item.place()),
                    "a Lambda function whose subnets are not in the dump",
                );
                return Ok(());
            }
            cx.b.s
                .lambda_functions
                .push(model::Lambda { id: sp(pos, name) });
            return Ok(());
        };
        let each = |list: Vec<String>, cx: &mut Cx, field: &str| -> Vec<Sp<String>> {
            list.into_iter()
                .enumerate()
                .map(|(i, x)| {
                    let p = cx.at_field(&name, item, &format!("VpcConfig.{field}[{i}]"));
                    sp(p, x)
                })
                .collect()
        };
        let function = model::VpcLambda {
            id: sp(pos, name.clone()),
            subnets: each(subnets, cx, "SubnetIds"),
            security_groups: each(groups, cx, "SecurityGroupIds"),
        };
        cx.b.s.vpcs[v].lambda_functions.push(function);
        Ok(())
    })
}
