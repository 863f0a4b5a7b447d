#!/usr/bin/env bash
# End-to-end scale benchmark: generates the small, medium and large scenarios, and for each
# reports the file size, the parse floor (reading and parsing the file with serde-saphyr and
# vpcpath's budgets, building nothing), the whole `vpcpath run --summary`, `vpcpath run`
# (the text report) and `vpcpath run --format jsonl` (both to /dev/null), with wall time and
# peak memory (GNU time).
# Usage: scripts/bench-scale.sh [small|medium|large ...]   (default: all three)
# BENCH_SHAPE=hub-and-spoke generates the organisation shape (a hub VPC, spokes on a transit
# gateway) instead of the default mesh; BENCH_SHAPE=network-heavy a mesh that is mostly network
# (the size's VPCs with 100 routes per table and a tenth of its requests).
# A second table times `check` and `test` on the same files; a third the other commands:
# `run --format json`, `run --format markdown`, `graph --format dot`, `diff FILE FILE` (against
# the two files' floors) and `fix`, each stopped after BENCH_TIMEOUT seconds (default 300; shown as `>N`).
# BENCH_RUNS=N runs each command N times (default 3) and reports the median time.
# Needs GNU time at /usr/bin/time. Results go to stdout as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(small medium large)
cargo build --release --quiet --bin vpcpath --example parse_floor
bin=target/release/vpcpath
floor=target/release/examples/parse_floor
dir=target/bench-scale
mkdir -p "$dir"
runs=${BENCH_RUNS:-3}
shape=${BENCH_SHAPE:-mesh}
measure() { # prints "seconds peak_MiB" of a command whose stdout is discarded: the median
  # wall time and the largest peak of $runs runs (timings on a shared machine vary by ~10 %)
  : > "$dir/times.txt"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > /dev/null 2> "$dir/stderr.txt" || true
    tail -1 "$dir/time.txt" >> "$dir/times.txt"  # GNU time first says a non-zero exit
  done
  sort -n "$dir/times.txt" | awk -v n="$runs" '
    { t[NR] = $1; if ($2 > m) m = $2 }
    END { printf "%.2f %.0f", t[int((n + 1) / 2)], m / 1024 }'
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -srm)"
echo "vpcpath: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), median of $runs runs, shape $shape"
echo
echo "| size | requests | file MiB | parse floor s | run --summary s | peak MiB | run (text) s | peak MiB | run --format jsonl s | peak MiB | summary / floor | text / floor | jsonl / floor | peak / file |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  file="$dir/$size-$shape.yaml"
  if [ ! -f "$file" ]; then
    case "$shape" in
      network-heavy)
        vpcs=$(case "$size" in small) echo 10;; medium) echo 100;; *) echo 1000;; esac)
        "$bin" generate --size "$size" --routes-per-table 100 --requests $((vpcs * 100)) > "$file" ;;
      *) "$bin" generate --size "$size" --shape "$shape" > "$file" ;;
    esac
  fi
  mib=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  requests=$(grep -c '^  - { name: r' "$file")
  read -r fl _ <<< "$(measure "$floor" ignored "$file")"
  read -r su sm <<< "$(measure "$bin" run --summary "$file")"
  read -r tx tm <<< "$(measure "$bin" run "$file")"
  read -r jl jm <<< "$(measure "$bin" run --format jsonl "$file")"
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  peak=$(printf '%s\n' "$sm" "$tm" "$jm" | sort -n | tail -1)
  echo "| $size | $requests | $mib | $fl | $su | $sm | $tx | $tm | $jl | $jm | $(ratio "$su" "$fl") | $(ratio "$tx" "$fl") | $(ratio "$jl" "$fl") | $(ratio "$peak" "$mib") |"
done
echo
echo "| size | file MiB | check s | peak MiB | test s | peak MiB | check / floor | test / floor | peak / file |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  file="$dir/$size-$shape.yaml"
  mib=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  read -r fl _ <<< "$(measure "$floor" ignored "$file")"
  read -r ck cm <<< "$(measure "$bin" check "$file")"
  read -r ts tsm <<< "$(measure "$bin" test "$file")"
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  peak=$(printf '%s\n' "$cm" "$tsm" | sort -n | tail -1)
  echo "| $size | $mib | $ck | $cm | $ts | $tsm | $(ratio "$ck" "$fl") | $(ratio "$ts" "$fl") | $(ratio "$peak" "$mib") |"
done
echo
echo "| size | file MiB | run --format json s | peak MiB | markdown s | peak MiB | graph s | peak MiB | diff s | peak MiB | fix s | peak MiB | json / floor | markdown / floor | graph / floor | diff / 2 floors |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
limit=${BENCH_TIMEOUT:-300}
for size in "${sizes[@]}"; do
  file="$dir/$size-$shape.yaml"
  mib=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  read -r fl _ <<< "$(measure "$floor" ignored "$file")"
  timed() { # measure, or `>limit` when the command ran out of time
    local r; r=$(measure timeout "$limit" "$@")
    if awk -v t="${r%% *}" -v l="$limit" 'BEGIN { exit !(t >= l) }'; then echo ">$limit -"; else echo "$r"; fi
  }
  read -r js jm <<< "$(timed "$bin" run --format json "$file")"
  read -r md mm <<< "$(timed "$bin" run --format markdown "$file")"
  read -r gr gm <<< "$(timed "$bin" graph --format dot "$file")"
  read -r df dm <<< "$(timed "$bin" diff "$file" "$file")"
  read -r fx fm <<< "$(timed "$bin" fix "$file")"
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^>/) print "-"; else printf "%.2f", a / b }'; }
  echo "| $size | $mib | $js | $jm | $md | $mm | $gr | $gm | $df | $dm | $fx | $fm | $(ratio "$js" "$fl") | $(ratio "$md" "$fl") | $(ratio "$gr" "$fl") | $(ratio "$df" "$(awk -v f="$fl" 'BEGIN { print 2 * f }')") |"
done
