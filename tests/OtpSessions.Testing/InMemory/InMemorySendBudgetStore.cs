using OtpSessions.Core;
using OtpSessions.Core.Budgets;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="ISendBudgetStore"/> in memory: one versioned counter per key.</summary>
public sealed class InMemorySendBudgetStore : ISendBudgetStore
{
    private readonly InMemoryVersionedRecords<BudgetCounterKey, BudgetCount> _counters = new();

    public Task<StoredBudgetCount> ReadAsync(BudgetCounterKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_counters.Find(key) is { } found ? new StoredBudgetCount(found.Value, found.Version) : new StoredBudgetCount(BudgetCount.Zero, null));

    public Task WriteAsync(BudgetCounterKey key, BudgetCount next, StoredVersion? version, CancellationToken cancellationToken)
    {
        _counters.Write(key, next, version);
        return Task.CompletedTask;
    }
}
