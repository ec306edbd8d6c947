#!/usr/bin/env bash
# Validate the Linux desktop integration files: the .desktop entry with desktop-file-validate
# and the AppStream metainfo with appstreamcli (offline). Exits non-zero on any error.
# Needs: apt-get install desktop-file-utils appstream
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app_id="io.github.sidesktop.SiDesktop"
desktop="$here/linux/$app_id.desktop"
metainfo="$here/linux/$app_id.metainfo.xml"

for tool in desktop-file-validate appstreamcli; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "validate_linux.sh: $tool is missing (apt-get install desktop-file-utils appstream)" >&2
        exit 2
    fi
done

echo "== desktop-file-validate $app_id.desktop"
# It exits 0 on warnings; treat them as failures too, hints are only printed.
report="$(desktop-file-validate "$desktop" 2>&1)" || { echo "$report"; exit 1; }
[[ -z "$report" ]] || echo "$report"
if grep -q ": warning:" <<<"$report"; then
    exit 1
fi
echo "ok"

echo "== appstreamcli validate --no-net $app_id.metainfo.xml"
appstreamcli validate --no-net "$metainfo"
