using OtpSessions.Infrastructure.Auth;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// Whether a request to <c>POST /api/webhooks/acs</c> comes from Event Grid. With <see cref="AcsWebhookOptions.EntraConfigured"/>:
/// a bearer token (RS256, keys from the authority's OpenID metadata) issued by the authority, for the configured audience,
/// in its lifetime (against the injected <see cref="TimeProvider"/>), app-only (no <c>scp</c>: no user's token) and with the
/// app role <see cref="SubscriberRole"/>, which only Event Grid (and whoever creates the subscription) is assigned — so that
/// an agent's token for the same API is no delivery. Without those settings (local development) every request passes here
/// and the function key is the check.
/// </summary>
public sealed partial class AcsWebhookAuthenticator(
    IOptions<AcsWebhookOptions> options, IOpenIdMetadataSource metadata, TimeProvider time, ILogger<AcsWebhookAuthenticator> logger)
{
    /// <summary>The app role Event Grid's service principal holds on the API's registration (infra/entra/register-api.sh).</summary>
    public const string SubscriberRole = "AzureEventGridSecureWebhookSubscriber";

    /// <summary>Null without the Entra settings: then the function key alone is the check.</summary>
    private readonly BearerTokenValidator? _tokens = EntraTokens(options.Value, metadata, time);

    private static BearerTokenValidator? EntraTokens(AcsWebhookOptions settings, IOpenIdMetadataSource metadata, TimeProvider time)
    {
        if (!settings.EntraConfigured)
        {
            return null;
        }
        var tokens = new BearerTokenValidator(TokenLifetime.StrictParameters(settings.EntraAuthority!.ToString().TrimEnd('/'),
            settings.EntraAudience!, TimeSpan.FromMinutes(1), time));
        tokens.UseAuthorityKeys(metadata, settings.EntraAuthority);
        return tokens;
    }

    /// <summary>Whether the request may deliver reports (its <c>Authorization</c> header), beside the function key.</summary>
    public async Task<bool> IsEventGridAsync(string? authorizationHeader)
    {
        if (_tokens is null)
        {
            return true;
        }
        if (await _tokens.ValidateAsync(authorizationHeader) is not { } result)
        {
            LogRejected("no bearer token");
            return false;
        }
        if (!result.IsValid)
        {
            LogRejected(result.Exception?.GetType().Name ?? "invalid");
            return false;
        }
        var identity = result.ClaimsIdentity;
        if (identity.HasClaim(c => c.Type == JwtAgentAuthenticator.ScopeClaim))
        {
            LogRejected("a delegated (user) token");
            return false;
        }
        if (!identity.HasClaim(c => c.Type == "roles" && c.Value == SubscriberRole))
        {
            LogRejected("no role " + SubscriberRole);
            return false;
        }
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "ACS webhook delivery refused: {Reason}")]
    private partial void LogRejected(string reason);
}
