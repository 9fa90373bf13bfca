using System.Security.Cryptography;
using System.Text.Json;
using OtpSessions.Core.Events;
using OtpSessions.Core.Deliveries;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// One state change of one session partition: rows to insert/replace, the outbox events and audit records it causes.
/// Committed atomically by <see cref="ISessionStore.CommitAsync"/> (≤ 100 rows). Every row gets the session's
/// <see cref="ExpiresAt"/>. Every participant row it writes carries the session's copy (<see cref="SessionCopy"/>).
/// </summary>
public sealed class SessionChange(string sessionId, DateTimeOffset expiresAt)
{
    /// <summary>A change of <paramref name="session"/> (as read): the participant rows it writes carry that session's copy.</summary>
    public SessionChange(Session session)
        : this((session ?? throw new ArgumentNullException(nameof(session))).SessionId, session.ExpiresAt) => _sessionAsRead = session;

    /// <summary>The session this change was decided on, as read; null for a change made without one (a team partition).</summary>
    private readonly Session? _sessionAsRead;
    private readonly List<Participant> _participants = [];
    private readonly List<OtpDeliveryRecord> _deliveries = [];
    private readonly List<OutboxEvent> _events = [];
    private readonly List<AuditRecord> _audit = [];
    private readonly List<PendingWork> _work = [];

    public string SessionId { get; } = sessionId;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The session row to insert (no ETag) or replace (with the ETag it was loaded with); null = untouched.</summary>
    public Session? Session { get; private set; }

    /// <summary>
    /// The session as the participant rows this change writes carry it (<see cref="ISessionStore.LoadParticipantRowAsync"/>):
    /// the session row it writes, else the session it was decided on.
    /// </summary>
    public Session? SessionCopy => Session ?? _sessionAsRead;

    public IReadOnlyList<Participant> Participants => _participants;

    /// <summary>Delivery records to insert (no ETag) or replace (with the ETag they were loaded with): <see cref="OtpDeliveryRecord"/>.</summary>
    public IReadOnlyList<OtpDeliveryRecord> Deliveries => _deliveries;

    public IReadOnlyList<OutboxEvent> Events => _events;

    public IReadOnlyList<AuditRecord> Audit => _audit;

    /// <summary>The queue messages this change implies, committed with it (<see cref="PendingWork"/>).</summary>
    public IReadOnlyList<PendingWork> Work => _work;

    public int RowCount => (Session is null ? 0 : 1) + _participants.Count + _deliveries.Count + _events.Count + _audit.Count + _work.Count;

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

    public SessionChange Put(OtpDeliveryRecord delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _deliveries.RemoveAll(d => d.ParticipantId == delivery.ParticipantId);
        _deliveries.Add(delivery);
        return this;
    }

    /// <summary>Adds an outbox event; <paramref name="data"/> is serialised with <see cref="SessionJson"/> (ids, masked addresses only).</summary>
    public SessionChange Emit(string type, DateTimeOffset time, object data)
    {
        _events.Add(new OutboxEvent(OutboxEvent.NewId(time, _events.Count), SessionId, type, time,
            JsonSerializer.Serialize(data, data.GetType(), SessionJson.Options)));
        return this;
    }

    /// <summary>
    /// Promises <paramref name="message"/> on <paramref name="queue"/>, committed with the change and relayed after it,
    /// under the trace of the request that made the change (<see cref="QueueTrace"/>).
    /// </summary>
    public SessionChange Enqueue(string queue, DeliveryMessage message, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(message);
        _work.Add(new PendingWork(PendingWork.NewId(time), SessionId, queue,
            JsonSerializer.Serialize(message with { Traceparent = QueueTrace.Current() }, SessionJson.Options), time));
        return this;
    }

    public SessionChange Record(string action, string actorId, DateTimeOffset time, string? participantId, object data)
    {
        _audit.Add(new AuditRecord(action, actorId, time, participantId, JsonSerializer.Serialize(data, data.GetType(), SessionJson.Options)));
        return this;
    }
}

/// <summary>
/// An audit row (<c>audit|{time ticks}|{id}</c>): who did what to which participant, with the same masked data as the
/// event. Never a code, token or full address.
/// </summary>
public sealed record AuditRecord(string Action, string ActorId, DateTimeOffset Time, string? ParticipantId, string DataJson)
{
    public string Id { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public string RowKey => SessionRowKeys.Audit(Time, Id);
}
