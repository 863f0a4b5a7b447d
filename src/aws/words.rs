//! The closed word lists of the scenario format, one type each: what a key may say, every
//! spelling the loader takes for it, and the canonical word vpcpath writes back.
//!
//! The scenario keeps the words as they were written (so that a wrong word is reported at its
//! line beside every other problem of the file, with "did you mean"); validation turns each
//! into its type with [`Word::parse`]; the JSON Schema is derived from [`Word::SPELLINGS`], so
//! editors and the loader accept exactly the same words (`tests/schema.rs` checks both ways).
//! Words are matched without regard to ASCII case: `TCP`, `Allow` and `cname` are read as AWS's
//! consoles and APIs write them.

/// A closed list of words.
pub trait Word: Copy + Eq + Sized + 'static {
    /// What a word of the list is, as a message says it: "a protocol vpcpath knows".
    const WHAT: &'static str;
    /// What to write, when no word of the list is close to the one written.
    const HELP: &'static str;
    /// Every spelling the loader takes, each with the value it means; the first spelling of
    /// each value is its canonical word.
    const SPELLINGS: &'static [(&'static str, Self)];

    /// The value `text` spells, ASCII case and surrounding spaces ignored.
    fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::SPELLINGS
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(text))
            .map(|(_, v)| *v)
    }

    /// The canonical word of this value (its first spelling).
    fn word(self) -> &'static str;

    /// The canonical words, in the list's order.
    fn words() -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (s, v) in Self::SPELLINGS {
            if v.word() == *s {
                out.push(s);
            }
        }
        out
    }
}

/// Declares a closed word list: an enum, its spellings, and the words of its messages.
macro_rules! closed_words {
    ($(
        $(#[$m:meta])*
        $name:ident ($what:literal, $help:literal) {
            $( $(#[$vm:meta])* $variant:ident = $first:literal $(| $spelling:literal)* ,)+
        }
    )*) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vm])* $variant, )+
        }

        impl Word for $name {
            const WHAT: &'static str = $what;
            const HELP: &'static str = $help;
            const SPELLINGS: &'static [(&'static str, Self)] = &[
                $( ($first, $name::$variant), $( ($spelling, $name::$variant), )* )+
            ];

            fn word(self) -> &'static str {
                match self {
                    $( $name::$variant => $first, )+
                }
            }
        }
    )*};
}

/// The IP protocol of a filter rule (by name or by IANA number, `-1` for all), or of a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
    /// All protocols (a rule's only).
    All,
    /// A packet of an IP protocol other than TCP, UDP and ICMP that no rule names by number
    /// (`ip://`): only rules of `all` match it (F6.71). A packet's only: no rule is written
    /// with it, so it has no spelling.
    Other,
}

impl Word for Protocol {
    const WHAT: &'static str = "a protocol vpcpath knows";
    const HELP: &'static str = "write tcp, udp, icmp or all";
    const SPELLINGS: &'static [(&'static str, Self)] = &[
        ("tcp", Protocol::Tcp),
        ("6", Protocol::Tcp),
        ("udp", Protocol::Udp),
        ("17", Protocol::Udp),
        ("icmp", Protocol::Icmp),
        ("1", Protocol::Icmp),
        ("all", Protocol::All),
        ("-1", Protocol::All),
    ];

    fn word(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::All => "all",
            Protocol::Other => "ip",
        }
    }
}

