#!/usr/bin/env bash
# Cross-builds the ARM64 Debian package (统信 UOS and 银河麒麟 on ARM machines) and
# smoke-tests its binary under qemu-user:
#   packaging/arm64.sh            (needs root for apt-get on the first run)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}"
fi
command -v cargo-deb >/dev/null || cargo install cargo-deb
rustup target add aarch64-unknown-linux-gnu
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
  cargo deb --profile dist --target aarch64-unknown-linux-gnu
deb=$(ls -t target/debian/plandraft_*_arm64.deb | head -1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -I "$deb" | grep -E "Architecture: arm64"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
run() { qemu-aarch64 -L /usr/aarch64-linux-gnu "$work/root/usr/bin/plandraft" "$@"; }
run --version
run import samples/lvyuan-15th-fyp-outline.txt -o "$work/plan.ron" | grep "sections: 17"
run export "$work/plan.ron" --format pdf -o "$work/plan.pdf" 2>/dev/null
pdfinfo "$work/plan.pdf" | grep Pages
echo "arm64: ok"
