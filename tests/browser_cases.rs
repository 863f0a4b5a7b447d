//! The browser test's other cases (`tests/browser.rs` drives them): a typo's diagnostic at its
//! line, markup in a scenario shown as text, and the window sized to a viewport.

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::browser::{text, until};

/// Sizes the window so that the page's viewport is `width` by `height`.
pub(crate) async fn viewport(c: &Client, width: u32, height: u32) {
    c.set_window_size(width, height).await.unwrap();
    let inner = c
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .unwrap();
    let (w, h) = (
        inner[0].as_u64().unwrap() as u32,
        inner[1].as_u64().unwrap() as u32,
    );
    c.set_window_size(2 * width - w, 2 * height - h)
        .await
        .unwrap();
}

pub(crate) async fn typo(c: &Client) {
    let lines = until(
        c,
        "document.querySelector('#source').value.split('\\n').length",
        "the text",
    )
    .await;
    c.execute(
        "const t = document.querySelector('#source'); t.focus(); t.setSelectionRange(t.value.length, t.value.length);",
        vec![],
    )
    .await
    .unwrap();
    let source = c.find(Locator::Css("#source")).await.unwrap();
    source.send_keys("vpcz: []\n").await.unwrap();
    // The text ended with a newline: the typo is on the line after the last.
    let line = lines.as_u64().unwrap();
    let diag = format!("#problems li.error[data-line='{line}']");
    until(
        c,
        &format!("document.querySelector(\"{diag}\")"),
        "the typo's diagnostic",
    )
    .await;
    let said = text(c, &diag).await;
    assert!(said.contains("vpcz"), "{said}");
    until(
        c,
        &format!("document.querySelector(\"#highlight .line-error[data-line='{line}']\")"),
        "the line marked",
    )
    .await;
}

/// A scenario whose request's name is markup.
const MARKUP: &str = r#"scenario: markup is text
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    internet_gateway: igw-a
    subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]
    route_tables:
      - { id: rtb-a, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
    instances: [{ id: i-a, subnet: subnet-a, public_ip: true }]
requests:
  - name: "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">"
    from: i-a
    url: https://sts.us-east-1.amazonaws.com/
"#;

pub(crate) async fn markup(c: &Client, base: &str) {
    let scenario = MARKUP;
    let link: Value = c
        .execute_async(
            "const [text, done] = arguments; import('/assets/share.js').then(m => m.linkFor(text, null, 0)).then(done);",
            vec![json!(scenario)],
        )
        .await
        .unwrap();
    let link = link.as_str().unwrap().to_string();
    assert!(link.starts_with(base), "{link}");
    c.goto("about:blank").await.unwrap();
    c.goto(&link).await.unwrap();
    let name = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">";
    until(
        c,
        "document.querySelector('#requests button')",
        "the request",
    )
    .await;
    assert_eq!(text(c, "#requests button").await, name);
    let xss = c.execute("return window.__xss === undefined && document.querySelectorAll('#requests img, #requests script, #title img').length === 0;", vec![]).await.unwrap();
    assert_eq!(xss, Value::Bool(true), "markup ran or was parsed");
}
