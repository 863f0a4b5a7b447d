//! Leaving out what was written at one place: how an importer drops a resource that
//! validation refuses, with what is inside it, and keeps the rest ([`Prune`]); and the places
//! a part's values were written at ([`Lines`]), from which an importer says what each resource
//! of its input became.
//!
//! A program that builds a scenario gives each resource's values a line of their own (an
//! importer: the index of the resource it came from), so a diagnostic's line names the
//! resource. [`Prune::prune`] then removes the list item whose required value was written at
//! that line (a subnet, a route, a rule), or clears the optional value or the list entry written
//! there (one security group of an instance's list), and leaves everything else as it was.

use super::*;

/// What [`Prune::prune`] did to the value it was called on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pruned {
    /// The value stays (perhaps with parts removed).
    Kept,
    /// The value itself was written at the line: whoever holds it removes it.
    Gone,
}

/// A part of a scenario that can leave out what was written at a line.
pub trait Prune {
    /// Removes what was written at `line` from this value (counting each part removed in
    /// `removed`), or says it is itself to go.
    fn prune(&mut self, line: u32, removed: &mut usize) -> Pruned;
}

/// A part of a scenario that can say where each of its values was written: how an importer
/// finds which resource of its input each part of the scenario it built came from.
pub trait Lines {
    /// Adds the line of every value in it, however deep.
    fn lines(&self, out: &mut Vec<u32>);
}

impl Scenario {
    /// Leaves out what was written at `line`: the list items whose required values were written
    /// there, with what is inside them, and the optional values and list entries written there.
    /// How many parts were removed (0: nothing was written there, or only something the
    /// scenario cannot be without, such as its Region).
    pub fn leave_out(&mut self, line: u32) -> usize {
        let mut removed = 0;
        // The scenario itself is never removed: a Region written at `line` stays.
        let _ = self.prune(line, &mut removed);
        removed
    }
}

impl<T: Prune> Prune for Sp<T> {
    fn prune(&mut self, line: u32, removed: &mut usize) -> Pruned {
        if self.pos.line == line {
            return Pruned::Gone;
        }
        self.value.prune(line, removed)
    }
}

impl<T: Prune> Prune for Option<T> {
    fn prune(&mut self, line: u32, removed: &mut usize) -> Pruned {
        if let Some(v) = self
            && v.prune(line, removed) == Pruned::Gone
        {
            *self = None;
            *removed += 1;
        }
        Pruned::Kept
    }
}

impl<T: Prune> Prune for Vec<T> {
    fn prune(&mut self, line: u32, removed: &mut usize) -> Pruned {
        let before = self.len();
        self.retain_mut(|x| x.prune(line, removed) == Pruned::Kept);
        *removed += before - self.len();
        Pruned::Kept
    }
}

impl<T: Prune> Prune for Box<T> {
    fn prune(&mut self, line: u32, removed: &mut usize) -> Pruned {
        (**self).prune(line, removed)
    }
}

impl<T: Lines> Lines for Sp<T> {
    fn lines(&self, out: &mut Vec<u32>) {
        out.push(self.pos.line);
        self.value.lines(out);
    }
}

impl<T: Lines> Lines for Option<T> {
    fn lines(&self, out: &mut Vec<u32>) {
        if let Some(v) = self {
            v.lines(out);
        }
    }
}

impl<T: Lines> Lines for Vec<T> {
    fn lines(&self, out: &mut Vec<u32>) {
        for x in self {
            x.lines(out);
        }
    }
}

impl<T: Lines> Lines for Box<T> {
    fn lines(&self, out: &mut Vec<u32>) {
        (**self).lines(out);
    }
}

/// Values with no parts: only their [`Sp`] can be written at a line.
macro_rules! leaves {
    ($($t:ty),*) => {$(
        impl Prune for $t {
            fn prune(&mut self, _: u32, _: &mut usize) -> Pruned {
                Pruned::Kept
            }
        }
        impl Lines for $t {
            fn lines(&self, _: &mut Vec<u32>) {}
        }
    )*};
}

leaves!(
    String,
    smol_str::SmolStr,
    bool,
    u16,
    u32,
    serde_json::Value,
    Ports,
    PublicIp,
    OneOrMany,
    Response,
    BTreeMap<String, String>
);

impl Prune for CallerWritten {
    fn prune(&mut self, line: u32, removed: &mut usize) -> Pruned {
        match self {
            CallerWritten::Word(_) => Pruned::Kept,
            CallerWritten::Signed(c) => c.prune(line, removed),
        }
    }
}

impl Lines for CallerWritten {
    fn lines(&self, out: &mut Vec<u32>) {
        if let CallerWritten::Signed(c) = self {
            c.lines(out);
        }
    }
}

/// A struct is gone when one of its required values is; its optional values and lists
/// remove their own parts. Its lines are its fields'.
macro_rules! fields {
    ($($t:ty { $($f:ident),* })*) => {$(
        impl Prune for $t {
            fn prune(&mut self, line: u32, removed: &mut usize) -> Pruned {
                let mut gone = false;
                $(gone |= self.$f.prune(line, removed) == Pruned::Gone;)*
                if gone { Pruned::Gone } else { Pruned::Kept }
            }
        }
        impl Lines for $t {
            fn lines(&self, out: &mut Vec<u32>) {
                $(self.$f.lines(out);)*
            }
        }
    )*};
}

