//! The services an EC2 instance reaches on its own host, at link-local addresses: the instance
//! metadata service (169.254.169.254, HTTP on port 80) and the Amazon Time Sync Service
//! (169.254.169.123, NTP on UDP port 123). Their packets never enter the VPC: no route table,
//! network ACL or security group is met (F6.66, F6.68). What the metadata service answers
//! depends on the instance's metadata options (F6.67).

use super::*;
use crate::trace::DropReason;

/// What instance `i` gets from a service on its own host, or `None` when `dst` is not one of
/// them on its port and protocol (or the client has none: a Lambda function).
pub(super) fn on_host<'a>(
    net: &'a Network,
    i: InstanceIx,
    req: &Request,
    (dst, protocol): (Ipv4Addr, Protocol),
    steps: &mut Steps<'a>,
) -> Option<Outcome> {
    let inst = &net.instances[i.0];
    if inst.metadata == Metadata::Absent {
        return None;
    }
    let port = req.url.port;
    if dst != aws::TIME_SYNC && dst != aws::INSTANCE_METADATA {
        return None;
    }
    let time_sync = dst == aws::TIME_SYNC && protocol == Protocol::Udp && port == 123;
    let metadata = dst == aws::INSTANCE_METADATA
        && protocol == Protocol::Tcp
        && port == 80
        && matches!(req.url.scheme.as_str(), "http" | "tcp");
    steps.push(|| Step::Connect {
        from: Name::Borrowed(&inst.id),
        source: inst.private_ip,
        destination: dst,
        port,
        protocol,
    });
    if !time_sync && !metadata {
        // Traffic to these addresses stays on the host too; nothing documented answers it.
        let reason = DropReason::HostServicePort {
            dst,
            port,
            protocol,
        };
        steps.at(&inst.id, || Step::Drop {
            at: Name::Borrowed(&inst.id),
            reason: reason.clone(),
        });
        return Some(Outcome::Timeout { reason });
    }
    if time_sync {
        steps.at(&inst.id, || Step::Arrive {
            at: Name::Borrowed(&inst.id),
            detail: format!("the Amazon Time Sync Service on {}'s host at {dst}: no route table, network ACL or security group applies to traffic to it (F6.68)", inst.id),
        });
        return Some(Outcome::Connected {
            detail: "the Amazon Time Sync Service answers NTP on UDP port 123".into(),
        });
    }
    steps.at(&inst.id, || Step::Arrive {
        at: Name::Borrowed(&inst.id),
        detail: format!("the instance metadata service on {}'s host at {dst}: no route table, network ACL or security group applies to traffic to it (F6.66)", inst.id),
    });
    if req.url.scheme == "tcp" {
        return Some(Outcome::Connected {
            detail: "the instance metadata service accepts the connection on tcp/80".into(),
        });
    }
    let (status, why) = metadata_answer(inst.metadata, req);
    let at = Name::Borrowed(inst.id.as_str());
    steps.service(&at, || {
        format!(
            "instance metadata service: {} {} -> {status}: {why} (F6.67)",
            req.method, req.url.path
        )
    });
    Some(Outcome::Http {
        status,
        body: String::new(),
        error_type: None,
    })
}

