using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using OtpSessions.Core.Events;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Every agent API action leaves its integration events in the outbox (seen over HTTP through the development
/// endpoint, since the local run does not publish), and those rows go to Service Bus (mocked) as correct CloudEvents.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EventsEndToEndTests(AppFixture app)
{
    [Fact]
    public async Task Every_agent_action_emits_its_event_types_as_cloudevents_with_the_event_id_as_message_id()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var (email, phone, cosignerPhone) = ($"dana.{unique}@example.com", $"+1415555{Random.Shared.Next(1000, 2000):D4}", $"+1415555{Random.Shared.Next(2000, 3000):D4}");
        using var agent = app.Agent($"agent-events-{unique}");

        using var started = await agent.PostAsJsonAsync("/api/sessions", new
        {
            participants = new object[]
            {
                new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = email }, otp = new { channel = "sms", address = phone } },
                new { role = "cosigner", name = "Lee Cole", invite = new { channel = "sms", address = cosignerPhone } },
            },
            reference = $"loan-{unique}",
        });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var session = await started.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("sessionId").GetString()!;
        var cosignerId = session.GetProperty("participants")[1].GetProperty("participantId").GetString()!;
        await app.WaitForMessagesAsync(email);
        await app.WaitForMessagesAsync(cosignerPhone);
        await WaitForTypesAsync(sessionId, EventTypes.SessionStarted, EventTypes.InvitationSent, EventTypes.InvitationSent);

        using var added = await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants",
            new { role = "additional", name = "Max Cole", invite = new { channel = "email", address = $"max.{unique}@example.com" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var reassigned = await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{cosignerId}/reassign",
            new { name = "Kim Cole", invite = new { channel = "email", address = $"kim.{unique}@example.com" } });
        Assert.Equal(HttpStatusCode.Created, reassigned.StatusCode);
        await app.WaitForMessagesAsync($"max.{unique}@example.com");
        await app.WaitForMessagesAsync($"kim.{unique}@example.com");
        using var closed = await agent.PostAsync($"/api/sessions/{sessionId}/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        var listed = await WaitForTypesAsync(sessionId, EventTypes.SessionStarted, EventTypes.InvitationSent, EventTypes.InvitationSent,
            EventTypes.ParticipantAdded, EventTypes.ParticipantReassigned, EventTypes.InvitationSent, EventTypes.InvitationSent, EventTypes.SessionClosed);
        // (The fixture's clock stands still, so events of different transactions share a time; the outbox order — the
        // row-key order the dispatcher keeps — is what the broker receives.)

        // The same rows through the publisher, with Service Bus mocked: attributes, ids, order, no secrets.
        var (dispatcher, sent) = RecordingDispatcher();

        var result = await dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal(DispatchOutcome.Done, result.Outcome);
        Assert.Equal(listed.Select(e => e.Id), sent.Select(m => m.MessageId));
        foreach (var (message, expected) in sent.Zip(listed))
        {
            Assert.Equal(sessionId, message.SessionId);
            Assert.Equal(expected.Type, message.Subject);
            Assert.Equal("application/cloudevents+json", message.ContentType);
            var body = message.Body.ToString();
            using var cloudEvent = JsonDocument.Parse(body);
            var root = cloudEvent.RootElement;
            Assert.Equal("1.0", root.GetProperty("specversion").GetString());
            Assert.Equal(expected.Id, root.GetProperty("id").GetString());
            Assert.Equal(expected.Type, root.GetProperty("type").GetString());
            Assert.Equal(sessionId, root.GetProperty("subject").GetString());
            Assert.Equal("/otp-sessions", root.GetProperty("source").GetString());
            Assert.Equal($"loan-{unique}", root.GetProperty("data").GetProperty("reference").GetString());
            Assert.Null(EventDataGuard.FindViolation(root.GetProperty("data").GetRawText()));
            Assert.DoesNotContain(email, body, StringComparison.Ordinal);
            Assert.DoesNotContain(phone, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Dana Cole", body, StringComparison.Ordinal);
        }
        Assert.Empty(await app.Services.GetRequiredService<IOutboxStore>().ListSessionAsync(sessionId, CancellationToken.None));
    }

    [Fact]
    public async Task A_reference_with_contact_data_is_refused_and_an_email_shaped_agent_id_is_masked_so_every_event_of_the_session_is_published()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var agentId = $"dana.agent.{unique}@bank.example";
        using var agent = app.Agent(agentId);
        object Body(string reference) => new
        {
            participants = new object[] { new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = $"dana.{unique}@example.com" } } },
            reference,
        };

        using var refused = await agent.PostAsJsonAsync("/api/sessions", Body($"crm:dana.{unique}@example.com"));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.BadRequest, "reference_invalid"), (refused.StatusCode, problem.GetProperty("code").GetString()));
        Assert.True(problem.GetProperty("errors").TryGetProperty("reference", out _));

        using var started = await agent.PostAsJsonAsync("/api/sessions", Body($"loan-{unique}"));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var sessionId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
        using var closed = await agent.PostAsync($"/api/sessions/{sessionId}/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        await WaitForTypesAsync(sessionId, EventTypes.SessionStarted, EventTypes.SessionClosed);
        var (dispatcher, sent) = RecordingDispatcher();

        var result = await dispatcher.DispatchSessionAsync(sessionId, CancellationToken.None);

        Assert.Equal((DispatchOutcome.Done, 0), (result.Outcome, result.Parked));
        // (The fixture's clock stands still, so the order of events of different transactions is not fixed: find each by type.)
        JsonElement Data(string type) => JsonDocument.Parse(Assert.Single(sent, m => m.Subject == type).Body.ToString()).RootElement.GetProperty("data");
        Assert.Equal("d***@bank.example", Data(EventTypes.SessionStarted).GetProperty("agentId").GetString());
        Assert.Equal("d***@bank.example", Data(EventTypes.SessionClosed).GetProperty("closedBy").GetString());
        Assert.All(sent, m => Assert.DoesNotContain(agentId, m.Body.ToString(), StringComparison.Ordinal));
    }

    /// <summary>A dispatcher over the app's outbox that publishes to a mocked Service Bus, and the messages it accepted.</summary>
    private (OutboxDispatcher Dispatcher, List<ServiceBusMessage> Sent) RecordingDispatcher()
    {
        var sent = new List<ServiceBusMessage>();
        var client = new Mock<ServiceBusClient>();
        var sender = new Mock<ServiceBusSender>();
        client.Setup(c => c.CreateSender(EventTopics.SessionEvents)).Returns(sender.Object);
        sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessage, CancellationToken>((m, _) => sent.Add(m)).Returns(Task.CompletedTask);
        var dispatcher = new OutboxDispatcher(app.Services.GetRequiredService<IOutboxStore>(), new ServiceBusEventPublisher(client.Object),
            new OtpSessions.Infrastructure.Sessions.DoneRows(TimeProvider.System), TimeProvider.System, Options.Create(new EventsOptions()), NullLogger<OutboxDispatcher>.Instance);
        return (dispatcher, sent);
    }

    private async Task<IReadOnlyList<(string Type, string Id)>> WaitForTypesAsync(string sessionId, params string[] types)
    {
        var key = app.Setting("LocalHost__FunctionKeys__default");
        return await Poll.UntilAsync(async () =>
            {
                var body = await app.Anonymous.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?sessionId={sessionId}&code={key}");
                return (IReadOnlyList<(string Type, string Id)>)body.GetProperty("events").EnumerateArray()
                    .Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("id").GetString()!)).ToList();
            },
            events => types.GroupBy(t => t).All(g => events.Count(e => e.Type == g.Key) >= g.Count()),
            $"events {string.Join(", ", types)} in the outbox of {sessionId}");
    }
}
