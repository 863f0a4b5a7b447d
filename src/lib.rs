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
//!           policies) < trace (what a request did, as data, in aws's words) < error
//!           (diagnostics)
//! network   model (the YAML as written) < net (the resolved network) < dns (names as the
//!           Resolver answers them: the network's alone, so validation's lints ask it as the
//!           engine does) < validate (model -> net) < load (files -> validate)
//! decisions arrival (what routing hands to services), filter (security groups, network
//!           ACLs), expect < tls, routing, services (API Gateway, other AWS services)
//! request   engine (orders one request's steps) < run (many requests: parallel, ordered, streamed)
//! products  fix, diff, generate, import (AWS CLI dumps and Terraform JSON -> model) < report
//!           (text, JSON, Markdown, graphs) < review (a Terraform plan's two sides, compared)
//! page      serve (a local page for learners and its JSON API, over all of the above)
//! ```
//!
//! The `vpcpath` binary's command line sits on top, and uses only what is public here.
//! A denied or dropped request is a [`trace::Outcome`], never an [`error::Error`].
//!
//! # The front door
//!
//! A program that simulates scenarios needs only what is re-exported at the top: [`load_str`]
//! or [`load_file`] to read a scenario into a [`Network`], [`simulate`] for one [`Request`] or
//! [`simulate_all`] for every one, [`read_file`] to stream a large file, the [`Trace`] each
//! returns with its [`Step`]s and [`Outcome`], [`check`] against a request's `expect:`, and
//! the [`Error`] a bad file gives, with its [`Diagnostic`]s.
//!
//! ```
//! use std::path::Path;
//!
//! let yaml = r#"
//! scenario: one instance calls a public AWS service
//! region: us-east-1
//! vpcs:
//!   - id: vpc-a
//!     cidr: 10.0.0.0/16
//!     internet_gateway: igw-a
//!     subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]
//!     route_tables:
//!       - { id: rtb-a, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
//!     instances: [{ id: i-a, subnet: subnet-a, public_ip: true }]
//! requests:
//!   - { name: sts, from: i-a, url: "https://sts.us-east-1.amazonaws.com/", expect: { status: 200 } }
//! "#;
//! let net = vpcpath::load_str(Path::new("example.yaml"), yaml)?;
//! for (request, trace) in net.requests.iter().zip(vpcpath::simulate_all(&net)) {
//!     assert_eq!(trace.outcome.summary(), "http 200");
//!     assert!(trace.touches("igw-a"));
//!     let misses = request.expect.as_ref().map(|e| vpcpath::check(&trace, e));
//!     assert_eq!(misses, Some(vec![]));
//! }
//! # Ok::<(), vpcpath::Error>(())
//! ```
//!
//! `examples/simulate.rs` is a whole program that uses nothing else.
//!
//! # No stability promise yet
//!
//! Everything else is public so that the binary, the tests and the benchmarks can reach it,
//! not as a promise: the modules below are vpcpath's insides, and they change from one version
//! to the next as the model grows. Only the front door above is meant for other programs, and
//! it too may change before version 1.0.

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
pub mod import;
pub mod load;
pub mod model;
pub mod net;
pub mod policy;
pub mod pos;
pub mod report;
pub mod review;
pub mod routing;
pub mod run;
pub mod serve;
pub mod services;
pub mod tls;
pub mod trace;
pub mod validate;

pub use engine::simulate;
pub use error::{Diagnostic, Error};
pub use expect::check;
pub use load::{load_file, load_str};
pub use net::{Network, Request};
pub use run::{FileError, Read, file as read_file, simulate_all};
pub use trace::{Outcome, Step, Trace};
