#!/usr/bin/env bash
# Runs `jingwei solve pmed` on every OR-Library instance in shared/data/bench/pmed with a time
# limit (default 2 s), checks each answer with shared/tools/check_pmed.py (exit 1 on any
# failure), and prints one row per instance plus the summary the issue's targets use.
# usage: bench/siting/run.sh [JINGWEI] [TIME_LIMIT_S] [SEED]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jingwei=${1:-${JINGWEI:-$root/build/relwithdebinfo/jingwei}}
limit=${2:-2}
seed=${3:-1}
data=$root/../shared/data/bench/pmed
checker=$root/../shared/tools/check_pmed.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for inst in $(ls "$data"/pmed*.txt | sort -V); do
  name=$(basename "$inst" .txt)
  start=$(date +%s.%N)
  "$jingwei" solve pmed "$inst" --time-limit "$limit" --seed "$seed" --json >"$tmp/$name.json"
  end=$(date +%s.%N)
  echo "$name $(head -1 "$inst" | awk '{print $1}') $start $end" >>"$tmp/runs"
  /usr/bin/python3 "$checker" "$inst" "$tmp/$name.json" --quiet >"$tmp/$name.check" ||
    { echo "CHECK FAILED: $name: $(cat "$tmp/$name.check")" >&2; exit 1; }
done

/usr/bin/python3 - "$tmp" "$data/optima.csv" <<'PY'
import csv, json, os, sys
tmp, optima_csv = sys.argv[1], sys.argv[2]
optima = {r["name"]: float(r["optimum"]) for r in csv.DictReader(open(optima_csv))}
print("%-8s %5s %4s %8s %8s %8s %8s %7s" % ("instance", "n", "p", "optimum", "ours", "gap%", "seconds", "proven"))
gaps, hits, proven, worst_s = [], 0, 0, 0.0
for line in open(os.path.join(tmp, "runs")):
    name, n, start, end = line.split()
    r = json.load(open(os.path.join(tmp, name + ".json")))
    opt = optima[name]
    gap = 100.0 * (r["cost"] - opt) / opt
    seconds = float(end) - float(start)
    gaps.append(gap); hits += r["cost"] == opt; proven += bool(r.get("proven_optimal"))
    worst_s = max(worst_s, seconds)
    print("%-8s %5s %4d %8d %8d %8.4f %8.3f %7s" % (name, n, len(r["facilities"]), opt, r["cost"],
          gap, seconds, "yes" if r.get("proven_optimal") else "no"))
k = len(gaps)
print("instances %d, mean gap %.4f%%, optimum reached %d/%d, proven optimal %d/%d, slowest %.3f s"
      % (k, sum(gaps) / k, hits, k, proven, k, worst_s))
PY
