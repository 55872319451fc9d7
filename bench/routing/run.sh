#!/usr/bin/env bash
# Runs `jingwei solve tsp|vrptw` on every shared benchmark instance, checks each result with the
# shared checkers, and prints: instance, optimum/BKS, ours, gap, seconds.
# usage: bench/routing/run.sh [TSP_SECONDS] [VRPTW_SECONDS] [SEED]   (defaults 2, 10, 1)
# Environment: JINGWEI (binary; default build/relwithdebinfo/jingwei), ONLY=tsp|vrptw.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared
bin=${JINGWEI:-$root/build/relwithdebinfo/jingwei}
tsp_s=${1:-2}
vrp_s=${2:-10}
seed=${3:-1}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [[ ${ONLY:-tsp} == tsp ]]; then
  printf '%-10s %10s %10s %8s %8s\n' instance optimum ours gap% seconds
  tail -n +2 "$shared/data/bench/tsplib/optima.csv" | while IFS=, read -r name opt _type _n; do
    f=$shared/data/bench/tsplib/$name.tsp
    "$bin" solve tsp "$f" --time-limit "$tsp_s" --seed "$seed" --json >"$out/$name.json"
    check=$(python3 "$shared/tools/check_tsp.py" "$f" "$out/$name.json") || {
      echo "$name: CHECK FAILED: $check"; exit 1; }
    python3 - "$out/$name.json" "$opt" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); opt = float(sys.argv[2])
print("%-10s %10d %10d %8.3f %8.2f" % (sys.argv[3], opt, r["cost"], 100 * (r["cost"] - opt) / opt, r["seconds"]))
PY
  done | tee "$out/tsp.txt"
  awk '{ s += $4; if ($4 > m) m = $4; n++ } END { printf "TSP: %d instances, mean gap %.3f%%, max gap %.3f%%\n", n, s / n, m }' "$out/tsp.txt"
  echo
fi

if [[ ${ONLY:-vrptw} == vrptw ]]; then
  printf '%-8s %8s %10s %8s %10s %8s %8s\n' instance bks_veh bks_dist veh dist gap% seconds
  tail -n +2 "$shared/data/bench/solomon/bks.csv" | while IFS=, read -r name bv bd _src; do
    f=$shared/data/bench/solomon/$name.txt
    "$bin" solve vrptw "$f" --time-limit "$vrp_s" --seed "$seed" --json >"$out/$name.json"
    check=$(python3 "$shared/tools/check_vrptw.py" "$f" "$out/$name.json") || {
      echo "$name: CHECK FAILED: $check"; exit 1; }
    python3 - "$out/$name.json" "$bv" "$bd" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); bv = int(sys.argv[2]); bd = float(sys.argv[3])
print("%-8s %8d %10.2f %8d %10.2f %8.3f %8.2f" % (sys.argv[4], bv, bd, r["vehicles"], r["cost"], 100 * (r["cost"] - bd) / bd, r["seconds"]))
PY
  done | tee "$out/vrp.txt"
  awk '{ n++; d = $4 - $2; if (d > md) md = d; if (d == 0) { m++; s += $6 } }
       END { printf "VRPTW: %d instances, BKS vehicles on %d, max extra vehicles %d, mean distance gap %.3f%% where vehicles match\n", n, m, md, (m ? s / m : 0) }' "$out/vrp.txt"
fi
