using System.Net.Http.Headers;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>Managed identity: adds <c>Authorization: Bearer …</c> with a token for the ACS data plane.</summary>
public sealed class AcsBearerTokenHandler(AcsAccessTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
