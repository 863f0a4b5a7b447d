//! AWS services other than API Gateway, reached by their public address, through a gateway
//! endpoint or through an interface endpoint. They answer 200 unless the request is unsigned
//! ([`super::signature`], F6.81, F6.82) or the endpoint's policy denies (F7.4, F7.5); S3
//! answers its XML `AccessDenied` error.

use super::signature::{self, Unsigned};
use crate::aws;
use crate::net::*;
use crate::policy::{Context, Decision};
use crate::trace::{Name, Outcome, PolicyDecision, PolicyKind, Steps};

/// The request as the service sees it.
pub struct ServiceCall<'a> {
    /// Service.
    pub service: &'a aws::Service,
    /// Region.
    pub region: aws::Region,
    /// The endpoint it came through, if any.
    pub endpoint: Option<EndpointIx>,
    /// The caller's addresses.
    pub caller: crate::arrival::Caller,
    /// Method.
    pub method: &'a str,
    /// URL host.
    pub host: &'a str,
    /// Path.
    pub path: &'a str,
    /// Query string.
    pub query: &'a str,
    /// Headers, lower-case names.
    pub headers: &'a std::collections::BTreeMap<String, String>,
    /// Whether it came over TLS.
    pub secure: bool,
    /// The signed caller; `None` is unsigned or a signer not named ([`Self::unsigned`]).
    pub principal: Option<&'a crate::policy::Principal>,
    /// Written `caller: anonymous`: sent unsigned (F6.81).
    pub unsigned: bool,
}

/// The IAM action and resource a request stands for, as far as vpcpath models it: S3 object
/// and bucket operations by method and bucket/key; other services by the operation the
/// request names (the `X-Amz-Target` header of JSON-protocol services such as DynamoDB, KMS or
/// SSM, or the `Action=` parameter of query-protocol services such as STS, SQS or EC2), else
/// `{prefix}:*`, always on resource `*` (the resource is in the body, which is not modelled).
pub fn action_and_resource(call: &ServiceCall<'_>) -> (String, String) {
    if *call.service == aws::Service::S3 {
        let host_bucket = call.host.split_once(".s3.").map(|(b, _)| b.to_string());
        let mut segs = call.path.split('/').filter(|s| !s.is_empty());
        let (bucket, key) = match host_bucket {
            Some(b) => (Some(b), segs.collect::<Vec<_>>().join("/")),
            None => (
                segs.next().map(String::from),
                segs.collect::<Vec<_>>().join("/"),
            ),
        };
        let action = match (call.method, key.is_empty()) {
            ("GET" | "HEAD", false) => "s3:GetObject",
            ("PUT" | "POST", false) => "s3:PutObject",
            ("DELETE", false) => "s3:DeleteObject",
            ("GET", true) => "s3:ListBucket",
            _ => "s3:ListAllMyBuckets",
        };
        let resource = match (bucket, key.is_empty()) {
            (Some(b), false) => format!("arn:aws:s3:::{b}/{key}"),
            (Some(b), true) => format!("arn:aws:s3:::{b}"),
            (None, _) => "*".to_string(),
        };
        return (action.to_string(), resource);
    }
    let prefix = aws::iam_prefix(call.service);
    let from_target = call
        .headers
        .get("x-amz-target")
        .and_then(|t| t.rsplit('.').next())
        .filter(|op| !op.is_empty());
    let from_query = call
        .query
        .split('&')
        .find_map(|kv| kv.strip_prefix("Action="))
        .filter(|op| !op.is_empty());
    let op = from_target.or(from_query).unwrap_or("*");
    (format!("{prefix}:{op}"), "*".to_string())
}

