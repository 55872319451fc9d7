#!/usr/bin/env bash
# Road network benchmark: generates the county-like OSM network, imports it with `jingwei import
# roads` (preprocessing timed), runs a 2 000 x 2 000 `jingwei matrix` (wall time and peak memory
# by /usr/bin/time), then bench_matrix: the stored hierarchy against one Dijkstra per origin
# (4-ary heap, and plain Boost.Graph), all times checked equal.
# The pgRouting comparison (pgr_dijkstraCost) is not scripted yet: see README.md.
#
#   bench/network/run.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-out/bench-network}
mkdir -p "$out"
build=$(./scripts/build Release -DJW_BUILD_BENCH=ON -DJW_BUILD_TESTS=OFF | tail -1)
jingwei=$build/jingwei
bin=$build/bench

"$bin/generate_county" "$out/county.osm" --seed 1
rm -f "$out/county.sqlite"
"$jingwei" init "$out/county.sqlite" >/dev/null
/usr/bin/time -f "import: %e s wall, %M KB peak" "$jingwei" import "$out/county.sqlite" roads "$out/county.osm"

# 2 000 origins and 2 000 destinations, uniform over the county (seeded).
python3 - "$out" <<'PY'
import random, sys
for name, seed in (("from.csv", 1), ("to.csv", 2)):
    r = random.Random(seed)
    with open(f"{sys.argv[1]}/{name}", "w") as f:
        f.write("id,x,y\n")
        for i in range(2000):
            f.write("%s%d,%.6f,%.6f\n" % (name[0], i, 117.0 + r.uniform(0.02, 0.5), 30.0 + r.uniform(0.02, 0.43)))
PY
/usr/bin/time -f "matrix command: %e s wall, %M KB peak" \
  "$jingwei" matrix "$out/county.sqlite" --from "$out/from.csv" --to "$out/to.csv" -o "$out/matrix.csv" --threads 2
"$bin/bench_matrix" "$out/county.sqlite" --n 2000 --threads 2 --boost-origins 100

