using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using System.Text.Json;
using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Tests;

[Collection(StorageCollection.Name)]
public sealed class SessionServiceTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    [Fact]
    public async Task Start_commits_session_participants_outbox_and_audit_and_queues_one_invitation_per_participant()
    {
        var agent = SessionTestApp.Agent();

        var view = await _app.StartAsync(agent);

        Assert.Equal(SessionStatus.Active, view.Status);
        Assert.Equal(agent.Subject, view.AgentId);
        Assert.Equal(_app.Time.GetUtcNow().AddDays(30), view.ExpiresAt);
        Assert.Equal([ParticipantRole.Primary, ParticipantRole.Cosigner], view.Participants.Select(p => p.Role));
        Assert.All(view.Participants, p => Assert.Equal("pending", p.Invitation.Status));
        Assert.Equal("d***@example.com", view.Participants[0].Invite.Address);
        Assert.Equal("+1******0100", view.Participants[0].Otp.Address);

        var rows = await storage.RowsAsync(TableNames.Sessions, view.SessionId);
        Assert.Single(rows, r => r.RowKey == "session");
        Assert.Equal(2, rows.Count(r => r.RowKey.StartsWith("participant|", StringComparison.Ordinal)));
        var outbox = Assert.Single(rows, r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal));
        Assert.Equal(EventTypes.SessionStarted, outbox.GetString("Type"));
        Assert.Null(EventDataGuard.FindViolation(outbox.GetString("Data")));
        Assert.Contains("loan-8812", outbox.GetString("Data"), StringComparison.Ordinal);
        Assert.Single(rows, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal) && r.GetString("Action") == AuditActions.SessionStarted);

        // Every message of this session, as queued: exactly one per participant, holding ids and the attempt only.
        var texts = (await _app.DrainInvitationTextsAsync()).Where(t => t.Contains(view.SessionId, StringComparison.Ordinal)).ToList();
        var messages = texts.Select(t => JsonSerializer.Deserialize<DeliveryMessage>(t, SessionJson.Options)!).ToList();
        Assert.Equal(view.Participants.Select(p => p.ParticipantId).Order(), messages.Select(m => m.ParticipantId).Order());
        Assert.All(messages, m => Assert.Equal((InvitationDelivery.KindName, view.SessionId, "1"), (m.Kind, m.SessionId, m.Item)));
        Assert.All(texts, t => Assert.Matches("""^\{"kind":"invitation","sessionId":"s_[0-9a-f]+","participantId":"p_[0-9a-f]+","item":"1"\}$""", t));
    }

    [Fact]
    public async Task Start_gives_each_participant_a_link_that_names_its_row_which_holds_only_the_hash()
    {
        var view = await _app.StartAsync(SessionTestApp.Agent());
        var snapshot = await _app.Sessions.LoadSessionAsync(view.SessionId, CancellationToken.None);
        var rows = await storage.RowsAsync(TableNames.Sessions, view.SessionId);

        foreach (var participant in snapshot!.Participants)
        {
            var token = _app.InviteTokenOf(participant);
            Assert.True(TokenFactory.TryReadHolder(token, out var sessionId, out var participantId));
            Assert.Equal((view.SessionId, participant.ParticipantId), (sessionId, participantId));
            Assert.Equal(TokenFactory.Hash(token), participant.Invitation.TokenHash);
            Assert.Equal(_app.Time.GetUtcNow().AddDays(7), participant.Invitation.LinkExpiresAt);
            Assert.Equal(LinkCheck.Valid, await _app.CheckAsync(token));
            Assert.DoesNotContain(rows, r => ((IDictionary<string, object>)r).Values.OfType<string>().Any(v => v.Contains(token, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Adding_participants_concurrently_keeps_every_one_with_its_own_index()
    {
        var agent = SessionTestApp.Agent();
        var view = await _app.StartAsync(agent);

        var added = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _app.Service.AddParticipantAsync(agent, view.SessionId,
            new ParticipantInput(ParticipantRole.Additional, $"Extra {i}", new ContactInput(Channel.Sms, "+1415555011" + i), null),
            CancellationToken.None)));

        Assert.All(added, a => Assert.True(a.IsSuccess));
        var snapshot = await _app.Sessions.LoadSessionAsync(view.SessionId, CancellationToken.None);
        Assert.Equal(6, snapshot!.Participants.Count);
        Assert.Equal(6, snapshot.Session.ParticipantCount);
        Assert.Equal(Enumerable.Range(0, 6), snapshot.Participants.Select(p => p.Index).Order());
        var outbox = (await storage.RowsAsync(TableNames.Sessions, view.SessionId)).Where(r => r.GetString("Type") == EventTypes.ParticipantAdded);
        Assert.Equal(4, outbox.Count());
        await _app.DrainInvitationsAsync();
    }

    [Fact]
    public async Task Closing_revokes_every_link_is_idempotent_and_refuses_further_changes()
    {
        var agent = SessionTestApp.Agent();
        var view = await _app.StartAsync(agent);
        var participants = (await _app.Sessions.LoadSessionAsync(view.SessionId, CancellationToken.None))!.Participants;

        var closed = await _app.Service.CloseAsync(agent, view.SessionId, CancellationToken.None);
        var again = await _app.Service.CloseAsync(agent, view.SessionId, CancellationToken.None);

        Assert.Equal(SessionStatus.Closed, closed.Value!.Status);
        Assert.Equal(closed.Value.ClosedAt, again.Value!.ClosedAt);
        foreach (var p in participants)
        {
            Assert.Equal(LinkCheck.Invalid, await _app.CheckAsync(_app.InviteTokenOf(p)));
        }
        var rows = await storage.RowsAsync(TableNames.Sessions, view.SessionId);
        Assert.Single(rows, r => r.GetString("Type") == EventTypes.SessionClosed);
        Assert.Single(rows, r => r.GetString("Action") == AuditActions.SessionClosed);
        var add = await _app.Service.AddParticipantAsync(agent, view.SessionId,
            new ParticipantInput(ParticipantRole.Cosigner, "Late", new ContactInput(Channel.Sms, "+14155550120"), null), CancellationToken.None);
        Assert.Equal(ErrorCodes.SessionClosed, add.Failure!.Code);
        await _app.DrainInvitationsAsync();
    }
}
