//! The endpoint and resource policies as API Gateway evaluates them, with the request context
//! each path carries, and custom domains' access for private APIs.

use super::*;

pub(super) fn evaluate(policy: &Policy, ctx: &Context) -> Result<String, (String, bool)> {
    match policy.evaluate(ctx) {
        Decision::Allow { statement } => Ok(statement),
        Decision::ExplicitDeny { statement } => Err((format!("statement {statement}"), true)),
        Decision::ImplicitDeny => Err(("no statement".into(), false)),
    }
}

/// The decision of a policy that did not allow: a statement denied (`explicit`), or none allowed.
pub(super) fn denial(explicit: bool) -> PolicyDecision {
    if explicit {
        PolicyDecision::ExplicitDeny
    } else {
        PolicyDecision::ImplicitDeny
    }
}

pub(super) fn keys_shown(ctx: &Context) -> String {
    crate::services::show_keys(&ctx.keys)
}

/// The request context at a door ([`super::context_keys`]): `signed` is the caller when the
/// API checks signatures (`authorization: aws_iam`), else `None`, for API Gateway evaluates
/// other requests as anonymous.
pub(super) fn context(
    net: &Network,
    door: &Door,
    call: &Call<'_>,
    resource: String,
    signed: Option<&Principal>,
) -> Context {
    let endpoint = match door {
        Door::Endpoint(e) => Some(&net.endpoints[e.0]),
        _ => None,
    };
    let keys = crate::services::context_keys(
        net,
        endpoint,
        &call.caller,
        call.secure,
        call.headers,
        signed,
    );
    Context {
        action: "execute-api:Invoke".into(),
        resource,
        keys,
        principal: signed.cloned(),
        account_is_root_only: false,
    }
}

/// Who a denial names: the signed caller's ARN, or `anonymous`.
pub(super) fn user(signed: Option<&Principal>) -> &str {
    signed.map_or("anonymous", |p| p.arn.as_str())
}

/// A private custom domain is served only through endpoints with an access association, and
/// only as its own policy allows (F2.9). Public domains are served at their own door.
pub(super) fn domain_access<'a>(
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
    let ctx = context(net, door, call, resource.clone(), None);
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
