//! API Gateway APIs, custom domains and DNS zones as written.

use super::*;

/// An API Gateway API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// The API id.
    pub id: Sp<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `rest` (default), `http` or `websocket`.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    #[schemars(schema_with = "crate::model::schema::opt_api_type")]
    pub kind: Option<Sp<String>>,
    /// Endpoint type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_endpoint_type")]
    pub endpoint: Option<Sp<String>>,
    /// Region (default: the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_region")]
    pub region: Option<Sp<String>>,
    /// The owning account (default: the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_account")]
    pub account: Option<Sp<String>>,
    /// Deployed stages.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub stages: Vec<Sp<String>>,
    /// Routes (`"GET /orders"`); omitted: every method and path answers.
    #[serde(
        serialize_with = "crate::model::flow::opt_seq",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::shrunk_opt"
    )]
    pub routes: Option<Vec<Sp<String>>>,
    /// Whether methods require an API key.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub api_key_required: bool,
    /// `none` (default) or `aws_iam`: callers must sign their requests (SigV4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_authorization")]
    pub authorization: Option<Sp<String>>,
    /// Accepted API key values (extension); omitted: any non-empty `x-api-key`.
    #[serde(
        serialize_with = "crate::model::flow::opt_seq",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::shrunk_opt"
    )]
    pub api_keys: Option<Vec<String>>,
    /// `disableExecuteApiEndpoint`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disable_execute_api_endpoint: bool,
    /// Associated VPC endpoints (private APIs).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub vpc_endpoints: Vec<Sp<String>>,
    /// Resource policy.
    #[serde(
        serialize_with = "crate::model::flow::opt_map",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy: Option<Sp<serde_json::Value>>,
    /// What the integration answers.
    #[serde(
        serialize_with = "crate::model::flow::opt_map",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub response: Option<Response>,
    /// WebSocket APIs: the route selection expression that picks a message's route
    /// (default `$request.body.action`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_selection: Option<Sp<String>>,
}

/// A canned integration response.
#[derive(Debug, Default, Deserialize, Serialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// HTTP status (default 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_status")]
    pub status: Option<u16>,
    /// Body (default empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// An API Gateway custom domain name.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomDomain {
    /// The domain name.
    pub name: Sp<String>,
    /// `edge`, `regional` or `private`.
    #[schemars(schema_with = "crate::model::schema::endpoint_type")]
    pub endpoint: Sp<String>,
    /// The API Gateway domain name that DNS points at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Sp<String>>,
    /// Base path mappings.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub mappings: Vec<Sp<Mapping>>,
    /// Private domains: endpoints with a domain name access association.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub vpc_endpoints: Vec<Sp<String>>,
    /// Private domains: the domain's `execute-api` policy.
    #[serde(
        serialize_with = "crate::model::flow::opt_map",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy: Option<Sp<serde_json::Value>>,
}

/// A base path mapping.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The base path; `""` is `(none)`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// API id.
    pub api: Sp<String>,
    /// Stage.
    pub stage: Sp<String>,
}

/// A Route 53 hosted zone.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsZone {
    /// Zone name.
    pub name: Sp<String>,
    /// Private zone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    /// Associated VPCs (private zones).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub vpcs: Vec<Sp<String>>,
    /// Records.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub records: Vec<Sp<Record>>,
}

/// A DNS record.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Record name.
    pub name: Sp<String>,
    /// `A`, `CNAME` or `ALIAS`.
    #[serde(rename = "type")]
    #[schemars(schema_with = "crate::model::schema::record_type")]
    pub kind: Sp<String>,
    /// CNAME target, or one A value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Sp<String>>,
    /// A values.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub values: Vec<Sp<String>>,
    /// ALIAS target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Sp<String>>,
}
