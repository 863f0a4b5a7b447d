//! The command line: parses arguments with clap, runs the library, prints, and returns the
//! exit code (0 ran / all expectations hold, 1 an expectation failed, 2 bad input or usage).
//! No simulation logic lives here.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use vpcpath::error::Error;
use vpcpath::report::{self, Report, text::Style};

/// Offline AWS network path simulator: DNS answer, path and HTTP outcome of every request in
/// a scenario of VPCs, endpoints, gateways and API Gateway APIs.
#[derive(Debug, Parser)]
#[command(name = "vpcpath", version, about, long_about = None, after_help = "\
Examples:
  vpcpath run scenarios/                  trace every request of every bundled scenario
  vpcpath run --format json my.yaml       the same as JSON, for tools
  vpcpath test scenarios/                 check every `expect:`; exit 1 if one fails
  vpcpath check my.yaml                   only validate the file
  vpcpath graph my.yaml -r NAME           draw the topology with that request's path (Mermaid)
  vpcpath diff before.yaml after.yaml     the requests a change affects; exit 1 if any
  vpcpath fix my.yaml --want 200          verified single-edit fixes of failing requests

The scenario format is described in docs/scenario-format.md.")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate every request and print each trace.
    #[command(
        after_help = "Exit status: 0 when every file was simulated, 2 when a file could not be read or is invalid."
    )]
    Run {
        /// Scenario files, or folders searched recursively for *.yaml and *.yml.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Colour the text report: auto colours only on a terminal, and never when NO_COLOR is set.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Print counts by outcome and by where requests ended, and the number of warnings, instead
        /// of every trace.
        #[arg(long)]
        summary: bool,
    },
    /// Check every request's `expect:`; one line per request, then `N passed, N failed`.
    #[command(
        after_help = "Exit status: 0 when every expectation holds, 1 when one fails, 2 on bad input."
    )]
    Test {
        /// Scenario files, or folders searched recursively for *.yaml and *.yml.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Validate scenario files without simulating.
    #[command(after_help = "Exit status: 0 when every file is valid, 2 otherwise.")]
    Check {
        /// Scenario files, or folders searched recursively for *.yaml and *.yml.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Simulate the same requests in two versions of a scenario and list those that changed.
    #[command(
        after_help = "Requests are matched by name. Exit status: 0 when nothing changed, 1 when a request changed, appeared or disappeared, 2 on bad input."
    )]
    Diff {
        /// The scenario before the change.
        #[arg(value_name = "BEFORE")]
        before: PathBuf,
        /// The scenario after the change.
        #[arg(value_name = "AFTER")]
        after: PathBuf,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Suggest single edits that fix a request, each verified by re-simulating the scenario.
    #[command(
        after_help = "Without --request: every request whose expect: fails (or, with --want, that does not get that status). Each fix is re-simulated over the whole scenario and reported with every other request it changes.\nExit status: 0 when every request considered has a fix (or none needed one), 1 when one has none, 2 on bad input."
    )]
    Fix {
        /// The scenario file.
        #[arg(value_name = "SCENARIO")]
        path: PathBuf,
        /// Only this request.
        #[arg(long, short, value_name = "NAME")]
        request: Option<String>,
        /// What fixed means: an HTTP status (e.g. 200); default: the request's expect:, or any
        /// status below 400 for a request without one.
        #[arg(long, value_name = "STATUS")]
        want: Option<u16>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Draw a scenario's topology, optionally with one request's path on it.
    #[command(
        after_help = "Mermaid renders in GitHub and GitLab Markdown (```mermaid blocks); DOT renders with Graphviz; svg runs Graphviz's `dot` for you.\nExit status: 0, or 2 on bad input, an unknown request or a missing `dot`."
    )]
    Graph {
        /// The scenario file.
        #[arg(value_name = "SCENARIO")]
        path: PathBuf,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
        /// Highlight this request's path and mark where it ended.
        #[arg(long, short, value_name = "NAME")]
        request: Option<String>,
    },
    /// Write a deterministic synthetic scenario, for benchmarks and scale tests.
    #[command(
        after_help = "Sizes: large is 1,000 VPCs, 10,000 subnets, 100,000 routes and 1,000,000 requests; medium divides every count by 10, small by 100. Options override one count.\nExample: vpcpath generate --size medium --seed 2 > medium.yaml"
    )]
    Generate {
        /// A preset size.
        #[arg(long, value_enum, default_value_t = Size::Small)]
        size: Size,
        /// VPCs (at most 4,096).
        #[arg(long)]
        vpcs: Option<usize>,
        /// Subnets per VPC (4 to 16).
        #[arg(long)]
        subnets_per_vpc: Option<usize>,
        /// Routes per route table, beyond local.
        #[arg(long)]
        routes_per_table: Option<usize>,
        /// APIs.
        #[arg(long)]
        apis: Option<usize>,
        /// Custom domains.
        #[arg(long)]
        custom_domains: Option<usize>,
        /// Requests.
        #[arg(long)]
        requests: Option<usize>,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print the JSON Schema (draft-07) of scenario files, for editors.
    #[command(
        after_help = "Save it and point the YAML language server at it with a first line such as\n  # yaml-language-server: $schema=./vpcpath.schema.json\nSee docs/editors.md."
    )]
    Schema,
}

