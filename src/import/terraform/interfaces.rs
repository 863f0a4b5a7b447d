//! Network interfaces (`aws_network_interface`, attached by its `attachment` block or by an
//! `aws_network_interface_attachment`), written on their own (F6.75): a route names one by its
//! `network_interface_id`.

use super::Side;
use super::convert::*;
use crate::import::build::{NoteKind, sp};
use crate::model;
use serde_json::Value;

/// The private addresses written on the side's network interfaces, which an instance's
/// stand-in address must not take.
pub(crate) fn written_addresses(side: &Side) -> std::collections::BTreeSet<String> {
    side.of("aws_network_interface")
        .flat_map(|r| {
            let one = r.text("private_ip").map(str::to_string);
            let many = r
                .values
                .get("private_ips")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string);
            one.into_iter().chain(many)
        })
        .collect()
}

/// Every `aws_network_interface` of the side into the VPC of its subnet, after the instances.
pub(crate) fn network_interfaces(tx: &mut Tx) {
    let side = tx.side;
    for r in side.of("aws_network_interface") {
        let Some(subnet) = side.attr(r, "subnet_id") else {
            tx.note(NoteKind::LeftOut, r, "a network interface without a subnet");
            continue;
        };
        let Some(v) = tx.vpc_of_subnet(&subnet) else {
            tx.missing(r, "subnet", &subnet);
            continue;
        };
        let me = tx.id(r);
        // Its `attachment` block, else a separate attachment resource naming it.
        let block = r
            .values
            .get("attachment")
            .and_then(Value::as_array)
            .and_then(|a| a.first());
        let inline = block.and_then(|a| {
            let instance = a.get("instance").and_then(Value::as_str)?;
            let index = a.get("device_index").and_then(Value::as_i64);
            Some((instance.to_string(), index))
        });
        let separate = side
            .of("aws_network_interface_attachment")
            .find(|a| side.attr(a, "network_interface_id").as_deref() == Some(me.as_str()))
            .and_then(|a| {
                let instance = side.attr(a, "instance_id")?;
                Some((
                    instance,
                    a.values.get("device_index").and_then(Value::as_i64),
                ))
            });
        let attached = inline.or(separate);
        if matches!(attached, Some((_, Some(0)))) {
            tx.note(
                NoteKind::NotModelled,
                r,
                "an instance's primary network interface (left out: the instance is its primary interface; a route to it is written to the instance)",
            );
            continue;
        }
        let private_ip = r.text("private_ip").map(str::to_string).or_else(|| {
            r.values
                .get("private_ips")
                .and_then(Value::as_array)
                .and_then(|l| l.first())
                .and_then(Value::as_str)
                .map(str::to_string)
        });
        let pos = tx.at(r);
        let groups = side.attrs(r, "security_groups");
        let eni = model::NetworkInterface {
            id: sp(pos, me),
            subnet: sp(pos, subnet),
            private_ip: private_ip.map(|ip| sp(pos, ip)),
            security_groups: tx.each(r, "security_groups", groups),
            source_dest_check: r.flag("source_dest_check").filter(|on| !on),
            attached_to: attached.map(|(i, _)| sp(pos, i)),
        };
        tx.b.s.vpcs[v].network_interfaces.push(eni);
    }
}
