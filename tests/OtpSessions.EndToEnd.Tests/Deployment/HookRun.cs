using System.Diagnostics;
using OtpSessions.Testing;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// Runs a bash script of infra/hooks as azd runs it — the azd environment's outputs as environment variables — with a
/// folder of stand-in commands first on the PATH (e.g. an <c>az</c> that keeps its state in that folder, exported as
/// <c>STATE</c>). Disposing it deletes the folder.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HookRun : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("hook-").FullName;

    public static string HooksFolder { get; } = Path.Combine(RepositoryRoot.Path, "infra", "hooks");

    /// <summary>Puts an executable stand-in for <paramref name="command"/> into the folder.</summary>
    public void StandIn(string command, string script)
    {
        var path = Path.Combine(Folder, command);
        File.WriteAllText(path, script.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>A file of the folder (what a stand-in kept).</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Runs <paramref name="script"/> with bash and these environment variables; its exit code and its output (standard output, then error).</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = Folder + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["STATE"] = Folder;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
