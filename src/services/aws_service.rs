//! AWS services other than API Gateway, reached by their public address, through a gateway
//! endpoint or through an interface endpoint. They answer 200 unless the endpoint's policy
//! denies (F7.4, F7.5); S3 answers its XML `AccessDenied` error.

use crate::net::*;
use crate::policy::{Context, Decision};
use crate::trace::{Outcome, Step};

/// The request as the service sees it.
pub struct ServiceCall<'a> {
    /// Service name.
    pub service: &'a str,
    /// Region.
    pub region: &'a str,
    /// The endpoint it came through, if any.
    pub endpoint: Option<EndpointIx>,
    /// The caller's addresses.
    pub caller: super::Caller,
    /// Method.
    pub method: &'a str,
    /// URL host.
    pub host: &'a str,
    /// Path.
    pub path: &'a str,
}

/// The IAM action and resource a request stands for, as far as vpcpath models it: S3 object
/// and bucket operations by method; other services as `{service}:*` calls on `*`.
fn action_and_resource(call: &ServiceCall<'_>) -> (String, String) {
    if call.service == "s3" {
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
    (format!("{}:*", call.service), "*".to_string())
}

/// Handles the request, pushing the decisions as steps.
pub fn handle(net: &Network, call: &ServiceCall<'_>, steps: &mut Vec<Step>) -> Outcome {
    let at = format!("{} {}", call.service, call.region);
    if let Some(e) = call.endpoint {
        let ep = &net.endpoints[e.0];
        if let Some(policy) = &ep.policy {
            let (action, resource) = action_and_resource(call);
            let keys = super::context_keys(net, Some(ep), &call.caller);
            let shown = super::show_keys(&keys);
            let ctx = Context {
                action: action.clone(),
                resource: resource.clone(),
                keys,
            };
            let denied = match policy.evaluate(&ctx) {
                Decision::Allow { statement } => {
                    steps.push(Step::Service { at: at.clone(), detail: format!("endpoint policy of {}: statement {statement} allows {action} on {resource} ({shown})", ep.id) });
                    None
                }
                Decision::ExplicitDeny { statement } => Some((
                    format!("statement {statement} denies"),
                    "with an explicit deny in a VPC endpoint policy".to_string(),
                )),
                Decision::ImplicitDeny => Some((
                    "no statement allows".to_string(),
                    format!("because no VPC endpoint policy allows the {action} action"),
                )),
            };
            if let Some((why, tail)) = denied {
                steps.push(Step::Service {
                    at: at.clone(),
                    detail: format!(
                        "endpoint policy of {}: {why} {action} on {resource} ({shown})",
                        ep.id
                    ),
                });
                let message = format!(
                    "User: anonymous is not authorized to perform: {action} on resource: {resource} {tail}"
                );
                return access_denied(call.service, message);
            }
        }
    }
    steps.push(Step::Service {
        at,
        detail: format!("{} answers {} {}", call.service, call.method, call.path),
    });
    Outcome::Http {
        status: 200,
        body: String::new(),
        error_type: None,
    }
}

fn access_denied(service: &str, message: String) -> Outcome {
    if service == "s3" {
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
