//! IAM policies as API Gateway resource policies and VPC endpoint policies use them.
//!
//! A caller is anonymous, or signed by an IAM principal of an account (a request's `caller:`,
//! seen by APIs with IAM authorization and by AWS services); `Principal` names everyone, an
//! account (every principal of it) or an IAM user or role ([`Principals::match_caller`]).
//! Evaluation follows IAM's logic
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>
//! and, for API Gateway, <https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html>):
//! an explicit `Deny` wins; otherwise an `Allow` is needed; otherwise the request is implicitly
//! denied. Condition operators are those the scenario format lists, each with an `IfExists`
//! form; a key missing from the request makes a positive operator false and a negated one
//! (`StringNotEquals`, `StringNotLike`, `NotIpAddress`) true, as IAM documents
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::Value;

mod condition;
mod parse;
pub use condition::*;
use parse::*;

/// A parsed policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Statements in order.
    pub statements: Vec<Statement>,
}

/// Allow or Deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Allow.
    Allow,
    /// Deny.
    Deny,
}

/// A list of patterns that must match (or, negated, must not).
#[derive(Debug, Clone, PartialEq)]
pub struct Patterns {
    /// The patterns.
    pub values: Vec<String>,
    /// `NotAction`/`NotResource`/`NotPrincipal`.
    pub negated: bool,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Sid, or `#N` (1-based position) when it has none.
    pub label: String,
    /// Effect.
    pub effect: Effect,
    /// Whom it names.
    pub principals: Principals,
    /// Actions.
    pub actions: Patterns,
    /// Resources.
    pub resources: Patterns,
    /// Conditions, all of which must hold.
    pub conditions: Vec<Condition>,
}

/// The request as a policy sees it.
#[derive(Debug, Clone)]
pub struct Context {
    /// `execute-api:Invoke`, `s3:GetObject`, ...
    pub action: String,
    /// The resource ARN.
    pub resource: String,
    /// Condition keys present, lower-case names.
    pub keys: BTreeMap<String, String>,
    /// The signed caller, or `None` for an anonymous one.
    pub principal: Option<Principal>,
    /// An account named as a principal names its root user only, not every principal of it:
    /// a gateway endpoint's policy (F7.9).
    pub account_is_root_only: bool,
}

/// A caller that signed its request: its account and the ARN of its IAM principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The 12-digit account id.
    pub account: String,
    /// `arn:aws:iam::{account}:role/app`, `...:user/name`, or the account's `...:root`.
    pub arn: String,
}

/// The `Principal` (or `NotPrincipal`) of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principals {
    /// `"*"` or `{"AWS": "*"}`: everyone, signed or anonymous.
    pub everyone: bool,
    /// The AWS principals named: account ids, `arn:aws:iam::{account}:root`, or IAM ARNs.
    pub aws: Vec<String>,
    /// `NotPrincipal`.
    pub negated: bool,
}

impl Principals {
    /// Whether the statement applies to `caller` (anonymous when `None`). Naming an account (by
    /// its id or its `root` ARN) names every principal of that account; an ARN names itself
    /// (and the sessions of a role).
    pub fn match_caller(&self, caller: Option<&Principal>) -> bool {
        self.match_caller_in(caller, false)
    }

    /// [`Self::match_caller`] where, with `account_is_root_only`, naming an account names its
    /// root user only (a gateway endpoint's policy, F7.9).
    pub fn match_caller_in(&self, caller: Option<&Principal>, account_is_root_only: bool) -> bool {
        let named = self.everyone
            || caller.is_some_and(|c| {
                let root = format!("arn:aws:iam::{}:root", c.account);
                let account_named = !account_is_root_only || c.arn == root;
                self.aws.iter().any(|p| {
                    ((*p == c.account || *p == root) && account_named)
                        || *p == c.arn
                        || role_of_session(&c.arn).is_some_and(|role| *p == role)
                })
            });
        named != self.negated
    }
}

/// The role ARN of an assumed-role session ARN:
/// `arn:aws:sts::111122223333:assumed-role/app/s1` is a session of
/// `arn:aws:iam::111122223333:role/app`.
pub fn role_of_session(arn: &str) -> Option<String> {
    let rest = arn.strip_prefix("arn:aws:sts::")?;
    let (account, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("assumed-role/")?;
    let (role, _) = rest.split_once('/')?;
    Some(format!("arn:aws:iam::{account}:role/{role}"))
}

/// The result of evaluating one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// A statement allowed and none denied.
    Allow {
        /// The allowing statement.
        statement: String,
    },
    /// A statement explicitly denied.
    ExplicitDeny {
        /// The denying statement.
        statement: String,
    },
    /// No statement allowed.
    ImplicitDeny,
}

