using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using OtpSessions.FakeAcs;
using OtpSessions.Messaging.Tests.Support;

namespace OtpSessions.Messaging.Tests;

/// <summary>
/// Sends through the official ACS JavaScript SDKs (@azure/communication-sms 1.1.0, @azure/communication-email 1.1.0,
/// which sign requests with their own HMAC code) to the fake: proof that the fake verifies signatures exactly as ACS does,
/// and so an independent check of our signer, which must pass the same fake. Needs Node.js and npm on PATH.
/// </summary>
public sealed class OfficialAcsSdkTests
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Official_sdks_are_accepted_with_the_right_key_and_refused_with_a_wrong_one()
    {
        var directory = typeof(OfficialAcsSdkTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AcsSdkCheckDirectory").Value!;
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory, [], NpmTimeout);
            Assert.True(install.ExitCode == 0, $"`npm ci` in {directory} failed ({install.ExitCode}):\n{install.Output}");
        }
        // The SDKs stamp requests with the real clock, so this fake uses the real clock too.
        await using var acs = new FakeAcsServer(new FakeAcsOptions { AccessKey = AcsHarness.AccessKey });
        await acs.StartAsync();

        var run = await RunAsync("node", ["send.js"], directory, new Dictionary<string, string>
        {
            ["ACS_CONNECTION_STRING"] = acs.ConnectionString,
            ["WRONG_CONNECTION_STRING"] = $"endpoint={acs.BaseUrl};accesskey={Convert.ToBase64String(new byte[32])}",
            ["SMS_FROM"] = AcsHarness.SmsFrom,
            ["SMS_TO"] = "+14155550100",
            ["EMAIL_FROM"] = AcsHarness.EmailFrom,
            ["EMAIL_TO"] = "dana@example.com",
        }, ScriptTimeout);

        Assert.True(run.ExitCode == 0, $"The official-SDK check failed ({run.ExitCode}):\n{run.Output}");
        using var summary = JsonDocument.Parse(run.Output.Split('\n').First(l => l.StartsWith('{')));
        Assert.True(summary.RootElement.GetProperty("sms").GetProperty("successful").GetBoolean());
        Assert.Equal("Succeeded", summary.RootElement.GetProperty("email").GetProperty("status").GetString());
        Assert.Equal(401, summary.RootElement.GetProperty("wrongKeySms").GetProperty("statusCode").GetInt32());
        Assert.Equal(401, summary.RootElement.GetProperty("wrongKeyEmail").GetProperty("statusCode").GetInt32());
        var sms = Assert.Single(acs.State.Messages("+14155550100"));
        Assert.Equal("Hello from the official ACS SDK", sms.Body);
        var email = Assert.Single(acs.State.Messages("dana@example.com"));
        Assert.Equal("Hello from the official ACS SDK", email.Subject);
        Assert.Equal("<p>HTML body</p>", email.Html);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string program, string[] arguments, string directory, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"`{program}` could not be started ({exception.Message}). The official-SDK check needs Node.js 20+ and npm on PATH.", exception);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`{program} {string.Join(' ', arguments)}` did not finish within {timeout}.");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
