//! `vpcpath serve`: the learners' page ([`vpcpath::serve`]), until Ctrl-C.

use super::*;

pub(super) fn serve(
    out: &mut dyn Write,
    paths: &[PathBuf],
    host: std::net::IpAddr,
    port: u16,
    open: bool,
) -> io::Result<Status> {
    let files = if paths.is_empty() {
        Vec::new()
    } else {
        match discover(out, paths)? {
            Some(files) => files,
            None => return Ok(Status::BadInput),
        }
    };
    if !vpcpath::serve::is_loopback(host) {
        say!(
            "warning: listening on {host}, not loopback: anyone who can reach this machine can use the page (and make it simulate)"
        );
    }
    let mut config = vpcpath::serve::Config::new(port);
    config.host = host;
    config.files = files;
    let running = match vpcpath::serve::spawn(config) {
        Ok(r) => r,
        Err(e) => {
            say!(
                "error: cannot listen on {host}:{port}: {e}\n  help: choose another port with --port (0 picks a free one)"
            );
            return Ok(Status::BadInput);
        }
    };
    let url = match running.addr {
        std::net::SocketAddr::V4(a) if a.ip().is_unspecified() => {
            format!("http://127.0.0.1:{}/", a.port())
        }
        a => format!("http://{a}/"),
    };
    writeln!(out, "vpcpath serve: {url}  (Ctrl-C stops it)")?;
    out.flush()?;
    if open {
        open_browser(&url);
    }
    running.wait()?;
    Ok(Status::Done)
}

/// Opens `url` in the desktop's browser; says so when it cannot.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = cmd.arg(url).spawn() {
        say!("warning: cannot open a browser ({e}): open {url} yourself");
    }
}
