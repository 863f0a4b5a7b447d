//! vpcpath: an offline AWS network path simulator.
//!
//! A scenario file describes a small AWS world (VPCs, subnets, route tables, gateways,
//! endpoints, DNS zones, API Gateway APIs and custom domains) and requests to simulate in it.
//! For each request vpcpath computes the DNS answer, the path and the HTTP outcome, with the
//! reason at every step.
//!
//! The layers, lowest first. A module uses only modules of lower layers (`tests/layers.rs`
//! checks every import):
//!
//! ```text
//! ground    pos (where things were written), aws (what vpcpath knows of AWS), policy (IAM
//!           policies), trace (what a request did, as data) < error (diagnostics)
//! network   model (the YAML as written) < net (the resolved network) < validate (model -> net)
//!           < load (files -> validate)
//! decisions arrival (what routing hands to services), dns, filter (security groups, network
//!           ACLs), expect < tls, routing, services (API Gateway, other AWS services)
//! request   engine (orders one request's steps) < run (many requests: parallel, ordered, streamed)
//! products  fix, diff, generate < report (text, JSON, Markdown, graphs)
//! ```
//!
//! The `vpcpath` binary's command line sits on top, and uses only what is public here.
//! A denied or dropped request is a [`trace::Outcome`], never an [`error::Error`].

#![deny(missing_docs)]

pub mod arrival;
pub mod aws;
pub mod diff;
pub mod dns;
pub mod engine;
pub mod error;
pub mod expect;
pub mod filter;
pub mod fix;
pub mod generate;
pub mod load;
pub mod model;
pub mod net;
pub mod policy;
pub mod pos;
pub mod report;
pub mod routing;
pub mod run;
pub mod services;
pub mod tls;
pub mod trace;
pub mod validate;

pub use error::Error;
pub use net::Network;
pub use trace::{Outcome, Trace};