closed_words! {
    /// What a network ACL rule does with the traffic it matches.
    NaclAction ("a network ACL action", "write allow or deny") {
        /// Let it through.
        Allow = "allow",
        /// Drop it.
        Deny = "deny",
    }

    /// How a request may end, as `expect.outcome` names it.
    OutcomeKind (
        "an outcome",
        "write http, timeout, dns-failure, tls-error, connected, refused or delivered"
    ) {
        /// An HTTP answer.
        Http = "http",
        /// Dropped packets.
        Timeout = "timeout",
        /// DNS failure.
        DnsFailure = "dns-failure",
        /// TLS failure.
        TlsError = "tls-error",
        /// A TCP connection opened.
        Connected = "connected",
        /// A TCP connection refused.
        Refused = "refused",
        /// A packet of another protocol (`ip://`) reached its destination.
        Delivered = "delivered",
    }

    /// An API Gateway API's type.
    ApiKind ("an API type", "write rest, http or websocket") {
        /// REST API.
        Rest = "rest",
        /// HTTP API.
        Http = "http",
        /// WebSocket API.
        WebSocket = "websocket",
    }

    /// An API's or a custom domain's endpoint type.
    EndpointType ("an endpoint type", "write edge, regional or private") {
        /// Edge-optimized.
        Edge = "edge",
        /// Regional.
        Regional = "regional",
        /// Private.
        Private = "private",
    }

    /// An API's authorization.
    Authorization (
        "an authorization vpcpath models",
        "write none (the default) or aws_iam (callers sign their requests)"
    ) {
        /// Anyone may call.
        None = "none",
        /// Callers sign their requests with Signature Version 4.
        AwsIam = "aws_iam",
    }

    /// A VPC endpoint's type.
    VpcEndpointType ("an endpoint type", "write interface or gateway") {
        /// An interface endpoint: network interfaces in subnets.
        Interface = "interface",
        /// A gateway endpoint: a route target of S3 or DynamoDB prefixes.
        Gateway = "gateway",
    }

    /// A NAT gateway's connectivity.
    Connectivity ("a NAT gateway connectivity type", "write public or private") {
        /// Public: translates to its Elastic IP, out through the internet gateway.
        Public = "public",
        /// Private: translates to its private address.
        Private = "private",
    }

    /// A DNS record's type.
    RecordType (
        "a record type vpcpath models",
        "write A, CNAME or ALIAS (a Route 53 alias A record)"
    ) {
        /// Addresses.
        A = "A",
        /// Another name.
        Cname = "CNAME",
        /// Route 53's alias to an AWS resource.
        Alias = "ALIAS",
    }

    /// A Resolver endpoint's direction.
    ResolverDirection (
        "a Resolver endpoint direction",
        "write `inbound` (queries into the VPC's Resolver) or `outbound` (queries forwarded out of it)"
    ) {
        /// Queries from outside into the VPC's Resolver.
        Inbound = "inbound",
        /// Queries the Resolver forwards out of the VPC.
        Outbound = "outbound",
    }

    /// A Resolver rule's type.
    ResolverRuleType ("a Resolver rule type vpcpath models", "write `forward` or `system`") {
        /// Forward matching queries to target servers.
        Forward = "forward",
        /// Answer matching queries with the Resolver itself.
        System = "system",
    }

    /// Whether an instance's metadata service answers (`MetadataOptions.HttpEndpoint`).
    HttpEndpoint ("an instance metadata endpoint state", "write enabled or disabled") {
        /// It answers.
        Enabled = "enabled",
        /// Every request gets 403 Forbidden.
        Disabled = "disabled",
    }

    /// Whether an instance's metadata service wants IMDSv2's token (`MetadataOptions.HttpTokens`).
    HttpTokens ("an instance metadata token setting", "write optional (IMDSv1 or IMDSv2) or required (IMDSv2 only)") {
        /// A request without a token is answered (IMDSv1).
        Optional = "optional",
        /// A request without a token gets 401 Unauthorized.
        Required = "required",
    }

    /// A Direct Connect virtual interface's type.
    VifKind (
        "a virtual interface type",
        "write `private` (to virtual private gateways) or `transit` (to transit gateways)"
    ) {
        /// To virtual private gateways, through a Direct Connect gateway.
        Private = "private",
        /// To transit gateways, through a Direct Connect gateway.
        Transit = "transit",
        /// To AWS's public services: never to a Direct Connect gateway.
        Public = "public",
    }

    /// How a site's Site-to-Site VPN connections give AWS its routes (F6.73).
    VpnRouting (
        "a VPN routing type",
        "write `dynamic` (the customer gateway advertises its ranges by BGP, the default) or `static` (its ranges are the connections' static routes)"
    ) {
        /// BGP: the customer gateway advertises the site's ranges.
        Dynamic = "dynamic",
        /// Static routes: the site's ranges are written on its VPN connections.
        Static = "static",
    }

    /// A load balancer's type.
    LbType ("a load balancer type vpcpath models", "write application or network") {
        /// An Application Load Balancer (HTTP and HTTPS).
        Application = "application",
        /// A Network Load Balancer (TCP, TLS, UDP).
        Network = "network",
    }

    /// A load balancer's scheme.
    LbScheme ("a load balancer scheme", "write internet-facing or internal") {
        /// Nodes with public addresses, named in public DNS by them.
        InternetFacing = "internet-facing",
        /// Nodes with private addresses only.
        Internal = "internal",
    }

    /// A listener's or a target group's protocol.
    LbProtocol ("a load balancer protocol", "write HTTP or HTTPS (Application), TCP, TLS, UDP or TCP_UDP (Network)") {
        /// HTTP.
        Http = "HTTP",
        /// HTTPS.
        Https = "HTTPS",
        /// TCP.
        Tcp = "TCP",
        /// TLS.
        Tls = "TLS",
        /// UDP.
        Udp = "UDP",
        /// TCP and UDP on one port.
        TcpUdp = "TCP_UDP",
    }

    /// A target group's target type.
    TargetType ("a target type vpcpath models", "write instance or ip") {
        /// Instances, by id.
        Instance = "instance",
        /// IPv4 addresses.
        Ip = "ip",
    }

    /// A registered target's health.
    TargetHealth ("a target health", "write healthy, unhealthy or unknown") {
        /// It passes its health checks.
        Healthy = "healthy",
        /// It fails them (or has not passed one yet).
        Unhealthy = "unhealthy",
        /// Not known (an import whose dump holds no health).
        Unknown = "unknown",
    }
}

