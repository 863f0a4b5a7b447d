//! The other subcommands: `test`, `check`, `diff`, `fix`, `graph` and `schema`.

use super::*;

pub(super) fn test(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<Status> {
    let (nets, bad) = load_all(paths);
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (file, net) in &nets {
        print_warnings(file, net);
        for (req, trace) in net.requests.iter().zip(vpcpath::run::simulate_all(net)) {
            let Some(expect) = &req.expect else {
                skipped += 1;
                writeln!(
                    out,
                    "skip  {file} :: {}  (no expect; got {})",
                    req.name,
                    trace.outcome.summary()
                )?;
                continue;
            };
            let misses = vpcpath::expect::check(&trace, expect);
            if misses.is_empty() {
                passed += 1;
                writeln!(
                    out,
                    "ok    {file} :: {}  ({})",
                    req.name,
                    trace.outcome.summary()
                )?;
            } else {
                failed += 1;
                writeln!(out, "FAIL  {file} :: {}", req.name)?;
                for m in misses {
                    writeln!(out, "        {m}")?;
                }
            }
        }
    }
    let mut tally = format!("{passed} passed, {failed} failed");
    if skipped > 0 {
        tally.push_str(&format!(", {skipped} skipped"));
    }
    if bad > 0 {
        // Nothing of those files was tested: say so rather than let the count look clean.
        let files = if bad == 1 { "file" } else { "files" };
        tally.push_str(&format!(
            "; {bad} {files} not tested: not found, unreadable or invalid (see above)"
        ));
    }
    writeln!(out, "{tally}")?;
    Ok(Status::of(bad > 0, failed > 0))
}

/// Loads one scenario file for the commands that take exactly one.
pub(super) fn load_one(path: &std::path::Path) -> Option<vpcpath::net::Network> {
    match vpcpath::load::load_file(path) {
        Ok(net) => Some(net),
        Err(e) => {
            print_error(&e);
            None
        }
    }
}

/// Finds a request by name, or says which names exist.
/// The request of `net` named `name`, by its index; or says on stderr that there is none, with
/// the closest name.
pub(super) fn find_request(
    net: &vpcpath::Network,
    name: &str,
    path: &std::path::Path,
) -> Option<usize> {
    let found = net.requests.iter().position(|r| r.name == name);
    if found.is_none() {
        let names = net.requests.iter().map(|r| r.name.as_str());
        let help = vpcpath::validate::suggest_or(
            name,
            names,
            "run `vpcpath test` on the file to list its requests",
        );
        eprintln!(
            "error: {} has no request named `{name}`\n  help: {help}",
            path.display()
        );
    }
    found
}

pub(super) fn diff(
    out: &mut dyn Write,
    before: &std::path::Path,
    after: &std::path::Path,
    format: DiffFormat,
) -> io::Result<Status> {
    let (Some(old), Some(new)) = (load_one(before), load_one(after)) else {
        return Ok(Status::BadInput);
    };
    let d = vpcpath::diff::diff(
        &before.display().to_string(),
        &old,
        &after.display().to_string(),
        &new,
    );
    match format {
        DiffFormat::Text => report::diff::text(out, &d)?,
        DiffFormat::Json => report::diff::json(out, &d)?,
        DiffFormat::Markdown => report::diff::markdown(out, &d)?,
    }
    Ok(Status::of(false, !d.changes.is_empty()))
}

pub(super) fn fix(
    out: &mut dyn Write,
    path: &std::path::Path,
    request: Option<&str>,
    want: Option<u16>,
    format: FixFormat,
) -> io::Result<Status> {
    let Some(net) = load_one(path) else {
        return Ok(Status::BadInput);
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let want = match want {
        Some(s) => vpcpath::fix::Want::Status(s),
        None => vpcpath::fix::Want::Expect,
    };
    if let Some(name) = request {
        let Some(i) = find_request(&net, name, path) else {
            return Ok(Status::BadInput);
        };
        let t = &vpcpath::simulate(&net, &net.requests[i]);
        let expect = net.requests[i].expect.as_ref();
        if want == vpcpath::fix::Want::Expect && expect.is_none() {
            // Without an expectation, fixed means a successful answer.
            let all = vpcpath::fix::suggest(path, &text, Some(name), vpcpath::fix::Want::Success);
            return fix_render(out, path, all, format);
        }
        if !vpcpath::fix::fails(t, expect, want) {
            writeln!(
                out,
                "{name}: already as wanted ({}); nothing to fix",
                t.outcome.summary()
            )?;
            return Ok(Status::Done);
        }
    }
    let all = vpcpath::fix::suggest(path, &text, request, want);
    fix_render(out, path, all, format)
}

pub(super) fn fix_render(
    out: &mut dyn Write,
    path: &std::path::Path,
    all: Result<Vec<vpcpath::fix::RequestFixes>, vpcpath::Error>,
    format: FixFormat,
) -> io::Result<Status> {
    // A file the search could not read is said so, never reported as having nothing to fix.
    let all = match all {
        Ok(all) => all,
        Err(e) => {
            print_error(&e);
            return Ok(Status::BadInput);
        }
    };
    match format {
        FixFormat::Text => report::fixes::text(out, &path.display().to_string(), &all)?,
        FixFormat::Json => report::fixes::json(out, &all)?,
        FixFormat::Markdown => report::fixes::markdown(out, &all)?,
    }
    Ok(Status::of(false, all.iter().any(|r| r.fixes.is_empty())))
}

pub(super) fn graph(
    out: &mut dyn Write,
    path: &std::path::Path,
    format: GraphFormat,
    request: Option<&str>,
) -> io::Result<Status> {
    let Some(net) = load_one(path) else {
        return Ok(Status::BadInput);
    };
    let mut diagram = report::graph::Diagram::of(&net);
    if let Some(name) = request {
        // Only the request drawn is simulated.
        let Some(i) = find_request(&net, name, path) else {
            return Ok(Status::BadInput);
        };
        diagram = diagram.with_trace(&net, &vpcpath::simulate(&net, &net.requests[i]));
    }
    match format {
        GraphFormat::Mermaid => out.write_all(report::graph::mermaid(&diagram).as_bytes())?,
        GraphFormat::Dot => out.write_all(report::graph::dot(&diagram).as_bytes())?,
        GraphFormat::Svg => match report::graph::svg(&diagram) {
            Ok(svg) => out.write_all(svg.as_bytes())?,
            Err(why) => {
                eprintln!(
                    "error: {why}\n  help: install Graphviz (`apt install graphviz`), or use --format dot or mermaid"
                );
                return Ok(Status::BadInput);
            }
        },
    }
    Ok(Status::Done)
}

pub(super) fn schema(out: &mut dyn Write) -> io::Result<Status> {
    let text = serde_json::to_string_pretty(&vpcpath::model::json_schema())
        .map_err(|e| io::Error::other(e.to_string()))?;
    writeln!(out, "{text}")?;
    Ok(Status::Done)
}

pub(super) fn check(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<Status> {
    let (nets, bad) = load_all(paths);
    for (file, net) in &nets {
        let warnings = match net.warnings.len() {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        };
        writeln!(
            out,
            "ok    {file}  ({} requests{warnings})",
            net.requests.len()
        )?;
        print_warnings(file, net);
    }
    Ok(Status::of(bad > 0, false))
}
