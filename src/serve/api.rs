//! The JSON API the page calls: the lessons, and a scenario's text checked, simulated, fixed
//! and compared with another version of it. Every call that simulates runs on a blocking
//! thread within the server's budget ([`work`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{St, json};
use crate::serve::lessons::BUNDLED;
use crate::serve::read::{self, Allowed, problems};

/// A lesson: a bundled scenario, or a file named on the command line.
#[derive(Debug, Clone)]
pub struct Lesson {
    id: String,
    chapter: String,
    title: String,
    description: String,
    /// The path its messages name (and its `network:` is found from).
    path: PathBuf,
    /// Its text when bundled; a named file is read when asked for.
    text: Option<&'static str>,
}

/// The lessons: the files named, or the bundled scenarios.
pub fn lessons(files: &[PathBuf]) -> Vec<Lesson> {
    let about = |path: &Path, text: &str| match crate::load::parse(path, text) {
        Ok(s) => (s.scenario, s.description.unwrap_or_default()),
        Err(e) => (
            path.display().to_string(),
            format!(
                "This file does not read yet: {}",
                first_line(&e.render(false))
            ),
        ),
    };
    if files.is_empty() {
        return BUNDLED
            .iter()
            .map(|b| {
                let path = PathBuf::from(format!("scenarios/{}.yaml", b.id));
                let (title, description) = about(&path, b.text);
                Lesson {
                    id: b.id.to_string(),
                    chapter: b.chapter.to_string(),
                    title,
                    description,
                    path,
                    text: Some(b.text),
                }
            })
            .collect();
    }
    files
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (title, description) = match crate::load::read_text(p) {
                Ok(text) => about(p, &text),
                Err(e) => (p.display().to_string(), first_line(&e.render(false))),
            };
            Lesson {
                id: format!("file-{}", i + 1),
                chapter: "Your files".into(),
                title,
                description,
                path: p.clone(),
                text: None,
            }
        })
        .collect()
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

/// An API error: a status and a sentence, as JSON.
fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json(status, json!({ "error": message.into() }).to_string())
}

fn ok<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => json(StatusCode::OK, body),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

pub(super) async fn list(st: St) -> Response {
    let list: Vec<_> = st
        .lessons
        .iter()
        .map(|l| {
            json!({ "id": l.id, "chapter": l.chapter, "title": l.title,
                    "description": l.description, "path": l.path.display().to_string() })
        })
        .collect();
    ok(&list)
}

pub(super) async fn lesson(
    st: St,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let Some(l) = st.lessons.iter().find(|l| l.id == id) else {
        return error(StatusCode::NOT_FOUND, format!("no lesson `{id}`"));
    };
    let text = match l.text {
        Some(t) => t.to_string(),
        None => match crate::load::read_text(&l.path) {
            Ok(t) if t.len() <= super::MAX_BODY => t,
            Ok(_) => {
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "the file is larger than the page edits",
                );
            }
            Err(e) => return error(StatusCode::NOT_FOUND, e.render(false)),
        },
    };
    ok(&json!({ "id": l.id, "path": l.path.display().to_string(), "text": text }))
}

/// What the page sends: a text, and the lesson it came from (for its path).
#[derive(Debug, Deserialize)]
pub(super) struct Body {
    #[serde(default)]
    lesson: Option<String>,
    #[serde(default)]
    text: String,
    /// `fix`: the request to fix.
    #[serde(default)]
    request: Option<String>,
    /// `diff`: the version after.
    #[serde(default)]
    after: Option<String>,
}

fn parse(bytes: &Bytes) -> Result<Body, Response> {
    serde_json::from_slice(bytes).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            format!("the request is not the JSON the API reads: {e}"),
        )
    })
}

/// The path a text is read as: its lesson's, else `scenario.yaml`.
fn path_of(st: &St, lesson: Option<&str>) -> PathBuf {
    lesson
        .and_then(|id| st.lessons.iter().find(|l| l.id == id))
        .map_or_else(|| PathBuf::from("scenario.yaml"), |l| l.path.clone())
}

/// Runs `f` on a blocking thread once a permit is free, within the budget: 503 when no permit
/// comes in time or the work takes longer (it then finishes unanswered, holding its permit).
async fn work<T: Send + 'static>(
    st: &St,
    f: impl FnOnce(&Allowed) -> T + Send + 'static,
) -> Result<T, Response> {
    let busy = || {
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the server is busy: no simulation could start within {} s",
                st.budget.as_secs()
            ),
        )
    };
    let permit =
        match tokio::time::timeout(st.budget, Arc::clone(&st.permits).acquire_owned()).await {
            Ok(Ok(p)) => p,
            _ => return Err(busy()),
        };
    let shared = Arc::clone(st);
    let task = tokio::task::spawn_blocking(move || {
        let _held = permit;
        f(&shared.allowed)
    });
    match tokio::time::timeout(st.budget, task).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the simulation failed",
        )),
        Err(_) => Err(error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the simulation took longer than the server's budget of {} s",
                st.budget.as_secs()
            ),
        )),
    }
}

