//! EC2's own DNS names: an instance's private IP DNS name (`ip-10-0-0-5.ec2.internal`,
//! `ip-….{region}.compute.internal`) and its public DNS name
//! (`ec2-54-1-2-3.compute-1.amazonaws.com`, `ec2-….{region}.compute.amazonaws.com`), which the
//! Amazon DNS server answers under its autodefined rules (F5.4, F5.21-F5.24).

use super::*;
use crate::trace::{Ec2Answer, Ec2NameAnswer};

/// A name in one of EC2's domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ec2Name<'n> {
    /// The domain of the autodefined rule holding it (`ap-northeast-1.compute.internal`).
    pub domain: &'n str,
    /// The Region the domain is for.
    pub region: aws::Region,
    /// A public DNS name's domain (`compute.amazonaws.com`), else a private one.
    pub public: bool,
    /// The address the first label names (`ip-10-0-0-5`, `ec2-54-1-2-3`), if it names one.
    pub address: Option<Ipv4Addr>,
}

/// The EC2 domain holding `name`, if one does (F5.21, F5.24): `ec2.internal` and
/// `compute-1.amazonaws.com` in us-east-1, `{region}.compute.internal` and
/// `{region}.compute.amazonaws.com` in the other Regions.
pub(super) fn ec2_name(name: &str) -> Option<Ec2Name<'_>> {
    let (first, rest) = name.split_once('.')?;
    let (region, public) = match rest {
        "ec2.internal" => (aws::Region::US_EAST_1, false),
        "compute-1.amazonaws.com" => (aws::Region::US_EAST_1, true),
        _ => {
            let (region, public) = if let Some(r) = rest.strip_suffix(".compute.internal") {
                (r, false)
            } else {
                (rest.strip_suffix(".compute.amazonaws.com")?, true)
            };
            let region = aws::Region::parse(region).filter(|r| *r != aws::Region::US_EAST_1)?;
            (region, public)
        }
    };
    let prefix = if public { "ec2-" } else { "ip-" };
    let address = first
        .strip_prefix(prefix)
        .and_then(|a| a.replace('-', ".").parse().ok());
    Some(Ec2Name {
        domain: rest,
        region,
        public,
        address,
    })
}

/// Whether VPC `v`'s Resolver has the autodefined rule for `name`'s EC2 domain: its own
/// Region's, created with DNS hostnames on (F5.24).
pub(super) fn autodefined(net: &Network, v: VpcIx, name: &Ec2Name) -> bool {
    let vpc = &net.vpcs[v.0];
    vpc.dns_hostnames && vpc.region == name.region
}

/// What EC2's DNS answers for `name`, asked by VPC `from`'s Resolver (`None`: public DNS, or
/// a Resolver without the autodefined rule).
pub(super) fn ec2_lookup(net: &Network, from: Option<VpcIx>, name: &Ec2Name) -> Lookup {
    let answer = |holder: Option<&str>, how: Ec2Answer, addresses: Option<Vec<Ipv4Addr>>| {
        let source = DnsSource::Ec2Name(Box::new(Ec2NameAnswer {
            holder: holder.map(id),
            how,
        }));
        let answer = addresses.map_or(Answer::Nxdomain, |addresses| Answer::A { addresses });
        Lookup::new(source, None, answer)
    };
    let Some(ip) = name.address else {
        let how = match from {
            Some(v) => Ec2Answer::NoInterface {
                vpc: id(&net.vpcs[v.0].id),
            },
            None if name.public => Ec2Answer::NoPublicName { vpc: None },
            None => Ec2Answer::NotPublic,
        };
        return answer(None, how, None);
    };
    if !name.public {
        let Some(v) = from else {
            return answer(None, Ec2Answer::NotPublic, None);
        };
        let vpc = &net.vpcs[v.0];
        if !vpc.dns_hostnames {
            let how = Ec2Answer::HostnamesOff { vpc: id(&vpc.id) };
            return answer(None, how, None);
        }
        // Its own VPC's interfaces; another VPC's of its Region for an RFC 1918 address.
        let holder = net.index.interface_at.get(&(v, ip)).map(|i| (v, *i));
        let holder = holder.or_else(|| {
            (0..net.vpcs.len())
                .map(VpcIx)
                .filter(|w| *w != v && ip.is_private() && net.vpcs[w.0].region == vpc.region)
                .find_map(|w| net.index.interface_at.get(&(w, ip)).map(|i| (w, *i)))
        });
        return match holder {
            Some((w, i)) => {
                let how = Ec2Answer::Private {
                    vpc: id(&vpc.id),
                    other: (w != v).then(|| id(&net.vpcs[w.0].id)),
                };
                answer(Some(net.interface_owner(i)), how, Some(vec![ip]))
            }
            None => answer(None, Ec2Answer::NoInterface { vpc: id(&vpc.id) }, None),
        };
    }
    public_name(net, from, name, ip)
}

