//! Who signed a request to an AWS service's API, and what the service does with one sent
//! unsigned (F6.81, F6.82).
//!
//! A request written `caller: anonymous` is sent without a signature. Most APIs refuse it
//! before anything else looks at it: 403 `MissingAuthenticationToken` (F6.81); STS serves the
//! two operations whose callers have no AWS credentials yet (`AssumeRoleWithWebIdentity`,
//! `AssumeRoleWithSAML`). S3 instead authorizes the anonymous caller against the bucket's
//! policy and ACLs, which vpcpath does not model: it takes the bucket as S3 creates it, with
//! Block Public Access on, and answers 403 `AccessDenied` (F6.82). A request written without
//! `caller:` is taken as signed, by a principal it does not name, as an SDK signs every call
//! with the credentials it finds (decisions.md).

use crate::aws;
use crate::trace::Outcome;

/// What an AWS service's API does with an unsigned request to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsigned {
    /// Refused for its missing signature: 403 `MissingAuthenticationToken` (F6.81).
    Refused,
    /// Authorized as the anonymous caller against the resource's policy (S3, F6.82).
    Anonymous,
    /// Needs no signature: STS's web identity and SAML federation (F6.81).
    Served,
}

/// What `service` does with an unsigned request to `action` (`sts:AssumeRoleWithSAML`).
pub fn unsigned(service: &aws::Service, action: &str) -> Unsigned {
    if *service == aws::Service::S3 {
        return Unsigned::Anonymous;
    }
    match action {
        "sts:AssumeRoleWithWebIdentity" | "sts:AssumeRoleWithSAML" => Unsigned::Served,
        _ => Unsigned::Refused,
    }
}

/// The answer to an unsigned request an API refuses: 403 with the code of AWS's common errors
/// and its documented description (the body's format per protocol is UNCONFIRMED, F6.81).
pub fn missing_token() -> Outcome {
    let code = "MissingAuthenticationToken";
    let message = "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.";
    let body = serde_json::json!({ "__type": code, "message": message }).to_string();
    Outcome::Http {
        status: 403,
        body,
        error_type: Some(code.into()),
    }
}

/// How a trace and a denial name who signed: the principal's ARN, `anonymous` for an unsigned
/// request, or that none was written.
pub fn signer(principal: Option<&crate::policy::Principal>, unsigned: bool) -> &str {
    match (principal, unsigned) {
        (Some(p), _) => p.arn.as_str(),
        (None, true) => "anonymous",
        (None, false) => "(caller not written)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_s3_and_sts_federation_take_unsigned_requests() {
        let s3 = aws::Service::S3;
        let sts = aws::Service::parse("sts");
        let sqs = aws::Service::parse("sqs");
        assert_eq!(unsigned(&s3, "s3:GetObject"), Unsigned::Anonymous);
        assert_eq!(
            unsigned(&sts, "sts:AssumeRoleWithWebIdentity"),
            Unsigned::Served
        );
        assert_eq!(unsigned(&sts, "sts:AssumeRoleWithSAML"), Unsigned::Served);
        assert_eq!(unsigned(&sts, "sts:GetCallerIdentity"), Unsigned::Refused);
        assert_eq!(unsigned(&sts, "sts:*"), Unsigned::Refused);
        assert_eq!(unsigned(&sqs, "sqs:SendMessage"), Unsigned::Refused);
    }

    #[test]
    fn a_refused_request_answers_403_missing_authentication_token() {
        let Outcome::Http {
            status,
            body,
            error_type,
        } = missing_token()
        else {
            panic!("not an HTTP answer");
        };
        assert_eq!(status, 403);
        assert!(body.contains("MissingAuthenticationToken"));
        assert_eq!(error_type.as_deref(), Some("MissingAuthenticationToken"));
    }

    #[test]
    fn the_signer_is_named_or_said_unsigned_or_unwritten() {
        let p = crate::policy::Principal {
            account: "111122223333".into(),
            arn: "arn:aws:iam::111122223333:role/app".into(),
        };
        assert_eq!(signer(Some(&p), false), p.arn);
        assert_eq!(signer(None, true), "anonymous");
        assert_eq!(signer(None, false), "(caller not written)");
    }
}
