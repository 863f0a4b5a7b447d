//! Any bytes, read as a scenario file: vpcpath must refuse them with located diagnostics, or
//! load them and simulate and render every request, and never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match vpcpath::load::load_bytes(Path::new("fuzz.yaml"), data.to_vec()) {
        Ok(net) => {
            let report =
                vpcpath::report::Report::new("fuzz.yaml", &net, vpcpath::run::simulate_all(&net));
            assert_eq!(report.traces.len(), net.requests.len());
            let mut out = Vec::new();
            vpcpath::report::text::render(
                &mut out,
                std::slice::from_ref(&report),
                vpcpath::report::text::Style { color: false },
            )
            .expect("rendering to memory cannot fail");
            vpcpath::report::json::render(&mut out, &[report]).expect("JSON to memory");
        }
        Err(vpcpath::Error::Invalid { diagnostics, .. }) => {
            assert!(!diagnostics.is_empty());
            // Rendering every diagnostic must not panic either.
            let _ = vpcpath::Error::Invalid {
                path: "fuzz.yaml".into(),
                text: String::from_utf8_lossy(data).into(),
                diagnostics,
            }
            .to_string();
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
});
