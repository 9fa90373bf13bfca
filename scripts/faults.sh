#!/usr/bin/env bash
# The fault harness (tests/OtpSessions.FaultHarness; docs/reliability.md): the app on the local host with Azurite persisting
# to disk, the fake ACS and a recording Service Bus stand-in, through six fault scenarios. One line per scenario with its
# figures; exit code 1 when any scenario broke a promise. Pass options through, e.g. `./scripts/faults.sh --quick`
# (its short mode) or `--scenarios 1,3 --verbose`. Starts everything itself on free ports and stops it. CI does not run it.
set -uo pipefail
cd "$(dirname "$0")/.."

source scripts/node.sh || exit 1  # Node.js 22 (.nvmrc) first on PATH
[ -f node_modules/azurite/dist/src/azurite.js ] || npm ci --no-audit --no-fund || exit 1
dotnet build tests/OtpSessions.FaultHarness -c Release -nologo -v q || exit 1
exec dotnet run -c Release --no-build --project tests/OtpSessions.FaultHarness -- "$@"
