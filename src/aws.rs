//! What vpcpath knows about AWS itself: Regions, service names, the public DNS names AWS
//! publishes, and the fixed addresses the simulator gives AWS services.
//!
//! Real AWS addresses change and are not published per name, so the simulator uses a fixed,
//! documented plan (see `docs/model.md`, "Address plan") that is distinct per service and
//! Region, so that a scenario can write a route to one service's addresses:
//!
//! | what | address |
//! |---|---|
//! | `{service}` in Region number R (service number S) | `52.R.S.10`, prefix `52.R.S.0/24` |
//! | CloudFront (every `*.cloudfront.net` name) | `13.224.0.10`, prefix `13.224.0.0/24` |
//! | the `internet` client | `192.0.2.1` |
//! | instance public addresses (`public_ip: true`), in file order | `54.250.0.10` upwards |
//! | NAT gateway Elastic IPs, in file order | `54.248.0.10` upwards |

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

mod names;
mod regions;
mod service;
pub mod words;
pub use names::*;
pub use regions::*;
pub use service::*;

/// Services with a fixed number S in the address plan, and the DNS label they publish under
/// `{label}.{region}.amazonaws.com`. Append only.
pub const SERVICES: &[(&str, &str)] = &[
    ("execute-api", "execute-api"),
    ("s3", "s3"),
    ("dynamodb", "dynamodb"),
    ("sqs", "sqs"),
    ("sns", "sns"),
    ("sts", "sts"),
    ("kms", "kms"),
    ("ssm", "ssm"),
    ("ssmmessages", "ssmmessages"),
    ("ec2messages", "ec2messages"),
    ("secretsmanager", "secretsmanager"),
    ("logs", "logs"),
    ("monitoring", "monitoring"),
    ("ec2", "ec2"),
    ("ecr.api", "api.ecr"),
    ("ecr.dkr", "dkr.ecr"),
    ("lambda", "lambda"),
    ("events", "events"),
    ("states", "states"),
    ("elasticloadbalancing", "elasticloadbalancing"),
    ("autoscaling", "autoscaling"),
    ("ecs", "ecs"),
    ("kinesis-streams", "kinesis"),
    ("firehose", "firehose"),
    ("glue", "glue"),
    ("athena", "athena"),
    ("rds", "rds"),
    ("elasticache", "elasticache"),
    ("cloudformation", "cloudformation"),
    ("codebuild", "codebuild"),
    ("codecommit", "codecommit"),
    ("sagemaker.api", "api.sagemaker"),
    ("bedrock-runtime", "bedrock-runtime"),
    ("appconfig", "appconfig"),
    ("xray", "xray"),
];

/// The IAM action prefix of a service as endpoints name it (`monitoring` is `cloudwatch`,
/// `ecr.api` is `ecr`, ...): the service authorization reference's prefixes.
/// <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
pub fn iam_prefix(service: &str) -> &str {
    match service {
        "monitoring" => "cloudwatch",
        "ecr.api" | "ecr.dkr" => "ecr",
        "kinesis-streams" => "kinesis",
        "sagemaker.api" => "sagemaker",
        "bedrock-runtime" => "bedrock",
        other => other,
    }
}

/// The most allowed prefixes a Direct Connect gateway's association with a transit gateway
/// takes ("Prefixes per transit gateway: 200",
/// <https://docs.aws.amazon.com/general/latest/gr/dc.html>).
pub const DX_ALLOWED_PREFIXES_PER_TGW: usize = 200;

/// The instance metadata service, on every EC2 instance's host (F6.66).
pub const INSTANCE_METADATA: std::net::Ipv4Addr = std::net::Ipv4Addr::new(169, 254, 169, 254);
/// The Amazon Time Sync Service, NTP on UDP port 123 (F6.68).
pub const TIME_SYNC: std::net::Ipv4Addr = std::net::Ipv4Addr::new(169, 254, 169, 123);
/// Where an IMDSv2 session token is asked for, with PUT (F6.67).
pub const METADATA_TOKEN_PATH: &str = "/latest/api/token";
/// The longest lifetime an IMDSv2 token may be asked for, in seconds (F6.67).
pub const METADATA_TOKEN_MAX_TTL: u32 = 21_600;