/// Preset sizes of a generated scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Size {
    /// 10 VPCs, 100 subnets, 1,000 routes, 10,000 requests.
    Small,
    /// 100 VPCs, 1,000 subnets, 10,000 routes, 100,000 requests.
    Medium,
    /// 1,000 VPCs, 10,000 subnets, 100,000 routes, 1,000,000 requests.
    Large,
}

/// Diagram formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart.
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// SVG, rendered by Graphviz's `dot` (which must be installed).
    Svg,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text, one line per step.
    Text,
    /// One JSON array of scenario reports (see docs/json.md).
    Json,
    /// JSON Lines: one object per request, written as it is simulated (see docs/json.md).
    Jsonl,
    /// A Markdown review document.
    Markdown,
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Parses the process arguments, runs, and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let code = match cli.command {
        Command::Run {
            paths,
            format,
            color,
            summary,
        } => {
            // A terminal gets each line as it is written. A pipe or a file gets large writes:
            // stdout writes a line at a time, a system call per line (20 million for the text
            // report of a million requests).
            if io::stdout().is_terminal() {
                run(&mut out, &paths, format, color, summary)
            } else {
                // Streamed reports hand over buffers of 64 traces, larger than this: those
                // go straight to the output instead of being copied into the buffer first.
                let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut out);
                run(&mut buffered, &paths, format, color, summary)
                    .and_then(|c| buffered.flush().map(|()| c))
            }
        }
        Command::Test { paths } => test(&mut out, &paths),
        Command::Check { paths } => check(&mut out, &paths),
        Command::Schema => schema(&mut out),
        Command::Generate {
            size,
            vpcs,
            subnets_per_vpc,
            routes_per_table,
            apis,
            custom_domains,
            requests,
            seed,
        } => {
            let base = vpcpath::generate::Params::large(match size {
                Size::Small => 100,
                Size::Medium => 10,
                Size::Large => 1,
            });
            let p = vpcpath::generate::Params {
                vpcs: vpcs.unwrap_or(base.vpcs),
                subnets_per_vpc: subnets_per_vpc.unwrap_or(base.subnets_per_vpc),
                routes_per_table: routes_per_table.unwrap_or(base.routes_per_table),
                apis: apis.unwrap_or(base.apis),
                custom_domains: custom_domains.unwrap_or(base.custom_domains),
                requests: requests.unwrap_or(base.requests),
                seed,
            };
            let mut buffered = io::BufWriter::new(&mut out);
            vpcpath::generate::write(&mut buffered, &p)
                .and_then(|()| buffered.flush())
                .map(|()| 0)
        }
        Command::Diff {
            before,
            after,
            format,
        } => diff(&mut out, &before, &after, format),
        Command::Fix {
            path,
            request,
            want,
            format,
        } => fix(&mut out, &path, request.as_deref(), want, format),
        Command::Graph {
            path,
            format,
            request,
        } => graph(&mut out, &path, format, request.as_deref()),
    };
    match code {
        Ok(c) => c,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            2
        }
    }
}

