#!/usr/bin/env bash
# The GitHub Action's scripts, offline: scripts/review-comment.sh writes a comment that is never
# blank, starts with the marker, carries vpcpath's notes and, on bad input, its error;
# scripts/run-review.sh passes the inputs to vpcpath and keeps its status (a stand-in vpcpath);
# scripts/post-comment.sh updates the comment it posted before or posts one (a stand-in gh that
# applies the real jq filter to sample comments); action.yml declares the inputs docs/ci.md
# describes. With VPCPATH_BIN=path/to/vpcpath it also reviews the Terraform fixture for real.
# Usage: bash tests/action.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

passed=0 failed=0
ok() {
  passed=$((passed + 1))
  echo "ok    $*"
}
not_ok() {
  failed=$((failed + 1))
  echo "FAIL  $*"
}
expect() { # DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
has() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
not_blank() { grep -q '[^[:space:]]' "$1"; }
first_line_is() { [ "$(head -n 1 "$1")" = "$2" ]; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
marker='<!-- vpcpath-review -->'

# Sample inputs: what vpcpath review printed.
cat > "$tmp/changes.md" << 'EOF'
### vpcpath: `plan.json (prior state)` → `plan.json (planned)`

- **1 request (app calls the orders API): http 200 -> http 403 ForbiddenException** — step 1: before `dns ...`; after `dns ...`

| request | change | before | after | why |
|---|---|---|---|---|
| app calls the orders API | changed | http 200 via i-app -> igw-a | http 403 ForbiddenException via i-app -> vpce-exec | step 1 |

1 changed, 0 unchanged.
EOF
cat > "$tmp/unchanged.md" << 'EOF'
### vpcpath: `plan.json (prior state)` → `plan.json (planned)`

0 changed, 3 unchanged.
EOF
cat > "$tmp/notes.txt" << 'EOF'
note: aws_instance.app[0]: a public address assigned at launch, not known here: vpcpath allocates one
note: not modelled: aws_api_gateway_method (left out)
EOF
cat > "$tmp/error.txt" << 'EOF'
error: plan.json: not JSON: expected value at line 1 column 1
EOF
: > "$tmp/empty.md"
: > "$tmp/empty.txt"

comment() { # NAME STATUS MARKDOWN STDERR [ENV...]: writes $tmp/NAME.body
  local name=$1 status=$2 md=$3 err=$4
  shift 4
  env "$@" bash scripts/review-comment.sh "$status" "$md" "$err" > "$tmp/$name.body" 2> "$tmp/$name.err"
}

# Status 0: no change, with notes.
comment s0 0 "$tmp/unchanged.md" "$tmp/notes.txt"
expect "status 0: the body is not blank" not_blank "$tmp/s0.body"
expect "status 0: the body starts with the marker" first_line_is "$tmp/s0.body" "$marker"
expect "status 0: it says the review passed" has "$tmp/s0.body" "passed"
expect "status 0: it carries the review" has "$tmp/s0.body" "0 changed, 3 unchanged."
expect "status 0: it carries the notes" has "$tmp/s0.body" "note: not modelled: aws_api_gateway_method (left out)"

# Status 1: changes, with notes.
comment s1 1 "$tmp/changes.md" "$tmp/notes.txt"
expect "status 1: the body is not blank" not_blank "$tmp/s1.body"
expect "status 1: the body starts with the marker" first_line_is "$tmp/s1.body" "$marker"
expect "status 1: it says the plan changes requests" has "$tmp/s1.body" "this plan changes requests"
expect "status 1: it carries the review's table" has "$tmp/s1.body" "| app calls the orders API | changed |"
expect "status 1: it carries every note" \
  bash -c "grep -qF 'note: aws_instance.app[0]: a public address' '$tmp/s1.body' && grep -qF 'note: not modelled' '$tmp/s1.body'"
expect "status 1: the notes are counted" has "$tmp/s1.body" "Notes from vpcpath (2)"
comment s1e 1 "$tmp/changes.md" "$tmp/notes.txt" VPCPATH_FAIL_ON=expectation
expect "status 1 with fail-on expectation: it says expectations fail" has "$tmp/s1e.body" "expectations fail"

# Status 2: bad input; the error is in the body, in a fence.
comment s2 2 "$tmp/empty.md" "$tmp/error.txt"
expect "status 2: the body is not blank" not_blank "$tmp/s2.body"
expect "status 2: the body starts with the marker" first_line_is "$tmp/s2.body" "$marker"
expect "status 2: it says the plan could not be reviewed" has "$tmp/s2.body" "could not review the plan"
expect "status 2: it carries vpcpath's error" has "$tmp/s2.body" "error: plan.json: not JSON: expected value at line 1 column 1"
expect "status 2: the error is fenced" bash -c "grep -A1 -x '\`\`\`text' '$tmp/s2.body' | grep -qF 'error: plan.json'"
expect "status 2: it does not claim a passed review" lacks "$tmp/s2.body" "passed"

# An empty Markdown file, for each status, and nothing on stderr either.
for status in 0 1 2; do
  comment "empty$status" "$status" "$tmp/empty.md" "$tmp/empty.txt"
  expect "status $status, empty review and stderr: the body is not blank" not_blank "$tmp/empty$status.body"
  expect "status $status, empty review and stderr: the body starts with the marker" \
    first_line_is "$tmp/empty$status.body" "$marker"
  expect "status $status, empty review and stderr: more than the marker" \
    test "$(grep -c '[^[:space:]]' "$tmp/empty$status.body")" -ge 2
done
expect "an empty review says vpcpath printed none" has "$tmp/empty1.body" "vpcpath printed no review"
expect "status 2 with nothing on stderr says so" has "$tmp/empty2.body" "vpcpath printed no message"
comment missing 1 "$tmp/no-such.md" "$tmp/no-such.txt"
expect "missing files: the body is not blank and starts with the marker" \
  bash -c "grep -q '[^[:space:]]' '$tmp/missing.body' && [ \"\$(head -n 1 '$tmp/missing.body')\" = '$marker' ]"

# A crash (any other status) is not a verdict, and shows what vpcpath printed.
printf "thread 'main' panicked at src/main.rs:1:1\n" > "$tmp/panic.txt"
comment s101 101 "$tmp/empty.md" "$tmp/panic.txt"
expect "status 101: it says vpcpath stopped unexpectedly" has "$tmp/s101.body" "stopped unexpectedly"
expect "status 101: it carries the panic" has "$tmp/s101.body" "panicked at"

# Text that would close a fence, colours, a key, a run link, and a review too long for GitHub.
printf 'error: bad\n````\nnot the end of the block\n' > "$tmp/fence.txt"
comment fence 2 "$tmp/empty.md" "$tmp/fence.txt"
expect "stderr with backticks gets a longer fence" has "$tmp/fence.body" '`````text'
printf '\033[31merror: red\033[0m\n' > "$tmp/colour.txt"
comment colour 2 "$tmp/empty.md" "$tmp/colour.txt"
expect "terminal colours are taken out" bash -c "grep -qx 'error: red' '$tmp/colour.body'"
comment keyed 1 "$tmp/changes.md" "$tmp/notes.txt" VPCPATH_REVIEW_KEY=infra/prod VPCPATH_RUN_URL=https://github.com/o/r/actions/runs/9
expect "a key: the marker stays first" first_line_is "$tmp/keyed.body" "$marker"
expect "a key: the second line names it" bash -c "sed -n 2p '$tmp/keyed.body' | grep -qxF '<!-- vpcpath-review-key: infra/prod -->'"
expect "a key: the headline names it" has "$tmp/keyed.body" "vpcpath review of infra/prod"
expect "the run link is at the end" has "$tmp/keyed.body" "(https://github.com/o/r/actions/runs/9)"
comment badkey 1 "$tmp/changes.md" "$tmp/notes.txt" 'VPCPATH_REVIEW_KEY=a -->'
expect "a key that could close the marker is refused" test ! -s "$tmp/badkey.body"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "| request %d | changed | http 200 via a -> b | http 403 via a -> c | step 1 |\n", i }' > "$tmp/long.md"
comment long 1 "$tmp/long.md" "$tmp/notes.txt"
expect "a long review fits in a GitHub comment" test "$(wc -c < "$tmp/long.body")" -lt 65000
expect "a long review says it was cut" has "$tmp/long.body" "more lines of the review cut here"
expect "a long review keeps its notes" has "$tmp/long.body" "note: not modelled"

# run-review.sh with a stand-in vpcpath: the arguments it gets, the status kept.
cat > "$tmp/vpcpath" << 'EOF'
#!/usr/bin/env bash
printf '%s\n' "$@" > "$FAKE_DIR/args"
echo "### the review"
echo "note: a note" >&2
exit "${FAKE_STATUS:-0}"
EOF
chmod +x "$tmp/vpcpath"
echo '{}' > "$tmp/plan.json"
run_review() { # OUT ENV...
  local out=$1
  shift
  env FAKE_DIR="$tmp" VPCPATH="$tmp/vpcpath" "$@" bash scripts/run-review.sh "$tmp/plan.json" "$tmp/$out" 2> /dev/null
}
status=$(run_review rr1 FAKE_STATUS=1 VPCPATH_REQUESTS=requests.yaml)
expect "run-review: vpcpath's status 1 is kept" test "$status" = 1 -a "$(cat "$tmp/rr1/status")" = 1
expect "run-review: fail-on changes becomes vpcpath's --fail-on change" \
  bash -c "tr '\n' ' ' < '$tmp/args' | grep -qF -- 'review $tmp/plan.json --fail-on change --format markdown --requests requests.yaml'"
expect "run-review: stdout and stderr are kept apart" \
  bash -c "grep -qx '### the review' '$tmp/rr1/review.md' && grep -qx 'note: a note' '$tmp/rr1/stderr.txt'"
run_review rr2 VPCPATH_FAIL_ON=expectation > /dev/null
expect "run-review: fail-on expectation is passed on, and no --requests when none is given" \
  bash -c "tr '\n' ' ' < '$tmp/args' | grep -qF -- '--fail-on expectation --format markdown ' && ! grep -q -- --requests '$tmp/args'"
run_review rrn VPCPATH_REQUESTS=requests.yaml VPCPATH_NETWORK=network/account.yaml > /dev/null
expect "run-review: the network input becomes --network" \
  bash -c "tr '\n' ' ' < '$tmp/args' | grep -qF -- '--requests requests.yaml --network network/account.yaml'"
expect "run-review: no --network when none is given" \
  bash -c "run() { env FAKE_DIR='$tmp' VPCPATH='$tmp/vpcpath' bash scripts/run-review.sh '$tmp/plan.json' '$tmp/rrn2' > /dev/null 2>&1; }; run && ! grep -q -- --network '$tmp/args'"
status=$(run_review rr3 VPCPATH_FAIL_ON=sometimes)
expect "run-review: an unknown fail-on is bad input, with the reason" \
  bash -c "[ '$status' = 2 ] && grep -q 'write changes, expectation or never' '$tmp/rr3/stderr.txt'"
status=$(env FAKE_DIR="$tmp" VPCPATH="$tmp/vpcpath" bash scripts/run-review.sh "$tmp/no-plan.json" "$tmp/rr4" 2> /dev/null)
expect "run-review: a missing plan is bad input, with the reason" \
  bash -c "[ '$status' = 2 ] && grep -q 'no plan at' '$tmp/rr4/stderr.txt'"
bash scripts/review-comment.sh "$status" "$tmp/rr4/review.md" "$tmp/rr4/stderr.txt" > "$tmp/rr4.body"
expect "run-review then review-comment: the comment says why" has "$tmp/rr4.body" "no plan at"

# post-comment.sh with a stand-in gh that applies the real jq filter to sample comments.
if command -v jq > /dev/null; then
  mkdir "$tmp/gh-bin"
  cat > "$tmp/gh-bin/gh" << 'EOF'
#!/usr/bin/env bash
echo "$*" >> "$FAKE_GH_DIR/calls"
method=GET filter=. body= path=
while [ $# -gt 0 ]; do
  case $1 in
    api | --paginate | --silent) ;;
    --method) method=$2; shift ;;
    --jq) filter=$2; shift ;;
    -F) body=${2#body=@}; shift ;;
    *) path=$1 ;;
  esac
  shift
