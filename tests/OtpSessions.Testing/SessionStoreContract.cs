using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="ISessionStore"/> does, written once and run against each implementation — the Table store on
/// Azurite (Infrastructure.Tests) and the in-memory store the application-service tests use (Core.Tests) — so the two
/// cannot drift: loads, versions and conflicts, all-or-nothing commits, expiry, and the terms participants carry.
/// </summary>
public abstract class SessionStoreContract
{
    /// <summary>The store under test; a fresh session id per test keeps tests on a shared store apart.</summary>
    protected abstract ISessionStore Store { get; }

    /// <summary>The store's clock.</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>Moves the store's clock to <paramref name="time"/>.</summary>
    protected abstract void SetTime(DateTimeOffset time);

    private DateTimeOffset Now => Time.GetUtcNow();

    private static readonly CancellationToken None = CancellationToken.None;

    private Session NewSession() => SessionRecords.Session(Now, participantCount: 2);

    private Participant NewParticipant(Session session, int index) => SessionRecords.Participant(session, Now, index);

    private async Task<SessionSnapshot> StoredAsync()
    {
        var session = NewSession();
        await Store.CommitAsync(new SessionChange(session).Put(session).Put(NewParticipant(session, 0)).Put(NewParticipant(session, 1))
            .Emit(EventTypes.SessionStarted, Now, new { session.SessionId }), None);
        return (await Store.LoadSessionAsync(session.SessionId, None))!;
    }

    [Fact]
    public async Task A_committed_session_loads_as_written_with_a_version_for_each_record()
    {
        var session = NewSession();
        var (first, second) = (NewParticipant(session, 0), NewParticipant(session, 1));
        await Store.CommitAsync(new SessionChange(session).Put(session).Put(second).Put(first), None);

        var loaded = await Store.LoadSessionAsync(session.SessionId, None);

        Assert.NotNull(loaded!.Session.Version);
        Assert.Equal(session with { Version = loaded.Session.Version, Policy = loaded.Session.Policy }, loaded.Session);
        Assert.Equal((3, TimeSpan.FromMinutes(7)), (loaded.Session.Policy.MaxAttempts, loaded.Session.Policy.Lifetime));
        Assert.Equal(new[] { first.ParticipantId, second.ParticipantId }.Order(StringComparer.Ordinal), loaded.Participants.Select(p => p.ParticipantId));
        Assert.All(loaded.Participants, p => Assert.NotNull(p.Version));
        Assert.Equal(first with { Version = loaded.Find(first.ParticipantId)!.Version }, loaded.Find(first.ParticipantId));
    }

    [Fact]
    public async Task A_reported_participant_loads_as_written_with_its_report_key_and_time()
    {
        var session = NewSession();
        var reported = (NewParticipant(session, 0) with { ReportKeyId = "key-1" }).Reported(Now);
        await Store.CommitAsync(new SessionChange(session).Put(session).Put(reported), None);

        var loaded = (await Store.LoadParticipantWithTermsAsync(session.SessionId, reported.ParticipantId, None))!.Participant;

        Assert.Equal((ParticipantStatus.Reported, "key-1", (DateTimeOffset?)Now), (loaded.Status, loaded.ReportKeyId, loaded.ReportedAt));
        Assert.True(loaded.IsReported);
    }

    [Fact]
    public async Task Every_write_gives_a_new_version_and_a_write_at_an_old_one_is_a_conflict_that_writes_nothing()
    {
        var stored = await StoredAsync();
        var participant = stored.Participants[0];
        await Store.CommitAsync(new SessionChange(stored.Session).Put(participant with { OpenedAt = Now }), None);
        var after = (await Store.LoadSessionAsync(stored.Session.SessionId, None))!;
        Assert.NotEqual(participant.Version, after.Find(participant.ParticipantId)!.Version);
        Assert.Equal(stored.Session.Version, after.Session.Version);

        // Stale participant, fresh session: nothing of the change is written, not even its event or its new session state.
        var stale = new SessionChange(after.Session)
            .Put(after.Session with { ParticipantCount = 3 })
            .Put(participant with { Name = "Stale" })
            .Emit(EventTypes.ParticipantOpened, Now, new { participant.ParticipantId });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitAsync(stale, None));

