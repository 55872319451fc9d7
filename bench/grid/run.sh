#!/usr/bin/env bash
# Grid benchmark: generates synthetic Voronoi townships (bench/grid/gen_townships.cpp) and times
# `jingwei grid --cell 1000` end to end (read polygons, exact shares, population, write) with peak
# memory, into the workspace ("workspace"), hexagons into the workspace ("hex", --shape hex) and
# into a GeoTIFF + shares CSV ("file", -o), and the peers in the same run: a plain GEOS program
# (exact, prepared geometry + intersection of the boundary cells), PostGIS (ST_SquareGrid +
# ST_Intersection into a table, exact) and gdal_rasterize (township id by cell centre: not
# exact, no shares).
# Prints one line per case and target:
#   case, target, townships, cells, share_rows, compute_s, write_s, wall_s, peak_MiB, max_share_error
# For PostGIS, max_share_error is max |Σ piece areas − township area| / township area (its shares
# would be piece ÷ that sum), compute_s is the query that writes the share rows, wall_s adds the
# load with ogr2ogr, and peak_MiB is the backend's VmHWM.
# Usage: bench/grid/run.sh [BUILD_DIR] [CASES] [TARGETS]
#   (defaults build/bench, "guangdong china", "file workspace hex"; the China workspace writes
#   take about 35 s each: pass TARGETS=file for a quick run)
#   PEERS="geos postgis gdal" (default) chooses the peers; PostGIS needs postgresql-15-postgis-3
#   (bench only, not in scripts/install-deps) and runs in a throwaway cluster as user postgres.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/bench}
cases=${2:-"guangdong china"}
targets=${3:-"file workspace hex"}
peers=${PEERS:-"geos postgis gdal"}
has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DJW_BUILD_TESTS=OFF -DJW_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j 2 --target jingwei gen_townships geos_peer >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --- PostGIS peer: a throwaway PostgreSQL 15 cluster (as bench/network/run.sh) -----------------
pgbin=/usr/lib/postgresql/15/bin
pgdir=
if has "$peers" postgis; then
  if [ ! -x "$pgbin/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
    echo "# PostGIS peer skipped: install postgresql-15 and postgresql-15-postgis-3" >&2
    peers=${peers//postgis/}
  fi
fi
if has "$peers" postgis; then
  pgdir=$(mktemp -d)
  chown postgres "$pgdir"
  chmod 755 "$work"
  trap 'runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir" "$work"' EXIT
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -A trust >/dev/null
  # One backend, no parallel workers: PostGIS set-returning grids do not run in parallel.
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-k $pgdir -p 55433 -c listen_addresses='' -c shared_buffers=256MB -c work_mem=256MB -c max_parallel_workers_per_gather=0 -c synchronous_commit=off" start >/dev/null
  psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$pgdir" -p 55433 -U postgres -d postgres)
  "${psql[@]}" -c "CREATE EXTENSION postgis" >/dev/null
fi
postgis_peer() { # case, townships -> one CSV line
  local c=$1 n=$2 t0 t1
  "${psql[@]}" -c "DROP TABLE IF EXISTS townships, shares" >/dev/null 2>&1
  t0=$(date +%s.%N)
  ogr2ogr -f PostgreSQL "PG:host=$pgdir port=55433 user=postgres dbname=postgres" "$work/$c.sqlite" \
    -sql "SELECT code, geom FROM admin_units WHERE level = 'township'" -nln townships \
    -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -nlt MULTIPOLYGON
  t1=$(date +%s.%N)
  # The cells of each township's bounding box on the 1 km lattice at multiples of 1 000 m (as
  # jingwei's), kept where they intersect; whole cells (ST_Within, prepared by PostGIS's cache)
  # skip the intersection. Share rows are materialised in an UNLOGGED table, as ours are written.
  cat > "$pgdir/run.sql" <<SQL
\pset tuples_only on
\o $pgdir/pid
SELECT pg_backend_pid();
\o
\! date +%s.%N > $pgdir/q0
CREATE UNLOGGED TABLE shares AS
SELECT t.code, g.i, g.j,
       CASE WHEN ST_Within(g.geom, t.geom) THEN 1e6 ELSE ST_Area(ST_Intersection(g.geom, t.geom)) END AS area_m2
FROM townships t, LATERAL ST_SquareGrid(1000, t.geom) AS g
WHERE ST_Intersects(g.geom, t.geom);
\! sh -c 'echo "\$(date +%s.%N) \$(grep VmHWM /proc/\$(tr -dc 0-9 < $pgdir/pid)/status | tr -dc 0-9)" > $pgdir/q1'
\o $pgdir/check
SELECT count(*), max(abs(s.a - ST_Area(t.geom)) / ST_Area(t.geom))
FROM townships t JOIN (SELECT code, sum(area_m2) AS a FROM shares GROUP BY code) s USING (code);
\o
SQL
  "${psql[@]}" -f "$pgdir/run.sql" >/dev/null
  local q0 q1 kb rows err
  q0=$(cat "$pgdir/q0")
  read -r q1 kb < "$pgdir/q1"
  rows=$("${psql[@]}" -At -c "SELECT count(*) FROM shares")
  err=$(tr -s ' ' < "$pgdir/check" | awk -F'|' 'NF>1 {gsub(/ /,"",$2); print $2}')
  printf '%s,postgis (ST_SquareGrid+ST_Intersection; 1 backend),%s,,%s,%.2f,,%.2f,%s,%.1e\n' \
    "$c" "$n" "$rows" "$(echo "$q1 - $q0" | bc)" "$(echo "$q1 - $t0" | bc)" "$((kb / 1024))" "$err"
  printf '# postgis load (ogr2ogr) %.2f s\n' "$(echo "$t1 - $t0" | bc)" >&2
  "${psql[@]}" -c "DROP TABLE townships, shares" >/dev/null
}

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
    [ "$t" = hex ] && out=(--shape hex)
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
  if has "$peers" geos; then
    /usr/bin/time -f "%e %M" -o "$work/time" "$build/bench/geos_peer" "$work/$c.sqlite" --cell 1000 \
      --threads 2 > "$work/geos.csv"
    read -r wall kb < "$work/time"
    IFS=, read -r _ geos_shares geos_err geos_s < "$work/geos.csv"
    echo "$c,geos_peer (2 threads; shares only),$n,,${geos_shares},${geos_s},,${wall},$((kb / 1024)),${geos_err}"
  fi
  if has "$peers" postgis; then postgis_peer "$c" "$n"; fi
  # Peer: GDAL's rasterizer, township id burnt by cell centre into the same 1 km lattice.
  if has "$peers" gdal; then
    /usr/bin/time -f "%e %M" -o "$work/time" gdal_rasterize -q \
      -sql "SELECT rowid AS id, geom FROM admin_units WHERE level = 'township'" -a id \
      -tr 1000 1000 -tap -ot Int32 -a_nodata 0 "$work/$c.sqlite" "$work/$c.raster.tif"
    read -r wall kb < "$work/time"
    echo "$c,gdal_rasterize (centre; no shares),$n,,,,,${wall},$((kb / 1024)),"
  fi
  rm -f "$work/$c.raster.tif" "$work/$c.sqlite"
done