/// Loads every file under `paths`, printing errors to stderr. Returns the loaded networks and
/// whether any input was bad.
fn load_all(paths: &[PathBuf]) -> (Vec<(String, vpcpath::net::Network)>, bool) {
    let files = match vpcpath::load::discover(paths) {
        Ok(f) => f,
        Err(e) => {
            print_error(&e);
            return (Vec::new(), true);
        }
    };
    let mut bad = false;
    let mut nets = Vec::new();
    for f in files {
        match vpcpath::load::load_file(&f) {
            Ok(net) => nets.push((f.display().to_string(), net)),
            Err(e) => {
                print_error(&e);
                bad = true;
            }
        }
    }
    (nets, bad)
}

/// Prints a file's warnings on stderr, each with its line quoted as errors are.
fn print_warnings(file: &str, net: &vpcpath::net::Network) {
    if net.warnings.is_empty() {
        return;
    }
    let text: std::sync::Arc<str> = std::fs::read_to_string(file).unwrap_or_default().into();
    let color = stderr_color();
    for d in net
        .warnings
        .iter()
        .take(vpcpath::report::MAX_LISTED_WARNINGS)
    {
        let rendered = vpcpath::error::render(std::path::Path::new(file), &text, d, color);
        eprintln!("{}", rendered.trim_end());
    }
    if net.warnings.len() > vpcpath::report::MAX_LISTED_WARNINGS {
        eprintln!(
            "warning: {file}: {} more warnings not shown (all are in `vpcpath run --format json`, under diagnostics)",
            net.warnings.len() - vpcpath::report::MAX_LISTED_WARNINGS
        );
    }
}

fn stderr_color() -> bool {
    io::stderr().is_terminal() && !no_color()
}

/// Whether `NO_COLOR` asks for no colour (set and not empty).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

fn print_error(e: &Error) {
    let text = e.render(stderr_color());
    eprintln!("{}", text.trim_end());
}

fn run(
    out: &mut dyn Write,
    paths: &[PathBuf],
    format: Format,
    color: ColorChoice,
    summary: bool,
) -> io::Result<i32> {
    if summary || matches!(format, Format::Text | Format::Jsonl) {
        return run_streaming(out, paths, format, color, summary);
    }
    let (nets, bad) = load_all(paths);
    let mut reports: Vec<Report> = nets
        .iter()
        .map(|(f, n)| Report::new(f, n, vpcpath::run::simulate_all(n)))
        .collect();
    if format == Format::Markdown {
        // A review document: each scenario's diagram and the fixes of failing requests.
        for (r, (f, n)) in reports.iter_mut().zip(&nets) {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            let fixes = vpcpath::fix::suggest(
                std::path::Path::new(f),
                &text,
                None,
                vpcpath::fix::Want::Expect,
            );
            r.review = Some(report::Review::new(n, fixes));
        }
    }
    match format {
        Format::Json => report::json::render(out, &reports)?,
        _ => report::markdown::render(out, &reports)?,
    }
    Ok(if bad { 2 } else { 0 })
}

