using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OtpSessions.Core;
using OtpSessions.Core.Events;
using OtpSessions.Functions.Events;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.Events.Tests;

/// <summary>The nudge the APIs send after a commit, and the queue function that receives it.</summary>
public sealed class DispatchSignalTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task The_dispatch_signal_enqueues_only_the_session_id_on_the_dispatch_queue()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();

        await h.Services.GetRequiredService<IEventDispatchSignal>().SignalAsync(sessionId);

        var queue = azurite.Queues().GetQueueClient(QueueNames.EventsDispatch);
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.Contains(messages, m => m.Body.ToString() == $$"""{"sessionId":"{{sessionId}}"}""");
    }

    [Fact]
    public async Task A_dispatch_signal_that_cannot_be_enqueued_is_logged_and_never_fails_the_caller()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var queue = azurite.Queues().GetQueueClient(QueueNames.EventsDispatch);
        Assert.True(await queue.DeleteIfExistsAsync());
        try
        {
            await h.Services.GetRequiredService<IEventDispatchSignal>().SignalAsync(sessionId);

            Assert.Contains(h.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
                && l.Contains($"Could not signal event dispatch for session {sessionId}", StringComparison.Ordinal));
        }
        finally
        {
            // The class's other tests use this queue (one Azurite per class): put it back whatever happened.
            await queue.CreateIfNotExistsAsync();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"session":"s_1"}""")]
    [InlineData("""{"sessionId":"../etc"}""")]
    public async Task The_dispatch_function_completes_an_unreadable_message_without_retrying_it(string message)
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var function = new EventDispatchFunction(h.Dispatcher, NullLogger<EventDispatchFunction>.Instance);

        await function.Run(message, CancellationToken.None);

        Assert.Empty(h.Attempted);
    }

    [Fact]
    public async Task The_dispatch_function_publishes_the_sessions_outbox()
    {
        await using var h = await EventsHarness.CreateAsync(azurite);
        var sessionId = EventsHarness.NewSessionId();
        var events = await h.WriteEventAsync(sessionId);
        var function = new EventDispatchFunction(h.Dispatcher, NullLogger<EventDispatchFunction>.Instance);

        await function.Run(new EventDispatchMessage(sessionId).ToJson(), CancellationToken.None);

        Assert.Equal(events[0].EventId, Assert.Single(h.Accepted).MessageId);
    }
}
