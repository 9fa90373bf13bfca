#!/usr/bin/env bash
# Builds and lints infra/main.bicep (and every module it uses) with the Bicep CLI from NuGet,
# and checks infra/main.parameters.json against the template's parameters.
# Fails on ANY diagnostic (warning, error or info), not only on a non-zero exit code:
# `bicep build` and `bicep lint` exit 0 with warnings.
# Usage: bash infra/tools/validate.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
infra="$(cd "$here/.." && pwd)"
bicep="$here/bicep.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "infra validation FAILED: $1" >&2
  [[ -s "${2:-/dev/null}" ]] && cat "$2" >&2
  exit 1
}

# 1. Make sure the CLI is there (restores it from NuGet on a cold cache), apart from the checks
#    so restore output is not mistaken for a diagnostic.
version="$("$bicep" --version 2>"$work/restore.log")" || fail "could not get the Bicep CLI" "$work/restore.log"
echo "infra: $version"

# 2. Build: the ARM JSON goes to a file; diagnostics go to stderr.
if ! "$bicep" build "$infra/main.bicep" --stdout >"$work/main.json" 2>"$work/build.log"; then
  fail "bicep build exited non-zero" "$work/build.log"
fi
[[ -s "$work/build.log" ]] && fail "bicep build reported diagnostics" "$work/build.log"
[[ -s "$work/main.json" ]] || fail "bicep build produced no template"

# 3. Lint (the linter rules plus compiler diagnostics for main.bicep and its modules).
if ! "$bicep" lint "$infra/main.bicep" >"$work/lint.log" 2>&1; then
  fail "bicep lint exited non-zero" "$work/lint.log"
fi
[[ -s "$work/lint.log" ]] && fail "bicep lint reported diagnostics" "$work/lint.log"

# 4. main.parameters.json names only parameters main.bicep declares (ARM rejects unknown ones).
if command -v node >/dev/null 2>&1; then
  node - "$work/main.json" "$infra/main.parameters.json" >"$work/params.log" 2>&1 <<'JS' || fail "main.parameters.json does not match main.bicep" "$work/params.log"
const fs = require('fs');
const [templatePath, parametersPath] = process.argv.slice(2);
const declared = Object.keys(JSON.parse(fs.readFileSync(templatePath, 'utf8')).parameters || {});
const given = Object.keys(JSON.parse(fs.readFileSync(parametersPath, 'utf8')).parameters || {});
const unknown = given.filter(name => !declared.includes(name));
if (unknown.length > 0) {
  console.error(`parameters not declared in main.bicep: ${unknown.join(', ')}`);
  process.exit(1);
}
JS
else
  fail "node is needed to check main.parameters.json"
fi

echo "infra validation passed: bicep build + lint of infra/main.bicep with 0 warnings, 0 errors; main.parameters.json matches."
