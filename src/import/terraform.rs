//! `vpcpath import terraform FILE` and `vpcpath review PLAN`: the JSON `terraform show -json`
//! prints, of a state or of a plan, into scenarios.
//!
//! A state's resources are under `values`; a plan's under `planned_values` (after the apply)
//! and `prior_state` (before it). Resources are read from the root module and every child
//! module, `count` and `for_each` instances included; data sources are read where a resource
//! refers to them. A resource keeps its `id` when the JSON knows it, else it is named by its
//! address (`aws_vpc.main`, `module.net.aws_subnet.a[0]`, made into an id), so that two runs on
//! the same plan agree. Where a value is unknown until apply (a new VPC's id, in the subnet
//! that names it), the link is rebuilt from the `configuration` block's references. Terraform's
//! defaults, where they differ from AWS's, are followed (docs/terraform.md).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::build::{Build, NoteKind, sp};
use super::{ImportError, Imported};

mod accounted;
mod address;
mod convert;
mod domains;
mod file;
mod filters;
mod interfaces;
mod network;
mod options;
mod overlay;
mod routes;
mod services;
mod side;
mod unseen;
mod vpcs;

use accounted::{Said, changed_only};
use convert::{Managed, Tx};
use file::{configuration, read};
pub use overlay::Under;
use side::side;
pub(crate) use side::{Resource, Side, unknown_id};
pub use unseen::{Part, Partly};

/// A malformed value at a JSON path.
fn shape(path: &Path, (at, message): (String, String)) -> ImportError {
    ImportError::Shape {
        path: path.to_path_buf(),
        at,
        message,
    }
}

