#!/usr/bin/env bash
# Prints the name of every app setting the Bicep deployment gives the function app, one a line
# (the keys of `appSettings` in infra/app/api.bicep, read from the compiled ARM template).
# For tests that check every setting the app binds is deployed or has a default.
# Usage: bash infra/tools/app-setting-names.sh [compiled-main.json]
#   (given the ARM template main.bicep compiles to, it reads that instead of compiling main.bicep again)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -ge 1 ]]; then
  template="$(cat "$1")"
else
  template="$("$here/bicep.sh" build "$here/../main.bicep" --stdout 2>/dev/null)"
fi

node -e '
const template = JSON.parse(require("fs").readFileSync(0, "utf8"));
const list = r => Array.isArray(r) ? r : Object.values(r || {});
const api = list(template.resources).find(r => r.type === "Microsoft.Resources/deployments" && r.name === "api");
if (!api) throw new Error("module deployment \"api\" not found in main.bicep");
const config = list(api.properties.template.resources)
  .find(r => r.type === "Microsoft.Web/sites/config" && String(r.name).includes("appsettings"));
if (!config || typeof config.properties !== "object") throw new Error("appsettings config not found in app/api.bicep");
console.log(Object.keys(config.properties).join("\n"));
' <<<"$template"
