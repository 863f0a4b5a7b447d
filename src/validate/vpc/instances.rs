//! Instances and the addresses written for them.

use super::*;

impl Validator {
    /// Claims written private addresses before any automatic allocation, so that automatic
    /// addresses never collide with written ones whatever the order.
    pub(crate) fn reserve_written_addresses(&mut self, v: VpcIx, vpc: &model::Vpc) {
        let subnet_of = |val: &Validator, r: &Sp<String>| match val.ids.get(r.value.as_str()) {
            Some((Kind::Subnet, _, ix)) if val.net.subnets.get(*ix).is_some_and(|s| s.vpc == v) => {
                Some(SubnetIx(*ix))
            }
            _ => None,
        };
        let written: Vec<(SubnetIx, &Sp<String>, String)> = vpc
            .instances
            .iter()
            .filter_map(|i| {
                Some((
                    subnet_of(self, &i.subnet)?,
                    i.private_ip.as_ref()?,
                    format!("instance {}", i.id.value),
                ))
            })
            .chain(vpc.endpoints.iter().flat_map(|e| {
                e.subnets.iter().zip(&e.addresses).filter_map(|(r, ip)| {
                    Some((subnet_of(self, r)?, ip, format!("endpoint {}", e.id.value)))
                })
            }))
            .chain(vpc.load_balancers.iter().flat_map(|b| {
                b.subnets.iter().zip(&b.addresses).filter_map(|(r, ip)| {
                    Some((
                        subnet_of(self, r)?,
                        ip,
                        format!("load balancer {}", b.id.value),
                    ))
                })
            }))
            .chain(vpc.network_interfaces.iter().filter_map(|n| {
                Some((
                    subnet_of(self, &n.subnet)?,
                    n.private_ip.as_ref()?,
                    format!("network interface {}", n.id.value),
                ))
            }))
            .chain(vpc.nat_gateways.iter().filter_map(|n| {
                Some((
                    subnet_of(self, &n.subnet)?,
                    n.private_ip.as_ref()?,
                    format!("NAT gateway {}", n.id.value),
                ))
            }))
            .collect();
        for (subnet, ip, what) in written {
            self.claim(subnet, ip, &what);
        }
    }

    pub(crate) fn written_address(&self, subnet: SubnetIx, ip: &Sp<String>) -> Option<Ipv4Addr> {
        let addr: Ipv4Addr = ip.value.trim().parse().ok()?;
        self.taken.get(&subnet)?.contains(&addr).then_some(addr)
    }

    pub(crate) fn subnet_in(&mut self, v: VpcIx, r: &Sp<String>, from: &str) -> Option<SubnetIx> {
        let s = SubnetIx(self.resolve(r, Kind::Subnet, from)?);
        self.same_vpc(r, self.net.subnets[s.0].vpc, v).then_some(s)
    }

    pub(crate) fn instance(&mut self, v: VpcIx, inst: &model::Instance) {
        let from = format!("instance {}", inst.id.value);
        let subnet = self.subnet_in(v, &inst.subnet, &from);
        let private_ip = subnet.and_then(|s| match &inst.private_ip {
            Some(ip) => self.written_address(s, ip),
            None => self.allocate(s),
        });
        let public_ip = match inst.public_ip.as_ref().map(|p| &p.value) {
            None | Some(model::PublicIp::Auto(false)) => None,
            Some(model::PublicIp::Auto(true)) => self.public_ip(&inst.id.value, None, false),
            Some(model::PublicIp::Address(a)) => {
                let pos = inst.public_ip.as_ref().map(Pos::of).unwrap_or_default();
                let sp = Sp::new(a.clone(), pos);
                self.public_ip(&inst.id.value, Some(&sp), false)
            }
        };
        let security_groups = self.security_groups_of(v, &inst.security_groups, &from);
        let ephemeral_ports = match &inst.ephemeral_ports {
            Some(p) => self
                .ports(Protocol::Tcp, Some(p), Pos::of(p))
                .unwrap_or(aws::LINUX_EPHEMERAL_PORTS),
            None => aws::LINUX_EPHEMERAL_PORTS,
        };
        let listens = inst
            .listens
            .iter()
            .filter_map(|p| self.ports(Protocol::Tcp, Some(p), Pos::of(p)))
            .collect();
        let mut listens_udp: Vec<(u16, u16)> = inst
            .listens_udp
            .iter()
            .filter_map(|p| self.ports(Protocol::Udp, Some(p), Pos::of(p)))
            .collect();
        let forwards_dns = inst
            .forwards_dns_to
            .as_ref()
            .is_some_and(|to| self.forwards_dns_to(v, &inst.id.value, to));
        // A DNS server listens on UDP port 53, whether or not the file says so (F5.14).
        if forwards_dns && !listens_udp.iter().any(|(lo, hi)| (*lo..=*hi).contains(&53)) {
            listens_udp.push((53, 53));
        }
        let metadata = self.metadata_options(inst.metadata_options.as_ref());
        self.net.instances.push(Instance {
            listens_udp,
            id: inst.id.value.clone(),
            subnet: subnet.unwrap_or(SubnetIx(0)),
            private_ip: private_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            public_ip,
            security_groups,
            ephemeral_ports,
            listens,
            source_dest_check: inst.source_dest_check.unwrap_or(true),
            forwards_dns,
            metadata,
        });
    }

