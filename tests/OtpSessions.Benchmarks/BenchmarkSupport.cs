using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Testing;

namespace OtpSessions.Benchmarks;

/// <summary>What every benchmark mode shares: percentiles, agent tokens and the development settings.</summary>
internal static class BenchmarkSupport
{
    /// <summary>The nearest-rank percentile of an ascending list.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>An agent JWT (team <c>bench</c>) signed with the development key of the settings sample.</summary>
    public static string AgentToken(string agentId, Dictionary<string, string?> settings)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings["Auth__Agents__Issuer"],
            Audience = settings["Auth__Agents__Audience"],
            Claims = new Dictionary<string, object> { ["sub"] = agentId, ["team"] = "bench" },
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(2),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(settings["Auth__Agents__SigningKey"]!)),
                SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The <c>Values</c> of local.settings.sample.json.</summary>
    public static Dictionary<string, string?> LocalSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
    }
}
