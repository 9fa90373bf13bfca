#!/usr/bin/env bash
# Runs the whole app locally: Azurite (default ports), the fake ACS (127.0.0.1:10100), the local
# Functions host (http://127.0.0.1:7071/api) and the web client (http://localhost:5173: /console and /join#…).
# Installs what is missing first. Ctrl+C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

for tool in dotnet npm curl; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' is required (see README: .NET 10 SDK, Node.js with npm)" >&2; exit 1; }
done
source scripts/node.sh  # Node.js 22 (.nvmrc) first on PATH: the machine's, or the npm registry's build of it

{ [ -f node_modules/azurite/dist/src/azurite.js ] && [ -f node_modules/.bin/vite ]; } || npm ci --no-audit --no-fund
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "created local.settings.json from local.settings.sample.json"
fi
# The web client calls the API from its own origin: Host.CORS must list it (older copies of the file lack it).
node -e 'const fs=require("fs"),f=process.argv[1],s=JSON.parse(fs.readFileSync(f,"utf8"));s.Host=s.Host||{};
  if(!s.Host.CORS){s.Host.CORS="http://localhost:5173";fs.writeFileSync(f,JSON.stringify(s,null,2)+"\n");console.log("added Host.CORS (http://localhost:5173) to local.settings.json")}' "$root/local.settings.json"

echo "building…"
dotnet build functions/OtpSessions.LocalHost/OtpSessions.LocalHost.csproj -nologo -v q
dotnet build functions/OtpSessions.FakeAcs/OtpSessions.FakeAcs.csproj -nologo -v q
npm run gen -w web >/dev/null  # the API types the web client is written against (from the OpenAPI document)

for port in 10000 10001 10002 10100 7071 5173; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port is already in use (another Azurite, fake ACS, host or web client running?)" >&2
    exit 1
  fi
done

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

mkdir -p .azurite
# Azurite's own start and stop lines go to .azurite/azurite.log; its errors stay on the console.
node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --loose --disableTelemetry --location .azurite \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log &
pids+=($!)
# The app starts once Azurite answers, so its first storage calls do not fail (and log) while Azurite starts.
azurite_up() { (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; }
for _ in $(seq 1 240); do
  azurite_up && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "error: Azurite exited during start-up (see .azurite/azurite.log)" >&2; exit 1; }
  sleep 0.25
done
azurite_up || { echo "error: Azurite did not listen on 10001/10002 within 60 s (see .azurite/azurite.log)" >&2; exit 1; }
echo "Azurite is up (blob 10000, queue 10001, table 10002; its log: .azurite/azurite.log)"

acs_key=$(node -e 'const s=require(process.argv[1]); const m=/accesskey=([^;]+)/i.exec(s.Values.Acs__ConnectionString||""); if(!m){process.exit(1)} console.log(m[1])' "$root/local.settings.json") \
  || { echo "error: Acs__ConnectionString in local.settings.json has no accesskey" >&2; exit 1; }
dotnet functions/OtpSessions.FakeAcs/bin/Debug/net10.0/OtpSessions.FakeAcs.dll --urls http://127.0.0.1:10100 --FakeAcs:AccessKey="$acs_key" &
pids+=($!)

dotnet functions/OtpSessions.LocalHost/bin/Debug/net10.0/OtpSessions.LocalHost.dll --LocalHost:Settings="$root/local.settings.json" &
pids+=($!)

# The web client (Vite's dev server; its public/config.json points at the API above).
(cd web && exec node ../node_modules/vite/bin/vite.js --clearScreen false --logLevel warn) &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS http://127.0.0.1:7071/api/health >/dev/null 2>&1; then
    token=$(dotnet functions/OtpSessions.LocalHost/bin/Debug/net10.0/OtpSessions.LocalHost.dll agent-token --sub agent-7 --team retail --roles agent \
      --LocalHost:Settings="$root/local.settings.json" 2>/dev/null || true)
    cat <<MSG

  Agent console: http://localhost:5173/console   (sign in with "Sign in (development)")
  Customer page: http://localhost:5173/join#<token>   (the link in the invitation, see the fake ACS below)
  "Not me" page: http://localhost:5173/not-me#<token> (the other link in every invitation and code message)
  App:          http://127.0.0.1:7071/api   (health: http://127.0.0.1:7071/api/health, OpenAPI: /api/openapi.json)
  Fake ACS:     http://127.0.0.1:10100/_messages?to=<address>   (what the app "sent": invite links and codes)
  Azurite:      blob 10000 · queue 10001 · table 10002   (data in .azurite/)

  An agent token (agent-7, team retail, role agent, 8 h) for the agent API — more with
  dotnet functions/OtpSessions.LocalHost/bin/Debug/net10.0/OtpSessions.LocalHost.dll agent-token --sub <id> [--team <t>] [--roles agent,supervisor,admin]
  (a token needs one of the roles agent, supervisor, admin: without one the API answers 403)
  export AGENT_JWT=$token
  Ctrl+C stops everything.

MSG
    wait -n "${pids[@]}" || true
    exit 1
  fi
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "error: a process exited during start-up" >&2; exit 1; }; done
  sleep 0.5
done
echo "error: the app did not answer http://127.0.0.1:7071/api/health within 60 s" >&2
exit 1
