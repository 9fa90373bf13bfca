namespace OtpSessions.Core.Sessions;

/// <summary>Port: the <c>idempotency</c> table (24 h per agent and key).</summary>
public interface IIdempotencyStore
{
    /// <summary>Inserts the claim; when a live row already holds the key, answers that row instead. An expired row is taken over.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord claim, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the first response on the claimed row (version-checked). A row that is gone or was taken over meanwhile is left
    /// as it is, without an error: the work is done, and a retry finds the session by the id the claim named.
    /// </summary>
    Task CompleteAsync(IdempotencyRecord claimed, string responseJson, CancellationToken cancellationToken);

    /// <summary>Gives the key up again after the work failed before anything was committed.</summary>
    Task ReleaseAsync(IdempotencyRecord claimed, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <paramref name="stale"/> (if it is still at its version) with <paramref name="claim"/>: won, or lost to
    /// someone who changed the row first.
    /// </summary>
    Task<IdempotencyClaim> TakeOverAsync(IdempotencyRecord stale, IdempotencyRecord claim, CancellationToken cancellationToken);
}
