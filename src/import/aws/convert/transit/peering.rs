//! Transit gateway peering attachments. AWS gives a peering one attachment id, which both
//! transit gateways list (each with its own route table association); a scenario names each
//! side apart, so the requester's side keeps AWS's id and the accepter's is `<id>-accepter`.
//! A side whose other transit gateway is not in the dump is left out with a note, and the
//! static routes to it with it.

use super::*;

/// The two transit gateways of each peering attachment, by its AWS id: (requester, accepter).
#[derive(Debug, Default)]
pub(super) struct Sides(BTreeMap<String, (String, String)>);

impl Sides {
    /// The scenario's id of `tgw`'s side of attachment `att` (any attachment: only the
    /// accepter's side of a peering is renamed).
    pub(super) fn id(&self, att: &str, tgw: &str) -> String {
        match self.0.get(att) {
            Some((requester, accepter)) if tgw == accepter && tgw != requester => {
                format!("{att}-accepter")
            }
            _ => att.to_string(),
        }
    }
}

/// The requester and accepter of every peering attachment: from
/// `describe-transit-gateway-peering-attachments` where the dump has it, else from the two
/// views in `describe-transit-gateway-attachments` (the transit gateway whose id sorts first
/// taken as the requester, with a note).
pub(super) fn sides(cx: &mut Cx) -> Result<Sides, ImportError> {
    let mut sides = Sides::default();
    cx.each(
        "TransitGatewayPeeringAttachments",
        "TransitGatewayAttachmentId",
        |_, item| {
            let id = item.s("TransitGatewayAttachmentId")?.to_string();
            let tgw = |info: &str| {
                item.value
                    .get(info)
                    .and_then(|x| x.get("TransitGatewayId"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| Bad::Missing(format!("{info}.TransitGatewayId")))
            };
            sides
                .0
                .insert(id, (tgw("RequesterTgwInfo")?, tgw("AccepterTgwInfo")?));
            Ok(())
        },
    )?;
    let dump = cx.dump;
    for a in dump.items("TransitGatewayAttachments") {
        let get = |f: &str| a.value.get(f).and_then(Value::as_str);
        let (Some(id), Some(tgw), Some(peer), Some("peering" | "tgw-peering")) = (
            get("TransitGatewayAttachmentId"),
            get("TransitGatewayId"),
            get("ResourceId"),
            get("ResourceType"),
        ) else {
            continue;
        };
        if sides.0.contains_key(id) {
            continue;
        }
        let (requester, accepter) = if tgw <= peer {
            (tgw, peer)
        } else {
            (peer, tgw)
        };
        cx.b.notes.about(
            NoteKind::Assumed,
            id,
            Some(a.place()),
            "a transit gateway peering attachment not in TransitGatewayPeeringAttachments: the transit gateway whose id sorts first is taken as its requester (it names the accepter's side `<id>-accepter`)",
        );
        sides.0.insert(
            id.to_string(),
            (requester.to_string(), accepter.to_string()),
        );
    }
    Ok(sides)
}

/// Leaves out each peering side whose other transit gateway has no side back to it (that
/// transit gateway, or its view of the attachment, is not in the dump), and the static routes
/// to it.
pub(super) fn unpaired(cx: &mut Cx) {
    let tgws = &cx.b.s.transit_gateways;
    let pairs: BTreeSet<(String, String)> = tgws
        .iter()
        .flat_map(|t| {
            t.attachments
                .iter()
                .filter_map(|a| Some((t.id.value.clone(), a.peering.as_ref()?.value.clone())))
        })
        .collect();
    let mut gone = Vec::new();
    for t in &mut cx.b.s.transit_gateways {
        let me = t.id.value.clone();
        t.attachments.retain(|a| {
            let Some(peer) = &a.peering else {
                return true;
            };
            if pairs.contains(&(peer.value.clone(), me.clone())) {
                return true;
            }
            gone.push((a.id.value.clone(), peer.value.clone()));
            false
        });
        let left: BTreeSet<&str> = gone.iter().map(|(a, _)| a.as_str()).collect();
        for rt in &mut t.route_tables {
            let rid = rt.id.value.clone();
            rt.routes.retain(|r| {
                if !left.contains(r.target.value.as_str()) {
                    return true;
                }
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    format!("{rid}: {} -> {}", r.destination.value, r.target.value),
                    None,
                    "a static route to an attachment that was left out (its own note says why)",
                );
                false
            });
            rt.propagations.retain(|p| !left.contains(p.value.as_str()));
        }
    }
    for (att, peer) in gone {
        cx.b.notes.about(
            NoteKind::LeftOut,
            att,
            None,
            format!("a transit gateway peering attachment whose other side is not in the dump: collect the account and Region of {peer} too"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accepters_side_of_a_peering_is_named_apart_and_nothing_else_is() {
        let mut s = Sides::default();
        s.0.insert("tgw-attach-1".into(), ("tgw-a".into(), "tgw-b".into()));
        assert_eq!(s.id("tgw-attach-1", "tgw-a"), "tgw-attach-1");
        assert_eq!(s.id("tgw-attach-1", "tgw-b"), "tgw-attach-1-accepter");
        assert_eq!(s.id("tgw-attach-2", "tgw-b"), "tgw-attach-2");
    }
}
