#!/usr/bin/env bash
# Road network benchmark: generates the county-like OSM network, imports it with `jingwei import
# roads` (preprocessing timed), runs a 2 000 x 2 000 `jingwei matrix` (wall time and peak memory
# by /usr/bin/time), then bench_matrix: the stored hierarchy against one Dijkstra per origin
# (4-ary heap, and plain Boost.Graph), all times checked equal.
# Then pgRouting side by side: pgr_dijkstraCost many-to-many on the same graph and the same
# origin/destination nodes, in a throwaway PostgreSQL 15 cluster in a temp dir (Debian
# postgresql-15-pgrouting; bench-only, not in scripts/install-deps). pgRouting runs two subsets of
# origins (PG_ORIGINS_SMALL, PG_ORIGINS; default 25 and 100) x all 2 000 destinations, and the
# 2 000-origin time is extrapolated linearly (fixed cost of reading the edges + per-origin cost);
# its answers for the first origins are checked pair by pair against ours.
#
#   bench/network/run.sh [OUTDIR]          PG_ORIGINS=2000 runs pgRouting on the full matrix
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


# --- pgRouting side by side -------------------------------------------------------------------
pg_small=${PG_ORIGINS_SMALL:-25}
pg_large=${PG_ORIGINS:-100}
"$bin/export_pgrouting" "$out/county.sqlite" "$out" --n 2000 --threads 2 --check-origins "$pg_large" \
  | tee "$out/ours.txt"
pgbin=/usr/lib/postgresql/15/bin
pgdir=$(mktemp -d)
chown postgres "$pgdir"
chmod 755 "$out"
cleanup() { runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap cleanup EXIT
runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -A trust >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-k $pgdir -p 55432 -c listen_addresses='' -c shared_buffers=128MB -c work_mem=64MB -c max_parallel_workers_per_gather=0" start >/dev/null
psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$pgdir" -p 55432 -U postgres -d postgres)
"${psql[@]}" <<SQL
CREATE EXTENSION pgrouting CASCADE; -- pgRouting 3.4 on Debian needs PostGIS
CREATE TABLE edges (id bigint PRIMARY KEY, source bigint, target bigint, cost float8);
CREATE TABLE sources (seq int, vid bigint);
CREATE TABLE targets (seq int, vid bigint);
\copy edges FROM '$out/edges.csv' CSV HEADER
\copy sources FROM '$out/sources.csv' CSV HEADER
\copy targets FROM '$out/targets.csv' CSV HEADER
ANALYZE;
SQL
# One session per run: its backend's peak RSS (VmHWM) is read before it ends.
pg_run() { # origins, result file -> prints seconds and peak MB
  local k=$1 result=$2
  cat > "$pgdir/run.sql" <<SQL
\pset tuples_only on
\o $pgdir/pid
SELECT pg_backend_pid();
\o
\! date +%s.%N > $pgdir/t0
\copy (SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost('SELECT id, source, target, cost, -1::float8 AS reverse_cost FROM edges', ARRAY(SELECT vid FROM sources ORDER BY seq LIMIT $k), ARRAY(SELECT vid FROM targets ORDER BY seq), true)) TO '$result' CSV
\! sh -c 'echo "seconds \$(echo "\$(date +%s.%N) - \$(cat $pgdir/t0)" | bc)"; grep VmHWM /proc/\$(tr -dc 0-9 < $pgdir/pid)/status'
SQL
  "${psql[@]}" -f "$pgdir/run.sql"
}
echo "pgRouting, $pg_small origins x 2000:"
pg_run "$pg_small" "$pgdir/small.csv" | tee "$out/pg_small.txt"
echo "pgRouting, $pg_large origins x 2000:"
pg_run "$pg_large" "$out/pgrouting.csv" | tee "$out/pg_large.txt"
python3 - "$out" "$pg_small" "$pg_large" <<'PY'
import csv, sys
out, k1, k2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def read(name):
    d = {}
    for line in open(f"{out}/{name}"):
        k, _, v = line.strip().partition(" ")
        if k == "seconds": d["s"] = float(v)
        if k.startswith("VmHWM"): d["mb"] = float(v.split()[0]) / 1024
    return d
small, large = read("pg_small.txt"), read("pg_large.txt")
ours = dict(l.split(",") for l in open(f"{out}/ours.txt").read().split())
ours_s = float(ours["ours_s"])
per_origin = (large["s"] - small["s"]) / (k2 - k1) if k2 > k1 else large["s"] / k2
fixed = max(0.0, large["s"] - per_origin * k2)
full = large["s"] if k2 >= 2000 else fixed + per_origin * 2000
mine = {}
with open(f"{out}/ours.csv") as f:
    for r in csv.DictReader(f): mine[(r["start_vid"], r["end_vid"])] = float(r["seconds"])
theirs = {}
with open(f"{out}/pgrouting.csv") as f:
    for s, t, c in csv.reader(f): theirs[(s, t)] = float(c)
# pgRouting leaves out pairs with no path and a vertex to itself (cost 0).
bad = sum(1 for k, v in theirs.items() if abs(mine.get(k, -1) - v) > 5e-4)
missing = sum(1 for k, v in mine.items() if k not in theirs and k[0] != k[1])
print(f"# pgRouting: {k1} origins {small['s']:.1f} s, {k2} origins {large['s']:.1f} s "
      f"(fixed {fixed:.1f} s + {per_origin:.3f} s per origin), peak backend RSS {large['mb']:.0f} MB")
print(f"# checked {len(theirs)} pairs of the first {k2} origins: {bad} differ, {missing} missing")
print("case, n, ours_s, peer_s, ratio")
print(f"ch_vs_pgr_dijkstraCost{'' if k2 >= 2000 else '_extrapolated'}, 2000, {ours_s:.3f}, {full:.1f}, {full / ours_s:.0f}")
PY
