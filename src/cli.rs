//! The command line: parses arguments with clap, runs the library, prints, and returns the
//! exit code (0 ran / all expectations hold, 1 an expectation failed, 2 bad input or usage).
//! No simulation logic lives here.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use vpcpath::error::Error;
use vpcpath::report::{self, Report, text::Style};

/// Writes a line on stderr. A closed or failing stderr (`2>&1 | head -1`) is no reason to
/// stop, and never a panic: what could not be said is dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod args;
mod commands;
mod diff;
mod imports;
use imports::{import_with, matrix};
mod man;
mod markdown;
mod output;
mod requests;
mod review;
mod run;
mod serve;
use args::*;
use commands::*;
use diff::*;
use man::*;
use markdown::*;
use requests::find_request;
use review::*;
use run::*;
use serve::*;

/// How a command ended. The exit status is decided once, from this, in [`main`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// It ran, and every expectation held (or none was asked): 0.
    Done,
    /// It ran, and found what the user asked to be told of: an expectation that failed, a
    /// request that changed (`diff`), a request no single edit fixes (`fix`): 1.
    Found,
    /// A file could not be read or describes something AWS refuses, or the arguments are
    /// wrong: 2.
    BadInput,
}

impl Status {
    /// `BadInput` if `bad`, else `Found` if `found`, else `Done`.
    pub(crate) fn of(bad: bool, found: bool) -> Status {
        if bad {
            Status::BadInput
        } else if found {
            Status::Found
        } else {
            Status::Done
        }
    }
}

/// Parses the process arguments, runs, and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse().and_then(refuse_conflicts) {
        Ok(c) => c,
        Err(e) => {
            // `--help` and `--version` print on stdout: a failure to write them is one too. A
            // usage error is 2 whether or not stderr took its message.
            let status = if e.use_stderr() {
                Status::BadInput
            } else {
                Status::Done
            };
            return match e.print().and_then(|()| io::stdout().flush()) {
                Err(w) if w.kind() != io::ErrorKind::BrokenPipe || !e.use_stderr() => {
                    exit_code(Err(w))
                }
                _ => exit_code(Ok(status)),
            };
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
            request,
        } => {
            let only = Only::new(request);
            // A terminal gets each line as it is written. A pipe or a file gets large writes:
            // stdout writes a line at a time, a system call per line (20 million for the text
            // report of a million requests).
            let code = if io::stdout().is_terminal() {
                run(&mut out, &paths, format, color, summary, &only)
            } else {
                // Streamed reports hand over buffers of 64 traces, larger than this: those
                // go straight to the output instead of being copied into the buffer first.
                let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut out);
                run(&mut buffered, &paths, format, color, summary, &only)
                    .and_then(|c| buffered.flush().map(|()| c))
            };
            only.check(code, &paths)
        }
        Command::Test {
            paths,
            request,
            quiet,
        } => test(&mut out, &paths, request, quiet),
        Command::Check { paths } => check(&mut out, &paths),
        Command::Schema => schema(&mut out),
        Command::Version { json } => {
            let v = vpcpath::report::about::About::this();
            let text = if json { v.json() } else { v.text() };
            out.write_all(text.as_bytes()).map(|()| Status::Done)
        }
        Command::Import(ImportSource::Aws { dir, output }) => {
            let mut inputs = Vec::new();
            let _ = vpcpath::load::files_under(&dir, &["json"], &mut inputs);
            import_with(
                &mut out,
                vpcpath::import::aws::import(&dir),
                output,
                &inputs,
            )
        }
        Command::Import(ImportSource::Terraform { file, output }) => {
            let inputs = [file.clone()];
            import_with(
                &mut out,
                vpcpath::import::terraform::import(&file),
                output,
                &inputs,
            )
        }
        Command::Review {
            plan,
            requests,
            network,
            format,
            fail_on,
        } => {
            let options = vpcpath::review::Options {
                plan: &plan,
                requests: requests.as_deref(),
                network: network.as_deref(),
            };
            review(&mut out, &options, format, fail_on)
        }
        Command::Matrix { path, output } => matrix(&mut out, &path, output),
        Command::Completions { shell } => {
            // Written to memory first: the generator panics on a failed write.
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "vpcpath", &mut script);
            out.write_all(&script)
                .and_then(|()| out.flush())
                .map(|()| Status::Done)
        }
        Command::Man { command } => man(&mut out, &command),
        Command::Generate {
            size,
            vpcs,
            subnets_per_vpc,
            routes_per_table,
            apis,
            custom_domains,
            requests,
            seed,
            shape,
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
                shape: match shape {
                    Shape::Mesh => vpcpath::generate::Shape::Mesh,
                    Shape::HubAndSpoke => vpcpath::generate::Shape::HubAndSpoke,
                    Shape::NetworkHeavy => vpcpath::generate::Shape::NetworkHeavy,
                },
            };
            if let Err(why) = p.check() {
                say!("error: {why}");
                return exit_code(Ok(Status::BadInput));
            }
            let mut buffered = io::BufWriter::new(&mut out);
            vpcpath::generate::write(&mut buffered, &p)
                .and_then(|()| buffered.flush())
                .map(|()| Status::Done)
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
        Command::Serve {
            paths,
            port,
            host,
            open,
        } => serve(&mut out, &paths, host, port, open),
    };
    exit_code(code)
}

