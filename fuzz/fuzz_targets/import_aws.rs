//! Any bytes, read as one file of an AWS CLI dump (`{"Vpcs": [...]}` and the like): the
//! importer must refuse them with an error, or write a scenario that vpcpath loads (or refuses
//! with located diagnostics), and never panic. Notes are printed text: no control character
//! may be left raw in them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The importer reads a folder: one per process, its one file rewritten.
    let dir = std::env::temp_dir().join(format!("vpcpath-fuzz-aws-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err()
        || std::fs::write(dir.join("dump.json"), data).is_err()
    {
        return;
    }
    if let Ok(imported) = vpcpath::import::aws::import(&dir) {
        for n in &imported.notes {
            assert!(!n.chars().any(|c| c.is_control() && c != '\t'), "{n:?}");
        }
        match vpcpath::load::load_str(std::path::Path::new("imported.yaml"), &imported.yaml) {
            Ok(_) => {}
            Err(vpcpath::Error::Invalid { diagnostics, .. }) => assert!(!diagnostics.is_empty()),
            Err(e) => panic!("unexpected error kind: {e}"),
        }
    }
});
