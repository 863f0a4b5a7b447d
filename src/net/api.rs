//! API Gateway APIs, custom domains, and the DNS zones that name them.

use super::*;

pub use crate::aws::words::{ApiKind, EndpointType};

/// An API route: `ANY`/method and a path pattern, or `$default`.
#[derive(Debug, Clone)]
pub struct ApiRoute {
    /// Method, upper case, or `ANY`.
    pub method: String,
    /// Path segments; `{x}` matches one, `{x+}` the rest. Empty for `$default`.
    pub segments: Vec<String>,
    /// `$default` (HTTP APIs).
    pub is_default: bool,
    /// As written.
    pub text: String,
}

/// An API.
#[derive(Debug)]
pub struct Api {
    /// API id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Type.
    pub kind: ApiKind,
    /// Endpoint type.
    pub endpoint: EndpointType,
    /// Region.
    pub region: aws::Region,
    /// The owning account.
    pub account: String,
    /// Stages.
    pub stages: Vec<String>,
    /// Routes; `None`: every method and path answers.
    pub routes: Option<Vec<ApiRoute>>,
    /// API key required.
    pub api_key_required: bool,
    /// Whether callers must sign their requests (`authorization: aws_iam`).
    pub iam_auth: bool,
    /// Accepted keys; `None`: any.
    pub api_keys: Option<Vec<String>>,
    /// disableExecuteApiEndpoint.
    pub disable_execute_api_endpoint: bool,
    /// Associated endpoints.
    pub vpc_endpoints: Vec<EndpointIx>,
    /// Resource policy.
    pub policy: Option<Policy>,
    /// WebSocket APIs: how a message's route is selected (F4.13).
    pub route_selection: RouteSelection,
    /// Integration status.
    pub status: u16,
    /// Integration body.
    pub body: String,
}

/// A base path mapping.
#[derive(Debug)]
pub struct Mapping {
    /// Base path segments (empty for `(none)`).
    pub path: Vec<String>,
    /// API.
    pub api: ApiIx,
    /// Stage.
    pub stage: String,
}

/// A custom domain.
#[derive(Debug)]
pub struct CustomDomain {
    /// The name.
    pub name: String,
    /// Endpoint type.
    pub endpoint: EndpointType,
    /// API Gateway domain name DNS points at.
    pub target: Option<String>,
    /// Region.
    pub region: aws::Region,
    /// Mappings.
    pub mappings: Vec<Mapping>,
    /// Private: endpoints with an access association.
    pub vpc_endpoints: Vec<EndpointIx>,
    /// Private: the domain's policy.
    pub policy: Option<Policy>,
}

/// Record data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordData {
    /// A records.
    A(Vec<Ipv4Addr>),
    /// CNAME.
    Cname(String),
    /// Route 53 alias.
    Alias(String),
}

/// A DNS record.
#[derive(Debug, Clone)]
pub struct Record {
    /// Owner name, lower case, without trailing dot (may start with `*.`).
    pub name: String,
    /// Data.
    pub data: RecordData,
}

/// A hosted zone.
#[derive(Debug)]
pub struct Zone {
    /// Name, lower case.
    pub name: String,
    /// Private.
    pub private: bool,
    /// Associated VPCs.
    pub vpcs: Vec<VpcIx>,
    /// Records.
    pub records: Vec<Record>,
    /// Each name's first record in `records` (built by [`Zone::new`]): a lookup costs the
    /// same however many records the zone holds.
    pub(crate) record_at: rustc_hash::FxHashMap<String, usize>,
}

impl Zone {
    /// A zone and the index of its records' names.
    pub fn new(name: String, private: bool, vpcs: Vec<VpcIx>, records: Vec<Record>) -> Self {
        let mut record_at = rustc_hash::FxHashMap::default();
        record_at.reserve(records.len());
        for (i, r) in records.iter().enumerate() {
            record_at.entry(r.name.clone()).or_insert(i);
        }
        Zone {
            name,
            private,
            vpcs,
            records,
            record_at,
        }
    }

    /// The first record named `name`.
    pub fn record(&self, name: &str) -> Option<&Record> {
        self.record_at.get(name).map(|&i| &self.records[i])
    }
}
