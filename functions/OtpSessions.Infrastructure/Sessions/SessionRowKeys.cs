namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// Every row key of a session's partition of the <c>sessions</c> table (PK = session id), in one place:
/// <c>session</c>; <c>participant|{id}</c>; <c>otp-delivery|{participantId}</c> (a code's delivery record, <see cref="ParticipantDelivery"/>); <c>outbox|{eventId}</c> (events not yet published, <see cref="Events.OutboxEvent"/>);
/// <c>work|{id}</c> (queue messages not yet relayed, <see cref="PendingWork"/>); <c>audit|{ticks}|{id}</c>
/// (<see cref="AuditRecord"/>). A range query reads one kind: from its prefix to <see cref="RangeEnd"/>.
/// </summary>
public static class SessionRowKeys
{
    public const string Session = "session";
    public const string ParticipantPrefix = "participant|";
    public const string OtpDeliveryPrefix = "otp-delivery|";
    public const string OutboxPrefix = "outbox|";
    public const string WorkPrefix = "work|";
    public const string AuditPrefix = "audit|";

    public static string Participant(string participantId) => ParticipantPrefix + participantId;

    public static string OtpDelivery(string participantId) => OtpDeliveryPrefix + participantId;

    public static string Outbox(string eventId) => OutboxPrefix + eventId;

    public static string Work(string workId) => WorkPrefix + workId;

    /// <summary>Time-ordered: ticks, then a random id.</summary>
    public static string Audit(DateTimeOffset time, string id) => $"{AuditPrefix}{time.UtcTicks:D19}|{id}";

    /// <summary>The first key after every key that starts with <paramref name="prefix"/> (its last character plus one).</summary>
    public static string RangeEnd(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return prefix[..^1] + (char)(prefix[^1] + 1);
    }
}
