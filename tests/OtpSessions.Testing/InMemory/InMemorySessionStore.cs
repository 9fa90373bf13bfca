using System.Globalization;
using OtpSessions.Core;
using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Evidence;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Testing.InMemory;

/// <summary>
/// <see cref="ISessionStore"/> in memory, for application-service tests without I/O. Same semantics as the Table store —
/// held to them by the store-contract suite (<see cref="SessionStoreContract"/>) that runs against both: a commit is all or
/// nothing, inserts fail when the record exists, replaces when it is no longer at its version, every write gets a new
/// version, expired sessions and participants are absent, and participants carry the terms of the session as written with
/// them. What a commit implies is kept for the test to read: <see cref="Events"/>, <see cref="Audit"/>,
/// <see cref="Work"/> (queue messages, in commit order; <see cref="TakeWork"/> removes them as a relay would).
/// </summary>
public sealed class InMemorySessionStore(TimeProvider time) : ISessionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stored<Session>> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), StoredParticipant> _participants = [];
    private readonly Dictionary<(string, string), Stored<Delivery>> _deliveries = [];
    private readonly List<OutboxEvent> _events = [];
    private readonly List<(string SessionId, AuditRecord Record)> _audit = [];
    private readonly List<PendingWork> _work = [];
    private long _versions;

    /// <summary>How many loads and commits were asked for (each is one storage request in the Table store).</summary>
    public int Requests { get; private set; }

    public IReadOnlyList<OutboxEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<AuditRecord> Audit
    {
        get
        {
            lock (_gate)
            {
                return [.. _audit.Select(a => a.Record)];
            }
        }
    }

    public IReadOnlyList<PendingWork> Work
    {
        get
        {
            lock (_gate)
            {
                return [.. _work];
            }
        }
    }

    /// <summary>Removes and returns the pending work for <paramref name="queue"/> (as the relay would enqueue it).</summary>
    public IReadOnlyList<PendingWork> TakeWork(string queue)
    {
        lock (_gate)
        {
            var taken = _work.Where(w => w.Queue == queue).ToList();
            _work.RemoveAll(w => w.Queue == queue);
            return taken;
        }
    }

    public Task<SessionSnapshot?> LoadSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Requests++;
            var now = time.GetUtcNow();
            if (!_sessions.TryGetValue(sessionId, out var session) || session.ExpiresAt <= now)
            {
                return Task.FromResult<SessionSnapshot?>(null);
            }
            var participants = _participants.Where(p => p.Key.Item1 == sessionId && p.Value.ExpiresAt > now)
                .OrderBy(p => p.Key.Item2, StringComparer.Ordinal)
                .Select(p => Merged(sessionId, p.Value))
                .ToList();
            return Task.FromResult<SessionSnapshot?>(new SessionSnapshot(session.Value with { Version = session.Version }, participants));
        }
    }

    public Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Requests++;
            var now = time.GetUtcNow();
            return Task.FromResult(_sessions.TryGetValue(sessionId, out var session) && session.ExpiresAt > now
                && _participants.TryGetValue((sessionId, participantId), out var participant) && participant.ExpiresAt > now
                    ? new ParticipantSnapshot(session.Value with { Version = session.Version }, Merged(sessionId, participant))
                    : null);
        }
    }

    public Task<ParticipantWithTerms?> LoadParticipantWithTermsAsync(string sessionId, string participantId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Requests++;
            var now = time.GetUtcNow();
            if (!_participants.TryGetValue((sessionId, participantId), out var participant))
            {
                return Task.FromResult<ParticipantWithTerms?>(null);
            }
            // Written without the terms (a change made without its session): the session's own are read with it.
            var terms = participant.Terms ?? _sessions.GetValueOrDefault(sessionId)?.Value.AsTerms();
            return Task.FromResult(terms is not null && participant.ExpiresAt > now && terms.ExpiresAt > now
                ? new ParticipantWithTerms(terms, participant.Value with { Version = participant.Version })
                : null);
        }
    }

    public Task CommitAsync(SessionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.RowCount == 0)
        {
            return Task.CompletedTask;
        }
        if (change.RowCount > 100)
        {
            throw new InvalidOperationException($"A session change may hold at most 100 rows; this one has {change.RowCount}.");
        }
        lock (_gate)
        {
            Requests++;
            var id = change.SessionId;
            // Check everything first: nothing is written unless all of it can be.
            if (change.Session is { } session)
            {
                if (session.SessionId != id)
                {
                    throw new InvalidOperationException("A session change can only write its own session row.");
                }
                Check(_sessions.GetValueOrDefault(id)?.Version, session.Version, id);
            }
            foreach (var participant in change.Participants)
            {
                if (participant.SessionId != id)
                {
                    throw new InvalidOperationException("A session change can only write participants of its own session.");
                }
                Check(_participants.GetValueOrDefault((id, participant.ParticipantId))?.Version, participant.Version, id);
            }
            foreach (var delivery in change.Deliveries)
            {
                Check(_deliveries.GetValueOrDefault((id, delivery.ParticipantId))?.Version, delivery.Delivery.Version, id);
            }
            if (change.Events.Any(e => _events.Any(x => x.SessionId == id && x.EventId == e.EventId))
                || change.Work.Any(w => _work.Any(x => x.SessionId == id && x.WorkId == w.WorkId)))
            {
                throw new ConcurrencyConflictException($"Session {id} changed meanwhile (an inserted record exists).");
            }

            var terms = change.SessionTerms?.AsTerms();
            if (change.Session is { } written)
            {
                _sessions[id] = new Stored<Session>(written with { Version = null }, NewVersion(), change.ExpiresAt);
            }
            foreach (var participant in change.Participants)
            {
                var stored = participant with { Version = null, DeliveryRecord = null };
                _participants[(id, participant.ParticipantId)] = new StoredParticipant(stored, terms, NewVersion(), change.ExpiresAt);
            }
            foreach (var delivery in change.Deliveries)
            {
                _deliveries[(id, delivery.ParticipantId)] = new Stored<Delivery>(delivery.Delivery with { Version = null }, NewVersion(), change.ExpiresAt);
            }
            _events.AddRange(change.Events);
            _audit.AddRange(change.Audit.Select(a => (id, a)));
            _work.AddRange(change.Work);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The session's trail as stored, expired or not (what the evidence store reads: <see cref="InMemoryEvidenceStore"/>);
    /// null once <see cref="Purge"/> removed it.
    /// </summary>
    public EvidenceTrail? Trail(string sessionId)
    {
        lock (_gate)
        {
            Requests++;
            return _sessions.TryGetValue(sessionId, out var session)
                ? new EvidenceTrail(session.Value with { Version = session.Version },
                    [.. _participants.Where(p => p.Key.Item1 == sessionId).OrderBy(p => p.Key.Item2, StringComparer.Ordinal).Select(p => Merged(sessionId, p.Value))],
                    [.. _audit.Where(a => a.SessionId == sessionId).Select(a => a.Record)])
                : null;
        }
    }

    /// <summary>Removes every record of the session, as the purger does once it expired.</summary>
    public void Purge(string sessionId)
    {
        lock (_gate)
        {
            _sessions.Remove(sessionId);
            foreach (var key in _participants.Keys.Where(k => k.Item1 == sessionId).ToList())
            {
                _participants.Remove(key);
            }
            foreach (var key in _deliveries.Keys.Where(k => k.Item1 == sessionId).ToList())
            {
                _deliveries.Remove(key);
            }
            _audit.RemoveAll(a => a.SessionId == sessionId);
        }
    }

    private Participant Merged(string sessionId, StoredParticipant participant)
    {
        var record = _deliveries.GetValueOrDefault((sessionId, participant.Value.ParticipantId));
        return CodeDelivery.Merge(participant.Value with { Version = participant.Version },
            record is null ? null : record.Value with { Version = record.Version });
    }

    private static void Check(StoredVersion? current, StoredVersion? expected, string sessionId)
    {
        if (expected is null ? current is not null : current != expected)
        {
            throw new ConcurrencyConflictException(
                $"Session {sessionId} changed meanwhile ({(expected is null ? "an inserted record exists" : "a version no longer matches")}).");
        }
    }

    private StoredVersion NewVersion() => new((++_versions).ToString("D", CultureInfo.InvariantCulture));

    private sealed record Stored<T>(T Value, StoredVersion Version, DateTimeOffset ExpiresAt);

    private sealed record StoredParticipant(Participant Value, SessionTerms? Terms, StoredVersion Version, DateTimeOffset ExpiresAt);
}
