//! The public view: public hosted zones and the names AWS itself publishes (API Gateway's
//! default names, CloudFront, endpoints' own DNS names, AWS services).

use super::*;

/// `amazon_dns`: the Region of the VPC whose Amazon DNS server asks, if one does (F7.7).
pub(super) fn public_lookup(
    net: &Network,
    name: &str,
    amazon_dns: Option<&str>,
    chain: &mut Vec<String>,
) -> Lookup {
    // The most specific public zone holding the name (the last declared, were there two).
    let zone = suffixes(name).find_map(|s| {
        let declared = net.index.zones_by_name.get(s)?;
        declared
            .iter()
            .rev()
            .map(|&i| &net.zones[i])
            .find(|z| !z.private)
    });
    if let Some(z) = zone {
        let source = DnsSource::PublicZone { zone: id(&z.name) };
        return zone_lookup(net, z, name, source, chain);
    }
    // EC2's names, as public DNS answers them: public names with the public address, private
    // names not at all (F5.4, F5.22).
    if let Some(e) = ec2_name(name) {
        return ec2_lookup(net, None, &e);
    }
    aws_public(net, name, amazon_dns)
        .unwrap_or_else(|| Lookup::new(DnsSource::NoPublicZone, None, Answer::Nxdomain))
}

/// The names AWS publishes in public DNS; `amazon_dns` as for [`public_lookup`].
pub(super) fn aws_public(net: &Network, name: &str, amazon_dns: Option<&str>) -> Option<Lookup> {
    let a = |source: DnsSource, record: Option<String>, addresses: Vec<Ipv4Addr>| {
        Lookup::new(source, record, Answer::A { addresses })
    };
    if in_zone(name, "cloudfront.net") && name != "cloudfront.net" {
        return Some(a(
            DnsSource::CloudFront,
            Some("*.cloudfront.net".into()),
            vec![aws::CLOUDFRONT],
        ));
    }
    // An S3 interface endpoint's names are a wildcard below its own: `bucket.`,
    // `accesspoint.`, `control.` (F7.8).
    if let Some((first, rest)) = name.split_once('.')
        && !first.starts_with("vpce-")
        && let Some((label, "s3", region)) = aws::parse_vpce_host(rest)
    {
        let mut l = vpce_name(net, label, "s3", region, name);
        if matches!(l.answer, Answer::A { .. }) {
            l.record = Some(format!("*.{rest}"));
        }
        return Some(l);
    }
    if let Some(&l) = net.index.lb_by_dns_name.get(name) {
        let lb = &net.load_balancers[l.0];
        return Some(a(
            DnsSource::LoadBalancer { lb: id(&lb.id) },
            None,
            lb.addresses(),
        ));
    }
    if let Some((label, service, region)) = aws::parse_vpce_host(name) {
        return Some(vpce_name(net, label, service, region, name));
    }
    if let Some((label, region)) = aws::parse_execute_api_host(name) {
        return Some(execute_api_name(net, label, region));
    }
    if let Some((service, region)) = aws::parse_service_host(name, &net.extra_services)
        && service != "execute-api"
        && let Some(addr) = aws::service_address(service, region)
    {
        return Some(a(
            DnsSource::Service {
                service: id(service),
                region: id(region),
            },
            None,
            vec![addr],
        ));
    }
    if let Some((service, region)) = aws::global_service_host(name, amazon_dns)
        && let Some(addr) = aws::service_address(service, region)
    {
        return Some(a(
            DnsSource::GlobalService {
                service: id(service),
                region: id(region),
            },
            None,
            vec![addr],
        ));
    }
    in_zone(name, "amazonaws.com")
        .then(|| Lookup::new(DnsSource::NoAwsName, None, Answer::Nxdomain))
}

/// An endpoint's own names, `{vpce-id}-{suffix}.{service}.{region}.vpce.amazonaws.com` and the
/// zonal `{vpce-id}-{suffix}-{az}...` (and the same without the suffix): the endpoint's network
/// interface addresses, published in public DNS (F1.5, F1.19; `Network::vpce_label`).
pub(super) fn vpce_name(
    net: &Network,
    label: &str,
    service: &str,
    region: &str,
    name: &str,
) -> Lookup {
    if let Some((e, zone)) = net.vpce_label(label, service, region) {
        let ep = &net.endpoints[e.0];
        let addresses: Vec<Ipv4Addr> = match (zone, &ep.kind) {
            (Some(az), EndpointKind::Interface { interfaces, .. }) => interfaces
                .iter()
                .filter(|(s, _)| {
                    net.subnets[s.0]
                        .az
                        .as_deref()
                        .is_some_and(|z| z.eq_ignore_ascii_case(az))
                })
                .map(|(_, ip)| *ip)
                .collect(),
            _ => ep.addresses(),
        };
        if !addresses.is_empty() {
            return Lookup::new(
                DnsSource::EndpointName {
                    endpoint: id(&ep.id),
                },
                None,
                Answer::A { addresses },
            );
        }
    }
    Lookup::new(
        DnsSource::NoEndpointName { name: id(name) },
        None,
        Answer::Nxdomain,
    )
}

/// `{label}.execute-api.{region}.amazonaws.com` in public DNS: the alias of a private API's
/// associated endpoint (F2.8), an edge-optimized API's CloudFront distribution (F1.7), or the
/// Region's front door for anything else, declared or not (the wildcard, F3.8).
pub(super) fn execute_api_name(net: &Network, label: &str, region: &str) -> Lookup {
    if let Some((api_id, vpce_id)) = label.split_once('-')
        && let Some(api) = net.api(api_id).map(|a| &net.apis[a.0])
        && api.region == region
        && let Some(&e) = api
            .vpc_endpoints
            .iter()
            .find(|e| net.endpoints[e.0].id == vpce_id)
    {
        let ep = &net.endpoints[e.0];
        return Lookup::new(
            DnsSource::PrivateApiAlias {
                api: id(&api.id),
                endpoint: id(&ep.id),
            },
            None,
            Answer::A {
                addresses: ep.addresses(),
            },
        );
    }
    if let Some(api) = net.api(label).map(|a| &net.apis[a.0])
        && api.region == region
        && api.endpoint == EndpointType::Edge
    {
        return Lookup::new(
            DnsSource::EdgeApi { api: id(&api.id) },
            None,
            Answer::A {
                addresses: vec![aws::CLOUDFRONT],
            },
        );
    }
    Lookup::new(
        DnsSource::RegionalFrontDoor { region: id(region) },
        Some(format!("*.execute-api.{region}.amazonaws.com")),
        Answer::A {
            addresses: aws::service_address("execute-api", region)
                .into_iter()
                .collect(),
        },
    )
}
