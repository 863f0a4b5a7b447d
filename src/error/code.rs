//! The kinds of diagnostic: each problem vpcpath reports is of one kind, with a stable name a
//! program can match on (and `--format json` prints), its severity, and what the kind covers.
//! The message of each diagnostic is written where the facts are (which ids, which addresses);
//! what is wrong in general, and the kind's name, are written here once. `docs/errors.md` lists
//! every kind (a test checks it), and a fixture in `tests/errors/` or `tests/warnings/` raises
//! each (another test checks that).

use super::Severity;

macro_rules! codes {
    ($($(#[$m:meta])* $variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        /// The kind of a diagnostic.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$m])* $variant,)*
        }

        impl Code {
            /// Every kind, in the order `docs/errors.md` lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable name, as JSON prints it: `duplicate`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Whether a diagnostic of this kind stops the file from being simulated.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the kind covers, in a line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    // Reading the file.
    /// The file is over the size vpcpath reads.
    TooLarge = "too-large", Error, "the file is larger than vpcpath reads";
    /// A file that takes its network from another file, used wrongly.
    NetworkFile = "network-file", Error, "a file that takes its network from another file but holds network resources too, or names a file that cannot be its network";
    /// The file is not UTF-8.
    NotUtf8 = "not-utf8", Error, "the file is not UTF-8 text";
    /// The file holds no scenario.
    Empty = "empty", Error, "the file holds no scenario";
    /// YAML syntax, a wrong type, an unknown, duplicate or missing key.
    Format = "format", Error, "the YAML is not valid for the scenario format";
    /// The YAML is nested too deeply or expands to too much (an alias bomb).
    Budget = "budget", Error, "the YAML is nested too deeply or expands to too much";
    /// The streaming reader failed (a bug of vpcpath's, never a problem of the file).
    Internal = "internal", Error, "vpcpath's request reader failed (a bug: please report it)";
    // Ids and references.
    /// An id that is not usable, or a reserved word.
    Id = "id", Error, "an id that is not usable (not a word, or reserved)";
    /// An id or a name holding a control character.
    Control = "control-character", Error, "an id or a name that holds a control character (ESC, BEL...), which AWS's ids never do";
    /// Two things that must be unique are not: ids, request names, rule numbers, routes, ...
    Duplicate = "duplicate", Error, "something that must be unique is written twice";
    /// A reference to an id that does not exist, or is of another kind.
    Reference = "reference", Error, "a reference that names no component of the kind it takes";
    /// A component used from a VPC (or a Region) it does not belong to.
    Scope = "scope", Error, "a component used outside the VPC or Region it belongs to";
    // The file's settings.
    /// An unknown Region.
    Region = "region", Error, "a Region vpcpath does not know";
    /// An account id that is not 12 digits.
    Account = "account", Error, "an account id that is not 12 digits";
    /// An Availability Zone that is not one of its VPC's Region.
    AvailabilityZone = "availability-zone", Error, "an Availability Zone that is not one of its VPC's Region";
    /// A `time:` that is not a date and time.
    Time = "time", Error, "a `time:` that is not an ISO 8601 date and time";
    // Addresses.
    /// A CIDR that is not one, has host bits set, or has a size or place AWS refuses.
    Cidr = "cidr", Error, "a CIDR AWS refuses (malformed, host bits set, wrong size, outside its VPC)";
    /// Overlapping CIDRs where AWS refuses them.
    Overlap = "overlap", Error, "CIDRs that overlap where AWS refuses it";
    /// An address that is not one, not in its subnet, reserved, taken or not public.
    Address = "address", Error, "an address AWS refuses (malformed, outside its subnet, reserved, taken, not public)";
    // Routing and filtering.
    /// A route AWS refuses: to `local`, inside the VPC, or to something that is no target.
    Route = "route", Error, "a route AWS refuses";
    /// A security group or network ACL rule AWS refuses.
    Rule = "rule", Error, "a security group or network ACL rule AWS refuses";
    /// A VPC with more than one main route table.
    MainTable = "main-table", Error, "a VPC with more than one main route table";
    /// An instance setting AWS refuses.
    Instance = "instance", Error, "an instance setting AWS refuses (its metadata options)";
    /// A NAT gateway AWS refuses.
    Nat = "nat", Error, "a NAT gateway AWS refuses";
    /// A VPC endpoint AWS refuses.
    Endpoint = "endpoint", Error, "a VPC endpoint AWS refuses";
    /// A peering connection AWS refuses.
    Peering = "peering", Error, "a peering connection AWS refuses";
    /// An on-premises site, client, DNS server or forwarder vpcpath cannot use.
    Site = "site", Error, "an on-premises site, client or DNS setting that cannot be used as written";
    /// A Route 53 Resolver endpoint or rule AWS refuses.
    Resolver = "resolver", Error, "a Route 53 Resolver endpoint or rule AWS refuses";
    /// A transit gateway, attachment or transit gateway route AWS refuses.
    TransitGateway = "transit-gateway", Error, "a transit gateway, attachment or transit gateway route AWS refuses";
    /// A Direct Connect gateway, virtual interface or association AWS refuses.
    DirectConnect = "direct-connect", Error, "a Direct Connect gateway, virtual interface or association AWS refuses";
    // Services.
    /// A policy document that is not IAM JSON vpcpath can evaluate.
    Policy = "policy", Error, "a policy that is not IAM JSON vpcpath can evaluate, or a private API without one";
    /// An API AWS refuses (or cannot deploy).
    Api = "api", Error, "an API Gateway API AWS refuses";
    /// A custom domain or base path mapping AWS refuses.
    Domain = "domain", Error, "a custom domain or base path mapping AWS refuses";
    /// Load balancers.
    LoadBalancer = "load-balancer", Error, "a load balancer, listener or target group AWS refuses";
    /// A hosted zone or record Route 53 refuses.
    Zone = "zone", Error, "a hosted zone or record Route 53 refuses";
    /// A request that cannot be simulated as written.
    Request = "request", Error, "a request that cannot be simulated as written";
    // Warnings: AWS accepts them, but they are usually mistakes.
    /// A public NAT gateway whose subnet has no route to an internet gateway.
    NatWithoutWayOut = "nat-without-way-out", Warning, "a public NAT gateway whose subnet has no route to an internet gateway";
    /// A public address on an instance in a VPC without an internet gateway, or whose subnet
    /// has no route to one.
    UnusedPublicIp = "unused-public-ip", Warning, "a public address that serves nothing: no internet gateway, or no route to it";
    /// An interface endpoint whose security groups admit no HTTPS.
    ClosedEndpoint = "closed-endpoint", Warning, "an interface endpoint whose security groups admit no HTTPS";
    /// A private API whose resource policy does not test the source VPC or endpoint.
    OpenPrivateApi = "open-private-api", Warning, "a private API that any VPC endpoint can invoke";
    /// A request to a public API captured by an execute-api endpoint's private DNS.
    CapturedPublicApi = "captured-public-api", Warning, "a public API's default name the client's DNS answers with an execute-api endpoint's address (its private DNS, or a zone, rule or forwarder sending the name there)";
    /// A component that does nothing: a route table, group or zone nothing uses.
    Unused = "unused", Warning, "a component nothing uses";
    /// A private zone associated with a VPC whose Resolver ignores it.
    IgnoredZone = "ignored-zone", Warning, "a private zone the VPC's Resolver ignores";
    /// A policy condition on a key the simulated requests never carry.
    UnknownConditionKey = "unknown-condition-key", Warning, "a policy condition on a key vpcpath's requests never carry (evaluated as absent)";
    /// A record pointing at an endpoint name no endpoint of the scenario answers to.
    UnknownEndpointName = "unknown-endpoint-name", Warning, "a record pointing at an endpoint name no endpoint of the scenario has";
    /// A transit gateway attachment associated with no route table.
    UnassociatedAttachment = "unassociated-attachment", Warning, "a transit gateway attachment associated with no route table: the transit gateway drops its traffic";
    /// A virtual interface of a kind no association of its Direct Connect gateway takes.
    IdleVirtualInterface = "idle-virtual-interface", Warning, "a Direct Connect virtual interface whose gateway has no association of its kind: it carries nothing";
    /// A VPC attachment whose CIDRs overlap an attached VPC's.
    UnpropagatedAttachment = "unpropagated-attachment", Warning, "a VPC attachment whose CIDR overlaps an already attached VPC's: its routes are not propagated";
    /// Propagated routes inside the VPC's CIDR, which the `local` route always beats.
    LocalRouteWins = "local-route-wins", Warning, "a propagated route inside the VPC's own CIDR: the local route wins over it";
    /// A policy that tests the time of the request, in a file that does not say when it is.
    DefaultTime = "default-time", Warning, "a policy tests aws:CurrentTime or aws:EpochTime and the file gives no `time:`";
    /// A security group rule naming a group it cannot reach: stale, it matches nothing.
    StaleGroupReference = "stale-group-reference", Warning, "a security group rule naming a group no peering or transit gateway carries the reference to: stale, it matches nothing";
    /// A DNS server address no site or instance of the scenario has.
    UnmodelledDnsServer = "unmodelled-dns-server", Warning, "a DNS server no site or instance of the scenario has: queries sent there get no answer";
    /// A site that forwards to Resolver inbound endpoints but names no DNS server.
    UnknownForwarder = "unknown-forwarder", Warning, "a site forwards to a Resolver inbound endpoint but lists no `dns_servers`: its forwarded queries are not walked";
    /// A request to the instance metadata service without a token, from an instance whose
    /// file does not say whether IMDSv2 is required.
    AssumedMetadataTokens = "assumed-metadata-tokens", Warning, "a request without a token to the metadata service of an instance whose `http_tokens` is not written: vpcpath assumes optional";
    /// A custom domain that answers every request with 403.
    ForbiddenDomain = "forbidden-domain", Warning, "a custom domain that answers every request with 403";
    /// A setting written where it has no effect.
    IgnoredSetting = "ignored-setting", Warning, "a setting written where it has no effect, such as `vpn_routing` on a site with no VPN connection";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "{} twice", code.name());
            assert!(
                code.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                code.name()
            );
        }
    }
}
