using System.Diagnostics;

namespace OtpSessions.Core;

/// <summary>
/// W3C trace context across a queue hop. The request that enqueues writes its current <c>traceparent</c> into the
/// message; the queue function starts its processing span as a child of it (and links the span of its own invocation),
/// so one trace runs from <c>POST /api/join/otp</c> through <c>otp-deliveries</c> to the ACS call. A message without a
/// usable <c>traceparent</c> is processed in a trace of its own.
/// </summary>
public static class QueueTrace
{
    /// <summary>The app's own activity source; telemetry registration listens to it.</summary>
    public const string SourceName = "OtpSessions";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current W3C <c>traceparent</c> (<c>00-{trace id}-{span id}-{flags}</c>), or null outside a trace.</summary>
    public static string? Current() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>Starts <c>{queue} process</c> under <paramref name="traceparent"/>; null when nobody listens.</summary>
    public static Activity? Process(string queue, string? traceparent)
    {
        var links = Activity.Current is { } invocation ? new[] { new ActivityLink(invocation.Context) } : null;
        var tags = new KeyValuePair<string, object?>[]
        {
            new("messaging.system", "azure_storage_queues"),
            new("messaging.destination.name", queue),
            new("messaging.operation.type", "process"),
        };
        return ActivityContext.TryParse(traceparent, null, isRemote: true, out var parent)
            ? Source.StartActivity($"{queue} process", ActivityKind.Consumer, parent, tags, links)
            : Source.StartActivity($"{queue} process", ActivityKind.Consumer, default(ActivityContext), tags, links);
    }
}
