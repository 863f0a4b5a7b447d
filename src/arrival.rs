//! What routing hands to the services: where the packets arrived ([`Arrival`]: a door of API
//! Gateway, or another AWS service), and what the service knows of the caller's addresses
//! ([`Caller`]). Routing builds these; [`crate::tls`] and [`crate::services`] read them.

use std::net::Ipv4Addr;

use crate::net::{EndpointIx, Network};
use crate::trace::Name;

/// Where the packets arrived.
#[derive(Debug, Clone)]
pub enum Arrival {
    /// An instance's network interface: the host itself answers.
    Host(crate::net::InstanceIx),
    /// A machine of an on-premises site: it answers for itself, as an instance does.
    SiteHost(crate::net::SiteClientIx),
    /// A DNS server of an on-premises site (one of its `dns_servers` that no declared machine
    /// holds): it answers DNS on port 53, UDP and TCP, and for the rest as a host that listens
    /// on nothing else (F5.12).
    SiteDnsServer(crate::net::SiteIx, std::net::Ipv4Addr),
    /// A Route 53 Resolver endpoint's network interface (F5.15): an inbound endpoint answers
    /// DNS on port 53, UDP and TCP, as its VPC's Resolver; an outbound endpoint takes no
    /// queries.
    ResolverEndpoint(crate::net::ResolverEndpointIx),
    /// A door of API Gateway.
    ApiGateway {
        /// Which door.
        door: Door,
        /// What it knows of the caller.
        caller: Caller,
    },
    /// A load balancer's node: it picks a listener and a target (F6.38-F6.43).
    LoadBalancer {
        /// The load balancer.
        lb: crate::net::LbIx,
        /// The node the packets reached (its place in the load balancer's nodes).
        node: usize,
        /// The source address the node saw.
        source: Ipv4Addr,
        /// The ports the client's connection leaves from (where its replies go).
        reply_ports: (u16, u16),
    },
    /// Another AWS service.
    Service {
        /// Service.
        service: crate::aws::Service,
        /// Region.
        region: crate::aws::Region,
        /// The endpoint the packets came through.
        endpoint: Option<EndpointIx>,
        /// What the service knows of the caller.
        caller: Caller,
    },
}

/// What a service knows of the caller's address.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The public address the request came from (`aws:SourceIp`), on the internet path: the
    /// instance's public address, a NAT gateway's Elastic IP, or the internet client's.
    pub source_ip: Option<Ipv4Addr>,
    /// Through an endpoint: the private address the packets came from (`aws:VpcSourceIp`).
    pub vpc_source_ip: Option<Ipv4Addr>,
}

/// Which door of API Gateway the packets reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Door {
    /// An execute-api interface endpoint.
    Endpoint(EndpointIx),
    /// The Regional front door of a Region.
    Regional(crate::aws::Region),
    /// CloudFront.
    CloudFront,
}

impl Door {
    /// The name the door is shown under in traces.
    pub fn name<'n>(&self, net: &'n Network) -> Name<'n> {
        match self {
            Door::Endpoint(e) => Name::Borrowed(&net.endpoints[e.0].id),
            Door::Regional(r) => Name::Owned(format!("execute-api {r}")),
            Door::CloudFront => Name::Borrowed("cloudfront"),
        }
    }
}
