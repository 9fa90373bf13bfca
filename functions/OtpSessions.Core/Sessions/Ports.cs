using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// Port: the <c>sessions</c> table. One partition per session (PK = sessionId): the <c>session</c> row, one
/// <c>participant|{id}</c> row each, <c>outbox|{eventId}</c>, <c>work|{id}</c> (<see cref="PendingWork"/>) and <c>audit|{time}|{id}</c> rows.
/// Rows past their <c>ExpiresAt</c> are treated as absent.
/// </summary>
public interface ISessionStore
{
    /// <summary>The session and all its participants (one query); null when absent or expired.</summary>
    Task<SessionSnapshot?> LoadAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The session row and one participant row (one query); null when either is absent or expired.</summary>
    Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits the change in ONE entity-group transaction: inserts for rows without an ETag, replace-if-ETag-matches for
    /// the others, plus outbox and audit inserts. All or nothing; throws <see cref="ConcurrencyConflictException"/>
    /// when any ETag no longer matches (reload and decide again: <see cref="ConcurrencyRetry"/>).
    /// </summary>
    Task CommitAsync(SessionChange change, CancellationToken cancellationToken);
}

public sealed record SessionSnapshot(Session Session, IReadOnlyList<Participant> Participants)
{
    public Participant? Find(string participantId) => Participants.FirstOrDefault(p => p.ParticipantId == participantId);
}

public sealed record ParticipantSnapshot(Session Session, Participant Participant);

/// <summary>An ETag no longer matched (someone changed the row first) or an inserted row already existed.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message) : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// Runs a load-decide-commit step again when its commit lost an optimistic-concurrency race, after a short jittered
/// backoff (so that many parallel requests on one participant spread out instead of colliding again in lockstep).
/// </summary>
public static class ConcurrencyRetry
{
    public const int MaxAttempts = 10;

    /// <summary>How long a caller told <c>busy</c> should wait before trying again.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="step"/>; when every attempt lost its race, the last conflict is thrown (a queue message is then retried).</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(Backoff(attempt));
            }
        }
    }

    /// <summary>
    /// Like <see cref="RunAsync{T}"/> for a request that answers an outcome: when every attempt lost its race, the answer
    /// is 503 <c>busy</c> with a Retry-After — the request changed nothing (no guess was counted), so trying again is safe.
    /// </summary>
    public static async Task<Outcome<T>> DecideAsync<T>(Func<Task<Outcome<T>>> step)
    {
        try
        {
            return await RunAsync(step);
        }
        catch (ConcurrencyConflictException)
        {
            return Failure.Busy();
        }
    }

    /// <summary>Full jitter: a random wait up to an exponentially growing cap.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }
}

/// <summary>
/// One state change of one session partition: rows to insert/replace, the outbox events and audit records it causes.
/// Committed atomically by <see cref="ISessionStore.CommitAsync"/> (≤ 100 rows). Every row gets the session's
/// <see cref="ExpiresAt"/>.
/// </summary>
public sealed class SessionChange(string sessionId, DateTimeOffset expiresAt)
{
    private readonly List<Participant> _participants = [];
    private readonly List<OutboxEvent> _events = [];
    private readonly List<AuditRecord> _audit = [];
    private readonly List<PendingWork> _work = [];

    public string SessionId { get; } = sessionId;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The session row to insert (no ETag) or replace (with the ETag it was loaded with); null = untouched.</summary>
    public Session? Session { get; private set; }

    public IReadOnlyList<Participant> Participants => _participants;

    public IReadOnlyList<OutboxEvent> Events => _events;

    public IReadOnlyList<AuditRecord> Audit => _audit;

    /// <summary>The queue messages this change implies, committed with it (<see cref="PendingWork"/>).</summary>
    public IReadOnlyList<PendingWork> Work => _work;

    public int RowCount => (Session is null ? 0 : 1) + _participants.Count + _events.Count + _audit.Count + _work.Count;

    public SessionChange Put(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        return this;
    }

    public SessionChange Put(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        _participants.RemoveAll(p => p.ParticipantId == participant.ParticipantId);
        _participants.Add(participant);
        return this;
    }

    /// <summary>Adds an outbox event; <paramref name="data"/> is serialised with <see cref="SessionJson"/> (ids, masked addresses only).</summary>
    public SessionChange Emit(string type, DateTimeOffset time, object data)
    {
        _events.Add(new OutboxEvent(OutboxEvent.NewId(time, _events.Count), SessionId, type, time,
            JsonSerializer.Serialize(data, data.GetType(), SessionJson.Options)));
        return this;
    }

    /// <summary>Promises an <c>invitations</c> message, committed with the change and relayed after it.</summary>
    public SessionChange Enqueue(InvitationMessage message, DateTimeOffset time) => AddWork(QueueNames.Invitations, message, time);

    /// <summary>Promises an <c>otp-deliveries</c> message, committed with the change and relayed after it.</summary>
    public SessionChange Enqueue(OtpDeliveryMessage message, DateTimeOffset time) => AddWork(QueueNames.OtpDeliveries, message, time);

    public SessionChange Record(string action, string actorId, DateTimeOffset time, string? participantId, object data)
    {
        _audit.Add(new AuditRecord(action, actorId, time, participantId, JsonSerializer.Serialize(data, data.GetType(), SessionJson.Options)));
        return this;
    }

    private SessionChange AddWork<T>(string queue, T message, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(message);
        _work.Add(new PendingWork(PendingWork.NewId(time), SessionId, queue, JsonSerializer.Serialize(message, SessionJson.Options), time));
        return this;
    }
}

