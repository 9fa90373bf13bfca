using System.Diagnostics;
using System.Globalization;

namespace OtpSessions.FaultHarness.Scenarios;

/// <summary>
/// Scenario 3: Service Bus fails every send for 30 s of the app's clock while 64 journeys run (sessions started, links
/// opened, codes sent, participants authenticated), then recovers. Promise: every event committed meanwhile — read
/// from the outbox just before recovery — is published after it, and each session's events arrive in the order they
/// happened; none is left in the outbox. Recovery is timed on the app's clock (the outbox sweep and back-off run on it).
/// </summary>
public sealed class ServiceBusOutageScenario(Harness harness, RunSettings settings)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    private readonly Customers _customers = new(harness);

    public async Task<ScenarioResult> RunAsync()
    {
        var began = Stopwatch.GetTimestamp();
        var journeys = settings.Journeys;
        var busAt = harness.Bus.Received.Count;

        harness.Bus.Failing = true;
        var run = Task.WhenAll(Enumerable.Range(0, journeys).Select(i => Task.Run(async () =>
        {
            var participant = await _customers.StartAsync($"fault-bus-agent-{i % 8}", auto: true, smsInvite: i % 2 == 1, "bus", TimeSpan.FromSeconds(60));
            return await _customers.JourneyAsync(participant, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(30));
        })));
        // The outage counts from the first send it refused (before that, nothing had tried to publish).
        await OtpSessions.Testing.Poll.UntilAsync(() => harness.Bus.Refused > 0, "a send refused by the failing Service Bus", TimeSpan.FromSeconds(60));
        var failedAt = harness.Clock.GetUtcNow();
        await harness.Clock.WaitUntilAsync(failedAt + Outage);
        var committed = await harness.PendingEventsAsync();
        var refused = harness.Bus.Refused;
        harness.Bus.Failing = false;
        var recoveredAt = harness.Clock.GetUtcNow();

        var outcomes = await run;
        await harness.WaitUntilSettledAsync(TimeSpan.FromSeconds(180));
        var received = harness.Bus.Received.Skip(busAt).ToList();
        var first = Events.FirstArrivals(received);
        var byId = first.ToDictionary(m => m.MessageId, StringComparer.Ordinal);
        var problems = new List<string>();

        var lost = committed.Where(e => !byId.ContainsKey(e.Id)).ToList();
        problems.AddRange(lost.Select(e => $"event {e.Type} {e.Id} of {e.SessionId} was in the outbox at recovery and never published"));
        var sessions = outcomes.Select(o => o.Participant.SessionId).ToHashSet(StringComparer.Ordinal);
        // Every authenticated journey's own events, whenever they were committed.
        foreach (var outcome in outcomes.Where(o => o.Authenticated))
        {
            foreach (var type in new[] { "session.started", "invitation.sent", "participant.opened", "otp.requested", "participant.authenticated" })
            {
                if (!first.Any(m => m.SessionId == outcome.Participant.SessionId && m.Subject == type))
                {
                    problems.Add($"no {type} event for session {outcome.Participant.SessionId}");
                }
            }
        }
        var missing = problems.Count;
        var disorder = Events.OutOfOrderSessions(received, sessions);
        problems.AddRange(disorder.Select(s => $"events of session {s} arrived out of order"));
        problems.AddRange(outcomes.Where(o => !o.Authenticated).Select(o => $"journey of {o.Participant.ParticipantId} did not finish: {o.Failure}"));
        problems.AddRange(harness.Api.ServerErrors.Select(e => "5xx: " + e));
        var recovery = committed.Count == 0 ? TimeSpan.Zero
            : committed.Where(e => byId.ContainsKey(e.Id)).Select(e => byId[e.Id].At - recoveredAt).DefaultIfEmpty().Max();
        return new ScenarioResult(3, "Service Bus down for 30 s", missing, Duplicated: 0, harness.Api.Count5xx, recovery / harness.Clock.Factor,
            string.Create(CultureInfo.InvariantCulture,
                $"{journeys} journeys ({outcomes.Count(o => o.Authenticated)} authenticated); {refused} sends refused during the outage; {committed.Count} events waiting at recovery, all published {(lost.Count == 0 ? "" : "except " + lost.Count + " ")}within {recovery.TotalSeconds:F1} s of the app clock after recovery; {first.Count} events in all, {disorder.Count} sessions out of order, {Events.Repeats(received)} repeated MessageIds (dropped by duplicate detection)"),
            problems, Stopwatch.GetElapsedTime(began));
    }
}
