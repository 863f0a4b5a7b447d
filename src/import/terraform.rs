//! `vpcpath import terraform FILE` and `vpcpath review PLAN`: the JSON `terraform show -json`
//! prints, of a state or of a plan, into scenarios.
//!
//! A state's resources are under `values`; a plan's under `planned_values` (after the apply)
//! and `prior_state` (before it). Resources are read from the root module and every child
//! module, `count` and `for_each` instances included. A resource keeps its `id` when the JSON
//! knows it, else it is named by its address (`aws_vpc.main`, `module.net.aws_subnet.a[0]`,
//! made into an id), so that two runs on the same plan agree. Where a value is unknown until
//! apply (a new VPC's id, in the subnet that names it), the link is rebuilt from the
//! `configuration` block's references. Terraform's defaults, where they differ from AWS's, are
//! followed (docs/import.md): a security group it manages has no egress rule unless written,
//! an endpoint is a Gateway endpoint without private DNS unless written.

use std::path::Path;

use serde_json::Value;

use super::aws::convert::{Notes, World};
use super::{ImportError, Imported};

mod address;
mod domains;
mod filters;
mod network;
mod resources;
mod routes;
mod services;
mod side;

use side::side;
pub(crate) use side::{Resource, Side, unknown_id};

/// A malformed value at a JSON path.
fn shape(path: &Path, (at, message): (String, String)) -> ImportError {
    ImportError::Shape {
        path: path.to_path_buf(),
        at,
        message,
    }
}

/// Reads `terraform show -json` output.
fn read(path: &Path) -> Result<Value, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let v: Value = serde_json::from_str(&text).map_err(|e| ImportError::Json {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if !v.is_object() || v.get("format_version").is_none() {
        return Err(ImportError::Shape {
            path: path.to_path_buf(),
            at: "the top level".into(),
            message:
                "expected the JSON of `terraform show -json` (an object with `format_version`)"
                    .into(),
        });
    }
    Ok(v)
}

/// The scenario of one side, loaded to check it.
fn scenario(path: &Path, what: &str, side: &Side, region: &str) -> Result<Imported, ImportError> {
    let mut notes = Notes::default();
    let mut w = World {
        region: region.to_string(),
        account: "123456789012".into(),
        ..World::default()
    };
    resources::convert(side, &mut w, &mut notes);
    w.notes = notes.lines();
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let yaml = super::aws::write::scenario_from(
        &format!("vpcpath import terraform {} ({what})", path.display()),
        &format!("{name} ({what})"),
        &w,
    );
    let mut notes = w.notes;
    match crate::load::load_str(Path::new("imported.yaml"), &yaml) {
        Ok(net) => notes.extend(
            net.warnings
                .iter()
                .map(|w| format!("vpcpath check warns: {}", w.message)),
        ),
        Err(crate::error::Error::Invalid { diagnostics, .. }) => {
            let message = diagnostics
                .iter()
                .map(|d| format!("  {}: {}", d.code.name(), d.message))
                .collect::<Vec<_>>()
                .join("\n");
            return Err(ImportError::Invalid { message });
        }
        Err(e) => {
            return Err(ImportError::Invalid {
                message: e.to_string(),
            });
        }
    }
    Ok(Imported {
        yaml,
        notes,
        stand_ins: std::mem::take(&mut w.stand_ins),
    })
}

/// The Region of a file: the provider's `region` in the configuration, else a subnet's zone's,
/// else us-east-1.
fn region_of(v: &Value, side: &Side) -> String {
    let provider = v
        .pointer("/configuration/provider_config/aws/expressions/region/constant_value")
        .and_then(Value::as_str);
    let zone = side
        .resources
        .iter()
        .filter(|r| r.kind == "aws_subnet")
        .find_map(|r| r.values.get("availability_zone").and_then(Value::as_str))
        .and_then(super::aws::convert::region_of_az);
    provider
        .map(str::to_string)
        .or(zone)
        .filter(|r| crate::aws::is_region(r))
        .unwrap_or_else(|| "us-east-1".to_string())
}

/// `vpcpath import terraform`: a state's resources, or a plan's planned ones.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let v = read(path)?;
    let config = v.get("configuration");
    let (root, what) = if v.get("planned_values").is_some() {
        (v.get("planned_values"), "planned")
    } else {
        (v.get("values"), "state")
    };
    let at = if what == "planned" {
        "planned_values"
    } else {
        "values"
    };
    let side = side(root, at, config).map_err(|e| shape(path, e))?;
    scenario(path, what, &side, &region_of(&v, &side))
}

/// A plan's two sides as scenarios: before (its prior state) and after (its planned values).
pub fn plan_sides(path: &Path) -> Result<(Imported, Imported), ImportError> {
    let v = read(path)?;
    if v.get("planned_values").is_none() {
        return Err(ImportError::Shape {
            path: path.to_path_buf(),
            at: "the top level".into(),
            message: "expected a plan (`planned_values`): this is a state; write a plan with `terraform plan -out p && terraform show -json p`".into(),
        });
    }
    let config = v.get("configuration");
    let after =
        side(v.get("planned_values"), "planned_values", config).map_err(|e| shape(path, e))?;
    let before = side(
        v.pointer("/prior_state/values"),
        "prior_state.values",
        config,
    )
    .map_err(|e| shape(path, e))?;
    let region = region_of(&v, &after);
    Ok((
        scenario(path, "before", &before, &region)?,
        scenario(path, "after", &after, &region)?,
    ))
}

/// What `vpcpath review` compares: the plan's network before and after, each with the same
/// requests (the user's, or the matrix of clients present on both sides).
#[derive(Debug)]
pub struct Review {
    /// The scenario before the plan (its prior state), with the requests.
    pub before: String,
    /// The scenario after it (its planned values), with the requests.
    pub after: String,
    /// What the import noted, on either side.
    pub notes: Vec<String>,
    /// The ids whose values the import chose, on either side (values unknown until apply).
    pub stand_ins: std::collections::BTreeSet<String>,
}

/// Prepares a review of `plan`: `requests` is a scenario file whose `requests:` are run on both
/// sides; without one, each client present on both sides against every door of the planned
/// network.
pub fn review(plan: &Path, requests: Option<&Path>) -> Result<Review, ImportError> {
    let (before, after) = plan_sides(plan)?;
    let block = match requests {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let doc = crate::load::parse_value(path, &text).map_err(|e| ImportError::Invalid {
                message: e.to_string(),
            })?;
            let list = doc
                .get("requests")
                .cloned()
                .unwrap_or(Value::Array(Vec::new()));
            format!("requests: {list}\n")
        }
        None => {
            let load = |i: &Imported, what: &str| {
                crate::load::load_str(Path::new(what), &i.yaml).map_err(|e| ImportError::Invalid {
                    message: e.to_string(),
                })
            };
            let (b, a) = (load(&before, "before")?, load(&after, "after")?);
            let present: std::collections::BTreeSet<&str> =
                b.instances.iter().map(|i| i.id.as_str()).collect();
            super::matrix::requests_block(&a, |c| c == "internet" || present.contains(c))
        }
    };
    // The planned side's notes, and the prior state's that it does not share, said as such.
    let mut notes = after.notes.clone();
    for n in before.notes.iter().filter(|n| !after.notes.contains(n)) {
        notes.push(format!("in the prior state: {n}"));
    }
    let mut stand_ins = before.stand_ins;
    stand_ins.extend(after.stand_ins);
    Ok(Review {
        stand_ins,
        before: format!("{}{block}", before.yaml),
        after: format!("{}{block}", after.yaml),
        notes,
    })
}
