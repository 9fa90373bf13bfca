using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using OtpSessions.Core.Events;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.Events.Tests;

/// <summary>The dispatcher against a real Azurite, with Service Bus mocked: order, at-least-once, stable MessageIds.</summary>
public sealed class OutboxDispatchTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task Publishes_each_event_as_a_cloudevent_with_message_id_session_id_subject_and_content_type()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var written = await h.WriteStateChangeAsync(sessionId,
            (EventTypes.OtpRequested, $$"""{"sessionId":"{{sessionId}}","participantId":"p_1","mode":"auto","reference":"loan-8812"}"""));

        var result = await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal(new DispatchResult(1, DispatchOutcome.Done), result);
        var message = Assert.Single(h.Accepted);
        Assert.Equal(written[0].EventId, message.MessageId);
        Assert.Equal(sessionId, message.SessionId);
        Assert.Equal(EventTypes.OtpRequested, message.Subject);
        Assert.Equal("application/cloudevents+json", message.ContentType);
        using var body = JsonDocument.Parse(message.Body.ToMemory());
        var cloudEvent = body.RootElement;
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal(written[0].EventId, cloudEvent.GetProperty("id").GetString());
        Assert.Equal("/otp-sessions", cloudEvent.GetProperty("source").GetString());
        Assert.Equal(EventTypes.OtpRequested, cloudEvent.GetProperty("type").GetString());
        Assert.Equal(sessionId, cloudEvent.GetProperty("subject").GetString());
        Assert.Equal(EventsHarness.Start, cloudEvent.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("loan-8812", cloudEvent.GetProperty("data").GetProperty("reference").GetString());
        h.Client.Verify(c => c.CreateSender(EventTopics.SessionEvents));
        Assert.Empty(await h.OutboxRowsAsync(sessionId));
    }

    [Fact]
    public async Task Publishes_a_sessions_events_in_the_order_they_happened_and_deletes_each_row_only_after_the_broker_accepted_it()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var first = await h.WriteStateChangeAsync(sessionId, (EventTypes.SessionStarted, """{"reference":"r"}"""),
            (EventTypes.ParticipantAdded, """{"participantId":"p_1"}"""), (EventTypes.ParticipantAdded, """{"participantId":"p_2"}"""));
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await h.WriteStateChangeAsync(sessionId, (EventTypes.InvitationSent, """{"participantId":"p_1"}"""));
        var rowsSeenAtEachSend = new List<int>();
        h.BeforeAccept = async (_, _) => rowsSeenAtEachSend.Add((await h.OutboxRowsAsync(sessionId)).Count);

        await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal(first.Concat(second).Select(e => e.EventId), h.Accepted.Select(m => m.MessageId));
        Assert.Equal([4, 3, 2, 1], rowsSeenAtEachSend);
        Assert.Empty(await h.OutboxRowsAsync(sessionId));
    }

    [Fact]
    public async Task Service_bus_down_for_a_while_then_every_event_is_published_after_recovery_in_order_per_session_and_none_lost()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessions = Enumerable.Range(0, 5).Select(_ => EventsHarness.NewSessionId()).ToList();
        var written = sessions.ToDictionary(s => s, _ => new List<string>());
        var brokerDown = true;
        h.BeforeAccept = (_, _) => brokerDown
            ? throw new ServiceBusException("The service is busy.", ServiceBusFailureReason.ServiceBusy)
            : Task.CompletedTask;

        for (var round = 0; round < 6; round++)
        {
            foreach (var sessionId in sessions)
            {
                var events = await h.WriteEventAsync(sessionId, round % 2 == 0 ? EventTypes.OtpRequested : EventTypes.OtpSent);
                written[sessionId].AddRange(events.Select(e => e.EventId));
                await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);
            }
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }
        await h.Dispatcher.SweepAsync(CancellationToken.None);
        Assert.Empty(h.Accepted);
        Assert.Equal(30, (await h.OutboxRowsAsync()).Count);

        brokerDown = false;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        var sweep = await h.Dispatcher.SweepAsync(CancellationToken.None);

        Assert.Equal(30, sweep.Published);
        foreach (var sessionId in sessions)
        {
            Assert.Equal(written[sessionId], h.AcceptedFor(sessionId).Select(m => m.MessageId));
        }
        Assert.Equal(30, h.Accepted.Select(m => m.MessageId).Distinct().Count());
        Assert.Empty(await h.OutboxRowsAsync());
    }

    [Fact]
    public async Task A_failed_publish_stops_its_session_there_and_records_attempts_a_safe_error_and_the_back_off()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var events = await h.WriteStateChangeAsync(sessionId, (EventTypes.OtpRequested, "{}"), (EventTypes.OtpSent, "{}"));
        h.BeforeAccept = (_, _) => throw new ServiceBusException(
            "Put token failed. Endpoint=sb://x/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0", ServiceBusFailureReason.ServiceCommunicationProblem);

        var result = await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal(new DispatchResult(0, DispatchOutcome.Failed), result);
        Assert.Single(h.Attempted);
        var rows = await h.OutboxRowsAsync(sessionId);
        Assert.Equal(2, rows.Count);
        var failed = rows.Single(r => r.RowKey == SessionRowKeys.Outbox(events[0].EventId));
        Assert.Equal(1, failed.GetInt32(OutboxEntity.Attempts));
        Assert.Equal("Service Bus: ServiceCommunicationProblem (transient)", failed.GetString(OutboxEntity.LastError));
        Assert.Equal(EventsHarness.Start.AddSeconds(2), failed.GetDateTimeOffset(OutboxEntity.NextAttemptAt));
        Assert.False(failed.GetBoolean(OutboxEntity.Stuck));
        var untouched = rows.Single(r => r.RowKey == SessionRowKeys.Outbox(events[1].EventId));
        Assert.Equal(0, untouched.GetInt32(OutboxEntity.Attempts));

        var meanwhile = await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);
        Assert.Equal(DispatchOutcome.BackingOff, meanwhile.Outcome);
        Assert.Single(h.Attempted);

        h.BeforeAccept = null;
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);
        Assert.Equal(events.Select(e => e.EventId), h.Accepted.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Broker_accepted_but_the_acknowledgement_was_lost_so_the_same_message_id_is_sent_again()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var events = await h.WriteEventAsync(sessionId);
        h.AfterAccept = (_, _) => throw new TimeoutException("no answer from the broker");

        await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);
        Assert.Equal("TimeoutException", Assert.Single(await h.OutboxRowsAsync(sessionId)).GetString(OutboxEntity.LastError));

        h.AfterAccept = null;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Dispatcher.SweepAsync(CancellationToken.None);

        Assert.Equal([events[0].EventId, events[0].EventId], h.Accepted.Select(m => m.MessageId));
        Assert.Empty(await h.OutboxRowsAsync(sessionId));
    }

    [Fact]
    public async Task A_crash_between_send_and_row_delete_sends_the_same_message_id_again()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var events = await h.WriteStateChangeAsync(sessionId, (EventTypes.ParticipantOpened, "{}"), (EventTypes.OtpRequested, "{}"));
        using var crash = new CancellationTokenSource();
        h.AfterAccept = (_, _) =>
        {
            crash.Cancel();  // the worker is shut down right after the broker took the first event
            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Dispatcher.DispatchSessionAsync(sessionId, crash.Token));
        Assert.Equal(2, (await h.OutboxRowsAsync(sessionId)).Count);

        h.AfterAccept = null;
        await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal([events[0].EventId, events[0].EventId, events[1].EventId], h.Accepted.Select(m => m.MessageId));
        Assert.Empty(await h.OutboxRowsAsync(sessionId));
    }

    [Fact]
    public async Task A_row_that_changed_before_its_delete_stays_and_its_event_is_sent_again_with_the_same_message_id()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var events = await h.WriteEventAsync(sessionId);
        h.AfterAccept = async (_, _) =>
        {
            h.AfterAccept = null;
            // Someone else (another dispatcher) touched the row between the send and the delete: its ETag no longer matches.
            await h.Sessions.UpdateEntityAsync(new TableEntity(sessionId, SessionRowKeys.Outbox(events[0].EventId)) { ["Touched"] = true }, Azure.ETag.All);
        };

        var interrupted = await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);
        Assert.Equal(DispatchOutcome.Interrupted, interrupted.Outcome);
        Assert.Single(await h.OutboxRowsAsync(sessionId));

        await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal([events[0].EventId, events[0].EventId], h.Accepted.Select(m => m.MessageId));
        Assert.Empty(await h.OutboxRowsAsync(sessionId));
    }

    [Fact]
    public async Task A_row_failing_max_attempts_times_is_flagged_stuck_health_is_degraded_and_other_sessions_still_flow()
    {
        await using var h = await EventsHarness.CreateAsync(azurite, settings: new Dictionary<string, string?> { ["Events:MaxAttempts"] = "3" });
        var (broken, healthy) = (EventsHarness.NewSessionId(), EventsHarness.NewSessionId());
        await h.WriteEventAsync(broken);
        h.BeforeAccept = (m, _) => m.SessionId == broken
            ? throw new ServiceBusException("entity disabled", ServiceBusFailureReason.MessagingEntityDisabled)
            : Task.CompletedTask;

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await h.Dispatcher.DispatchSessionAsync(broken, CancellationToken.None);
            h.Time.Advance(TimeSpan.FromMinutes(10));
        }
        var healthyEvents = await h.WriteEventAsync(healthy);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var sweep = await h.Dispatcher.SweepAsync(CancellationToken.None);

        var stuck = Assert.Single(await h.OutboxRowsAsync(broken));
        Assert.True(stuck.GetBoolean(OutboxEntity.Stuck));
        Assert.Equal(4, stuck.GetInt32(OutboxEntity.Attempts));
        Assert.Equal(1, sweep.Stuck);
        Assert.Equal(healthyEvents[0].EventId, Assert.Single(h.AcceptedFor(healthy)).MessageId);
        var report = await h.Health.CheckAsync(CancellationToken.None);
        Assert.Equal("degraded", report.Status);
        Assert.Equal("degraded", report.Checks["events"]);
        Assert.Contains(h.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("is stuck after 3 failed attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stuck_row_is_still_retried_at_the_longest_back_off_and_health_recovers_once_it_is_published()
    {
        await using var h = await EventsHarness.CreateAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Events:MaxAttempts"] = "1",
            ["Events:HealthCacheDuration"] = "00:00:00",
        });
        var sessionId = EventsHarness.NewSessionId();
        var events = await h.WriteEventAsync(sessionId);
        h.BeforeAccept = (_, _) => throw new ServiceBusException("quota", ServiceBusFailureReason.QuotaExceeded);
        await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);
        Assert.Equal("degraded", (await h.Health.CheckAsync(CancellationToken.None)).Checks["events"]);

        h.BeforeAccept = null;
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Dispatcher.SweepAsync(CancellationToken.None);

        Assert.Equal(events[0].EventId, Assert.Single(h.Accepted).MessageId);
        var report = await h.Health.CheckAsync(CancellationToken.None);
        Assert.Equal("ok", report.Checks["events"]);
    }

    [Theory]
    [InlineData("""{"participantId":"p_1","code":"482913"}""", "data.code")]
    [InlineData("""{"participantId":"p_1","accessToken":"tok-123"}""", "data.accessToken")]
    [InlineData("""{"participantId":"p_1","inviteToken":"tok-123"}""", "data.inviteToken")]
    [InlineData("""{"participantId":"p_1","invite":{"address":"dana@example.com"}}""", "data.invite.address")]
    [InlineData("""{"participantId":"p_1","otp":{"address":"+14155550100"}}""", "data.otp.address")]
    public async Task Event_data_with_a_code_a_token_or_an_unmasked_address_is_parked_never_published_and_the_sessions_later_events_still_go_out(
        string data, string path)
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var (leaky, other) = (EventsHarness.NewSessionId(), EventsHarness.NewSessionId());
        var refused = await h.WriteStateChangeAsync(leaky, (EventTypes.OtpSent, data));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var later = await h.WriteEventAsync(leaky, EventTypes.OtpViewed);
        var fine = await h.WriteEventAsync(other);

        var result = await h.Dispatcher.DispatchSessionAsync(leaky, CancellationToken.None);
        await h.Dispatcher.DispatchSessionAsync(other, CancellationToken.None);

        Assert.Equal((1, 1, DispatchOutcome.Done), (result.Published, result.Parked, result.Outcome));
        Assert.Equal(later[0].EventId, Assert.Single(h.AcceptedFor(leaky)).MessageId);
        Assert.Equal(fine[0].EventId, Assert.Single(h.AcceptedFor(other)).MessageId);
        var row = Assert.Single(await h.OutboxRowsAsync(leaky));
        Assert.Equal(SessionRowKeys.Outbox(refused[0].EventId), row.RowKey);
        Assert.True(row.GetBoolean(OutboxEntity.Stuck));
        Assert.True(row.GetBoolean(OutboxEntity.Rejected));
        Assert.Contains(path, row.GetString(OutboxEntity.LastError));
        Assert.Contains(h.Logs.Lines, l => l.Contains(refused[0].EventId, StringComparison.Ordinal) && l.Contains("parked", StringComparison.Ordinal));
        Assert.DoesNotContain("482913", h.Logs.All);
        Assert.DoesNotContain("tok-123", h.Logs.All);
        Assert.DoesNotContain("dana@example.com", h.Logs.All);
        Assert.DoesNotContain("+14155550100", h.Logs.All);
        var report = await h.Health.CheckAsync(CancellationToken.None);
        Assert.Equal("degraded", report.Checks["events"]);
        Assert.Equal(1, report.Counts[EventsHealthProbe.ParkedCounterName]);

        // The parked row is never sent again and no longer counts for the sweep, while new events of the session still flow.
        h.Time.Advance(TimeSpan.FromDays(1));
        var next = await h.WriteEventAsync(leaky, EventTypes.SessionClosed);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var sweep = await h.Dispatcher.SweepAsync(CancellationToken.None);
        Assert.Equal((1, 1), (sweep.PendingRows, sweep.Published));
        Assert.Equal([later[0].EventId, next[0].EventId], h.AcceptedFor(leaky).Select(m => m.MessageId));
        Assert.DoesNotContain(h.Attempted, m => m.MessageId == refused[0].EventId);
    }

    [Fact]
    public async Task An_event_of_an_unknown_type_is_parked_rather_than_published()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        await h.WriteStateChangeAsync(sessionId, ("session.renamed", "{}"));

        var result = await h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal(1, result.Parked);
        Assert.Empty(h.Attempted);
        Assert.True(Assert.Single(await h.OutboxRowsAsync(sessionId)).GetBoolean(OutboxEntity.Rejected));
    }

    [Fact]
    public async Task The_sweep_publishes_rows_whose_dispatch_signal_was_lost_and_leaves_fresh_or_backing_off_rows_alone()
    {
        await using var h = await EventsHarness.CreateAsync(azurite, settings: new Dictionary<string, string?> { ["Events:RetryBaseDelay"] = "00:01:00" });
        var (leftBehind, backingOff, fresh) = (EventsHarness.NewSessionId(), EventsHarness.NewSessionId(), EventsHarness.NewSessionId());
        var left = await h.WriteStateChangeAsync(leftBehind, (EventTypes.SessionStarted, "{}"), (EventTypes.ParticipantAdded, "{}"));
        await h.WriteEventAsync(backingOff);
        h.BeforeAccept = (_, _) => throw new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy);
        await h.Dispatcher.DispatchSessionAsync(backingOff, CancellationToken.None);
        h.BeforeAccept = null;
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var freshEvents = await h.WriteEventAsync(fresh);
        h.Time.Advance(TimeSpan.FromSeconds(6));

        var first = await h.Dispatcher.SweepAsync(CancellationToken.None);

        Assert.Equal(left.Select(e => e.EventId), h.AcceptedFor(leftBehind).Select(m => m.MessageId));
        Assert.Empty(h.AcceptedFor(backingOff));
        Assert.Empty(h.AcceptedFor(fresh));
        Assert.Equal((3, 1), (first.Sessions, first.DispatchedSessions));

        h.Time.Advance(TimeSpan.FromSeconds(50));
        await h.Dispatcher.SweepAsync(CancellationToken.None);

        Assert.Single(h.AcceptedFor(backingOff));
        Assert.Equal(freshEvents[0].EventId, Assert.Single(h.AcceptedFor(fresh)).MessageId);
        Assert.Empty(await h.OutboxRowsAsync());
    }

    [Fact]
    public async Task Concurrent_dispatches_of_one_session_publish_each_event_once_and_in_order()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var events = await h.WriteStateChangeAsync(sessionId,
            Enumerable.Range(0, 8).Select(i => (EventTypes.InvitationSent, $$"""{"participantId":"p_{{i}}"}""")).ToArray());

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => h.Dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None))));

        Assert.Equal(events.Select(e => e.EventId), h.Accepted.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Health_reports_events_ok_while_nothing_is_stuck()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        await h.WriteEventAsync(EventsHarness.NewSessionId());

        var report = await h.Health.CheckAsync(CancellationToken.None);

        Assert.Equal("ok", report.Checks["events"]);
        Assert.Equal(0, report.Counts[EventsHealthProbe.ParkedCounterName]);
    }
}