/// The most virtual private gateways one Direct Connect gateway is associated with, a quota
/// that cannot be increased (<https://docs.aws.amazon.com/general/latest/gr/dc.html>; 10
/// before it was raised).
pub const DX_VGWS_PER_GATEWAY: usize = 20;

/// The most transit gateways one Direct Connect gateway is associated with, a quota that
/// cannot be increased (<https://docs.aws.amazon.com/general/latest/gr/dc.html>; 3 before it
/// was raised).
pub const DX_TGWS_PER_GATEWAY: usize = 6;

/// Linux's default ephemeral port range (`net.ipv4.ip_local_port_range`), the client ports
/// of instances unless a scenario says otherwise (F6.9).
pub const LINUX_EPHEMERAL_PORTS: (u16, u16) = (32768, 60999);
/// The source ports a NAT gateway uses for the connections it translates (F6.9).
pub const NAT_EPHEMERAL_PORTS: (u16, u16) = (1024, 65535);
/// The source ports of the queries a Route 53 Resolver outbound endpoint forwards: AWS does
/// not document them, so the replies are taken to come back to any of 1024-65535, the range
/// AWS's network ACL guidance covers (UNCONFIRMED, docs/decisions.md).
pub const RESOLVER_EPHEMERAL_PORTS: (u16, u16) = (1024, 65535);
/// The link-local address every VPC's Amazon DNS server also answers at (F5.1).
pub const AMAZON_DNS_LINK_LOCAL: std::net::Ipv4Addr = std::net::Ipv4Addr::new(169, 254, 169, 253);

/// The moment the requests are made when the file does not say (`time:`):
/// 2025-01-01T00:00:00Z, in seconds since 1970. AWS puts `aws:CurrentTime` and `aws:EpochTime`
/// in every request's context; a policy that tests them is warned about when the file leaves
/// the time to this default.
pub const DEFAULT_TIME: i64 = 1_735_689_600;

/// The range AWS reserves in route tables: no route may name it or any part of it, and
/// packets for it are never forwarded.
pub const RESERVED_ROUTE_RANGE: ipnet::Ipv4Net =
    match ipnet::Ipv4Net::new(Ipv4Addr::new(169, 254, 168, 0), 22) {
        Ok(n) => n,
        Err(_) => panic!("a /22 is a valid prefix"),
    };

/// The ICMP type of an echo request (ping), which filters match as an ICMP packet's "port".
pub const ICMP_ECHO_REQUEST: u16 = 8;

/// The ICMP type of an echo reply.
pub const ICMP_ECHO_REPLY: u16 = 0;

/// The ports a Lambda function's connections leave from, as the network ACL documentation lists
/// them (F6.9).
pub const LAMBDA_EPHEMERAL_PORTS: (u16, u16) = (1024, 65535);
/// The address of the default `internet` client.
pub const INTERNET_CLIENT: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
/// The address every `*.cloudfront.net` name resolves to.
pub const CLOUDFRONT: Ipv4Addr = Ipv4Addr::new(13, 224, 0, 10);
/// The first automatically allocated instance public address.
pub const FIRST_INSTANCE_PUBLIC_IP: Ipv4Addr = Ipv4Addr::new(54, 250, 0, 10);
/// The first automatically allocated on-premises site's internet address (TEST-NET-3).
pub const FIRST_SITE_PUBLIC_IP: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 10);
/// The first automatically allocated NAT gateway Elastic IP.
pub const FIRST_NAT_ELASTIC_IP: Ipv4Addr = Ipv4Addr::new(54, 248, 0, 10);

