# azd postdeploy hook for Windows (azure.yaml); the same steps as postdeploy.sh.
# Subscribes the app's webhook POST /api/webhooks/acs to the ACS SMS and email delivery reports on the Event Grid
# system topic that infra/ creates, with a function key of its own ("eventgrid" on AcsWebhook) and Event Grid's
# Microsoft Entra authentication of each delivery (a token of the tenant for the API's registration). After deploy,
# because Event Grid's validation handshake needs the webhook running. Idempotent.
$ErrorActionPreference = 'Stop'

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

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw "The Azure CLI (az) is needed to subscribe the webhook; install it, run 'az login', then 'azd hooks run postdeploy'."
}

function Invoke-WithRetry([scriptblock]$Step) {
    for ($attempt = 1; $attempt -le $attempts; $attempt++) {
        $result = & $Step
        if ($result) { return $result }
        Write-Host "postdeploy: not ready yet (retry $attempt/$attempts in ${delay}s)"
        Start-Sleep -Seconds $delay
    }
    return $null
}

$key = Invoke-WithRetry {
    $existing = & az functionapp function keys list --resource-group $group --name $app --function-name $functionName --query $keyName --output tsv 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    if ($existing) { return $existing }
    $created = & az functionapp function keys set --resource-group $group --name $app --function-name $functionName --key-name $keyName --query value --output tsv 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    return $created
}
if (-not $key) { throw "Could not read or create function key '$keyName' of $functionName on $app." }

$endpoint = "$($base.TrimEnd('/'))/api/webhooks/acs?code=$key"
$done = Invoke-WithRetry {
    & az eventgrid system-topic event-subscription create --resource-group $group --system-topic-name $topic --name $subscription `
        --endpoint-type webhook --endpoint $endpoint --event-delivery-schema eventgridschema `
        --azure-active-directory-tenant-id $entraTenant --azure-active-directory-application-id-or-uri $entraApp `
        --included-event-types Microsoft.Communication.SMSDeliveryReportReceived Microsoft.Communication.EmailDeliveryReportReceived `
        --max-delivery-attempts 30 --event-ttl 1440 --output none
    return ($LASTEXITCODE -eq 0)
}
if (-not $done) { throw "Creating Event Grid subscription '$subscription' on '$topic' failed (is the app answering at $($base.TrimEnd('/'))/api/health?)." }
Write-Host "postdeploy: ACS SMS and email delivery reports go to $($base.TrimEnd('/'))/api/webhooks/acs (Event Grid subscription '$subscription' on '$topic')."
