namespace OtpSessions.Core.Events;

/// <summary>Port: the outbox — the events sessions' commits stored, until they are published.</summary>
public interface IOutboxStore
{
    /// <summary>The session's pending events, oldest first (event id order).</summary>
    Task<IReadOnlyList<PendingEvent>> ListSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Pending events of every session (one storage request), ordered by session then event id; at most <paramref name="limit"/>.
    /// Without their data (<see cref="OutboxEvent.DataJson"/> is empty): for the sweep and listings only. Parked rows
    /// (<see cref="PendingEvent.Rejected"/>) only with <paramref name="includeParked"/>: they must not crowd the sweep.
    /// </summary>
    Task<IReadOnlyList<PendingEvent>> ListAllAsync(int limit, bool includeParked, CancellationToken cancellationToken);

    /// <summary>Deletes the row if it is still at <see cref="PendingEvent.Version"/>. True when deleted or already gone; false when it changed.</summary>
    Task<bool> DeleteAsync(PendingEvent pending, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt if the row is still at its version. False when it changed or is gone.</summary>
    Task<bool> RecordFailureAsync(PendingEvent pending, OutboxFailure failure, CancellationToken cancellationToken);

    /// <summary>Whether any row of any session is flagged stuck (parked rows are flagged stuck too).</summary>
    Task<bool> AnyStuckAsync(CancellationToken cancellationToken);

    /// <summary>How many rows are parked (refused by the safety net), counting at most <paramref name="limit"/>.</summary>
    Task<int> CountParkedAsync(int limit, CancellationToken cancellationToken);
}