/// <summary>
/// An audit row (<c>audit|{time ticks}|{id}</c>): who did what to which participant, with the same masked data as the
/// event. Never a code, token or full address.
/// </summary>
public sealed record AuditRecord(string Action, string ActorId, DateTimeOffset Time, string? ParticipantId, string DataJson)
{
    public const string RowKeyPrefix = "audit|";

    public string Id { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string RowKey => $"{RowKeyPrefix}{Time.UtcTicks:D19}|{Id}";
}

/// <summary>
/// A row of the <c>idempotency</c> table (PK = agent id, RK = Idempotency-Key): the session the first request
/// created and, once it completed, its response.
/// </summary>
public sealed record IdempotencyRecord(string AgentId, string Key, string SessionId, DateTimeOffset ExpiresAt)
{
    public string? ResponseJson { get; init; }

    /// <summary>SHA-256 of the request body (a later request with the key and another body is refused); null on rows from before it was kept.</summary>
    public string? BodyHash { get; init; }

    /// <summary>When the request that holds the key claimed it (a claim that made no session is taken over after a while).</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    public string? ETag { get; init; }
}

/// <param name="Won">True: this request holds the key now and must do the work. False: <paramref name="Record"/> is the first request's.</param>
public sealed record IdempotencyClaim(bool Won, IdempotencyRecord Record);

/// <summary>Port: the <c>idempotency</c> table (24 h per agent and key).</summary>
public interface IIdempotencyStore
{
    /// <summary>Inserts the claim; when a live row already holds the key, answers that row instead. An expired row is taken over.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord claim, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the first response on the claimed row (ETag-checked). A row that is gone or was taken over meanwhile is left
    /// as it is, without an error: the work is done, and a retry finds the session by the id the claim named.
    /// </summary>
    Task CompleteAsync(IdempotencyRecord claimed, string responseJson, CancellationToken cancellationToken);

    /// <summary>Gives the key up again after the work failed before anything was committed.</summary>
    Task ReleaseAsync(IdempotencyRecord claimed, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <paramref name="stale"/> (if it is still at its ETag) with <paramref name="claim"/>: won, or lost to
    /// someone who changed the row first.
    /// </summary>
    Task<IdempotencyClaim> TakeOverAsync(IdempotencyRecord stale, IdempotencyRecord claim, CancellationToken cancellationToken);
}

/// <summary>The <c>invitations</c> queue message: ids only, never a token or an address.</summary>
/// <param name="Traceparent">W3C trace context of the request that queued it (<see cref="QueueTrace"/>); not a secret.</param>
public sealed record InvitationMessage(string SessionId, string ParticipantId, int Attempt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Traceparent = null);

/// <summary>Port: the <c>invitations</c> queue (base64 JSON).</summary>
public interface IInvitationQueue
{
    Task EnqueueAsync(InvitationMessage message, CancellationToken cancellationToken);
}

public enum DeliveryKind
{
    Invitation,
    Otp,
}

/// <summary>
/// A row of the <c>deliveries</c> table (PK = provider message id; emails only, see <see cref="DeliveryTags"/>): what a
/// sent message was for, so a delivery report finds its participant. <see cref="ItemId"/> is the invitation's <see cref="InvitationState.IdempotencyId"/> or the code id.
/// </summary>
public sealed record DeliveryRecord(
    string ProviderMessageId, string SessionId, string ParticipantId, DeliveryKind Kind, string ItemId, DateTimeOffset ExpiresAt);

/// <summary>
/// Where an SMS delivery report belongs, carried by the SMS itself: its tag (ids only — session, participant, send id),
/// which ACS echoes in the report. So an SMS send writes no <c>deliveries</c> row; an email report names only its
/// operation id and is found through the row its send wrote.
/// </summary>
public static class DeliveryTags
{
    public static string Of(string sessionId, string participantId, string itemId) => $"{sessionId}/{participantId}/{itemId}";

    /// <summary>What the report's tag names, or null (no tag, or not one of ours).</summary>
    public static DeliveryRecord? Read(DeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Tag?.Split('/') is not [var sessionId, var participantId, var itemId]
            || !SessionIds.IsSessionId(sessionId) || !SessionIds.IsParticipantId(participantId))
        {
            return null;
        }
        DeliveryKind? kind = itemId.StartsWith("invitation:", StringComparison.Ordinal) ? DeliveryKind.Invitation
            : itemId.StartsWith("code:", StringComparison.Ordinal) ? DeliveryKind.Otp
            : null;
        return kind is { } known ? new DeliveryRecord(report.ProviderMessageId, sessionId, participantId, known, itemId, DateTimeOffset.MaxValue) : null;
    }
}

/// <summary>Port: the <c>deliveries</c> table.</summary>
public interface IDeliveryRecordStore
{
    /// <summary>Upsert (a retried send records the same row again).</summary>
    Task RecordAsync(DeliveryRecord record, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindAsync(string providerMessageId, CancellationToken cancellationToken);
}

/// <summary>How many expired rows one purge removed from one table.</summary>
public sealed record PurgeCount(string Table, int Rows);

/// <summary>Port: deletes rows past their <c>ExpiresAt</c> from every table (batches of ≤ 100 per partition).</summary>
public interface IExpiredRowPurger
{
    Task<IReadOnlyList<PurgeCount>> PurgeAsync(CancellationToken cancellationToken);
}
