//! The one integration-test binary: scenario snapshots, error snapshots, the CLI end to end.

mod batfish;
mod browser;
mod browser_cases;
mod cli;
mod collector;
mod determinism;
mod diff;
mod docs;
mod errors;
mod fix;
mod graph;
mod hostile;
mod import;
mod import_accounts;
mod import_notes;
mod layers;
mod newcomer;
mod scenarios;
mod schema;
mod serve;
mod source;
mod terraform;
mod terraform_refreshed;
