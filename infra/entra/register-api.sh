#!/usr/bin/env bash
# Registers the API and the agent console in Microsoft Entra ID (run once per tenant/environment, before `azd up`):
# - the API: Application ID URI api://<client id>, v2.0 access tokens, the delegated scope `access_as_user`, the app
#   roles `agent`, `supervisor` and `admin` (a token is an agent's only with one of them: every user, guest and app of
#   the tenant can get a token for the API, so the API's service principal requires role assignment and the
#   organisation assigns the roles — Enterprise applications → Users and groups, or the az commands printed at the end),
#   a `team` directory extension emitted in access tokens as `extn.team`, and its service principal;
# - Event Grid's delivery of ACS reports to the webhook: the app role `AzureEventGridSecureWebhookSubscriber`, assigned
#   to Event Grid's own service principal and to the signed-in user (who creates the subscription in the postdeploy
#   hook), so Event Grid gets a token for the API that the webhook accepts;
# - the console: a single-page-application registration allowed to ask for that scope (pre-authorized on the API, so
#   agents see no consent prompt), with the redirect URI <web URL>/console when the web URL is given.
# Prints the azd settings to use (AUTH_AGENTS_AUDIENCE, WEB_ENTRA_CLIENT_ID, WEB_ENTRA_SCOPE). Needs `az login` with
# rights to create app registrations.
# Usage: bash infra/entra/register-api.sh "OTP sessions API (otp-dev)" [web URL, e.g. $(azd env get-value SERVICE_WEB_URI)]
set -euo pipefail

name="${1:-OTP sessions API}"
web_url="${2:-}"
new_id() { cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen; }
app_id="$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId --output tsv)"
object_id="$(az ad app show --id "$app_id" --query id --output tsv)"

roles_file="$(mktemp)"
trap 'rm -f "$roles_file"' EXIT
agent_role_id="$(new_id)"
webhook_role_id="$(new_id)"
cat >"$roles_file" <<JSON
[
  { "allowedMemberTypes": ["User", "Application"], "displayName": "Agent", "value": "agent", "isEnabled": true,
    "id": "$agent_role_id",
    "description": "Starts and runs its own sessions (people, and integrations acting as agents)." },
  { "allowedMemberTypes": ["User"], "displayName": "Supervisor", "value": "supervisor", "isEnabled": true,
    "id": "$(new_id)",
    "description": "Acts on every session of the agent's team." },
  { "allowedMemberTypes": ["User"], "displayName": "Administrator", "value": "admin", "isEnabled": true,
    "id": "$(new_id)",
    "description": "Sets the OTP policy of its own team." },
  { "allowedMemberTypes": ["User", "Application"], "displayName": "AzureEventGridSecureWebhookSubscriber",
    "value": "AzureEventGridSecureWebhookSubscriber", "isEnabled": true, "id": "$webhook_role_id",
    "description": "Event Grid: delivers ACS delivery reports to the webhook." }
]
JSON
az ad app update --id "$app_id" --identifier-uris "api://$app_id" --app-roles "@$roles_file"
# The agent's team: a directory extension on users ("team"), emitted in access tokens as the claim `extn.team`.
az rest --method POST --url "https://graph.microsoft.com/v1.0/applications/$object_id/extensionProperties" \
  --body '{"name":"team","dataType":"String","targetObjects":["User"]}' --output none
extension="extension_${app_id//-/}_team"
az ad app update --id "$app_id" --optional-claims "{\"accessToken\":[{\"name\":\"$extension\",\"source\":\"user\",\"essential\":false}]}"

az ad sp create --id "$app_id" --output none
sp_id="$(az ad sp show --id "$app_id" --query id --output tsv)"
# Only principals assigned an app role get a token for the API at all (and the API refuses tokens without a role).
az ad sp update --id "$sp_id" --set appRoleAssignmentRequired=true

assign_role() { # principal object id, app role id
  az rest --method POST --url "https://graph.microsoft.com/v1.0/servicePrincipals/$sp_id/appRoleAssignedTo" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$1\",\"resourceId\":\"$sp_id\",\"appRoleId\":\"$2\"}" --output none
}
# Event Grid's first-party application (the same id in every tenant of the public cloud).
event_grid_app_id="4962773b-9cdb-44cf-a8bf-237846a00ab7"
event_grid_sp_id="$(az ad sp show --id "$event_grid_app_id" --query id --output tsv 2>/dev/null || true)"
if [[ -z "$event_grid_sp_id" ]]; then
  event_grid_sp_id="$(az ad sp create --id "$event_grid_app_id" --query id --output tsv)"