    /// Whether `to`, where instance `id` forwards DNS queries, is the Amazon DNS server of its
    /// own VPC `v` (F5.14): it can query no other VPC's, which answers only its own VPC.
    fn forwards_dns_to(&mut self, v: VpcIx, id: &str, to: &Sp<String>) -> bool {
        let Some(ip) = self.ip(to) else {
            return false;
        };
        let vpc = &self.net.vpcs[v.0];
        if vpc.is_amazon_dns_server(ip) {
            return true;
        }
        let vpc_id = vpc.id.clone();
        let own = vpc.resolver_address().map_or_else(
            || "its base address plus two".to_string(),
            |a| a.to_string(),
        );
        self.err(
            Code::Resolver,
            Pos::of(to),
            format!(
                "instance {id} forwards DNS to {ip}, which is not the Amazon DNS server of its VPC {vpc_id}: that server answers only queries from inside its own VPC"
            ),
        )
        .help(format!(
            "write {own} or 169.254.169.253 (F5.14); to reach another VPC's Resolver, forward to its inbound endpoint"
        ));
        false
    }

    /// A Lambda function in a VPC: a client with an interface in its first subnet, its security
    /// groups, no public address ever (so the internet only through a NAT gateway), and the
    /// ephemeral ports the network ACL documentation gives Lambda (F6.12).
    pub(crate) fn lambda(&mut self, v: VpcIx, f: &model::VpcLambda) {
        let from = format!("Lambda function {}", f.id.value);
        let subnets: Vec<SubnetIx> = f
            .subnets
            .iter()
            .filter_map(|s| self.subnet_in(v, s, &from))
            .collect();
        if f.subnets.is_empty() {
            self.err(
                Code::Reference,
                Pos::of(&f.id),
                format!("Lambda function {} is attached to the VPC but names no subnet", f.id.value),
            )
            .help("list the subnets it may use: `subnets: [subnet-a, subnet-b]` (or move it to the top-level `lambda_functions` if it is not in a VPC)");
        }
        let subnet = subnets.first().copied();
        let private_ip = subnet.and_then(|s| self.allocate(s));
        let security_groups = self.security_groups_of(v, &f.security_groups, &from);
        self.net.instances.push(Instance {
            id: f.id.value.clone(),
            subnet: subnet.unwrap_or(SubnetIx(0)),
            private_ip: private_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            public_ip: None,
            security_groups,
            ephemeral_ports: aws::LAMBDA_EPHEMERAL_PORTS,
            listens: Vec::new(),
            listens_udp: Vec::new(),
            source_dest_check: true,
            forwards_dns: false,
            metadata: Metadata::Absent,
        });
    }

    /// An instance's metadata service as its `metadata_options` set it (F6.67).
    fn metadata_options(&mut self, o: Option<&Sp<model::MetadataOptions>>) -> Metadata {
        use crate::aws::words::{HttpEndpoint, HttpTokens};
        let Some(o) = o else {
            return Metadata::Enabled {
                tokens_required: None,
            };
        };
        let endpoint = self.word_or(
            Code::Instance,
            o.value.http_endpoint.as_ref(),
            HttpEndpoint::Enabled,
        );
        let tokens = o
            .value
            .http_tokens
            .as_ref()
            .and_then(|t| self.word::<HttpTokens>(Code::Instance, t));
        match endpoint {
            HttpEndpoint::Disabled => Metadata::Disabled,
            HttpEndpoint::Enabled => Metadata::Enabled {
                tokens_required: tokens.map(|t| t == HttpTokens::Required),
            },
        }
    }
}
