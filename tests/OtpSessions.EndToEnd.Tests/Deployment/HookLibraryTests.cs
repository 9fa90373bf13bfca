using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// What the azd hooks share, once per shell: infra/hooks/lib.sh (run here with bash, as azd runs the posix hooks) and
/// infra/hooks/lib.ps1 (its Windows twin), and that every hook takes the shared parts from its shell's library instead
/// of a copy of its own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HookLibraryTests : IDisposable
{
    private readonly HookRun _hook = new();

    public void Dispose() => _hook.Dispose();

    /// <summary>A hook named "sample" that sources the library and then runs <paramref name="body"/>.</summary>
    private Task<(int ExitCode, string Output)> RunSampleHookAsync(string body, string? path = null)
    {
        var script = _hook.PathOf("sample.sh");
        File.WriteAllText(script, $"""
            set -euo pipefail
            hook_name=sample
            source "{Path.Combine(HookRun.HooksFolder, "lib.sh")}"
            {body}
            """.ReplaceLineEndings("\n"));
        return _hook.RunAsync(script, path is null ? new Dictionary<string, string>() : new() { ["PATH"] = path });
    }

    /// <summary>A command that fails <paramref name="failures"/> times, then succeeds; every call is a line of <c>$STATE/calls</c>.</summary>
    private void FlakyCommand(int failures) => _hook.StandIn("flaky", $"""
        #!/usr/bin/env bash
        echo call >> "$STATE/calls"
        [[ $(wc -l < "$STATE/calls") -gt {failures} ]]
        """);

    private int Calls => File.ReadAllLines(_hook.PathOf("calls")).Length;

    [Fact]
    public async Task Retry_runs_the_command_again_until_it_succeeds_saying_what_it_waits_for_each_time()
    {
        FlakyCommand(failures: 2);

        var result = await RunSampleHookAsync("""
            hook_retry 5 0 "the app is not answering yet" flaky
            echo "after: done"
            """);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(3, Calls);
        Assert.Contains("sample: the app is not answering yet; retry 1/5 in 0s\nsample: the app is not answering yet; retry 2/5 in 0s\nafter: done",
            result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("retry 3/5", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_fails_after_its_attempts_so_that_the_hook_can_say_what_did_not_happen()
    {
        FlakyCommand(failures: 10);

        var result = await RunSampleHookAsync("""
            hook_retry 3 0 "not ready yet" flaky || { echo "sample: gave up" >&2; exit 4; }
            echo "not reached"
            """);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(3, Calls);
        Assert.Contains("sample: not ready yet; retry 3/3 in 0s", result.Output, StringComparison.Ordinal);
        Assert.Contains("sample: gave up", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_azure_cli_the_hook_stops_saying_what_it_needs_it_for_and_how_to_run_the_hook_again()
    {
        var missing = await RunSampleHookAsync("""hook_require_az "do the sample thing"; echo "not reached" """, path: _hook.Folder);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("sample: the Azure CLI (az) is needed to do the sample thing; install it, run 'az login', then 'azd hooks run sample'.",
            missing.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached", missing.Output, StringComparison.Ordinal);

        _hook.StandIn("az", "#!/usr/bin/env bash\n");
        var present = await RunSampleHookAsync("""hook_require_az "do the sample thing"; echo "went on" """, path: _hook.Folder);

        Assert.True(present.ExitCode == 0, present.Output);
        Assert.Contains("went on", present.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_library_sourced_without_the_hook_name_refuses()
    {
        var script = _hook.PathOf("nameless.sh");
        File.WriteAllText(script, $"source \"{Path.Combine(HookRun.HooksFolder, "lib.sh")}\"\necho \"not reached\"\n");

        var result = await _hook.RunAsync(script, new Dictionary<string, string>());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("set hook_name before sourcing lib.sh", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postprovision.sh", "hook_name=postprovision\nsource \"$(dirname \"${BASH_SOURCE[0]}\")/lib.sh\"", "sleep ")]
    [InlineData("postdeploy.sh", "hook_name=postdeploy\nsource \"$(dirname \"${BASH_SOURCE[0]}\")/lib.sh\"", "sleep ")]
    [InlineData("postprovision.ps1", "$HookName = 'postprovision'\n. (Join-Path $PSScriptRoot 'lib.ps1')", "Start-Sleep")]
    [InlineData("postdeploy.ps1", "$HookName = 'postdeploy'\n. (Join-Path $PSScriptRoot 'lib.ps1')", "Start-Sleep")]
    public void Each_hook_takes_the_cli_check_and_the_retry_loop_from_its_shells_library(string hook, string sourcesLibrary, string ownWait)
    {
        var text = File.ReadAllText(Path.Combine(HookRun.HooksFolder, hook)).ReplaceLineEndings("\n");
        var (check, retry) = hook.EndsWith(".sh", StringComparison.Ordinal) ? ("hook_require_az ", "hook_retry ") : ("Assert-AzureCli ", "Invoke-WithRetry ");

        Assert.Contains(sourcesLibrary, text, StringComparison.Ordinal);
        Assert.Contains(check, text, StringComparison.Ordinal);
        Assert.Contains(retry, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ownWait, text, StringComparison.Ordinal);
        Assert.DoesNotContain("command -v az", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Get-Command az", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_powershell_library_defines_what_the_windows_hooks_call_with_the_same_messages_as_the_bash_one()
    {
        var library = File.ReadAllText(Path.Combine(HookRun.HooksFolder, "lib.ps1"));

        Assert.Contains("function Assert-AzureCli([string]$Purpose)", library, StringComparison.Ordinal);
        Assert.Contains("function Invoke-WithRetry([int]$Attempts, [int]$Delay, [string]$Waiting, [scriptblock]$Step)", library, StringComparison.Ordinal);
        Assert.Contains("\"${HookName}: $Waiting; retry $attempt/$Attempts in ${Delay}s\"", library, StringComparison.Ordinal);
        Assert.Contains("\"The Azure CLI (az) is needed to $Purpose; install it, run 'az login', then 'azd hooks run $HookName'.\"", library, StringComparison.Ordinal);
    }
}
