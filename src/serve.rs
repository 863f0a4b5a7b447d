//! `vpcpath serve`: a local page for learners, and the small JSON API it calls, over the
//! library (nothing runs the binary). The lessons are the bundled scenarios ([`lessons`]), or
//! the files named on the command line; the page edits a scenario, shows the loader's
//! diagnostics at their lines, plays each request's trace over the drawn topology
//! ([`layout`]), quizzes before it answers, and tries each verified fix.
//!
//! Safety: the server listens on loopback unless told otherwise; a request's body is at most
//! [`MAX_BODY`]; each simulation runs on a blocking thread within a time budget, at most
//! [`Config::concurrent`] at once (a permit is held until the work ends, even when its answer
//! came too late); a file of more than [`read::MAX_REQUESTS`] requests is refused; no file is
//! read but those named on the command line ([`read::Allowed`]); the page's assets are in the
//! binary, served with a Content-Security-Policy that allows no inline script or style, and
//! every string of a scenario is written as text (escaped in the SVG, `textContent` in the
//! page). A request whose `Host` is not the server's is refused (a DNS-rebinding page cannot
//! reach it), and so is a POST that is not JSON.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

mod api;
pub mod layout;
pub mod lessons;
pub mod read;
pub mod rules;
pub mod view;

/// The largest request body the API reads.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// The Content-Security-Policy of every answer: scripts, styles and images from the page's
/// own origin only, no inline script or style, no frames, no forms.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on.
    pub host: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// The scenario files named on the command line (none: the bundled lessons).
    pub files: Vec<PathBuf>,
    /// How long one simulation may take before its answer is given up.
    pub budget: Duration,
    /// How many simulations run at once.
    pub concurrent: usize,
}

impl Config {
    /// Loopback, port `port`, the bundled lessons, a 10 s budget, a simulation per core.
    pub fn new(port: u16) -> Config {
        Config {
            host: IpAddr::from([127, 0, 0, 1]),
            port,
            files: Vec::new(),
            budget: Duration::from_secs(10),
            concurrent: std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
        }
    }
}

/// What the handlers share.
struct Shared {
    lessons: Vec<api::Lesson>,
    allowed: read::Allowed,
    permits: Arc<tokio::sync::Semaphore>,
    budget: Duration,
    rules: String,
    /// The `Host` headers accepted; `None` (listening on every address) accepts any.
    hosts: Option<Vec<String>>,
}

type St = State<Arc<Shared>>;

/// A server running on its own thread.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// Waits until the server ends (Ctrl-C, or [`Running::stop`] from elsewhere).
    pub fn wait(mut self) -> std::io::Result<()> {
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(std::io::Error::other("the server's thread panicked")),
            None => Ok(()),
        }
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) -> std::io::Result<()> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.wait()
    }
}

/// Binds the address and starts serving on a thread of its own (with its own runtime); the
/// bound address is known when this returns.
pub fn spawn(config: Config) -> std::io::Result<Running> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(config.concurrent.max(1) * 2 + 2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind((config.host, config.port)))?;
    let addr = listener.local_addr()?;
    let app = router(&config, addr);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("vpcpath-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let shutdown = async move {
                    tokio::select! {
                        _ = stopped => {}
                        _ = tokio::signal::ctrl_c() => {}
                    }
                };
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await
            })
        })?;
    Ok(Running {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    })
}

/// The page and the API.
fn router(config: &Config, addr: SocketAddr) -> Router {
    let port = addr.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    hosts.push(match config.host {
        IpAddr::V4(ip) => format!("{ip}:{port}"),
        IpAddr::V6(ip) => format!("[{ip}]:{port}"),
    });
    let shared = Arc::new(Shared {
        lessons: api::lessons(&config.files),
        allowed: read::Allowed::new(&config.files),
        permits: Arc::new(tokio::sync::Semaphore::new(config.concurrent.max(1))),
        budget: config.budget,
        rules: serde_json::to_string(&rules::bundled()).unwrap_or_else(|_| "{}".into()),
        hosts: (!config.host.is_unspecified()).then_some(hosts),
    });
    Router::new()
        .route("/", get(|| async { asset("index.html") }))
        .route("/assets/{name}", get(asset_named))
        .route("/api/lessons", get(api::list))
        .route("/api/lessons/{id}", get(api::lesson))
        .route(
            "/api/rules",
            get(|st: St| async move { json(StatusCode::OK, st.rules.clone()) }),
        )
        .route("/api/check", post(api::check))
        .route("/api/simulate", post(api::simulate))
        .route("/api/fix", post(api::fix))
        .route("/api/diff", post(api::diff))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

/// Refuses a request for another host or a POST that is not JSON, and adds the security
/// headers to every answer.
async fn guard(st: St, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if st
        .hosts
        .as_ref()
        .is_some_and(|hs| !hs.iter().any(|h| h == host))
    {
        return (StatusCode::MISDIRECTED_REQUEST, "unexpected Host header").into_response();
    }
    let json_body = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    if req.method() == Method::POST && !json_body {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the API reads application/json",
        )
            .into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    res
}

/// The page's files, in the binary.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_str!("serve/assets/index.html"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("serve/assets/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("serve/assets/app.js"),
    ),
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_str!("serve/assets/editor.js"),
    ),
    (
        "player.js",
        "text/javascript; charset=utf-8",
        include_str!("serve/assets/player.js"),
    ),
    (
        "share.js",
        "text/javascript; charset=utf-8",
        include_str!("serve/assets/share.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_str!("serve/assets/favicon.svg"),
    ),
];

fn asset(name: &str) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, body)) => ([(header::CONTENT_TYPE, *kind)], *body).into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

async fn asset_named(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    asset(&name)
}

/// A JSON answer.
fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Whether `host` is a loopback address: any other is reachable from the network, and
/// `vpcpath serve` warns.
pub fn is_loopback(host: IpAddr) -> bool {
    host.is_loopback()
}
