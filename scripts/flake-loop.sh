#!/usr/bin/env bash
# Flake hunt (by hand, not CI): clones the current commit into a temporary directory and runs `.ci/run` there
# N times in a row (default 10), printing one line per run and, last, how many runs failed.
#   scripts/flake-loop.sh [N]
# Each run's full output is kept in the temporary directory named at the start (and again at the end).
# Only committed work is tested: commit first. Exits non-zero when any run failed.
set -uo pipefail

runs=${1:-10}
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [runs, default 10]" >&2
  exit 2
fi

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel) || exit 2
commit=$(git -C "$repo" rev-parse HEAD) || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/flake-loop.XXXXXX")
clone="$work/repo"

echo "flake-loop: $runs run(s) of .ci/run on a clean clone of ${commit:0:12} in $clone"
git clone --quiet --no-hardlinks "$repo" "$clone" || exit 2
git -C "$clone" checkout --quiet --detach "$commit" || exit 2

failed=0
for i in $(seq 1 "$runs"); do
  log="$work/run-$i.log"
  start=$(date +%s)
  (cd "$clone" && bash .ci/run) >"$log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  summary=$(tail -n 1 "$log")
  if [ "$status" -ne 0 ]; then
    failed=$((failed + 1))
    echo "run $i/$runs: FAILED in ${seconds}s: $summary (log: $log)"
    grep -E '^\s*Failed [A-Za-z_.]+' "$log" | sed 's/^ */    /' | head -n 20
  else
    echo "run $i/$runs: passed in ${seconds}s: $summary"
  fi
done

echo "flake-loop: $failed of $runs run(s) failed (logs in $work)"
[ "$failed" -eq 0 ]
