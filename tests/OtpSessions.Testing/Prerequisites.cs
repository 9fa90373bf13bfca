using System.ComponentModel;
using System.Diagnostics;

namespace OtpSessions.Testing;

/// <summary>
/// What the console programs (benchmarks, fault harness) need besides their own build, checked before they start
/// anything, so that a clone without <c>npm ci</c> gets a sentence saying what to run instead of an unhandled exception.
/// </summary>
public static class Prerequisites
{
    /// <summary>Null when Azurite is installed and <c>node</c> runs; otherwise what is missing and what to run.</summary>
    public static string? MissingForAzurite(string rerun)
    {
        if (!File.Exists(Azurite.EntryPath))
        {
            return $"Azurite is not installed ({Path.GetRelativePath(RepositoryRoot.Path, Azurite.EntryPath)} is missing). "
                + $"Run `source scripts/node.sh && npm ci --no-audit --no-fund` at the repository root, then {rerun} again.";
        }
        if (!NodeRuns())
        {
            return $"`node` is not on PATH. Install Node.js 22 (.nvmrc), or run `source scripts/node.sh` first (it brings Node.js 22 from the npm registry), then {rerun} again.";
        }
        return null;
    }

    /// <summary>Exits with code 2 and the reason on standard error when <see cref="MissingForAzurite"/> finds something missing.</summary>
    public static void ExitIfMissingForAzurite(string rerun)
    {
        if (MissingForAzurite(rerun) is { } missing)
        {
            Console.Error.WriteLine($"error: {missing}");
            Environment.Exit(2);
        }
    }

    private static bool NodeRuns()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (node is null)
            {
                return false;
            }
            node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            return node.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
