using OtpSessions.Core.Budgets;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Budgets;

/// <summary>
/// <see cref="ISendBudgetStore"/> on the <c>sendbudgets</c> table: one row per counter, PK = <c>{scope}|{subject}</c>
/// (escaped; for an address the subject is its keyed hash, never the address), RK = the window id
/// (<c>yyyyMMddHH</c> of its start). Columns <c>Used</c>, <c>Warned</c>, <c>Exceeded</c>, and <c>ExpiresAt</c> a day
/// after the window (the purge timer deletes it). A point read per read; an insert or an ETag-checked replace per write.
/// </summary>
public sealed class TableSendBudgetStore(TableServiceClient tables) : ISendBudgetStore
{
    private static readonly TimeSpan KeptAfterWindow = TimeSpan.FromDays(1);

    private readonly TableClient _table = tables.GetTableClient(TableNames.SendBudgets);

    public async Task<StoredBudgetCount> ReadAsync(BudgetCounterKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(key), key.Window.Id, cancellationToken: cancellationToken);
        return row.HasValue
            ? new StoredBudgetCount(new BudgetCount(row.Value!.GetInt32("Used") ?? 0, row.Value.GetBoolean("Warned") ?? false,
                row.Value.GetBoolean("Exceeded") ?? false), row.Value.ETag.ToVersion())
            : new StoredBudgetCount(BudgetCount.Zero, null);
    }

    public async Task WriteAsync(BudgetCounterKey key, BudgetCount next, StoredVersion? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(next);
        var entity = new TableEntity(PartitionOf(key), key.Window.Id)
        {
            ["Used"] = next.Used,
            ["Warned"] = next.Warned,
            ["Exceeded"] = next.Exceeded,
            [SessionEntities.ExpiresAt] = key.Window.End + KeptAfterWindow,
        };
        await _table.WriteAtVersionAsync(entity, version, $"The {key.Scope.ToWire()} budget counter changed since it was read", cancellationToken);
    }

    private static string PartitionOf(BudgetCounterKey key) => key.Scope.ToWire() + "|" + TableKeys.Escape(key.Subject);
}
