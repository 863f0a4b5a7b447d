#!/usr/bin/env bash
# Runs `vpcpath review` as the GitHub Action (action.yml) and the GitLab job (docs/ci.md) do,
# keeping its Markdown, its messages and its exit status apart for scripts/review-comment.sh.
# Usage: scripts/run-review.sh PLAN OUTDIR
#   writes OUTDIR/review.md (stdout), OUTDIR/stderr.txt (notes or errors) and OUTDIR/status,
#   prints the status, and exits 0 whatever vpcpath said (the caller decides what fails).
# Environment:
#   VPCPATH            the binary (default: vpcpath on PATH)
#   VPCPATH_REQUESTS   a scenario file whose requests to run (default: the matrix)
#   VPCPATH_NETWORK    a scenario file laid under both sides (--network; default: none)
#   VPCPATH_FAIL_ON    changes (default), expectation or never
# A fail-on that is none of those, or a plan that is not a file, is bad input: status 2 with
# the reason in stderr.txt, so the comment says why.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 PLAN OUTDIR" >&2
  exit 2
fi
plan=$1 out=$2
mkdir -p "$out"
: > "$out/review.md"
: > "$out/stderr.txt"

finish() {
  echo "$1" > "$out/status"
  echo "$1"
  exit 0
}

case ${VPCPATH_FAIL_ON:-changes} in
  changes | change) fail_on=change ;;
  expectation | expectations) fail_on=expectation ;;
  never) fail_on=never ;;
  *)
    echo "error: fail-on is '${VPCPATH_FAIL_ON}'; write changes, expectation or never" > "$out/stderr.txt"
    finish 2
    ;;
esac
if [ ! -f "$plan" ]; then
  echo "error: no plan at '$plan': write it with terraform show -json PLANFILE > plan.json" > "$out/stderr.txt"
  finish 2
fi

args=(review "$plan" --fail-on "$fail_on" --format markdown)
if [ -n "${VPCPATH_REQUESTS:-}" ]; then
  args+=(--requests "$VPCPATH_REQUESTS")
fi
if [ -n "${VPCPATH_NETWORK:-}" ]; then
  args+=(--network "$VPCPATH_NETWORK")
fi
NO_COLOR=1 "${VPCPATH:-vpcpath}" "${args[@]}" > "$out/review.md" 2> "$out/stderr.txt"
status=$?
# The notes belong in the job log too.
cat "$out/stderr.txt" >&2
finish "$status"
