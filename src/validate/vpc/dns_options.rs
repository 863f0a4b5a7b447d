//! The DNS options of endpoints and peerings: an S3 or DynamoDB interface endpoint's private
//! DNS only for inbound Resolver endpoints (F7.10), and a peering side's DNS resolution from
//! the remote VPC (F5.23).

use super::*;

impl Validator {
    /// `private_dns_only_for_inbound_resolver_endpoint` of the endpoints of VPC `v`, once all of
    /// them are read (`first`: the index of its first endpoint): written true, AWS needs a
    /// gateway endpoint for the service in the VPC; left out, it is true exactly when there is
    /// one (F7.10).
    pub(crate) fn inbound_only_dns(&mut self, v: VpcIx, vpc: &model::Vpc, first: usize) {
        for (n, ep) in vpc.endpoints.iter().enumerate() {
            let e = first + n;
            let Some(this) = self.net.endpoints.get(e) else {
                continue;
            };
            let EndpointKind::Interface { private_dns, .. } = this.kind else {
                if let Some(w) = &ep.private_dns_only_for_inbound_resolver_endpoint {
                    self.err(Code::Endpoint, Pos::of(w), "a gateway endpoint has no `private_dns_only_for_inbound_resolver_endpoint`")
                        .help("the option belongs to an interface endpoint of the same service; remove it here");
                }
                continue;
            };
            let service = this.service.clone();
            let has_gateway = self.net.endpoints[first..].iter().any(|o| {
                o.vpc == v && o.service == service && matches!(o.kind, EndpointKind::Gateway { .. })
            });
            let written = ep.private_dns_only_for_inbound_resolver_endpoint.as_ref();
            let both_kinds = matches!(service, aws::Service::S3 | aws::Service::DynamoDb);
            let on = match written {
                None => private_dns && both_kinds && has_gateway,
                Some(w) if !w.value => false,
                Some(w) => {
                    let problem = if !both_kinds {
                        Some((
                            format!(
                                "private DNS only for inbound Resolver endpoints is available only for services that have gateway endpoints too (s3, dynamodb), not {}",
                                service.as_str()
                            ),
                            "remove `private_dns_only_for_inbound_resolver_endpoint`",
                        ))
                    } else if !private_dns {
                        Some((
                            format!(
                                "endpoint {} has private DNS off: private DNS only for inbound Resolver endpoints needs it on",
                                ep.id.value
                            ),
                            "set `private_dns: true`, or remove `private_dns_only_for_inbound_resolver_endpoint`",
                        ))
                    } else if !has_gateway {
                        // The S3 user guide quotes the API's refusal.
                        Some((
                            format!(
                                "To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC {} must have a gateway endpoint for the service",
                                vpc.id.value
                            ),
                            "add a gateway endpoint for the service to the VPC (`type: gateway`), or set the option to false",
                        ))
                    } else {
                        None
                    };
                    if let Some((msg, help)) = problem {
                        self.err(Code::Endpoint, Pos::of(w), msg).help(help);
                    }
                    true
                }
            };
            if let EndpointKind::Interface {
                inbound_only_dns, ..
            } = &mut self.net.endpoints[e].kind
            {
                *inbound_only_dns = on;
            }
        }
    }

    /// The two sides' `allow_dns_resolution_from_remote_vpc` of a peering between `a`
    /// (requester) and `b` (accepter): AWS lets a side turn it on only when both VPCs have
    /// DNS support and DNS hostnames (F5.23).
    pub(crate) fn peering_dns(&mut self, p: &model::Peering, a: VpcIx, b: VpcIx) -> (bool, bool) {
        let side = |o: &Option<model::PeeringOptions>| {
            o.as_ref()
                .and_then(|o| o.allow_dns_resolution_from_remote_vpc.as_ref())
                .filter(|w| w.value)
                .map(Pos::of)
        };
        let (req, acc) = (side(&p.requester_options), side(&p.accepter_options));
        let lacking = [a, b]
            .into_iter()
            .map(|v| &self.net.vpcs[v.0])
            .find(|v| !(v.dns_support && v.dns_hostnames))
            .map(|v| v.id.clone());
        if let Some(vpc) = lacking {
            for pos in [req, acc].into_iter().flatten() {
                let msg = format!(
                    "peering {}: DNS resolution from the remote VPC needs DNS hostnames and DNS resolution on in both VPCs, and {vpc} lacks one",
                    p.id.value
                );
                self.err(Code::Peering, pos, msg)
                    .help(format!("set `dns_support: true` and `dns_hostnames: true` on {vpc}, or remove the option"));
            }
        }
        (req.is_some(), acc.is_some())
    }
}
