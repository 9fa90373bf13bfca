using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OtpSessions.Functions.Http;

/// <summary>
/// The headers every response of the app carries: <c>X-Content-Type-Options: nosniff</c> and
/// <c>Cache-Control: no-store</c> (agent and customer answers hold personal data, codes and tokens; health and the
/// OpenAPI document lose nothing by not being cached).
/// </summary>
public static class SecurityHeaders
{
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.CacheControl] = "no-store";
    }
}
