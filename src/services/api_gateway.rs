//! API Gateway as reached through each of its doors.
//!
//! - The **endpoint door**: an execute-api interface endpoint's network interface. It serves
//!   private APIs only; anything else gets `403 {"message":"Forbidden"}` (F1.10, F1.11).
//! - The **Regional front door**: the public `*.execute-api.{region}` address. It serves
//!   Regional REST, HTTP and WebSocket APIs and Regional custom domains. A private API's
//!   default name resolves here from outside its VPC and gets 403 Forbidden (F3.8).
//! - **CloudFront**: edge-optimized APIs' default names and edge custom domains (F1.7, F2.2).
//!
//! Order of checks, each with the exact answer of `aws-rules.md`: which API the host (or
//! `x-apigw-api-id`) names; the door; `disableExecuteApiEndpoint` (F4.5); custom-domain base
//! path mapping, longest first (F4.6, F4.7); stage (F4.4, F4.8); route (F4.3, F4.8); the endpoint
//! policy (F3.9); the resource policy (F3.6, F3.7); the API key (F4.11); the integration.

use crate::arrival::{Caller, Door};
use std::collections::BTreeMap;

use crate::aws;
use crate::net::*;
use crate::policy::{Context, Decision, Policy};
use crate::trace::{Name, Outcome, PolicyDecision, PolicyKind, Steps};

/// The request as API Gateway sees it.
pub struct Call<'a> {
    /// Method.
    pub method: &'a str,
    /// The Host (the header if given, else the URL's host).
    pub host: &'a str,
    /// Path.
    pub path: &'a str,
    /// Headers, lower-case names.
    pub headers: &'a BTreeMap<String, String>,
    /// Who calls.
    pub caller: Caller,
}

/// What the host names.
enum Target<'a> {
    /// An API by its default name or `x-apigw-api-id`.
    Api { id: String, how: String },
    /// A custom domain.
    Domain(&'a CustomDomain),
}

fn forbidden() -> Outcome {
    Outcome::Http {
        status: 403,
        body: r#"{"message":"Forbidden"}"#.into(),
        error_type: Some("ForbiddenException".into()),
    }
}

fn missing_token() -> Outcome {
    Outcome::Http {
        status: 403,
        body: r#"{"message":"Missing Authentication Token"}"#.into(),
        error_type: Some("MissingAuthenticationTokenException".into()),
    }
}

fn not_found() -> Outcome {
    Outcome::Http {
        status: 404,
        body: r#"{"message":"Not Found"}"#.into(),
        error_type: None,
    }
}

fn access_denied(message: String) -> Outcome {
    let body = serde_json::json!({ "Message": message }).to_string();
    Outcome::Http {
        status: 403,
        body,
        error_type: Some("AccessDeniedException".into()),
    }
}

