using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OtpSessions.Functions.Http;

/// <summary>
/// The headers every response of the app carries: <c>X-Content-Type-Options: nosniff</c>,
/// <c>Cache-Control: no-store</c> (agent and customer answers hold personal data, codes and tokens; health and the
/// OpenAPI document lose nothing by not being cached) and the request's <c>traceresponse</c> (<see cref="TraceIds"/>).
/// </summary>
public static class SecurityHeaders
{
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.CacheControl] = "no-store";
        TraceIds.Apply(response);
    }
}
