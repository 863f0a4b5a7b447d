//! The lessons: the bundled scenarios, in the binary, in a teaching order: the reported case
//! first (the VPC before the endpoint, the 403, its fixes), then the basics it rests on, then
//! each part of the model. Each lesson's text is the scenario's own `description:`.

/// A bundled scenario, as the page lists it.
#[derive(Debug, Clone, Copy)]
pub struct Bundled {
    /// The chapter it belongs to.
    pub chapter: &'static str,
    /// Its file name without `.yaml`: the lesson's id.
    pub id: &'static str,
    /// The file's text.
    pub text: &'static str,
}

macro_rules! lesson {
    ($chapter:literal, $name:literal) => {
        Bundled {
            chapter: $chapter,
            id: $name,
            text: include_str!(concat!("../../scenarios/", $name, ".yaml")),
        }
    };
}

/// Every bundled scenario, in teaching order (a test checks that none of `scenarios/` is left
/// out).
pub const BUNDLED: &[Bundled] = &[
    lesson!("The reported 403", "execute-api-before-the-endpoint"),
    lesson!("The reported 403", "execute-api-private-dns-403"),
    lesson!("The reported 403", "fix-private-dns-off"),
    lesson!("The reported 403", "fix-edge-custom-domain"),
    lesson!("The reported 403", "fix-regional-domain-alias-vs-cname"),
    lesson!("Basics: routes, filters, DNS", "routing-basics"),
    lesson!("Basics: routes, filters, DNS", "security-groups"),
    lesson!("Basics: routes, filters, DNS", "network-acls"),
    lesson!("Basics: routes, filters, DNS", "route-priority"),
    lesson!("Basics: routes, filters, DNS", "customer-prefix-lists"),
    lesson!("Basics: routes, filters, DNS", "tcp-reachability"),
    lesson!("Basics: routes, filters, DNS", "icmp-ping"),
    lesson!("Basics: routes, filters, DNS", "another-protocol"),
    lesson!("Basics: routes, filters, DNS", "instance-metadata"),
    lesson!(
        "Basics: routes, filters, DNS",
        "internet-to-public-addresses"
    ),
    lesson!("Basics: routes, filters, DNS", "dns-resolution-rules"),
    lesson!("Basics: routes, filters, DNS", "instance-dns-hostnames"),
    lesson!("Basics: routes, filters, DNS", "load-balancers"),
    lesson!(
        "Basics: routes, filters, DNS",
        "nlb-replies-through-the-node"
    ),
    lesson!("Endpoints and AWS services", "endpoint-dns-names"),
    lesson!(
        "Endpoints and AWS services",
        "other-service-interface-endpoints"
    ),
    lesson!("Endpoints and AWS services", "s3-gateway-endpoint"),
    lesson!("Endpoints and AWS services", "endpoint-policy-principals"),
    lesson!("Endpoints and AWS services", "unsigned-aws-calls"),
    lesson!("Endpoints and AWS services", "s3-interface-endpoint-names"),
    lesson!("Endpoints and AWS services", "s3-inbound-only-private-dns"),
    lesson!(
        "Endpoints and AWS services",
        "global-and-legacy-service-names"
    ),
    lesson!("Endpoints and AWS services", "lambda-clients"),
    lesson!("API Gateway", "api-gateway-responses"),
    lesson!("API Gateway", "private-apis-and-custom-domains"),
    lesson!("API Gateway", "policy-request-context"),
    lesson!("API Gateway", "source-addresses-in-policies"),
    lesson!("API Gateway", "signed-callers"),
    lesson!("API Gateway", "websocket-apis"),
    lesson!("Across VPCs and networks", "peering-routes-and-filters"),
    lesson!("Across VPCs and networks", "peering-dns-resolution"),
    lesson!("Across VPCs and networks", "private-api-from-peered-vpc"),
    lesson!("Across VPCs and networks", "transit-gateway-routing"),
    lesson!("Across VPCs and networks", "transit-gateway-prefix-lists"),
    lesson!("Across VPCs and networks", "asymmetric-replies"),
    lesson!("Across VPCs and networks", "ingress-routing"),
    lesson!(
        "Across VPCs and networks",
        "transit-gateway-security-group-references"
    ),
    lesson!("Across VPCs and networks", "vpn-gateway-route-propagation"),
    lesson!("Across VPCs and networks", "hybrid-dns-and-vpn"),
    lesson!("Across VPCs and networks", "dns-queries-are-packets"),
    lesson!("Across VPCs and networks", "resolver-forward-everything"),
    lesson!("Across VPCs and networks", "resolver-endpoint-queries"),
    lesson!("Across VPCs and networks", "dns-server-on-an-instance"),
    lesson!("Across VPCs and networks", "on-premises-servers"),
    lesson!(
        "Across VPCs and networks",
        "direct-connect-allowed-prefixes"
    ),
    lesson!("Across VPCs and networks", "direct-connect-gateways"),
    lesson!("Across VPCs and networks", "direct-connect-supernet"),
    lesson!("Across VPCs and networks", "vpn-static-and-bgp"),
    lesson!(
        "Inspection: middleboxes and firewalls",
        "middlebox-appliance"
    ),
    lesson!(
        "Inspection: middleboxes and firewalls",
        "route-to-network-interface"
    ),
    lesson!(
        "Inspection: middleboxes and firewalls",
        "same-subnet-layer-2"
    ),
    lesson!("Inspection: middleboxes and firewalls", "firewall-endpoint"),
    lesson!("Inspection: middleboxes and firewalls", "inspection-vpc"),
    lesson!("Organisations", "hub-and-spoke-central-endpoints"),
    lesson!("Organisations", "organisation-across-regions"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_scenario_is_a_lesson_once() {
        let mut files: Vec<String> = std::fs::read_dir("scenarios")
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .map(|n| n.trim_end_matches(".yaml").to_string())
            .collect();
        files.sort();
        let mut ids: Vec<String> = BUNDLED.iter().map(|b| b.id.to_string()).collect();
        ids.sort();
        assert_eq!(
            ids, files,
            "scenarios/ and the lessons of src/serve/lessons.rs differ"
        );
    }
}
