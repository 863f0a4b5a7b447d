//! `vpcpath matrix` and `vpcpath import`: a file written to stdout or to `-o`, naming the
//! network relative to where it is written.

use super::*;

/// `vpcpath matrix`: the requests file to stdout (naming the network by its path as given) or
/// to a file (naming it relative to that file).
pub(super) fn matrix(
    out: &mut dyn Write,
    path: &std::path::Path,
    output: Option<PathBuf>,
) -> io::Result<Status> {
    // Read as `check` reads it (a large file as a stream): its own requests are validated
    // and dropped, never held.
    let read = vpcpath::run::file_keeping(
        path,
        super::run::stream_min_bytes(),
        0,
        |_, _| Ok(()),
        |_, _| Ok(()),
    );
    let net = match read {
        Ok((_, net)) => net,
        Err(vpcpath::run::FileError::Input(e)) => {
            print_error(&e);
            return Ok(Status::BadInput);
        }
        Err(vpcpath::run::FileError::Output(e)) => return Err(e),
    };
    let network = match &output {
        Some(o) => relative_to(path, o),
        None => path.display().to_string(),
    };
    match output {
        // Written as it is made, into the temporary file that replaces the target.
        Some(o) => {
            let mut inputs = vec![path.to_path_buf()];
            inputs.extend(output::network_file(path));
            return Ok(output::write_output_with(&o, &inputs, &mut |w| {
                vpcpath::import::matrix::write(w, &net, &network).map(|_| ())
            }));
        }
        None => {
            vpcpath::import::matrix::write(out, &net, &network)?;
        }
    }
    Ok(Status::Done)
}

/// `target` as a path relative to the folder of `from` (absolute when they share no folder).
fn relative_to(target: &std::path::Path, from: &std::path::Path) -> String {
    let abs = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (t, f) = (abs(target), abs(from));
    let base = f.parent().unwrap_or(std::path::Path::new("/"));
    let common = t
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = base.components().count() - common;
    let mut rel = std::path::PathBuf::new();
    for _ in 0..ups {
        rel.push("..");
    }
    for c in t.components().skip(common) {
        rel.push(c);
    }
    rel.display().to_string()
}

/// `vpcpath import aws`: the scenario to stdout (or a file), the notes to stderr.
/// `vpcpath import`: the notes on stderr, the scenario to stdout or to `output`.
pub(super) fn import_with(
    out: &mut dyn Write,
    imported: Result<vpcpath::import::Imported, vpcpath::import::ImportError>,
    output: Option<PathBuf>,
    inputs: &[PathBuf],
) -> io::Result<Status> {
    let imported = match imported {
        Ok(i) => i,
        Err(e) => {
            say!("error: {}", vpcpath::error::printable(&e.to_string()));
            return Ok(Status::BadInput);
        }
    };
    for n in &imported.notes {
        say!("note: {n}");
    }
    match output {
        Some(path) => Ok(output::write_output(
            &path,
            imported.yaml.as_bytes(),
            inputs,
        )),
        None => {
            out.write_all(imported.yaml.as_bytes())?;
            Ok(Status::Done)
        }
    }
}