fi
assign_role "$event_grid_sp_id" "$webhook_role_id"
assign_role "$(az ad signed-in-user show --query id --output tsv)" "$webhook_role_id"

# The console: a single-page application (authorization code flow with PKCE, no secret) asking for access_as_user.
spa_id="$(az ad app create --display-name "$name console" --sign-in-audience AzureADMyOrg --query appId --output tsv)"
spa_object_id="$(az ad app show --id "$spa_id" --query id --output tsv)"

# The API's delegated scope (a user's token for an API needs one; the roles come with it), with the console
# pre-authorized for it so that agents see no consent prompt. One PATCH: `api` is replaced as a whole.
scope_id="$(new_id)"
az rest --method PATCH --url "https://graph.microsoft.com/v1.0/applications/$object_id" --headers "Content-Type=application/json" --body "{
  \"api\": { \"requestedAccessTokenVersion\": 2,
    \"oauth2PermissionScopes\": [ { \"id\": \"$scope_id\", \"value\": \"access_as_user\", \"type\": \"User\", \"isEnabled\": true,
      \"adminConsentDisplayName\": \"Use the OTP sessions API as the signed-in agent\",
      \"adminConsentDescription\": \"Lets the agent console call the OTP sessions API as the signed-in agent.\",
      \"userConsentDisplayName\": \"Use the OTP sessions API as you\",
      \"userConsentDescription\": \"Lets the agent console call the OTP sessions API as you.\" } ],
    \"preAuthorizedApplications\": [ { \"appId\": \"$spa_id\", \"delegatedPermissionIds\": [ \"$scope_id\" ] } ] } }"

redirects="[]"
if [[ -n "$web_url" ]]; then
  redirects="[\"${web_url%/}/console\"]"
fi
az rest --method PATCH --url "https://graph.microsoft.com/v1.0/applications/$spa_object_id" --headers "Content-Type=application/json" --body "{
  \"spa\": { \"redirectUris\": $redirects },
  \"requiredResourceAccess\": [ { \"resourceAppId\": \"$app_id\", \"resourceAccess\": [ { \"id\": \"$scope_id\", \"type\": \"Scope\" } ] } ] }"
az ad sp create --id "$spa_id" --output none

echo "Registered '$name' (client id $app_id) and '$name console' (client id $spa_id)."
echo "  azd env set AUTH_AGENTS_AUDIENCE $app_id          # v2.0 access tokens carry the client id as aud"
echo "  azd env set WEB_ENTRA_CLIENT_ID $spa_id"
echo "  azd env set WEB_ENTRA_SCOPE api://$app_id/access_as_user"
if [[ -z "$web_url" ]]; then
  echo "  'azd up' (its postdeploy hook) adds the console's redirect URI <web URL>/console once the web client has its URL;"
  echo "  by hand (<web URL> = azd env get-value SERVICE_WEB_URI):"
  echo "    az rest --method PATCH --url https://graph.microsoft.com/v1.0/applications/$spa_object_id --body '{\"spa\":{\"redirectUris\":[\"<web URL>/console\"]}}'"
fi
echo "  Set a user's team:  az rest --method PATCH --url https://graph.microsoft.com/v1.0/users/<user-object-id> --body '{\"$extension\":\"retail\"}'"
echo "  Assign roles (a principal without one gets 403 from the API): Enterprise applications → '$name' → Users and groups"
echo "  → Add user/group → role agent, supervisor or admin; or with the CLI (a user's, group's or app's object id):"
echo "    az rest --method POST --url https://graph.microsoft.com/v1.0/servicePrincipals/$sp_id/appRoleAssignedTo \\"
echo "      --body '{\"principalId\":\"<object id>\",\"resourceId\":\"$sp_id\",\"appRoleId\":\"$agent_role_id\"}'"
echo "    (role ids: az ad app show --id $app_id --query \"appRoles[].{value:value,id:id}\")"
