//! Arrivals: at a network interface in the VPC (an endpoint, an instance) or at AWS's public
//! side from the internet.

use super::*;

/// Delivery to the network interface that holds the packet's destination in `subnet`, through
/// its security groups; its replies start there.
pub(super) fn deliver<'a>(
    net: &'a Network,
    subnet: SubnetIx,
    p: &mut Packet,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    p.reply_start = Some(Start::Subnet(subnet));
    let dst = p.dst;
    let s = &net.subnets[subnet.0];
    let packet = filter::Packet {
        protocol: p.protocol,
        port: p.port,
        remote: p.src,
        remote_groups: p.source_groups(net),
    };
    let interface = net.index.interface_at.get(&(s.vpc, dst));
    // An instance answers for itself, through its own security groups.
    if let Some(&Interface::Instance(i)) = interface {
        let inst = &net.instances[i.0];
        if inst.subnet == subnet {
            let groups = &inst.security_groups;
            security_groups(net, groups, Direction::Ingress, &packet, &inst.id, steps)?;
            steps.at(&inst.id, || Step::Arrive {
                at: Name::Borrowed(&inst.id),
                detail: text!("network interface {} of {}", Addr(dst), inst.id),
            });
            return Ok(Arrival::Host(i));
        }
    }
    // A network interface written on its own: its instance answers, through the interface's
    // own security groups (F6.75); attached to nothing, nothing answers.
    if let Some(&Interface::Eni(e)) = interface {
        let eni = &net.interfaces[e.0];
        if eni.subnet == subnet {
            let Some(i) = eni.instance else {
                return drop(steps, &eni.id, DropReason::NothingAnswers { dst });
            };
            let groups = &eni.security_groups;
            security_groups(net, groups, Direction::Ingress, &packet, &eni.id, steps)?;
            let inst = &net.instances[i.0];
            steps.at(&inst.id, || Step::Arrive {
                at: Name::Borrowed(&inst.id),
                detail: text!(
                    "network interface {} ({}) of {}",
                    Addr(dst),
                    eni.id,
                    inst.id
                ),
            });
            return Ok(Arrival::Host(i));
        }
    }
    // A NAT gateway's network interface takes nothing addressed to it (F6.35).
    if let Some(&Interface::Nat(n)) = interface {
        let nat = &net.nats[n.0];
        if nat.subnet == subnet {
            let reason = DropReason::NatTakesNoConnection {
                nat: id(&nat.id),
                dst: p.dst,
            };
            return drop(steps, &nat.id, reason);
        }
    }
    // A load balancer's node: through its security groups, if it has any (F6.39).
    if let Some(&Interface::LoadBalancer(l, n)) = interface {
        let lb = &net.load_balancers[l.0];
        if lb.nodes[n].subnet == subnet {
            if !lb.security_groups.is_empty() {
                let groups = &lb.security_groups;
                security_groups(net, groups, Direction::Ingress, &packet, &lb.id, steps)?;
            }
            steps.at(&lb.id, || Step::Arrive {
                at: Name::Borrowed(&lb.id),
                detail: text!(
                    "node {} of {} {} in {}",
                    Addr(dst),
                    lb.noun(),
                    lb.id,
                    net.zone_name(subnet)
                ),
            });
            return Ok(Arrival::LoadBalancer {
                lb: l,
                node: n,
                source: p.src,
                reply_ports: p.reply_ports,
            });
        }
    }
    // A Resolver endpoint's: through its security groups, when the scenario names them
    // (F5.16).
    if let Some(&Interface::Resolver(r, at)) = interface
        && at == subnet
    {
        let ep = &net.resolver_endpoints[r.0];
        if let Some(groups) = &ep.security_groups {
            security_groups(net, groups, Direction::Ingress, &packet, &ep.id, steps)?;
        }
        steps.at(&ep.id, || Step::Arrive {
            at: Name::Borrowed(&ep.id),
            detail: text!(
                "network interface {} of Resolver {} endpoint {} (VPC {})",
                Addr(dst),
                if ep.inbound { "inbound" } else { "outbound" },
                ep.id,
                net.vpcs[ep.vpc.0].id
            ),
        });
        return Ok(Arrival::ResolverEndpoint(r));
    }
    let endpoint = match interface {
        Some(&Interface::Endpoint(e, at)) if at == subnet => {
            let ep = &net.endpoints[e.0];
            match &ep.kind {
                EndpointKind::Interface {
                    security_groups, ..
                } => Some((e, ep, security_groups)),
                EndpointKind::Gateway { .. } => None,
            }
        }
        _ => None,
    };
    let Some((e, ep, groups)) = endpoint else {
        let reason = DropReason::NoInterface {
            dst,
            subnet: id(&s.id),
        };
        return drop(steps, &s.id, reason);
    };
    security_groups(net, groups, Direction::Ingress, &packet, &ep.id, steps)?;
    steps.at(&ep.id, || Step::Arrive {
        at: Name::Borrowed(&ep.id),
        detail: text!(
            "network interface {} of interface endpoint for {}",
            Addr(dst),
            ep.service
        ),
    });
    // Through an endpoint the service sees the private source address (F3.5).
    let caller = Caller {
        source_ip: None,
        vpc_source_ip: Some(p.src),
    };
    if ep.service == crate::aws::Service::ExecuteApi {
        Ok(Arrival::ApiGateway {
            door: Door::Endpoint(e),
            caller,
        })
    } else {
        Ok(Arrival::Service {
            service: ep.service.clone(),
            region: ep.region,
            endpoint: Some(e),
            caller,
        })
    }
}

/// Arrival at a public address from the internet side: an address the scenario holds, through
/// its VPC's internet gateway (F6.34), or an AWS front end.
pub(super) fn internet_arrival<'a>(
    net: &'a Network,
    dst: Ipv4Addr,
    from: FromInternet<'a>,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    if let Some(&holder) = net.index.public_at.get(&dst) {
        return into_vpc(net, holder, dst, from, steps);
    }
    let public_src = from.src;
    match aws::public_aws_at(dst, &net.extra_services) {
        Some(PublicAws::CloudFront) => {
            steps.at("cloudfront", || Step::Arrive {
                at: "cloudfront".into(),
                detail: text!("CloudFront edge at {}", Addr(dst)),
            });
            Ok(Arrival::ApiGateway {
                door: Door::CloudFront,
                caller: Caller {
                    source_ip: Some(public_src),
                    vpc_source_ip: None,
                },
            })
        }
        Some(PublicAws::Service {
            service: crate::aws::Service::ExecuteApi,
            region,
        }) => {
            let at = text!("execute-api {region}");
            steps.at(&at, || Step::Arrive {
                detail: text!("API Gateway Regional front door at {}", Addr(dst)),
                at: Name::Owned(at.clone()),
            });
            Ok(Arrival::ApiGateway {
                door: Door::Regional(region),
                caller: Caller {
                    source_ip: Some(public_src),
                    vpc_source_ip: None,
                },
            })
        }
        Some(PublicAws::Service { service, region }) => {
            let at = text!("{service} {region}");
            steps.at(&at, || Step::Arrive {
                detail: text!("{service} public endpoint at {}", Addr(dst)),
                at: Name::Owned(at.clone()),
            });
            Ok(Arrival::Service {
                service,
                region,
                endpoint: None,
                caller: Caller {
                    source_ip: Some(public_src),
                    vpc_source_ip: None,
                },
            })
        }
        None => drop(steps, "internet", DropReason::NothingAnswers { dst }),
    }
}
