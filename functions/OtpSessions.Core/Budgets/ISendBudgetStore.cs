namespace OtpSessions.Core.Budgets;

/// <summary>
/// Port: the send budgets' counters, one row each, that hold across app instances. Reads are point reads; a write
/// names the version it read and throws <see cref="Sessions.ConcurrencyConflictException"/> when another instance wrote
/// first (read again and decide again). Rows expire after their window.
/// </summary>
public interface ISendBudgetStore
{
    Task<StoredBudgetCount> ReadAsync(BudgetCounterKey key, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="next"/> if the row is still at <paramref name="version"/> (null: if it does not exist yet).</summary>
    Task WriteAsync(BudgetCounterKey key, BudgetCount next, StoredVersion? version, CancellationToken cancellationToken);
}