done
case $method in
  GET) jq -r "$filter" "$FAKE_GH_COMMENTS" ;;
  *)
    if [ -n "${FAKE_GH_FAIL:-}" ]; then echo "HTTP 403: Resource not accessible by integration" >&2; exit 1; fi
    echo "$method $path" > "$FAKE_GH_DIR/wrote"
    cp "$body" "$FAKE_GH_DIR/written"
    ;;
esac
EOF
  chmod +x "$tmp/gh-bin/gh"
  cat > "$tmp/comments.json" << 'EOF'
[
  { "id": 40, "body": "LGTM" },
  { "id": 41, "body": "quoting the bot: <!-- vpcpath-review --> should not count" },
  { "id": 42, "body": "<!-- vpcpath-review -->\n**vpcpath review: passed**" },
  { "id": 43, "body": "<!-- vpcpath-review -->\n<!-- vpcpath-review-key: infra/prod -->\n**old**" }
]
EOF
  echo '[]' > "$tmp/none.json"
  cat > "$tmp/keyed-only.json" << 'EOF'
[{ "id": 43, "body": "<!-- vpcpath-review -->\n<!-- vpcpath-review-key: infra/prod -->\nx" }]
EOF
  post() { # COMMENTS BODY ENV...
    local comments=$1 body=$2
    shift 2
    rm -f "$tmp/wrote" "$tmp/written" "$tmp/calls"
    env PATH="$tmp/gh-bin:$PATH" FAKE_GH_DIR="$tmp" FAKE_GH_COMMENTS="$comments" GITHUB_REPOSITORY=o/r "$@" \
      bash scripts/post-comment.sh 7 "$body" > /dev/null 2>&1
  }
  post "$tmp/none.json" "$tmp/s1.body"
  expect "post-comment: no comment yet: one is posted on the pull request" \
    bash -c "grep -qx 'POST repos/o/r/issues/7/comments' '$tmp/wrote' && cmp -s '$tmp/written' '$tmp/s1.body'"
  post "$tmp/comments.json" "$tmp/s1.body"
  expect "post-comment: the comment posted before is updated, not another" \
    grep -qx 'PATCH repos/o/r/issues/comments/42' "$tmp/wrote"
  post "$tmp/comments.json" "$tmp/keyed.body" VPCPATH_REVIEW_KEY=infra/prod
  expect "post-comment: with a key, that key's comment is updated" \
    grep -qx 'PATCH repos/o/r/issues/comments/43' "$tmp/wrote"
  post "$tmp/comments.json" "$tmp/keyed.body" VPCPATH_REVIEW_KEY=infra/dev
  expect "post-comment: another key gets a comment of its own" \
    grep -qx 'POST repos/o/r/issues/7/comments' "$tmp/wrote"
  post "$tmp/keyed-only.json" "$tmp/s1.body"
  expect "post-comment: without a key, a keyed comment is left alone" \
    grep -qx 'POST repos/o/r/issues/7/comments' "$tmp/wrote"
  if post "$tmp/none.json" "$tmp/s1.body" FAKE_GH_FAIL=1; then
    not_ok "post-comment: a refused write fails"
  else
    ok "post-comment: a refused write fails"
  fi
  printf 'no marker here\n' > "$tmp/plain.body"
  if post "$tmp/none.json" "$tmp/plain.body" || [ -e "$tmp/calls" ]; then
    not_ok "post-comment: a body without the marker is refused before any call"
  else
    ok "post-comment: a body without the marker is refused before any call"
  fi