/// The text, JSON Lines and summary reports: one file at a time, requests simulated in
/// parallel chunks and written in order as they are done, so memory holds one file and one
/// chunk of traces.
fn run_streaming(
    out: &mut dyn Write,
    paths: &[PathBuf],
    format: Format,
    color: ColorChoice,
    summary: bool,
) -> io::Result<i32> {
    let files = match vpcpath::load::discover(paths) {
        Ok(f) => f,
        Err(e) => {
            out.flush()?;
            print_error(&e);
            return Ok(2);
        }
    };
    let style = Style {
        color: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => io::stdout().is_terminal() && !no_color(),
        },
    };
    let mut bad = false;
    for (i, path) in files.iter().enumerate() {
        let file = path.display().to_string();
        let mut sink = if summary {
            Sink::Summary(vpcpath::report::summary::Counts::default())
        } else if format == Format::Jsonl {
            Sink::Jsonl(Vec::new())
        } else {
            Sink::Text(style, Vec::new())
        };
        // Large files are read as a stream (when their shape allows it, see `load::stream_file`).
        let min = std::env::var("VPCPATH_STREAM_MIN_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(STREAM_MIN_BYTES);
        let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= min);
        if large {
            let progress = progress_bar(None);
            let mut name = String::new();
            let mut head_warnings = 0;
            // The text report's header goes before the first trace.
            let header: std::cell::Cell<Option<Report>> = std::cell::Cell::new(None);
            let text_style = match sink {
                Sink::Text(style, _) => Some(style),
                _ => None,
            };
            let write_header = |out: &mut dyn Write| match (header.take(), text_style) {
                (Some(h), Some(style)) => {
                    if i > 0 {
                        writeln!(out)?;
                    }
                    report::text::header(out, &h, style)
                }
                _ => Ok(()),
            };
            // A failed write (a closed pipe) is the output's problem, not the file's.
            let mut write_error = None;
            let streamed = vpcpath::load::stream_file(
                path,
                |net| {
                    name = net.name.clone();
                    head_warnings = net.warnings.len();
                    header.set(Some(Report::header(&file, net)));
                    Ok(())
                },
                |net, chunk| {
                    let written = write_header(out)
                        .and_then(|()| sink.emit(out, &file, net, &chunk, &progress));
                    if let Err(e) = written {
                        let stop = io::Error::new(e.kind(), "the output was closed");
                        write_error = Some(e);
                        return Err(stop);
                    }
                    Ok(())
                },
            );
            progress.finish_and_clear();
            if let Some(e) = write_error {
                return Err(e);
            }
            match streamed {
                Ok(Some(warnings)) => {
                    write_header(out)?;
                    if let Sink::Text(style, _) = sink {
                        let listed: Vec<report::ReportDiagnostic> =
                            warnings.listed.iter().map(Into::into).collect();
                        report::text::request_warnings(out, &file, &listed, warnings.more, style)?;
                    }
                    let all = head_warnings + warnings.listed.len() + warnings.more;
                    sink.finish(out, &file, &name, format, all)?;
                    continue;
                }
                Ok(None) => {}
                Err(e) => {
                    out.flush()?;
                    print_error(&e);
                    bad = true;
                    continue;
                }
            }
        }
        let net = match vpcpath::load::load_file(path) {
            Ok(n) => n,
            Err(e) => {
                out.flush()?;
                print_error(&e);
                bad = true;
                continue;
            }
        };
        if let Sink::Text(style, _) = sink {
            if i > 0 {
                writeln!(out)?;
            }
            report::text::header(out, &Report::header(&file, &net), style)?;
        }
        let progress = progress_bar(Some(net.requests.len()));
        sink.emit(out, &file, &net, &net.requests, &progress)?;
        progress.finish_and_clear();
        sink.finish(out, &file, &net.name, format, net.warnings.len())?;
    }
    Ok(if bad { 2 } else { 0 })
}

/// Files at least this large are read as a stream by `run` in text, `--format jsonl` and
/// `--summary` (the environment variable `VPCPATH_STREAM_MIN_BYTES` overrides it, for tests).
const STREAM_MIN_BYTES: u64 = 8 * 1024 * 1024;

/// What a streaming run does with the traces, chunk by chunk.
enum Sink {
    /// Counts them.
    Summary(vpcpath::report::summary::Counts),
    /// Writes a JSON line each (into buffers kept from chunk to chunk).
    Jsonl(Vec<Vec<u8>>),
    /// Writes each as text (into buffers kept from chunk to chunk).
    Text(Style, Vec<Vec<u8>>),
}

impl Sink {
    fn emit(
        &mut self,
        out: &mut dyn Write,
        file: &str,
        net: &vpcpath::net::Network,
        requests: &[vpcpath::net::Request],
        progress: &indicatif::ProgressBar,
    ) -> io::Result<()> {
        use vpcpath::run::{render_each, simulate_each};
        let mut write = |n: usize, buffers: &[Vec<u8>]| {
            progress.inc(n as u64);
            buffers.iter().try_for_each(|b| out.write_all(b))
        };
        match self {
            Sink::Summary(counts) => simulate_each(
                requests,
                |r| vpcpath::report::summary::Seen::of(vpcpath::engine::ending(net, r)),
                |done| {
                    progress.inc(done.len() as u64);
                    counts.add(done);
                    Ok(())
                },
            ),
            Sink::Jsonl(buffers) => render_each(
                requests,
                buffers,
                |r, buf| {
                    vpcpath::report::json::write_line(buf, file, &vpcpath::engine::simulate(net, r))
                },
                &mut write,
            ),
            Sink::Text(style, buffers) => {
                let style = *style;
                render_each(
                    requests,
                    buffers,
                    |r, buf| {
                        report::text::trace(buf, &vpcpath::engine::simulate(net, r), style);
                    },
                    &mut write,
                )
            }
        }
    }