/// The service number S in the address plan. Services outside [`SERVICES`] get a stable
/// number from 100 to 249 hashed from the name (FNV-1a), so any
/// `com.amazonaws.<region>.<service>` works.
pub fn service_number(service: &str) -> u8 {
    if let Some(i) = SERVICES.iter().position(|(s, _)| *s == service) {
        return u8::try_from(i + 1).unwrap_or(99);
    }
    let mut h: u32 = 0x811c_9dc5;
    for b in service.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    100 + u8::try_from(h % 150).unwrap_or(0)
}

/// The DNS label a service publishes under (`api.ecr` for `ecr.api`).
pub fn service_dns_label(service: &str) -> &str {
    SERVICES
        .iter()
        .find(|(s, _)| *s == service)
        .map_or(service, |(_, l)| l)
}

/// The service's default public name in a Region: `{label}.{region}.amazonaws.com`.
pub fn service_hostname(service: &str, region: &str) -> String {
    format!("{}.{region}.amazonaws.com", service_dns_label(service))
}

/// The service's public prefix in a Region (the prefix list of a gateway endpoint).
pub fn service_prefix(service: &str, region: &str) -> Option<Ipv4Net> {
    let r = region_number(region)?;
    Ipv4Net::new(Ipv4Addr::new(52, r, service_number(service), 0), 24).ok()
}

/// The service's public address in a Region.
pub fn service_address(service: &str, region: &str) -> Option<Ipv4Addr> {
    let r = region_number(region)?;
    Some(Ipv4Addr::new(52, r, service_number(service), 10))
}

/// What sits at a public AWS address of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicAws {
    /// A Regional service endpoint (for execute-api: the Regional front door).
    Service {
        /// Service.
        service: Service,
        /// Region.
        region: Region,
    },
    /// CloudFront.
    CloudFront,
}

/// Which AWS front end, if any, answers at `addr`. `known` lists the services the scenario
/// uses beyond [`SERVICES`] (their numbers are hashed).
pub fn public_aws_at(addr: Ipv4Addr, known: &[String]) -> Option<PublicAws> {
    if addr == CLOUDFRONT {
        return Some(PublicAws::CloudFront);
    }
    let [a, r, s, d] = addr.octets();
    if a != 52 || d != 10 {
        return None;
    }
    let region = Region::parse(REGIONS.get(usize::from(r).checked_sub(1)?)?)?;
    let service = SERVICES
        .iter()
        .map(|(s, _)| *s)
        .chain(known.iter().map(String::as_str))
        .find(|name| service_number(name) == s)?;
    Some(PublicAws::Service {
        service: Service::parse(service),
        region,
    })
}

