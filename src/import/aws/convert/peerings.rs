//! Peering connections, with each side's DNS resolution option.

use super::*;

/// Active peering connections between VPCs of the dump (each once, however many accounts'
/// dumps list it).
pub(super) fn peerings(cx: &mut Cx) -> Result<(), ImportError> {
    cx.each(
        "VpcPeeringConnections",
        "VpcPeeringConnectionId",
        |cx, item| {
            let id = item.s("VpcPeeringConnectionId")?.to_string();
            let code = item.value.pointer("/Status/Code").and_then(Value::as_str);
            if code != Some("active") {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    id,
                    Some(item.place()),
                    format!(
                        "a peering connection not active ({})",
                        code.unwrap_or("no status")
                    ),
                );
                return Ok(());
            }
            let side = |k: &str| {
                item.value
                    .pointer(&format!("/{k}/VpcId"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let (Some(r), Some(a)) = (side("RequesterVpcInfo"), side("AccepterVpcInfo")) else {
                return Err(Bad::Missing(
                    "RequesterVpcInfo.VpcId or AccepterVpcInfo.VpcId".into(),
                ));
            };
            if !cx.vpcs.contains_key(&r) || !cx.vpcs.contains_key(&a) {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    id,
                    Some(item.place()),
                    "a peering connection that joins a VPC not in the dump",
                );
                return Ok(());
            }
            let pos = cx.at(&id, item);
            // Each side's AllowDnsResolutionFromRemoteVpc; AWS turns it on only where both
            // VPCs have both DNS attributes on, so they had (F5.23).
            let dns = |k: &str| {
                let on = item
                    .value
                    .pointer(&format!(
                        "/{k}/PeeringOptions/AllowDnsResolutionFromRemoteVpc"
                    ))
                    .and_then(Value::as_bool)
                    == Some(true);
                on.then(|| model::PeeringOptions {
                    allow_dns_resolution_from_remote_vpc: Some(sp(pos, true)),
                })
            };
            let (requester_options, accepter_options) =
                (dns("RequesterVpcInfo"), dns("AccepterVpcInfo"));
            if requester_options.is_some() || accepter_options.is_some() {
                for v in [&r, &a] {
                    if let Some(v) = cx.vpc(v) {
                        v.dns_hostnames = Some(true);
                        v.dns_support = None;
                    }
                }
            }
            cx.b.s.peerings.push(sp(
                pos,
                model::Peering {
                    id: sp(pos, id),
                    requester: sp(pos, r),
                    accepter: sp(pos, a),
                    requester_options,
                    accepter_options,
                },
            ));
            Ok(())
        },
    )
}
