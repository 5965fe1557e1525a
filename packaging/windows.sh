#!/usr/bin/env bash
# Builds plandraft.exe for 64-bit Windows on Debian and smoke-tests it with Wine:
#   packaging/windows.sh          (needs root for apt-get on the first run)
# 1. cross-builds `cargo build --profile dist --target x86_64-pc-windows-gnu` with
#    mingw-w64 (the .exe carries its icon and opens no console window);
# 2. checks the .exe is a Windows GUI program with a resource section (the icon);
# 3. runs the command line under Wine: --version, import of the sample, PDF export of a
#    Word file made by plandraft, diff — each must succeed and write what it says.
# Wine 8 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard library imports
# (ProcessPrng, Windows 10 and later); the smoke test puts a stand-in built here beside the
# .exe. It is for Wine only and is not part of what ships.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || need+=(wine64)
command -v pdfinfo >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}"
fi
rustup target add x86_64-pc-windows-gnu
cargo build --profile dist --target x86_64-pc-windows-gnu
exe=target/x86_64-pc-windows-gnu/dist/plandraft.exe
echo "built: $exe ($(du -h "$exe" | cut -f1))"
headers=$(x86_64-w64-mingw32-objdump -p -h "$exe")
grep -q "(Windows GUI)" <<<"$headers" || { echo "not a GUI program" >&2; exit 1; }
grep -q "\.rsrc" <<<"$headers" || { echo "no resources (icon)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$exe" "$work/"
cat > "$work/shim.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
C
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" "$work/shim.c" -ladvapi32
cp samples/lvyuan-15th-fyp-outline.txt "$work/plan.txt"
export WINEDEBUG=-all WINEARCH=win64 WINEPREFIX="$work/prefix"
wine() { (cd "$work" && timeout 300 /usr/lib/wine/wine64 plandraft.exe "$@"); }
wine --version | tee "$work/version.txt"
grep -q "^plandraft " "$work/version.txt"
wine import plan.txt -o plan.ron | grep "sections: 17"
wine export plan.ron --format docx -o plan.docx
wine export plan.docx --format pdf -o plan.pdf
pdfinfo "$work/plan.pdf" | grep Pages
wine diff plan.txt plan.docx | tee "$work/diff.txt"
grep -q "0 sections changed" "$work/diff.txt"
echo "windows: ok"
