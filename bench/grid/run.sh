#!/usr/bin/env bash
# Grid benchmark: generates synthetic Voronoi townships (bench/grid/gen_townships.cpp) and times
# `jingwei grid WS --cell 1000` end to end (read polygons, exact shares, population, write cells
# and shares to the workspace) with peak memory. Prints one line per case:
#   case, townships, cells, share_rows, compute_s, write_s, wall_s, peak_MiB, max_share_error
# Usage: bench/grid/run.sh [BUILD_DIR] [CASES]   (default build/bench; cases "guangdong china")
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/bench}
cases=${2:-"guangdong china"}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DJW_BUILD_TESTS=OFF -DJW_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j 2 --target jingwei gen_townships >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "case,townships,cells,share_rows,compute_s,write_s,wall_s,peak_MiB,max_share_error"
for c in $cases; do
  case $c in
    guangdong) n=1600; area=180000 ;;     # ~Guangdong: 1 600 townships, 180 000 km²
    china) n=40000; area=9600000 ;;       # China: 40 000 townships, 9.6 M km² -> 9.6 M 1-km cells
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
  "$build/bench/gen_townships" "$work/$c.sqlite" --townships $n --area-km2 $area --seed 1 >/dev/null
  /usr/bin/time -f "%e %M" -o "$work/time" "$build/jingwei" grid "$work/$c.sqlite" --cell 1000 --json -q \
    > "$work/out.json"
  read -r wall kb < "$work/time"
  python3 - "$work/out.json" "$c" "$n" "$wall" "$kb" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]},{sys.argv[3]},{j['cells']},{j['share_rows']},{j['compute_seconds']:.3f},"
      f"{j['write_seconds']:.2f},{float(sys.argv[4]):.2f},{int(sys.argv[5]) / 1024:.0f},{j['max_share_sum_error']:.1e}")
PY
done
