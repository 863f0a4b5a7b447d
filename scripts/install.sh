#!/bin/sh
# Installs vpcpath from a GitHub release, without a Rust toolchain.
#
#   curl -fsSL https://raw.githubusercontent.com/vpcpath/vpcpath/main/scripts/install.sh | sh
#   sh install.sh --version 0.1.0        # a given release (default: the latest)
#
# It picks the archive for this OS and CPU (Linux x86_64/aarch64, static; macOS Intel/Apple
# silicon), downloads it and the release's SHA256SUMS, checks the archive's SHA-256 against
# that file, and only then unpacks it and copies the binary to ~/.local/bin (or
# $VPCPATH_INSTALL_DIR). Nothing downloaded is run, and nothing is installed when the check
# cannot be made or fails. SHA256SUMS comes from the same release as the archive, so it catches
# a corrupt or truncated download; to check who built it, verify the release's attestation:
#   gh attestation verify vpcpath-VERSION-TARGET.tar.gz --repo vpcpath/vpcpath
#
# Environment:
#   VPCPATH_INSTALL_DIR    where to put the binary (default ~/.local/bin)
#   VPCPATH_VERSION        the release, as --version (default latest)
#   VPCPATH_TARGET         the archive's target triple, instead of detecting it
#   VPCPATH_DOWNLOAD_BASE  the releases URL (default https://github.com/vpcpath/vpcpath/releases);
#                          https:// only, or file:// for a local copy laid out as GitHub's
#                          (BASE/download/vVERSION/FILE, BASE/latest/download/FILE), for tests
set -eu

releases=https://github.com/vpcpath/vpcpath/releases
base=${VPCPATH_DOWNLOAD_BASE:-$releases}
base=${base%/}
version=${VPCPATH_VERSION:-latest}
install_dir=${VPCPATH_INSTALL_DIR:-}

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

usage() {
  cat << 'EOF'
Usage: install.sh [--version VERSION] [--dir DIR]

Installs the vpcpath binary of a GitHub release after checking its SHA-256.

  --version VERSION   the release to install: 0.1.0, v0.1.0 or latest (default: latest)
  --dir DIR           where to put the binary (default: $VPCPATH_INSTALL_DIR, else ~/.local/bin)
  -h, --help          this help
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --version)
      [ $# -ge 2 ] || die "--version needs a value"
      version=$2
      shift 2
      ;;
    --version=*)
      version=${1#--version=}
      shift
      ;;
    --dir)
      [ $# -ge 2 ] || die "--dir needs a value"
      install_dir=$2
      shift 2
      ;;
    --dir=*)
      install_dir=${1#--dir=}
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

if [ -z "$install_dir" ]; then
  [ -n "${HOME:-}" ] || die "HOME is not set: say where to install with --dir or VPCPATH_INSTALL_DIR"
  install_dir=$HOME/.local/bin
fi

# The release: a tag (v0.1.0) or the latest.
case $version in
  latest) ;;
  v[0-9]*) version=${version#v} ;;
  [0-9]*) ;;
  *) die "bad version '$version': write 0.1.0, v0.1.0 or latest" ;;
esac
case $version in
  *[!A-Za-z0-9.+-]*) die "bad version '$version': write 0.1.0, v0.1.0 or latest" ;;
esac

# The archive's target.
detect_target() {
  os=$(uname -s)
  arch=$(uname -m)
  case $os in
    Linux) os_part=unknown-linux-musl ;;
    Darwin)
      os_part=apple-darwin
      # A shell under Rosetta says x86_64 on Apple silicon: the native binary is better.
      if [ "$arch" = x86_64 ] && [ "$(sysctl -n sysctl.proc_translated 2> /dev/null || echo 0)" = 1 ]; then
        arch=arm64
      fi
      ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      die "on Windows, download vpcpath-VERSION-x86_64-pc-windows-msvc.zip from $releases and check it against the release's SHA256SUMS"
      ;;
    *) die "no prebuilt vpcpath for $os; with Rust: cargo install --locked vpcpath" ;;
  esac
  case $arch in
    x86_64 | amd64) arch_part=x86_64 ;;
    aarch64 | arm64) arch_part=aarch64 ;;
    *) die "no prebuilt vpcpath for $os on $arch; with Rust: cargo install --locked vpcpath" ;;
  esac
  echo "$arch_part-$os_part"
}
target=${VPCPATH_TARGET:-$(detect_target)}
case $target in
  '' | *[!A-Za-z0-9_.-]*) die "bad target '$target'" ;;
esac

