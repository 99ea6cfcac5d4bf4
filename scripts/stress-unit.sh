#!/usr/bin/env bash
# Runs the unit suite again and again while two CPU-bound processes compete for the cores, to
# catch tests that race the wall clock (issue 15): a flaky suite rejects good changes at random.
#   scripts/stress-unit.sh [RUNS]      (or STRESS_RUNS=RUNS; default 10)
# Builds once, then prints one line per run with its summary, and `stress: K of N runs green`.
# Exits 1 if any run failed; each run's full output stays in out/stress/run-<k>.log.
set -u
cd "$(dirname "$0")/.."

runs="${1:-${STRESS_RUNS:-10}}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/stress-unit.sh [RUNS] (a whole number from 1; or STRESS_RUNS)" >&2
  exit 2
fi

node scripts/build.mjs && node scripts/build.mjs --tests || exit 1

# Two busy loops beside the suite. Each also ends by itself once this script is gone (a kill -9
# leaves no EXIT trap to stop them): it checks, every few million turns, that its parent lives.
hogs=()
stop_hogs() {
  for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null; done
  wait "${hogs[@]}" 2>/dev/null
}
trap stop_hogs EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for _ in 1 2; do
  node -e 'const p = Number(process.argv[1]); for (let i = 1; ; i++) if (i % 5e6 === 0) { try { process.kill(p, 0); } catch { process.exit(0); } }' "$$" &
  hogs+=("$!")
done

logs=out/stress
mkdir -p "$logs"
green=0
for ((k = 1; k <= runs; k++)); do
  log="$logs/run-$k.log"
  started=$SECONDS
  npx mocha --config .mocharc.json >"$log" 2>&1
  rc=$?
  summary=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  line="run $k of $runs: ${summary:-no summary line} ($((SECONDS - started)) s)"
  if [ "$rc" -eq 0 ]; then
    green=$((green + 1))
    echo "$line"
  else
    echo "$line, exit $rc: FAILED, see $log"
    # The titles of the failed tests, as mocha lists them after "N failing".
    awk '/^ *[0-9]+ failing$/ { f = 1; next } f && /^ *[0-9]+\) / { t = $0; getline; print "    " t " " $0 }' "$log" | sed -E 's/ +/ /g'
  fi
done

echo "stress: $green of $runs runs green"
[ "$green" -eq "$runs" ]
