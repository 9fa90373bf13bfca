using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>
/// An authority's OpenID metadata (<c>{authority}/.well-known/openid-configuration</c>) and keys, fetched over https only and
/// cached and refreshed by <see cref="ConfigurationManager{T}"/>.
/// </summary>
public sealed class HttpsOpenIdMetadataSource : IOpenIdMetadataSource
{
    public BaseConfigurationManager For(Uri authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return new ConfigurationManager<OpenIdConnectConfiguration>(
            authority.ToString().TrimEnd('/') + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = true });
    }
}
