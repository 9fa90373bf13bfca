using Microsoft.IdentityModel.Tokens;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>
/// The checks every bearer token the app accepts goes through (agents' tokens, Event Grid's delivery tokens): signed,
/// from this issuer for this audience, with an expiry, and its <c>nbf</c>/<c>exp</c> checked against the injected clock
/// (with the clock skew), not the machine's. Callers add the keys and algorithms.
/// </summary>
internal static class TokenLifetime
{
    public static TokenValidationParameters StrictParameters(string issuer, string audience, TimeSpan clockSkew, TimeProvider time) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = clockSkew,
        LifetimeValidator = Against(time),
    };

    public static LifetimeValidator Against(TimeProvider time) => (notBefore, expires, _, parameters) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + parameters.ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - parameters.ClockSkew);
    };
}
