//! `vpcpath serve` in a real browser: headless Chromium driven over WebDriver (chromedriver,
//! through fantoccini) against a server started in this process. A learner takes the reported
//! case: predicts, sees the 403 with the endpoint marked, steps through the trace, tries the
//! "private DNS off" fix and sees 200; a typo shows its diagnostic at its line; a shared link
//! brings the scenario back; a request named like markup shows as text.
//!
//! Ignored unless asked for (it needs Chromium and chromedriver, Debian's `chromium` and
//! `chromium-driver`): `.ci/run` installs them and runs it with
//! `VPCPATH_BROWSER_TESTS=1 cargo test --test integration browser -- --ignored`. Asked for
//! without them, it fails, saying what to install: it never passes without a browser.
//! `VPCPATH_SCREENSHOTS=docs` writes its screenshots to docs/img (else to target/).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::browser_cases::{markup, typo, viewport};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls a JavaScript expression until it is truthy; fails with `what` after 20 s.
pub(crate) async fn until(c: &Client, expr: &str, what: &str) -> Value {
    let start = Instant::now();
    loop {
        let v = c
            .execute(&format!("return ({expr});"), vec![])
            .await
            .unwrap_or(Value::Null);
        let truthy = match &v {
            Value::Null | Value::Bool(false) => false,
            Value::String(s) => !s.is_empty(),
            Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        };
        if truthy {
            return v;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let page = c
                .execute("return document.body.innerText.slice(0, 3000);", vec![])
                .await
                .unwrap_or_default();
            panic!("timed out waiting for {what} (`{expr}`); the page shows:\n{page}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

pub(crate) async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    let dir = if std::env::var("VPCPATH_SCREENSHOTS").as_deref() == Ok("docs") {
        "docs/img"
    } else {
        "target"
    };
    std::fs::write(format!("{dir}/{name}"), png).unwrap();
}

#[test]
#[ignore = "needs Chromium and chromedriver: VPCPATH_BROWSER_TESTS=1 cargo test --test integration browser -- --ignored (.ci/run runs it)"]
fn a_learner_takes_the_reported_case_end_to_end() {
    for tool in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            std::path::Path::new(tool).exists(),
            "BROWSER TEST NOT RUN: {tool} is missing. Install Debian's `chromium` and `chromium-driver` (.ci/run does), or leave this test ignored"
        );
    }
    if std::env::var_os("VPCPATH_BROWSER_TESTS").is_none() {
        eprintln!(
            "note: VPCPATH_BROWSER_TESTS is not set; running the browser test because it was asked for"
        );
    }
    let server = vpcpath::serve::spawn(vpcpath::serve::Config::new(0)).unwrap();
    let base = format!("http://127.0.0.1:{}/", server.addr.port());
    let port = free_port();
    let _driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = std::env::temp_dir().join(format!("vpcpath-chromium-{}", std::process::id()));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": CHROMIUM, "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,720", format!("--user-data-dir={}", profile.display()),
            ]}),
        );
        let start = Instant::now();
        let c = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if start.elapsed() > Duration::from_secs(20) => {
                    panic!("cannot start Chromium through chromedriver: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        learner(&c, &base).await;
        c.close().await.unwrap();
    });
    let _ = std::fs::remove_dir_all(&profile);
    server.stop().unwrap();
}