/// The Region and account of a file: the provider's configuration, else the resources' ARNs
/// and owner ids, else a subnet's zone's Region; what was taken is said.
fn home(config: Option<&Value>, sides: &[&Side], b: &mut Build) -> (String, String) {
    let provider = config
        .and_then(|c| c.pointer("/provider_config/aws/expressions/region/constant_value"))
        .and_then(Value::as_str);
    let resources = || sides.iter().flat_map(|s| s.resources.iter().chain(&s.data));
    let arns = || {
        resources().filter_map(|r| {
            r.values
                .get("arn")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
    };
    let zone = resources()
        .filter(|r| r.kind == "aws_subnet")
        .find_map(|r| r.values.get("availability_zone").and_then(Value::as_str))
        .and_then(crate::import::aws::convert::region_of_az);
    let arn_region = arns().find_map(|a| {
        a.split(':')
            .nth(3)
            .filter(|r| crate::aws::is_region(r))
            .map(str::to_string)
    });
    let region = match provider {
        Some(p) if crate::aws::is_region(p) => p.to_string(),
        Some(p) => {
            let fallback = arn_region.or(zone).unwrap_or_else(|| "us-east-1".into());
            b.notes.add(
                NoteKind::Assumed,
                format!(
                    "the provider's region `{p}` is not an AWS Region vpcpath knows: {fallback}"
                ),
            );
            fallback
        }
        None => match arn_region.or(zone) {
            Some(r) => r,
            None => {
                b.notes.add(NoteKind::Assumed, "no Region in the file (the provider's region is a variable, and no ARN or zone says): us-east-1");
                "us-east-1".into()
            }
        },
    };
    let owner = resources()
        .filter_map(|r| {
            r.values
                .get("owner_id")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .chain(arns().filter_map(|a| a.split(':').nth(4).map(str::to_string)))
        .find(|a| a.len() == 12 && a.bytes().all(|c| c.is_ascii_digit()));
    let account = owner.unwrap_or_else(|| {
        b.notes.add(
            NoteKind::Assumed,
            "no account id in the file (no ARN or owner id is known): 123456789012",
        );
        "123456789012".into()
    });
    (region, account)
}

/// What an import of one side knows beside its scenario.
struct SideOut {
    imported: Imported,
    /// The ids of what was left out because it depends on a part the file does not hold, with
    /// that part.
    unseen: BTreeMap<String, String>,
    /// The parts known only partly.
    partial: BTreeMap<String, Part>,
}

/// The scenario of one side, checked.
fn scenario(
    path: &Path,
    what: &str,
    side: &Side,
    managed: &Managed,
    home: &(String, String),
    said: &Said,
    under: Option<(&Under, &HashSet<String>)>,
) -> Result<SideOut, ImportError> {
    let mut b = Build::default();
    for s in &said.notes {
        b.notes.add(NoteKind::Assumed, s.clone());
    }
    let pos = b.at(path.display().to_string(), "the provider's configuration");
    b.s.region = sp(pos, home.0.clone());
    b.s.account = Some(sp(pos, home.1.clone()));
    let file = path.display().to_string();
    // What a plan changes that its planned values do not hold (what it destroys).
    for (address, at, message) in &said.changed {
        let place = format!("{file} at {at}");
        b.ledger.input(address.clone(), place.clone());
        b.notes.about(
            NoteKind::LeftOut,
            address.clone(),
            Some(place),
            message.clone(),
        );
    }
    let mut tx = Tx::new(side, managed, file, b);
    if let Some((under, gone)) = under {
        overlay::lay(&mut tx, under, gone);
    }
    convert::convert(&mut tx);
    if under.is_some() {
        overlay::settle(&mut tx.b.s);
    }
    let (unseen, partial) = (
        std::mem::take(&mut tx.unseen),
        std::mem::take(&mut tx.partial),
    );
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let imported = tx.b.finish(
        &format!(
            "Written by `vpcpath import terraform {}` ({what}).",
            path.display()
        ),
        |s| {
            format!(
                "Imported from {name} ({what}): {}, {}",
                crate::trace::count(s.vpcs.len(), "VPC", "VPCs"),
                crate::trace::count(
                    s.transit_gateways.len(),
                    "transit gateway",
                    "transit gateways"
                )
            )
        },
    )?;
    Ok(SideOut {
        imported,
        unseen,
        partial,
    })
}

/// `vpcpath import terraform`: a state's resources, or a plan's planned ones.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let (mut v, said) = read(path)?;
    let (root, what, at) = if v.planned_values.is_some() {
        (v.planned_values.take(), "planned", "planned_values")
    } else {
        (v.values.take(), "state", "values")
    };
    let prior = v.take_prior();
    let (config, variables) = (v.configuration.as_ref(), v.variables.as_ref());
    let prior_at = prior.as_ref().map(|p| (p, "prior_state.values"));
    let side = side(root, at, prior_at, config, variables).map_err(|e| shape(path, e))?;
    configuration(path, &v)?;
    let mut managed = Managed::default();
    managed.add(&side);
    if let Some(before) = prior {
        let prior_side = self::side(Some(before), "prior_state.values", None, config, variables)
            .map_err(|e| shape(path, e))?;
        managed.add(&prior_side);
    }
    let mut b = Build::default();
    let home = home(config, &[&side], &mut b);
    let mut notes = said;
    notes.extend(b.notes.all().iter().map(|n| n.message.clone()));
    let said = Said {
        notes,
        changed: changed_only(&v.resource_changes, &side),
    };
    Ok(scenario(path, what, &side, &managed, &home, &said, None)?.imported)
}

/// A plan's two sides as imported: before (its prior state) and after (its planned values).
pub struct PlanSides {
    /// The prior state's network.
    pub before: Imported,
    /// The planned values' network.
    pub after: Imported,
    /// The ids of what was left out, on either side, because it depends on a part of the
    /// network the plan does not hold (a VPC of another configuration), with that part.
    pub unseen: BTreeMap<String, String>,
    /// The parts of the prior state's network known only partly.
    pub partial_before: BTreeMap<String, Part>,
    /// The parts of the planned network known only partly.
    pub partial_after: BTreeMap<String, Part>,
}

/// A plan's two sides as scenarios: before (its prior state) and after (its planned values).
pub fn plan_sides(path: &Path) -> Result<PlanSides, ImportError> {
    plan_sides_over(path, None)
}

/// [`plan_sides`] laid over a network that supplies what the plan does not hold
/// ([`overlay`]).
pub fn plan_sides_over(path: &Path, under: Option<&Under>) -> Result<PlanSides, ImportError> {
    let (mut v, said) = read(path)?;
    let Some(planned) = v.planned_values.take() else {
        return Err(ImportError::Shape {
            path: path.to_path_buf(),
            at: "the top level".into(),
            message: "expected a plan (`planned_values`): this is a state; write a plan with `terraform plan -out p && terraform show -json p`".into(),
        });
    };
    let prior = v.take_prior();
    let (config, variables) = (v.configuration.as_ref(), v.variables.as_ref());
    let after = side(
        Some(planned),
        "planned_values",
        prior.as_ref().map(|p| (p, "prior_state.values")),
        config,
        variables,
    )
    .map_err(|e| shape(path, e))?;
    // The prior state is the before side's own root: its data sources are read with it.
    let before =
        side(prior, "prior_state.values", None, config, variables).map_err(|e| shape(path, e))?;
    configuration(path, &v)?;
    let mut managed = Managed::default();
    managed.add(&before);
    managed.add(&after);
    let mut b = Build::default();
    let home = home(config, &[&after, &before], &mut b);
    let mut notes = said;
    notes.extend(b.notes.all().iter().map(|n| n.message.clone()));
    // The plan's destroyed resources are the prior state's, on the before side.
    let said = Said {
        notes,
        changed: Vec::new(),
    };
    // What the plan destroys: the prior state's resources the planned values no longer have.
    let kept: HashSet<&String> = after.ids.values().collect();
    let gone: HashSet<String> = before
        .ids
        .values()
        .filter(|id| !kept.contains(id))
        .cloned()
        .collect();
    let none = HashSet::new();
    let before = scenario(
        path,
        "before",
        &before,
        &managed,
        &home,
        &said,
        under.map(|u| (u, &none)),
    )?;
    let after = scenario(
        path,
        "after",
        &after,
        &managed,
        &home,
        &said,
        under.map(|u| (u, &gone)),
    )?;
    let mut unseen = before.unseen;
    unseen.extend(after.unseen);
    Ok(PlanSides {
        before: before.imported,
        after: after.imported,
        unseen,
        partial_before: before.partial,
        partial_after: after.partial,
    })
}
