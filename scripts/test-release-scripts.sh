#!/usr/bin/env bash
# Tests the release scripts offline: scripts/package-release.sh packs fake binaries for every
# target into a local copy of a GitHub release (file://), scripts/install.sh installs from it
# (under sh and bash, by version and latest) and refuses what it must (a tampered archive, a
# missing target, a bad version, a URL that is not https, no tool to check a hash), and
# scripts/homebrew-formula.sh writes the formula from its SHA256SUMS.
# Usage: scripts/test-release-scripts.sh    (needs curl, tar, gzip, zip or 7z; ruby optional)
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
check() { # DESCRIPTION COMMAND...: passes when the command succeeds
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=0.1.0
release=$tmp/releases/download/v$version
mkdir -p "$release" "$tmp/releases/latest/download"
targets="x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc"

# One fake binary per target, each saying which it is (never run by install.sh).
for t in $targets; do
  printf '#!/bin/sh\necho "vpcpath %s %s"\n' "$version" "$t" > "$tmp/bin-$t"
  scripts/package-release.sh "$version" "$t" "$tmp/bin-$t" "$release" > "$tmp/packed-$t" \
    || not_ok "package-release.sh packs $t"
done
check "package-release.sh names the archives as install.sh expects" \
  test -f "$release/vpcpath-$version-x86_64-unknown-linux-musl.tar.gz" \
  -a -f "$release/vpcpath-$version-x86_64-pc-windows-msvc.zip"
listing=$(tar -tzf "$release/vpcpath-$version-aarch64-apple-darwin.tar.gz" | sort | tr '\n' ' ')
check "a tar.gz holds one folder with the binary, README, licences and changelog" \
  test "$listing" = "vpcpath-$version-aarch64-apple-darwin/ vpcpath-$version-aarch64-apple-darwin/CHANGELOG.md vpcpath-$version-aarch64-apple-darwin/LICENSE-APACHE vpcpath-$version-aarch64-apple-darwin/LICENSE-MIT vpcpath-$version-aarch64-apple-darwin/README.md vpcpath-$version-aarch64-apple-darwin/vpcpath "
check "the Windows zip holds vpcpath.exe" \
  bash -c "unzip -l '$release/vpcpath-$version-x86_64-pc-windows-msvc.zip' | grep -q 'vpcpath-$version-x86_64-pc-windows-msvc/vpcpath.exe'"
again=$tmp/again
mkdir "$again"
scripts/package-release.sh "$version" x86_64-unknown-linux-musl "$tmp/bin-x86_64-unknown-linux-musl" "$again" > /dev/null
check "packing twice gives the same bytes" \
  cmp -s "$again/vpcpath-$version-x86_64-unknown-linux-musl.tar.gz" "$release/vpcpath-$version-x86_64-unknown-linux-musl.tar.gz"

# SHA256SUMS as the release workflow writes it.
(cd "$release" && sha256sum vpcpath-*.tar.gz vpcpath-*.zip > SHA256SUMS)
cp "$release"/* "$tmp/releases/latest/download/"
base=file://$tmp/releases

# install.sh under each shell: by version, with a v, and latest.
for shell in sh bash; do
  command -v "$shell" > /dev/null || continue
  dir=$tmp/install-$shell
  out=$(VPCPATH_DOWNLOAD_BASE=$base VPCPATH_INSTALL_DIR=$dir VPCPATH_TARGET=x86_64-unknown-linux-musl \
    "$shell" scripts/install.sh --version "$version" 2>&1)
  check "install.sh ($shell) installs the given version" cmp -s "$dir/vpcpath" "$tmp/bin-x86_64-unknown-linux-musl"
  check "install.sh ($shell) says it verified the checksum" grep -q 'checksum verified' <<< "$out"
  check "install.sh ($shell) makes the binary executable" test -x "$dir/vpcpath"
  VPCPATH_DOWNLOAD_BASE=$base VPCPATH_TARGET=aarch64-apple-darwin \
    "$shell" scripts/install.sh --version "v$version" --dir "$dir/v" > /dev/null 2>&1
  check "install.sh ($shell) takes v$version and --dir" cmp -s "$dir/v/vpcpath" "$tmp/bin-aarch64-apple-darwin"
  VPCPATH_DOWNLOAD_BASE=$base VPCPATH_INSTALL_DIR=$dir/latest VPCPATH_TARGET=aarch64-unknown-linux-musl \
    "$shell" scripts/install.sh > /dev/null 2>&1
  check "install.sh ($shell) installs the latest release by default" \
    cmp -s "$dir/latest/vpcpath" "$tmp/bin-aarch64-unknown-linux-musl"
done

# This machine's own target, detected.
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) here=x86_64-unknown-linux-musl ;;
  Linux-aarch64) here=aarch64-unknown-linux-musl ;;
  *) here= ;;
esac
if [ -n "$here" ]; then
  VPCPATH_DOWNLOAD_BASE=$base sh scripts/install.sh --dir "$tmp/detected" > /dev/null 2>&1
  check "install.sh detects this machine's target ($here)" cmp -s "$tmp/detected/vpcpath" "$tmp/bin-$here"
fi

# What install.sh must refuse, installing nothing.
refuses() { # DESCRIPTION EXPECTED_MESSAGE ENV... -- ARGS...
  local what=$1 message=$2
  shift 2
  local env=()
  while [ "$1" != -- ]; do
    env+=("$1")
    shift
  done
  shift
  local dir=$tmp/refused
  rm -rf "$dir"
  local out status
  out=$(env VPCPATH_DOWNLOAD_BASE="$base" VPCPATH_INSTALL_DIR="$dir" VPCPATH_TARGET=x86_64-unknown-linux-musl \
    "${env[@]}" sh scripts/install.sh "$@" 2>&1)
  status=$?
  if [ "$status" -ne 0 ] && [ ! -e "$dir/vpcpath" ] && grep -q -- "$message" <<< "$out"; then
    ok "install.sh refuses $what"
  else
    not_ok "install.sh refuses $what (status $status, output: $out)"
  fi
}

tampered=$tmp/tampered/download/v$version
mkdir -p "$tampered"
cp "$release"/* "$tampered/"
printf 'x' >> "$tampered/vpcpath-$version-x86_64-unknown-linux-musl.tar.gz"
refuses "an archive whose SHA-256 differs from SHA256SUMS" "checksum mismatch" \
  VPCPATH_DOWNLOAD_BASE="file://$tmp/tampered" -- --version "$version"

nosum=$tmp/nosum/download/v$version
mkdir -p "$nosum"
cp "$release"/* "$nosum/"
grep -v x86_64-unknown-linux-musl "$release/SHA256SUMS" > "$nosum/SHA256SUMS"
refuses "a target that SHA256SUMS does not list" "no single archive" \
  VPCPATH_DOWNLOAD_BASE="file://$tmp/nosum" -- --version "$version"

badsum=$tmp/badsum/download/v$version
mkdir -p "$badsum"
cp "$release"/* "$badsum/"
sed 's/^[0-9a-f]*\(  vpcpath-.*-x86_64-unknown-linux-musl\)/nothex\1/' "$release/SHA256SUMS" > "$badsum/SHA256SUMS"
refuses "a malformed hash in SHA256SUMS" "malformed hash" \
  VPCPATH_DOWNLOAD_BASE="file://$tmp/badsum" -- --version "$version"

refuses "a release that does not exist" "could not" -- --version 9.9.9
refuses "a version that is a path" "bad version" -- --version "../../etc"
refuses "a version with a slash" "bad version" -- --version "0.1.0/../x"
refuses "a plain http:// base" "only https://" VPCPATH_DOWNLOAD_BASE=http://example.invalid/releases -- --version "$version"
refuses "an unknown argument" "unknown argument" -- --force
refuses "a target with odd characters" "bad target" VPCPATH_TARGET='x86_64;rm' -- --version "$version"

# No tool to check a hash: only the commands install.sh needs, less sha256sum, shasum, openssl.
minimal=$tmp/minimal-path
mkdir "$minimal"
for c in sh curl awk tar gzip mkdir cp chmod mv rm wc tr cat uname mktemp dirname printf grep sed; do
  p=$(command -v "$c") && ln -s "$p" "$minimal/$c"
done
refuses "to install what it cannot check" "needs sha256sum" PATH="$minimal" -- --version "$version"

# Windows and unknown systems are told what to do instead (uname faked).
fake_uname=$tmp/fake-uname
mkdir "$fake_uname"
cat > "$fake_uname/uname" << 'EOF'
#!/bin/sh
case $1 in -s) echo MINGW64_NT-10.0 ;; -m) echo x86_64 ;; esac
EOF
chmod +x "$fake_uname/uname"
out=$(PATH="$fake_uname:$PATH" VPCPATH_DOWNLOAD_BASE=$base VPCPATH_INSTALL_DIR=$tmp/win sh scripts/install.sh 2>&1)
status=$?
if [ "$status" -ne 0 ] && grep -q 'windows-msvc.zip' <<< "$out" && [ ! -e "$tmp/win/vpcpath" ]; then
  ok "install.sh on Windows points at the zip"
else
  not_ok "install.sh on Windows points at the zip ($status: $out)"
fi

# A second install replaces the first (the new bytes, not appended or left beside).
dir=$tmp/install-sh
VPCPATH_DOWNLOAD_BASE=$base VPCPATH_INSTALL_DIR=$dir VPCPATH_TARGET=aarch64-unknown-linux-musl \
  sh scripts/install.sh --version "$version" > /dev/null 2>&1
check "install.sh replaces an installed binary" cmp -s "$dir/vpcpath" "$tmp/bin-aarch64-unknown-linux-musl"
leftovers=$(find "$dir" -maxdepth 1 -name '*.tmp' | wc -l)
check "install.sh leaves no temporary file beside it" test "$leftovers" -eq 0
before=$(sha256sum < "$dir/vpcpath")
VPCPATH_DOWNLOAD_BASE="file://$tmp/tampered" VPCPATH_INSTALL_DIR=$dir VPCPATH_TARGET=x86_64-unknown-linux-musl \
  sh scripts/install.sh --version "$version" > /dev/null 2>&1
check "a refused install leaves the installed binary as it was" test "$(sha256sum < "$dir/vpcpath")" = "$before"

# The Homebrew formula.
formula=$tmp/vpcpath.rb
scripts/homebrew-formula.sh "v$version" "$release/SHA256SUMS" > "$formula"
check "homebrew-formula.sh writes a formula" test -s "$formula"
all_there=true
for t in x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin; do
  hash=$(awk -v n="vpcpath-$version-$t.tar.gz" '$2 == n { print $1 }' "$release/SHA256SUMS")
  grep -qF "url \"https://github.com/vpcpath/vpcpath/releases/download/v$version/vpcpath-$version-$t.tar.gz\"" "$formula" \
    && grep -qF "sha256 \"$hash\"" "$formula" || all_there=false
done
check "the formula has each macOS and Linux archive's URL and SHA-256" $all_there
check "the formula names the version without its v" grep -q "^  version \"$version\"$" "$formula"
check "the formula leaves Windows out" bash -c "! grep -q windows '$formula'"
if command -v ruby > /dev/null; then
  check "the formula is valid Ruby" bash -c "ruby -c '$formula' > /dev/null"
fi
if scripts/homebrew-formula.sh "$version" "$nosum/SHA256SUMS" > /dev/null 2> "$tmp/err"; then
  not_ok "homebrew-formula.sh fails when a target is missing"
else
  check "homebrew-formula.sh fails when a target is missing, naming it" grep -q x86_64-unknown-linux-musl "$tmp/err"
fi
if scripts/homebrew-formula.sh "not-a-version" "$release/SHA256SUMS" > /dev/null 2>&1; then
  not_ok "homebrew-formula.sh refuses a bad version"
else
  ok "homebrew-formula.sh refuses a bad version"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
