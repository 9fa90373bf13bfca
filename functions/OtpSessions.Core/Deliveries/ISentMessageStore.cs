namespace OtpSessions.Core.Deliveries;

/// <summary>Port: the <c>deliveries</c> table.</summary>
public interface ISentMessageStore
{
    /// <summary>Upsert (a retried send records the same row again).</summary>
    Task RecordAsync(SentMessage record, CancellationToken cancellationToken);

    Task<SentMessage?> FindAsync(string providerMessageId, CancellationToken cancellationToken);
}
