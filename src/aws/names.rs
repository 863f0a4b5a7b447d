//! AWS's public names: a service's Regional host, its global and legacy hosts, execute-api and
//! endpoint hosts, and which certificate names cover a host.

use super::*;

/// Splits `com.amazonaws.<region>.<service>` or a short name into `(region, service)`.
pub fn parse_service_name<'a>(name: &'a str, home: &'a str) -> (&'a str, &'a str) {
    if let Some(rest) = name.strip_prefix("com.amazonaws.")
        && let Some((region, service)) = rest.split_once('.')
    {
        return (region, service);
    }
    (home, name)
}

/// `{label}.execute-api.{region}.amazonaws.com` split into `(label, region)`; the label is one
/// DNS label (the wildcard `*.execute-api...` does not cover deeper names in certificates, and
/// API Gateway names are one label).
pub fn parse_execute_api_host(host: &str) -> Option<(&str, &str)> {
    let rest = host.strip_suffix(".amazonaws.com")?;
    let (label, rest) = rest.split_once('.')?;
    let region = rest.strip_prefix("execute-api.")?;
    (is_region(region) && !region.contains('.')).then_some((label, region))
}

/// `{label}.{region}.amazonaws.com` for a service label (possibly dotted, like `api.ecr`), or
/// `{bucket}.s3.{region}.amazonaws.com`: returns `(service, region)`.
pub fn parse_service_host<'a>(host: &'a str, extra: &'a [String]) -> Option<(&'a str, &'a str)> {
    let rest = host.strip_suffix(".amazonaws.com")?;
    let (label, region) = rest.rsplit_once('.')?;
    if !is_region(region) {
        return None;
    }
    let service_for = |l: &str| -> Option<&'a str> {
        SERVICES
            .iter()
            .find(|(_, dl)| *dl == l)
            .map(|(s, _)| *s)
            .or_else(|| extra.iter().find(|s| s.as_str() == l).map(String::as_str))
    };
    if let Some(s) = service_for(label) {
        return Some((s, region));
    }
    // Virtual-hosted-style S3: {bucket}.s3.{region}.amazonaws.com
    if let Some(bucket) = label.strip_suffix(".s3")
        && !bucket.is_empty()
    {
        return Some(("s3", region));
    }
    None
}

/// The Regions enabled in every account by default; the others are opt-in Regions.
/// <https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html>
pub const DEFAULT_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "sa-east-1",
];

/// A global or legacy name of an AWS service, which public DNS answers with a Regional front
/// end but which no interface endpoint's private DNS covers (F7.7): the service and the Region
/// that serves it. `amazon_dns`: the Region of the VPC whose Amazon DNS server resolved the
/// name; `None` for any other resolver (public DNS, a site's, a VPC's DHCP options' servers).
///
/// - `s3.amazonaws.com`, `{bucket}.s3.amazonaws.com` and `s3-external-1.amazonaws.com`: S3 in
///   us-east-1 (the legacy global endpoint);
/// - `s3-{region}.amazonaws.com` and `{bucket}.s3-{region}.amazonaws.com`: S3 in that Region
///   (the legacy dash form);
/// - `sts.amazonaws.com`: STS in the Region of the VPC whose Amazon DNS server resolved it,
///   when that Region is enabled by default; else (an opt-in Region, any other resolver) in
///   us-east-1, where the global endpoint lives.
pub fn global_service_host<'h>(
    host: &'h str,
    amazon_dns: Option<&'h str>,
) -> Option<(&'static str, &'h str)> {
    let rest = host.strip_suffix(".amazonaws.com")?;
    if rest == "sts" {
        let region = amazon_dns
            .filter(|r| DEFAULT_REGIONS.contains(r))
            .unwrap_or("us-east-1");
        return Some(("sts", region));
    }
    let last = rest.rsplit('.').next().unwrap_or(rest);
    if last == "s3" || last == "s3-external-1" {
        return Some(("s3", "us-east-1"));
    }
    if let Some(region) = last.strip_prefix("s3-")
        && is_region(region)
    {
        return Some(("s3", region));
    }
    None
}

/// An interface endpoint's own public name,
/// `{vpce-label}.{service-label}.{region}.vpce.amazonaws.com`,
/// split into `(vpce-label, service-label, region)`.
pub fn parse_vpce_host(host: &str) -> Option<(&str, &str, &str)> {
    let rest = host.strip_suffix(".vpce.amazonaws.com")?;
    let (first, rest) = rest.split_once('.')?;
    let (service, region) = rest.rsplit_once('.')?;
    is_region(region).then_some((first, service, region))
}

/// Whether a certificate name (possibly `*.` wildcard) covers `host`. A wildcard covers
/// exactly one label: `*.execute-api.r.amazonaws.com` covers `abc.execute-api.r.amazonaws.com`
/// but neither `execute-api.r.amazonaws.com` nor `a.b.execute-api.r.amazonaws.com` (RFC 6125).
pub fn certificate_covers(cert: &str, host: &str) -> bool {
    match cert.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => cert == host,
    }
}

/// The prefix of a Region's AZ IDs: the Region code's first part, the initial of each word
/// after it (two letters for `northeast`, `southeast`, `northwest`, `southwest`), and its
/// number: `use1` for us-east-1, `apne1` for ap-northeast-1, `euw1` for eu-west-1.
pub fn az_id_prefix(region: &str) -> Option<String> {
    let mut parts: Vec<&str> = region.split('-').collect();
    let number = parts.pop()?;
    let (first, words) = parts.split_first()?;
    let mut prefix = first.to_string();
    for w in words {
        let initials = match *w {
            "northeast" => "ne",
            "southeast" => "se",
            "northwest" => "nw",
            "southwest" => "sw",
            w => w.get(..1)?,
        };
        prefix.push_str(initials);
    }
    prefix.push_str(number);
    Some(prefix)
}

/// Whether `az` names an Availability Zone of `region`: its name, the Region code followed by
/// one letter (`us-east-1a`), a Local Zone's (`us-east-1-atl-2a`), or its AZ ID (`use1-az1`).
/// <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html>
pub fn az_in_region(az: &str, region: &str) -> bool {
    let az = az.to_ascii_lowercase();
    if let Some(rest) = az.strip_prefix(region) {
        let letter = |s: &str| s.len() == 1 && s.bytes().all(|b| b.is_ascii_lowercase());
        let local = rest.strip_prefix('-').is_some_and(|l| {
            l.len() > 1
                && l.bytes().last().is_some_and(|b| b.is_ascii_lowercase())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        return letter(rest) || local;
    }
    match (az.split_once("-az"), az_id_prefix(region)) {
        (Some((prefix, n)), Some(want)) => {
            prefix == want && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_zones_belong_to_their_region() {
        for (az, region) in [
            ("us-east-1a", "us-east-1"),
            ("us-east-1-atl-2a", "us-east-1"),
            ("use1-az6", "us-east-1"),
            ("euw1-az3", "eu-west-1"),
            ("apne1-az4", "ap-northeast-1"),
            ("apse2-az1", "ap-southeast-2"),
        ] {
            assert!(az_in_region(az, region), "{az} in {region}");
        }
        for (az, region) in [
            ("banana", "us-east-1"),
            ("eu-west-1a", "us-east-1"),
            ("us-east-1", "us-east-1"),
            ("us-east-1ab", "us-east-1"),
            ("use2-az1", "us-east-1"),
            ("use1-az", "us-east-1"),
            ("us-east-11a", "us-east-1"),
        ] {
            assert!(!az_in_region(az, region), "{az} not in {region}");
        }
    }
}
