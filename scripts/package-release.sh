#!/usr/bin/env bash
# Packs one release archive, as the release workflow publishes it and scripts/install.sh and
# scripts/homebrew-formula.sh expect it:
#   vpcpath-VERSION-TARGET.tar.gz (.zip for Windows targets), holding one folder
#   vpcpath-VERSION-TARGET/ with the binary, README.md, LICENSE-MIT, LICENSE-APACHE, CHANGELOG.md.
# Usage: scripts/package-release.sh VERSION TARGET BINARY [OUTDIR]
#   VERSION without the leading v (0.1.0); BINARY the built vpcpath (vpcpath.exe on Windows);
#   OUTDIR defaults to dist/. Prints the archive's path.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 VERSION TARGET BINARY [OUTDIR]" >&2
  exit 2
fi
version=$1 target=$2 binary=$3 outdir=${4:-dist}
case $version in
  '' | v* | *[!A-Za-z0-9.+-]*) echo "package-release: bad version '$version' (write 0.1.0)" >&2; exit 2 ;;
esac
case $target in
  '' | *[!A-Za-z0-9_.-]*) echo "package-release: bad target '$target'" >&2; exit 2 ;;
esac
[ -f "$binary" ] || { echo "package-release: no binary at $binary" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
name=vpcpath-$version-$target
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir "$stage/$name"
case $target in
  *windows*) exe=vpcpath.exe ;;
  *) exe=vpcpath ;;
esac
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
for f in README.md LICENSE-MIT LICENSE-APACHE CHANGELOG.md; do
  cp "$root/$f" "$stage/$name/$f"
done

cd "$stage"
case $target in
  *windows*)
    archive=$outdir/$name.zip
    rm -f "$archive"
    if command -v 7z > /dev/null; then
      7z a -tzip -bd "$archive" "$name" > /dev/null
    elif command -v zip > /dev/null; then
      zip -qr "$archive" "$name"
    else
      powershell -NoProfile -Command "Compress-Archive -Path '$name' -DestinationPath '$archive'"
    fi
    ;;
  *)
    archive=$outdir/$name.tar.gz
    if tar --version 2> /dev/null | grep -q 'GNU tar'; then
      # The same bytes for the same inputs: sorted, no owners, the files' times fixed.
      tar --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime="@${SOURCE_DATE_EPOCH:-0}" -cf - "$name" | gzip -n -9 > "$archive"
    else
      tar -cf - "$name" | gzip -n -9 > "$archive"
    fi
    ;;
esac
echo "$archive"
