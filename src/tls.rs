//! The connection's checks before a service sees the request: whether what answers at the end
//! of the path listens on the URL's port, and for HTTPS whether its certificate covers the name
//! the client connected to (the names each door presents are computed
//! once, in [`Network::build_index`]).

use std::borrow::Cow;

use smol_str::SmolStr;

use crate::arrival::{Arrival, Door};
use crate::aws;
use crate::net::{Network, Request};
use crate::trace::{DropReason, Name, Outcome, Step, Steps, TlsReason};

/// What answers at the end of a path, as the client's connection sees it.
#[derive(Debug, Clone)]
pub struct Front<'n> {
    /// How traces name it.
    pub name: Name<'n>,
    /// The names its certificate covers.
    pub certificates: Cow<'n, [String]>,
    /// The ports it listens on.
    pub ports: &'static [u16],
}

/// What answers at an arrival: AWS front ends accept HTTPS on 443, and S3 also HTTP on 80.
pub fn front<'n>(net: &'n Network, arrival: &Arrival) -> Front<'n> {
    match arrival {
        // A host presents no certificate vpcpath knows of: the connection ends at the host.
        Arrival::Host(i) => Front {
            name: Name::Borrowed(&net.instances[i.0].id),
            certificates: Cow::Owned(Vec::new()),
            ports: &[],
        },
        Arrival::SiteDnsServer(s, _) => Front {
            name: Name::Borrowed(&net.sites[s.0].id),
            certificates: Cow::Owned(Vec::new()),
            ports: &[],
        },
        Arrival::ResolverEndpoint(r) => Front {
            name: Name::Borrowed(&net.resolver_endpoints[r.0].id),
            certificates: Cow::Owned(Vec::new()),
            ports: &[],
        },
        Arrival::SiteHost(c) => Front {
            name: Name::Borrowed(&net.site_clients[c.0].id),
            certificates: Cow::Owned(Vec::new()),
            ports: &[],
        },
        // A load balancer's node: what answers is its target, past it (F6.42-F6.44).
        Arrival::LoadBalancer { lb, .. } => Front {
            name: Name::Borrowed(&net.load_balancers[lb.0].id),
            certificates: Cow::Owned(Vec::new()),
            ports: &[],
        },
        Arrival::ApiGateway { door, .. } => Front {
            name: door.name(net),
            certificates: certificates(net, door),
            ports: &[443],
        },
        Arrival::Service {
            service,
            region,
            endpoint,
            ..
        } => Front {
            name: Name::Owned(format!("{service} {region}")),
            certificates: match endpoint {
                Some(e) => Cow::Borrowed(&net.index.certificates_of_endpoint[e.0]),
                None => Cow::Owned(crate::net::service_certificates(service, *region)),
            },
            ports: if service == &crate::aws::Service::S3 {
                &[80, 443]
            } else {
                &[443]
            },
        },
    }
}

/// The certificate names a door presents (computed once, in [`Network::build_index`]).
pub fn certificates<'n>(net: &'n Network, door: &Door) -> Cow<'n, [String]> {
    match door {
        Door::Endpoint(e) => Cow::Borrowed(&net.index.certificates_of_endpoint[e.0]),
        Door::Regional(region) => match net.index.regional_certificates.get(region) {
            Some(names) => Cow::Borrowed(names),
            None => Cow::Owned(vec![crate::net::regional_api_certificate(region)]),
        },
        Door::CloudFront => Cow::Borrowed(&net.index.cloudfront_certificates),
    }
}

