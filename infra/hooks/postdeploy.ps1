# azd postdeploy hook for Windows (azure.yaml); the same steps as postdeploy.sh.
# Subscribes the app's webhook POST /api/webhooks/acs to the ACS SMS and email delivery reports on the Event Grid
# system topic that infra/ creates, with a function key of its own ("eventgrid" on AcsWebhook) and Event Grid's
# Microsoft Entra authentication of each delivery (a token of the tenant for the API's registration). After deploy,
# because Event Grid's validation handshake needs the webhook running. First it adds <SERVICE_WEB_URI>/console to the
# console registration's SPA redirect URIs (WEB_ENTRA_CLIENT_ID) when it may, else prints the command. Idempotent.
$ErrorActionPreference = 'Stop'
$HookName = 'postdeploy'
. (Join-Path $PSScriptRoot 'lib.ps1')

$group = $env:AZURE_RESOURCE_GROUP
$app = $env:AZURE_FUNCTION_NAME
$base = $env:SERVICE_API_URI
$topic = $env:ACS_EVENTS_TOPIC_NAME
$entraTenant = $env:ACS_WEBHOOK_ENTRA_TENANT_ID
$entraApp = $env:ACS_WEBHOOK_ENTRA_APP_ID
if (-not $group -or -not $app -or -not $base -or -not $topic -or -not $entraTenant -or -not $entraApp) {
    throw 'AZURE_RESOURCE_GROUP / AZURE_FUNCTION_NAME / SERVICE_API_URI / ACS_EVENTS_TOPIC_NAME / ACS_WEBHOOK_ENTRA_TENANT_ID / ACS_WEBHOOK_ENTRA_APP_ID are not set: run this through azd.'
}
$functionName = 'AcsWebhook'
$keyName = 'eventgrid'
$subscription = 'acs-delivery-reports'
$attempts = if ($env:ACS_HOOK_ATTEMPTS) { [int]$env:ACS_HOOK_ATTEMPTS } else { 30 }
$delay = if ($env:ACS_HOOK_DELAY_SECONDS) { [int]$env:ACS_HOOK_DELAY_SECONDS } else { 10 }

Assert-AzureCli 'subscribe the webhook'

# The console's redirect URI: <web URL>/console added to the SPA redirect URIs of its app registration
# (WEB_ENTRA_CLIENT_ID), the URIs already there kept; nothing is written when it is there. Updating a registration
# needs its owner or an Application Administrator: without that right the hook prints the command for someone who
# has it, and goes on (the console's sign-in fails until then).
$consoleClient = $env:WEB_ENTRA_CLIENT_ID
if ($consoleClient -and $env:SERVICE_WEB_URI) {
    $redirect = "$($env:SERVICE_WEB_URI.TrimEnd('/'))/console"
    $url = "https://graph.microsoft.com/v1.0/applications(appId='$consoleClient')"
    $failure = $null
    $unread = $false
    $errors = New-TemporaryFile
    # stderr apart: az may warn there (an upgrade notice) and the list must hold URIs only.
    $shown = & az ad app show --id $consoleClient --query 'spa.redirectUris[]' --output tsv 2>$errors.FullName
    if ($LASTEXITCODE -ne 0) {
        $failure = Get-Content $errors.FullName -TotalCount 1
        $unread = $true
        $uris = @()
    } else {
        $uris = @($shown | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
    }
    if (-not $unread -and $uris -contains $redirect) {
        Write-Host "postdeploy: the console's redirect URI $redirect is already registered."
    } else {
        $body = @{ spa = @{ redirectUris = @($uris + $redirect) } } | ConvertTo-Json -Depth 4 -Compress
        if (-not $failure) {
            # The body from a file (az rest --body @file): JSON quotes survive any shell (az is a .cmd on Windows).
            $bodyFile = New-TemporaryFile
            Set-Content -Path $bodyFile.FullName -Value $body -NoNewline -Encoding utf8
            & az rest --method PATCH --url $url --headers 'Content-Type=application/json' --body "@$($bodyFile.FullName)" --output none 2>$errors.FullName
            if ($LASTEXITCODE -ne 0) { $failure = Get-Content $errors.FullName -TotalCount 1 }
            Remove-Item $bodyFile.FullName -ErrorAction SilentlyContinue
        }
        if ($failure) {
            Write-Warning ("postdeploy: could not add the console's redirect URI $redirect to app registration $consoleClient ($failure). " +
                "Updating it needs the registration's owner or an Application Administrator; ask one to run:")
            Write-Host "  az rest --method PATCH --url `"$url`" --headers Content-Type=application/json --body '$body'"
            if ($unread) {
                Write-Host '  (the redirect URIs registered now could not be read: add them to that list, since the PATCH replaces it)'
            }
        } else {
            Write-Host "postdeploy: added the console's redirect URI $redirect to app registration $consoleClient."
        }
    }
    Remove-Item $errors.FullName -ErrorAction SilentlyContinue
} else {
    Write-Host "postdeploy: WEB_ENTRA_CLIENT_ID or SERVICE_WEB_URI is not set: the console's redirect URI is left as it is."
}

$key = Invoke-WithRetry $attempts $delay 'not ready yet' {
    $existing = & az functionapp function keys list --resource-group $group --name $app --function-name $functionName --query $keyName --output tsv 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    if ($existing) { return $existing }
    $created = & az functionapp function keys set --resource-group $group --name $app --function-name $functionName --key-name $keyName --query value --output tsv 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    return $created
}
if (-not $key) { throw "Could not read or create function key '$keyName' of $functionName on $app." }

$endpoint = "$($base.TrimEnd('/'))/api/webhooks/acs?code=$key"
$done = Invoke-WithRetry $attempts $delay 'not ready yet' {
    & az eventgrid system-topic event-subscription create --resource-group $group --system-topic-name $topic --name $subscription `
        --endpoint-type webhook --endpoint $endpoint --event-delivery-schema eventgridschema `
        --azure-active-directory-tenant-id $entraTenant --azure-active-directory-application-id-or-uri $entraApp `
        --included-event-types Microsoft.Communication.SMSDeliveryReportReceived Microsoft.Communication.EmailDeliveryReportReceived `
        --max-delivery-attempts 30 --event-ttl 1440 --output none
    return ($LASTEXITCODE -eq 0)
}
if (-not $done) { throw "Creating Event Grid subscription '$subscription' on '$topic' failed (is the app answering at $($base.TrimEnd('/'))/api/health?)." }
Write-Host "postdeploy: ACS SMS and email delivery reports go to $($base.TrimEnd('/'))/api/webhooks/acs (Event Grid subscription '$subscription' on '$topic')."
