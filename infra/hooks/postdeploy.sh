#!/usr/bin/env bash
# azd postdeploy hook (azure.yaml): runs after the code is deployed (`azd deploy` / `azd up`).
# Subscribes the app's webhook POST /api/webhooks/acs to the ACS delivery reports (SMS and email) on the Event Grid
# system topic that infra/ creates. It runs after deploy because Event Grid sends a validation event to a webhook
# when the subscription is created, and the webhook must answer it (it does: {"validationResponse": …}).
# The webhook is a function-level function: the subscription's URL carries a function key of its own
# (key name "eventgrid" on function AcsWebhook), created here once and reused afterwards. Event Grid also
# authenticates every delivery (the handshake too) with Microsoft Entra ID: a token of the tenant for the API's
# registration, which the app requires (Webhooks__Acs__Entra*); Event Grid's service principal needs the app role
# AzureEventGridSecureWebhookSubscriber on that registration (infra/entra/register-api.sh). Idempotent.
# Needs the Azure CLI signed in (`az login`). Reads the azd environment's outputs: AZURE_RESOURCE_GROUP,
# AZURE_FUNCTION_NAME, SERVICE_API_URI, ACS_EVENTS_TOPIC_NAME, ACS_WEBHOOK_ENTRA_TENANT_ID, ACS_WEBHOOK_ENTRA_APP_ID.
# First it adds <SERVICE_WEB_URI>/console to the SPA redirect URIs of the console's registration (WEB_ENTRA_CLIENT_ID)
# when it may (else it prints the command to run), keeping the URIs already there.
set -euo pipefail
hook_name=postdeploy
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

group="${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not set: run this through azd (azd deploy / azd up)}"
app="${AZURE_FUNCTION_NAME:?AZURE_FUNCTION_NAME is not set: run this through azd}"
base="${SERVICE_API_URI:?SERVICE_API_URI is not set: run this through azd}"
topic="${ACS_EVENTS_TOPIC_NAME:?ACS_EVENTS_TOPIC_NAME is not set: run this through azd}"
entra_tenant="${ACS_WEBHOOK_ENTRA_TENANT_ID:?ACS_WEBHOOK_ENTRA_TENANT_ID is not set: run this through azd}"
entra_app="${ACS_WEBHOOK_ENTRA_APP_ID:?ACS_WEBHOOK_ENTRA_APP_ID is not set: run this through azd}"
function_name="AcsWebhook"
key_name="eventgrid"
subscription="acs-delivery-reports"
# The app may still be starting after the deployment: its keys and its webhook need a running host.
attempts="${ACS_HOOK_ATTEMPTS:-30}"
delay="${ACS_HOOK_DELAY_SECONDS:-10}"

hook_require_az "subscribe the webhook"

# The console's redirect URI: <web URL>/console added to the SPA redirect URIs of its app registration
# (WEB_ENTRA_CLIENT_ID), the URIs already there kept; nothing is written when it is there. Updating a registration
# needs its owner or an Application Administrator: without that right the hook prints the command for someone who
# has it, and goes on (the console's sign-in fails until then).
console_patch=""
console_failure=""
console_unread=""
add_console_redirect() {
  local client="$1" redirect="$2" uris uri list="" url errors
  url="https://graph.microsoft.com/v1.0/applications(appId='$client')"
  errors="$(mktemp)"
  # stderr apart: az may warn there (an upgrade notice) and the list must hold URIs only.
  if ! uris="$(az ad app show --id "$client" --query "spa.redirectUris[]" --output tsv 2>"$errors")"; then
    console_failure="$(head -n 1 "$errors")"
    console_unread="yes"
    uris=""
  elif grep -Fxq -- "$redirect" <<<"$uris"; then
    rm -f "$errors"
    echo "postdeploy: the console's redirect URI $redirect is already registered."
    return 0
  fi
  while IFS= read -r uri; do
    [[ -n "$uri" ]] && list+="\"${uri}\","
  done <<<"$uris"
  local body="{\"spa\":{\"redirectUris\":[${list}\"${redirect}\"]}}"
  console_patch="az rest --method PATCH --url \"$url\" --headers Content-Type=application/json --body '$body'"
  if [[ -z "$console_failure" ]] && ! az rest --method PATCH --url "$url" --headers "Content-Type=application/json" --body "$body" \
    --output none 2>"$errors"; then
    console_failure="$(head -n 1 "$errors")"
  fi
  rm -f "$errors"
  [[ -z "$console_failure" ]] || return 1
  echo "postdeploy: added the console's redirect URI $redirect to app registration $client."
}
if [[ -n "${WEB_ENTRA_CLIENT_ID:-}" && -n "${SERVICE_WEB_URI:-}" ]]; then
  console_redirect="${SERVICE_WEB_URI%/}/console"
  if ! add_console_redirect "$WEB_ENTRA_CLIENT_ID" "$console_redirect"; then
    echo "postdeploy: could not add the console's redirect URI $console_redirect to app registration $WEB_ENTRA_CLIENT_ID" \
      "(${console_failure:-no reason given}). Updating it needs the registration's owner or an Application Administrator; ask one to run:" >&2
    echo "  $console_patch" >&2
    if [[ -n "$console_unread" ]]; then
      echo "  (the redirect URIs registered now could not be read: add them to that list, since the PATCH replaces it)" >&2
    fi
  fi
else
  echo "postdeploy: WEB_ENTRA_CLIENT_ID or SERVICE_WEB_URI is not set: the console's redirect URI is left as it is."
fi

key=""
read_key() {
  key="$(az functionapp function keys list --resource-group "$group" --name "$app" --function-name "$function_name" \
    --query "$key_name" --output tsv 2>/dev/null)" || return 1
  if [[ -z "$key" ]]; then
    # No value given: the platform generates one. The key stays out of this script's output.
    key="$(az functionapp function keys set --resource-group "$group" --name "$app" --function-name "$function_name" \
      --key-name "$key_name" --query value --output tsv 2>/dev/null)" || return 1
  fi
  [[ -n "$key" ]]
}
hook_retry "$attempts" "$delay" "not ready yet" read_key || { echo "postdeploy: could not read or create function key '$key_name' of $function_name on $app" >&2; exit 1; }

subscribe() {
  az eventgrid system-topic event-subscription create \
    --resource-group "$group" --system-topic-name "$topic" --name "$subscription" \
    --endpoint-type webhook --endpoint "${base%/}/api/webhooks/acs?code=${key}" \
    --azure-active-directory-tenant-id "$entra_tenant" --azure-active-directory-application-id-or-uri "$entra_app" \
    --event-delivery-schema eventgridschema \
    --included-event-types Microsoft.Communication.SMSDeliveryReportReceived Microsoft.Communication.EmailDeliveryReportReceived \
    --max-delivery-attempts 30 --event-ttl 1440 \
    --output none
}
hook_retry "$attempts" "$delay" "not ready yet" subscribe || { echo "postdeploy: creating Event Grid subscription '$subscription' on '$topic' failed (is the app answering at ${base%/}/api/health?)" >&2; exit 1; }
echo "postdeploy: ACS SMS and email delivery reports go to ${base%/}/api/webhooks/acs (Event Grid subscription '$subscription' on '$topic')."