/// Handles a request that reached `door`, pushing the service's decisions as steps.
pub fn handle<'a>(
    net: &'a Network,
    door: &Door,
    call: &Call<'_>,
    steps: &mut Steps<'a>,
) -> Outcome {
    let at = &door.name(net);
    let Some(target) = identify(net, door, call) else {
        steps.service(at, || {
            format!(
                "no API or custom domain served here answers to host {}",
                call.host
            )
        });
        return forbidden();
    };
    let (api_ix, stage, rest) = match target {
        Target::Api { id, how } => {
            let Some(api_ix) = net.api(&id) else {
                steps.service(
                    at,
                    || format!(
                        "{how}: no API {id} exists in this Region (the wildcard name resolves for any id)"
                    ),
                );
                return forbidden();
            };
            let api = &net.apis[api_ix.0];
            steps.service(at, || {
                format!(
                    "{how}: API {} ({} {})",
                    api.id,
                    api.endpoint.name(),
                    kind_name(api.kind)
                )
            });
            if let Some(why) = door_refuses(net, door, api) {
                steps.service(at, || why);
                return forbidden();
            }
            if api.disable_execute_api_endpoint {
                steps.service(
                    at,
                    || format!(
                        "API {} has disable_execute_api_endpoint: its default endpoint answers 403 (F4.5)",
                        api.id
                    ),
                );
                return forbidden();
            }
            let segs = segments(call.path);
            match pick_stage(api, &segs) {
                Some((stage, used)) => (api_ix, stage, segs[used..].to_vec()),
                None => {
                    let first = segs.first().map_or("(none)", |s| s.as_str());
                    steps.service(at, || {
                        format!(
                            "API {} has no stage `{first}` (stages: {})",
                            api.id,
                            api.stages.join(", ")
                        )
                    });
                    return if api.kind == ApiKind::Http {
                        not_found()
                    } else {
                        forbidden()
                    };
                }
            }
        }
        Target::Domain(d) => {
            steps.service(at, || {
                format!("custom domain {} ({})", d.name, d.endpoint.name())
            });
            if let Some(outcome) = domain_access(net, door, d, call, steps, at) {
                return outcome;
            }
            let segs = segments(call.path);
            let best = d
                .mappings
                .iter()
                .filter(|m| m.path.len() <= segs.len() && segs[..m.path.len()] == m.path[..])
                .max_by_key(|m| m.path.len());
            let Some(m) = best else {
                steps.service(at, || {
                    format!("no base path mapping of {} matches {}", d.name, call.path)
                });
                return missing_token();
            };
            let shown = if m.path.is_empty() {
                "(none)".to_string()
            } else {
                m.path.join("/")
            };
            steps.service(at, || {
                format!(
                    "base path mapping `{shown}` -> API {} stage {}",
                    net.apis[m.api.0].id, m.stage
                )
            });
            (m.api, m.stage.clone(), segs[m.path.len()..].to_vec())
        }
    };
    invoke(net, door, call, api_ix, &stage, &rest, steps)
}

