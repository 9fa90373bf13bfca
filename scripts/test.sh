#!/usr/bin/env bash
# Runs the whole test suite: builds (our projects treat warnings as errors: Directory.Build.props), starts nothing by hand — each test fixture starts
# its own in-memory Azurite on free ports — and prints the plain summary `N passed, N failed[, N skipped]` last.
# Counts every runner: the .NET test projects (browser tests included: they drive Chromium, see README) and the web client's Vitest tests.
# Usage: scripts/test.sh [--no-build] [extra dotnet test arguments]
#   --no-build  test what is built already (the solution and web/dist) — CI builds both first, beside its installs.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/node.sh || { echo "0 passed, 1 failed"; exit 1; }  # Node.js 22 (.nvmrc) first on PATH

build=true
if [ "${1:-}" = "--no-build" ]; then
  build=false
  shift
fi

{ [ -f node_modules/azurite/dist/src/azurite.js ] && [ -f node_modules/.bin/vite ]; } || npm ci --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p .artifacts

# The web client is built beside the .NET build: its build generates the API types from the OpenAPI document and
# type-checks against them, and the browser tests serve what it builds (web/dist).
if [ "$build" = true ]; then
  web_build_log=.artifacts/web-build.log
  npm run build -w web >"$web_build_log" 2>&1 &
  web_build=$!
  bash scripts/build.sh
  build_status=$?
  wait "$web_build"
  web_build_status=$?
  cat "$web_build_log"
  if [ "$web_build_status" -ne 0 ]; then
    echo "web client build failed (npm run build -w web)" >&2
  fi
  if [ "$build_status" -ne 0 ] || [ "$web_build_status" -ne 0 ]; then
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

log=$(mktemp)
browser_log=$(mktemp)
report=.artifacts/vitest.json
web_log=.artifacts/vitest.log
rm -f "$report"
# Three runs at once, so that waits overlap: the browser tests (the longest assembly) start first in a run of their own,
# the solution's run leaves them out (-p:BrowserTestsApart=true, see their .csproj), and the web client's unit tests
# (Vitest) run beside both (its per-test time limit raised from 5 s to 30 s: the schema checks of openapi.json share the
# cores with the .NET runs). A test that hangs fails its assembly after 3 minutes, naming the test, instead of stalling the run.
test_args=(--no-build -nologo -v q --logger "console;verbosity=minimal" --blame-hang-timeout 3m --blame-hang-dump-type none)
dotnet test tests/OtpSessions.Browser.Tests "${test_args[@]}" "$@" >"$browser_log" 2>&1 &
browser=$!
(cd web && npx vitest run --testTimeout=30000 --reporter=default --reporter=json --outputFile.json="../$report") >"$web_log" 2>&1 &
web_tests=$!
dotnet test Serverless.sln "${test_args[@]}" -p:BrowserTestsApart=true "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
wait "$browser"
browser_status=$?
tee -a "$log" <"$browser_log"
rm -f "$browser_log"
[ "$status" -eq 0 ] && status=$browser_status

# Each test assembly prints: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, Duration: …"
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # a test run that crashed or did not start counts as a failure
fi

# The web client's unit tests (Vitest), counted from its JSON report.
wait "$web_tests"
web_status=$?
cat "$web_log"
read -r wp wf ws < <(node -e '
  try { const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests); }
  catch { console.log("0 0 0"); }' "$PWD/$report")
if [ "$web_status" -ne 0 ] && [ "$wf" -eq 0 ]; then
  wf=1
fi
passed=$((passed + wp)); failed=$((failed + wf)); skipped=$((skipped + ws))

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$status" -eq 0 ] && [ "$web_status" -eq 0 ] && [ "$failed" -eq 0 ]
