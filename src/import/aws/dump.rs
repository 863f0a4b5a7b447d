//! The dump's resources by key, each once: a resource listed by several accounts or folders is
//! one resource, and two views of it that differ are remembered.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Item;

/// The field that holds the id of each key's resources: a resource listed in several files
/// (by each account that shares it, or in each Region's folder) is one resource.
const ID_FIELDS: &[(&str, &str)] = &[
    ("Vpcs", "VpcId"),
    ("Subnets", "SubnetId"),
    ("RouteTables", "RouteTableId"),
    ("InternetGateways", "InternetGatewayId"),
    ("NatGateways", "NatGatewayId"),
    ("VpcEndpoints", "VpcEndpointId"),
    ("SecurityGroups", "GroupId"),
    ("NetworkAcls", "NetworkAclId"),
    ("VpcPeeringConnections", "VpcPeeringConnectionId"),
    ("TransitGateways", "TransitGatewayId"),
    ("TransitGatewayAttachments", "TransitGatewayAttachmentId"),
    ("TransitGatewayVpcAttachments", "TransitGatewayAttachmentId"),
    (
        "TransitGatewayPeeringAttachments",
        "TransitGatewayAttachmentId",
    ),
    ("TransitGatewayRouteTables", "TransitGatewayRouteTableId"),
    ("VpnGateways", "VpnGatewayId"),
    ("VpnConnections", "VpnConnectionId"),
    ("CustomerGateways", "CustomerGatewayId"),
    ("NetworkInterfaces", "NetworkInterfaceId"),
    ("PrefixLists", "PrefixListId"),
    ("ManagedPrefixLists", "PrefixListId"),
    ("Reservations", "ReservationId"),
    ("DhcpOptions", "DhcpOptionsId"),
    ("LoadBalancers", "LoadBalancerArn"),
    ("LoadBalancerDescriptions", "DNSName"),
    ("TargetGroups", "TargetGroupArn"),
];

/// Every resource of the dump, by its top-level key (`Vpcs`, `Subnets`, ...), in file order,
/// each once.
#[derive(Debug, Default)]
pub(crate) struct Dump {
    pub(crate) by_key: BTreeMap<String, Vec<Item>>,
    /// Resources listed more than once whose views differ: (key, id, one place, the other).
    pub(crate) disagreements: Vec<(String, String, String, String)>,
}

impl Dump {
    /// The items under `key`.
    pub(crate) fn items(&self, key: &str) -> &[Item] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// Adds a resource, unless one with the same id is there already (a view of the same
    /// resource from another account or folder); two views that differ beyond their tags are
    /// remembered.
    pub(super) fn add(&mut self, key: &str, item: Item) {
        let id_field = ID_FIELDS.iter().find(|(k, _)| *k == key).map(|(_, f)| *f);
        let id = identity(key, id_field, &item.value);
        let entry = self.by_key.entry(key.to_string()).or_default();
        if let Some(id) = &id
            && let Some(first) = entry
                .iter()
                .find(|x| identity(key, id_field, &x.value).as_ref() == Some(id))
        {
            if without_tags(&first.value) != without_tags(&item.value) {
                self.disagreements.push((
                    key.to_string(),
                    id.to_string(),
                    first.place(),
                    item.place(),
                ));
            }
            return;
        }
        entry.push(item);
    }
}

/// What makes a resource one: its id; for a transit gateway attachment, its id and the transit
/// gateway listing it (the two transit gateways of a peering each list the one attachment,
/// each with its own route table association: two sides, not two views of one).
fn identity(key: &str, id_field: Option<&str>, v: &Value) -> Option<String> {
    let id = v.get(id_field?)?.as_str()?;
    Some(
        match (key, v.get("TransitGatewayId").and_then(Value::as_str)) {
            ("TransitGatewayAttachments", Some(tgw)) => format!("{id} {tgw}"),
            _ => id.to_string(),
        },
    )
}

/// A resource's JSON without its tags (which each account may write its own way).
fn without_tags(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("Tags");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_listed_twice_is_one_and_views_that_differ_are_remembered() {
        let mut d = Dump::default();
        let item = |v: Value, file: &str| Item {
            value: v,
            file: file.into(),
            at: "Vpcs[0]".into(),
            account: None,
            region: None,
        };
        d.add(
            "Vpcs",
            item(serde_json::json!({"VpcId": "vpc-1", "Tags": [1]}), "a"),
        );
        d.add(
            "Vpcs",
            item(serde_json::json!({"VpcId": "vpc-1", "Tags": [2]}), "b"),
        );
        assert_eq!(d.items("Vpcs").len(), 1);
        assert!(d.disagreements.is_empty());
        d.add(
            "Vpcs",
            item(serde_json::json!({"VpcId": "vpc-1", "CidrBlock": "x"}), "c"),
        );
        assert_eq!(d.items("Vpcs").len(), 1);
        assert_eq!(d.disagreements.len(), 1);
    }
}
