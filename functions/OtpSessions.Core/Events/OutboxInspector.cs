namespace OtpSessions.Core.Events;

/// <summary>
/// The development view of the outbox (<c>GET /api/dev/outbox</c>): served only in the Development environment, so that a
/// local run shows which events would have been published (and which were parked).
/// </summary>
public sealed class OutboxInspector(IOutboxStore store, IEventPublisher publisher)
{
    /// <summary>At most this many rows are listed.</summary>
    public const int Limit = 1000;

    public async Task<OutboxListResult> ListAsync(bool isDevelopmentEnvironment, string? sessionId, CancellationToken cancellationToken)
    {
        if (!isDevelopmentEnvironment)
        {
            return new OutboxListResult.NotServed();
        }
        if (sessionId is not null && !IsValidSessionId(sessionId))
        {
            return new OutboxListResult.InvalidSessionId();
        }
        var rows = sessionId is null
            ? await store.ListAllAsync(Limit, includeParked: true, cancellationToken)
            : await store.ListSessionAsync(sessionId, cancellationToken);
        var events = rows
            .Select(r => new PendingEventView(r.Event.Type, r.Event.EventId, r.Event.Time, r.Event.SessionId, r.Attempts, r.Stuck,
                r.Rejected, r.LastError, r.NextAttemptAt))
            .ToList();
        return new OutboxListResult.Listed(new OutboxListing(publisher.IsEnabled ? "on" : "off", events.Count, events));
    }

    /// <summary>Usable as a Table Storage partition key: 1–256 characters, none of <c>/ \ # ?</c> or control characters.</summary>
    private static bool IsValidSessionId(string sessionId) =>
        sessionId.Length is > 0 and <= 256 && !sessionId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
