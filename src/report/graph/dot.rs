//! A [`Diagram`] as Graphviz DOT, and as SVG through Graphviz's `dot`.

use super::*;

/// Renders a diagram as Graphviz DOT.
pub fn dot(d: &Diagram) -> String {
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
    let cluster_keys = d.cluster_keys();
    for e in &d.edges {
        let mut a: Vec<String> = Vec::new();
        if !e.label.is_empty() {
            a.push(format!("label=\"{}\"", esc(&e.label)));
        }
        if e.dashed {
            a.push("style=dashed".into());
        }
        if d.on_path(e) {
            a.push("color=\"#e08600\", penwidth=2".into());
        }
        if cluster_keys.contains(e.from.as_str()) {
            a.push(format!("ltail=cluster_{}", e.from));
        }
        let attrs = if a.is_empty() {
            String::new()
        } else {
            format!(" [{}]", a.join(", "))
        };
        let _ = writeln!(out, "  {} -> {}{attrs};", e.from, e.to);
    }
    out.push_str("}\n");
    out
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
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot(d).as_bytes())
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
