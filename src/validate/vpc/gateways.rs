//! NAT gateways and VPC endpoints (gateway and interface), with their addresses and policies.

use super::*;

impl Validator {
    pub(crate) fn nat(&mut self, v: VpcIx, nat: &model::NatGateway) {
        let from = format!("NAT gateway {}", nat.id.value);
        let ix = NatIx(self.net.nats.len());
        let subnet = self.subnet_in(v, &nat.subnet, &from);
        let public = self.word_or(Code::Nat, nat.connectivity.as_ref(), Connectivity::Public)
            == Connectivity::Public;
        if public && self.net.vpcs[v.0].igw.is_none() {
            // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
            let msg = format!(
                "Network {} has no internet gateway attached: AWS refuses to create public NAT gateway {}",
                self.net.vpcs[v.0].id, nat.id.value
            );
            self.err(Code::Nat, Pos::of(&nat.id), msg)
                .help("attach an internet gateway to the VPC (`internet_gateway:`), or make it `connectivity: private`");
        }
        if !public && let Some(e) = &nat.elastic_ip {
            self.err(
                Code::Nat,
                Pos::of(e),
                "a private NAT gateway has no Elastic IP",
            )
            .help("remove `elastic_ip`, or make it `connectivity: public`");
        }
        let elastic_ip = if public {
            self.public_ip(&nat.id.value, nat.elastic_ip.as_ref(), true)
        } else {
            None
        };
        let private_ip = subnet.and_then(|s| match &nat.private_ip {
            Some(ip) => self.written_address(s, ip),
            None => self.allocate(s),
        });
        let node = self.net.graph.add_node(Node::Nat(ix));
        if let Some(s) = subnet {
            self.net
                .graph
                .add_edge(node, self.net.subnets[s.0].node, Link::LivesIn);
        }
        self.net.nats.push(NatGateway {
            id: nat.id.value.clone(),
            subnet: subnet.unwrap_or(SubnetIx(0)),
            public,
            elastic_ip,
            private_ip: private_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            node,
        });
    }

