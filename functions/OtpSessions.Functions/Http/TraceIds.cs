using System.Diagnostics;

namespace OtpSessions.Functions.Http;

/// <summary>
/// The id a support person looks a request up by: the W3C trace id of the request's trace (the operation id in
/// Application Insights). Every HTTP response carries it in the <c>traceresponse</c> header
/// (<c>00-{trace id}-{span id}-{flags}</c>, W3C Trace Context), and every problem response also as <c>traceId</c>.
/// </summary>
public static class TraceIds
{
    public const string ResponseHeader = "traceresponse";

    /// <summary>The current trace id (32 lowercase hex digits), or null outside a trace.</summary>
    public static string? Current() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : null;

    /// <summary>Sets the <c>traceresponse</c> header from the current activity (<see cref="SecurityHeaders"/> applies it to every response).</summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            response.Headers[ResponseHeader] = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{(activity.Recorded ? "01" : "00")}";
        }
    }
}