        var unchanged = (await Store.LoadSessionAsync(stored.Session.SessionId, None))!;
        Assert.Equal(after.Session.Version, unchanged.Session.Version);
        Assert.Equal(2, unchanged.Session.ParticipantCount);
        Assert.Equal("Dana Cole", unchanged.Find(participant.ParticipantId)!.Name);
    }

    [Fact]
    public async Task Inserting_what_exists_is_a_conflict()
    {
        var stored = await StoredAsync();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Store.CommitAsync(new SessionChange(stored.Session).Put(stored.Session with { Version = null }), None));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Store.CommitAsync(new SessionChange(stored.Session).Put(stored.Participants[0] with { Version = null }), None));
    }

    [Fact]
    public async Task Replacing_what_was_never_stored_is_a_conflict()
    {
        var stored = await StoredAsync();
        var ghost = NewParticipant(stored.Session, 2) with { Version = stored.Participants[0].Version };

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitAsync(new SessionChange(stored.Session).Put(ghost), None));
        Assert.Null(await Store.LoadParticipantAsync(stored.Session.SessionId, ghost.ParticipantId, None));
    }

    [Fact]
    public async Task An_expired_session_and_its_participants_are_absent()
    {
        var stored = await StoredAsync();
        var (sessionId, participantId) = (stored.Session.SessionId, stored.Participants[0].ParticipantId);

        SetTime(stored.Session.ExpiresAt);

        Assert.Null(await Store.LoadSessionAsync(sessionId, None));
        Assert.Null(await Store.LoadParticipantAsync(sessionId, participantId, None));
        Assert.Null(await Store.LoadParticipantWithTermsAsync(sessionId, participantId, None));
    }

    [Fact]
    public async Task Unknown_sessions_and_participants_are_absent()
    {
        var stored = await StoredAsync();
        const string Unknown = "p_000000000000000000000000";

        Assert.Null(await Store.LoadSessionAsync(SessionIds.NewSessionId(), None));
        Assert.Null(await Store.LoadParticipantAsync(stored.Session.SessionId, Unknown, None));
        Assert.Null(await Store.LoadParticipantWithTermsAsync(stored.Session.SessionId, Unknown, None));
        Assert.Null(await Store.LoadParticipantAsync(SessionIds.NewSessionId(), stored.Participants[0].ParticipantId, None));
    }

    [Fact]
    public async Task A_participant_carries_its_session_terms_and_nothing_more()
    {
        var stored = await StoredAsync();
        var participant = stored.Participants[0];

        var loaded = await Store.LoadParticipantWithTermsAsync(stored.Session.SessionId, participant.ParticipantId, None);
        var alone = await Store.LoadParticipantAsync(stored.Session.SessionId, participant.ParticipantId, None);

        Assert.IsType<SessionTerms>(loaded!.Terms);
        Assert.Equal(stored.Session.AsTerms() with { Policy = loaded.Terms.Policy }, loaded.Terms);
        Assert.Equal(participant, loaded.Participant);
        Assert.Equal(stored.Session, alone!.Session with { Policy = stored.Session.Policy });
        Assert.Equal(participant, alone.Participant);
    }

    [Fact]
    public async Task Closing_the_session_with_its_participants_changes_the_terms_they_carry()
    {
        var stored = await StoredAsync();
        var closed = stored.Session with { Status = SessionStatus.Closed, ClosedAt = Now, ClosedBy = "agent-7" };
        var change = new SessionChange(closed).Put(closed);
        foreach (var p in stored.Participants)
        {
            change.Put(p);
        }
        await Store.CommitAsync(change, None);

        foreach (var p in stored.Participants)
        {
            var loaded = await Store.LoadParticipantWithTermsAsync(stored.Session.SessionId, p.ParticipantId, None);
            Assert.Equal((SessionStatus.Closed, Now, "agent-7"), (loaded!.Terms.Status, loaded.Terms.ClosedAt, loaded.Terms.ClosedBy));
        }
    }

    [Fact]
    public async Task A_participant_written_without_its_session_carries_the_terms_of_the_stored_session()
    {
        var stored = await StoredAsync();
        var other = NewParticipant(stored.Session, 2);
        await Store.CommitAsync(new SessionChange(stored.Session.SessionId, stored.Session.ExpiresAt).Put(other), None);

        var loaded = await Store.LoadParticipantWithTermsAsync(stored.Session.SessionId, other.ParticipantId, None);

        Assert.Equal(stored.Session.AsTerms() with { Policy = loaded!.Terms.Policy }, loaded.Terms);
        Assert.Equal(other.ParticipantId, loaded.Participant.ParticipantId);
    }

    [Fact]
    public async Task A_delivery_record_is_merged_into_its_participant_and_versioned_on_its_own()
    {
        var stored = await StoredAsync();
        var participant = stored.Participants[0] with { OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, "c1", 1) };
        await Store.CommitAsync(new SessionChange(stored.Session).Put(participant), None);
        var record = Delivery.Queued(DeliveryKindNames.Code, "c1", 1).Accepted("msg-1", Now) with { SendsAccepted = 1 };
        await Store.CommitAsync(new SessionChange(stored.Session).Put(participant.ParticipantId, record), None);

        var loaded = (await Store.LoadParticipantAsync(stored.Session.SessionId, participant.ParticipantId, None))!.Participant;
        var withTerms = (await Store.LoadParticipantWithTermsAsync(stored.Session.SessionId, participant.ParticipantId, None))!.Participant;

        Assert.Equal(DeliveryStatus.Sent, loaded.OtpDelivery.Status);
        Assert.Equal(record with { Version = loaded.DeliveryRecord!.Version }, loaded.DeliveryRecord);
        Assert.NotNull(loaded.DeliveryRecord.Version);
        Assert.Equal(DeliveryStatus.Queued, withTerms.OtpDelivery.Status);
        Assert.Null(withTerms.DeliveryRecord);
        Assert.Equal(loaded, (await Store.LoadSessionAsync(stored.Session.SessionId, None))!.Find(participant.ParticipantId));

        // The worker's record and the customer's participant do not collide; two writers of the record do.
        await Store.CommitAsync(new SessionChange(stored.Session).Put(withTerms with { OpenedAt = Now }), None);
        await Store.CommitAsync(new SessionChange(stored.Session).Put(participant.ParticipantId, loaded.DeliveryRecord with { Status = DeliveryStatus.Delivered }), None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitAsync(
            new SessionChange(stored.Session).Put(participant.ParticipantId, loaded.DeliveryRecord with { Status = DeliveryStatus.Failed }), None));
    }

    [Fact]
    public async Task A_participants_deliveries_come_back_as_written()
    {
        var stored = await StoredAsync();
        var first = stored.Participants[0];
        var participant = first with
        {
            Invitation = first.Invitation.Resent(Now) with
            {
                Delivery = first.Invitation.Resent(Now).Delivery.Accepted("msg-7", Now.AddSeconds(2)).Reported(delivered: false, "msg-7", Now.AddSeconds(3))!,
            },
            OtpDelivery = new Delivery(DeliveryKindNames.Code, DeliveryStatus.Refused) { RetryAt = Now.AddHours(1) },
        };
        await Store.CommitAsync(new SessionChange(stored.Session).Put(participant), None);

        var loaded = (await Store.LoadParticipantWithTermsAsync(stored.Session.SessionId, participant.ParticipantId, None))!.Participant;

        Assert.Equal(participant.Invitation, loaded.Invitation);
        Assert.Equal((2, DeliveryStatus.Failed, "msg-7"), (loaded.Invitation.Attempt, loaded.Invitation.Status, loaded.Invitation.Delivery.ProviderMessageId));
        Assert.Equal(participant.OtpDelivery, loaded.OtpDelivery);
    }

    [Fact]
    public async Task A_change_of_more_than_100_records_is_refused_and_writes_nothing()
    {
        var session = NewSession();
        var change = new SessionChange(session).Put(session);
        for (var i = 0; i < 100; i++)
        {
            change.Emit(EventTypes.SessionStarted, Now, new { i });
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CommitAsync(change, None));
        Assert.Null(await Store.LoadSessionAsync(session.SessionId, None));
    }
}
