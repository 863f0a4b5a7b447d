//! `vpcpath review PLAN`: the requests a Terraform plan changes, what it breaks, and what the
//! outcomes depend on that only the apply will know.

use super::*;

/// `vpcpath review`: the requests a Terraform plan changes.
pub(super) fn review(
    out: &mut dyn Write,
    plan: &std::path::Path,
    requests: Option<&std::path::Path>,
    format: DiffFormat,
    fail_on: FailOn,
) -> io::Result<Status> {
    let r = match vpcpath::import::terraform::review(plan, requests) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::BadInput);
        }
    };
    for n in &r.notes {
        eprintln!("note: {n}");
    }
    let (b, a) = (
        format!("{} (prior state)", plan.display()),
        format!("{} (planned)", plan.display()),
    );
    let load = |name: &str, text: &str| vpcpath::load::load_str(std::path::Path::new(name), text);
    let (old, new) = match (load(&b, &r.before), load(&a, &r.after)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            print_error(&e);
            // The positions are in a scenario no file holds: say what it was made of.
            let from = requests.map_or(String::new(), |r| {
                format!(" and the requests of {}", r.display())
            });
            eprintln!(
                "note: the lines above are of the scenario vpcpath built from {}{from}; \
                 `vpcpath import terraform {}` writes its network",
                plan.display(),
                plan.display()
            );
            return Ok(Status::BadInput);
        }
    };
    let d = vpcpath::diff::diff(&b, &old, &a, &new);
    // With the user's requests, the expectations that fail after the plan.
    let traces = vpcpath::run::simulate_all(&new);
    let broken: Vec<(String, Vec<String>)> = new
        .requests
        .iter()
        .zip(&traces)
        .filter_map(|(q, t)| {
            let misses = vpcpath::check(t, q.expect.as_ref()?);
            (!misses.is_empty()).then(|| (q.name.to_string(), misses))
        })
        .collect();
    // The changed requests whose outcome goes through a value the import chose.
    let unsure: Vec<(&str, Vec<&str>)> = d
        .changes
        .iter()
        .filter_map(|c| {
            let mut on: Vec<&str> = c
                .before
                .iter()
                .chain(&c.after)
                .flat_map(|s| &s.path)
                .map(String::as_str)
                .collect();
            on.push(&c.request);
            let ids: Vec<&str> = r
                .stand_ins
                .iter()
                .map(String::as_str)
                .filter(|id| on.iter().any(|x| x.contains(id)))
                .collect();
            (!ids.is_empty()).then_some((c.request.as_str(), ids))
        })
        .collect();
    match format {
        DiffFormat::Text => {
            report::diff::text(out, &d)?;
            for (name, misses) in &broken {
                writeln!(
                    out,
                    "expectation fails after the plan: {name:?}: {}",
                    misses.join("; ")
                )?;
            }
            for (name, ids) in &unsure {
                writeln!(
                    out,
                    "depends on values vpcpath chose (unknown until apply, or missing from the file): {name:?}: {}",
                    ids.join(", ")
                )?;
            }
        }
        DiffFormat::Json => {
            let mut v = serde_json::to_value(&d).map_err(io::Error::other)?;
            v["unknown_until_apply"] = serde_json::json!(
                unsure
                    .iter()
                    .map(|(n, ids)| serde_json::json!({ "request": n, "ids": ids }))
                    .collect::<Vec<_>>()
            );
            v["broken_expectations"] = serde_json::json!(
                broken
                    .iter()
                    .map(|(n, m)| serde_json::json!({ "request": n, "misses": m }))
                    .collect::<Vec<_>>()
            );
            serde_json::to_writer_pretty(&mut *out, &v).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        DiffFormat::Markdown => {
            report::diff::markdown(out, &d)?;
            if !broken.is_empty() {
                writeln!(out)?;
                writeln!(out, "**Expectations that fail after the plan:**")?;
                writeln!(out)?;
                for (name, misses) in &broken {
                    writeln!(out, "- {name}: {}", misses.join("; ").replace('|', "\\|"))?;
                }
            }
            if !unsure.is_empty() {
                writeln!(out)?;
                writeln!(
                    out,
                    "**Outcomes that depend on values vpcpath chose** (unknown until apply, or missing from the file; see the notes):"
                )?;
                writeln!(out)?;
                for (name, ids) in &unsure {
                    writeln!(out, "- {name}: {}", ids.join(", "))?;
                }
            }
        }
    }
    let found = match fail_on {
        FailOn::Change => !d.changes.is_empty() || !broken.is_empty(),
        FailOn::Expectation => !broken.is_empty(),
        FailOn::Never => false,
    };
    Ok(Status::of(false, found))
}
