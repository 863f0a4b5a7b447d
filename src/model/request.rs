//! Requests as written, and what they expect.

use super::*;

/// A request to simulate.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Name (default `request N`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An instance id, or `internet`.
    pub from: Sp<String>,
    /// `internet` only: the client's public address.
    // Boxed, as `method` and `expect`: most requests leave them out, and a large file's
    // requests wait to be resolved by the thousand (152 bytes each instead of 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<Box<Sp<String>>>,
    /// The URL.
    pub url: Sp<String>,
    /// HTTP method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Box<Sp<String>>>,
    /// Headers (boxed too: most requests send none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Box<BTreeMap<String, String>>>,
    /// `false` is `curl -k`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_verify: Option<bool>,
    /// What must happen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Box<Sp<Expect>>>,
    /// Who signs the request (SigV4): an account and principal, or `anonymous` (unsigned). Left
    /// out: unsigned at API Gateway, signed by a principal not named at AWS services' APIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<Box<Sp<CallerWritten>>>,
    /// `ws://` and `wss://` only: a message sent once the connection is open; the API's route
    /// selection expression picks its route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Box<Sp<String>>>,
}

/// Who signs a request, as written: the word `anonymous` (sent unsigned), or a mapping that
/// names an account and its principal.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CallerWritten {
    /// `anonymous`: the request is sent unsigned.
    Word(#[schemars(schema_with = "crate::model::schema::anonymous")] String),
    /// A signed caller.
    Signed(Caller),
}

impl<'de> Deserialize<'de> for CallerWritten {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Written;
        impl<'de> serde::de::Visitor<'de> for Written {
            type Value = CallerWritten;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`anonymous`, or a mapping with `account` (and `principal`)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CallerWritten, E> {
                Ok(CallerWritten::Word(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<CallerWritten, A::Error> {
                let inner = serde::de::value::MapAccessDeserializer::new(map);
                Caller::deserialize(inner).map(CallerWritten::Signed)
            }
        }
        d.deserialize_any(Written)
    }
}

/// A signed caller: an IAM principal of an account.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Caller {
    /// The caller's 12-digit account id.
    #[schemars(schema_with = "crate::model::schema::account")]
    pub account: Sp<String>,
    /// The IAM principal's ARN (`arn:aws:iam::<account>:role/app`); default: the account's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<Sp<String>>,
}

/// Expectations on a request.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `http`, `timeout`, `dns-failure`, `tls-error`, `connected` or `refused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_outcome")]
    pub outcome: Option<Sp<String>>,
    /// HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_status")]
    pub status: Option<u16>,
    /// Components the path must touch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Sp<OneOrMany>>,
    /// Components the path must not touch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_via: Option<Sp<OneOrMany>>,
    /// A substring of the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_contains: Option<String>,
    /// The DNS answer the client gets: its addresses (or the ids of the instances and
    /// interface endpoints whose addresses they are), `nxdomain` or `servfail`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_dns_answer")]
    pub dns: Option<Sp<DnsAnswer>>,
    /// What the DNS query went through: the resolver (a VPC's id, a site's, or `public`), and
    /// the endpoints, Resolver rules and endpoints, sites and APIs of the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_via: Option<Sp<OneOrMany>>,
}

/// An expected DNS answer: a word (`nxdomain`, `servfail`) or a list of addresses and ids.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DnsAnswer {
    /// `nxdomain` or `servfail`.
    Word(String),
    /// Addresses, or ids whose addresses are meant.
    Addresses(Vec<String>),
}

/// One id or a list of ids.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One.
    One(String),
    /// Many.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The ids as a slice-like list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}
