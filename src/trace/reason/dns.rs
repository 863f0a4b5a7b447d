//! DNS as data: why a name did not resolve, and which zone answered each name asked.

use super::*;

/// Why a name did not resolve: the reason of an [`Outcome::DnsFailure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsReason {
    /// The name resolved to no address.
    NoAddresses {
        /// The name.
        name: SmolStr,
    },
    /// The VPC's Resolver is off (`enableDnsSupport`, F5.2).
    DnsSupportOff {
        /// The VPC.
        vpc: SmolStr,
    },
    /// The zone that holds the name has no record of it.
    Nxdomain {
        /// The name.
        name: SmolStr,
        /// The zone that answered.
        source: DnsSource,
    },
    /// A CNAME or a Route 53 alias leads back to a name already asked.
    Loop {
        /// The names asked, in order.
        chain: Vec<SmolStr>,
        /// The name asked again.
        name: SmolStr,
    },
    /// The chain of CNAMEs and aliases grew past the limit.
    ChainTooLong {
        /// The most names a chain may hold.
        limit: usize,
        /// The names asked, in order.
        chain: Vec<SmolStr>,
        /// The name that would have been asked next.
        name: SmolStr,
    },
    /// A Route 53 alias names a target its own zone has no record of.
    AliasTargetMissing {
        /// The alias target.
        target: SmolStr,
        /// The zone.
        zone: SmolStr,
    },
    /// A query was sent to an address where no DNS server of the scenario answers.
    NoDnsServer {
        /// Why it was sent there.
        via: DnsVia,
        /// The name asked.
        name: SmolStr,
        /// The server's address.
        server: Ipv4Addr,
    },
    /// A query was sent to an address that several VPCs other than the sender's hold: which
    /// of them the DNS server meant is in, and so what answers, is unknown.
    UnknownDnsServer {
        /// Why it was sent there.
        via: Box<DnsVia>,
        /// The name asked.
        name: SmolStr,
        /// The server's address.
        server: Ipv4Addr,
        /// The VPCs that hold the address.
        vpcs: Vec<SmolStr>,
    },
    /// The query to a DNS server (one the client's VPC's DHCP options name, or a forwarding
    /// rule's target) got no answer (F5.12).
    QueryLost {
        /// The server's address.
        server: Ipv4Addr,
        /// The VPC whose DHCP options name it, or the outbound endpoint's.
        vpc: SmolStr,
        /// The forwarding rule that sent it, when a Resolver did.
        rule: Option<SmolStr>,
        /// The Resolver inbound endpoint a site's DNS server sent it to (F5.13); `vpc` is
        /// then the endpoint's.
        inbound_endpoint: Option<SmolStr>,
        /// Its packets arrived, but nothing there answers DNS on UDP port 53; otherwise they
        /// were dropped on the way (the drop step says where).
        arrived: bool,
    },
    /// A site's forwarder sent the query round to the same site again.
    ForwardingLoop {
        /// The name asked.
        name: SmolStr,
        /// The site it came back to.
        site: SmolStr,
        /// The names and sites the query went through, in order.
        chain: Vec<SmolStr>,
    },
}

/// Which zone answered a name, and how the query reached it: the source of a [`Step::Dns`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsSource {
    /// A customer private hosted zone associated with the VPC.
    PrivateZone {
        /// The zone's name.
        zone: SmolStr,
    },
    /// The private DNS zone of an interface endpoint (F1.2, F1.3).
    EndpointPrivateDns {
        /// The endpoint.
        endpoint: SmolStr,
        /// The zone's name.
        zone: SmolStr,
    },
    /// A public hosted zone of the scenario.
    PublicZone {
        /// The zone's name.
        zone: SmolStr,
    },
    /// Public DNS, where no zone of the scenario holds the name.
    NoPublicZone,
    /// CloudFront's names in AWS public DNS.
    CloudFront,
    /// An AWS service's Regional name in AWS public DNS.
    Service {
        /// The service.
        service: SmolStr,
        /// The Region.
        region: SmolStr,
    },
    /// An AWS service's global or legacy name in AWS public DNS.
    GlobalService {
        /// The service.
        service: SmolStr,
        /// The Region that answers it.
        region: SmolStr,
    },
    /// AWS public DNS, which has no such name under `amazonaws.com`.
    NoAwsName,
    /// An endpoint's own public name (F1.5, F1.19).
    EndpointName {
        /// The endpoint.
        endpoint: SmolStr,
    },
    /// A load balancer's DNS name: its nodes' addresses (F6.36).
    LoadBalancer {
        /// The load balancer.
        lb: SmolStr,
    },
    /// AWS public DNS, where no endpoint answers to the endpoint name asked.
    NoEndpointName {
        /// The name asked.
        name: SmolStr,
    },
    /// The Route 53 alias of a private API through an associated endpoint (F2.8).
    PrivateApiAlias {
        /// The API.
        api: SmolStr,
        /// The endpoint.
        endpoint: SmolStr,
    },
    /// An edge-optimized API's default name: its CloudFront distribution (F1.7).
    EdgeApi {
        /// The API.
        api: SmolStr,
    },
    /// API Gateway's Regional front door, the wildcard of every default name (F3.8).
    RegionalFrontDoor {
        /// The Region.
        region: SmolStr,
    },
    /// A zone of an on-premises site's DNS servers.
    SiteZone {
        /// The zone's name.
        zone: SmolStr,
        /// The site.
        site: SmolStr,
    },
    /// A Resolver system rule, and the source that answered under it (F5.6).
    SystemRule {
        /// The rule.
        rule: SmolStr,
        /// Its domain.
        domain: SmolStr,
        /// What answered.
        answer: Box<DnsSource>,
    },
    /// A site's DNS server, sent the query by DHCP options or a forwarding rule, and the source
    /// that answered there.
    Server(Box<ServerAnswer>),
    /// A DNS server on an instance, sent the query by DHCP options or a forwarding rule, which
    /// forwards it to its own VPC's Amazon DNS server (F5.14), and the source that answered
    /// there.
    InstanceServer(Box<InstanceServerAnswer>),
    /// An address where no DNS server of the scenario answers.
    NoServer {
        /// Why the query was sent there.
        via: Box<DnsVia>,
        /// The address.
        server: Ipv4Addr,
    },
    /// A site's conditional forwarder to a Resolver inbound endpoint, and the source that
    /// answered in that VPC (F5.8).
    Forwarded {
        /// The forwarder.
        forwarder: Box<DnsForwarder>,
        /// What answered.
        answer: Box<DnsSource>,
    },
    /// A site's conditional forwarder whose query came back to the site: a loop.
    ForwardedInLoop {
        /// The forwarder.
        forwarder: Box<DnsForwarder>,
    },
    /// An EC2 DNS name: an instance's private IP DNS name or public DNS name (F5.4,
    /// F5.21-F5.24).
    Ec2Name(Box<Ec2NameAnswer>),
    /// An interface endpoint whose private DNS answers only queries that come through a
    /// Resolver inbound endpoint, and the source that answered the VPC's own query instead
    /// (F7.10).
    InboundOnly {
        /// The endpoint.
        endpoint: SmolStr,
        /// What answered.
        answer: Box<DnsSource>,
    },
}

