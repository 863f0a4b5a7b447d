//! A program that simulates scenarios through vpcpath's front door only (what `vpcpath`'s
//! crate root re-exports): for each file, one line per request with its outcome and path, and
//! whether its `expect:` holds. Large files are streamed, so memory holds a chunk of requests,
//! not all of them.
//!
//! Usage: cargo run --example simulate -- FILE...

use std::path::Path;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: simulate FILE...");
        std::process::exit(2);
    }
    let mut failed = 0;
    for file in &files {
        let read = vpcpath::read_file(
            Path::new(file),
            8 * 1024 * 1024,
            |net, _streamed| {
                println!("{file}: {}", net.name);
                Ok(())
            },
            |net, requests| {
                for request in requests {
                    let trace = vpcpath::simulate(net, request);
                    let misses = match &request.expect {
                        Some(expect) => vpcpath::check(&trace, expect),
                        None => Vec::new(),
                    };
                    failed += usize::from(!misses.is_empty());
                    println!(
                        "  {:<60} {:<28} via {}",
                        trace.request,
                        trace.outcome.summary(),
                        trace.path.join(" -> ")
                    );
                    for miss in misses {
                        println!("    FAILED: {miss}");
                    }
                }
                Ok(())
            },
        );
        match read {
            Ok(_) => {}
            Err(vpcpath::FileError::Input(e)) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
            Err(vpcpath::FileError::Output(e)) => {
                eprintln!("error: cannot write: {e}");
                std::process::exit(2);
            }
        }
    }
    std::process::exit(i32::from(failed > 0));
}
