//! Transit gateways and virtual private gateways as written.

use super::*;

/// A virtual private gateway attached to a VPC.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VpnGateway {
    /// Scenario id.
    pub id: Sp<String>,
    /// Sites connected to it by a Site-to-Site VPN.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub vpn: Vec<Sp<String>>,
    /// Sites connected to it by Direct Connect (through a Direct Connect gateway).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub direct_connect: Vec<Sp<String>>,
    /// The allowed prefixes of its association with the Direct Connect gateway: a filter on
    /// what its `direct_connect` sites learn, which is a VPC CIDR only where an allowed prefix
    /// is the same or wider (F6.32). Omitted: the VPC's CIDRs.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub allowed_prefixes: Vec<Sp<String>>,
}

/// A customer-managed prefix list: CIDRs that routes (`destination: <its id>`) and security
/// group rules (`prefix_list: <its id>`) name together (F6.74).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrefixList {
    /// Its id (`pl-...`).
    pub id: Sp<String>,
    /// Its entries: IPv4 CIDRs.
    #[serde(serialize_with = "crate::model::flow::seq")]
    pub entries: Vec<Sp<String>>,
}

// Its two strings are short and held inline: a table may have thousands of routes, and as
// `String`s each would be an allocation (32 MB more for a million routes while they are read).
/// One static route.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Destination CIDR.
    pub destination: Sp<smol_str::SmolStr>,
    /// Target id, or `blackhole`.
    pub target: Sp<smol_str::SmolStr>,
}

/// A transit gateway: a Regional router that VPCs attach to, with its own route tables.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitGateway {
    /// Scenario id.
    pub id: Sp<String>,
    /// Region (default: the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_region")]
    pub region: Option<Sp<String>>,
    /// The owning account (default: the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_account")]
    pub account: Option<Sp<String>>,
    /// Its VPC attachments.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub attachments: Vec<TgwAttachment>,
    /// Security group referencing support: inbound rules may name groups of other VPCs
    /// attached to it (default false, as AWS).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_group_referencing: bool,
    /// Its route tables. Omitted: one default route table that every attachment is associated
    /// with and propagates to (AWS's defaults for a new transit gateway).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub route_tables: Vec<TgwRouteTable>,
}

/// A transit gateway's attachment: to a VPC, to an on-premises site over a Site-to-Site VPN or
/// Direct Connect, or to another transit gateway (exactly one of `vpc`, `vpn`,
/// `direct_connect`, `peering`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TgwAttachment {
    /// Scenario id.
    pub id: Sp<String>,
    /// The VPC attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<Sp<String>>,
    /// The site reached over a Site-to-Site VPN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn: Option<Sp<String>>,
    /// The site reached over Direct Connect (through a Direct Connect gateway of its own,
    /// which the file does not name: the short form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_connect: Option<Sp<String>>,
    /// The Direct Connect gateway associated with the transit gateway (one of
    /// `direct_connect_gateways`, whose association with this transit gateway holds the allowed
    /// prefixes): its transit virtual interfaces' sites are reached over it (F6.56).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_connect_gateway: Option<Sp<String>>,
    /// A peering attachment: the other transit gateway (which names this one back in a
    /// peering attachment of its own). Static routes only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peering: Option<Sp<String>>,
    /// VPC attachments: one subnet of the VPC per Availability Zone, where the transit
    /// gateway's network interfaces are.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub subnets: Vec<Sp<String>>,
    /// VPC attachments: security group referencing support (default true, as AWS); it works
    /// only where the transit gateway has it on too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_group_referencing: Option<bool>,
    /// The transit gateway route table it is associated with (what routes its traffic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table: Option<Sp<String>>,
    /// VPC attachments: appliance mode (default false, as AWS): the transit gateway sends a
    /// flow's replies into the VPC through the same Availability Zone as its request.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub appliance_mode: bool,
    /// Direct Connect attachments: the allowed prefixes of the Direct Connect gateway's
    /// association with the transit gateway. The site learns exactly these over it, not the
    /// routes of the table associated with the attachment (F6.32). Omitted: that table's routes.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub allowed_prefixes: Vec<Sp<String>>,
}

/// A transit gateway route table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TgwRouteTable {
    /// Scenario id.
    pub id: Sp<String>,
    /// Attachments that propagate their VPC's CIDRs into this table.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub propagations: Vec<Sp<String>>,
    /// Static routes: `target` is an attachment id or `blackhole`.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub routes: Vec<Route>,
}

/// A Direct Connect gateway: the sites of its virtual interfaces on one side, the virtual
/// private gateways or transit gateways it is associated with on the other (F6.56).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectConnectGateway {
    /// Scenario id.
    pub id: Sp<String>,
    /// The Amazon side's BGP ASN (shown; 64512 by default, as AWS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_side_asn: Option<Sp<u32>>,
    /// The virtual interfaces attached to it: one site each, private or transit.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub virtual_interfaces: Vec<VirtualInterface>,
    /// Its associations: each with a virtual private gateway or a transit gateway, and the
    /// allowed prefixes of that association.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub associations: Vec<DxAssociation>,
}

/// A virtual interface of a Direct Connect connection, attached to a Direct Connect gateway.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VirtualInterface {
    /// The on-premises site at its other end.
    pub site: Sp<String>,
    /// `private` (to virtual private gateways) or `transit` (to transit gateways).
    #[schemars(schema_with = "crate::model::schema::vif_kind")]
    pub kind: Sp<String>,
}

/// A Direct Connect gateway's association with a virtual private gateway or a transit gateway.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DxAssociation {
    /// The virtual private gateway (a VPC's `vpn_gateway` id) or the transit gateway.
    pub gateway: Sp<String>,
    /// A virtual private gateway's: a filter, the VPC's CIDRs advertised only where one is the
    /// same or wider (omitted: the VPC's CIDRs). A transit gateway's: exactly what the sites
    /// learn (required by AWS).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub allowed_prefixes: Vec<Sp<String>>,
}
