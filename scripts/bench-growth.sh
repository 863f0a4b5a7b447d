#!/usr/bin/env bash
# Growth benchmark: for each axis a scenario can grow along, writes the scenario at two sizes a
# factor of 10 apart and times `vpcpath check`, `vpcpath run --summary` and `vpcpath graph
# --format dot` on both (GNU time, median of BENCH_RUNS runs, default 3). A linear path grows
# about 10x; a quadratic one about 100x, which is what this is for.
# Axes: instances in one subnet (allocated addresses), subnets (160 per VPC), records in one
# hosted zone (each asked once per 5 requests), public hosted zones (each asked by requests),
# VPCs (each with a subnet, a table, an internet gateway and an instance that calls out),
# routes in one table (blackholes, a request to every 10th), requests (one instance calling
# out), and errors (requests from an instance that does not exist: `check` reports them all).
# Usage: scripts/bench-growth.sh   Needs GNU time at /usr/bin/time and awk. Markdown to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin vpcpath
bin=target/release/vpcpath
dir=target/bench-growth
mkdir -p "$dir"
runs=${BENCH_RUNS:-3}

instances() { awk -v n="$1" 'BEGIN {
  print "scenario: instances\nregion: us-east-1\nvpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16"
  print "    subnets: [{ id: subnet-a, cidr: 10.0.0.0/16 }]\n    instances:"
  for (i = 0; i < n; i++) printf "      - { id: i-%08x, subnet: subnet-a }\n", i
  print "requests:\n  - { from: i-00000000, url: \"tcp://i-00000001:22\" }" }'; }
subnets() { awk -v n="$1" 'BEGIN {
  print "scenario: subnets\nregion: us-east-1\nvpcs:"
  for (v = 0; v < n / 160; v++) {
    printf "  - id: vpc-%05d\n    cidr: 10.%d.0.0/16\n    subnets:\n", v, v % 250
    for (s = 0; s < 160; s++) printf "      - { id: subnet-%05d-%03d, cidr: 10.%d.%d.0/24 }\n", v, s, v % 250, s
  }
  print "requests: []" }'; }
records() { awk -v n="$1" 'BEGIN {
  print "scenario: records\nregion: us-east-1\ndns_zones:\n  - name: example.com\n    records:"
  for (i = 0; i < n; i++) printf "      - { name: h%d.example.com, type: A, value: 10.1.%d.%d }\n", i, int(i / 250) % 250, i % 250 + 1
  print "requests:"
  for (i = 0; i < n / 5; i++) printf "  - { from: internet, url: \"https://h%d.example.com/\" }\n", (i * 7) % n }'; }
zones() { awk -v n="$1" 'BEGIN {
  print "scenario: zones\nregion: us-east-1\ndns_zones:"
  for (i = 0; i < n; i++) printf "  - name: z%d.example.com\n    records: [{ name: a.z%d.example.com, type: A, value: 10.1.1.1 }]\n", i, i
  print "requests:"
  for (i = 0; i < 20000; i++) printf "  - { from: internet, url: \"https://a.z%d.example.com/\" }\n", i % n }'; }

vpcs() { awk -v n="$1" 'BEGIN {
  print "scenario: vpcs\nregion: us-east-1\nvpcs:"
  for (v = 0; v < n; v++) {
    printf "  - id: vpc-%05d\n    cidr: 10.%d.%d.0/24\n    internet_gateway: igw-%05d\n", v, int(v / 250), v % 250, v
    printf "    subnets: [{ id: subnet-%05d, cidr: 10.%d.%d.0/24 }]\n", v, int(v / 250), v % 250
    printf "    route_tables: [{ id: rtb-%05d, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-%05d }] }]\n", v, v
    printf "    instances: [{ id: i-%05d, subnet: subnet-%05d, public_ip: true }]\n", v, v
  }
  print "requests:"
  for (v = 0; v < n; v++) printf "  - { from: i-%05d, url: \"https://sts.us-east-1.amazonaws.com/\" }\n", v }'; }
routes() { awk -v n="$1" 'BEGIN {
  print "scenario: routes\nregion: us-east-1\nvpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16"
  print "    subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]\n    instances: [{ id: i-a, subnet: subnet-a }]"
  print "    route_tables:\n      - id: rtb-a\n        main: true\n        routes:"
  for (i = 0; i < n; i++) printf "          - { destination: 11.%d.%d.%d/32, target: blackhole }\n", int(i / 65536), int(i / 256) % 256, i % 256
  print "requests:"
  for (i = 0; i < n; i += 10) printf "  - { from: i-a, url: \"tcp://11.%d.%d.%d:443\" }\n", int(i / 65536), int(i / 256) % 256, i % 256 }'; }
requests() { awk -v n="$1" 'BEGIN {
  print "scenario: requests\nregion: us-east-1\nvpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16\n    internet_gateway: igw-a"
  print "    subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]\n    instances: [{ id: i-a, subnet: subnet-a, public_ip: true }]"
  print "    route_tables: [{ id: rtb-a, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }]"
  print "requests:"
  for (i = 0; i < n; i++) printf "  - { name: r%d, from: i-a, url: \"https://sts.us-east-1.amazonaws.com/%d\" }\n", i, i }'; }
errors() { awk -v n="$1" 'BEGIN {
  print "scenario: errors\nregion: us-east-1\nvpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16"
  print "    subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]\n    instances: [{ id: i-a, subnet: subnet-a }]"
  print "requests:"
  for (i = 0; i < 100000; i++) printf "  - { name: r%d, from: i-a, url: \"tcp://10.0.0.9:22\" }\n", i
  for (i = 0; i < n; i++) printf "  - { name: e%d, from: i-renamed, url: \"tcp://10.0.0.9:22\" }\n", i }'; }

median() { # the median wall time of $runs runs of a command, stdout discarded
  : > "$dir/times.txt"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e" -o "$dir/time.txt" "$@" > /dev/null 2> "$dir/stderr.txt" || true
    tail -1 "$dir/time.txt" >> "$dir/times.txt"  # GNU time first says a non-zero exit
  done
  sort -n "$dir/times.txt" | awk -v n="$runs" '{ t[NR] = $1 } END { printf "%.2f", t[int((n + 1) / 2)] }'
}

echo "vpcpath: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), median of $runs runs"
echo
echo "| axis | small | large | check s (small) | check s (large) | run --summary s (small) | run --summary s (large) | graph s (small) | graph s (large) |"
echo "|---|---|---|---|---|---|---|---|---|"
for axis in "instances 3200 32000" "subnets 16000 160000" "records 10000 100000" "zones 300 3000" \
  "vpcs 1000 10000" "routes 10000 100000" "requests 100000 1000000" "errors 100 1000"; do
  read -r name small large <<< "$axis"
  "$name" "$small" > "$dir/$name-small.yaml"
  "$name" "$large" > "$dir/$name-large.yaml"
  cs=$(median "$bin" check "$dir/$name-small.yaml")
  cl=$(median "$bin" check "$dir/$name-large.yaml")
  rs=$(median "$bin" run --summary "$dir/$name-small.yaml")
  rl=$(median "$bin" run --summary "$dir/$name-large.yaml")
  gs=$(median "$bin" graph --format dot "$dir/$name-small.yaml")
  gl=$(median "$bin" graph --format dot "$dir/$name-large.yaml")
  echo "| $name | $small | $large | $cs | $cl | $rs | $rl | $gs | $gl |"
done
