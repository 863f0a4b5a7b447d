//! An identified API invoked: stage, route, the policies, the API key and the integration's answer.

use super::*;

/// The request inside the API: its decisions are recorded at the API's id, so the API is part
/// of the path only when the request reached it.
pub(super) fn invoke<'a>(
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
    if api.kind == ApiKind::WebSocket {
        return websocket(api, call, stage, rest, at, steps);
    }
    if call.websocket {
        // A REST or HTTP API takes the handshake as the GET it is and answers it as one: the
        // client, waiting for 101, gets that answer and no WebSocket (nor any message) follows.
        steps.service(at, || {
            format!(
                "API {} is not a WebSocket API: it answers the handshake as a plain GET, so no WebSocket opens{}",
                api.id,
                if call.message.is_some() { " and the message is never sent" } else { "" }
            )
        });
    }
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
    // With `authorization: aws_iam` the caller must sign, and the policies see who it is; other
    // requests are anonymous to API Gateway, signed or not (F3.14).
    let signed = if api.iam_auth { call.principal } else { None };
    if api.iam_auth && signed.is_none() {
        steps.service(at, || {
            format!(
                "API {} requires requests signed with SigV4 (authorization: aws_iam), and this one is not",
                api.id
            )
        });
        return missing_token();
    }
    let who = user(signed);
    let ctx = || context(net, door, call, arn(&api.account), signed);
    let masked = || arn(&aws::mask_account(&api.account));
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
                    "User: {who} is not authorized to perform: execute-api:Invoke on resource: {} with an explicit deny in a VPC endpoint policy",
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
                    "User: {who} is not authorized to perform: execute-api:Invoke on resource: {} because no VPC endpoint policy allows the execute-api:Invoke action",
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
            Err((statement, false)) if signed.is_some_and(|p| p.account == api.account) => {
                // A caller of the API's own account needs the resource policy or its IAM policy
                // to allow; vpcpath does not model IAM policies and takes the caller's to allow.
                steps.service(at, || {
                    format!(
                        "resource policy of {}: {statement} allows ({}), but {who} is of the API's own account: its IAM policy decides, and vpcpath takes it to allow (F3.14)",
                        api.id,
                        keys_shown(&ctx)
                    )
                });
            }
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
                    "User: {who} is not authorized to perform: execute-api:Invoke on resource: {}{suffix}",
                    masked()
                ));
            }
        }
    } else if let Some(p) = signed
        && p.account != api.account
    {
        steps.service(at, || {
            format!(
                "API {} has no resource policy: a caller of another account needs one that allows it (F3.14)",
                api.id
            )
        });
        return access_denied(format!(
            "User: {who} is not authorized to perform: execute-api:Invoke on resource: {}",
            masked()
        ));
    }
    if let Some(refused) = api_key(api, call, "", at, steps) {
        return refused;
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

/// The API key check of an API that requires one (`api_key_required`; for a WebSocket API, its
/// `$connect` route's ApiKeyRequired, F4.12): the `x-api-key` header, one of `api_keys` when the
/// API lists them. `Some`: the 403 Forbidden that refuses the request.
fn api_key<'a>(
    api: &'a Api,
    call: &Call<'_>,
    route: &str,
    at: &Name<'a>,
    steps: &mut Steps<'a>,
) -> Option<Outcome> {
    if !api.api_key_required {
        return None;
    }
    let key = call.headers.get("x-api-key").filter(|k| !k.is_empty());
    let ok = key.is_some_and(|k| api.api_keys.as_ref().is_none_or(|keys| keys.contains(k)));
    if !ok {
        let why = if key.is_some() {
            "is not a valid key"
        } else {
            "is missing"
        };
        steps.service(at, || {
            format!(
                "API {}{route} requires an API key and x-api-key {why}",
                api.id
            )
        });
        return Some(forbidden());
    }
    steps.service(at, || format!("API {}{route}: x-api-key accepted", api.id));
    None
}

/// A WebSocket API at a stage (F4.12): the `@connections` management API, which needs a request
/// signed for `execute-api:ManageConnections` and so refuses vpcpath's anonymous callers; the
/// opening handshake, which runs the `$connect` route when there is one and answers `101
/// Switching Protocols`; or a plain HTTP request, which is not a WebSocket handshake.
fn websocket<'a>(
    api: &'a Api,
    call: &Call<'_>,
    stage: &str,
    rest: &[String],
    at: &Name<'a>,
    steps: &mut Steps<'a>,
) -> Outcome {
    if rest.first().is_some_and(|s| s == "@connections") {
        steps.service(at, || {
            format!(
                "API {} stage {stage}: the @connections management API takes requests signed for execute-api:ManageConnections, and this caller is anonymous",
                api.id
            )
        });
        return missing_token();
    }
    if !call.websocket {
        steps.service(at, || {
            format!(
                "API {} is a WebSocket API: a request that is not a WebSocket handshake (ws:// or wss://) is refused",
                api.id
            )
        });
        return forbidden();
    }
    if let Some(refused) = api_key(api, call, " route `$connect`", at, steps) {
        return refused;
    }
    let connect = api
        .routes
        .as_ref()
        .and_then(|routes| routes.iter().find(|r| r.text == "$connect"));
    steps.service(at, || match connect {
        Some(_) => format!(
            "API {} stage {stage}: route `$connect` accepts the connection (its integration answers as configured)",
            api.id
        ),
        None => format!(
            "API {} stage {stage}: no `$connect` route, so the connection is accepted as it is",
            api.id
        ),
    });
    match call.message {
        Some(message) => route_message(api, message, at, steps),
        None => Outcome::Http {
            status: 101,
            body: String::new(),
            error_type: None,
        },
    }
}
