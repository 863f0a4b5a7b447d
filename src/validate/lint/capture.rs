//! The reported case, warned about before anything is simulated: a request to a public API's
//! default name that the client's DNS answers with an execute-api endpoint's address.

use crate::aws;
use crate::error::{Code, Diagnostic, Pos};
use crate::net::*;

/// The warning for a request to a public API's default name that the client's DNS answers
/// with an execute-api endpoint's address, if it is one (`pos`: its URL). The name is resolved
/// by the DNS layer, as the engine resolves it: the client VPC's endpoint with private DNS, a
/// private zone or a Resolver rule that sends the name to another VPC's endpoint, a site's
/// forwarder to an inbound Resolver endpoint.
/// The warning is written only when asked, at the position given: a file may have a hundred
/// thousand such requests, and a streamed one lists only the first of them.
pub(crate) fn captured_public_api<'a>(
    net: &'a Network,
    req: &'a Request,
) -> Option<impl FnOnce(Pos) -> Diagnostic + 'a> {
    let (view, from) = match req.client {
        Client::Instance(i) => {
            let vpc = net.subnets[net.instances[i.0].subnet.0].vpc;
            (crate::dns::View::Vpc(vpc), net.vpcs[vpc.0].id.as_str())
        }
        Client::Site(c) => {
            let site = net.site_clients[c.0].site;
            (crate::dns::View::Site(site), net.sites[site.0].id.as_str())
        }
        Client::Internet(_) | Client::Lambda(..) => return None,
    };
    let (api_id, region) = aws::parse_execute_api_host(&req.url.host)?;
    let public = net
        .api(api_id)
        .map(|a| &net.apis[a.0])
        .is_some_and(|a| a.endpoint != EndpointType::Private && a.region == region);
    if !public || req.host_instance.is_some() {
        return None;
    }
    // The first address of the answer, as the client uses it (`engine::walk`).
    let mut steps = crate::trace::Steps::new(crate::trace::Detail::Ending);
    let answer = crate::dns::resolve_into(net, view, &req.url.host, &mut steps).ok()?;
    let addr = *answer.first()?;
    let e = net.index.execute_api_interface_at.get(&addr).copied()?;
    let ep = &net.endpoints[e.0];
    let own = matches!(view, crate::dns::View::Vpc(v) if v == ep.vpc) && ep.has_private_dns();
    Some(move |pos| {
        let (msg, help) = if own {
            (
                format!(
                    "this request calls public API {api_id} by its default name from {from}, where {}'s private DNS answers *.execute-api.{region}.amazonaws.com: the endpoint serves only private APIs, so the answer is 403",
                    ep.id
                ),
                format!(
                    "call it through an edge-optimized custom domain or a Route 53 alias to a Regional custom domain, or turn private DNS off on {} (F1.1, F2.3)",
                    ep.id
                ),
            )
        } else {
            (
                format!(
                    "this request calls public API {api_id} by its default name from {from}, whose DNS answers it with {addr}, an address of execute-api endpoint {} in {}: the endpoint serves only private APIs, so the answer is 403",
                    ep.id, net.vpcs[ep.vpc.0].id
                ),
                format!(
                    "call it through an edge-optimized custom domain or a Route 53 alias to a Regional custom domain, or stop sending *.execute-api.{region}.amazonaws.com to {} (the zone, Resolver rule or forwarder that does) (F1.1, F2.3)",
                    ep.id
                ),
            )
        };
        Diagnostic::warning(Code::CapturedPublicApi, pos, msg).with_help(help)
    })
}