/// What EC2's DNS answered for one of its names, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ec2NameAnswer {
    /// What holds the address the name names (an instance, or another network interface's
    /// owner), when something does.
    pub holder: Option<SmolStr>,
    /// How the name was answered.
    pub how: Ec2Answer,
}

/// How EC2's DNS answered one of its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ec2Answer {
    /// A private IP DNS name, answered by `vpc`'s Resolver with the address it names: of an
    /// interface of `vpc`, or of `other`, a VPC of its Region, for an RFC 1918 address (F5.22).
    Private {
        /// The VPC whose Resolver answered.
        vpc: SmolStr,
        /// The other VPC holding the address.
        other: Option<SmolStr>,
    },
    /// A private name `vpc`'s Resolver does not answer: its DNS hostnames are off (F5.22).
    HostnamesOff {
        /// The VPC.
        vpc: SmolStr,
    },
    /// A name in EC2's domain that no network interface holds where `vpc`'s Resolver looks
    /// (F5.22).
    NoInterface {
        /// The VPC.
        vpc: SmolStr,
    },
    /// A private name asked where no VPC Resolver answers it: public DNS has none (F5.22).
    NotPublic,
    /// A public DNS name asked from within the instance's VPC: its private address (F5.4).
    PublicInside {
        /// The VPC.
        vpc: SmolStr,
    },
    /// A public DNS name asked from `vpc`, peered with the instance's VPC `home` by
    /// `peering`, whose side of `home` allows DNS resolution from the remote VPC: its private
    /// address (F5.23).
    PublicPeered {
        /// The asking VPC.
        vpc: SmolStr,
        /// The instance's VPC.
        home: SmolStr,
        /// The peering connection.
        peering: SmolStr,
    },
    /// A public DNS name asked outside the instance's VPC: its public address (F5.4).
    PublicOutside,
    /// No instance has this public DNS name: none holds the address (`vpc` None), or the
    /// instance's VPC `vpc` lacks a DNS attribute or is of another Region (F5.21).
    NoPublicName {
        /// The VPC of the instance holding the address.
        vpc: Option<SmolStr>,
    },
}

/// A site's DNS server that answered a query sent to it from a VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAnswer {
    /// Why the query was sent there.
    pub via: DnsVia,
    /// The server's address.
    pub server: Ipv4Addr,
    /// The site whose server it is.
    pub site: SmolStr,
    /// What answered on the site.
    pub answer: DnsSource,
}

/// A DNS server on an instance that answered a query by forwarding it to the Amazon DNS server
/// of its VPC (F5.14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceServerAnswer {
    /// Why the query was sent there.
    pub via: DnsVia,
    /// The server's address.
    pub server: Ipv4Addr,
    /// The instance.
    pub instance: SmolStr,
    /// Its VPC, whose Resolver answered.
    pub vpc: SmolStr,
    /// What answered there; `None`: nothing did (the VPC's DNS support is off, or the query
    /// came back round to the instance).
    pub answer: Option<DnsSource>,
}

/// Why a VPC's query went to a DNS server: its DHCP options, or a Resolver forwarding rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsVia {
    /// The DNS servers of the VPC's DHCP options (F5.9).
    DhcpOptions {
        /// The VPC.
        vpc: SmolStr,
    },
    /// A Resolver forwarding rule (F5.6).
    ResolverRule {
        /// The rule.
        rule: SmolStr,
        /// Its domain.
        domain: SmolStr,
        /// The outbound endpoint it forwards through.
        endpoint: SmolStr,
    },
}

/// A site's conditional forwarder: a domain sent to a Resolver inbound endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsForwarder {
    /// The site.
    pub site: SmolStr,
    /// The domain forwarded.
    pub domain: SmolStr,
    /// The inbound endpoint.
    pub endpoint: SmolStr,
    /// The endpoint's VPC.
    pub vpc: SmolStr,
}
