using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// One state change of one session: what to insert or replace, the outbox events and audit records it causes.
/// Committed atomically by <see cref="ISessionStore.CommitAsync"/> (≤ 100 records). Everything it writes expires with the
/// session (<see cref="ExpiresAt"/>). Every participant it writes carries the session's terms (<see cref="SessionTerms"/>).
/// </summary>
public sealed class SessionChange(string sessionId, DateTimeOffset expiresAt)
{
    /// <summary>A change of the session of <paramref name="terms"/> (as read): the participants it writes carry those terms.</summary>
    public SessionChange(SessionTerms terms)
        : this((terms ?? throw new ArgumentNullException(nameof(terms))).SessionId, terms.ExpiresAt) => _termsAsRead = terms;

    /// <summary>The terms of the session this change was decided on, as read; null for a change made without one (a team's).</summary>
    private readonly SessionTerms? _termsAsRead;
    private readonly List<Participant> _participants = [];
    private readonly List<ParticipantDelivery> _deliveries = [];
    private readonly List<OutboxEvent> _events = [];
    private readonly List<AuditRecord> _audit = [];
    private readonly List<PendingWork> _work = [];

    public string SessionId { get; } = sessionId;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The session to insert (no version) or replace (with the version it was loaded with); null = untouched.</summary>
    public Session? Session { get; private set; }

    /// <summary>
    /// The terms the participants this change writes carry (<see cref="ISessionStore.LoadParticipantWithTermsAsync"/>):
    /// those of the session it writes, else those of the session it was decided on.
    /// </summary>
    public SessionTerms? SessionTerms => Session ?? _termsAsRead;

    public IReadOnlyList<Participant> Participants => _participants;

    /// <summary>Deliveries kept apart from their participant to insert (no version) or replace (with the version they were loaded with).</summary>
    public IReadOnlyList<ParticipantDelivery> Deliveries => _deliveries;

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

    /// <summary>Writes <paramref name="delivery"/> apart from participant <paramref name="participantId"/> (<see cref="ParticipantDelivery"/>).</summary>
    public SessionChange Put(string participantId, Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        ArgumentNullException.ThrowIfNull(delivery);
        _deliveries.RemoveAll(d => d.ParticipantId == participantId);
        _deliveries.Add(new ParticipantDelivery(participantId, delivery));
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

    /// <summary>
    /// <see cref="Emit"/> and <see cref="Record"/> with the same data: an event the session's audit trail keeps too (the
    /// trail outlives the outbox, and the signed evidence is built from it). One more row in the same transaction.
    /// </summary>
    public SessionChange EmitRecorded(string type, DateTimeOffset time, object data, string actorId, string? participantId) =>
        Emit(type, time, data).Record(type, actorId, time, participantId, data);

    public SessionChange Record(string action, string actorId, DateTimeOffset time, string? participantId, object data)
    {
        _audit.Add(new AuditRecord(action, actorId, time, participantId, JsonSerializer.Serialize(data, data.GetType(), SessionJson.Options)));
        return this;
    }
}
