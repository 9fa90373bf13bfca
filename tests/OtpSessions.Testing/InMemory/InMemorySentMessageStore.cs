using OtpSessions.Core.Deliveries;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="ISentMessageStore"/> in memory (an upsert per provider message id; expired records are absent).</summary>
public sealed class InMemorySentMessageStore(TimeProvider time) : ISentMessageStore
{
    private readonly InMemoryVersionedRecords<string, SentMessage> _records = new();

    public Task RecordAsync(SentMessage record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records.Put(record.ProviderMessageId, record);
        return Task.CompletedTask;
    }

    public Task<SentMessage?> FindAsync(string providerMessageId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.Find(providerMessageId) is { } found && found.Value.ExpiresAt > time.GetUtcNow() ? found.Value : null);
}
