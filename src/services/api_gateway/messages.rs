//! A WebSocket message's route: the API's route selection expression evaluated against the
//! message's JSON body, the route key that equals the result, else `$default` (F4.13).

use super::*;

/// Routes a message sent on an open connection, pushing the decision as a step at `at`.
pub(super) fn route_message<'a>(
    api: &'a Api,
    message: &str,
    at: &Name<'a>,
    steps: &mut Steps<'a>,
) -> Outcome {
    let answered = || Outcome::Http {
        status: 101,
        body: api.body.clone(),
        error_type: None,
    };
    let Some(routes) = &api.routes else {
        steps.service(at, || {
            "the message is taken by the API's integration (no routes listed: every route answers)"
                .to_string()
        });
        return answered();
    };
    let value = api.route_selection.evaluate(message);
    let custom = |key: &str| {
        routes
            .iter()
            .find(|r| !r.text.starts_with('$') && r.text == key)
    };
    let default = routes.iter().find(|r| r.is_default);
    // "evaluates to `x` and no route key equals it" / "cannot be evaluated (why)".
    let how = match &value {
        Ok(v) => format!("`{}` evaluates to `{v}`", api.route_selection.text),
        Err(why) => format!("`{}` cannot be evaluated ({why})", api.route_selection.text),
    };
    let unmatched = if value.is_ok() {
        " and no route key equals it"
    } else {
        ""
    };
    match (value.as_deref().ok().and_then(custom), default) {
        (Some(r), _) => {
            steps.service(at, || {
                format!(
                    "message: route selection {how}, so route `{}` takes it",
                    r.text
                )
            });
            answered()
        }
        (None, Some(_)) => {
            steps.service(at, || {
                format!("message: route selection {how}{unmatched}, so `$default` takes it")
            });
            answered()
        }
        (None, None) => {
            steps.service(at, || {
                format!(
                    "message: route selection {how}{unmatched}, and there is no `$default` route: API Gateway answers the message with a Forbidden error (the connection stays open)"
                )
            });
            Outcome::Http {
                status: 101,
                body: r#"{"message": "Forbidden"}"#.into(),
                error_type: None,
            }
        }
    }
}
