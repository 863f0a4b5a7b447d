//! Direct Connect gateways (`directconnect describe-direct-connect-gateways`), their
//! associations (`describe-direct-connect-gateway-associations`) and virtual interfaces
//! (`describe-virtual-interfaces`): the gateways with their Amazon side's ASN and their
//! associations with the scenario's virtual private gateways and transit gateways, with their
//! allowed prefixes (F6.56, F6.58). A virtual interface's site is not in any dump (what it
//! advertises over BGP is not), so each is noted and left out. Fields are spelt as Batfish's
//! snapshots spell them (`DirectConnectGatewayId`); the collector writes the CLI's output so.

use super::*;

/// The associations of the dump that are in force: `(Direct Connect gateway, gateway)`.
pub(super) fn associated(dump: &Dump) -> BTreeSet<(String, String)> {
    let gateways: BTreeSet<&str> = dump
        .items("DirectConnectGateways")
        .iter()
        .filter_map(|g| {
            g.value
                .get("DirectConnectGatewayId")
                .and_then(Value::as_str)
        })
        .collect();
    let mut out = BTreeSet::new();
    for a in dump.items("DirectConnectGatewayAssociations") {
        let (Some(dx), Some(gw)) = (
            a.value
                .get("DirectConnectGatewayId")
                .and_then(Value::as_str),
            a.value
                .get("AssociatedGateway")
                .and_then(|g| g.get("Id"))
                .and_then(Value::as_str),
        ) else {
            continue;
        };
        if in_force(a) && gateways.contains(dx) {
            out.insert((dx.to_string(), gw.to_string()));
        }
    }
    out
}

/// An association being made or in place (`associating`, `associated`, `updating`).
fn in_force(a: &Item) -> bool {
    matches!(
        a.value.get("AssociationState").and_then(Value::as_str),
        Some("associating" | "associated" | "updating")
    )
}

/// The Direct Connect gateways of the dump, once the virtual private gateways and transit
/// gateways are read.
pub(super) fn gateways(cx: &mut Cx) -> Result<(), ImportError> {
    let vgws: BTreeSet<String> =
        cx.b.s
            .vpcs
            .iter()
            .filter_map(|v| v.vpn_gateway.as_ref().map(|g| g.id.value.clone()))
            .collect();
    let tgws: BTreeSet<String> =
        cx.b.s
            .transit_gateways
            .iter()
            .map(|t| t.id.value.clone())
            .collect();
    cx.each(
        "DirectConnectGateways",
        "DirectConnectGatewayId",
        |cx, item| gateway(cx, item, &vgws, &tgws),
    )?;
    let dump = cx.dump;
    for v in dump.items("VirtualInterfaces") {
        let id = v
            .value
            .get("VirtualInterfaceId")
            .and_then(Value::as_str)
            .unwrap_or("a virtual interface without an id");
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(v.place()),
            "a virtual interface: what its site advertises over BGP is not in the dump, so the site is left out (write it under `sites` and the interface under its Direct Connect gateway's `virtual_interfaces`)",
        );
    }
    Ok(())
}

/// One Direct Connect gateway and its associations with gateways the scenario has.
fn gateway(
    cx: &mut Cx,
    item: &Item,
    vgws: &BTreeSet<String>,
    tgws: &BTreeSet<String>,
) -> Result<(), Bad> {
    let id = item.s("DirectConnectGatewayId")?.to_string();
    if let Some(state) = item
        .os("DirectConnectGatewayState")?
        .filter(|s| *s != "available")
    {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(item.place()),
            format!("a Direct Connect gateway not available ({state})"),
        );
        return Ok(());
    }
    let pos = cx.at(&id, item);
    let asn = item
        .value
        .get("AmazonSideAsn")
        .and_then(Value::as_u64)
        .and_then(|a| u32::try_from(a).ok());
    let mut g = model::DirectConnectGateway {
        id: sp(pos, id.clone()),
        amazon_side_asn: asn.map(|a| sp(pos, a)),
        ..model::DirectConnectGateway::default()
    };
    let dump = cx.dump;
    for a in dump.items("DirectConnectGatewayAssociations") {
        if a.value
            .get("DirectConnectGatewayId")
            .and_then(Value::as_str)
            != Some(&id)
            || !in_force(a)
        {
            continue;
        }
        let gw = a
            .value
            .get("AssociatedGateway")
            .and_then(|g| g.get("Id"))
            .and_then(Value::as_str)
            .ok_or_else(|| Bad::Missing("AssociatedGateway.Id".into()))?
            .to_string();
        if !vgws.contains(&gw) && !tgws.contains(&gw) {
            cx.b.notes.about(
                NoteKind::LeftOut,
                format!("{id} association with {gw}"),
                Some(a.place()),
                "an association with a gateway the dump does not hold (or that was left out)",
            );
            continue;
        }
        let at = cx.at(&format!("{id} association with {gw}"), a);
        let mut allowed = Vec::new();
        // Not a list, or an entry without its `Cidr`, is a dump of another shape: said, as the
        // importer's other shape errors are (read as none, it stood for the VPC's CIDRs or
        // nothing, F6.58).
        let field = "AllowedPrefixesToDirectConnectGateway";
        for (i, p) in a.list(field)?.iter().enumerate() {
            let c = p
                .get("Cidr")
                .and_then(Value::as_str)
                .ok_or_else(|| a.bad(&format!("{field}[{i}].Cidr"), "expected a CIDR string"))?;
            match cidr(a, field, c) {
                Ok(c) => allowed.push(sp(at, c)),
                Err(e) if !c.contains(':') => return Err(e),
                Err(_) => cx.b.notes.about(
                    NoteKind::NotModelled,
                    format!("{id} association with {gw}"),
                    Some(a.place()),
                    format!("an IPv6 allowed prefix ({c})"),
                ),
            }
        }
        g.associations.push(model::DxAssociation {
            gateway: sp(at, gw),
            allowed_prefixes: allowed,
        });
    }
    cx.b.s.direct_connect_gateways.push(g);
    Ok(())
}
