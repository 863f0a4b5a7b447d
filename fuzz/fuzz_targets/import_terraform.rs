//! Any bytes, read as the JSON of `terraform show -json`: the importer must refuse them with an
//! error, or write a scenario that vpcpath loads (or refuses with located diagnostics), and
//! never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The importer reads a file, as the command line gives it: one per process, rewritten.
    let path = std::env::temp_dir().join(format!("vpcpath-fuzz-{}.json", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Ok(imported) = vpcpath::import::terraform::import(&path) {
        match vpcpath::load::load_str(std::path::Path::new("imported.yaml"), &imported.yaml) {
            Ok(_) => {}
            Err(vpcpath::Error::Invalid { diagnostics, .. }) => assert!(!diagnostics.is_empty()),
            Err(e) => panic!("unexpected error kind: {e}"),
        }
    }
    let _ = vpcpath::import::terraform::plan_sides(&path);
});
