//! API Gateway as reached through each of its doors.
//!
//! - The **endpoint door**: an execute-api interface endpoint's network interface. It serves
//!   private APIs only; anything else gets `403 {"message":"Forbidden"}` (F1.10, F1.11).
//! - The **Regional front door**: the public `*.execute-api.{region}` address. It serves
//!   Regional REST, HTTP and WebSocket APIs and Regional custom domains. A private API's
//!   default name resolves here from outside its VPC and gets 403 Forbidden (F3.8).
//! - **CloudFront**: edge-optimized APIs' default names and edge custom domains (F1.7, F2.2).
//!
//! Order of checks, each with the exact answer of `docs/aws-rules.md`: which API the host (or
//! `x-apigw-api-id`) names; the door; `disableExecuteApiEndpoint` (F4.5); custom-domain base
//! path mapping, longest first (F4.6, F4.7); stage (F4.4, F4.8); route (F4.3, F4.8); the endpoint
//! policy (F3.9); the resource policy (F3.6, F3.7); the API key (F4.11); the integration.

use crate::arrival::{Caller, Door};
use std::collections::BTreeMap;

use crate::aws;
use crate::net::*;
use crate::policy::{Context, Decision, Policy, Principal};
use crate::trace::{Name, Outcome, PolicyDecision, PolicyKind, Steps};

mod identify;
mod invoke;
mod messages;
mod policies;
mod routes;
use identify::*;
use invoke::*;
use messages::*;
use policies::*;
use routes::*;

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
    /// Whether it came over TLS.
    pub secure: bool,
    /// Whether it asks to open a WebSocket.
    pub websocket: bool,
    /// The signed caller; `None` is anonymous.
    pub principal: Option<&'a crate::policy::Principal>,
    /// A WebSocket message sent once the connection is open.
    pub message: Option<&'a str>,
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
            let alias = aws::parse_execute_api_host(call.host)
                .and_then(|(label, _)| label.split_once('-'))
                .filter(|(api, _)| net.api(api).is_some());
            match alias {
                Some((api, other)) => format!(
                    "host {}: {other} is not an endpoint associated with API {api}; only {api}-{{vpce-id}} of an associated endpoint, or the header x-apigw-api-id, names it (F1.5, F2.6)",
                    call.host
                ),
                None => format!(
                    "no API or custom domain served here answers to host {}",
                    call.host
                ),
            }
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

fn kind_name(k: ApiKind) -> &'static str {
    match k {
        ApiKind::Rest => "REST API",
        ApiKind::Http => "HTTP API",
        ApiKind::WebSocket => "WebSocket API",
    }
}
