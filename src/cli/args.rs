//! The arguments: every subcommand and flag, as clap parses them, with the help they print.

use super::*;

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
        after_help = "Files of 8 MiB and more are read as a stream (memory holds the network and a few thousand requests); the Markdown report of such a file keeps its requests' sections in a temporary file (in TMPDIR) until its table is written.\nExit status: 0 when every file was simulated, 2 when a file could not be read or is invalid."
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
        /// of every trace: as text, or with --format json or jsonl as one JSON line per file.
        #[arg(long)]
        summary: bool,
        /// Only the request of this name (in each file that has one), as `graph` and `fix` take it.
        #[arg(long, short, value_name = "NAME")]
        request: Option<String>,
    },
    /// Check every request's `expect:`; one line per request, then `N passed, N failed`.
    #[command(
        after_help = "Exit status: 0 when every expectation holds, 1 when one fails, 2 on bad input."
    )]
    Test {
        /// Scenario files, or folders searched recursively for *.yaml and *.yml.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Only the request of this name (in each file that has one), as `run` takes it.
        #[arg(long, short, value_name = "NAME")]
        request: Option<String>,
        /// Do not print the files' warnings; the last line counts them (`vpcpath check`
        /// shows them).
        #[arg(long, short)]
        quiet: bool,
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
        #[arg(long, short, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Suggest single edits that fix a request, each verified by re-simulating the scenario.
    #[command(
        after_help = "Without --request: every request whose expect: fails (or, with --want, that does not get that status). Each fix is verified by simulating the edited scenario again (the request, and every other request whose trace met what the edit changes) and reported with every other request it changes.\nExit status: 0 when every request considered has a fix (or none needed one), 1 when one has none, 2 on bad input."
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
        #[arg(long, short, value_enum, default_value_t = FixFormat::Text)]
        format: FixFormat,
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
        after_help = "Sizes: large is 1,000 VPCs, 10,000 subnets, 100,000 routes and 1,000,000 requests; medium divides every count by 10, small by 100. Options override one count.\nExample: vpcpath generate --size medium --seed 2 > medium.yaml\nAn organisation: vpcpath generate --size medium --shape hub-and-spoke > org.yaml\nLong route tables and many rules: vpcpath generate --size medium --shape network-heavy > heavy.yaml"
    )]
    Generate {
        /// A preset size.
        #[arg(long, value_enum, default_value_t = Size::Small)]
        size: Size,
        /// VPCs (1 to 12,288; the hub-and-spoke shape 1 to 4,096).
        #[arg(long)]
        vpcs: Option<usize>,
        /// Subnets per VPC (4 to 16).
        #[arg(long)]
        subnets_per_vpc: Option<usize>,
        /// Routes per route table, beyond local.
        #[arg(long)]
        routes_per_table: Option<usize>,
        /// APIs (at least 3).
        #[arg(long)]
        apis: Option<usize>,
        /// Custom domains (1 to a third of the APIs).
        #[arg(long)]
        custom_domains: Option<usize>,
        /// Requests.
        #[arg(long)]
        requests: Option<usize>,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How the VPCs are connected.
        #[arg(long, value_enum, default_value_t = Shape::Mesh)]
        shape: Shape,
    },
    /// Write requests for a network that has none: each kind of client against every door.
    #[command(
        after_help = "One instance for each distinct subnet and set of security groups (and one client per site, and the internet) against every API's default URL, every custom domain, every AWS service an endpoint serves, and a public AWS service; each also against the instances it may reach on the ports their groups open, and the internet against each such kind of instance that has a public address. The requests file takes its network from SCENARIO (`network:`), so it survives a re-import.\nExample: vpcpath matrix network.yaml -o matrix.yaml && vpcpath run --summary matrix.yaml"
    )]
    Matrix {
        /// The scenario whose network the requests run in.
        #[arg(value_name = "SCENARIO")]
        path: PathBuf,
        /// Write the requests file here instead of stdout (its `network:` is then relative to it).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Which requests a Terraform plan changes: simulate them before and after it.
    #[command(
        after_help = "Imports the plan's prior state and its planned values, runs the same requests on both (--requests FILE's, or each client present on both sides against every door of the planned network), and lists those whose outcome or path changes, with the steps where they part. Requests that go through a part the plan does not hold (a VPC of another configuration) are unknown, never unchanged; --network FILE supplies that part. Exit status: 1 when a request changes or is unknown, or an expectation (--requests) fails after the plan (--fail-on says which count), 0 otherwise; 2 on bad input.\nExample: terraform plan -out p && terraform show -json p > plan.json && vpcpath review plan.json --format markdown"
    )]
    Review {
        /// The plan, as `terraform show -json PLANFILE` prints it.
        #[arg(value_name = "PLAN")]
        plan: PathBuf,
        /// A scenario file whose requests (and expectations) to run; default: the matrix.
        #[arg(long, value_name = "FILE")]
        requests: Option<PathBuf>,
        /// A network (an imported account, a written scenario) supplying what the plan does
        /// not hold; the plan's resources are laid over it.
        #[arg(long, value_name = "FILE")]
        network: Option<PathBuf>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// What makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Change)]
        fail_on: FailOn,
    },
    /// Serve a local page for learners: lessons, an editor, each request's path drawn and
    /// played step by step, a quiz before the answer, and each verified fix tried.
    #[command(
        after_help = "With no PATH the lessons are the bundled scenarios; with PATHs, those files (folders searched for *.yaml and *.yml), and no other file is read (a `network:` elsewhere is refused). Listens on 127.0.0.1 unless --host says otherwise; every asset is in the binary. See docs/serve.md.\nExample: vpcpath serve --open"
    )]
    Serve {
        /// Scenario files, or folders searched recursively for *.yaml and *.yml.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The port (0: any free one).
        #[arg(long, default_value_t = 8427)]
        port: u16,
        /// The address to listen on: another than loopback lets the network reach the page.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write a scenario from a network described elsewhere.
    #[command(subcommand)]
    Import(ImportSource),
    /// Print the JSON Schema (draft-07) of scenario files, for editors.
    #[command(
        after_help = "Save it and point the YAML language server at it with a first line such as\n  # yaml-language-server: $schema=./vpcpath.schema.json\nSee docs/editors.md."
    )]
    Schema,
    /// Print what a bug report needs: vpcpath's version, its JSON format version, the
    /// platform it was built for and the number of AWS rules it models.
    #[command(
        after_help = "No commit or build date: the crate is built from its published source, without git, and the same source gives the same binary.\nExample: vpcpath version --json"
    )]
    Version {
        /// Write it as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell's completion script for vpcpath.
    #[command(
        after_help = "Examples:\n  vpcpath completions bash > ~/.local/share/bash-completion/completions/vpcpath\n  vpcpath completions zsh > ~/.zfunc/_vpcpath\n  vpcpath completions fish > ~/.config/fish/completions/vpcpath.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print vpcpath's manual page (roff), or a subcommand's, generated from the same
    /// definitions as --help.
    #[command(
        after_help = "Examples:\n  vpcpath man > vpcpath.1 && man ./vpcpath.1\n  vpcpath man run > vpcpath-run.1\n  vpcpath man import aws > vpcpath-import-aws.1   (or: vpcpath man import-aws)\nEvery page a page lists (vpcpath-run(1), ...) is written this way."
    )]
    Man {
        /// The subcommand whose page to print (`import aws` for a subcommand's own); default:
        /// vpcpath's.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
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

/// Where an imported network comes from.
#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// The JSON `terraform show -json` prints, of a state or a plan (its planned values).
    #[command(
        after_help = "Reads a state's resources, or a plan's planned values; a value unknown until apply that links two resources is rebuilt from the configuration's references, and a resource without a known id is named by its address. Follows Terraform's defaults where they differ from AWS's (docs/import.md).\nExample: terraform show -json > state.json && vpcpath import terraform state.json > network.yaml"
    )]
    Terraform {
        /// The JSON file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Write the scenario here instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The JSON of the AWS CLI's describe-* calls, as Batfish's aws_configs snapshots lay it out.
    #[command(
        after_help = "Reads every *.json file under DIR, dispatched by its top-level key ({\"Vpcs\": [...]}); a file under accounts/<account>/<region>/ or <region>/ belongs to that account and Region. Writes the scenario (YAML) to stdout or --output; what the dump lacks or holds and vpcpath does not model is said on stderr and at the top of the scenario. See docs/import.md.\nExample: vpcpath import aws ./aws_configs > network.yaml"
    )]
    Aws {
        /// The folder of the dump.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Write the scenario here instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// How the VPCs of a generated scenario are connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shape {
    /// Every VPC with its own internet and NAT gateways and execute-api endpoint; peered in a ring.
    Mesh,
    /// An organisation: a shared-services hub VPC (internet and NAT gateways, a central
    /// execute-api endpoint) and spokes attached to one transit gateway; half the spokes see a
    /// private zone that sends execute-api names to the hub's endpoint.
    HubAndSpoke,
    /// The mesh with heavy networks: route tables of at least 100 routes, a security group
    /// and a network ACL per VPC with many rules.
    NetworkHeavy,
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

/// Formats of `run`'s report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text, one line per step.
    Text,
    /// One JSON array of scenario reports (see docs/json.md).
    Json,
    /// JSON Lines: each file's warnings, then one object per request, written as it is
    /// simulated (see docs/json.md).
    Jsonl,
    /// A Markdown review document: diagrams, traces and verified fixes.
    Markdown,
}

/// Formats of `diff`'s list of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One block per changed request: before, after, and the first step where they part.
    Text,
    /// One JSON object: both files, the changes and the counts (see docs/json.md).
    Json,
    /// A Markdown table, for a pull-request comment.
    Markdown,
}

/// What makes `review` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A request whose outcome or path changes, or an expectation that fails after the plan.
    Change,
    /// Only an expectation (of --requests) that fails after the plan.
    Expectation,
    /// Nothing: exit 0 whatever the review finds (2 still on bad input).
    Never,
}

/// Formats of `fix`'s suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FixFormat {
    /// One block per request: each fix, its edits and its side effects.
    Text,
    /// One JSON array of the requests' fixes (see docs/json.md).
    Json,
    /// Markdown, as in a review document.
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