/// Flags that parse but do not combine are refused, never ignored.
fn refuse_conflicts(cli: Cli) -> Result<Cli, clap::Error> {
    if let Command::Run {
        format: Format::Markdown,
        request: Some(_),
        ..
    } = cli.command
    {
        let mut cmd = <Cli as clap::CommandFactory>::command();
        return Err(cmd.error(
            clap::error::ErrorKind::ArgumentConflict,
            "--format markdown writes a whole review document: --request takes one request's \
             trace as text, JSON or JSON Lines",
        ));
    }
    if let Command::Run {
        summary: true,
        format: Format::Markdown,
        ..
    } = cli.command
    {
        let mut cmd = <Cli as clap::CommandFactory>::command();
        return Err(cmd.error(
            clap::error::ErrorKind::ArgumentConflict,
            "--summary prints counts as text or JSON, and --format markdown a whole review \
             document: use one or the other",
        ));
    }
    Ok(cli)
}

/// The exit status of a command's end: the one place it is decided. A closed pipe (`| head`)
/// is not a failure; any other failure to write is.
fn exit_code(ended: io::Result<Status>) -> i32 {
    match ended {
        Ok(Status::Done) => 0,
        Ok(Status::Found) => 1,
        Ok(Status::BadInput) => 2,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            say!("error: cannot write to the standard output: {e}");
            2
        }
    }
}

/// The scenario files `paths` name (directories searched), or `None` once the reason there are
/// none is printed on stderr (after flushing `out`, so that it follows what was written).
fn discover(out: &mut dyn Write, paths: &[PathBuf]) -> io::Result<Option<Vec<PathBuf>>> {
    match vpcpath::load::discover(paths) {
        Ok(files) => Ok(Some(files)),
        Err(e) => {
            out.flush()?;
            print_error(&e);
            Ok(None)
        }
    }
}

/// Prints a file's warnings on stderr, each with its line quoted as errors are.
fn print_warnings(file: &str, net: &vpcpath::net::Network) {
    if net.warnings.is_empty() {
        return;
    }
    let text = vpcpath::load::input::reread(std::path::Path::new(file));
    let color = stderr_color();
    let source = vpcpath::error::Source::new(std::path::Path::new(file), text);
    for d in net
        .warnings
        .iter()
        .take(vpcpath::report::MAX_LISTED_WARNINGS)
    {
        let rendered = source.render(d, color);
        say!("{}", rendered.trim_end());
    }
    if net.warnings.len() > vpcpath::report::MAX_LISTED_WARNINGS {
        say!(
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
    say!("{}", text.trim_end());
}
