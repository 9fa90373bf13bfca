using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Events;

/// <summary>
/// The one mapping between <see cref="OutboxEvent"/> and its row in the <c>sessions</c> table (same partition as
/// the session, so a state change and its events commit in one entity-group transaction).
/// </summary>
public static class OutboxEntity
{
    public const string Type = nameof(OutboxEvent.Type);
    public const string Time = nameof(OutboxEvent.Time);
    public const string Data = "Data";
    public const string Attempts = "Attempts";
    public const string LastError = "LastError";
    public const string Stuck = "Stuck";
    public const string ExpiresAt = "ExpiresAt";

    /// <summary>Set by the dispatcher after a failed publish: not retried before this time (back-off).</summary>
    public const string NextAttemptAt = "NextAttemptAt";

    /// <summary>Set by the dispatcher when the data safety net refused the event: never published automatically.</summary>
    public const string Rejected = "Rejected";

    public static TableEntity ToEntity(OutboxEvent e, DateTimeOffset expiresAt) =>
        new(e.SessionId, SessionRowKeys.Outbox(e.EventId))
        {
            [Type] = e.Type,
            [Time] = e.Time,
            [Data] = e.DataJson,
            [Attempts] = 0,
            [Stuck] = false,
            [ExpiresAt] = expiresAt,
        };

    public static OutboxEvent FromEntity(TableEntity row) =>
        new(row.RowKey[SessionRowKeys.OutboxPrefix.Length..], row.PartitionKey, row.GetString(Type),
            row.GetDateTimeOffset(Time) ?? throw new InvalidOperationException($"Outbox row {row.RowKey} has no Time."),
            row.GetString(Data));

    /// <summary>Adds the event to a session transaction (the caller submits it with the state change).</summary>
    public static void AddTo(List<TableTransactionAction> transaction, OutboxEvent e, DateTimeOffset expiresAt) =>
        transaction.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(e, expiresAt)));
}
