#!/usr/bin/env bash
# azd postprovision hook (azure.yaml): runs after every `azd provision` / `azd up`, before the code is deployed.
# Creates the OTP encryption key — 32 random bytes, base64 — as the Key Vault secret the app's
# Otp__EncryptionKey Key Vault reference names, when that secret does not exist yet. An existing key is never
# replaced (rotation adds a version instead: infra/README.md), and the app is pinned to the version in use
# (OTP_KEY_SECRET_VERSION). Idempotent: safe to run again.
# Needs the Azure CLI signed in to the same tenant (`az login`). Reads the azd environment's outputs:
# AZURE_KEY_VAULT_NAME, OTP_KEY_SECRET_NAME, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_NAME (and ACS_SMS_FROM, ACS_NAME).
set -euo pipefail
hook_name=postprovision
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

vault="${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run this through azd (azd provision / azd up)}"
secret="${OTP_KEY_SECRET_NAME:?OTP_KEY_SECRET_NAME is not set: run this through azd (azd provision / azd up)}"
# Role assignments made by the deployment can take a few minutes to reach Key Vault.
attempts="${OTP_KEY_HOOK_ATTEMPTS:-30}"
delay="${OTP_KEY_HOOK_DELAY_SECONDS:-10}"

hook_require_az "create the OTP key"

# 0 = the secret exists, 1 = it does not, 2 = not allowed (yet); anything else stops the hook.
secret_state() {
  local err
  if err="$(az keyvault secret show --vault-name "$vault" --name "$secret" --query id --output tsv 2>&1 >/dev/null)"; then
    return 0
  fi
  case "$err" in
    *SecretNotFound*|*"was not found"*) return 1 ;;
    *Forbidden*|*ForbiddenByRbac*|*"not authorized"*|*AuthorizationFailed*) return 2 ;;
    *) echo "postprovision: reading secret '$secret' in vault '$vault' failed: $err" >&2; return 3 ;;
  esac
}

state=2
readable() {
  state=0
  secret_state || state=$?
  [[ $state -ne 2 ]]
}
hook_retry "$attempts" "$delay" "not allowed to read Key Vault '$vault' yet (role assignment still propagating)" readable || true

case $state in
  0)
    echo "postprovision: OTP key secret '$secret' exists in Key Vault '$vault'; left unchanged."
    ;;
  1)
    key_file="$(mktemp)"
    trap 'rm -f "$key_file"' EXIT
    chmod 600 "$key_file"
    # 32 random bytes, base64, no newline. The key goes through a file, never the command line (process lists show that).
    head -c 32 /dev/urandom | base64 | tr -d '\n' >"$key_file"
    set +e
    err="$(az keyvault secret set --vault-name "$vault" --name "$secret" --file "$key_file" --encoding utf-8 --content-type "base64 AES-256 key" --output none 2>&1)"
    status=$?
    set -e
    if [[ $status -ne 0 ]]; then
      case "$err" in
        *"deleted but recoverable"*|*ObjectIsDeletedButRecoverable*)
          # `azd down` without --purge leaves the old secret soft-deleted: recover it (the old key, still valid).
          az keyvault secret recover --vault-name "$vault" --name "$secret" --output none
          echo "postprovision: recovered the soft-deleted OTP key secret '$secret' in Key Vault '$vault'."
          ;;
        *) echo "postprovision: creating secret '$secret' in vault '$vault' failed: $err" >&2; exit 1 ;;
      esac
    else
      echo "postprovision: created the OTP key secret '$secret' (32 random bytes, base64) in Key Vault '$vault'."
    fi
    # An app that started before the secret existed resolves its Key Vault reference again on restart.
    if [[ -n "${AZURE_RESOURCE_GROUP:-}" && -n "${AZURE_FUNCTION_NAME:-}" ]]; then
      az functionapp restart --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_NAME" --output none || true
    fi
    ;;
  2)
    echo "postprovision: still not allowed to read Key Vault '$vault' after $attempts attempts: does your account have 'Key Vault Secrets Officer' on it (AZURE_PRINCIPAL_ID)?" >&2
    exit 1
    ;;
  *)
    exit 1
    ;;
esac

# Pin the app to one version of the secret. Once pinned, adding a version (a rotation's first step) changes nothing until
# a deployment names it (OTP_KEY_SECRET_VERSION, OTP_PREVIOUS_KEY_SECRET_VERSION_0/_1; infra/README.md "Rotating the OTP key").
if [[ -z "${OTP_KEY_SECRET_VERSION:-}" ]]; then
  secret_id="$(az keyvault secret show --vault-name "$vault" --name "$secret" --query id --output tsv)"
  version="${secret_id##*/}"
  azd env set OTP_KEY_SECRET_VERSION "$version"
  if [[ -n "${AZURE_RESOURCE_GROUP:-}" && -n "${AZURE_FUNCTION_NAME:-}" ]]; then
    # The same value the next `azd provision` deploys; set now so the app is pinned from this run on (it restarts).
    az functionapp config appsettings set --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_NAME" \
      --settings "Otp__EncryptionKey=@Microsoft.KeyVault(SecretUri=${secret_id})" --output none
  fi
  echo "postprovision: pinned Otp__EncryptionKey to version $version of '$secret' (azd env OTP_KEY_SECRET_VERSION)."
fi

if [[ -z "${ACS_SMS_FROM:-}" ]]; then
  echo "postprovision: SMS is not configured yet (the app serves email only, and /api/health shows \"sms\": \"not_configured\")."
  echo "  Buy a number on Communication Services '${ACS_NAME:-<ACS_NAME>}', then: azd env set ACS_SMS_FROM +1…; azd provision  (infra/README.md, \"SMS\")."
fi
