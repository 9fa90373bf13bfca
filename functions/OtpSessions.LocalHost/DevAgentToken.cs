using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.LocalHost.Hosting;

namespace OtpSessions.LocalHost;

/// <summary>
/// Development only: <c>OtpSessions.LocalHost agent-token --sub agent-7 [--team retail] [--roles supervisor] [--hours 8]</c>
/// prints an HS256 agent JWT signed with <c>Auth__Agents__SigningKey</c> from local.settings.json, so a developer can
/// call the agent API with curl. It reads the same settings the app validates tokens with.
/// </summary>
public static class DevAgentToken
{
    public const string Command = "agent-token";

    public static int Run(string[] args)
    {
        var options = new ConfigurationBuilder().AddCommandLine(args.Skip(1).ToArray()).Build();
        var settingsFile = LocalSettings.Find(options["LocalHost:Settings"]);
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(settingsFile is null ? [] : LocalSettings.Read(settingsFile))
            .AddEnvironmentVariables()
            .Build();
        var key = settings["Auth:Agents:SigningKey"];
        if (string.IsNullOrEmpty(key))
        {
            Console.Error.WriteLine("No Auth__Agents__SigningKey in local.settings.json (or the environment): this command is for local development.");
            return 2;
        }
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["sub"] = options["sub"] ?? "agent-7" };
        if (options["team"] is { Length: > 0 } team)
        {
            claims["team"] = team;
        }
        if (options["roles"] is { Length: > 0 } roles)
        {
            claims["roles"] = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings["Auth:Agents:Issuer"] ?? "local-dev",
            Audience = settings["Auth:Agents:Audience"] ?? "otp-sessions",
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(double.TryParse(options["hours"], System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 8),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), SecurityAlgorithms.HmacSha256),
        });
        Console.WriteLine(token);
        return 0;
    }
}