fields! {
    Scenario { region, account, network, vpcs, lambda_functions, peerings, transit_gateways, direct_connect_gateways, prefix_lists, sites, resolver_rules, apis, custom_domains, dns_zones, instances, requests }
    InstanceOverlay { id, listens, listens_udp }
    Lambda { id }
    Vpc { id, region, account, cidr, cidrs, internet_gateway, vpn_gateway, subnets, route_tables, nat_gateways, endpoints, security_groups, network_acls, instances, network_interfaces, lambda_functions, resolver_endpoints, load_balancers, dns_servers }
    LoadBalancer { id, kind, scheme, dns_name, subnets, addresses, public_ips, security_groups, cross_zone, listeners, target_groups }
    Listener { protocol, port, target_group }
    TargetGroup { id, protocol, port, target_type, cross_zone, preserve_client_ip, targets }
    LbTarget { instance, ip, port, health }
    VpcLambda { id, subnets, security_groups }
    Subnet { id, cidr, az, route_table, network_acl }
    RouteTable { id, routes }
    Route { destination, target }
    NatGateway { id, subnet, connectivity, elastic_ip, private_ip }
    Endpoint { id, service, kind, subnets, private_dns, addresses, dns_names, security_groups, route_tables, policy }
    SecurityGroup { id, ingress, egress }
    SgRule { protocol, ports, cidr, security_group, prefix_list }
    NetworkAcl { id, ingress, egress }
    NaclRule { rule, action, protocol, ports, cidr }
    Instance { id, subnet, private_ip, public_ip, security_groups, ephemeral_ports, listens, listens_udp, forwards_dns_to }
    NetworkInterface { id, subnet, private_ip, security_groups, attached_to }
    Peering { id, requester, accepter }
    VpnGateway { id, vpn, direct_connect, allowed_prefixes }
    TransitGateway { id, region, account, attachments, route_tables }
    TgwAttachment { id, vpc, vpn, direct_connect, direct_connect_gateway, peering, subnets, route_table, allowed_prefixes }
    TgwRouteTable { id, propagations, routes }
    PrefixList { id, entries }
    DirectConnectGateway { id, amazon_side_asn, virtual_interfaces, associations }
    VirtualInterface { site, kind }
    DxAssociation { gateway, allowed_prefixes }
    Site { id, cidrs, vpn_routing, public_ip, dns_servers, dns_zones, dns_forwarders, clients, servers }
    SiteZone { name, records }
    Forwarder { domain, to }
    SiteClient { id, ip }
    SiteServer { id, ip, listens, listens_udp }
    ResolverEndpoint { id, direction, subnets, security_groups }
    ResolverRule { id, domain, kind, targets, endpoint, vpcs }
    Api { id, kind, endpoint, region, account, stages, routes, authorization, vpc_endpoints, policy, route_selection }
    CustomDomain { name, endpoint, target, mappings, vpc_endpoints, policy }
    Mapping { api, stage }
    DnsZone { name, vpcs, records }
    Record { name, kind, value, values, target }
    Request { from, source_ip, url, method, expect, caller, message }
    Caller { account, principal }
    Expect { outcome, via, not_via }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pos::Pos;

    fn at<T>(line: u32, value: T) -> Sp<T> {
        Sp::new(value, Pos { line, column: 1 })
    }

    #[test]
    fn an_item_goes_with_what_is_in_it_and_an_optional_value_alone() {
        let mut s = Scenario {
            region: at(1, "us-east-1".into()),
            vpcs: vec![Vpc {
                id: at(2, "vpc-a".into()),
                subnets: vec![
                    Subnet {
                        id: at(3, "subnet-a".into()),
                        cidr: at(3, "10.0.1.0/24".into()),
                        route_table: Some(at(4, "rtb-gone".into())),
                        ..Subnet::default()
                    },
                    Subnet {
                        id: at(5, "subnet-b".into()),
                        cidr: at(5, "10.0.2.0/24".into()),
                        ..Subnet::default()
                    },
                ],
                instances: vec![Instance {
                    id: at(6, "i-a".into()),
                    subnet: at(6, "subnet-a".into()),
                    security_groups: vec![at(6, "sg-a".into()), at(7, "sg-gone".into())],
                    ..Instance::default()
                }],
                ..Vpc::default()
            }],
            ..Scenario::default()
        };
        assert_eq!(s.leave_out(4), 1);
        assert_eq!(s.vpcs[0].subnets[0].route_table, None);
        assert_eq!(s.leave_out(7), 1);
        assert_eq!(s.vpcs[0].instances[0].security_groups.len(), 1);
        assert_eq!(s.leave_out(5), 1);
        assert_eq!(s.vpcs[0].subnets.len(), 1);
        assert_eq!(s.leave_out(1), 0, "a scenario keeps its Region");
        assert_eq!(s.leave_out(9), 0);
        assert_eq!(s.leave_out(2), 1);
        assert!(s.vpcs.is_empty());
    }
}