# Downloads URL to FILE: https:// only (file:// when the base is a local copy).
fetch() {
  case $1 in
    https://*) proto='=https' ;;
    file://*) proto='=file' ;;
    *) die "refusing to download $1: only https:// URLs (file:// for a local copy)" ;;
  esac
  if command -v curl > /dev/null 2>&1; then
    curl --proto "$proto" --proto-redir '=https' --tlsv1.2 -fsSL --retry 3 -o "$2" "$1" \
      || die "could not download $1"
  elif command -v wget > /dev/null 2>&1; then
    case $1 in
      file://*) cp "${1#file://}" "$2" 2> /dev/null || die "could not read $1" ;;
      *)
        # BusyBox's wget has no --https-only; the URL itself was checked above.
        if wget --help 2>&1 | grep -q -- --https-only; then
          wget --https-only -q -O "$2" "$1" || die "could not download $1"
        else
          wget -q -O "$2" "$1" || die "could not download $1"
        fi
        ;;
    esac
  else
    die "needs curl or wget to download"
  fi
}

# The SHA-256 of FILE, in lower-case hex.
sha256_of() {
  if command -v sha256sum > /dev/null 2>&1; then
    sha256sum "$1" | awk '{ print tolower($1) }'
  elif command -v shasum > /dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{ print tolower($1) }'
  elif command -v openssl > /dev/null 2>&1; then
    openssl dgst -sha256 -r "$1" | awk '{ print tolower($1) }'
  else
    die "needs sha256sum, shasum or openssl to check the download; nothing was installed"
  fi
}

tmp=$(mktemp -d 2> /dev/null || mktemp -d -t vpcpath)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

if [ "$version" = latest ]; then
  sums_url=$base/latest/download/SHA256SUMS
else
  sums_url=$base/download/v$version/SHA256SUMS
fi
say "downloading $sums_url"
fetch "$sums_url" "$tmp/SHA256SUMS"

# The line for this target's archive: "HASH  vpcpath-VERSION-TARGET.tar.gz" (or "HASH *NAME").
suffix=-$target.tar.gz
awk -v suffix="$suffix" '{
  name = $2
  sub(/^\*/, "", name)
  if (NF == 2 && substr(name, 1, 8) == "vpcpath-" && length(name) > length(suffix) + 8 &&
      substr(name, length(name) - length(suffix) + 1) == suffix)
    print tolower($1), name
}' "$tmp/SHA256SUMS" > "$tmp/line"
[ "$(wc -l < "$tmp/line" | tr -d ' ')" = 1 ] \
  || die "the release's SHA256SUMS lists no single archive for $target; nothing was installed"
read -r expected name < "$tmp/line"
case $expected in
  *[!0-9a-f]*) die "SHA256SUMS holds a malformed hash for $name; nothing was installed" ;;
esac
[ ${#expected} -eq 64 ] || die "SHA256SUMS holds a malformed hash for $name; nothing was installed"
archive_version=${name#vpcpath-}
archive_version=${archive_version%"$suffix"}
case $archive_version in
  '' | *[!A-Za-z0-9.+-]*) die "unexpected archive name $name; nothing was installed" ;;
esac
if [ "$version" != latest ] && [ "$archive_version" != "$version" ]; then
  die "SHA256SUMS of v$version names $name; nothing was installed"
fi
version=$archive_version

url=$base/download/v$version/$name
say "downloading $url"
fetch "$url" "$tmp/$name"

actual=$(sha256_of "$tmp/$name")
if [ "$actual" != "$expected" ]; then
  die "checksum mismatch for $name: expected $expected, got $actual; nothing was installed"
fi
say "checksum verified: $expected"

mkdir "$tmp/unpacked"
tar -xzf "$tmp/$name" -C "$tmp/unpacked" || die "could not unpack $name; nothing was installed"
binary=$tmp/unpacked/vpcpath-$version-$target/vpcpath
if [ ! -f "$binary" ] || [ -L "$binary" ]; then
  die "$name holds no vpcpath binary; nothing was installed"
fi

mkdir -p "$install_dir" || die "cannot create $install_dir"
# Copied beside the old binary, then renamed over it: a running vpcpath is not disturbed.
staged=$install_dir/.vpcpath.$$.tmp
cp "$binary" "$staged" || die "cannot write to $install_dir"
chmod 755 "$staged"
mv -f "$staged" "$install_dir/vpcpath" || {
  rm -f "$staged"
  die "cannot write $install_dir/vpcpath"
}
echo "installed vpcpath $version ($target) to $install_dir/vpcpath"
case ":${PATH:-}:" in
  *":$install_dir:"*) ;;
  *) say "$install_dir is not on your PATH; add it, e.g. export PATH=\"$install_dir:\$PATH\"" ;;
esac
