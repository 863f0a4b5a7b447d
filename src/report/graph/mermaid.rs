//! A [`Diagram`] as a Mermaid flowchart (renders in GitHub and GitLab Markdown).

use super::*;

/// Renders a diagram as a Mermaid flowchart.
pub fn mermaid(d: &Diagram) -> String {
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
    for e in &d.edges {
        let arrow = if e.dashed { "-.->" } else { "-->" };
        if e.label.is_empty() {
            let _ = writeln!(out, "  {} {arrow} {}", e.from, e.to);
        } else {
            let _ = writeln!(out, "  {} {arrow}|\"{}\"| {}", e.from, esc(&e.label), e.to);
        }
    }
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
    // The path's edges too, by their place in the list of edges (Mermaid's linkStyle).
    let on_path: Vec<String> = d
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| d.on_path(e))
        .map(|(i, _)| i.to_string())
        .collect();
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
    out
}
