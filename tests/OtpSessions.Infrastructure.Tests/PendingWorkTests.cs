using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Moq;
using OtpSessions.Core;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Infrastructure.Tests.Join;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// Nothing is lost between a commit and its queue message: the message is committed with the state change as a
/// <c>work|</c> row, relayed right after, and swept when the relay failed (here: the queue endpoint refuses connections,
/// a real storage fault). A message relayed twice still sends once.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class PendingWorkTests(StorageFixture storage)
{
    /// <summary>A queue service nobody listens on, without retries: every enqueue fails at once.</summary>
    private static readonly QueueServiceClient Unreachable =
        new(new Uri("http://127.0.0.1:1/devstoreaccount1"), new QueueClientOptions { Retry = { MaxRetries = 0 } });

    [Fact]
    public async Task An_invitation_whose_enqueue_failed_after_the_commit_is_swept_and_sent_once_even_when_relayed_twice()
    {
        var broken = new SessionTestApp(storage, queue: new StorageWorkQueue(Unreachable));
        var view = await broken.StartAsync(SessionTestApp.Agent());
        var healthy = new SessionTestApp(storage);
        healthy.Time.SetUtcNow(broken.Time.GetUtcNow());

        var recorded = await WorkRowsAsync(view.SessionId);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r => Assert.Equal("invitations", r.Queue));
        Assert.DoesNotContain(await healthy.DrainInvitationsAsync(), m => m.SessionId == view.SessionId);

        await healthy.Relay.SweepAsync(CancellationToken.None);
        Assert.Equal(2, (await WorkRowsAsync(view.SessionId)).Count); // still within the grace of the request that committed them
        healthy.Time.Advance(PendingWorkRelay.SweepGrace);
        await healthy.Relay.SweepAsync(CancellationToken.None);
        Assert.Empty(await WorkRowsAsync(view.SessionId));
        // As if the rows had not been deleted after the first relay: the same messages go out again.
        await healthy.Relay.RelayAsync(view.SessionId, recorded, CancellationToken.None);

        var messages = (await healthy.DrainInvitationsAsync()).Where(m => m.SessionId == view.SessionId).ToList();
        Assert.Equal(4, messages.Count);
        Assert.Equal(view.Participants.Select(p => p.ParticipantId).Order(), messages.Select(m => m.ParticipantId).Distinct().Order());
        foreach (var message in messages)
        {
            await healthy.Delivery.SendAsync(message, CancellationToken.None);
        }
        healthy.Sms.Verify(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        healthy.Email.Verify(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        foreach (var participant in view.Participants)
        {
            var stored = (await healthy.ParticipantAsync(view.SessionId, participant.ParticipantId)).Participant;
            Assert.Equal(DeliveryStatus.Sent, stored.Invitation.Status);
        }
        var rows = await storage.RowsAsync(TableNames.Sessions, view.SessionId);
        Assert.Equal(2, rows.Count(r => r.GetString("Type") == EventTypes.InvitationSent));
        Assert.Single(rows, r => r.GetString("Type") == EventTypes.SessionStarted);
    }

    [Fact]
    public async Task A_code_whose_enqueue_failed_after_the_commit_is_swept_and_sent_once()
    {
        var broken = new JoinTestApp(storage, queue: new BrokenQueue(QueueNames.OtpDeliveries, storage.Queues));
        var (view, token, _) = await broken.StartAsync();
        var arrived = await broken.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None);
        Assert.True(arrived.IsSuccess);
        Assert.Single(await WorkRowsAsync(view.SessionId));
        Assert.Empty(await broken.DrainOtpMessagesAsync(view.SessionId));

        var healthy = new JoinTestApp(storage);
        healthy.Sessions.Time.SetUtcNow(broken.Sessions.Time.GetUtcNow() + PendingWorkRelay.SweepGrace);
        await healthy.Sessions.Relay.SweepAsync(CancellationToken.None);

        Assert.Empty(await WorkRowsAsync(view.SessionId));
        var message = JoinTestApp.Parse(Assert.Single(await healthy.DrainOtpMessagesAsync(view.SessionId)));
        Assert.Equal(DeliveryWorkStatus.Sent, (await healthy.Deliveries.SendAsync(message, CancellationToken.None)).Status);
        Assert.Equal(DeliveryWorkStatus.Skipped, (await healthy.Deliveries.SendAsync(message, CancellationToken.None)).Status);
        healthy.Sessions.Sms.Verify(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        var rows = await storage.RowsAsync(TableNames.Sessions, view.SessionId);
        Assert.Single(rows, r => r.GetString("Type") == EventTypes.OtpRequested);
        Assert.Single(rows, r => r.GetString("Type") == EventTypes.OtpSent);
    }

    [Fact]
    public async Task Storage_and_broker_failing_right_after_the_commits_still_end_with_the_code_sent_once_and_each_event_published_once()
    {
        // The process that commits can neither enqueue (the queue endpoint refuses connections) nor publish (the broker
        // refuses): as if it had died right after each commit.
        var refusing = new Mock<IEventPublisher>();
        refusing.Setup(p => p.IsEnabled).Returns(true);
        refusing.Setup(p => p.PublishAsync(It.IsAny<OutboxEvent>(), It.IsAny<CancellationToken>())).ThrowsAsync(new EventPublishException("broker down"));
        var broken = new JoinTestApp(storage, queue: new BrokenQueue(QueueNames.OtpDeliveries, storage.Queues), publisher: refusing.Object);
        var (view, token, _) = await broken.StartAsync();
        Assert.True((await broken.Join.OpenAsync(JoinTestApp.Invite(token), CancellationToken.None)).IsSuccess);
        Assert.True((await broken.Join.RequestOtpAsync(JoinTestApp.Invite(token), CancellationToken.None)).IsSuccess);
        await Poll.UntilAsync(() => refusing.Invocations.Any(i => i.Method.Name == nameof(IEventPublisher.PublishAsync)),
            "the publish right after the first commit to have failed (later events of the session then wait for the sweep)");
        var committed = await OutboxIdsAsync(view.SessionId);
        Assert.Equal(3, committed.Count); // session.started, participant.opened, otp.requested: none lost
        await broken.Sessions.DrainInvitationsAsync();

        // Another instance, later: the sweeps carry out what the commits wrote down.
        var published = new ConcurrentQueue<OutboxEvent>();
        var broker = new Mock<IEventPublisher>();
        broker.Setup(p => p.IsEnabled).Returns(true);
        broker.Setup(p => p.PublishAsync(It.IsAny<OutboxEvent>(), It.IsAny<CancellationToken>()))
            .Callback((OutboxEvent e, CancellationToken _) => published.Enqueue(e)).Returns(Task.CompletedTask);
        var healthy = new JoinTestApp(storage, publisher: broker.Object);
        healthy.Sessions.Time.SetUtcNow(broken.Sessions.Time.GetUtcNow() + PendingWorkRelay.SweepGrace);
        await healthy.Sessions.Relay.SweepAsync(CancellationToken.None);
        var message = JoinTestApp.Parse(Assert.Single(await healthy.DrainOtpMessagesAsync(view.SessionId)));
        Assert.Equal(DeliveryWorkStatus.Sent, (await healthy.Deliveries.SendAsync(message, CancellationToken.None)).Status);
        await Poll.UntilAsync(() => published.Any(e => e.Type == EventTypes.OtpSent), "otp.sent to be published right after its commit");
        await healthy.Sessions.Outbox.SweepAsync(CancellationToken.None);
        healthy.Sessions.Time.Advance(PendingWorkRelay.SweepGrace);
        await healthy.Sessions.Outbox.SweepAsync(CancellationToken.None);
        await healthy.Sessions.Relay.SweepAsync(CancellationToken.None);

        healthy.Sessions.Sms.Verify(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        var mine = published.Where(e => e.SessionId == view.SessionId).ToList();
        Assert.Equal([.. committed, mine.Single(e => e.Type == EventTypes.OtpSent).EventId], mine.Select(e => e.EventId).Order(StringComparer.Ordinal));
        Assert.Equal(mine.Count, mine.Select(e => e.EventId).Distinct().Count());
        Assert.Empty(await OutboxIdsAsync(view.SessionId));
        Assert.Empty(await WorkRowsAsync(view.SessionId));
    }

    /// <summary>The real queues, except <paramref name="broken"/>, whose endpoint refuses connections.</summary>
    private sealed class BrokenQueue(string broken, QueueServiceClient queues) : IWorkQueue
    {
        private readonly StorageWorkQueue _healthy = new(queues);
        private readonly StorageWorkQueue _unreachable = new(Unreachable);

        public Task SendAsync(string queue, string message, CancellationToken cancellationToken) =>
            (queue == broken ? _unreachable : _healthy).SendAsync(queue, message, cancellationToken);
    }

    private async Task<List<string>> OutboxIdsAsync(string sessionId) =>
        [.. (await storage.RowsAsync(TableNames.Sessions, sessionId))
            .Where(r => r.RowKey.StartsWith(SessionRowKeys.OutboxPrefix, StringComparison.Ordinal))
            .Select(r => r.RowKey[SessionRowKeys.OutboxPrefix.Length..]).Order(StringComparer.Ordinal)];

    private async Task<List<PendingWork>> WorkRowsAsync(string sessionId) =>
        [.. (await new TablePendingWorkStore(storage.Tables, new TableSessionStore(storage.Tables, TimeProvider.System)).ListAllAsync(PendingWorkRelay.SweepLimit, CancellationToken.None))
            .Where(w => w.SessionId == sessionId)];
}
