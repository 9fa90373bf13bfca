using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>
/// Checks the bearer token of an <c>Authorization</c> header against its <see cref="TokenValidationParameters"/> (made by
/// <see cref="TokenLifetime.StrictParameters"/>). Claims keep their JWT names (<c>sub</c>, <c>oid</c>, <c>scp</c>,
/// <c>roles</c>): no inbound claim mapping.
/// </summary>
internal sealed class BearerTokenValidator(TokenValidationParameters parameters)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Whether tokens are checked with an identity provider's published keys (<see cref="UseAuthorityKeys"/>).</summary>
    public bool UsesAuthorityKeys => parameters.ConfigurationManager is not null;

    /// <summary>RS256 only, with the keys the identity provider at <paramref name="authority"/> publishes in its OpenID metadata.</summary>
    public void UseAuthorityKeys(IOpenIdMetadataSource metadata, Uri authority)
    {
        parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
        parameters.ConfigurationManager = metadata.For(authority);
    }

    /// <summary>The verdict on the header's bearer token, or null when the header carries none (<see cref="BearerToken.From"/>).</summary>
    public async Task<TokenValidationResult?> ValidateAsync(string? authorizationHeader) =>
        BearerToken.From(authorizationHeader) is { } token ? await _handler.ValidateTokenAsync(token, parameters) : null;
}
