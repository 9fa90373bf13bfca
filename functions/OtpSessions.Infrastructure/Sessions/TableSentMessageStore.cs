using OtpSessions.Core.Deliveries;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary><see cref="ISentMessageStore"/> on the <c>deliveries</c> table: PK = provider message id (escaped), RK = "".</summary>
public sealed class TableSentMessageStore(TableServiceClient tables, TimeProvider time) : ISentMessageStore
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.Deliveries);

    /// <summary>An upsert: the row is an immutable fact about one provider message, so writing it twice is harmless.</summary>
    public Task RecordAsync(SentMessage record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(record.ProviderMessageId), "")
        {
            ["SessionId"] = record.SessionId,
            ["ParticipantId"] = record.ParticipantId,
            ["ItemId"] = record.SendId,
            [SessionEntities.ExpiresAt] = record.ExpiresAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<SentMessage?> FindAsync(string providerMessageId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(providerMessageId), "", cancellationToken: cancellationToken);
        if (!response.HasValue || SessionEntities.IsExpired(response.Value!, time.GetUtcNow()))
        {
            return null;
        }
        var e = response.Value!;
        return new SentMessage(providerMessageId, e.GetString("SessionId"), e.GetString("ParticipantId"), e.GetString("ItemId"),
            e.GetDateTimeOffset(SessionEntities.ExpiresAt) ?? DateTimeOffset.MinValue);
    }
}