/// Masks an account id as API Gateway does in denial messages: `********` and the last four
/// digits.
pub fn mask_account(account: &str) -> String {
    let tail: String = account
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("********{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_and_service_numbers_are_fixed() {
        assert_eq!(region_number("us-east-1"), Some(1));
        assert_eq!(region_number("ap-northeast-1"), Some(15));
        assert_eq!(region_number("mars-1"), None);
        assert_eq!(service_number("execute-api"), 1);
        assert_eq!(service_number("s3"), 2);
        let hashed = service_number("some-new-service");
        assert!((100..250).contains(&hashed));
        assert_eq!(hashed, service_number("some-new-service"));
    }

    #[test]
    fn addresses_follow_the_plan_and_map_back() {
        let a = service_address("execute-api", "ap-northeast-1").unwrap();
        assert_eq!(a, Ipv4Addr::new(52, 15, 1, 10));
        assert_eq!(
            public_aws_at(a, &[]),
            Some(PublicAws::Service {
                service: Service::ExecuteApi,
                region: Region::parse("ap-northeast-1").unwrap()
            })
        );
        assert_eq!(public_aws_at(CLOUDFRONT, &[]), Some(PublicAws::CloudFront));
        assert_eq!(public_aws_at(Ipv4Addr::new(52, 15, 1, 11), &[]), None);
        let extra = vec!["some-new-service".to_string()];
        let b = service_address("some-new-service", "us-east-1").unwrap();
        assert!(
            matches!(public_aws_at(b, &extra), Some(PublicAws::Service { service, .. }) if service.as_str() == "some-new-service")
        );
        assert_eq!(
            service_prefix("s3", "us-east-1").unwrap().to_string(),
            "52.1.2.0/24"
        );
    }

    #[test]
    fn host_parsers() {
        assert_eq!(
            parse_execute_api_host("abc.execute-api.us-east-1.amazonaws.com"),
            Some(("abc", "us-east-1"))
        );
        assert_eq!(
            parse_execute_api_host("execute-api.us-east-1.amazonaws.com"),
            None
        );
        assert_eq!(
            parse_service_host("sqs.eu-west-1.amazonaws.com", &[]),
            Some(("sqs", "eu-west-1"))
        );
        assert_eq!(
            parse_service_host("api.ecr.eu-west-1.amazonaws.com", &[]),
            Some(("ecr.api", "eu-west-1"))
        );
        assert_eq!(
            parse_service_host("my-bucket.s3.eu-west-1.amazonaws.com", &[]),
            Some(("s3", "eu-west-1"))
        );
        assert_eq!(
            parse_service_host("nope.eu-west-1.amazonaws.com", &[]),
            None
        );
        assert_eq!(
            parse_vpce_host("vpce-1.execute-api.us-east-1.vpce.amazonaws.com"),
            Some(("vpce-1", "execute-api", "us-east-1"))
        );
        assert_eq!(
            parse_service_name("com.amazonaws.us-east-1.sqs", "eu-west-1"),
            ("us-east-1", "sqs")
        );
        assert_eq!(parse_service_name("sqs", "eu-west-1"), ("eu-west-1", "sqs"));
    }

    #[test]
    fn wildcard_certificates_cover_one_label() {
        let c = "*.execute-api.us-east-1.amazonaws.com";
        assert!(certificate_covers(
            c,
            "abc.execute-api.us-east-1.amazonaws.com"
        ));
        assert!(!certificate_covers(
            c,
            "execute-api.us-east-1.amazonaws.com"
        ));
        assert!(!certificate_covers(
            c,
            "a.b.execute-api.us-east-1.amazonaws.com"
        ));
        assert!(certificate_covers("api.example.com", "api.example.com"));
    }

    #[test]
    fn masks_account() {
        assert_eq!(mask_account("123456789012"), "********9012");
    }

    #[test]
    fn global_and_legacy_names_name_a_serving_region() {
        assert_eq!(
            global_service_host("sts.amazonaws.com", Some("eu-west-1")),
            Some(("sts", "eu-west-1"))
        );
        assert_eq!(
            global_service_host("sts.amazonaws.com", Some("af-south-1")),
            Some(("sts", "us-east-1"))
        );
        assert_eq!(
            global_service_host("s3.amazonaws.com", Some("eu-west-1")),
            Some(("s3", "us-east-1"))
        );
        assert_eq!(
            global_service_host("my-bucket.s3.amazonaws.com", Some("eu-west-1")),
            Some(("s3", "us-east-1"))
        );
        assert_eq!(
            global_service_host("s3-eu-west-2.amazonaws.com", Some("us-east-1")),
            Some(("s3", "eu-west-2"))
        );
        assert_eq!(
            global_service_host("b.s3-eu-west-2.amazonaws.com", Some("us-east-1")),
            Some(("s3", "eu-west-2"))
        );
        assert_eq!(
            global_service_host("s3-mars-1.amazonaws.com", Some("us-east-1")),
            None
        );
        assert_eq!(
            global_service_host("sts.us-east-1.amazonaws.com", Some("us-east-1")),
            None
        );
        assert_eq!(global_service_host("example.com", Some("us-east-1")), None);
        // F7.7: resolved by any DNS server but a VPC's Amazon DNS server: us-east-1.
        assert_eq!(
            global_service_host("sts.amazonaws.com", None),
            Some(("sts", "us-east-1"))
        );
    }
}