/// The request inside the API: its decisions are recorded at the API's id, so the API is part
/// of the path only when the request reached it.
fn invoke<'a>(
    net: &'a Network,
    door: &Door,
    call: &Call<'_>,
    api_ix: ApiIx,
    stage: &str,
    rest: &[String],
    steps: &mut Steps<'a>,
) -> Outcome {
    let api = &net.apis[api_ix.0];
    let at = &Name::Borrowed(api.id.as_str());
    // The words and the policy context are built only when a step or a policy needs them.
    let path = || format!("/{}", rest.join("/"));
    if api.kind != ApiKind::WebSocket
        && let Some(routes) = &api.routes
    {
        match routes.iter().find(|r| route_matches(r, call.method, rest)) {
            Some(r) => steps.service(at, || {
                format!("route `{}` matches {} {}", r.text, call.method, path())
            }),
            None => {
                steps.service(at, || {
                    format!(
                        "no route of API {} matches {} {}",
                        api.id,
                        call.method,
                        path()
                    )
                });
                return if api.kind == ApiKind::Http {
                    not_found()
                } else {
                    missing_token()
                };
            }
        }
    }
    let arn = |account: &str| {
        format!(
            "arn:aws:execute-api:{}:{account}:{}/{stage}/{}/{}",
            api.region,
            api.id,
            call.method,
            rest.join("/")
        )
    };
    let ctx = || context(net, door, call, arn(&net.account));
    let masked = || arn(&aws::mask_account(&net.account));
    if let Door::Endpoint(e) = door
        && let Some(policy) = &net.endpoints[e.0].policy
    {
        let id = &net.endpoints[e.0].id;
        let ctx = ctx();
        match policy.evaluate(&ctx) {
            Decision::Allow { statement } => {
                steps.policy(at, PolicyKind::Endpoint, id, PolicyDecision::Allow, || {
                    format!(
                        "endpoint policy of {id}: statement {statement} allows ({})",
                        keys_shown(&ctx)
                    )
                })
            }
            Decision::ExplicitDeny { statement } => {
                let how = PolicyDecision::ExplicitDeny;
                steps.policy(at, PolicyKind::Endpoint, id, how, || {
                    format!(
                        "endpoint policy of {id}: statement {statement} denies ({})",
                        keys_shown(&ctx)
                    )
                });
                return access_denied(format!(
                    "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {} with an explicit deny in a VPC endpoint policy",
                    masked()
                ));
            }
            Decision::ImplicitDeny => {
                let how = PolicyDecision::ImplicitDeny;
                steps.policy(at, PolicyKind::Endpoint, id, how, || {
                    format!(
                        "endpoint policy of {id}: no statement allows ({})",
                        keys_shown(&ctx)
                    )
                });
                return access_denied(format!(
                    "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {} because no VPC endpoint policy allows the execute-api:Invoke action",
                    masked()
                ));
            }
        }
    }
    if let Some(policy) = &api.policy {
        let ctx = ctx();
        match evaluate(policy, &ctx) {
            Ok(statement) => steps.policy(
                at,
                PolicyKind::Resource,
                &api.id,
                PolicyDecision::Allow,
                || {
                    format!(
                        "resource policy of {}: statement {statement} allows ({})",
                        api.id,
                        keys_shown(&ctx)
                    )
                },
            ),
            Err((statement, explicit)) => {
                let how = if explicit { "denies" } else { "allows" };
                let decision = denial(explicit);
                steps.policy(at, PolicyKind::Resource, &api.id, decision, || {
                    format!(
                        "resource policy of {}: {statement} {how} ({})",
                        api.id,
                        keys_shown(&ctx)
                    )
                });
                let suffix = if explicit {
                    " with an explicit deny"
                } else {
                    ""
                };
                return access_denied(format!(
                    "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {}{suffix}",
                    masked()
                ));
            }
        }
    }
    if api.api_key_required {
        let key = call.headers.get("x-api-key").filter(|k| !k.is_empty());
        let ok = key.is_some_and(|k| api.api_keys.as_ref().is_none_or(|keys| keys.contains(k)));
        if !ok {
            let why = if key.is_some() {
                "is not a valid key"
            } else {
                "is missing"
            };
            steps.service(at, || {
                format!("API {} requires an API key and x-api-key {why}", api.id)
            });
            return forbidden();
        }
        steps.service(at, || format!("API {}: x-api-key accepted", api.id));
    }
    steps.service(at, || {
        format!(
            "API {} stage {stage} invokes its integration for {} {}",
            api.id,
            call.method,
            path()
        )
    });
    Outcome::Http {
        status: api.status,
        body: api.body.clone(),
        error_type: None,
    }
}

fn evaluate(policy: &Policy, ctx: &Context) -> Result<String, (String, bool)> {
    match policy.evaluate(ctx) {
        Decision::Allow { statement } => Ok(statement),
        Decision::ExplicitDeny { statement } => Err((format!("statement {statement}"), true)),
        Decision::ImplicitDeny => Err(("no statement".into(), false)),
    }
}

/// The decision of a policy that did not allow: a statement denied (`explicit`), or none allowed.
fn denial(explicit: bool) -> PolicyDecision {
    if explicit {
        PolicyDecision::ExplicitDeny
    } else {
        PolicyDecision::ImplicitDeny
    }
}

fn keys_shown(ctx: &Context) -> String {
    super::show_keys(&ctx.keys)
}

/// The condition keys a request carries at a door ([`super::context_keys`]).
fn context(net: &Network, door: &Door, call: &Call<'_>, resource: String) -> Context {
    let endpoint = match door {
        Door::Endpoint(e) => Some(&net.endpoints[e.0]),
        _ => None,
    };
    let keys = super::context_keys(net, endpoint, &call.caller);
    Context {
        action: "execute-api:Invoke".into(),
        resource,
        keys,
    }
}

