#!/usr/bin/env bash
# Builds the Debian package and checks it as an office machine would use it:
#   packaging/check-deb.sh            (needs root for apt-get and dpkg -i; Debian/UOS/Kylin)
# 1. `cargo deb --profile dist` builds target/debian/plandraft_*.deb;
# 2. its contents: the binary runs `--version`, the desktop entry validates, the MIME
#    description parses, the icons and the font's licence are there;
# 3. the package installs (apt-get resolves its dependencies), a plan file is recognised
#    as application/x-plandraft (by its content: no glob claims every .ron) and opens with
#    plandraft by default;
# 4. under a virtual display, `xdg-open` on the sample plan — a double click — starts
#    plandraft through its desktop entry, and a screenshot shows it: check-deb.png.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
command -v cargo-deb >/dev/null || cargo install cargo-deb
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
command -v update-mime-database >/dev/null || need+=(shared-mime-info)
command -v xdg-open >/dev/null || need+=(xdg-utils)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v import >/dev/null || need+=(imagemagick)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}"
fi

SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
  cargo deb --profile dist
deb=$(ls -t target/debian/plandraft_*.deb | head -1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
dpkg-deb -I "$deb" | sed -n '/Package:/,$p'
for f in usr/bin/plandraft usr/share/applications/plandraft.desktop \
  usr/share/mime/packages/plandraft.xml usr/share/icons/hicolor/256x256/apps/plandraft.png \
  usr/share/icons/hicolor/48x48/apps/plandraft.png usr/share/doc/plandraft/wqy-microhei-LICENSE.txt \
  usr/share/doc/plandraft/copyright; do
  [ -e "$work/root/$f" ] || { echo "missing from the package: $f" >&2; exit 1; }
done
echo "binary: $(du -h "$work/root/usr/bin/plandraft" | cut -f1)"
"$work/root/usr/bin/plandraft" --version
desktop-file-validate "$work/root/usr/share/applications/plandraft.desktop"
python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' \
  "$work/root/usr/share/mime/packages/plandraft.xml"
echo "contents: ok"

apt-get install -y -qq "./$deb"
update-mime-database /usr/share/mime
update-desktop-database /usr/share/applications 2>/dev/null || true
plan="$work/规划.ron"
cp samples/lvyuan-15th-fyp-outline.ron "$plan"
other="$work/settings.ron"
printf '(\n    window: (width: 800),\n)\n' > "$other"
type=$(xdg-mime query filetype "$plan")
[ "$type" = "application/x-plandraft" ] || { echo "a plan is $type" >&2; exit 1; }
type=$(xdg-mime query filetype "$other")
[ "$type" != "application/x-plandraft" ] || { echo "any .ron is taken for a plan" >&2; exit 1; }
default=$(xdg-mime query default application/x-plandraft)
[ "$default" = "plandraft.desktop" ] || { echo "plans open with '$default'" >&2; exit 1; }
echo "file type: ok (a plan is application/x-plandraft and opens with plandraft.desktop)"

display=:121
Xvfb $display -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=$display HOME="$work/home"
mkdir -p "$HOME"
xdg-open "$plan" &
sleep 10
pid=$(pgrep -n -x plandraft || true)
import -window root check-deb.png
[ -n "$pid" ] || { kill $xvfb; echo "plandraft did not start from its desktop entry" >&2; exit 1; }
echo "launched from the desktop entry: pid $pid ($(tr '\0' ' ' < /proc/$pid/cmdline)); screenshot check-deb.png"
kill "$pid" $xvfb
