#!/usr/bin/env bash
# Every shape at large VPC counts (issue 28): `run --summary`, `check`, `test` and
# `graph --format dot`, each run paired with a parse floor run right beside it (the floor, then
# the command, BENCH_RUNS rounds, default 3), so that a machine whose speed drifts, or that
# other work shares, slows both alike. Prints, per command, the median wall time, the median
# of the floors beside it, the median of the rounds' ratios, and the largest peak resident set
# over the file's size (the peak does not depend on the machine's load).
# Usage: scripts/bench-shapes.sh SHAPE VPCS [VPCS ...]
#   mesh and hub-and-spoke: `vpcpath generate --size large --shape SHAPE --vpcs N`
#     (10 subnets per VPC, route tables of 10 routes, 1,000,000 requests);
#   network-heavy: `--subnets-per-vpc 10 --routes-per-table 100 --requests 100000`, as
#     scripts/bench-network-heavy.sh writes it.
# BIN and FLOOR override the binaries (default: target/release/vpcpath and
# target/release/examples/parse_floor; build them with
# `cargo build --release --bin vpcpath --example parse_floor`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/vpcpath}
floor=${FLOOR:-target/release/examples/parse_floor}
dir=${BENCH_DIR:-target/bench-shapes}
runs=${BENCH_RUNS:-3}
shape=$1
shift
mkdir -p "$dir"
once() { # "seconds peak_KiB" of one run
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > /dev/null 2> "$dir/stderr.txt" || true
  tail -1 "$dir/time.txt"
}
median() { sort -n | sed -n "$(((runs + 1) / 2))p"; }
echo "machine: $(nproc) cores, $(uname -srm); vpcpath $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $shape; medians of $runs rounds (floor, command)"
echo
echo "| VPCs | file MiB | command | s | floor s beside it | / floor | peak MiB | peak / file |"
echo "|---|---|---|---|---|---|---|---|"
for n in "$@"; do
  file="$dir/$shape-$n.yaml"
  if [ ! -f "$file" ]; then
    case $shape in
      network-heavy) "$bin" generate --shape network-heavy --vpcs "$n" --subnets-per-vpc 10 \
        --routes-per-table 100 --requests 100000 > "$file" ;;
      *) "$bin" generate --size large --shape "$shape" --vpcs "$n" > "$file" ;;
    esac
  fi
  mib=$(awk -v b="$(stat -L -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  fpeak=0
  for cmd in "run --summary" "check" "test" "graph --format dot"; do
    : > "$dir/rounds.txt"
    for _ in $(seq "$runs"); do
      read -r fs fm <<< "$(once "$floor" ignored "$file")"
      # shellcheck disable=SC2086
      read -r s m <<< "$(once "$bin" $cmd "$file")"
      echo "$fs $fm $s $m" >> "$dir/rounds.txt"
      [ "$fm" -gt "$fpeak" ] && fpeak=$fm
    done
    ms=$(cut -d' ' -f3 "$dir/rounds.txt" | median)
    mf=$(cut -d' ' -f1 "$dir/rounds.txt" | median)
    mr=$(awk '{ printf "%.4f\n", $3 / $1 }' "$dir/rounds.txt" | median)
    pk=$(cut -d' ' -f4 "$dir/rounds.txt" | sort -n | tail -1)
    printf '| %s | %s | `%s` | %s | %s | %.2f | %.0f | %.2f |\n' "$n" "$mib" "$cmd" "$ms" "$mf" "$mr" \
      "$(awk -v k="$pk" 'BEGIN { print k / 1024 }')" "$(awk -v k="$pk" -v f="$mib" 'BEGIN { print k / 1024 / f }')"
  done
  printf '| %s | %s | parse floor (largest peak) | | | | %.0f | %.2f |\n' "$n" "$mib" \
    "$(awk -v k="$fpeak" 'BEGIN { print k / 1024 }')" "$(awk -v k="$fpeak" -v f="$mib" 'BEGIN { print k / 1024 / f }')"
done