/// A private custom domain is served only through endpoints with an access association, and
/// only as its own policy allows (F2.9). Public domains are served at their own door.
fn domain_access<'a>(
    net: &'a Network,
    door: &Door,
    d: &'a CustomDomain,
    call: &Call<'_>,
    steps: &mut Steps<'a>,
    at: &Name<'a>,
) -> Option<Outcome> {
    let Door::Endpoint(e) = door else { return None };
    if !d.vpc_endpoints.contains(e) {
        steps.service(at, || {
            format!(
                "{} has no domain name access association with {}",
                d.name, net.endpoints[e.0].id
            )
        });
        return Some(forbidden());
    }
    let resource = format!(
        "arn:aws:execute-api:{}:{}:/domainnames/{}",
        d.region, net.account, d.name
    );
    let ctx = context(net, door, call, resource.clone());
    let decision = d.policy.as_ref().map_or(
        Err(("no policy (deny-all, as AWS creates it)".to_string(), false)),
        |p| evaluate(p, &ctx),
    );
    match decision {
        Ok(statement) => {
            steps.policy(
                at,
                PolicyKind::Domain,
                &d.name,
                PolicyDecision::Allow,
                || format!("policy of {}: statement {statement} allows", d.name),
            );
            None
        }
        Err((statement, explicit)) => {
            steps.policy(at, PolicyKind::Domain, &d.name, denial(explicit), || {
                format!(
                    "policy of {}: {statement} {}",
                    d.name,
                    if explicit { "denies" } else { "allows" }
                )
            });
            let masked = format!(
                "arn:aws:execute-api:{}:{}:/domainnames/{}",
                d.region,
                aws::mask_account(&net.account),
                d.name
            );
            let suffix = if explicit {
                " with an explicit deny"
            } else {
                ""
            };
            Some(access_denied(format!(
                "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {masked}{suffix}"
            )))
        }
    }
}

/// Which API or custom domain a request names at a door.
fn identify<'a>(net: &'a Network, door: &Door, call: &Call<'_>) -> Option<Target<'a>> {
    let host = call.host;
    let by_default_name =
        aws::parse_execute_api_host(host).filter(|(label, _)| !label.starts_with("d-"));
    match door {
        Door::Endpoint(e) => {
            let ep = &net.endpoints[e.0];
            if let Some((label, region)) = by_default_name
                && region == ep.region
            {
                // {api-id}-{vpce-id} names the API before the dash.
                let id = label.split_once('-').map_or(label, |(a, _)| a);
                return Some(Target::Api {
                    id: id.to_string(),
                    how: format!("host {host}"),
                });
            }
            if let Some(d) = net.custom_domains.iter().find(|d| {
                d.endpoint == EndpointType::Private && aws::certificate_covers(&d.name, host)
            }) {
                return Some(Target::Domain(d));
            }
            call.headers.get("x-apigw-api-id").map(|id| Target::Api {
                id: id.to_ascii_lowercase(),
                how: "header x-apigw-api-id".into(),
            })
        }
        Door::Regional(region) => {
            if let Some((label, r)) = by_default_name
                && r == region
            {
                return Some(Target::Api {
                    id: label.to_string(),
                    how: format!("host {host}"),
                });
            }
            net.custom_domains
                .iter()
                .find(|d| {
                    d.endpoint == EndpointType::Regional
                        && &d.region == region
                        && aws::certificate_covers(&d.name, host)
                })
                .map(Target::Domain)
        }
        Door::CloudFront => {
            if let Some((label, _)) = by_default_name {
                return Some(Target::Api {
                    id: label.to_string(),
                    how: format!("host {host}"),
                });
            }
            net.custom_domains
                .iter()
                .find(|d| {
                    d.endpoint == EndpointType::Edge && aws::certificate_covers(&d.name, host)
                })
                .map(Target::Domain)
        }
    }
}