/// An instance's public DNS name, `ip` its public address: it has one when its VPC has both
/// DNS attributes (F5.21); its VPC's Resolver, and a peered VPC's whose peering allows it on
/// the instance's side, answer its private address, everyone else the public one (F5.4,
/// F5.23).
fn public_name(net: &Network, from: Option<VpcIx>, name: &Ec2Name, ip: Ipv4Addr) -> Lookup {
    let instance = match net.index.public_at.get(&ip) {
        Some(PublicHolder::Instance(i)) => Some(&net.instances[i.0]),
        _ => None,
    };
    let home = instance.map(|i| net.subnets[i.subnet.0].vpc);
    let named = home.filter(|w| {
        let vpc = &net.vpcs[w.0];
        vpc.dns_support && vpc.dns_hostnames && vpc.region == name.region
    });
    let (Some(inst), Some(w)) = (instance, named) else {
        let source = DnsSource::Ec2Name(Box::new(Ec2NameAnswer {
            holder: instance.map(|i| id(&i.id)),
            how: Ec2Answer::NoPublicName {
                vpc: home.map(|w| id(&net.vpcs[w.0].id)),
            },
        }));
        return Lookup::new(source, None, Answer::Nxdomain);
    };
    let peering = from.filter(|v| *v != w).and_then(|v| {
        net.peerings.iter().find(|p| {
            p.other(w) == v && (p.requester == w || p.accepter == w) && p.shares_dns_of(w)
        })
    });
    let (how, address) = match (from, peering) {
        (Some(v), _) if v == w => (
            Ec2Answer::PublicInside {
                vpc: id(&net.vpcs[w.0].id),
            },
            inst.private_ip,
        ),
        (Some(v), Some(p)) => (
            Ec2Answer::PublicPeered {
                vpc: id(&net.vpcs[v.0].id),
                home: id(&net.vpcs[w.0].id),
                peering: id(&p.id),
            },
            inst.private_ip,
        ),
        _ => (Ec2Answer::PublicOutside, ip),
    };
    let source = DnsSource::Ec2Name(Box::new(Ec2NameAnswer {
        holder: Some(id(&inst.id)),
        how,
    }));
    Lookup::new(
        source,
        None,
        Answer::A {
            addresses: vec![address],
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_names_by_region() {
        let n = ec2_name("ip-10-0-0-5.ec2.internal").unwrap();
        assert_eq!((n.region, n.public), (aws::Region::US_EAST_1, false));
        assert_eq!(n.address, Some(Ipv4Addr::new(10, 0, 0, 5)));
        let n = ec2_name("ec2-54-1-2-3.compute-1.amazonaws.com").unwrap();
        assert_eq!((n.region, n.public), (aws::Region::US_EAST_1, true));
        assert_eq!(n.address, Some(Ipv4Addr::new(54, 1, 2, 3)));
        let n = ec2_name("ip-10-12-1-10.ap-northeast-1.compute.internal").unwrap();
        assert_eq!(n.region.as_str(), "ap-northeast-1");
        assert_eq!(n.domain, "ap-northeast-1.compute.internal");
        let n = ec2_name("ec2-54-250-9-9.ap-northeast-1.compute.amazonaws.com").unwrap();
        assert!(n.public);
        // us-east-1 has no `{region}.compute` domains; the wrong prefix names no address.
        assert!(ec2_name("ip-10-0-0-5.us-east-1.compute.internal").is_none());
        assert_eq!(ec2_name("ec2-10-0-0-5.ec2.internal").unwrap().address, None);
        assert_eq!(ec2_name("ip-10-0-0.ec2.internal").unwrap().address, None);
        assert!(ec2_name("ip-10-0-0-5.example.internal").is_none());
    }

    const PEERED: &str = r#"
scenario: peering DNS sides and S3 inbound-only private DNS
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    dns_hostnames: true
    internet_gateway: igw-a
    subnets:
      - { id: subnet-a, cidr: 10.1.1.0/24, az: us-east-1a }
      - { id: subnet-a2, cidr: 10.1.2.0/24, az: us-east-1b }
    endpoints:
      - { id: vpce-s3gw, service: s3, type: gateway }
      - { id: vpce-s3if, service: s3, subnets: [subnet-a] }
    resolver_endpoints:
      - { id: rslvr-in, direction: inbound, subnets: [subnet-a, subnet-a2] }
    instances:
      - { id: i-a, subnet: subnet-a, private_ip: 10.1.1.10, public_ip: 54.250.0.1 }
  - id: vpc-b
    cidr: 10.2.0.0/16
    dns_hostnames: true
    internet_gateway: igw-b
    subnets: [{ id: subnet-b, cidr: 10.2.1.0/24 }]
    instances:
      - { id: i-b, subnet: subnet-b, private_ip: 10.2.1.10, public_ip: 54.250.0.2 }
sites:
  - id: dc
    cidrs: [172.16.0.0/16]
    dns_servers: [172.16.0.53]
    dns_forwarders: [{ domain: s3.us-east-1.amazonaws.com, to: rslvr-in }]
peerings:
  - { id: pcx-ab, requester: vpc-a, accepter: vpc-b, requester_options: { allow_dns_resolution_from_remote_vpc: true } }
"#;

    fn addr(net: &Network, view: View, name: &str) -> Vec<Ipv4Addr> {
        resolve(net, view, name).result.unwrap_or_default()
    }

    #[test]
    fn a_peering_side_shares_its_own_instances_names_only() {
        let net = crate::load::load_str(std::path::Path::new("p.yaml"), PEERED).unwrap();
        // The requester's (vpc-a's) side allows it: vpc-b sees i-a's private address.
        let a = "ec2-54-250-0-1.compute-1.amazonaws.com";
        assert_eq!(
            addr(&net, View::Vpc(VpcIx(1)), a),
            [Ipv4Addr::new(10, 1, 1, 10)]
        );
        // The accepter's side does not: vpc-a sees i-b's public address.
        let b = "ec2-54-250-0-2.compute-1.amazonaws.com";
        assert_eq!(
            addr(&net, View::Vpc(VpcIx(0)), b),
            [Ipv4Addr::new(54, 250, 0, 2)]
        );
        assert_eq!(addr(&net, View::Public, a), [Ipv4Addr::new(54, 250, 0, 1)]);
    }

    #[test]
    fn inbound_only_private_dns_answers_the_site_not_the_vpc() {
        let net = crate::load::load_str(std::path::Path::new("p.yaml"), PEERED).unwrap();
        let name = "bucket.s3.us-east-1.amazonaws.com";
        let endpoint = net.endpoints[1].addresses();
        let own = addr(&net, View::Vpc(VpcIx(0)), name);
        assert!(
            !own.is_empty() && own != endpoint,
            "the VPC gets S3's public answer: {own:?}"
        );
        assert_eq!(addr(&net, View::Site(SiteIx(0)), name), endpoint);
    }
}
