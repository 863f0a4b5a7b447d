//! The frames of the VPCs, built for every VPC before what lives in their subnets: the VPCs
//! and their gateways, route tables, groups, network ACLs and subnets, in phases (the indices
//! of each kind follow file order, as registered).

use super::*;

impl Validator {
    /// [`Validator::vpcs`] up to what lives in the subnets: the VPCs, their gateways, route
    /// tables, groups, network ACLs and subnets.
    pub(crate) fn vpc_frames(&mut self, s: &model::Scenario) {
        self.vpc_gateways(s);
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            self.vpc_tables_and_filters(VpcIx(vi), vpc);
        }
        self.vpc_implicit_components(s);
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            self.vpc_subnets(VpcIx(vi), vpc);
        }
    }

    /// Phase A of [`Validator::vpc_frames`]: room for the VPCs' components, and the VPCs with
    /// their internet and virtual private gateways.
    pub(crate) fn vpc_gateways(&mut self, s: &model::Scenario) {
        self.reserve_vpcs(s);
        // Phase A: VPCs and internet gateways.
        for vpc in &s.vpcs {
            let v = VpcIx(self.net.vpcs.len());
            let cidrs = self.vpc_cidrs(vpc);
            let region = self.region_or_home(&vpc.region);
            let account = self.account_or_home(&vpc.account);
            let igw = vpc.internet_gateway.as_ref().map(|g| {
                let node = self
                    .net
                    .graph
                    .add_node(Node::Igw(IgwIx(self.net.igws.len())));
                self.net.igws.push(InternetGateway {
                    id: g.value.clone(),
                    vpc: v,
                    node,
                    edge_table: None,
                });
                IgwIx(self.net.igws.len() - 1)
            });
            let vgw = vpc.vpn_gateway.as_ref().map(|g| {
                let allowed_prefixes = self.vgw_allowed_prefixes(g);
                let ix = VgwIx(self.net.vgws.len());
                let node = self.net.graph.add_node(Node::Vgw(ix));
                self.net.vgws.push(VpnGateway {
                    id: g.id.value.clone(),
                    vpc: v,
                    sites: Vec::new(),
                    node,
                    allowed_prefixes,
                    edge_table: None,
                    dx_gateway: None,
                });
                ix
            });
            let node = self.net.graph.add_node(Node::Local(v));
            self.net.vpcs.push(Vpc {
                id: vpc.id.value.clone(),
                region,
                account,
                cidrs,
                dns_support: vpc.dns_support.unwrap_or(true),
                dns_hostnames: vpc.dns_hostnames.unwrap_or(false),
                igw,
                vgw,
                main_route_table: RouteTableIx(0),
                default_sg: SgIx(0),
                default_nacl: NaclIx(0),
                dns_servers: Vec::new(),
                node,
            });
        }
    }

    /// Phase B of [`Validator::vpc_frames`], VPC by VPC in file order: declared route tables,
    /// security groups and network ACLs (their indices follow file order, as registered).
    pub(crate) fn vpc_tables_and_filters(&mut self, vi: VpcIx, vpc: &model::Vpc) {
        self.declared_route_tables(vi, vpc);
        for sg in vpc
            .security_groups
            .iter()
            .filter(|g| g.id.value != "default")
        {
            self.net.security_groups.push(SecurityGroup {
                id: sg.id.value.clone(),
                vpc: vi,
                ingress: Vec::new(),
                egress: Vec::new(),
            });
        }
        for acl in &vpc.network_acls {
            let ingress = self.nacl_rules(&acl.ingress);
            let egress = self.nacl_rules(&acl.egress);
            self.net.nacls.push(NetworkAcl {
                id: acl.id.value.clone(),
                vpc: vi,
                ingress,
                egress,
            });
        }
    }

    /// Phase C: the implicit main route table, default security group and default NACL.
    pub(crate) fn vpc_implicit_components(&mut self, s: &model::Scenario) {
        for vi in 0..s.vpcs.len() {
            self.implicit_components(VpcIx(vi));
        }
    }

    /// Phase D, VPC by VPC in file order: the subnets (then what lives in them: after every
    /// VPC's).
    pub(crate) fn vpc_subnets(&mut self, vi: VpcIx, vpc: &model::Vpc) {
        for sub in &vpc.subnets {
            self.subnet(vi, sub);
        }
    }
}
