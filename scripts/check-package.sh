#!/usr/bin/env bash
# What the published crate carries (Cargo.toml's `include`), checked without compiling:
#   - nothing under tests/ (fixtures and snapshots stay in the repository);
#   - README.md, LICENSE-MIT, LICENSE-APACHE, CHANGELOG.md, Cargo.lock, src/main.rs and
#     src/lib.rs are there;
#   - every [[bin]] and [[bench]] target of Cargo.toml names a file that is packaged (a
#     [[test]] whose file is not packaged is fine: Cargo leaves it out of the published manifest);
# then `cargo publish --dry-run --no-verify`, when the crates.io index answers (it packages the
# crate and checks its manifest as crates.io would, without uploading or compiling).
# Usage: scripts/check-package.sh    (from anywhere; CI runs it from .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
problem() {
  echo "check-package: $*" >&2
  fail=1
}

list=$(mktemp)
trap 'rm -f "$list"' EXIT
if ! cargo package --list --allow-dirty --quiet > "$list"; then
  echo "check-package: cargo package --list failed" >&2
  exit 1
fi

if grep -q '^tests/' "$list"; then
  problem "the package carries files under tests/:"
  grep '^tests/' "$list" | sed 's/^/  /' >&2
fi

for required in README.md LICENSE-MIT LICENSE-APACHE CHANGELOG.md Cargo.lock src/main.rs src/lib.rs; do
  grep -qxF "$required" "$list" || problem "the package lacks $required"
done

# The files that Cargo.toml's explicit targets name (a [[bench]] without `path` is
# benches/NAME.rs), one line each: KIND PATH.
targets=$(python3 - <<'EOF'
import tomllib
with open("Cargo.toml", "rb") as f:
    manifest = tomllib.load(f)
defaults = {"bin": "src/bin/{}.rs", "test": "tests/{}.rs", "bench": "benches/{}.rs", "example": "examples/{}.rs"}
for kind, default in defaults.items():
    for target in manifest.get(kind, []):
        print(kind, target.get("path", default.format(target["name"])))
EOF
)
while read -r kind path; do
  [ -n "$kind" ] || continue
  [ -e "$path" ] || problem "Cargo.toml's [[$kind]] names $path, which does not exist"
  if ! grep -qxF "$path" "$list"; then
    case "$kind" in
      test) echo "check-package: [[test]] $path is not packaged; Cargo drops that target from the published manifest" ;;
      *) problem "Cargo.toml's [[$kind]] names $path, which the package does not carry (add it to include)" ;;
    esac
  fi
done <<< "$targets"

if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "check-package: $(wc -l < "$list") files packaged, none under tests/; README.md, the licences, CHANGELOG.md and the sources are there"

if command -v curl > /dev/null \
  && curl -fsS --max-time 10 -o /dev/null https://index.crates.io/config.json 2> /dev/null; then
  cargo publish --dry-run --allow-dirty --no-verify
else
  echo "skipped: registry unreachable"
fi