impl Policy {
    /// Parses an IAM policy document. `expand` rewrites the `execute-api:/` shorthand of
    /// resources into a full ARN prefix (`arn:aws:execute-api:{region}:{account}:{api-id}/`).
    pub fn parse(doc: &Value, expand: Option<&str>) -> Result<Policy, String> {
        let obj = doc
            .as_object()
            .ok_or("a policy is a mapping with `Statement` (and optionally `Version`)")?;
        for key in obj.keys() {
            if !matches!(key.as_str(), "Version" | "Id" | "Statement") {
                return Err(format!(
                    "unknown policy key `{key}`: a policy has `Version`, `Id` and `Statement`"
                ));
            }
        }
        let statements = match obj.get("Statement") {
            Some(Value::Array(list)) => list.iter().collect::<Vec<_>>(),
            Some(v @ Value::Object(_)) => vec![v],
            _ => return Err("the policy needs `Statement`: a statement or a list of them".into()),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(i, s)| parse_statement(i, s, expand))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Policy { statements })
    }

    /// Evaluates the policy for an anonymous caller.
    pub fn evaluate(&self, ctx: &Context) -> Decision {
        let mut allow = None;
        for s in &self.statements {
            if !s.applies(ctx) {
                continue;
            }
            match s.effect {
                Effect::Deny => {
                    return Decision::ExplicitDeny {
                        statement: s.label.clone(),
                    };
                }
                Effect::Allow => {
                    allow.get_or_insert_with(|| s.label.clone());
                }
            }
        }
        match allow {
            Some(statement) => Decision::Allow { statement },
            None => Decision::ImplicitDeny,
        }
    }

    /// Whether any statement tests one of `keys` (lower case) in a condition.
    pub fn mentions_condition_key(&self, keys: &[&str]) -> bool {
        self.statements
            .iter()
            .flat_map(|s| &s.conditions)
            .any(|c| keys.contains(&c.key.as_str()))
    }
}

impl Statement {
    fn applies(&self, ctx: &Context) -> bool {
        self.principals
            .match_caller_in(ctx.principal.as_ref(), ctx.account_is_root_only)
            && self
                .actions
                .matches(|p| glob(&p.to_ascii_lowercase(), &ctx.action.to_ascii_lowercase()))
            && self.resources.matches(|p| glob(p, &ctx.resource))
            && self.conditions.iter().all(|c| c.holds(&ctx.keys))
    }
}

impl Patterns {
    fn matches(&self, f: impl Fn(&str) -> bool) -> bool {
        self.values.iter().any(|p| f(p)) != self.negated
    }
}

/// The condition keys a simulated request carries (lower case), filled by
/// `services::context_keys`: the source addresses, VPC and endpoint, whether it came over TLS,
/// the Referer and User-Agent headers when sent, a signed caller's account and ARN, and the
/// time (always present in AWS's request context). Any other key is absent.
pub const FILLED_KEYS: &[&str] = &[
    "aws:currenttime",
    "aws:epochtime",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:securetransport",
    "aws:referer",
    "aws:useragent",
    "aws:principalaccount",
    "aws:principalarn",
];

/// Whether the simulated request can carry condition key `key` (lower case).
pub fn is_filled(key: &str) -> bool {
    FILLED_KEYS.contains(&key)
}

/// The global condition keys as AWS's documentation spells them, for showing a key that the
/// request context holds lowercased (keys match without regard to case).
const KEY_NAMES: &[&str] = &[
    "aws:SourceIp",
    "aws:VpcSourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SecureTransport",
    "aws:Referer",
    "aws:UserAgent",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:RequestedRegion",
];

/// A condition key as AWS's documentation spells it: `aws:sourceip` is `aws:SourceIp`; a key
/// vpcpath does not know is shown as it is.
pub fn key_name(key: &str) -> &str {
    KEY_NAMES
        .iter()
        .find(|k| k.eq_ignore_ascii_case(key))
        .copied()
        .unwrap_or(key)
}

#[cfg(test)]
mod tests;