/// `{"problems": [...]}`: the file's errors, or its warnings when it reads.
pub(super) async fn check(st: St, bytes: Bytes) -> Response {
    let body = match parse(&bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let path = path_of(&st, body.lesson.as_deref());
    let done = work(&st, move |allowed| {
        match read::load(&path, &body.text, allowed) {
            Ok(net) => json!({ "ok": true, "problems": read::warnings(&path, &body.text, &net) }),
            Err(e) => json!({ "ok": false, "problems": problems(&e) }),
        }
    })
    .await;
    done.map_or_else(|r| r, |v| ok(&v))
}

/// The scenario simulated ([`super::view::Simulated`]), or its problems.
pub(super) async fn simulate(st: St, bytes: Bytes) -> Response {
    let body = match parse(&bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let path = path_of(&st, body.lesson.as_deref());
    let done = work(&st, move |allowed| simulated(&path, &body.text, allowed)).await;
    done.map_or_else(|r| r, |v| ok(&v))
}

fn simulated(path: &Path, text: &str, allowed: &Allowed) -> serde_json::Value {
    match read::load(path, text, allowed) {
        Ok(net) => {
            let s = super::view::simulate(path, text, &net);
            let mut v = serde_json::to_value(&s).unwrap_or_default();
            v["ok"] = json!(true);
            v
        }
        Err(e) => json!({ "ok": false, "problems": problems(&e) }),
    }
}

/// A verified fix, with the scenario it was verified on, written as YAML.
#[derive(Debug, Serialize)]
struct Fix {
    #[serde(flatten)]
    suggestion: crate::fix::Suggestion,
    yaml: String,
}

/// The verified fixes of one request (`vpcpath fix -r`), each with its edited scenario.
pub(super) async fn fix(st: St, bytes: Bytes) -> Response {
    let body = match parse(&bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(request) = body.request.clone() else {
        return error(
            StatusCode::BAD_REQUEST,
            "say which request to fix (`request`)",
        );
    };
    let path = path_of(&st, body.lesson.as_deref());
    let done = work(&st, move |allowed| {
        let net = match read::load(&path, &body.text, allowed) {
            Ok(n) => n,
            Err(e) => return json!({ "ok": false, "problems": problems(&e) }),
        };
        let Some(r) = net.requests.iter().find(|r| r.name == request) else {
            return json!({ "ok": false, "problems": [], "error": format!("no request named `{request}`") });
        };
        // Its `expect:` when it fails; else (a lesson's request that gets the failure it
        // expects, or one without an expectation) an answer below 400.
        let failing = crate::fix::fails(&crate::engine::simulate(&net, r), r.expect.as_ref(), crate::fix::Want::Expect);
        let want = if failing { crate::fix::Want::Expect } else { crate::fix::Want::Success };
        drop(net);
        let mut fixes = Vec::new();
        let mut keep = |s: &crate::fix::Suggestion, edited: &str| {
            let yaml = crate::load::parse(&path, edited)
                .map(|s| crate::model::to_yaml(&s, &[]))
                .unwrap_or_else(|_| edited.to_string());
            fixes.push(Fix { suggestion: s.clone(), yaml });
        };
        match crate::fix::suggest_keeping(&path, &body.text, Some(&request), want, Some(&mut keep)) {
            Ok(found) => json!({
                "ok": true,
                "request": request,
                "outcome": found.first().map(|f| f.outcome.clone()),
                "tried": found.first().map_or(0, |f| f.tried),
                "fixes": fixes,
            }),
            Err(e) => json!({ "ok": false, "problems": problems(&e) }),
        }
    })
    .await;
    done.map_or_else(|r| r, |v| ok(&v))
}

/// The requests whose outcome or path changes from `text` to `after` (`vpcpath diff`), and
/// `after` simulated.
pub(super) async fn diff(st: St, bytes: Bytes) -> Response {
    let body = match parse(&bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(after) = body.after.clone() else {
        return error(StatusCode::BAD_REQUEST, "send the version after (`after`)");
    };
    let path = path_of(&st, body.lesson.as_deref());
    let done = work(&st, move |allowed| {
        let (before_net, after_net) = match (
            read::load(&path, &body.text, allowed),
            read::load(&path, &after, allowed),
        ) {
            (Ok(b), Ok(a)) => (b, a),
            (Err(e), _) | (_, Err(e)) => return json!({ "ok": false, "problems": problems(&e) }),
        };
        let name = path.display().to_string();
        let d = crate::diff::diff(&name, &before_net, &name, &after_net);
        json!({ "ok": true, "diff": d, "after": simulated(&path, &after, allowed) })
    })
    .await;
    done.map_or_else(|r| r, |v| ok(&v))
}
