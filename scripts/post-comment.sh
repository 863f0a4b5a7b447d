#!/usr/bin/env bash
# Posts a review comment on a GitHub pull request, or updates the one posted before: one
# comment per pull request (per VPCPATH_REVIEW_KEY), found by the marker that
# scripts/review-comment.sh writes first.
# Usage: scripts/post-comment.sh PR_NUMBER BODY_FILE
# Environment: GH_TOKEN (a token that may write pull requests), GITHUB_REPOSITORY (owner/name),
#   VPCPATH_REVIEW_KEY (optional, as review-comment.sh had it). Needs the GitHub CLI, gh.
# Exits non-zero when the comment could not be read or written (a pull request from a fork
# gets a read-only token); the action turns that into a warning.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 PR_NUMBER BODY_FILE" >&2
  exit 2
fi
pr=$1 body=$2
repo=${GITHUB_REPOSITORY:?set GITHUB_REPOSITORY to owner/name}
key=${VPCPATH_REVIEW_KEY:-}
marker='<!-- vpcpath-review -->'

case $pr in
  '' | *[!0-9]*) echo "post-comment: '$pr' is not a pull request number" >&2; exit 2 ;;
esac
case $repo in
  */* ) ;;
  *) echo "post-comment: GITHUB_REPOSITORY '$repo' is not owner/name" >&2; exit 2 ;;
esac
case $key in
  *[!A-Za-z0-9._/-]*) echo "post-comment: VPCPATH_REVIEW_KEY may hold letters, digits and . _ / - only" >&2; exit 2 ;;
esac
if [ ! -s "$body" ] || [ "$(head -n 1 "$body")" != "$marker" ]; then
  echo "post-comment: $body does not start with $marker (write it with scripts/review-comment.sh)" >&2
  exit 2
fi

# The comments that carry the marker and this key (or no key when none is given), oldest first.
if [ -n "$key" ]; then
  filter=".[] | select((.body | startswith(\"$marker\")) and (.body | contains(\"<!-- vpcpath-review-key: $key -->\"))) | .id"
else
  filter=".[] | select((.body | startswith(\"$marker\")) and ((.body | contains(\"<!-- vpcpath-review-key:\")) | not)) | .id"
fi
ids=$(gh api --paginate "repos/$repo/issues/$pr/comments?per_page=100" --jq "$filter")
id=$(head -n 1 <<< "$ids")

if [ -n "$id" ]; then
  gh api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" --silent
  echo "post-comment: updated comment $id on pull request #$pr"
else
  gh api --method POST "repos/$repo/issues/$pr/comments" -F "body=@$body" --silent
  echo "post-comment: commented on pull request #$pr"
fi
