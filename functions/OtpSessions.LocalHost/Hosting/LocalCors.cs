using Microsoft.AspNetCore.Cors.Infrastructure;
using OtpSessions.Functions.Http;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>
/// CORS as Core Tools serves it from <c>Host.CORS</c> of local.settings.json: a comma-separated list of origins
/// (<c>*</c> for any), any method and request header (so <c>Authorization</c>) for those origins only, and no answer
/// at all for other origins. The headers a client must read across origins are exposed.
/// </summary>
public static class LocalCors
{
    public const string OriginsKey = "Host:CORS";

    public static IReadOnlyList<string> Origins(IConfiguration configuration) =>
        (configuration[OriginsKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/')).ToList();

    public static void Use(WebApplication app)
    {
        var origins = Origins(app.Configuration);
        if (origins.Count == 0)
        {
            return;
        }
        app.UseCors(policy => Configure(policy, origins));
    }

    private static void Configure(CorsPolicyBuilder policy, IReadOnlyList<string> origins)
    {
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins([.. origins]);
        }
        policy.AllowAnyMethod().AllowAnyHeader().WithExposedHeaders(SecurityHeaders.ExposedHeaders).SetPreflightMaxAge(TimeSpan.FromMinutes(10));
    }
}
