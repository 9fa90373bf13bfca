using Microsoft.Net.Http.Headers;

namespace OtpSessions.Functions.Http;

/// <summary>
/// The headers every response of the app carries: <c>X-Content-Type-Options: nosniff</c>,
/// <c>Cache-Control: no-store</c> (agent and customer answers hold personal data, codes and tokens; health and the
/// OpenAPI document lose nothing by not being cached), the request's <c>traceresponse</c> (<see cref="TraceIds"/>) and
/// <c>Access-Control-Expose-Headers</c> (<see cref="ExposedHeaders"/>).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Response headers a web client on another origin must be able to read: <c>ETag</c> (polling, and <c>If-Match</c>
    /// on a policy change), <c>Retry-After</c> (waiting) and <c>Location</c>. Browsers hide every other header from
    /// cross-origin scripts. The app names them itself on every response because Azure's platform CORS (which answers
    /// preflights and sets <c>Access-Control-Allow-Origin</c> for the configured origins only) has no setting for them;
    /// the header has no effect for an origin the CORS check refuses, so it needs no origin check of its own.
    /// </summary>
    public static readonly string[] ExposedHeaders = [HeaderNames.ETag, HeaderNames.RetryAfter, HeaderNames.Location];

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers[HeaderNames.AccessControlExposeHeaders] = string.Join(", ", ExposedHeaders);
        TraceIds.Apply(response);
    }
}
