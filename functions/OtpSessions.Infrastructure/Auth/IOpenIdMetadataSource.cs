using Microsoft.IdentityModel.Tokens;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>
/// Where an identity provider's signing keys come from, for the validators of Entra ID tokens (agents' tokens, Event
/// Grid's webhook deliveries): in the app its OpenID metadata over https (<see cref="HttpsOpenIdMetadataSource"/>);
/// tests give fixed keys instead (a <c>StaticConfigurationManager</c>), so no test reaches the network.
/// </summary>
public interface IOpenIdMetadataSource
{
    /// <param name="authority">The authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</param>
    BaseConfigurationManager For(Uri authority);
}
