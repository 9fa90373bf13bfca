#!/usr/bin/env bash
# Registers the API in Microsoft Entra ID for agents' tokens (run once per tenant/environment, before `azd up`):
# an app registration with Application ID URI api://<client id>, v2.0 access tokens, the app roles `supervisor` and
# `admin` (assign them to agents in Enterprise applications → Users and groups), a `team` directory extension emitted
# in access tokens, and its service principal. Prints the azd settings to use. Needs `az login` with rights to create
# app registrations. Usage: bash infra/entra/register-api.sh "OTP sessions API (otp-dev)"
set -euo pipefail

name="${1:-OTP sessions API}"
app_id="$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId --output tsv)"
object_id="$(az ad app show --id "$app_id" --query id --output tsv)"

roles_file="$(mktemp)"
trap 'rm -f "$roles_file"' EXIT
cat >"$roles_file" <<JSON
[
  { "allowedMemberTypes": ["User"], "displayName": "Supervisor", "value": "supervisor", "isEnabled": true,
    "id": "$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)",
    "description": "Acts on every session of the agent's team." },
  { "allowedMemberTypes": ["User"], "displayName": "Administrator", "value": "admin", "isEnabled": true,
    "id": "$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)",
    "description": "Sets the OTP policy of teams." }
]
JSON
az ad app update --id "$app_id" --identifier-uris "api://$app_id" --app-roles "@$roles_file"
az ad app update --id "$app_id" --set api.requestedAccessTokenVersion=2

# The agent's team: a directory extension on users ("team"), emitted in access tokens as the claim `extn.team`.
az rest --method POST --url "https://graph.microsoft.com/v1.0/applications/$object_id/extensionProperties" \
  --body '{"name":"team","dataType":"String","targetObjects":["User"]}' --output none
extension="extension_${app_id//-/}_team"
az ad app update --id "$app_id" --optional-claims "{\"accessToken\":[{\"name\":\"$extension\",\"source\":\"user\",\"essential\":false}]}"

az ad sp create --id "$app_id" --output none
echo "Registered '$name' (client id $app_id)."
echo "  azd env set AUTH_AGENTS_AUDIENCE api://$app_id"
echo "  Set a user's team:  az rest --method PATCH --url https://graph.microsoft.com/v1.0/users/<user-object-id> --body '{\"$extension\":\"retail\"}'"
echo "  Assign roles:       Enterprise applications → '$name' → Users and groups (supervisor, admin)."