/// Handles the request, pushing the decisions as steps: an unsigned request first (F6.81),
/// then the endpoint's policy, then S3's anonymous caller (F6.82).
pub fn handle<'a>(net: &'a Network, call: &ServiceCall<'_>, steps: &mut Steps<'a>) -> Outcome {
    let at = Name::Owned(format!("{} {}", call.service, call.region));
    let (action, resource) = action_and_resource(call);
    let unsigned = call
        .unsigned
        .then(|| signature::unsigned(call.service, &action));
    if unsigned == Some(Unsigned::Refused) {
        steps.service(&at, || {
            format!(
                "{} refuses the unsigned request (`caller: anonymous`): {action} needs a SigV4 signature (F6.81)",
                call.service
            )
        });
        return signature::missing_token();
    }
    if let Some(e) = call.endpoint {
        let ep = &net.endpoints[e.0];
        if let Some(policy) = &ep.policy {
            let keys = super::context_keys(
                net,
                Some(ep),
                &call.caller,
                call.secure,
                call.headers,
                call.principal,
            );
            let ctx = Context {
                account_is_root_only: matches!(ep.kind, EndpointKind::Gateway { .. }),
                principal: call.principal.cloned(),
                action: action.clone(),
                resource: resource.clone(),
                keys,
            };
            let denied = match policy.evaluate(&ctx) {
                Decision::Allow { statement } => {
                    steps.policy(&at, PolicyKind::Endpoint, &ep.id, PolicyDecision::Allow, || format!("endpoint policy of {}: statement {statement} allows {action} on {resource} ({})", ep.id, super::show_keys(&ctx.keys)));
                    None
                }
                Decision::ExplicitDeny { statement } => Some((
                    PolicyDecision::ExplicitDeny,
                    format!("statement {statement} denies"),
                    "with an explicit deny in a VPC endpoint policy".to_string(),
                )),
                Decision::ImplicitDeny => Some((
                    PolicyDecision::ImplicitDeny,
                    "no statement allows".to_string(),
                    format!("because no VPC endpoint policy allows the {action} action"),
                )),
            };
            if let Some((decision, why, tail)) = denied {
                steps.policy(&at, PolicyKind::Endpoint, &ep.id, decision, || {
                    format!(
                        "endpoint policy of {}: {why} {action} on {resource} ({})",
                        ep.id,
                        super::show_keys(&ctx.keys)
                    )
                });
                let user = signature::signer(call.principal, call.unsigned);
                let message = format!(
                    "User: {user} is not authorized to perform: {action} on resource: {resource} {tail}"
                );
                return access_denied(call.service, message);
            }
        }
    }
    if unsigned == Some(Unsigned::Anonymous) {
        steps.service(&at, || {
            format!(
                "{} takes the unsigned request (`caller: anonymous`) as the anonymous user: only a bucket policy or ACL granting public access admits it, which vpcpath does not model; the bucket is taken as S3 creates it, Block Public Access on (F6.82)",
                call.service
            )
        });
        return access_denied(call.service, "Access Denied".to_string());
    }
    steps.service(&at, || {
        let signed = match (call.principal, unsigned) {
            (Some(p), _) => format!("signed by {}", p.arn),
            (None, Some(_)) => format!("unsigned, as {action} allows"),
            (None, None) => "signed: no `caller:` is written, so by a principal not named (`caller: anonymous` sends it unsigned, F6.81)".to_string(),
        };
        format!("{} answers {} {}, {signed}", call.service, call.method, call.path)
    });
    Outcome::Http {
        status: 200,
        body: String::new(),
        error_type: None,
    }
}

fn access_denied(service: &aws::Service, message: String) -> Outcome {
    if *service == aws::Service::S3 {
        // S3's error document (F7.5); the exact message text per service is UNCONFIRMED.
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>{message}</Message></Error>"
        );
        return Outcome::Http {
            status: 403,
            body,
            error_type: None,
        };
    }
    let body =
        serde_json::json!({ "__type": "AccessDeniedException", "message": message }).to_string();
    Outcome::Http {
        status: 403,
        body,
        error_type: Some("AccessDeniedException".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn action(
        service: &str,
        method: &str,
        host: &str,
        path: &str,
        query: &str,
        target: Option<&str>,
    ) -> (String, String) {
        let headers: BTreeMap<String, String> = target
            .map(|t| BTreeMap::from([("x-amz-target".to_string(), t.to_string())]))
            .unwrap_or_default();
        let call = ServiceCall {
            service: &aws::Service::parse(service),
            region: aws::Region::US_EAST_1,
            endpoint: None,
            caller: crate::arrival::Caller::default(),
            method,
            host,
            path,
            query,
            headers: &headers,
            secure: true,
            principal: None,
            unsigned: false,
        };
        action_and_resource(&call)
    }

    #[test]
    fn s3_actions_follow_the_method_and_the_key() {
        let virtual_host = action(
            "s3",
            "GET",
            "reports.s3.us-east-1.amazonaws.com",
            "/a/b.csv",
            "",
            None,
        );
        assert_eq!(
            virtual_host,
            ("s3:GetObject".into(), "arn:aws:s3:::reports/a/b.csv".into())
        );
        let path_style = action(
            "s3",
            "PUT",
            "s3.us-east-1.amazonaws.com",
            "/reports/x",
            "",
            None,
        );
        assert_eq!(
            path_style,
            ("s3:PutObject".into(), "arn:aws:s3:::reports/x".into())
        );
        let list = action(
            "s3",
            "GET",
            "reports.s3.us-east-1.amazonaws.com",
            "/",
            "list-type=2",
            None,
        );
        assert_eq!(
            list,
            ("s3:ListBucket".into(), "arn:aws:s3:::reports".into())
        );
    }

    #[test]
    fn other_services_take_the_operation_from_the_target_or_the_action_parameter() {
        let ddb = action(
            "dynamodb",
            "POST",
            "dynamodb.us-east-1.amazonaws.com",
            "/",
            "",
            Some("DynamoDB_20120810.GetItem"),
        );
        assert_eq!(ddb.0, "dynamodb:GetItem");
        let sts = action(
            "sts",
            "GET",
            "sts.us-east-1.amazonaws.com",
            "/",
            "Version=2011-06-15&Action=GetCallerIdentity",
            None,
        );
        assert_eq!(sts, ("sts:GetCallerIdentity".into(), "*".into()));
        let cw = action(
            "monitoring",
            "POST",
            "monitoring.us-east-1.amazonaws.com",
            "/",
            "",
            Some("GraniteServiceVersion20100801.PutMetricData"),
        );
        assert_eq!(cw.0, "cloudwatch:PutMetricData");
        let unnamed = action("kms", "POST", "kms.us-east-1.amazonaws.com", "/", "", None);
        assert_eq!(unnamed.0, "kms:*");
    }
}
