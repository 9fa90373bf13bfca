#!/usr/bin/env bash
# Runs the Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (pinned in
# bicep-cli.proj), restoring it first when it is not yet in the NuGet package folder.
# Usage: infra/tools/bicep.sh <bicep args...>     e.g. infra/tools/bicep.sh build infra/main.bicep
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
proj="$here/bicep-cli.proj"
package="azure.bicep.commandline.linux-x64"
version="$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$proj")"
if [[ -z "$version" ]]; then
  echo "bicep.sh: cannot read the Bicep CLI version from $proj" >&2
  exit 2
fi

packages_dir() {
  if [[ -n "${NUGET_PACKAGES:-}" ]]; then
    echo "${NUGET_PACKAGES%/}"
    return
  fi
  local listed
  listed="$(dotnet nuget locals global-packages --list 2>/dev/null | sed -n 's/^global-packages: *//p' | head -n1)"
  if [[ -n "$listed" ]]; then
    echo "${listed%/}"
  else
    echo "$HOME/.nuget/packages"
  fi
}

bin="$(packages_dir)/$package/$version/tools/bicep"
if [[ ! -f "$bin" ]]; then
  echo "bicep.sh: restoring Bicep CLI $version from NuGet..." >&2
  dotnet restore "$proj" --verbosity quiet >&2
  bin="$(packages_dir)/$package/$version/tools/bicep"
  if [[ ! -f "$bin" ]]; then
    echo "bicep.sh: restore finished but $bin is missing" >&2
    exit 2
  fi
fi
[[ -x "$bin" ]] || chmod +x "$bin"

exec "$bin" "$@"
