//! Hostile input at the command line, a case for each class (issue 25): folders that loop
//! through symbolic links, FIFOs and devices where files are expected, `network:` cycles,
//! closed pipes, write errors and a full disk, `-o` onto an input or through a link, control
//! characters and sizes. Each case runs vpcpath in a child process with a time limit and checks
//! the contract: exit 0, 1 or 2 as said, never a panic (101) or an abort (134), never killed by
//! the time limit, and no file lost.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a run ended.
struct Ended {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Where each stream of the child goes.
#[derive(Clone, Copy, PartialEq)]
enum Out {
    /// Read whole.
    Read,
    /// A pipe whose reading end is closed at once: writes fail with a broken pipe.
    Closed,
    /// `/dev/full`: writes fail with "no space left".
    Full,
}

/// The time any case may take: far more than vpcpath needs, far less than a hang.
const LIMIT: Duration = Duration::from_secs(30);

fn vpcpath_with(args: &[&str], out: Out, err: Out) -> Ended {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vpcpath"));
    cmd.args(args).env("NO_COLOR", "1").stdin(Stdio::null());
    run(cmd, out, err)
}

fn vpcpath(args: &[&str]) -> Ended {
    vpcpath_with(args, Out::Read, Out::Read)
}

fn stdio(o: Out) -> Stdio {
    match o {
        Out::Read | Out::Closed => Stdio::piped(),
        Out::Full => std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .map_or_else(|_| Stdio::null(), Stdio::from),
    }
}

/// Runs `cmd` to its end, or kills it past [`LIMIT`] (a failed case).
fn run(mut cmd: Command, out: Out, err: Out) -> Ended {
    let mut child = cmd.stdout(stdio(out)).stderr(stdio(err)).spawn().unwrap();
    let take = |o: Out, pipe: Option<Box<dyn Read + Send>>| {
        // A closed pipe: its reading end dropped before the child writes.
        let pipe = if o == Out::Closed { None } else { pipe };
        std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut p) = pipe {
                let mut bytes = Vec::new();
                let _ = p.read_to_end(&mut bytes);
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
            s
        })
    };
    let stdout = take(out, child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = take(err, child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} ran past {LIMIT:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let ended = Ended {
        code: status.code(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    assert!(
        !ended.stderr.contains("panicked") && !ended.stderr.contains("stack overflow"),
        "{cmd:?}: {}",
        ended.stderr
    );
    assert!(
        matches!(ended.code, Some(0..=2)),
        "{cmd:?} ended with {:?} (a panic is 101, an abort 134): {}",
        ended.code,
        ended.stderr
    );
    ended
}

/// A fresh folder of this case's own.
fn scratch(case: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vpcpath-hostile-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const NETWORK: &str = "scenarios/routing-basics.yaml";

fn requests_on(network: &str) -> String {
    format!("scenario: requests\nregion: us-east-1\nnetwork: {network}\nrequests: []\n")
}

#[cfg(unix)]
#[test]
fn folders_that_loop_through_links_are_walked_once() {
    let dir = scratch("loops");
    std::fs::copy(NETWORK, dir.join("net.yaml")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("x")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("y")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("up")).unwrap();
    let e = vpcpath(&["check", s(&dir)]);
    assert_eq!(e.code, Some(0), "{}", e.stderr);
    assert_eq!(e.stdout.lines().count(), 1, "read once: {}", e.stdout);
    // An AWS dump reached through the same loops: each file read once.
    let dump = scratch("dump-loops");
    for f in std::fs::read_dir("tests/fixtures/aws-cli/single").unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dump.join(f.file_name().unwrap())).unwrap();
    }
    std::os::unix::fs::symlink(".", dump.join("x")).unwrap();
    std::os::unix::fs::symlink(".", dump.join("y")).unwrap();
    let looped = vpcpath(&["import", "aws", s(&dump)]);
    std::fs::remove_file(dump.join("x")).unwrap();
    std::fs::remove_file(dump.join("y")).unwrap();
    let plain = vpcpath(&["import", "aws", s(&dump)]);
    assert_eq!(looped.code, Some(0), "{}", looped.stderr);
    assert_eq!(looped.stdout, plain.stdout);
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_not_waited_on() {
    let dir = scratch("fifos");
    let fifo = dir.join("pipe.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let e = vpcpath(&["check", s(&fifo)]);
    assert_eq!(e.code, Some(2));
    assert!(e.stderr.contains("FIFO"), "{}", e.stderr);
    for device in ["/dev/zero", "/dev/null"] {
        let e = vpcpath(&["check", device]);
        assert_eq!(e.code, Some(2));
        assert!(e.stderr.contains("device"), "{}", e.stderr);
        let e = vpcpath(&["import", "terraform", device]);
        assert_eq!(e.code, Some(2), "{}", e.stderr);
    }
    // As the network of a requests file: the file that named it is named, at its line.
    for target in [s(&fifo), "/dev/zero"] {
        let req = dir.join("req.yaml");
        std::fs::write(&req, requests_on(target)).unwrap();
        let e = vpcpath(&["run", s(&req)]);
        assert_eq!(e.code, Some(2));
        assert!(e.stderr.contains("req.yaml:3:10"), "{}", e.stderr);
    }
    // As a dump file.
    let dump = scratch("fifo-dump");
    assert!(
        Command::new("mkfifo")
            .arg(dump.join("Vpcs.json"))
            .status()
            .unwrap()
            .success()
    );
    let e = vpcpath(&["import", "aws", s(&dump)]);
    assert_eq!(e.code, Some(2));
    assert!(e.stderr.contains("FIFO"), "{}", e.stderr);
    // As --requests of a review.
    let e = vpcpath(&[
        "review",
        "tests/fixtures/terraform/checkov-tfplan_route53.json",
        "--requests",
        s(&fifo),
    ]);
    assert_eq!(e.code, Some(2), "{}", e.stderr);
}

#[test]
fn network_cycles_are_refused_at_their_line() {
    let dir = scratch("cycles");
    let me = dir.join("me.yaml");
    std::fs::write(&me, requests_on("me.yaml")).unwrap();
    std::fs::write(dir.join("a.yaml"), requests_on("b.yaml")).unwrap();
    std::fs::write(dir.join("b.yaml"), requests_on("a.yaml")).unwrap();
    for (file, says) in [("me.yaml", "names itself"), ("a.yaml", "a cycle")] {
        for command in ["check", "run", "test", "graph", "matrix", "fix"] {
            let e = vpcpath(&[command, s(&dir.join(file))]);
            assert_eq!(e.code, Some(2), "{command} {file}: {}", e.stderr);
            assert!(e.stderr.contains(says), "{command} {file}: {}", e.stderr);
        }
    }
    // A file that is not a scenario is not quoted.
    let etc = dir.join("etc.yaml");
    std::fs::write(&etc, requests_on("../../../../../../../../etc/passwd")).unwrap();
    let e = vpcpath(&["check", s(&etc)]);
    assert_eq!(e.code, Some(2));
    assert!(!e.stderr.contains("root:"), "{}", e.stderr);
    assert!(e.stderr.contains("etc.yaml:3:10"), "{}", e.stderr);
}

#[test]
fn closed_pipes_end_quietly() {
    // stdout closed: the report stops, the status is the run's.
    for args in [
        &["run", "scenarios/"][..],
        &["run", "--format", "json", "scenarios/"],
        &["test", "scenarios/"],
        &["schema"],
        &["man"],
        &["completions", "bash"],
        &["generate"],
    ] {
        let e = vpcpath_with(args, Out::Closed, Out::Read);
        assert_eq!(e.code, Some(0), "{args:?}: {}", e.stderr);
    }
    // stderr closed: what could not be said is dropped; the status is kept.
    let e = vpcpath_with(
        &["check", "tests/errors/err_control_characters.yaml"],
        Out::Read,
        Out::Closed,
    );
    assert_eq!(e.code, Some(2));
    let e = vpcpath_with(
        &["import", "aws", "tests/fixtures/aws-cli/single"],
        Out::Read,
        Out::Closed,
    );
    assert_eq!(e.code, Some(0));
    // A usage error is one, said or not.
    let e = vpcpath_with(&["run", "--no-such-flag"], Out::Read, Out::Closed);
    assert_eq!(e.code, Some(2));
    // Warnings of a streamed file, to a closed stderr: the tests go on to their count.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vpcpath"));
    cmd.args(["test", "tests/warnings/"])
        .env("VPCPATH_STREAM_MIN_BYTES", "0");
    let e = run(cmd, Out::Read, Out::Closed);
    assert!(e.stdout.contains("passed"), "{}", e.stdout);
    let e = vpcpath_with(&["run", "tests/warnings/"], Out::Closed, Out::Closed);
    assert!(matches!(e.code, Some(0 | 2)));
}

#[cfg(target_os = "linux")]
#[test]
fn write_errors_are_exit_2_with_a_message() {
    for args in [
        &["completions", "bash"][..],
        &["--help"],
        &["--version"],
        &["man", "run"],
        &["run", "scenarios/"],
        &["schema"],
    ] {
        let e = vpcpath_with(args, Out::Full, Out::Read);
        assert_eq!(e.code, Some(2), "{args:?}: {}", e.stderr);
        assert!(e.stderr.contains("cannot write"), "{args:?}: {}", e.stderr);
    }
    let e = vpcpath(&["matrix", NETWORK, "-o", "/dev/full"]);
    assert_eq!(e.code, Some(2));
}

/// A full disk, as a file size limit makes it (`ulimit -f`): the file written is left as it
/// was, and no temporary file stays beside it.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_file_as_it_was() {
    let dir = scratch("full-disk");
    let out = dir.join("requests.yaml");
    std::fs::write(&out, "the good file\n").unwrap();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_vpcpath"))
        .args(["matrix", NETWORK, "-o", s(&out)]);
    let e = run(cmd, Out::Read, Out::Read);
    assert_eq!(e.code, Some(2), "{}", e.stderr);
    assert!(e.stderr.contains("left as it was"), "{}", e.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the good file\n");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn an_input_is_never_overwritten() {
    let dir = scratch("self");
    let net = dir.join("net.yaml");
    std::fs::copy(NETWORK, &net).unwrap();
    let before = std::fs::read(&net).unwrap();
    let e = vpcpath(&["matrix", s(&net), "-o", s(&net)]);
    assert_eq!(e.code, Some(2));
    assert!(
        e.stderr.contains("which this command reads"),
        "{}",
        e.stderr
    );
    let state = dir.join("state.json");
    std::fs::copy(
        "tests/fixtures/terraform/checkov-tfplan_route53.json",
        &state,
    )
    .unwrap();
    let json = std::fs::read(&state).unwrap();
    let e = vpcpath(&["import", "terraform", s(&state), "-o", s(&state)]);
    assert_eq!(e.code, Some(2));
    assert_eq!(std::fs::read(&state).unwrap(), json);
    // A requests file written over the network it names.
    let req = dir.join("req.yaml");
    std::fs::write(&req, requests_on("net.yaml")).unwrap();
    let e = vpcpath(&["matrix", s(&req), "-o", s(&net)]);
    assert_eq!(e.code, Some(2), "{}", e.stderr);
    assert_eq!(std::fs::read(&net).unwrap(), before);
    #[cfg(unix)]
    {
        // Through a link to the input: refused too.
        let link = dir.join("link.yaml");
        std::os::unix::fs::symlink(&net, &link).unwrap();
        let e = vpcpath(&["matrix", s(&net), "-o", s(&link)]);
        assert_eq!(e.code, Some(2));
        // A link elsewhere is written through, the file it points to named first.
        let other = dir.join("other.yaml");
        std::fs::write(&other, "old\n").unwrap();
        let to_other = dir.join("to-other.yaml");
        std::os::unix::fs::symlink(&other, &to_other).unwrap();
        let e = vpcpath(&["matrix", s(&net), "-o", s(&to_other)]);
        assert_eq!(e.code, Some(0), "{}", e.stderr);
        let (note, wrote) = (e.stderr.find("is a symbolic link"), e.stderr.find("wrote"));
        assert!(note.is_some() && note < wrote, "{}", e.stderr);
        assert!(
            std::fs::read_to_string(&other)
                .unwrap()
                .contains("requests:")
        );
        assert!(std::fs::symlink_metadata(&to_other).unwrap().is_symlink());
    }
    assert_eq!(std::fs::read(&net).unwrap(), before);
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let e = vpcpath(&["check", "tests/errors/err_control_characters.yaml"]);
    assert_eq!(e.code, Some(2));
    assert!(e.stderr.contains("\\u{1b}"), "{}", e.stderr);
    assert!(!e.stderr.contains('\u{1b}') && !e.stderr.contains('\u{7}'));
    // From an AWS dump: the notes escape them, and what is written loads.
    let dump = scratch("control-dump");
    std::fs::write(
        dump.join("vpcs.json"),
        r#"{"Vpcs": [{"VpcId": "vpc-\u001b[31mred\u0007", "CidrBlock": "10.0.0.0/16", "State": "available"}],
            "Subnets": [{"SubnetId": "subnet-\u001b]0;title\u0007", "VpcId": "vpc-x", "CidrBlock": "10.0.1.0/24"}]}"#,
    )
    .unwrap();
    let out = dump.join("out.yaml");
    let e = vpcpath(&["import", "aws", s(&dump), "-o", s(&out)]);
    assert!(!e.stderr.contains('\u{1b}'), "{}", e.stderr);
    if e.code == Some(0) {
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(!written.contains('\u{1b}'));
        let e = vpcpath(&["check", s(&out)]);
        assert!(!e.stderr.contains('\u{1b}'), "{}", e.stderr);
    }
}

#[test]
fn sizes_past_the_limit_are_refused_without_reading_them() {
    let dir = scratch("sizes");
    let big = dir.join("big.yaml");
    // Sparse: no disk used, and refused by its size before a byte is read.
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(vpcpath::load::MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let start = Instant::now();
    for args in [
        &["check", s(&big)][..],
        &["run", s(&big)],
        &["import", "terraform", s(&big)],
    ] {
        let e = vpcpath(args);
        assert_eq!(e.code, Some(2), "{args:?}: {}", e.stderr);
        assert!(e.stderr.contains("bytes"), "{args:?}: {}", e.stderr);
    }
    let req = dir.join("req.yaml");
    std::fs::write(&req, requests_on("big.yaml")).unwrap();
    let e = vpcpath(&["check", s(&req)]);
    assert_eq!(e.code, Some(2));
    assert!(e.stderr.contains("req.yaml:3:10"), "{}", e.stderr);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}
