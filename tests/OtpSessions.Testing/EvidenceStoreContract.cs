using OtpSessions.Core.Evidence;
using OtpSessions.Core.Sessions;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="IEvidenceStore"/> does, run against the Table store on Azurite (Infrastructure.Tests) and the
/// in-memory store (Core.Tests): the trail holds the session, its participants with their delivery records and its
/// audit records as committed through the matching <see cref="ISessionStore"/>, whether the session expired or not; a
/// kept record is found with its exact payload bytes, the first one kept stays, and it is absent once past its retention.
/// </summary>
public abstract class EvidenceStoreContract
{
    /// <summary>The session store whose commits the evidence store reads.</summary>
    protected abstract ISessionStore Sessions { get; }

    protected abstract IEvidenceStore Store { get; }

    protected abstract TimeProvider Time { get; }

    protected abstract void SetTime(DateTimeOffset time);

    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(Session Session, Participant Participant)> CommittedAsync()
    {
        var now = Time.GetUtcNow();
        var session = SessionRecords.Session(now);
        var participant = SessionRecords.Participant(session, now);
        await Sessions.CommitAsync(new SessionChange(session).Put(session).Put(participant)
            .Record(AuditActions.SessionStarted, "agent-7", now, null, new { session.SessionId })
            .Record(AuditActions.WrongAttempt, participant.ParticipantId, now.AddSeconds(1), participant.ParticipantId,
                new WrongAttemptData(participant.ParticipantId, "c1", 1, 0)), None);
        return (session, participant);
    }

    [Fact]
    public async Task The_trail_holds_the_session_its_participants_and_its_audit_records_expired_or_not()
    {
        var (session, participant) = await CommittedAsync();

        SetTime(session.ExpiresAt.AddMinutes(1));
        var trail = await Store.LoadTrailAsync(session.SessionId, None);

        Assert.NotNull(trail);
        Assert.Equal(session.SessionId, trail.Session.SessionId);
        Assert.Equal(session.Policy.MaxAttempts, trail.Session.Policy.MaxAttempts);
        Assert.Equal(participant.ParticipantId, Assert.Single(trail.Participants).ParticipantId);
        Assert.Equal([AuditActions.SessionStarted, AuditActions.WrongAttempt], trail.Audit.OrderBy(a => a.Time).Select(a => a.Action));
        var wrong = trail.Audit.Single(a => a.Action == AuditActions.WrongAttempt);
        Assert.Equal(participant.ParticipantId, wrong.ParticipantId);
        Assert.Contains("\"failedAttempts\":1", wrong.DataJson, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(wrong.Id));
    }

    [Fact]
    public async Task A_session_that_was_never_stored_has_no_trail()
    {
        Assert.Null(await Store.LoadTrailAsync(SessionIds.NewSessionId(), None));
    }

    [Fact]
    public async Task A_kept_record_is_found_with_its_exact_bytes_and_the_first_one_stays()
    {
        var now = Time.GetUtcNow();
        var sessionId = SessionIds.NewSessionId();
        // Larger than one Table column holds (64 KiB), so a store that splits the payload must join it exactly.
        var payload = Enumerable.Range(0, 150_000).Select(i => (byte)(i % 251)).ToArray();
        var first = new KeptEvidence(sessionId, "agent-7", "retail", payload, now, now.AddDays(10));

        Assert.True(await Store.KeepAsync(first, None));
        Assert.False(await Store.KeepAsync(first with { Payload = [1, 2, 3], AgentId = "agent-8" }, None));

        var kept = await Store.FindKeptAsync(sessionId, None);
        Assert.NotNull(kept);
        Assert.Equal(payload, kept.Payload);
        Assert.Equal(("agent-7", "retail"), (kept.AgentId, kept.Team));
        Assert.Equal(first.ExpiresAt, kept.ExpiresAt);
        Assert.Null(await Store.FindKeptAsync(SessionIds.NewSessionId(), None));
    }

    [Fact]
    public async Task A_kept_record_is_absent_past_its_retention()
    {
        var now = Time.GetUtcNow();
        var evidence = new KeptEvidence(SessionIds.NewSessionId(), "agent-7", null, [1, 2, 3], now, now.AddDays(10));
        await Store.KeepAsync(evidence, None);

        SetTime(evidence.ExpiresAt.AddSeconds(-1));
        Assert.NotNull(await Store.FindKeptAsync(evidence.SessionId, None));
        SetTime(evidence.ExpiresAt.AddSeconds(1));
        Assert.Null(await Store.FindKeptAsync(evidence.SessionId, None));
    }
}
