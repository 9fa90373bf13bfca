# azd postprovision hook for Windows (azure.yaml); the same steps as postprovision.sh.
# Creates the OTP encryption key (32 random bytes, base64) as the Key Vault secret that the app's Otp__EncryptionKey
# Key Vault reference names, when it does not exist yet; never replaces an existing key. Idempotent.
# Needs the Azure CLI signed in (`az login`). Reads the azd environment's outputs AZURE_KEY_VAULT_NAME,
# OTP_KEY_SECRET_NAME, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_NAME (and ACS_SMS_FROM, ACS_NAME).
$ErrorActionPreference = 'Stop'
$HookName = 'postprovision'
. (Join-Path $PSScriptRoot 'lib.ps1')

$vault = $env:AZURE_KEY_VAULT_NAME
$secret = $env:OTP_KEY_SECRET_NAME
if (-not $vault -or -not $secret) {
    throw 'AZURE_KEY_VAULT_NAME / OTP_KEY_SECRET_NAME are not set: run this through azd (azd provision / azd up).'
}
$attempts = if ($env:OTP_KEY_HOOK_ATTEMPTS) { [int]$env:OTP_KEY_HOOK_ATTEMPTS } else { 30 }
$delay = if ($env:OTP_KEY_HOOK_DELAY_SECONDS) { [int]$env:OTP_KEY_HOOK_DELAY_SECONDS } else { 10 }

Assert-AzureCli 'create the OTP key'

# 'exists', 'absent' or 'forbidden'; anything else stops the hook.
function Get-SecretState {
    $output = & az keyvault secret show --vault-name $vault --name $secret --query id --output tsv 2>&1
    if ($LASTEXITCODE -eq 0) { return 'exists' }
    $text = ($output | Out-String)
    if ($text -match 'SecretNotFound|was not found') { return 'absent' }
    if ($text -match 'Forbidden|not authorized|AuthorizationFailed') { return 'forbidden' }
    throw "Reading secret '$secret' in vault '$vault' failed: $text"
}

$state = Invoke-WithRetry $attempts $delay "not allowed to read Key Vault '$vault' yet (role assignment still propagating)" {
    $read = Get-SecretState
    if ($read -ne 'forbidden') { return $read }
}
if (-not $state) { $state = 'forbidden' }

switch ($state) {
    'exists' {
        Write-Host "postprovision: OTP key secret '$secret' exists in Key Vault '$vault'; left unchanged."
    }
    'absent' {
        $keyFile = New-TemporaryFile
        try {
            # 32 random bytes, base64, no newline; through a file, never on the command line.
            $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
            [System.IO.File]::WriteAllText($keyFile.FullName, [Convert]::ToBase64String($bytes))
            $output = & az keyvault secret set --vault-name $vault --name $secret --file $keyFile.FullName --encoding utf-8 --content-type 'base64 AES-256 key' --output none 2>&1
            if ($LASTEXITCODE -ne 0) {
                $text = ($output | Out-String)
                if ($text -match 'deleted but recoverable|ObjectIsDeletedButRecoverable') {
                    & az keyvault secret recover --vault-name $vault --name $secret --output none
                    if ($LASTEXITCODE -ne 0) { throw "Recovering the soft-deleted secret '$secret' failed." }
                    Write-Host "postprovision: recovered the soft-deleted OTP key secret '$secret' in Key Vault '$vault'."
                }
                else {
                    throw "Creating secret '$secret' in vault '$vault' failed: $text"
                }
            }
            else {
                Write-Host "postprovision: created the OTP key secret '$secret' (32 random bytes, base64) in Key Vault '$vault'."
            }
        }
        finally {
            Remove-Item $keyFile.FullName -Force -ErrorAction SilentlyContinue
        }
        if ($env:AZURE_RESOURCE_GROUP -and $env:AZURE_FUNCTION_NAME) {
            & az functionapp restart --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_NAME --output none
        }
    }
    default {
        throw "Still not allowed to read Key Vault '$vault' after $attempts attempts: does your account have 'Key Vault Secrets Officer' on it (AZURE_PRINCIPAL_ID)?"
    }
}

# Pin the app to one version of the secret. Once pinned, adding a version (a rotation's first step) changes nothing until
# a deployment names it (OTP_KEY_SECRET_VERSION, OTP_PREVIOUS_KEY_SECRET_VERSION_0/_1; infra/README.md "Rotating the OTP key").
if (-not $env:OTP_KEY_SECRET_VERSION) {
    $secretId = (& az keyvault secret show --vault-name $vault --name $secret --query id --output tsv).Trim()
    if ($LASTEXITCODE -ne 0) { throw "Reading the id of secret '$secret' failed." }
    $version = $secretId.Substring($secretId.LastIndexOf('/') + 1)
    & azd env set OTP_KEY_SECRET_VERSION $version
    if ($env:AZURE_RESOURCE_GROUP -and $env:AZURE_FUNCTION_NAME) {
        # The same value the next `azd provision` deploys; set now so the app is pinned from this run on (it restarts).
        & az functionapp config appsettings set --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_NAME `
            --settings "Otp__EncryptionKey=@Microsoft.KeyVault(SecretUri=$secretId)" --output none
    }
    Write-Host "postprovision: pinned Otp__EncryptionKey to version $version of '$secret' (azd env OTP_KEY_SECRET_VERSION)."
}

if (-not $env:ACS_SMS_FROM) {
    Write-Host 'postprovision: SMS is not configured yet (the app serves email only, and /api/health shows "sms": "not_configured").'
    Write-Host "  Buy a number on Communication Services '$($env:ACS_NAME)', then: azd env set ACS_SMS_FROM +1...; azd provision  (infra/README.md, `"SMS`")."
}
