//! The parse floor of a scenario file: the time to read it and parse it with the same YAML
//! library and budgets as vpcpath, without building anything (`ignored`), and into the
//! scenario types as written (`model`). Used by `scripts/bench-scale.sh` and
//! `scripts/bench-network-heavy.sh`.
//!
//! Usage: cargo run --release --example parse_floor -- ignored|model FILE

use std::time::Instant;

// The same allocator as the `vpcpath` binary, so that the floor is measured like the run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(file)) = (args.next(), args.next()) else {
        eprintln!("usage: parse_floor ignored|model FILE");
        std::process::exit(2);
    };
    let start = Instant::now();
    let text = std::fs::read_to_string(&file).expect("readable UTF-8 file");
    let ok = match mode.as_str() {
        "ignored" => serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(
            &text,
            vpcpath::load::yaml_options(text.len()),
        )
        .is_ok(),
        "model" => serde_saphyr::from_str_with_options::<vpcpath::model::Scenario>(
            &text,
            vpcpath::load::yaml_options(text.len()),
        )
        .is_ok(),
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    };
    println!("{mode}: {:.2}s ok={ok}", start.elapsed().as_secs_f64());
}
