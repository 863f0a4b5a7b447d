//! HTTP and WebSocket APIs (API Gateway v2) with their stages, routes and API mappings; Route 53
//! Resolver endpoints, rules and their VPCs; Lambda functions and their VPC configuration.
//!
//! As for API Gateway v1, the collector wraps what names nothing or not its parent: `Apis`
//! (apigatewayv2 get-apis' `Items`), `ApiStages` and `ApiRoutes` (`[{ApiId, Items}]`),
//! `ApiMappings` (`[{DomainName, Items}]`), `ResolverEndpointIpAddresses`
//! (`[{ResolverEndpointId, IpAddresses}]`); `ResolverEndpoints`, `ResolverRules`,
//! `ResolverRuleAssociations` and `Functions` are the CLI's own keys.

use super::*;
use crate::import::yaml::{list, q};

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

/// HTTP and WebSocket APIs, and the API mappings of custom domains to them.
pub(crate) fn apis_v2(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    for item in dump.items("Apis") {
        let id = item.s("ApiId")?.to_string();
        let kind = match item.s("ProtocolType")? {
            "HTTP" => "http",
            "WEBSOCKET" => "websocket",
            other => {
                notes.add(format!("not modelled: {other} APIs (left out)"));
                continue;
            }
        };
        let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let stages: Vec<String> = wrapped(dump, "ApiStages", "ApiId", &id)
            .into_iter()
            .filter_map(|s| str_of(s, "StageName"))
            .collect();
        if stages.is_empty() {
            notes.add(format!(
                "{kind} API {id} has no stage in the dump (ApiStages): left out"
            ));
            continue;
        }
        let routes: Vec<String> = wrapped(dump, "ApiRoutes", "ApiId", &id)
            .into_iter()
            .filter_map(|r| str_of(r, "RouteKey"))
            .collect();
        let mut y = format!("  - id: {}\n    type: {kind}\n", q(&id));
        if let Some(name) = item.os("Name")? {
            y.push_str(&format!("    name: {}\n", q(name)));
        }
        if let Some(r) = item.region.as_deref().filter(|r| *r != w.region) {
            y.push_str(&format!("    region: {}\n", q(r)));
        }
        y.push_str(&format!("    stages: {}\n", list(&stages)));
        if !routes.is_empty() {
            y.push_str(&format!("    routes: {}\n", list(&routes)));
        }
        if kind == "websocket"
            && let Some(sel) = item.os("RouteSelectionExpression")?
        {
            y.push_str(&format!("    route_selection: {}\n", q(sel)));
        }
        if item.flag("DisableExecuteApiEndpoint")? {
            y.push_str("    disable_execute_api_endpoint: true\n");
        }
        w.apis.push(y);
    }
    Ok(())
}

/// Resolver endpoints (in their VPCs), and forward and system rules with their VPCs.
pub(crate) fn resolver(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let vpc_ix = w.vpc_index();
    let subnet_ix = w.subnet_index();
    let mut endpoints = BTreeMap::new();
    for item in dump.items("ResolverEndpoints") {
        let id = item.s("Id")?.to_string();
        let direction = match item.s("Direction")? {
            "INBOUND" => "inbound",
            "OUTBOUND" => "outbound",
            other => {
                notes.add(format!(
                    "not modelled: {other} Resolver endpoints (left out)"
                ));
                continue;
            }
        };
        let Some(&v) = vpc_ix.get(item.s("HostVPCId")?) else {
            continue;
        };
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
            .filter(|s| subnet_ix.get(*s).is_some_and(|&(sv, _)| sv == v))
            .map(str::to_string)
            .collect();
        if subnets.len() < 2 {
            notes.add(format!("Resolver endpoint {id}: fewer than two of its addresses' subnets are in the dump (ResolverEndpointIpAddresses): left out"));
            continue;
        }
        notes.add(
            "Resolver endpoints' addresses are allocated by vpcpath (one in each subnet), not kept",
        );
        w.vpcs[v].resolver_endpoints.push(format!(
            "      - {{ id: {}, direction: {direction}, subnets: {} }}\n",
            q(&id),
            list(&subnets)
        ));
        endpoints.insert(id, direction);
    }
    for item in dump.items("ResolverRules") {
        let id = item.s("Id")?.to_string();
        let domain = item.s("DomainName")?.trim_end_matches('.').to_string();
        let vpcs: Vec<String> = dump
            .items("ResolverRuleAssociations")
            .iter()
            .filter(|a| a.value.get("ResolverRuleId").and_then(Value::as_str) == Some(&id))
            .filter_map(|a| a.value.get("VPCId").and_then(Value::as_str))
            .filter(|v| vpc_ix.contains_key(*v))
            .map(str::to_string)
            .collect();
        let rule = match item.s("RuleType")? {
            "FORWARD" => {
                let targets: Vec<String> = item
                    .list("TargetIps")?
                    .iter()
                    .filter_map(|t| t.get("Ip").and_then(Value::as_str).map(str::to_string))
                    .collect();
                let endpoint = item.os("ResolverEndpointId")?.unwrap_or("");
                if targets.is_empty() || endpoints.get(endpoint) != Some(&"outbound") {
                    notes.add(format!("forward rule {id}: its targets or outbound endpoint are not in the dump: left out"));
                    continue;
                }
                format!(
                    "  - {{ id: {}, domain: {}, type: forward, targets: {}, endpoint: {}, vpcs: {} }}\n",
                    q(&id),
                    q(&domain),
                    list(&targets),
                    q(endpoint),
                    list(&vpcs)
                )
            }
            "SYSTEM" => format!(
                "  - {{ id: {}, domain: {}, type: system, vpcs: {} }}\n",
                q(&id),
                q(&domain),
                list(&vpcs)
            ),
            // The autodefined "Internet Resolver" rule: what the Resolver does anyway.
            _ => continue,
        };
        w.resolver_rules.push(rule);
    }
    Ok(())
}

/// Lambda functions: attached to a VPC (a client in its first subnet), or not.
pub(crate) fn functions(dump: &Dump, w: &mut World) -> Result<(), ImportError> {
    let subnet_ix = w.subnet_index();
    for item in dump.items("Functions") {
        let name = item.s("FunctionName")?.to_string();
        let config = item.value.get("VpcConfig");
        let strings = |k: &str| -> Vec<String> {
            config
                .and_then(|c| c.get(k))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        };
        let subnets: Vec<String> = strings("SubnetIds")
            .into_iter()
            .filter(|s| subnet_ix.contains_key(s))
            .collect();
        match subnets.first().and_then(|s| subnet_ix.get(s)) {
            Some(&(v, _)) => {
                let groups: Vec<String> = strings("SecurityGroupIds")
                    .into_iter()
                    .filter(|g| w.vpcs[v].groups.iter().any(|x| &x.id == g))
                    .collect();
                let subnets: Vec<String> = subnets
                    .into_iter()
                    .filter(|s| subnet_ix.get(s).is_some_and(|&(sv, _)| sv == v))
                    .collect();
                let mut y = format!("      - {{ id: {}, subnets: {}", q(&name), list(&subnets));
                if !groups.is_empty() {
                    y.push_str(&format!(", security_groups: {}", list(&groups)));
                }
                y.push_str(" }\n");
                w.vpcs[v].functions.push(y);
            }
            None => w.functions.push(format!("  - {{ id: {} }}\n", q(&name))),
        }
    }
    Ok(())
}
