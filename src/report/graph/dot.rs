//! A [`Diagram`] as Graphviz DOT, and as SVG through Graphviz's `dot`.

use super::*;

/// Renders a diagram as Graphviz DOT.
pub fn dot(d: &Diagram) -> String {
    let mut out = Vec::new();
    // Writing to memory does not fail, and every piece written is a `str`.
    let _ = write_dot(&mut out, d);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes a diagram as Graphviz DOT to `w`: the clusters and nodes, then an edge at a time (a
/// network with a million routes has a million edges, never held as text).
pub fn write_dot(w: &mut dyn std::io::Write, d: &Diagram) -> std::io::Result<()> {
    let mut out = String::from(
        "digraph vpcpath {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n  compound=true;\n",
    );
    let attrs = |n: &DNode| -> String {
        let shape = match n.shape {
            Shape::Instance => "box",
            Shape::Table => "note",
            Shape::Gateway => "hexagon",
            Shape::Endpoint => "cds",
            Shape::Cloud => "ellipse",
            Shape::Api => "component",
        };
        let mut label = esc(&n.label);
        let mut style = String::new();
        if let Some((k, how)) = &d.end
            && *k == n.key
        {
            label = format!("{label}\\nended: {}", esc(how));
            let (fill, line) = d.end_colours();
            style = format!(", style=filled, fillcolor=\"{fill}\", color=\"{line}\", penwidth=3");
        } else if d.path.contains(&n.key) {
            style = ", style=filled, fillcolor=\"#fff3c4\", color=\"#e08600\", penwidth=2".into();
        }
        format!("{} [label=\"{label}\", shape={shape}{style}];", n.key)
    };
    d.walk(|depth, visit| {
        let pad = "  ".repeat(depth);
        match visit {
            Visit::Node(n) => {
                let _ = writeln!(out, "{pad}{}", attrs(n));
            }
            Visit::Open(c) => {
                let color = if d.path.contains(&c.key) {
                    " color=\"#e08600\"; penwidth=2;"
                } else {
                    ""
                };
                let _ = writeln!(out, "{pad}subgraph cluster_{} {{", c.key);
                let _ = writeln!(out, "{pad}  label=\"{}\";{color}", esc(&c.label));
                // An invisible anchor, so that edges can start at a subnet.
                let _ = writeln!(out, "{pad}  {} [shape=point, style=invis];", c.key);
            }
            Visit::Close(_) => {
                let _ = writeln!(out, "{pad}}}");
            }
        }
    });
    w.write_all(out.as_bytes())?;
    let cluster_keys = d.cluster_keys();
    let mut line = String::new();
    d.try_edges(|e| {
        line.clear();
        let _ = write!(line, "  {} -> {}", e.from, e.to);
        let mut sep = " [";
        let mut attr = |line: &mut String, a: std::fmt::Arguments| {
            line.push_str(sep);
            let _ = line.write_fmt(a);
            sep = ", ";
        };
        if !e.label.is_empty() {
            attr(&mut line, format_args!("label=\"{}\"", esc(&e.label)));
        }
        if e.dashed {
            attr(&mut line, format_args!("style=dashed"));
        }
        if d.on_path(e) {
            attr(&mut line, format_args!("color=\"#e08600\", penwidth=2"));
        }
        if cluster_keys.contains(e.from.as_str()) {
            attr(&mut line, format_args!("ltail=cluster_{}", e.from));
        }
        if sep == ", " {
            line.push(']');
        }
        line.push_str(";\n");
        w.write_all(line.as_bytes())
    })?;
    w.write_all(b"}\n")
}

/// Renders a diagram as SVG with Graphviz's `dot`, which must be on the PATH.
pub fn svg(d: &Diagram) -> Result<String, String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run Graphviz's `dot`: {e}"))?;
    if let Some(stdin) = child.stdin.take() {
        let mut w = std::io::BufWriter::new(stdin);
        write_dot(&mut w, d)
            .and_then(|()| w.flush())
            .map_err(|e| format!("cannot feed `dot`: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`dot` failed: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`dot` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|e| format!("`dot` wrote something that is not UTF-8: {e}"))
}
