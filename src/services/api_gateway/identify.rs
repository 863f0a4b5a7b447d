//! Which API (or custom domain) a host names at a door, and whether that door serves it: an
//! endpoint serves private APIs only, the Regional and CloudFront doors the others, and a
//! disabled default endpoint serves nothing under its default name.

use super::*;

/// Which API or custom domain a request names at a door.
/// `{api-id}-{vpce-id}` where the endpoint, whose id is matched exactly (lower case, as DNS
/// names are), is associated with the API: the API.
pub(super) fn associated_alias(net: &Network, label: &str) -> Option<ApiIx> {
    let (api, vpce) = label.split_once('-')?;
    let a = net.api(api)?;
    net.apis[a.0]
        .vpc_endpoints
        .iter()
        .any(|e| net.endpoints[e.0].id.eq_ignore_ascii_case(vpce))
        .then_some(a)
}

pub(super) fn identify<'a>(net: &'a Network, door: &Door, call: &Call<'_>) -> Option<Target<'a>> {
    let host = call.host;
    let by_default_name =
        aws::parse_execute_api_host(host).filter(|(label, _)| !label.starts_with("d-"));
    match door {
        Door::Endpoint(e) => {
            let ep = &net.endpoints[e.0];
            // The default name `{api-id}`, or `{api-id}-{vpce-id}` for an endpoint associated
            // with the API (F1.5, F2.8): no other suffix names an API.
            if let Some((label, region)) = by_default_name
                && ep.region == region
                && (!label.contains('-') || associated_alias(net, label).is_some())
            {
                let id = label.split_once('-').map_or(label, |(a, _)| a);
                return Some(Target::Api {
                    id: id.to_string(),
                    how: format!("host {host}"),
                });
            }
            if let Some(d) = net.custom_domains.iter().find(|d| {
                d.endpoint == EndpointType::Private && aws::certificate_covers(&d.name, host)
            }) {
                return Some(Target::Domain(d));
            }
            call.headers.get("x-apigw-api-id").map(|id| Target::Api {
                id: id.to_ascii_lowercase(),
                how: "header x-apigw-api-id".into(),
            })
        }
        Door::Regional(region) => {
            if let Some((label, r)) = by_default_name
                && *region == r
            {
                return Some(Target::Api {
                    id: label.to_string(),
                    how: format!("host {host}"),
                });
            }
            net.custom_domains
                .iter()
                .find(|d| {
                    d.endpoint == EndpointType::Regional
                        && &d.region == region
                        && aws::certificate_covers(&d.name, host)
                })
                .map(Target::Domain)
        }
        Door::CloudFront => {
            if let Some((label, _)) = by_default_name {
                return Some(Target::Api {
                    id: label.to_string(),
                    how: format!("host {host}"),
                });
            }
            net.custom_domains
                .iter()
                .find(|d| {
                    d.endpoint == EndpointType::Edge && aws::certificate_covers(&d.name, host)
                })
                .map(Target::Domain)
        }
    }
}

/// Why a door does not serve an API by its default name, if it does not.
pub(super) fn door_refuses(net: &Network, door: &Door, api: &Api) -> Option<String> {
    match door {
        Door::Endpoint(e) => {
            let ep = &net.endpoints[e.0];
            if api.endpoint != EndpointType::Private {
                Some(format!(
                    "{} routes only to private APIs, and {} is {}: 403 (F1.10)",
                    ep.id,
                    api.id,
                    api.endpoint.name()
                ))
            } else if api.region != ep.region {
                Some(format!(
                    "{} is in {}, but {} serves {}",
                    api.id, api.region, ep.id, ep.region
                ))
            } else {
                None
            }
        }
        Door::Regional(region) => match api.endpoint {
            _ if &api.region != region => {
                Some(format!("API {} is in {}, not {region}", api.id, api.region))
            }
            EndpointType::Private => Some(format!(
                "{} is a private API: it is served only through an execute-api VPC endpoint (F3.8)",
                api.id
            )),
            EndpointType::Edge => Some(format!(
                "{} is edge-optimized: it is served through CloudFront, not the Regional front door",
                api.id
            )),
            EndpointType::Regional => None,
        },
        Door::CloudFront => (api.endpoint != EndpointType::Edge).then(|| {
            format!(
                "{} is {}, not edge-optimized: CloudFront does not serve it",
                api.id,
                api.endpoint.name()
            )
        }),
    }
}