impl Protocol {
    /// The console's name.
    pub fn name(self) -> &'static str {
        self.word()
    }
}

impl OutcomeKind {
    /// The name used in scenarios and reports.
    pub fn name(self) -> &'static str {
        self.word()
    }
}

impl ApiKind {
    /// The console's name.
    pub fn name(self) -> &'static str {
        match self {
            ApiKind::Rest => "REST",
            ApiKind::Http => "HTTP",
            ApiKind::WebSocket => "WebSocket",
        }
    }
}

impl EndpointType {
    /// The console's name.
    pub fn name(self) -> &'static str {
        match self {
            EndpointType::Edge => "edge-optimized",
            EndpointType::Regional => "Regional",
            EndpointType::Private => "private",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_case_and_every_alias() {
        assert_eq!(Protocol::parse("TCP"), Some(Protocol::Tcp));
        assert_eq!(Protocol::parse(" -1 "), Some(Protocol::All));
        assert_eq!(Protocol::parse("17"), Some(Protocol::Udp));
        assert_eq!(Protocol::parse("tpc"), None);
        assert_eq!(RecordType::parse("cname"), Some(RecordType::Cname));
        assert_eq!(NaclAction::parse("Allow"), Some(NaclAction::Allow));
    }

    #[test]
    fn canonical_words_first_spelling() {
        assert_eq!(Protocol::words(), ["tcp", "udp", "icmp", "all"]);
        assert_eq!(Protocol::All.word(), "all");
        assert_eq!(OutcomeKind::words().len(), 7);
        assert_eq!(OutcomeKind::DnsFailure.name(), "dns-failure");
    }

    #[test]
    fn every_spelling_parses_to_its_value() {
        fn check<W: Word + std::fmt::Debug>() {
            for (s, v) in W::SPELLINGS {
                assert_eq!(W::parse(s), Some(*v), "{s}");
                assert_eq!(W::parse(&s.to_ascii_uppercase()), Some(*v), "{s}");
            }
        }
        check::<Protocol>();
        check::<NaclAction>();
        check::<OutcomeKind>();
        check::<ApiKind>();
        check::<EndpointType>();
        check::<Authorization>();
        check::<VpcEndpointType>();
        check::<Connectivity>();
        check::<HttpEndpoint>();
        check::<HttpTokens>();
        check::<RecordType>();
        check::<ResolverDirection>();
        check::<ResolverRuleType>();
        check::<VifKind>();
        check::<VpnRouting>();
    }
}