else
  echo "skip  post-comment.sh (jq is not installed)"
fi

# action.yml declares what docs/ci.md describes.
if python3 -c 'import yaml' 2> /dev/null; then
  expect "action.yml: inputs plan (required), requests, network, fail-on=changes, version=latest, comment=true" \
    python3 - << 'EOF'
import yaml
action = yaml.safe_load(open("action.yml"))
i = action["inputs"]
assert action["runs"]["using"] == "composite"
assert i["plan"]["required"] is True
assert i["requests"].get("default", "") == ""
assert i["fail-on"]["default"] == "changes"
assert i["version"]["default"] == "latest"
assert str(i["comment"]["default"]) == "true"
assert i["network"].get("default", "") == ""
review = next(s for s in action["runs"]["steps"] if s.get("id") == "review")
assert review["env"]["VPCPATH_NETWORK"] == "${{ inputs.network }}"
run = "\n".join(s.get("run", "") for s in action["runs"]["steps"])
for script in ["install.sh", "run-review.sh", "review-comment.sh", "post-comment.sh"]:
    assert "scripts/" + script in run, script
EOF
fi

# The real review of the Terraform fixture, when a built vpcpath is given.
if [ -n "${VPCPATH_BIN:-}" ]; then
  fixture=tests/fixtures/terraform-written/execute-api-endpoint
  status=$(VPCPATH="$VPCPATH_BIN" VPCPATH_REQUESTS=$fixture/requests.yaml \
    bash scripts/run-review.sh "$fixture/plan-add-endpoint.json" "$tmp/real" 2> /dev/null)
  bash scripts/review-comment.sh "$status" "$tmp/real/review.md" "$tmp/real/stderr.txt" > "$tmp/real.body"
  expect "real review: status 1 for the plan that adds the endpoint" test "$status" = 1
  expect "real review: the comment has the table and the notes" \
    bash -c "grep -qF '| app 0 calls the orders API | changed |' '$tmp/real.body' && grep -qF 'note: ' '$tmp/real.body'"
else
  echo "skip  the real review (set VPCPATH_BIN to a built vpcpath)"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