/// The metadata service's status for `req`, and why (F6.67).
fn metadata_answer(metadata: Metadata, req: &Request) -> (u16, &'static str) {
    let tokens_required = match metadata {
        Metadata::Absent | Metadata::Disabled => {
            return (403, "the instance's metadata endpoint is turned off");
        }
        Metadata::Enabled { tokens_required } => tokens_required,
    };
    let path = req.url.path.trim_end_matches('/');
    let method = req.method.as_str();
    if path == aws::METADATA_TOKEN_PATH {
        if method != "PUT" {
            return (405, "a token is asked for with PUT");
        }
        if req.headers.contains_key("x-forwarded-for") {
            return (
                403,
                "IMDSv2 issues no token to a PUT carrying X-Forwarded-For (a request relayed by a proxy)",
            );
        }
        let ttl = req
            .headers
            .get("x-aws-ec2-metadata-token-ttl-seconds")
            .and_then(|t| t.trim().parse::<u32>().ok());
        return match ttl {
            Some(1..=aws::METADATA_TOKEN_MAX_TTL) => (200, "a session token (IMDSv2)"),
            _ => (
                400,
                "a token PUT needs X-aws-ec2-metadata-token-ttl-seconds between 1 and 21600",
            ),
        };
    }
    let known = path.is_empty()
        || path == "/latest"
        || ["/latest/meta-data", "/latest/dynamic", "/latest/user-data"]
            .iter()
            .any(|p| {
                path.strip_prefix(p)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            });
    if !matches!(method, "GET" | "HEAD") {
        return (405, "metadata is read with GET");
    }
    let token = req.headers.contains_key("x-aws-ec2-metadata-token");
    if !token && tokens_required == Some(true) {
        return (
            401,
            "IMDSv2 is required (http_tokens: required) and the request carries no X-aws-ec2-metadata-token",
        );
    }
    if !known {
        return (404, "no such metadata path");
    }
    match (token, tokens_required) {
        (true, _) => (
            200,
            "IMDSv2: the token is taken as one the instance was given",
        ),
        (false, None) => (
            200,
            "IMDSv1: the file does not say whether IMDSv2 is required; vpcpath assumes optional",
        ),
        (false, _) => (200, "IMDSv1, allowed where tokens are optional"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const SCENARIO: &str = r#"
scenario: link-local unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]
    instances:
      - { id: i-req, subnet: subnet-a, metadata_options: { http_tokens: REQUIRED } }
      - { id: i-unsaid, subnet: subnet-a }
requests:
  - { name: head, from: i-req, method: HEAD, url: "http://169.254.169.254/latest/meta-data/", headers: { X-aws-ec2-metadata-token: t } }
  - { name: ttl zero, from: i-req, method: PUT, url: "http://169.254.169.254/latest/api/token", headers: { X-aws-ec2-metadata-token-ttl-seconds: "0" } }
  - { name: ttl too long, from: i-req, method: PUT, url: "http://169.254.169.254/latest/api/token", headers: { X-aws-ec2-metadata-token-ttl-seconds: "21601" } }
  - { name: token by GET, from: i-req, url: "http://169.254.169.254/latest/api/token" }
  - { name: "no token, unknown path", from: i-req, url: "http://169.254.169.254/nothing" }
  - { name: https, from: i-req, url: "https://169.254.169.254/latest/meta-data/" }
  - { name: tcp 80, from: i-req, url: "tcp://169.254.169.254:80" }
  - { name: relayed token, from: i-req, method: PUT, url: "http://169.254.169.254/latest/api/token", headers: { X-aws-ec2-metadata-token-ttl-seconds: "60", X-Forwarded-For: 192.0.2.7 } }
  - { name: ntp over tcp, from: i-req, url: "tcp://169.254.169.123:123" }
  - { name: unsaid, from: i-unsaid, url: "http://169.254.169.254/latest/meta-data/" }
  - { name: unsaid post, from: i-unsaid, method: POST, url: "http://169.254.169.254/latest/meta-data/" }
  - { name: unsaid token, from: i-unsaid, method: PUT, url: "http://169.254.169.254/latest/api/token", headers: { X-aws-ec2-metadata-token-ttl-seconds: "60" } }
"#;

    fn outcome(name: &str) -> Outcome {
        let net = crate::load::load_str(Path::new("link.yaml"), SCENARIO).unwrap();
        let req = net.requests.iter().find(|r| r.name == name).unwrap();
        simulate(&net, req).outcome
    }

    fn status(name: &str) -> u16 {
        match outcome(name) {
            Outcome::Http { status, .. } => status,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn the_metadata_service_answers_by_method_path_and_token() {
        assert_eq!(status("head"), 200);
        assert_eq!(status("ttl zero"), 400);
        assert_eq!(status("ttl too long"), 400);
        assert_eq!(status("token by GET"), 405);
        assert_eq!(status("no token, unknown path"), 401);
        assert_eq!(status("unsaid"), 200);
        assert_eq!(status("relayed token"), 403);
    }

    #[test]
    fn only_tcp_80_and_ntp_on_udp_123_are_served_on_the_host() {
        let on_host = |name| match outcome(name) {
            Outcome::Timeout { reason } => matches!(reason, DropReason::HostServicePort { .. }),
            _ => false,
        };
        assert!(on_host("https"));
        assert!(on_host("ntp over tcp"));
        assert!(matches!(outcome("tcp 80"), Outcome::Connected { .. }));
    }

    #[test]
    fn an_unwritten_token_setting_is_warned_about_where_it_decides() {
        let net = crate::load::load_str(Path::new("link.yaml"), SCENARIO).unwrap();
        let codes: Vec<_> = net.warnings.iter().map(|w| w.code).collect();
        assert_eq!(
            codes
                .iter()
                .filter(|c| **c == crate::error::Code::AssumedMetadataTokens)
                .count(),
            1,
            "{codes:?}"
        );
    }
}
