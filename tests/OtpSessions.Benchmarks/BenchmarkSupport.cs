using System.Text.Json;
using OtpSessions.LocalHost;
using OtpSessions.Testing;

namespace OtpSessions.Benchmarks;

/// <summary>What every benchmark mode shares: percentiles, agent tokens and the development settings.</summary>
internal static class BenchmarkSupport
{
    /// <summary>The nearest-rank percentile of an ascending list.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>An agent JWT (team <c>bench</c>, role <c>agent</c>) signed with the development key of the settings sample.</summary>
    public static string AgentToken(string agentId, Dictionary<string, string?> settings) =>
        DevAgentToken.Create(settings["Auth__Agents__Issuer"]!, settings["Auth__Agents__Audience"]!, settings["Auth__Agents__SigningKey"]!,
            agentId, "bench", DevAgentToken.RolesOrDefault(null), TimeProvider.System.GetUtcNow().UtcDateTime, TimeSpan.FromHours(2));

    /// <summary>The <c>Values</c> of local.settings.sample.json.</summary>
    public static Dictionary<string, string?> LocalSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
    }
}
