#!/usr/bin/env bash
# Grid benchmark: generates synthetic Voronoi townships (bench/grid/gen_townships.cpp) and times
# `jingwei grid --cell 1000` end to end (read polygons, exact shares, population, write) with peak
# memory, into the workspace ("workspace") and into a GeoTIFF + shares CSV ("file", -o), and the
# peers in the same run: a plain GEOS program (exact, prepared geometry + intersection of the
# boundary cells) and gdal_rasterize (township id by cell centre: not exact, no shares).
# Prints one line per case and target:
#   case, target, townships, cells, share_rows, compute_s, write_s, wall_s, peak_MiB, max_share_error
# Usage: bench/grid/run.sh [BUILD_DIR] [CASES] [TARGETS]
#   (defaults build/bench, "guangdong china", "file workspace"; the China workspace write takes
#   minutes: pass TARGETS=file for a quick run)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/bench}
cases=${2:-"guangdong china"}
targets=${3:-"file workspace"}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DJW_BUILD_TESTS=OFF -DJW_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j 2 --target jingwei gen_townships geos_peer >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "case,target,townships,cells,share_rows,compute_s,write_s,wall_s,peak_MiB,max_share_error"
for c in $cases; do
  case $c in
    guangdong) n=1600; area=180000 ;;     # ~Guangdong: 1 600 townships, 180 000 km²
    china) n=40000; area=9600000 ;;       # China: 40 000 townships, 9.6 M km² -> 9.6 M 1-km cells
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
  "$build/bench/gen_townships" "$work/$c.sqlite" --townships $n --area-km2 $area --seed 1 >/dev/null
  for t in $targets; do
    out=()
    [ "$t" = file ] && out=(-o "$work/${c}_cells.tif")
    /usr/bin/time -f "%e %M" -o "$work/time" "$build/jingwei" grid "$work/$c.sqlite" --cell 1000 \
      "${out[@]}" --json -q > "$work/out.json"
    read -r wall kb < "$work/time"
    python3 - "$work/out.json" "$c" "$t" "$n" "$wall" "$kb" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]},{sys.argv[3]},{sys.argv[4]},{j['cells']},{j['share_rows']},{j['compute_seconds']:.3f},"
      f"{j['write_seconds']:.2f},{float(sys.argv[5]):.2f},{int(sys.argv[6]) / 1024:.0f},{j['max_share_sum_error']:.1e}")
PY
    rm -f "$work/${c}_cells.tif" "$work/${c}_cells_shares.csv"
  done
  # Peer: a plain GEOS program (bench/grid/geos_peer.cpp), exact, both cores; shares only.
  /usr/bin/time -f "%e %M" -o "$work/time" "$build/bench/geos_peer" "$work/$c.sqlite" --cell 1000 \
    --threads 2 > "$work/geos.csv"
  read -r wall kb < "$work/time"
  IFS=, read -r _ geos_shares geos_err geos_s < "$work/geos.csv"
  echo "$c,geos_peer (2 threads; shares only),$n,,${geos_shares},${geos_s},,${wall},$((kb / 1024)),${geos_err}"
  # Peer: GDAL's rasterizer, township id burnt by cell centre into the same 1 km lattice.
  /usr/bin/time -f "%e %M" -o "$work/time" gdal_rasterize -q \
    -sql "SELECT rowid AS id, geom FROM admin_units WHERE level = 'township'" -a id \
    -tr 1000 1000 -tap -ot Int32 -a_nodata 0 "$work/$c.sqlite" "$work/$c.raster.tif"
  read -r wall kb < "$work/time"
  echo "$c,gdal_rasterize (centre; no shares),$n,,,,,${wall},$((kb / 1024)),"
  rm -f "$work/$c.raster.tif" "$work/$c.sqlite"
done
