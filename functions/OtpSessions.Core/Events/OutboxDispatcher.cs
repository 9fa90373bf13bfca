using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OtpSessions.Core.Events;

/// <summary>
/// Publishes outbox rows. Right after a commit, <see cref="PublishCommittedAsync"/> publishes the events that commit wrote,
/// in order, without reading them back, and records the events the broker accepted in <see cref="IPublishedEvents"/>
/// (removed together, usually with the session's next commit). Everything else goes through <see cref="SweepAsync"/>: a
/// session's events in id order (the order they happened), each removed (at its version) only after the broker accepted it.
/// On a failure the session stops there (order), the row records
/// <c>Attempts</c>, <c>LastError</c> and its back-off; after <see cref="EventsOptions.MaxAttempts"/> it is flagged
/// <c>Stuck</c> (health degraded) and keeps being retried at the longest back-off. An event refused by
/// <see cref="EventDataGuard"/> is <em>parked</em> (flagged <c>Stuck</c> + <c>Rejected</c>, counted in health as
/// <c>parkedEvents</c>, listed by the dev outbox) and never published; it never holds back the session's later events,
/// and the sweep no longer lists it. With publishing off, rows stay and each is logged once (type and id). Safe to run
/// concurrently: one dispatch per session at a time in this process, and across processes a repeated send carries the
/// same <c>MessageId</c>, which the broker's duplicate detection drops.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore store, IEventPublisher publisher, IPublishedEvents publishedEvents, TimeProvider time, IOptions<EventsOptions> options, ILogger<OutboxDispatcher> logger)
{
    private const int LockStripes = 256;
    private const int MaxRemembered = 100_000;
    private const int MaxErrorLength = 512;

    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, LockStripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly ConcurrentDictionary<string, byte> _reportedWhileOff = new(StringComparer.Ordinal);

    /// <summary>Sessions whose events wait for the sweep (a publish failed or an event was refused): later events must not overtake them.</summary>
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    public bool IsPublishing => publisher.IsEnabled;

    /// <summary>
    /// Publishes the events one commit just wrote (in their order) and records the accepted ones in <see cref="IPublishedEvents"/>.
    /// Stops at the first failure or refused event, and publishes nothing for a session held by an earlier one: those
    /// rows stay for the sweep, which publishes them in order after <see cref="EventsOptions.SweepGrace"/>.
    /// </summary>
    public async Task<int> PublishCommittedAsync(string sessionId, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!publisher.IsEnabled)
        {
            foreach (var e in events)
            {
                ReportKept(e);
            }
            return 0;
        }
        var gate = _locks[(uint)StringComparer.Ordinal.GetHashCode(sessionId) % LockStripes];
        await gate.WaitAsync(cancellationToken);
        var published = new List<string>();
        try
        {
            foreach (var e in events)
            {
                if (_held.ContainsKey(sessionId) || Refusal(e) is not null)
                {
                    _held.TryAdd(sessionId, 0);
                    break;
                }
                try
                {
                    await publisher.PublishAsync(e, cancellationToken);
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    _held.TryAdd(sessionId, 0);
                    LogCommittedPublishFailed(failure, e.EventId, sessionId);
                    break;
                }
                published.Add(e.EventId);
                LogPublished(e.Type, e.EventId);
            }
        }
        finally
        {
            gate.Release();
            publishedEvents.Add(sessionId, published);
        }
        return published.Count;
    }

    /// <summary>Publishes what is due in one session's outbox.</summary>
    public async Task<DispatchResult> DispatchSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var gate = _locks[(uint)StringComparer.Ordinal.GetHashCode(sessionId) % LockStripes];
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await DispatchLockedAsync(sessionId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Finds every session with pending rows (one cross-partition query) and dispatches those that are due: a row that
    /// failed before once its back-off has passed, a new row once <see cref="EventsOptions.SweepGrace"/> has passed
    /// (younger rows belong to the process that committed them, which publishes them right after its commit).
    /// </summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var rows = await store.ListAllAsync(settings.SweepLimit, includeParked: false, cancellationToken);
        var now = time.GetUtcNow();
        var sessions = rows.GroupBy(r => r.Event.SessionId, StringComparer.Ordinal).ToList();
        var due = sessions
            .Where(s => IsDueForSweep(s.First(), s, now, settings))
            .Select(s => s.Key)
            .ToList();

        var published = 0;
        var failed = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.SweepConcurrency, CancellationToken = cancellationToken },
            async (sessionId, token) =>
            {
                try
                {
                    var result = await DispatchSessionAsync(sessionId, token);
                    Interlocked.Add(ref published, result.Published);
                    if (result.Outcome == DispatchOutcome.Failed)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    LogSessionDispatchFailed(e, sessionId);
                }
            });

        var stuck = rows.Count(r => r.Stuck);
        var sweep = new SweepResult(rows.Count, sessions.Count, due.Count, published, failed, stuck);
        if (stuck > 0)
        {
            LogStuckRows(stuck);
        }
        if (published > 0 || failed > 0)
        {
            LogSwept(sweep.PendingRows, sweep.Sessions, sweep.DispatchedSessions, sweep.Published, sweep.FailedSessions);
        }
        return sweep;
    }

    private bool IsDueForSweep(PendingEvent head, IEnumerable<PendingEvent> rows, DateTimeOffset now, EventsOptions settings)
    {
        if (!publisher.IsEnabled)
        {
            // Only to log (once) what is waiting, and to apply the safety net.
            return !head.Rejected && rows.Any(r => !_reportedWhileOff.ContainsKey(r.Event.EventId));
        }
        return head.IsDue(now) && (head.NextAttemptAt is not null || now - head.Event.Time >= settings.SweepGrace);
    }

    private async Task<DispatchResult> DispatchLockedAsync(string sessionId, CancellationToken cancellationToken)
    {
        var pending = await store.ListSessionAsync(sessionId, cancellationToken);
        // Events this process published right after their commit and has not removed yet: remove them, never publish again.
        var finished = publishedEvents.Take(sessionId).ToHashSet(StringComparer.Ordinal);
        var already = pending.Where(r => finished.Contains(r.Event.EventId)).ToList();
        foreach (var row in already)
        {
            await store.DeleteAsync(row, cancellationToken);
        }
        finished.ExceptWith(already.Select(r => r.Event.EventId));
        publishedEvents.Add(sessionId, finished);
        pending = [.. pending.Except(already)];
        var published = 0;
        var parked = 0;
        foreach (var row in pending)
        {
            if (row.Rejected)
            {
                continue;
            }
            if (Refusal(row.Event) is { } refusal)
            {
                await ParkAsync(row, refusal, cancellationToken);
                parked++;
                continue;
            }
            if (!publisher.IsEnabled)
            {
                ReportKept(row.Event);
                continue;
            }
            var now = time.GetUtcNow();
            if (!row.IsDue(now))
            {
                return new DispatchResult(published, DispatchOutcome.BackingOff, parked);
            }
            try
            {
                await publisher.PublishAsync(row.Event, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await RecordFailureAsync(row, e, now, cancellationToken);
                return new DispatchResult(published, DispatchOutcome.Failed, parked);
            }
            published++;
            if (!await store.DeleteAsync(row, cancellationToken))
            {
                // Published, but the row changed meanwhile: leave it; the next pass sends the same MessageId again.
                LogRowChanged(row.Event.EventId, sessionId);
                return new DispatchResult(published, DispatchOutcome.Interrupted, parked);
            }
            LogPublished(row.Event.Type, row.Event.EventId);
        }
        if (publisher.IsEnabled)
        {
            _held.TryRemove(sessionId, out _);
        }
        return new DispatchResult(published, publisher.IsEnabled ? DispatchOutcome.Done : DispatchOutcome.KeptWhileOff, parked);
    }

    private static string? Refusal(OutboxEvent outboxEvent) =>
        !EventTypes.All.Contains(outboxEvent.Type)
            ? "type is not a known event type"
            : EventDataGuard.FindViolation(outboxEvent.DataJson);

    private async Task ParkAsync(PendingEvent row, string refusal, CancellationToken cancellationToken)
    {
        var error = Truncate("refused by the event data safety net: " + refusal);
        await store.RecordFailureAsync(row, new OutboxFailure(row.Attempts, error, Stuck: true, Rejected: true, NextAttemptAt: null), cancellationToken);
        LogParked(row.Event.EventId, row.Event.SessionId, refusal);
    }

    private async Task RecordFailureAsync(PendingEvent row, Exception exception, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var attempts = row.Attempts + 1;
        var stuck = attempts >= settings.MaxAttempts;
        var retryAt = now + settings.RetryDelay(attempts);
        var error = Truncate(exception is EventPublishException ? exception.Message : exception.GetType().Name);
        await store.RecordFailureAsync(row, new OutboxFailure(attempts, error, stuck, Rejected: false, retryAt), cancellationToken);
        if (stuck && !row.Stuck)
        {
            LogNowStuck(exception, row.Event.EventId, row.Event.SessionId, attempts);
        }
        else
        {
            LogPublishFailed(exception, row.Event.EventId, row.Event.SessionId, attempts, retryAt);
        }
    }

    private void ReportKept(OutboxEvent outboxEvent)
    {
        if (_reportedWhileOff.Count >= MaxRemembered)
        {
            _reportedWhileOff.Clear();
        }
        if (_reportedWhileOff.TryAdd(outboxEvent.EventId, 0))
        {
            LogKept(outboxEvent.Type, outboxEvent.EventId);
        }
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    [LoggerMessage(LogLevel.Information, "Event {EventType} {EventId} kept in the outbox: publishing is off")]
    private partial void LogKept(string eventType, string eventId);

    [LoggerMessage(LogLevel.Debug, "Published event {EventType} {EventId}")]
    private partial void LogPublished(string eventType, string eventId);

    [LoggerMessage(LogLevel.Warning, "Publishing event {EventId} of session {SessionId} right after its commit failed; the sweep publishes it")]
    private partial void LogCommittedPublishFailed(Exception exception, string eventId, string sessionId);

    [LoggerMessage(LogLevel.Warning, "Publishing event {EventId} of session {SessionId} failed (attempt {Attempts}); retry after {RetryAt}")]
    private partial void LogPublishFailed(Exception exception, string eventId, string sessionId, int attempts, DateTimeOffset retryAt);

    [LoggerMessage(LogLevel.Error, "Event {EventId} of session {SessionId} is stuck after {Attempts} failed attempts; its session waits behind it")]
    private partial void LogNowStuck(Exception exception, string eventId, string sessionId, int attempts);

    [LoggerMessage(LogLevel.Error, "Event {EventId} of session {SessionId} was refused and parked (never published; later events go on): {Refusal}")]
    private partial void LogParked(string eventId, string sessionId, string refusal);

    [LoggerMessage(LogLevel.Information, "Event {EventId} of session {SessionId} was published but its outbox row changed meanwhile; it will be sent again with the same MessageId")]
    private partial void LogRowChanged(string eventId, string sessionId);

    [LoggerMessage(LogLevel.Error, "Dispatching the outbox of session {SessionId} failed")]
    private partial void LogSessionDispatchFailed(Exception exception, string sessionId);

    [LoggerMessage(LogLevel.Warning, "{Stuck} outbox events are stuck (GET /api/health shows events: degraded)")]
    private partial void LogStuckRows(int stuck);

    [LoggerMessage(LogLevel.Information, "Outbox sweep: {PendingRows} pending rows in {Sessions} sessions, {Dispatched} dispatched, {Published} events published, {Failed} sessions failed")]
    private partial void LogSwept(int pendingRows, int sessions, int dispatched, int published, int failed);
}
