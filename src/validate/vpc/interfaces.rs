//! Network interfaces written on their own (F6.75): their subnet, address and groups, and the
//! instance they are attached to, in its Availability Zone and VPC.

use super::*;

impl Validator {
    /// A network interface of VPC `v`, after the VPC's instances (the one it is attached to
    /// is built).
    pub(crate) fn network_interface(&mut self, v: VpcIx, eni: &model::NetworkInterface) {
        let from = format!("network interface {}", eni.id.value);
        let subnet = self.subnet_in(v, &eni.subnet, &from);
        let private_ip = subnet.and_then(|s| match &eni.private_ip {
            Some(ip) => self.written_address(s, ip),
            None => self.allocate(s),
        });
        let security_groups = self.security_groups_of(v, &eni.security_groups, &from);
        let instance = eni
            .attached_to
            .as_ref()
            .and_then(|to| self.attachment_of(v, subnet, &eni.id.value, to));
        self.net.interfaces.push(NetworkInterface {
            id: eni.id.value.clone(),
            subnet: subnet.unwrap_or(SubnetIx(0)),
            private_ip: private_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            security_groups,
            source_dest_check: eni.source_dest_check.unwrap_or(true),
            instance,
        });
    }

    /// The instance `to` that interface `eni` (in `subnet` of VPC `v`) is attached to: one of
    /// its own VPC's, in the same Availability Zone (F6.75).
    fn attachment_of(
        &mut self,
        v: VpcIx,
        subnet: Option<SubnetIx>,
        eni: &str,
        to: &Sp<String>,
    ) -> Option<InstanceIx> {
        let from = format!("network interface {eni}");
        let i = InstanceIx(self.resolve(to, Kind::Instance, &from)?);
        // The instances of later VPCs are not built yet: such an instance is in another VPC.
        let theirs = self
            .net
            .instances
            .get(i.0)
            .map(|inst| self.net.subnets[inst.subnet.0].vpc);
        if theirs != Some(v) {
            let vpc = &self.net.vpcs[v.0].id;
            self.err(
                Code::Scope,
                Pos::of(to),
                format!("network interface {eni} is in {vpc}, and instance {} is not: vpcpath models an interface attached to an instance of its own VPC", to.value),
            )
            .help("write the interface under the VPC of the instance's subnet, in a subnet of that VPC");
            return None;
        }
        let inst_subnet = self.net.instances[i.0].subnet;
        let zones = (
            subnet.and_then(|s| self.net.subnets[s.0].az.clone()),
            self.net.subnets[inst_subnet.0].az.clone(),
        );
        // A zone's name and its id (`use1-az4`) are not compared: which id a name maps to
        // differs between accounts.
        if let (Some(ours), Some(theirs)) = zones
            && ours.contains("-az") == theirs.contains("-az")
            && ours != theirs
        {
            self.err(
                Code::Scope,
                Pos::of(to),
                format!(
                    "network interface {eni} is in {ours} and instance {} in {theirs}: AWS attaches an interface only to an instance of its own Availability Zone (F6.75)",
                    to.value
                ),
            )
            .help("put the interface in a subnet of the instance's Availability Zone");
            return None;
        }
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn problems(zone_of_interface: &str) -> Vec<String> {
        let yaml = format!(
            r#"
scenario: zones
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    subnets:
      - {{ id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a }}
      - {{ id: subnet-b, cidr: 10.0.2.0/24, az: {zone_of_interface} }}
    instances:
      - {{ id: i-a, subnet: subnet-a }}
    network_interfaces:
      - {{ id: eni-b, subnet: subnet-b, attached_to: i-a }}
"#
        );
        match crate::load::load_str(Path::new("zones.yaml"), &yaml) {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!("{e:?}")],
        }
    }

    #[test]
    fn an_interface_is_attached_only_in_its_instances_zone_when_both_are_named_alike() {
        assert!(problems("us-east-1a").is_empty());
        assert!(problems("us-east-1b")[0].contains("Availability Zone"));
        // A zone id is not compared with a zone name: accounts map them differently.
        assert!(problems("use1-az4").is_empty());
    }
}
