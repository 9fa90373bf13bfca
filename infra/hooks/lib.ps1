# What the azd hooks for Windows (infra/hooks/*.ps1) share, as lib.sh does for the others; dot-sourced by them, never
# run. Before dot-sourcing, a hook sets $HookName (the name azd runs it by, e.g. postdeploy).
if (-not $HookName) { throw 'Set $HookName before dot-sourcing lib.ps1.' }

# Stops the hook when the Azure CLI is not installed, saying what it is needed for.
function Assert-AzureCli([string]$Purpose) {
    if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
        throw "The Azure CLI (az) is needed to $Purpose; install it, run 'az login', then 'azd hooks run $HookName'."
    }
}

# Runs $Step until it returns a value (anything but $null, $false or ''), at most $Attempts times, $Delay seconds apart,
# printing $Waiting (what it waits for) with the attempt after each miss. Returns the value, or $null when none came.
function Invoke-WithRetry([int]$Attempts, [int]$Delay, [string]$Waiting, [scriptblock]$Step) {
    for ($attempt = 1; $attempt -le $Attempts; $attempt++) {
        $result = & $Step
        if ($result) { return $result }
        Write-Host "${HookName}: $Waiting; retry $attempt/$Attempts in ${Delay}s"
        Start-Sleep -Seconds $Delay
    }
    return $null
}
