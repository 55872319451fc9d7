#!/usr/bin/env bash
# Times `jingwei locate` against a plain GEOS program, GeoPandas sjoin and PostGIS (both index
# forms) on generated villages and homes, checks that all agree point by point, and prints
#   case,n,peer,ours_s,peer_s,ratio,ours_cpu_s,peer_cpu_s,ours_peak_mib,peer_peak_mib
# (ratio = peer_s / ours_s, wall clock; cpu = user + system seconds and peak memory from
# /usr/bin/time, so PostGIS's server is not counted there: "-").
#
# usage: bench/locate/run.sh [CASE ...]          CASE: small medium large (default: small medium)
# env:   JINGWEI   the binary (default build/relwithdebinfo/jingwei)
#        PEERS     subset of "geos geopandas postgis" (default: all three)
#        POSTGIS_FORMS  subset of "points polygons" (default: both)
#        DATA_DIR  where generated data are kept between runs (default /tmp/jw-locate-bench)
#
# The peers are benchmark tools, not Jingwei dependencies: this script installs them with
# apt-get when missing and runs PostgreSQL in a cluster it creates under $DATA_DIR and stops.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jingwei=${JINGWEI:-$root/build/relwithdebinfo/jingwei}
peers=${PEERS:-geos geopandas postgis}
data=${DATA_DIR:-/tmp/jw-locate-bench}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(small medium)
mkdir -p "$data"

need_pkg() { dpkg -s "$1" >/dev/null 2>&1 || missing="$missing $1"; }
missing=""
need_pkg libgdal-dev; need_pkg libgeos-dev; need_pkg gdal-bin
[[ $peers == *geopandas* ]] && need_pkg python3-geopandas
[[ $peers == *postgis* ]] && need_pkg postgresql-15-postgis-3
if [ -n "$missing" ]; then
  echo "installing peers:$missing" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y $missing >&2
fi

# The generator and the GEOS reference use GEOS and GDAL only, compiled as a user would.
for prog in generate geos_reference; do
  if [ ! -x "$data/$prog" ] || [ "$here/$prog.cpp" -nt "$data/$prog" ]; then
    g++ -O2 -std=c++17 -o "$data/$prog" "$here/$prog.cpp" $(pkg-config --cflags --libs gdal geos)
  fi
done

if [[ $peers == *postgis* ]]; then
  export PGHOST=$data/pgsock PGPORT=54329
  pgbin=/usr/lib/postgresql/15/bin
  mkdir -p "$PGHOST"; chown postgres "$data" "$PGHOST"
  if [ ! -d "$data/pgdata" ]; then
    runuser -u postgres -- "$pgbin/initdb" -D "$data/pgdata" -U postgres --auth=trust >/dev/null
  fi
  # Settings a tuned analytical server would have on this machine; durability off, as for a
  # scratch database.
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$data/pgdata" -l "$data/pg.log" -w start -o \
    "-p $PGPORT -k $PGHOST -c listen_addresses='' -c shared_buffers=2GB -c work_mem=512MB \
     -c maintenance_work_mem=1GB -c max_parallel_workers_per_gather=2 -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=8GB" >/dev/null
  trap 'runuser -u postgres -- "$pgbin/pg_ctl" -D "$data/pgdata" -m fast stop >/dev/null' EXIT
fi

# wall seconds, CPU seconds and peak MiB of one command, its output kept in $log.out/.err
timed() {
  local log=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$log.time" "$@" >"$log.out" 2>"$log.err" ||
    { echo "FAILED: $*" >&2; cat "$log.err" >&2; exit 1; }
  awk '{printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$log.time"
}

echo "case,n,peer,ours_s,peer_s,ratio,ours_cpu_s,peer_cpu_s,ours_peak_mib,peer_peak_mib"
for c in "${cases[@]}"; do
  case $c in
    small) villages=10000 homes=100000 ;;
    medium) villages=60000 homes=1000000 ;;
    large) villages=600000 homes=6600000 ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
  dir=$data/$c
  if [ ! -f "$dir/homes.csv" ]; then
    mkdir -p "$dir"
    "$data/generate" "$villages" "$homes" "$dir" 1 >&2
  fi
  chmod -R a+rX "$dir"
  read -r ours_s ours_cpu ours_mib < <(timed "$dir/jingwei" "$jingwei" locate "$dir/homes.csv" "$dir/villages.gpkg" \
    --key code -o "$dir/out_jingwei.csv" -q)
  outputs=()
  for peer in $peers; do
    case $peer in
      geos)
        read -r s cpu mib < <(timed "$dir/geos" "$data/geos_reference" "$dir/homes.csv" "$dir/villages.gpkg" \
          code "$dir/out_geos.csv")
        rows=("geos $s $cpu $mib"); outputs+=("$dir/out_geos.csv") ;;
      geopandas)
        read -r s cpu mib < <(timed "$dir/geopandas" /usr/bin/python3 "$here/geopandas_sjoin.py" \
          "$dir/homes.csv" "$dir/villages.gpkg" code "$dir/out_geopandas.csv")
        rows=("geopandas $s $cpu $mib"); outputs+=("$dir/out_geopandas.csv") ;;
      postgis)
        rows=()
        for form in ${POSTGIS_FORMS:-points polygons}; do
          rm -f "$dir/out_postgis_$form.csv"
          read -r s cpu mib < <(timed "$dir/postgis_$form" "$here/postgis.sh" "$form" "$dir/homes.csv" \
            "$dir/villages.gpkg" code "$dir/out_postgis_$form.csv")
          rows+=("postgis_$form $s - -"); outputs+=("$dir/out_postgis_$form.csv")
        done ;;
    esac
    for r in "${rows[@]}"; do
      read -r name s cpu mib <<<"$r"
      awk -v c="$c" -v n="$homes" -v p="$name" -v o="$ours_s" -v s="$s" -v oc="$ours_cpu" -v pc="$cpu" \
        -v om="$ours_mib" -v pm="$mib" \
        'BEGIN { printf "%s,%d,%s,%.2f,%.2f,%.1f,%s,%s,%s,%s\n", c, n, p, o, s, s / o, oc, pc, om, pm }'
    done
  done
  if [ ${#outputs[@]} -gt 0 ]; then
    /usr/bin/python3 "$here/compare.py" "$dir/out_jingwei.csv" "${outputs[@]}" >&2
  fi
done