/// Why a door does not serve an API by its default name, if it does not.
fn door_refuses(net: &Network, door: &Door, api: &Api) -> Option<String> {
    match door {
        Door::Endpoint(e) => {
            let ep = &net.endpoints[e.0];
            if api.endpoint != EndpointType::Private {
                Some(format!(
                    "{} routes only to private APIs, and {} is {}: 403 (F1.10)",
                    ep.id,
                    api.id,
                    api.endpoint.name()
                ))
            } else if api.region != ep.region {
                Some(format!(
                    "{} is in {}, but {} serves {}",
                    api.id, api.region, ep.id, ep.region
                ))
            } else {
                None
            }
        }
        Door::Regional(region) => match api.endpoint {
            _ if &api.region != region => {
                Some(format!("API {} is in {}, not {region}", api.id, api.region))
            }
            EndpointType::Private => Some(format!(
                "{} is a private API: it is served only through an execute-api VPC endpoint (F3.8)",
                api.id
            )),
            EndpointType::Edge => Some(format!(
                "{} is edge-optimized: it is served through CloudFront, not the Regional front door",
                api.id
            )),
            EndpointType::Regional => None,
        },
        Door::CloudFront => (api.endpoint != EndpointType::Edge).then(|| {
            format!(
                "{} is {}, not edge-optimized: CloudFront does not serve it",
                api.id,
                api.endpoint.name()
            )
        }),
    }
}

/// The stage a default-name path selects, and how many segments it used. HTTP APIs with a
/// `$default` stage take paths that do not start with another stage's name.
fn pick_stage(api: &Api, segs: &[String]) -> Option<(String, usize)> {
    if let Some(first) = segs.first()
        && api.stages.iter().any(|s| s == first)
    {
        return Some((first.clone(), 1));
    }
    api.stages
        .iter()
        .any(|s| s == "$default")
        .then(|| ("$default".to_string(), 0))
}

fn route_matches(r: &ApiRoute, method: &str, rest: &[String]) -> bool {
    if r.is_default {
        return true;
    }
    if r.method != "ANY" && r.method != method {
        return false;
    }
    let mut i = 0;
    for seg in &r.segments {
        if seg.starts_with('{') && seg.ends_with("+}") {
            return i < rest.len();
        }
        let Some(actual) = rest.get(i) else {
            return false;
        };
        let variable = seg.starts_with('{') && seg.ends_with('}');
        if !variable && seg != actual {
            return false;
        }
        i += 1;
    }
    i == rest.len()
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn kind_name(k: ApiKind) -> &'static str {
    match k {
        ApiKind::Rest => "REST API",
        ApiKind::Http => "HTTP API",
        ApiKind::WebSocket => "WebSocket API",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(text: &str) -> ApiRoute {
        let (m, p) = text.split_once(' ').unwrap();
        ApiRoute {
            method: m.into(),
            segments: segments(p),
            is_default: false,
            text: text.into(),
        }
    }

    #[test]
    fn routes_match_methods_variables_and_greedy() {
        let segs = |p: &str| segments(p);
        assert!(route_matches(
            &route("GET /orders"),
            "GET",
            &segs("/orders")
        ));
        assert!(!route_matches(
            &route("GET /orders"),
            "POST",
            &segs("/orders")
        ));
        assert!(route_matches(
            &route("ANY /orders/{id}"),
            "DELETE",
            &segs("/orders/7")
        ));
        assert!(!route_matches(
            &route("ANY /orders/{id}"),
            "GET",
            &segs("/orders")
        ));
        assert!(route_matches(
            &route("ANY /{proxy+}"),
            "GET",
            &segs("/a/b/c")
        ));
        assert!(!route_matches(&route("ANY /{proxy+}"), "GET", &segs("/")));
        assert!(!route_matches(
            &route("GET /orders"),
            "GET",
            &segs("/orders/7")
        ));
    }
}
