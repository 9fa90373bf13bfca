using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

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

    /// <summary>Sets the <c>traceresponse</c> header from the current activity (both hosts call this once per request).</summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            response.Headers[ResponseHeader] = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{(activity.Recorded ? "01" : "00")}";
        }
    }
}

/// <summary>Worker middleware (HTTP functions): the <c>traceresponse</c> header on every response.</summary>
public sealed class TraceResponseMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http)
        {
            TraceIds.Apply(http.Response);
        }
        return next(context);
    }
}
