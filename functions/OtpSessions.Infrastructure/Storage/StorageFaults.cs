using System.Net;

namespace OtpSessions.Infrastructure.Storage;

/// <summary>
/// Tells a storage outage (no answer, a timeout, or the service saying it is unavailable or overloaded — after the SDK's
/// own retries) from a storage refusal that points at a defect of ours (400, 403, 404, 409, 412 …). The HTTP pipeline
/// answers an outage with 503 <c>busy</c> and a Retry-After instead of a 500: the client can try again, and every
/// change is ETag-checked, so a retry never applies a change twice.
/// </summary>
public static class StorageFaults
{
    /// <param name="exception">What a storage call threw.</param>
    /// <param name="callerCancellation">The caller's own token: a cancellation it asked for is not an outage.</param>
    public static bool IsOutage(Exception exception, CancellationToken callerCancellation) => exception switch
    {
        RequestFailedException failed => IsOutageStatus(failed.Status),
        // Azure.Core throws this when every retry failed with an exception (not with a response).
        AggregateException { InnerExceptions.Count: > 0 } aggregate =>
            aggregate.InnerExceptions.All(inner => IsOutage(inner, callerCancellation)),
        HttpRequestException => true,
        // The SDK's network timeout.
        OperationCanceledException => !callerCancellation.IsCancellationRequested,
        _ => false,
    };

    /// <summary>0: no response at all (connection refused or reset); 408, 429, 500, 502, 503, 504: the service's own "not now".</summary>
    private static bool IsOutageStatus(int status) => status is 0
        or (int)HttpStatusCode.RequestTimeout
        or (int)HttpStatusCode.TooManyRequests
        or (int)HttpStatusCode.InternalServerError
        or (int)HttpStatusCode.BadGateway
        or (int)HttpStatusCode.ServiceUnavailable
        or (int)HttpStatusCode.GatewayTimeout;
}
