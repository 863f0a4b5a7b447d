#!/usr/bin/env bash
# Writes the pull-request comment of a `vpcpath review` run, never a blank one.
# Usage: scripts/review-comment.sh STATUS MARKDOWN_FILE STDERR_FILE > body.md
#   STATUS         vpcpath's exit status: 0 nothing to report, 1 changes or failed
#                  expectations (as --fail-on counts), 2 bad input; anything else is a crash
#   MARKDOWN_FILE  what `vpcpath review --format markdown` printed (may be empty or missing)
#   STDERR_FILE    what it printed on stderr: its notes, or why it could not review
# The body starts with the marker <!-- vpcpath-review --> by which scripts/post-comment.sh finds
# the comment again. Environment, all optional:
#   VPCPATH_REVIEW_KEY   tells apart the reviews of several plans in one pull request
#   VPCPATH_FAIL_ON      the --fail-on in force (changes, expectation, never), for the headline
#   VPCPATH_RUN_URL      a link to the CI run, shown at the end (the action passes its run)
# A review too long for a comment (GitHub takes 65,536 characters) is cut at a line, saying so.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 STATUS MARKDOWN_FILE STDERR_FILE > body.md" >&2
  exit 2
fi
status=$1 markdown=$2 stderr=$3
key=${VPCPATH_REVIEW_KEY:-}
case $key in
  *[!A-Za-z0-9._/-]*) echo "review-comment: VPCPATH_REVIEW_KEY may hold letters, digits and . _ / - only" >&2; exit 2 ;;
esac
max_review_bytes=55000 max_stderr_bytes=8000

# A file's text without terminal colours, or nothing when the file is missing.
text_of() {
  [ -f "$1" ] || return 0
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1"
}
# Whether a text has anything but white space.
blank() { ! grep -q '[^[:space:]]' <<< "$1"; }
# The first lines of a text that fit in a number of bytes, and a line saying what was cut.
cut_to() { # BYTES WHAT
  LC_ALL=C awk -v max="$1" -v what="$2" '
    { if (!cut && used + length($0) + 1 <= max) { print; used += length($0) + 1 } else { cut = 1; left++ } }
    END { if (cut) printf "\n_… %d more lines of %s cut here: the job log has them all._\n", left, what }'
}
# A code fence longer than any run of backticks in a text, so the text cannot close it.
fence_for() {
  LC_ALL=C awk '{ while (match($0, /`+/)) { if (RLENGTH > m) m = RLENGTH; $0 = substr($0, RSTART + RLENGTH) } }
    END { n = m >= 3 ? m + 1 : 3; s = ""; for (i = 0; i < n; i++) s = s "`"; print s }' <<< "$1"
}
fenced() { # TEXT
  local fence
  fence=$(fence_for "$1")
  printf '%stext\n%s\n%s\n' "$fence" "$1" "$fence"
}

review=$(text_of "$markdown" | cut_to "$max_review_bytes" "the review")
messages=$(text_of "$stderr" | cut_to "$max_stderr_bytes" "vpcpath's messages")
title="vpcpath review"
[ -z "$key" ] || title="vpcpath review of $key"

echo "<!-- vpcpath-review -->"
[ -z "$key" ] || echo "<!-- vpcpath-review-key: $key -->"
case $status in
  0)
    case ${VPCPATH_FAIL_ON:-changes} in
      never) echo "**$title: passed** (exit status 0; \`fail-on: never\`, so nothing fails the check)." ;;
      expectation*) echo "**$title: passed** (exit status 0): every expectation holds after the plan." ;;
      *) echo "**$title: passed** (exit status 0): this plan changes no request's outcome or path, and breaks no expectation." ;;
    esac
    ;;
  1)
    case ${VPCPATH_FAIL_ON:-changes} in
      expectation*) echo "**$title: expectations fail** (exit status 1): after this plan, some requests no longer get what their \`expect:\` says." ;;
      *) echo "**$title: this plan changes requests** (exit status 1): the outcome or path of some requests changes, or an expectation fails after it." ;;
    esac
    ;;
  2)
    echo "**$title: could not review the plan** (exit status 2): the plan or the requests file could not be read, or describes something AWS itself refuses. vpcpath said:"
    echo
    if blank "$messages"; then
      echo "_vpcpath printed no message; the job log may say more._"
    else
      fenced "$messages"
    fi
    ;;
  *)
    echo "**$title: vpcpath stopped unexpectedly** (exit status ${status:-unknown}). This is not a verdict on the plan. What it printed on stderr:"
    echo
    if blank "$messages"; then
      echo "_nothing; the job log may say more._"
    else
      fenced "$messages"
    fi
    ;;
esac
echo

if ! blank "$review"; then
  if [ "$status" != 0 ] && [ "$status" != 1 ]; then
    echo "What it printed before it stopped:"
    echo
  fi
  printf '%s\n' "$review"
  echo
elif [ "$status" = 0 ] || [ "$status" = 1 ]; then
  echo "_vpcpath printed no review; the job log may say more._"
  echo
fi

if { [ "$status" = 0 ] || [ "$status" = 1 ]; } && ! blank "$messages"; then
  count=$(grep -c '[^[:space:]]' <<< "$messages")
  echo "<details><summary>Notes from vpcpath ($count)</summary>"
  echo
  fenced "$messages"
  echo
  echo "</details>"
  echo
fi

if [ -n "${VPCPATH_RUN_URL:-}" ]; then
  echo "<sub>[CI run]($VPCPATH_RUN_URL)</sub>"
fi
