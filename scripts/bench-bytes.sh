#!/usr/bin/env bash
# Bytes per resource (issue 28): the peak memory of `check` and `run --summary` on networks
# with few requests (`--requests 1000`), where the network is the whole file, for two builds
# run alternately on the same files (BENCH_RUNS rounds, default 3): the median wall time and
# the largest peak resident set, and the peak over the file's size.
# Usage: scripts/bench-bytes.sh BEFORE_BIN AFTER_BIN
#   files: the mesh at 3,000 and 10,000 VPCs, hub and spokes at 4,096 (its cap), each
#   `vpcpath generate --size large --shape SHAPE --vpcs N --requests 1000`.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1
after=$2
dir=${BENCH_DIR:-target/bench-bytes}
runs=${BENCH_RUNS:-3}
mkdir -p "$dir"
once() { # "seconds peak_KiB" of one run
  # The binary's pages dropped from the page cache first, so that both builds are read from
  # the disk alike: a binary just copied (`cp`) sits in the cache in large folios and its
  # mapped code counted 2 MiB more in the resident set than the same file read back.
  dd if="$1" iflag=nocache count=0 status=none 2> /dev/null || true
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > /dev/null 2> /dev/null || true
  tail -1 "$dir/time.txt"
}
median() { sort -n | sed -n "$(((runs + 1) / 2))p"; }
echo "| file | MiB | command | before s | after s | before peak MiB | after peak MiB | before / file | after / file |"
echo "|---|---|---|---|---|---|---|---|---|"
for spec in mesh:3000 mesh:10000 hub-and-spoke:4096; do
  shape=${spec%%:*}
  n=${spec##*:}
  file="$dir/$shape-$n.yaml"
  [ -f "$file" ] || "$after" generate --size large --shape "$shape" --vpcs "$n" --requests 1000 > "$file"
  mib=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  for cmd in "check" "run --summary"; do
    : > "$dir/rounds.txt"
    for _ in $(seq "$runs"); do
      # shellcheck disable=SC2086
      read -r bs bm <<< "$(once "$before" $cmd "$file")"
      # shellcheck disable=SC2086
      read -r as am <<< "$(once "$after" $cmd "$file")"
      echo "$bs $bm $as $am" >> "$dir/rounds.txt"
    done
    bs=$(cut -d' ' -f1 "$dir/rounds.txt" | median)
    as=$(cut -d' ' -f3 "$dir/rounds.txt" | median)
    bm=$(cut -d' ' -f2 "$dir/rounds.txt" | sort -n | tail -1)
    am=$(cut -d' ' -f4 "$dir/rounds.txt" | sort -n | tail -1)
    awk -v f="$shape $n" -v mib="$mib" -v c="$cmd" -v bs="$bs" -v as="$as" -v bm="$bm" -v am="$am" \
      'BEGIN { printf "| %s | %s | `%s` | %s | %s | %.0f | %.0f | %.2f | %.2f |\n", f, mib, c, bs, as, bm / 1024, am / 1024, bm / 1024 / mib, am / 1024 / mib }'
  done
done
