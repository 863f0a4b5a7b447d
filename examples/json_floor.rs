//! The JSON parse floor of an AWS dump: read every `*.json` file under a folder and parse it
//! into `serde_json::Value`, building nothing else. `vpcpath import aws` is measured against it
//! (docs/performance.md).
//! Usage: cargo run --release --example json_floor -- DIR

fn walk(dir: &std::path::Path, n: &mut usize) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, n);
        } else if p.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&p).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            *n += usize::from(v.is_object());
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: json_floor DIR");
    let mut n = 0;
    walk(std::path::Path::new(&dir), &mut n);
    println!("{n} files");
}