async fn learner(c: &Client, base: &str) {
    c.goto(base).await.unwrap();
    until(
        c,
        "document.querySelectorAll('#lessons button').length >= 29",
        "the lessons",
    )
    .await;
    // The reported case.
    click(
        c,
        "#lessons button[data-lesson='execute-api-private-dns-403']",
    )
    .await;
    until(
        c,
        "document.querySelector('#title').textContent.includes('private DNS') && document.querySelector('#drawing svg [data-key=vpce_vpce_exec]')",
        "the reported case drawn",
    )
    .await;
    assert!(
        text(c, "#description").await.contains("The reported case"),
        "the lesson's text"
    );
    // Predict: it ends at the endpoint, with a 403.
    assert!(
        !until(c, "!document.querySelector('#quiz').hidden", "the quiz")
            .await
            .is_null()
    );
    let answer = c.find(Locator::Css("#answer")).await.unwrap();
    assert!(
        !answer.is_displayed().await.unwrap(),
        "the answer waits for the prediction"
    );
    c.find(Locator::Css("#where"))
        .await
        .unwrap()
        .select_by_value("vpce_vpce_exec")
        .await
        .unwrap();
    click(c, "#what input[value='403']").await;
    click(c, "#reveal").await;
    until(c, "!document.querySelector('#answer').hidden", "the answer").await;
    let verdict = text(c, "#verdict").await;
    assert!(
        verdict.contains("✓ right place") && verdict.contains("✓ right outcome"),
        "{verdict}"
    );
    assert!(text(c, "#outcome").await.contains("http 403"), "the 403");
    let end = "[data-key=vpce_vpce_exec]";
    until(
        c,
        &format!("document.querySelector('{end}').classList.contains('end')"),
        "the endpoint marked",
    )
    .await;
    let label = until(
        c,
        &format!("document.querySelector('{end} .end-label')?.textContent"),
        "the end's label",
    )
    .await;
    assert!(label.as_str().unwrap().contains("403"), "{label}");
    viewport(c, 1280, 720).await;
    c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    shot(c, "serve-1280.png").await;
    // Step through: first, then forward to the end, each step lit and explained.
    click(c, "#first").await;
    let total = c.find_all(Locator::Css("#steps li")).await.unwrap().len();
    assert!(total >= 5, "{total} steps");
    assert_eq!(text(c, "#counter").await, format!("step 1 of {total}"));
    assert!(
        text(c, "#step").await.starts_with("dns vpc-app"),
        "{}",
        text(c, "#step").await
    );
    let cleared = "!document.querySelector('[data-key=vpce_vpce_exec]').classList.contains('end')";
    until(c, cleared, "the end unmarked before the last step").await;
    for i in 2..=total {
        click(c, "#forward").await;
        assert_eq!(text(c, "#counter").await, format!("step {i} of {total}"));
        until(
            c,
            "document.querySelector('#drawing .current')",
            "the step lit",
        )
        .await;
    }
    click(c, "#back").await;
    assert_eq!(
        text(c, "#counter").await,
        format!("step {} of {total}", total - 1)
    );
    click(c, "#last").await;
    let step = text(c, "#step").await;
    assert!(step.contains("F1.10"), "the rule cited: {step}");
    let link = c
        .find(Locator::Css("#step a[href$='#F1.10']"))
        .await
        .unwrap();
    assert!(
        link.attr("href")
            .await
            .unwrap()
            .unwrap()
            .contains("docs/aws-rules.md#F1.10")
    );
    // What if private DNS were off?
    let fix = "#fixes button[data-fix*='private DNS off']";
    until(
        c,
        &format!("document.querySelector(\"{fix}\")"),
        "the private DNS fix",
    )
    .await;
    click(c, fix).await;
    until(
        c,
        "document.querySelector('#changes ul')",
        "the changed outcomes",
    )
    .await;
    let changes = text(c, "#changes").await;
    assert!(
        changes.contains(
            "public API default URL from the VPC: http 403 ForbiddenException → http 200"
        ),
        "{changes}"
    );
    assert!(
        changes.contains("the private API from the VPC: http 200 → http 403"),
        "{changes}"
    );
    until(
        c,
        "document.querySelector('#outcome').textContent.includes('http 200')",
        "200 after the fix",
    )
    .await;
    // Share: the link holds the scenario; opened, it comes back.
    click(c, "#share").await;
    let link = until(
        c,
        "location.hash.includes('s=') && location.href",
        "the shared link",
    )
    .await;
    c.goto("about:blank").await.unwrap();
    c.goto(link.as_str().unwrap()).await.unwrap();
    until(
        c,
        "document.querySelector('#source').value.includes('vpce-exec')",
        "the shared scenario",
    )
    .await;
    // A typo: its diagnostic at its line, in the CLI's words.
    typo(c).await;
    // Markup in a scenario is text.
    markup(c, base).await;
    viewport(c, 390, 844).await;
    c.goto("about:blank").await.unwrap();
    c.goto(&format!("{base}#l=execute-api-private-dns-403"))
        .await
        .unwrap();
    until(
        c,
        "document.querySelector('#drawing svg [data-key=vpce_vpce_exec]')",
        "the drawing at phone width",
    )
    .await;
    c.find(Locator::Css("#where"))
        .await
        .unwrap()
        .select_by_value("igw_igw_app")
        .await
        .unwrap();
    click(c, "#what input[value='2xx']").await;
    click(c, "#reveal").await;
    let verdict = text(c, "#verdict").await;
    assert!(verdict.contains("✗ it ends at vpce-exec"), "{verdict}");
    let width = until(
        c,
        "document.documentElement.scrollWidth",
        "the page's width",
    )
    .await;
    assert!(
        width.as_u64().unwrap() <= 390,
        "the page is wider than a phone: {width}"
    );
    c.execute(
        "document.querySelector('#requests').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    shot(c, "serve-390.png").await;
}
