//! Evaluation of whole policies: effects, principals, actions, resources and conditions.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::*;
use serde_json::json;

fn ctx(resource: &str, keys: &[(&str, &str)]) -> Context {
    Context {
        action: "execute-api:Invoke".into(),
        resource: resource.into(),
        keys: keys
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect(),
        principal: None,
        account_is_root_only: false,
    }
}

const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/pets";
const PREFIX: &str = "arn:aws:execute-api:us-east-1:123456789012:abc/";

/// The "source VPC" example of the API Gateway developer guide
/// (apigateway-resource-policies-examples): allow all, deny unless from one VPC.
fn source_vpc_policy() -> Policy {
    Policy::parse(
        &json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                 "Resource": "execute-api:/*"},
                {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                 "Resource": "execute-api:/*",
                 "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}
            ]
        }),
        Some(PREFIX),
    )
    .unwrap()
}

#[test]
fn docs_source_vpc_example() {
    let p = source_vpc_policy();
    assert_eq!(
        p.evaluate(&ctx(ARN, &[("aws:SourceVpc", "vpc-1a2b3c4d")])),
        Decision::Allow {
            statement: "#1".into()
        }
    );
    assert_eq!(
        p.evaluate(&ctx(ARN, &[("aws:SourceVpc", "vpc-other")])),
        Decision::ExplicitDeny {
            statement: "#2".into()
        }
    );
    // No VPC at all (a public caller): the negated operator holds, so the Deny applies.
    assert_eq!(
        p.evaluate(&ctx(ARN, &[])),
        Decision::ExplicitDeny {
            statement: "#2".into()
        }
    );
}

#[test]
fn implicit_deny_without_allow() {
    let p = Policy::parse(
        &json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                "Resource": "execute-api:/prod/*"}}),
        Some(PREFIX),
    )
    .unwrap();
    assert_eq!(p.evaluate(&ctx(ARN, &[])), Decision::ImplicitDeny);
}

#[test]
fn ip_conditions_and_if_exists() {
    let p = Policy::parse(
        &json!({"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "execute-api:*", "Resource": "*",
             "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}]}),
        None,
    )
    .unwrap();
    assert!(matches!(
        p.evaluate(&ctx(ARN, &[("aws:SourceIp", "203.0.113.7")])),
        Decision::Allow { .. }
    ));
    assert_eq!(
        p.evaluate(&ctx(ARN, &[("aws:SourceIp", "198.51.100.7")])),
        Decision::ImplicitDeny
    );
    assert_eq!(p.evaluate(&ctx(ARN, &[])), Decision::ImplicitDeny);
    let q = Policy::parse(
        &json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
             "Condition": {"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}}}]}),
        None,
    )
    .unwrap();
    assert!(matches!(q.evaluate(&ctx(ARN, &[])), Decision::Allow { .. }));
}

#[test]
fn specific_principal_does_not_match_anonymous() {
    let p = Policy::parse(
        &json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                 "Action": "*", "Resource": "*"}]}),
        None,
    )
    .unwrap();
    assert_eq!(p.evaluate(&ctx(ARN, &[])), Decision::ImplicitDeny);
}

#[test]
fn not_action_and_string_like() {
    let p = Policy::parse(
        &json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "NotAction": "s3:DeleteObject", "Resource": "*",
             "Condition": {"StringLike": {"aws:SourceVpce": "vpce-app*"}}}]}),
        None,
    )
    .unwrap();
    assert!(matches!(
        p.evaluate(&ctx(ARN, &[("aws:sourcevpce", "vpce-app1")])),
        Decision::Allow { .. }
    ));
}

#[test]
fn rejects_bad_documents() {
    assert!(Policy::parse(&json!("x"), None).is_err());
    let e = Policy::parse(
        &json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
        None,
    )
    .unwrap_err();
    assert!(e.contains("Principal"), "{e}");
    let e = Policy::parse(
        &json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
                 "Condition": {"DateLaterThan": {"aws:CurrentTime": "2020"}}}]}),
        None,
    )
    .unwrap_err();
    assert!(e.contains("DateLaterThan"), "{e}");
}

#[test]
fn glob_matches_like_iam() {
    assert!(glob("*", ""));
    assert!(glob("a*c", "abbbc"));
    assert!(glob("a?c", "abc"));
    assert!(!glob("a?c", "ac"));
    assert!(glob("arn:*:abc/*", "arn:aws:x:abc/dev/GET/"));
    assert!(!glob("abc", "abcd"));
}

#[test]
fn principals_match_the_signed_caller_and_its_account() {
    let caller = Principal {
        account: "444455556666".into(),
        arn: "arn:aws:sts::444455556666:assumed-role/partner/s1".into(),
    };
    let named = |p: serde_json::Value| parse::principals(&p, false);
    assert!(named(json!("*")).match_caller(None));
    assert!(named(json!({"AWS": "*"})).match_caller(Some(&caller)));
    assert!(!named(json!({"AWS": "444455556666"})).match_caller(None));
    assert!(named(json!({"AWS": "444455556666"})).match_caller(Some(&caller)));
    assert!(named(json!({"AWS": "arn:aws:iam::444455556666:root"})).match_caller(Some(&caller)));
    assert!(
        named(json!({"AWS": "arn:aws:iam::444455556666:role/partner"})).match_caller(Some(&caller))
    );
    assert!(
        !named(json!({"AWS": "arn:aws:iam::444455556666:role/other"})).match_caller(Some(&caller))
    );
    assert!(!named(json!({"AWS": ["111122223333"]})).match_caller(Some(&caller)));
    assert!(!named(json!({"Service": "lambda.amazonaws.com"})).match_caller(Some(&caller)));
    let not = parse::principals(&json!({"AWS": "444455556666"}), true);
    assert!(!not.match_caller(Some(&caller)));
    assert!(not.match_caller(None));
}

#[test]
fn in_a_gateway_endpoint_policy_an_account_names_its_root_user_only() {
    let session = Principal {
        account: "444455556666".into(),
        arn: "arn:aws:sts::444455556666:assumed-role/partner/s1".into(),
    };
    let root = Principal {
        account: "444455556666".into(),
        arn: "arn:aws:iam::444455556666:root".into(),
    };
    let account = parse::principals(&json!({"AWS": "444455556666"}), false);
    assert!(!account.match_caller_in(Some(&session), true));
    assert!(account.match_caller_in(Some(&root), true));
    assert!(account.match_caller_in(Some(&session), false));
    let role = parse::principals(
        &json!({"AWS": "arn:aws:iam::444455556666:role/partner"}),
        false,
    );
    assert!(role.match_caller_in(Some(&session), true));
}
