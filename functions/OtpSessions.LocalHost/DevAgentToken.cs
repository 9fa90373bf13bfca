using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Auth;
using OtpSessions.LocalHost.Hosting;

namespace OtpSessions.LocalHost;

/// <summary>
/// Development only: <c>OtpSessions.LocalHost agent-token --sub agent-7 [--team retail] [--roles agent,supervisor] [--hours 8]</c>
/// prints an HS256 agent JWT (role <c>agent</c> unless <c>--roles</c> names others) signed with <c>Auth__Agents__SigningKey</c> from local.settings.json, so a developer can
/// call the agent API with curl. It reads the same settings the app validates tokens with.
/// </summary>
public static class DevAgentToken
{
    public const string Command = "agent-token";

    /// <summary>The roles of a development token when none are asked for: <c>agent</c>, as an organisation assigns it in Entra ID.</summary>
    public static IReadOnlyCollection<string> RolesOrDefault(IReadOnlyCollection<string>? roles) =>
        roles is { Count: > 0 } ? roles : [AgentPrincipal.AgentRole];

    /// <summary>
    /// An HS256 agent JWT as the app's development validation expects it: <c>sub</c>, optional <c>team</c> and
    /// <c>roles</c> (exactly those given: callers default them with <see cref="RolesOrDefault"/>), valid from a minute before <paramref name="now"/> (clock skew) for <paramref name="lifetime"/>.
    /// The one place agent tokens are minted for local runs, end-to-end tests and benchmarks.
    /// </summary>
    public static string Create(
        string issuer, string audience, string signingKeyBase64, string subject, string? team, IReadOnlyCollection<string> roles,
        DateTime now, TimeSpan lifetime)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (team is not null)
        {
            claims["team"] = team;
        }
        if (roles.Count > 0)
        {
            claims["roles"] = roles.ToArray();
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(signingKeyBase64)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The development endpoint's request: <c>{ "sub", "team"?, "roles"? }</c> (no roles: <c>agent</c>).</summary>
    public sealed record TokenRequest(string? Sub, string? Team, string[]? Roles);

    /// <summary>
    /// <c>POST /api/dev/agent-token</c> for the console's development sign-in: served by the local host only, and only
    /// while the development signing key is configured (never in Azure, where agents come from Entra ID). JSON bodies
    /// only, so that a page on an origin outside <c>Host.CORS</c> cannot make a browser send it (no simple request).
    /// </summary>
    public static void MapEndpoint(WebApplication app, string routePrefix)
    {
        var settings = app.Configuration;
        if (string.IsNullOrEmpty(settings["Auth:Agents:SigningKey"]))
        {
            return;
        }
        var route = "/" + string.Join('/', new[] { routePrefix, "dev/agent-token" }.Where(s => !string.IsNullOrEmpty(s)));
        app.MapPost(route, async (HttpContext context) =>
        {
            if (!context.Request.HasJsonContentType())
            {
                return Results.Problem(statusCode: 415, title: "Send JSON.", extensions: new Dictionary<string, object?> { ["code"] = "invalid_request" });
            }
            TokenRequest? request;
            try
            {
                request = await context.Request.ReadFromJsonAsync<TokenRequest>(context.RequestAborted);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Not JSON, or JSON in a charset the reader does not know (InvalidOperationException): a 400 like any bad body.
                request = null;
            }
            if (request is null || string.IsNullOrWhiteSpace(request.Sub) || request.Sub.Length > 64)
            {
                return Results.Problem(statusCode: 400, title: "Give an agent id in 'sub'.", extensions: new Dictionary<string, object?> { ["code"] = "invalid_request" });
            }
            var token = Create(
                settings["Auth:Agents:Issuer"] ?? "local-dev",
                settings["Auth:Agents:Audience"] ?? "otp-sessions",
                settings["Auth:Agents:SigningKey"]!,
                request.Sub.Trim(),
                string.IsNullOrWhiteSpace(request.Team) ? null : request.Team.Trim(),
                RolesOrDefault(request.Roles),
                context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
                TimeSpan.FromHours(8));
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { token });
        });
    }

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
        var token = Create(
            settings["Auth:Agents:Issuer"] ?? "local-dev",
            settings["Auth:Agents:Audience"] ?? "otp-sessions",
            key,
            options["sub"] ?? "agent-7",
            options["team"] is { Length: > 0 } team ? team : null,
            RolesOrDefault(options["roles"]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            TimeProvider.System.GetUtcNow().UtcDateTime,
            TimeSpan.FromHours(double.TryParse(options["hours"], System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 8));
        Console.WriteLine(token);
        return 0;
    }
}
