#!/usr/bin/env bash
# Roads of Tianjin 河西区 (real OSM data, GBK shapefile, read from ../shared — never copied) and
# travel times from the district's psychiatric hospital to a lattice of points over its extent.
# Usage: examples/tianjin-hexi/roads.sh [OUTDIR]    (default out/tianjin-hexi-roads; uses $JINGWEI if set)
# Map or table made from it must carry "© OpenStreetMap contributors".
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-out/tianjin-hexi-roads}
if [ -n "${JINGWEI:-}" ]; then jingwei=$JINGWEI
elif command -v jingwei >/dev/null 2>&1; then jingwei=jingwei
else jingwei=$root/build/release/jingwei
fi
shared=$root/../shared/data/tianjin-hexi
ws=$out/workspace.sqlite
mkdir -p "$out"
rm -f "$ws"
run() { echo "+ jingwei $*" >&2; "$jingwei" "$@"; }

run init "$ws"
# 1 817 lines, GBK attributes, Geofabrik oneway F/T/B: expect ~88 % of the nodes kept.
run import "$ws" roads "$shared/roads_osm_gbk.shp"
# 天津市安定医院: APPROXIMATE location (the data README says so), and a lattice of points
# over the district's extent standing in for homes (points off the district are reported).
printf 'id,x,y\nanding_hospital_approx,117.205,39.085\n' > "$out/hospital.csv"
python3 - "$out/points.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,x,y\n")
    for i in range(8):
        for j in range(6):
            f.write("p%d_%d,%.4f,%.4f\n" % (i, j, 117.18 + i * 0.0135, 39.045 + j * 0.013))
PY
run matrix "$ws" --from "$out/hospital.csv" --to "$out/points.csv" -o "$out/hospital_to_points.csv"
echo "travel times in $out/hospital_to_points.csv (method column: road_network)" >&2
