using Microsoft.IdentityModel.Tokens;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>A token's <c>nbf</c>/<c>exp</c> checked against the injected clock (with the parameters' clock skew), not the machine's.</summary>
internal static class TokenLifetime
{
    public static LifetimeValidator Against(TimeProvider time) => (notBefore, expires, _, parameters) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + parameters.ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - parameters.ClockSkew);
    };
}
