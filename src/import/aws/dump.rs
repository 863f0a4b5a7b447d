//! The dump's resources by key, each once: a resource listed by several accounts or folders is
//! one resource, and two views of it that differ are remembered.

use std::collections::{BTreeMap, HashMap};

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
    ("DirectConnectGateways", "DirectConnectGatewayId"),
    ("DirectConnectGatewayAssociations", "AssociationId"),
    ("VirtualInterfaces", "VirtualInterfaceId"),
];

/// The field that names the resources of the keys [`ID_FIELDS`] does not hold, in the
/// accounting of what each became: for a list that wraps another call's answers, the id of
/// what it answers for (a REST API's stages name the API).
const LABELS: &[(&str, &str)] = &[
    ("VpcAttributes", "VpcId"),
    ("ManagedPrefixListEntries", "PrefixListId"),
    ("TransitGatewayPropagations", "TransitGatewayRouteTableId"),
    ("TransitGatewayStaticRoutes", "TransitGatewayRouteTableId"),
    (
        "TransitGatewayPrefixListReferences",
        "TransitGatewayRouteTableId",
    ),
    ("Addresses", "PublicIp"),
    ("AvailabilityZones", "ZoneName"),
    ("RestApis", "id"),
    ("RestApiStages", "restApiId"),
    ("DomainNames", "domainName"),
    ("BasePathMappings", "domainName"),
    ("HostedZones", "Id"),
    ("HostedZoneVpcs", "HostedZoneId"),
    ("HostedZoneRecordSets", "HostedZoneId"),
    ("Apis", "ApiId"),
    ("ApiStages", "ApiId"),
    ("ApiRoutes", "ApiId"),
    ("ResolverEndpoints", "Id"),
    ("ResolverEndpointIpAddresses", "ResolverEndpointId"),
    ("ResolverRules", "Id"),
    ("ResolverRuleAssociations", "Id"),
    ("Functions", "FunctionName"),
    ("LoadBalancerListeners", "LoadBalancerArn"),
    ("LoadBalancerAttributes", "LoadBalancerArn"),
    ("LoadBalancerTargetHealth", "TargetGroupArn"),
    ("TargetGroupAttributes", "TargetGroupArn"),
];

/// One resource as the dump lists it, for the accounting: every item of every list (an
/// instance of `describe-instances` under its reservation), a second listing of a resource
/// included.
#[derive(Debug)]
pub(crate) struct Listed {
    /// Its id ([`label`]).
    pub(crate) label: String,
    /// Its file and JSON path.
    pub(crate) place: String,
    /// Where the listing imported is, when this one is another listing of it.
    pub(crate) same: Option<String>,
}

/// Every resource of the dump, by its top-level key (`Vpcs`, `Subnets`, ...), in file order,
/// each once.
#[derive(Debug, Default)]
pub(crate) struct Dump {
    pub(crate) by_key: BTreeMap<String, Vec<Item>>,
    /// Resources listed more than once whose views differ: (key, id, one place, the other).
    pub(crate) disagreements: Vec<(String, String, String, String)>,
    /// Every resource as listed, in file order.
    pub(crate) listed: Vec<Listed>,
    /// The first place of each instance, by id (an instance is listed under its reservation).
    instances: BTreeMap<String, String>,
    /// Where each resource with an id is in its key's list, by key and identity: a second
    /// listing is found without a scan of the list.
    seen: HashMap<(String, String), usize>,
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
        if key == "Reservations" {
            self.list_instances(&item);
        }
        let at = id
            .as_ref()
            .and_then(|id| self.seen.get(&(key.to_string(), id.clone())).copied());
        let entry = self.by_key.entry(key.to_string()).or_default();
        let first = at.and_then(|i| entry.get(i));
        if key != "Reservations" {
            self.listed.push(Listed {
                label: label(key, id_field, &item),
                place: item.place(),
                same: first.map(Item::place),
            });
        }
        if let Some(first) = first {
            if without_tags(&first.value) != without_tags(&item.value) {
                self.disagreements.push((
                    key.to_string(),
                    id.unwrap_or_default(),
                    first.place(),
                    item.place(),
                ));
            }
            return;
        }
        if let Some(id) = id {
            self.seen.insert((key.to_string(), id), entry.len());
        }
        entry.push(item);
    }

    /// Lists the instances of a reservation, each a resource (a reservation only groups them).
    fn list_instances(&mut self, reservation: &Item) {
        let Ok(instances) = reservation.list("Instances") else {
            // Not a list: the import stops there, saying so.
            return;
        };
        for (i, inst) in instances.iter().enumerate() {
            let place = format!("{}.Instances[{i}]", reservation.place());
            let label = match inst.get("InstanceId").and_then(Value::as_str) {
                Some(id) => id.to_string(),
                None => place.clone(),
            };
            let same = self.instances.get(&label).cloned();
            if same.is_none() {
                self.instances.insert(label.clone(), place.clone());
            }
            self.listed.push(Listed { label, place, same });
        }
    }
}

/// The id a resource is named by in the accounting: its own id, else the id of what it answers
/// for, else the first of its fields whose name ends in `Id`, `Arn` or `Name`, else its place.
fn label(key: &str, id_field: Option<&str>, item: &Item) -> String {
    let field = id_field.or_else(|| LABELS.iter().find(|(k, _)| *k == key).map(|(_, f)| *f));
    let text = |f: &str| {
        item.value
            .get(f)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    field
        .and_then(text)
        .or_else(|| {
            item.value.as_object()?.iter().find_map(|(k, v)| {
                let named = ["Id", "Arn", "Name"].iter().any(|s| k.ends_with(s));
                v.as_str().filter(|_| named).map(str::to_string)
            })
        })
        .unwrap_or_else(|| item.place())
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