    /// Writes what comes after the traces: the counts of a summary, with the number of
    /// `warnings` about the file.
    fn finish(
        &mut self,
        out: &mut dyn Write,
        file: &str,
        name: &str,
        format: Format,
        warnings: usize,
    ) -> io::Result<()> {
        match self {
            Sink::Summary(counts) => {
                counts.warnings = warnings;
                match format {
                    Format::Json | Format::Jsonl => {
                        vpcpath::report::summary::json(out, file, counts)
                    }
                    _ => vpcpath::report::summary::text(out, file, name, counts),
                }
            }
            _ => Ok(()),
        }
    }
}

/// A progress bar on stderr for long runs, when stderr is a terminal; hidden otherwise.
fn progress_bar(requests: Option<usize>) -> indicatif::ProgressBar {
    if requests.is_some_and(|n| n < 20_000) || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let Some(requests) = requests else {
        // A streamed file: the number of requests is not known in advance.
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} requests ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        return spinner;
    };
    let bar = indicatif::ProgressBar::new(requests as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} requests ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn test(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<i32> {
    let (nets, bad) = load_all(paths);
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (file, net) in &nets {
        print_warnings(file, net);
        for (req, trace) in net.requests.iter().zip(vpcpath::run::simulate_all(net)) {
            let Some(expect) = &req.expect else {
                skipped += 1;
                writeln!(
                    out,
                    "skip  {file} :: {}  (no expect; got {})",
                    req.name,
                    trace.outcome.summary()
                )?;
                continue;
            };
            let misses = vpcpath::expect::check(&trace, expect);
            if misses.is_empty() {
                passed += 1;
                writeln!(
                    out,
                    "ok    {file} :: {}  ({})",
                    req.name,
                    trace.outcome.summary()
                )?;
            } else {
                failed += 1;
                writeln!(out, "FAIL  {file} :: {}", req.name)?;
                for m in misses {
                    writeln!(out, "        {m}")?;
                }
            }
        }
    }
    if skipped > 0 {
        writeln!(out, "{passed} passed, {failed} failed, {skipped} skipped")?;
    } else {
        writeln!(out, "{passed} passed, {failed} failed")?;
    }
    Ok(if bad {
        2
    } else if failed > 0 {
        1
    } else {
        0
    })
}

/// Loads one scenario file for the commands that take exactly one.
fn load_one(path: &std::path::Path) -> Option<vpcpath::net::Network> {
    match vpcpath::load::load_file(path) {
        Ok(net) => Some(net),
        Err(e) => {
            print_error(&e);
            None
        }
    }
}

/// Finds a request by name, or says which names exist.
fn find_request<'a>(
    traces: &'a [vpcpath::trace::Trace<'a>],
    name: &str,
    path: &std::path::Path,
) -> Option<&'a vpcpath::trace::Trace<'a>> {
    let found = traces.iter().find(|t| t.request == name);
    if found.is_none() {
        let names = traces.iter().map(|t| t.request.as_ref());
        let help = vpcpath::validate::suggest_or(
            name,
            names,
            "run `vpcpath test` on the file to list its requests",
        );
        eprintln!(
            "error: {} has no request named `{name}`\n  help: {help}",
            path.display()
        );
    }
    found
}

