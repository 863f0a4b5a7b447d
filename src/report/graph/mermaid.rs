//! A [`Diagram`] as a Mermaid flowchart (renders in GitHub and GitLab Markdown).

use super::*;

/// Renders a diagram as a Mermaid flowchart.
pub fn mermaid(d: &Diagram) -> String {
    let mut out = Vec::new();
    // Writing to memory does not fail, and every piece written is a `str`.
    let _ = write_mermaid(&mut out, d);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes a diagram as a Mermaid flowchart to `w`: the nodes and clusters, then an edge at a
/// time (a network with a million routes has a million edges, never held as text).
pub fn write_mermaid(w: &mut dyn std::io::Write, d: &Diagram) -> std::io::Result<()> {
    let mut out = String::from("flowchart LR\n");
    let end_key = d.end.as_ref().map(|(k, _)| k.as_str());
    let label_of = |n: &DNode| -> String {
        match &d.end {
            Some((k, how)) if *k == n.key => format!("{}<br/>ended: {}", esc(&n.label), esc(how)),
            _ => esc(&n.label),
        }
    };
    let node_line = |n: &DNode| -> String {
        let l = label_of(n);
        match n.shape {
            Shape::Instance => format!("{}[\"{l}\"]", n.key),
            Shape::Table => format!("{}[/\"{l}\"/]", n.key),
            Shape::Gateway => format!("{}{{{{\"{l}\"}}}}", n.key),
            Shape::Endpoint => format!("{}([\"{l}\"])", n.key),
            Shape::Cloud => format!("{}((\"{l}\"))", n.key),
            Shape::Api => format!("{}[[\"{l}\"]]", n.key),
        }
    };
    d.walk(|depth, visit| {
        let pad = "  ".repeat(depth);
        let _ = match visit {
            Visit::Node(n) => writeln!(out, "{pad}{}", node_line(n)),
            Visit::Open(c) => writeln!(out, "{pad}subgraph {}[\"{}\"]", c.key, esc(&c.label)),
            Visit::Close(_) => writeln!(out, "{pad}end"),
        };
    });
    // The path's edges are styled by their place in the list of edges (Mermaid's linkStyle).
    let mut on_path: Vec<String> = Vec::new();
    let mut i = 0usize;
    w.write_all(out.as_bytes())?;
    out.clear();
    d.try_edges(|e| {
        out.clear();
        let arrow = if e.dashed { "-.->" } else { "-->" };
        let _ = if e.label.is_empty() {
            writeln!(out, "  {} {arrow} {}", e.from, e.to)
        } else {
            writeln!(out, "  {} {arrow}|\"{}\"| {}", e.from, esc(&e.label), e.to)
        };
        if d.on_path(e) {
            on_path.push(i.to_string());
        }
        i += 1;
        w.write_all(out.as_bytes())
    })?;
    out.clear();
    if !d.path.is_empty() {
        out.push_str("  classDef path fill:#fff3c4,stroke:#e08600,stroke-width:2px\n");
        let keys: Vec<&str> = d
            .path
            .iter()
            .map(String::as_str)
            .filter(|k| Some(*k) != end_key)
            .collect();
        if !keys.is_empty() {
            let _ = writeln!(out, "  class {} path", keys.join(","));
        }
    }
    if !on_path.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#e08600,stroke-width:2px",
            on_path.join(",")
        );
    }
    if let Some((k, _)) = &d.end {
        let (fill, line) = d.end_colours();
        let class = if d.answered { "answered" } else { "stop" };
        let _ = writeln!(
            out,
            "  classDef {class} fill:{fill},stroke:{line},stroke-width:3px"
        );
        let _ = writeln!(out, "  class {k} {class}");
    }
    w.write_all(out.as_bytes())
}