/// Connects to what answers at `arrival`: drops the request (a timeout) when it does not listen
/// on the URL's port; for HTTPS, records whether its certificate covers the URL's host, and
/// fails the request when it does not and the client verifies certificates.
pub fn connect<'a>(
    net: &'a Network,
    arrival: &Arrival,
    req: &'a Request,
    steps: &mut Steps<'a>,
) -> Result<(), Outcome> {
    let front = front(net, arrival);
    if !front.ports.contains(&req.url.port) {
        let reason = DropReason::NotListening {
            front: SmolStr::new(&front.name),
            port: req.url.port,
            http: front.ports.contains(&80),
        };
        steps.at(&front.name, || Step::Drop {
            at: front.name.clone(),
            reason: reason.clone(),
        });
        return Err(Outcome::Timeout { reason });
    }
    if req.url.tls() {
        let covers = |c: &&String| aws::certificate_covers(c, &req.url.host);
        // Borrowed from the network where the door's names are (the index holds them).
        let covering: Option<Name<'a>> = match &front.certificates {
            std::borrow::Cow::Borrowed(names) => {
                names.iter().find(covers).map(|c| Name::Borrowed(c))
            }
            std::borrow::Cow::Owned(names) => {
                names.iter().find(covers).map(|c| Name::Owned(c.clone()))
            }
        };
        let covering = covering.or_else(|| s3_endpoint_name(net, arrival, &req.url.host));
        steps.push(|| Step::Tls {
            server_name: Name::Borrowed(&req.url.host),
            certificate: covering.clone(),
            verified: req.tls_verify,
        });
        if covering.is_none() && req.tls_verify {
            return Err(Outcome::TlsError {
                reason: TlsReason::NoCertificate {
                    front: SmolStr::new(&front.name),
                    host: SmolStr::new(&req.url.host),
                    presents: front.certificates.iter().map(SmolStr::new).collect(),
                },
            });
        }
    }
    Ok(())
}

/// The certificate of an S3 interface endpoint covers the names below its own
/// (`*.vpce-{id}-{suffix}.s3.{region}.vpce.amazonaws.com`: `bucket.`, `accesspoint.`,
/// `control.`, F7.8): the wildcard over `host`'s parent, when that is the endpoint's own name.
fn s3_endpoint_name<'a>(net: &Network, arrival: &Arrival, host: &str) -> Option<Name<'a>> {
    let Arrival::Service {
        service: aws::Service::S3,
        endpoint: Some(e),
        ..
    } = arrival
    else {
        return None;
    };
    let (_, parent) = host.split_once('.')?;
    let (label, service, region) = aws::parse_vpce_host(parent)?;
    let (at, _) = net.vpce_label(label, service, region)?;
    (at == *e && service == "s3").then(|| Name::Owned(format!("*.{parent}")))
}

/// A plain flow (`tcp://`, `udp://`) that reached an AWS front end. Front ends listen on TCP
/// only: a TCP connection to a port they serve opens (what is then sent over it is not
/// modelled), and a UDP datagram is dropped, so the client times out (F6.13).
pub fn plain<'a>(
    net: &'a Network,
    arrival: &Arrival,
    req: &'a Request,
    steps: &mut Steps<'a>,
) -> Outcome {
    let front = front(net, arrival);
    let port = req.url.port;
    if req.url.scheme == "ip" {
        let reason = DropReason::IpToFront {
            front: SmolStr::new(&front.name),
        };
        steps.at(&front.name, || Step::Drop {
            at: front.name.clone(),
            reason: reason.clone(),
        });
        return Outcome::Timeout { reason };
    }
    if req.url.scheme == "icmp" {
        // Not documented either way; taken to be dropped as UDP is (decisions.md).
        let reason = DropReason::IcmpToFront {
            front: SmolStr::new(&front.name),
        };
        steps.at(&front.name, || Step::Drop {
            at: front.name.clone(),
            reason: reason.clone(),
        });
        return Outcome::Timeout { reason };
    }
    if req.url.scheme == "udp" {
        let reason = DropReason::UdpToFront {
            front: SmolStr::new(&front.name),
            port,
        };
        steps.at(&front.name, || Step::Drop {
            at: front.name.clone(),
            reason: reason.clone(),
        });
        return Outcome::Timeout { reason };
    }
    if let Err(outcome) = connect(net, arrival, req, steps) {
        return outcome;
    }
    steps.service(&front.name, || {
        format!(
            "{} accepts tcp/{port}: the connection opens (what is sent over it is not modelled)",
            front.name
        )
    });
    Outcome::Connected {
        detail: format!("{} accepts tcp/{port}", front.name),
    }
}
