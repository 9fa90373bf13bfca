using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

[Collection(StorageCollection.Name)]
public sealed class TableSessionStoreTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    private DateTimeOffset Now => _app.Time.GetUtcNow();

    private Session NewSession() => SessionRecords.Session(Now);

    private Participant NewParticipant(Session session) => SessionRecords.Participant(session, Now);

    private async Task<(Session Session, Participant Participant)> StoredAsync()
    {
        var session = NewSession();
        var participant = NewParticipant(session);
        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt).Put(session).Put(participant)
            .Emit(EventTypes.SessionStarted, Now, new { session.SessionId }), CancellationToken.None);
        var loaded = await _app.Sessions.LoadSessionAsync(session.SessionId, CancellationToken.None);
        return (loaded!.Session, loaded.Participants.Single());
    }

    /// <summary>A second participant, committed by a change that names no session: its row carries no session copy.</summary>
    private async Task<Participant> AddSecondParticipantAsync(Session session)
    {
        var other = NewParticipant(session) with { Index = 1 };
        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt).Put(other), CancellationToken.None);
        return other;
    }

    [Fact]
    public async Task A_committed_session_loads_back_with_every_field_and_an_etag()
    {
        var session = NewSession();
        var participant = NewParticipant(session) with
        {
            Status = ParticipantStatus.Locked,
            OpenedAt = Now.AddMinutes(1),
            OtpState = new OtpState
            {
                OtpRequestedAt = Now.AddMinutes(1),
                CodeId = "code-1",
                ExpiresAt = Now.AddMinutes(10),
                ProtectedCode = "protected",
                IssuedAt = Now.AddMinutes(1),
                CodeSends = 1,
                FailedAttempts = 2,
                Lockouts = 1,
                LockedUntil = Now.AddMinutes(15),
                RecentSends = [Now.AddMinutes(2), Now.AddMinutes(3)],
            },
            OtpDelivery = new Delivery(DeliveryKindNames.Code, DeliveryStatus.Sent) { SentAt = Now.AddMinutes(2), ProviderMessageId = "msg-9" },
            Locale = Locale.Es,
            Replaces = "p_000000000000000000000000",
        };

        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt).Put(session).Put(participant), CancellationToken.None);
        var loaded = await _app.Sessions.LoadSessionAsync(session.SessionId, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.NotNull(loaded.Session.Version);
        Assert.Equal(session with { Version = loaded.Session.Version, Policy = loaded.Session.Policy }, loaded.Session);
        Assert.Equal(3, loaded.Session.Policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(7), loaded.Session.Policy.Lifetime);
        var back = Assert.Single(loaded.Participants);
        Assert.NotNull(back.Version);
        Assert.Equal(participant.OtpState.RecentSends, back.OtpState.RecentSends);
        Assert.Equal(participant with { Version = back.Version, OtpState = participant.OtpState with { RecentSends = back.OtpState.RecentSends } }, back);
    }

    [Fact]
    public async Task Every_row_of_a_change_carries_the_session_expiry()
    {
        var (session, participant) = await StoredAsync();
        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt)
            .Put(participant with { Status = ParticipantStatus.Opened })
            .Record("test", "agent-7", Now, participant.ParticipantId, new { participant.ParticipantId }), CancellationToken.None);

        var rows = await storage.RowsAsync(TableNames.Sessions, session.SessionId);

        Assert.Equal(4, rows.Count); // session, participant, outbox, audit
        Assert.All(rows, r => Assert.Equal(session.ExpiresAt, r.GetDateTimeOffset("ExpiresAt")));
        Assert.Single(rows, r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal));
        Assert.Single(rows, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_refused_as_a_concurrency_conflict()
    {
        var (session, participant) = await StoredAsync();
        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt)
            .Put(participant with { OtpState = participant.OtpState with { FailedAttempts = 1 } }), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Sessions.CommitAsync(
            new SessionChange(session.SessionId, session.ExpiresAt).Put(participant with { OtpState = participant.OtpState with { FailedAttempts = 5 } }), CancellationToken.None));

        var stored = await _app.ParticipantAsync(session.SessionId, participant.ParticipantId);
        Assert.Equal(1, stored.Participant.OtpState.FailedAttempts);
    }

    [Fact]
    public async Task Inserting_a_session_that_exists_is_a_concurrency_conflict()
    {
        var (session, _) = await StoredAsync();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Sessions.CommitAsync(
            new SessionChange(session.SessionId, session.ExpiresAt).Put(session with { Version = null }), CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_transaction_leaves_neither_the_state_change_nor_its_outbox_and_audit_rows()
    {
        var (session, participant) = await StoredAsync();
        var before = await storage.RowsAsync(TableNames.Sessions, session.SessionId);
        // Someone else changes the session row first: our change (close + participant + event + audit) must vanish whole.
        await _app.Sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt)
            .Put(session with { Reference = "changed" }), CancellationToken.None);
        var change = new SessionChange(session.SessionId, session.ExpiresAt)
            .Put(session with { Status = SessionStatus.Closed })
            .Put(participant with { Status = ParticipantStatus.Reassigned })
            .Emit(EventTypes.SessionClosed, Now, new { session.SessionId })
            .Record(AuditActions.SessionClosed, "agent-7", Now, null, new { session.SessionId });

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Sessions.CommitAsync(change, CancellationToken.None));

        var after = await storage.RowsAsync(TableNames.Sessions, session.SessionId);
        Assert.Equal(before.Select(r => r.RowKey).Order(), after.Select(r => r.RowKey).Order());
        Assert.DoesNotContain(after, r => r.RowKey == SessionRowKeys.Outbox(change.Events[0].EventId) || r.RowKey == SessionRowKeys.Audit(change.Audit[0].Time, change.Audit[0].Id));
        var loaded = await _app.Sessions.LoadSessionAsync(session.SessionId, CancellationToken.None);
        Assert.Equal(SessionStatus.Active, loaded!.Session.Status);
        Assert.Equal(ParticipantStatus.Invited, loaded.Participants.Single().Status);
    }

    [Fact]
    public async Task Expired_rows_read_as_absent()
    {
        var (session, participant) = await StoredAsync();

        _app.Time.SetUtcNow(session.ExpiresAt);

        Assert.Null(await _app.Sessions.LoadSessionAsync(session.SessionId, CancellationToken.None));
        Assert.Null(await _app.Sessions.LoadParticipantAsync(session.SessionId, participant.ParticipantId, CancellationToken.None));
    }

    [Fact]
    public async Task Loading_one_participant_reads_the_session_row_and_that_participant_only()
    {
        var (session, participant) = await StoredAsync();
        var other = await AddSecondParticipantAsync(session);

        var snapshot = await _app.ParticipantAsync(session.SessionId, other.ParticipantId);

        Assert.Equal(session.SessionId, snapshot.Session.SessionId);
        Assert.Equal(other.ParticipantId, snapshot.Participant.ParticipantId);
        Assert.Null(await _app.Sessions.LoadParticipantAsync(session.SessionId, "p_000000000000000000000000", CancellationToken.None));
        Assert.Equal(2, (await _app.Sessions.LoadSessionAsync(session.SessionId, CancellationToken.None))!.Participants.Count);
        _ = participant;
    }

    [Fact]
    public async Task A_participant_row_read_alone_carries_the_session_it_was_written_with_in_one_point_read()
    {
        var (session, participant) = await StoredAsync();

        storage.Counter.Reset();
        var snapshot = await _app.Sessions.LoadParticipantWithTermsAsync(session.SessionId, participant.ParticipantId, CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { ["GET sessions(key)"] = 1 }, storage.Counter.Snapshot());
        Assert.Equal(session.AsTerms() with { Policy = snapshot!.Terms.Policy }, snapshot.Terms);
        Assert.Equal((3, TimeSpan.FromMinutes(7)), (snapshot.Terms.Policy.MaxAttempts, snapshot.Terms.Policy.Lifetime));
        Assert.Equal(participant, snapshot.Participant);
        Assert.Null(await _app.Sessions.LoadParticipantWithTermsAsync(session.SessionId, "p_000000000000000000000000", CancellationToken.None));
        _app.Time.SetUtcNow(session.ExpiresAt);
        Assert.Null(await _app.Sessions.LoadParticipantWithTermsAsync(session.SessionId, participant.ParticipantId, CancellationToken.None));
    }

    [Fact]
    public async Task A_participant_row_written_without_the_session_copy_is_read_with_the_session_row()
    {
        var (session, _) = await StoredAsync();
        var other = await AddSecondParticipantAsync(session);

        storage.Counter.Reset();
        var snapshot = await _app.Sessions.LoadParticipantWithTermsAsync(session.SessionId, other.ParticipantId, CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { ["GET sessions(key)"] = 1, ["GET sessions()"] = 1 }, storage.Counter.Snapshot());
        Assert.Equal(session.AsTerms() with { Policy = snapshot!.Terms.Policy }, snapshot.Terms);
        Assert.Equal(other.ParticipantId, snapshot.Participant.ParticipantId);
    }

    [Fact]
    public async Task A_change_of_more_than_100_rows_is_refused_before_anything_is_sent()
    {
        var session = NewSession();
        var change = new SessionChange(session.SessionId, session.ExpiresAt).Put(session);
        for (var i = 0; i < 100; i++)
        {
            change.Emit(EventTypes.ParticipantAdded, Now, new { i });
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.Sessions.CommitAsync(change, CancellationToken.None));
        Assert.Empty(await storage.RowsAsync(TableNames.Sessions, session.SessionId));
    }

    [Fact]
    public async Task Outbox_rows_use_the_shared_outbox_mapping()
    {
        var (session, _) = await StoredAsync();

        var outbox = (await storage.RowsAsync(TableNames.Sessions, session.SessionId)).Single(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal));

        var e = OtpSessions.Infrastructure.Events.OutboxEntity.FromEntity(outbox);
        Assert.Equal(EventTypes.SessionStarted, e.Type);
        Assert.Equal(0, outbox.GetInt32("Attempts"));
    }

    [Fact]
    public async Task The_delivery_record_and_the_participant_row_are_written_apart_so_the_worker_and_the_customer_never_collide()
    {
        var (session, stored) = await StoredAsync();
        var change = () => new SessionChange(session.SessionId, session.ExpiresAt);
        await _app.Sessions.CommitAsync(change().Put(stored with
        {
            OtpState = new OtpState { CodeId = "code-1", ExpiresAt = Now.AddMinutes(10), ProtectedCode = "protected", CodeSends = 1 },
            OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, "code-1", 1),
        }), CancellationToken.None);
        // The customer (entering the code) and the delivery worker (recording the send) read the same state.
        var customer = (await _app.Sessions.LoadParticipantAsync(session.SessionId, stored.ParticipantId, CancellationToken.None))!.Participant;
        var worker = (await _app.Sessions.LoadParticipantAsync(session.SessionId, stored.ParticipantId, CancellationToken.None))!.Participant;
        Assert.Null(worker.DeliveryRecord);

        await _app.Sessions.CommitAsync(change().Put(worker.ParticipantId, CodeDelivery.OnAccepted(worker, "code-1", 1, "msg-1", Now)!),
            CancellationToken.None);
        await _app.Sessions.CommitAsync(change().Put(customer.WithOtp(customer.OtpState with { Used = true, AuthenticatedAt = Now }, Now)),
            CancellationToken.None);

        var back = (await _app.Sessions.LoadParticipantAsync(session.SessionId, stored.ParticipantId, CancellationToken.None))!.Participant;
        Assert.Equal(ParticipantStatus.Authenticated, back.Status);
        Assert.Equal(Delivery.Queued(DeliveryKindNames.Code, "code-1", 1).Accepted("msg-1", Now), back.OtpDelivery);
        Assert.Equal(back, (await _app.Sessions.LoadSessionAsync(session.SessionId, CancellationToken.None))!.Participants.Single());
        // Two writers of the delivery record still race on its own ETag.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Sessions.CommitAsync(change().Put(worker.ParticipantId,
            CodeDelivery.OnFailed(worker, "code-1")!), CancellationToken.None));
    }
}
