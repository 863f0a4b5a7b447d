//! A transit gateway route table's prefix list references
//! (`get-transit-gateway-prefix-list-references`, under `TransitGatewayPrefixListReferences`):
//! each becomes a route naming the list, to its attachment or `blackhole` (F6.78), and the list
//! is written under `prefix_lists:`. AWS lists each entry's route among a table's propagated
//! routes, so `search-transit-gateway-routes --filters Name=type,Values=static` does not hold
//! them: without this key a reference is not in the dump at all.

use super::*;

/// The routes of table `rid`'s prefix list references; `kept` are the attachments imported,
/// `side` the scenario's id of an attachment.
pub(super) fn routes(
    cx: &mut Cx,
    rid: &str,
    kept: &BTreeSet<String>,
    side: &impl Fn(&str) -> String,
) -> Result<Vec<model::Route>, Bad> {
    let dump = cx.dump;
    let mut routes = Vec::new();
    for r in dump.items("TransitGatewayPrefixListReferences") {
        if r.os("TransitGatewayRouteTableId")? != Some(rid) {
            continue;
        }
        let pl = r.s("PrefixListId")?;
        let what = format!("{rid}: {pl}");
        if let Some(state) = r
            .os("State")?
            .filter(|s| !matches!(*s, "available" | "modifying"))
        {
            let message = format!("a prefix list reference not in force ({state})");
            cx.b.notes
                .about(NoteKind::LeftOut, what, Some(r.place()), message);
            continue;
        }
        let target = if r.flag("Blackhole")? {
            "blackhole".to_string()
        } else {
            let att = r
                .value
                .pointer("/TransitGatewayAttachment/TransitGatewayAttachmentId")
                .and_then(Value::as_str);
            let Some(att) = att else {
                let message =
                    "a prefix list reference that names no attachment and is no blackhole";
                cx.b.notes
                    .about(NoteKind::LeftOut, what, Some(r.place()), message);
                continue;
            };
            let att = side(att);
            if !kept.contains(&att) {
                let message = "a prefix list reference to an attachment that was left out (its own note says why)";
                cx.b.notes
                    .about(NoteKind::LeftOut, what, Some(r.place()), message);
                continue;
            }
            att
        };
        match cx.prefix_lists.named(pl) {
            prefix::Reference::Cidrs(_) => {}
            prefix::Reference::Service(s) => {
                let message = format!(
                    "a transit gateway route to AWS's {s} prefix list (left out): vpcpath gives AWS services its own address plan"
                );
                cx.b.notes
                    .about(NoteKind::NotModelled, what, Some(r.place()), message);
                continue;
            }
            prefix::Reference::Unknown(why) => {
                let message = format!("a prefix list reference to {why}");
                cx.b.notes
                    .about(NoteKind::LeftOut, what, Some(r.place()), message);
                continue;
            }
        }
        let pos = cx.b.at(rid.to_string(), r.place());
        cx.prefix_lists.referenced(pl, pos);
        routes.push(model::Route {
            destination: sp(pos, pl.into()),
            target: sp(pos, target.into()),
        });
    }
    Ok(routes)
}