fn diff(
    out: &mut dyn Write,
    before: &std::path::Path,
    after: &std::path::Path,
    format: Format,
) -> io::Result<i32> {
    let (Some(old), Some(new)) = (load_one(before), load_one(after)) else {
        return Ok(2);
    };
    let d = vpcpath::diff::diff(
        &before.display().to_string(),
        &old,
        &after.display().to_string(),
        &new,
    );
    match format {
        Format::Text => report::diff::text(out, &d)?,
        Format::Json | Format::Jsonl => report::diff::json(out, &d)?,
        Format::Markdown => report::diff::markdown(out, &d)?,
    }
    Ok(if d.changes.is_empty() { 0 } else { 1 })
}

fn fix(
    out: &mut dyn Write,
    path: &std::path::Path,
    request: Option<&str>,
    want: Option<u16>,
    format: Format,
) -> io::Result<i32> {
    let Some(net) = load_one(path) else {
        return Ok(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let traces = vpcpath::run::simulate_all(&net);
    let want = match want {
        Some(s) => vpcpath::fix::Want::Status(s),
        None => vpcpath::fix::Want::Expect,
    };
    if let Some(name) = request {
        let Some(t) = find_request(&traces, name, path) else {
            return Ok(2);
        };
        let i = traces.iter().position(|x| std::ptr::eq(x, t)).unwrap_or(0);
        let expect = net.requests[i].expect.as_ref();
        if want == vpcpath::fix::Want::Expect && expect.is_none() {
            // Without an expectation, fixed means a successful answer.
            return fix_render(
                out,
                path,
                vpcpath::fix::suggest(path, &text, Some(name), vpcpath::fix::Want::Success),
                format,
            );
        }
        if !vpcpath::fix::fails(t, expect, want) {
            writeln!(
                out,
                "{name}: already as wanted ({}); nothing to fix",
                t.outcome.summary()
            )?;
            return Ok(0);
        }
    }
    let all = vpcpath::fix::suggest(path, &text, request, want);
    fix_render(out, path, all, format)
}

fn fix_render(
    out: &mut dyn Write,
    path: &std::path::Path,
    all: Vec<vpcpath::fix::RequestFixes>,
    format: Format,
) -> io::Result<i32> {
    match format {
        Format::Text => report::fixes::text(out, &path.display().to_string(), &all)?,
        Format::Json | Format::Jsonl => report::fixes::json(out, &all)?,
        Format::Markdown => report::fixes::markdown(out, &all)?,
    }
    Ok(if all.iter().any(|r| r.fixes.is_empty()) {
        1
    } else {
        0
    })
}

fn graph(
    out: &mut dyn Write,
    path: &std::path::Path,
    format: GraphFormat,
    request: Option<&str>,
) -> io::Result<i32> {
    let Some(net) = load_one(path) else {
        return Ok(2);
    };
    let mut diagram = report::graph::Diagram::of(&net);
    if let Some(name) = request {
        let traces = vpcpath::run::simulate_all(&net);
        let Some(t) = find_request(&traces, name, path) else {
            return Ok(2);
        };
        diagram = diagram.with_trace(&net, t);
    }
    match format {
        GraphFormat::Mermaid => out.write_all(report::graph::mermaid(&diagram).as_bytes())?,
        GraphFormat::Dot => out.write_all(report::graph::dot(&diagram).as_bytes())?,
        GraphFormat::Svg => match report::graph::svg(&diagram) {
            Ok(svg) => out.write_all(svg.as_bytes())?,
            Err(why) => {
                eprintln!(
                    "error: {why}\n  help: install Graphviz (`apt install graphviz`), or use --format dot or mermaid"
                );
                return Ok(2);
            }
        },
    }
    Ok(0)
}

fn schema(out: &mut dyn Write) -> io::Result<i32> {
    let text = serde_json::to_string_pretty(&vpcpath::model::json_schema())
        .map_err(|e| io::Error::other(e.to_string()))?;
    writeln!(out, "{text}")?;
    Ok(0)
}

fn check(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<i32> {
    let (nets, bad) = load_all(paths);
    for (file, net) in &nets {
        let warnings = match net.warnings.len() {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            n => format!(", {n} warnings"),
        };
        writeln!(
            out,
            "ok    {file}  ({} requests{warnings})",
            net.requests.len()
        )?;
        print_warnings(file, net);
    }
    Ok(if bad { 2 } else { 0 })
}