    pub(crate) fn endpoint(&mut self, v: VpcIx, ep: &model::Endpoint) {
        let from = format!("endpoint {}", ep.id.value);
        let ix = EndpointIx(self.net.endpoints.len());
        let home = self.net.vpcs[v.0].region;
        let (written, service) = aws::parse_service_name(&ep.service.value, &home);
        let (written, service) = (written.to_string(), service.to_ascii_lowercase());
        // A Region vpcpath does not know is not the VPC's either: said below, and the endpoint
        // is read as in its VPC's Region.
        let region = aws::Region::parse(&written).unwrap_or(home);
        if written != home.as_str() {
            let region = &written;
            let msg = format!(
                "endpoint {} is for Region {region}, but its VPC is in {home}",
                ep.id.value
            );
            self.err(Code::Scope, Pos::of(&ep.service), msg).help(format!(
                "endpoints are Region-local: write com.amazonaws.{home}.{service} or just {service}"
            ));
        }
        if service.is_empty()
            || !service
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            self.err(
                Code::Endpoint,
                Pos::of(&ep.service),
                format!("`{}` is not a service name", ep.service.value),
            )
            .help("write a short name such as execute-api, or com.amazonaws.<region>.<service>");
        }
        if !aws::SERVICES.iter().any(|(s, _)| *s == service)
            && !self.net.extra_services.contains(&service)
        {
            self.net.extra_services.push(service.clone());
        }
        let gateway = self.word_or(Code::Endpoint, ep.kind.as_ref(), VpcEndpointType::Interface)
            == VpcEndpointType::Gateway;
        let policy = ep.policy.as_ref().and_then(|p| self.policy(p, None));
        let kind = if gateway {
            self.gateway_endpoint(v, ix, ep, &service, &from)
        } else {
            self.interface_endpoint(v, ep, &service, &from)
        };
        let dns_labels = self.endpoint_dns_names(ep, &service, &region);
        self.net.endpoints.push(Endpoint {
            id: ep.id.value.clone(),
            vpc: v,
            service: aws::Service::parse(&service),
            region,
            kind,
            policy,
            dns_labels,
        });
    }

    pub(crate) fn gateway_endpoint(
        &mut self,
        v: VpcIx,
        ix: EndpointIx,
        ep: &model::Endpoint,
        service: &str,
        from: &str,
    ) -> EndpointKind {
        if !matches!(
            aws::Service::parse(service),
            aws::Service::S3 | aws::Service::DynamoDb
        ) {
            self.err(
                Code::Endpoint,
                Pos::of(&ep.service),
                format!("gateway endpoints exist only for s3 and dynamodb, not {service}"),
            )
            .help("use `type: interface` for this service");
        }
        for (field, present) in [
            ("subnets", !ep.subnets.is_empty()),
            ("security_groups", !ep.security_groups.is_empty()),
            ("private_dns", ep.private_dns.is_some()),
        ] {
            if present {
                self.err(Code::Endpoint, Pos::of(&ep.id), format!("a gateway endpoint has no `{field}`"))
                    .help("gateway endpoints work through `route_tables`; remove the field, or use `type: interface`");
            }
        }
        let route_tables = ep
            .route_tables
            .iter()
            .filter_map(|r| {
                let rt = RouteTableIx(self.resolve(r, Kind::RouteTable, from)?);
                self.same_vpc(r, self.net.route_tables[rt.0].vpc, v)
                    .then_some(rt)
            })
            .collect();
        let region = self.net.vpcs[v.0].region;
        let prefix = aws::service_prefix(service, &region).unwrap_or(PLACEHOLDER_NET);
        let node = self.net.graph.add_node(Node::GatewayEndpoint(ix));
        EndpointKind::Gateway {
            route_tables,
            prefix,
            node,
        }
    }

    pub(crate) fn interface_endpoint(
        &mut self,
        v: VpcIx,
        ep: &model::Endpoint,
        service: &str,
        from: &str,
    ) -> EndpointKind {
        if !ep.route_tables.is_empty() {
            self.err(Code::Endpoint, Pos::of(&ep.id), "an interface endpoint has no `route_tables`")
                .help("interface endpoints live in `subnets`; for the s3 or dynamodb prefix-list route use `type: gateway`");
        }
        if ep.subnets.is_empty() {
            self.err(
                Code::Endpoint,
                Pos::of(&ep.id),
                format!("interface endpoint {} has no subnets", ep.id.value),
            )
            .help("add `subnets: [...]`: AWS creates one network interface in each");
        }
        if ep.addresses.len() > ep.subnets.len() {
            let pos = Pos::of(&ep.addresses[ep.subnets.len()]);
            self.err(
                Code::Endpoint,
                pos,
                format!(
                    "endpoint {} lists {} addresses for {} subnets",
                    ep.id.value,
                    ep.addresses.len(),
                    ep.subnets.len()
                ),
            )
            .help("give one address per subnet, in the order of `subnets`");
        }
        let mut interfaces: Vec<(SubnetIx, Ipv4Addr)> = Vec::new();
        for (n, r) in ep.subnets.iter().enumerate() {
            let Some(s) = self.subnet_in(v, r, from) else {
                continue;
            };
            if interfaces.iter().any(|(o, _)| *o == s) {
                self.err(
                    Code::Duplicate,
                    Pos::of(r),
                    format!("subnet {} is listed twice", r.value),
                )
                .help("list each subnet once");
                continue;
            }
            let az = self.net.subnets[s.0].az.clone();
            if let Some(dup) = interfaces
                .iter()
                .find(|(o, _)| az.is_some() && self.net.subnets[o.0].az == az)
            {
                let msg = format!(
                    "{} and {} are both in {}: an interface endpoint takes one subnet per Availability Zone",
                    self.net.subnets[dup.0.0].id,
                    r.value,
                    az.clone().unwrap_or_default()
                );
                self.err(Code::Endpoint, Pos::of(r), msg)
                    .help("keep one subnet per Availability Zone");
                continue;
            }
            let ip = match ep.addresses.get(n) {
                Some(ip) => self.written_address(s, ip),
                None => self.allocate(s),
            };
            if let Some(ip) = ip {
                interfaces.push((s, ip));
            }
        }
        let private_dns = ep.private_dns.as_ref().is_none_or(|p| p.value);
        if private_dns {
            let vpc = &self.net.vpcs[v.0];
            if !(vpc.dns_support && vpc.dns_hostnames) {
                // F1.15: the API call fails with exactly this message.
                let msg = format!(
                    "Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for {}",
                    vpc.id
                );
                let pos = ep.private_dns.as_ref().map_or(Pos::of(&ep.id), Pos::of);
                self.err(Code::Endpoint, pos, msg)
                    .help("set `dns_support: true` and `dns_hostnames: true` on the VPC, or `private_dns: false` on the endpoint (private DNS is on by default)");
            }
            let clash = self
                .net
                .endpoints
                .iter()
                .find(|o| o.vpc == v && o.service.as_str() == service && o.has_private_dns());
            if let Some(o) = clash {
                let msg = format!(
                    "endpoint {} already gives {service} private DNS in this VPC: AWS refuses a second private hosted zone for the same name",
                    o.id
                );
                self.err(Code::Endpoint, Pos::of(&ep.id), msg)
                    .help("set `private_dns: false` on one of them");
            }
        }
        let security_groups = self.security_groups_of(v, &ep.security_groups, from);
        EndpointKind::Interface {
            interfaces,
            private_dns,
            inbound_only_dns: false,
            security_groups,
        }
    }

    /// An interface endpoint's own DNS names as written: each must be one of its names,
    /// `{id}-{suffix}[-{az}].{service}.{region}.vpce.amazonaws.com`. Returns their first labels.
    fn endpoint_dns_names(
        &mut self,
        ep: &model::Endpoint,
        service: &str,
        region: &str,
    ) -> Vec<String> {
        let id = ep.id.value.to_ascii_lowercase();
        let mut labels = Vec::new();
        for n in &ep.dns_names {
            let name = super::super::dns_name(&n.value);
            let ok = aws::parse_vpce_host(&name).filter(|(label, s, r)| {
                *s == aws::service_dns_label(service)
                    && *r == region
                    && label
                        .strip_prefix(id.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
            });
            match ok {
                Some((label, _, _)) => labels.push(label.to_string()),
                None => {
                    self.err(
                        Code::Endpoint,
                        Pos::of(n),
                        format!("`{name}` is not a DNS name of endpoint {}", ep.id.value),
                    )
                    .help(format!(
                        "an endpoint's own names are {id}-<suffix>.{}.{region}.vpce.amazonaws.com and {id}-<suffix>-<az>.{}.{region}.vpce.amazonaws.com",
                        aws::service_dns_label(service),
                        aws::service_dns_label(service)
                    ));
                }
            }
        }
        labels
    }

    /// Parses a policy document, reporting problems at its position.
    pub(crate) fn policy(
        &mut self,
        p: &Sp<serde_json::Value>,
        expand: Option<&str>,
    ) -> Option<Policy> {
        match Policy::parse(&p.value, expand) {
            Ok(policy) => {
                // A key the simulated request never carries is evaluated as absent: say so,
                // rather than let a condition silently hold or fail.
                let mut warned = std::collections::BTreeSet::new();
                for s in &policy.statements {
                    for c in &s.conditions {
                        let clock = matches!(c.key.as_str(), "aws:currenttime" | "aws:epochtime");
                        if clock && self.net.time.is_none() && warned.insert(c.key.clone()) {
                            let key = crate::policy::key_name(&c.key);
                            let at = crate::policy::iso_time(crate::aws::DEFAULT_TIME);
                            self.warn(Code::DefaultTime, Pos::of(p), format!("statement {} tests `{key}`, which AWS puts in every request; the file gives no `time:`, so the requests are made at vpcpath's default, {at}", s.label))
                                .help("say when the requests are made at the top of the file: time: 2025-06-01T12:00:00Z (F3.13)");
                        }
                        if crate::policy::is_filled(&c.key) || !warned.insert(c.key.clone()) {
                            continue;
                        }
                        let key = crate::policy::key_name(&c.key);
                        self.warn(
                            Code::UnknownConditionKey,
                            Pos::of(p),
                            format!(
                                "statement {} tests `{key}`, which the requests vpcpath simulates never carry: it is evaluated as absent ({})",
                                s.label,
                                c.describe_absent()
                            ),
                        )
                        .help(format!(
                            "vpcpath fills {}; a condition on another key holds only if it is negated (…Not…), …IfExists, ForAllValues: or Null: true",
                            crate::policy::FILLED_KEYS
                                .iter()
                                .map(|k| crate::policy::key_name(k))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                }
                Some(policy)
            }
            Err(e) => {
                self.err(Code::Policy, Pos::of(p), format!("invalid policy: {e}"))
                    .help("write the IAM JSON policy as YAML: Statement: [{Effect: Allow, Principal: \"*\", Action: ..., Resource: ...}]");
                None
            }
        }
    }
}
