using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace OtpSessions.Testing;

/// <summary>
/// A stand-in for a Microsoft Entra tenant, without the network: an RSA key made here, its OpenID configuration as fixed
/// metadata (<see cref="Metadata"/>, what the app's validators would otherwise fetch from the authority), and RS256
/// tokens signed with it — or with a key the tenant never published (<see cref="Foreign"/>).
/// </summary>
public sealed class EntraTestIssuer : IDisposable
{
    public const string Authority = "https://login.example.invalid/tenant-1/v2.0";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _foreign = RSA.Create(2048);

    public EntraTestIssuer()
    {
        Key = new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };
        var configuration = new OpenIdConnectConfiguration { Issuer = Authority };
        configuration.SigningKeys.Add(Key);
        Metadata = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
    }

    public RsaSecurityKey Key { get; }

    /// <summary>The tenant's published configuration and keys.</summary>
    public BaseConfigurationManager Metadata { get; }

    /// <summary>A key of the same shape that the tenant did not publish.</summary>
    public RsaSecurityKey Foreign => new(_foreign) { KeyId = "test-key-1" };

    /// <summary>An RS256 token with these claims, issued <paramref name="now"/> for an hour.</summary>
    public string Token(IDictionary<string, object> claims, DateTime now, string audience, string issuer = Authority, RsaSecurityKey? key = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        });

    public void Dispose()
    {
        _rsa.Dispose();
        _foreign.Dispose();
    }
}
