using OtpSessions.Core.Sessions;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="IDeliveryRecordStore"/> in memory (an upsert per provider message id; expired records are absent).</summary>
public sealed class InMemoryDeliveryRecordStore(TimeProvider time) : IDeliveryRecordStore
{
    private readonly InMemoryVersionedRecords<string, DeliveryRecord> _records = new();

    public Task RecordAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records.Put(record.ProviderMessageId, record);
        return Task.CompletedTask;
    }

    public Task<DeliveryRecord?> FindAsync(string providerMessageId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.Find(providerMessageId) is { } found && found.Value.ExpiresAt > time.GetUtcNow() ? found.Value : null);
}
