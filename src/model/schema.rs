//! What the JSON Schema says of values the loader reads as free text but validation holds to a
//! list, or that YAML writes either as a number or as a string: the schema accepts exactly
//! what `vpcpath check` accepts (tests/schema.rs checks both ways), so editors complete the
//! words and flag the rest.

use schemars::{Schema, SchemaGenerator, json_schema};

use crate::aws;
use crate::aws::words::{
    ApiKind, Authorization, Connectivity, EndpointType, HttpEndpoint, HttpTokens, LbProtocol,
    LbScheme, LbType, NaclAction, OutcomeKind, Protocol, RecordType, ResolverDirection,
    ResolverRuleType, TargetHealth, TargetType, VifKind, VpcEndpointType, Word,
};

/// One of `words` in any ASCII case (as the loader reads them), with surrounding spaces: an
/// `enum` of the canonical words for editors to complete, or a pattern for the other cases.
fn words(words: &[&str]) -> Schema {
    let any_case: Vec<String> = words.iter().map(|w| any_case(w)).collect();
    let pattern = format!("^ *({}) *$", any_case.join("|"));
    json_schema!({
        "anyOf": [
            { "type": "string", "enum": words },
            { "type": "string", "pattern": pattern }
        ]
    })
}

/// The words of a closed list ([`crate::aws::words`]): every spelling it takes.
fn word_list<W: Word>() -> Schema {
    let spellings: Vec<&str> = W::SPELLINGS.iter().map(|(s, _)| *s).collect();
    words(&spellings)
}

/// A regular expression matching `word` in any ASCII case.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                // Digits, `-` and `_`: the only other characters of the lists, none of them
                // special outside a class.
                c.to_string()
            }
        })
        .collect()
}

/// `schema`, or null: an optional key written with no value is the same as one left out.
fn or_null(schema: Schema) -> Schema {
    json_schema!({ "anyOf": [schema, { "type": "null" }] })
}

/// The optional forms of the schemas below, for keys that may be left out.
macro_rules! optional {
    ($($(#[$m:meta])* $name:ident = $of:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(g: &mut SchemaGenerator) -> Schema {
            or_null($of(g))
        }
    )*};
}

optional! {
    /// [`region`], or null.
    opt_region = region;
    /// [`account`], or null.
    opt_account = account;
    /// [`status`], or null.
    opt_status = status;
    /// [`outcome`], or null.
    opt_outcome = outcome;
    /// [`api_type`], or null.
    opt_api_type = api_type;
    /// [`endpoint_type`], or null.
    opt_endpoint_type = endpoint_type;
    /// [`vpc_endpoint_type`], or null.
    opt_vpc_endpoint_type = vpc_endpoint_type;
    /// [`connectivity`], or null.
    opt_connectivity = connectivity;
    /// [`http_endpoint`], or null.
    opt_http_endpoint = http_endpoint;
    /// [`http_tokens`], or null.
    opt_http_tokens = http_tokens;
    /// [`authorization`], or null.
    opt_authorization = authorization;
    /// [`lb_scheme`], or null.
    opt_lb_scheme = lb_scheme;
    /// [`lb_protocol`], or null.
    opt_lb_protocol = lb_protocol;
    /// [`target_type`], or null.
    opt_target_type = target_type;
    /// [`target_health`], or null.
    opt_target_health = target_health;
}

/// A Region vpcpath knows.
pub fn region(_: &mut SchemaGenerator) -> Schema {
    words(aws::REGIONS)
}

/// An account id: 12 digits, quoted (to keep leading zeros) or not.
pub fn account(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "pattern": "^[0-9]{12}$" },
            { "type": "integer", "minimum": 0, "maximum": 999_999_999_999u64 }
        ]
    })
}

/// The word that sends a request unsigned.
pub fn anonymous(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": ["anonymous"] })
}

/// An HTTP status, as a number or a quoted number.
pub fn status(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 0, "maximum": 65535 },
            { "type": "string", "pattern": "^[0-9]{1,5}$" }
        ]
    })
}

/// How a request may end (`expect.outcome`).
pub fn outcome(_: &mut SchemaGenerator) -> Schema {
    word_list::<OutcomeKind>()
}

/// An API's type.
pub fn api_type(_: &mut SchemaGenerator) -> Schema {
    word_list::<ApiKind>()
}

/// An API's or a custom domain's endpoint type.
pub fn endpoint_type(_: &mut SchemaGenerator) -> Schema {
    word_list::<EndpointType>()
}

/// A VPC endpoint's type.
pub fn vpc_endpoint_type(_: &mut SchemaGenerator) -> Schema {
    word_list::<VpcEndpointType>()
}

/// An API's authorization.
pub fn authorization(_: &mut SchemaGenerator) -> Schema {
    word_list::<Authorization>()
}

/// A NAT gateway's connectivity.
pub fn connectivity(_: &mut SchemaGenerator) -> Schema {
    word_list::<Connectivity>()
}

/// An instance's metadata endpoint state.
pub fn http_endpoint(_: &mut SchemaGenerator) -> Schema {
    word_list::<HttpEndpoint>()
}

/// Whether an instance's metadata service wants a token.
pub fn http_tokens(_: &mut SchemaGenerator) -> Schema {
    word_list::<HttpTokens>()
}

/// A network ACL rule's action.
pub fn action(_: &mut SchemaGenerator) -> Schema {
    word_list::<NaclAction>()
}

/// A filter rule's protocol: by name, or by its IANA number (`-1` for all), quoted or not.
pub fn protocol(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            word_list::<Protocol>(),
            { "type": "integer", "enum": [6, 17, 1, -1] }
        ]
    })
}

/// A load balancer's type.
pub fn lb_type(_: &mut SchemaGenerator) -> Schema {
    word_list::<LbType>()
}

/// A load balancer's scheme.
pub fn lb_scheme(_: &mut SchemaGenerator) -> Schema {
    word_list::<LbScheme>()
}

/// A listener's or target group's protocol.
pub fn lb_protocol(_: &mut SchemaGenerator) -> Schema {
    word_list::<LbProtocol>()
}

/// A target group's target type.
pub fn target_type(_: &mut SchemaGenerator) -> Schema {
    word_list::<TargetType>()
}

/// A registered target's health.
pub fn target_health(_: &mut SchemaGenerator) -> Schema {
    word_list::<TargetHealth>()
}

/// A DNS record's type.
pub fn record_type(_: &mut SchemaGenerator) -> Schema {
    word_list::<RecordType>()
}

/// A Resolver endpoint's direction.
pub fn resolver_direction(_: &mut SchemaGenerator) -> Schema {
    word_list::<ResolverDirection>()
}

/// A Direct Connect virtual interface's type.
pub fn vif_kind(_: &mut SchemaGenerator) -> Schema {
    word_list::<VifKind>()
}

/// A Resolver rule's type.
pub fn resolver_rule_type(_: &mut SchemaGenerator) -> Schema {
    word_list::<ResolverRuleType>()
}

/// An expected DNS answer (`expect.dns`): `nxdomain`, `servfail`, or a list of addresses and
/// ids; or null.
pub fn opt_dns_answer(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "enum": ["nxdomain", "servfail"] },
            { "type": "array", "items": { "type": "string" } },
            { "type": "null" }
        ]
    })
}
