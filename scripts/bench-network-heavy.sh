#!/usr/bin/env bash
# The network-heavy shape at several VPC counts (issue 28): 10 subnets per VPC, route tables of
# 100 routes, a security group and a network ACL of 40 rules per VPC, 100,000 requests. Times
# the parse floor (examples/parse_floor, `ignored`) and `run --summary`, `run --format jsonl`,
# `check`, `test` and `graph --format dot`, each to /dev/null, with GNU time: the median wall
# time of BENCH_RUNS runs (default 3) and the median peak resident set.
# Usage: scripts/bench-network-heavy.sh [VPCS ...]   (default: 1000 3000)
# BIN and FLOOR override the binaries (default: target/release/vpcpath and
# target/release/examples/parse_floor; build them with
# `cargo build --release --bin vpcpath --example parse_floor`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/vpcpath}
floor=${FLOOR:-target/release/examples/parse_floor}
dir=${BENCH_DIR:-target/bench-network-heavy}
runs=${BENCH_RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 3000)
mkdir -p "$dir"
measure() { # "seconds peak_MiB": the medians of $runs runs
  : > "$dir/times.txt"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > /dev/null 2> "$dir/stderr.txt" || true
    tail -1 "$dir/time.txt" >> "$dir/times.txt"
  done
  local k=$(((runs + 1) / 2))
  printf '%s %s' "$(cut -d' ' -f1 "$dir/times.txt" | sort -n | sed -n "${k}p")" \
    "$(cut -d' ' -f2 "$dir/times.txt" | sort -n | sed -n "${k}p" | awk '{ printf "%.0f", $1 / 1024 }')"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "machine: $(nproc) cores, $(uname -srm); vpcpath $(git rev-parse --short HEAD 2>/dev/null || echo unknown); medians of $runs"
echo
echo "| VPCs | file MiB | floor s | command | s | peak MiB | / floor | peak / file |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  file="$dir/nh-$n.yaml"
  [ -f "$file" ] || "$bin" generate --shape network-heavy --vpcs "$n" --subnets-per-vpc 10 \
    --routes-per-table 100 --requests 100000 > "$file"
  mib=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  read -r fl fm <<< "$(measure "$floor" ignored "$file")"
  echo "| $n | $mib | $fl | parse floor | $fl | $fm | 1.00 | $(ratio "$fm" "$mib") |"
  for cmd in "run --summary" "run --format jsonl" "check" "test" "graph --format dot"; do
    # shellcheck disable=SC2086
    read -r s m <<< "$(measure "$bin" $cmd "$file")"
    echo "| $n | $mib | $fl | \`$cmd\` | $s | $m | $(ratio "$s" "$fl") | $(ratio "$m" "$mib") |"
  done
done
