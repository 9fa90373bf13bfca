using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OtpSessions.FaultHarness.Scenarios;

/// <summary>
/// Scenario 2: the fake ACS fails while 64 participants reach the OTP page at once (Auto OTP; half by SMS, half by email):
/// a quarter of the code addresses get a burst of 503s, a quarter get a send that ACS takes but answers too late (the
/// sender times out and retries), one in eight refuses every send (503 for good), and on top of it every send to anyone
/// fails for 30 s of the app's clock. Promise: every code delivery ends completed (<c>sent</c>/<c>delivered</c>) or
/// <c>failed</c> — none left <c>queued</c> — no send arrives twice, and a failed one leaves the code viewable to the agent.
/// </summary>
public sealed class AcsFaultScenario(Harness harness, RunSettings settings)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    private readonly Customers _customers = new(harness);

    private enum Fault { Burst, Timeout, Refused, None }

    public async Task<ScenarioResult> RunAsync()
    {
        var began = Stopwatch.GetTimestamp();
        var count = settings.Journeys;
        var acs = harness.Acs.State;

        // Sessions and links first (the invitations are not the subject here).
        var ready = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var participant = await _customers.StartAsync($"fault-acs-agent-{i % 8}", auto: true, smsInvite: i % 2 == 1, "acs", TimeSpan.FromSeconds(60));
            var invite = await _customers.InviteTokenAsync(participant, TimeSpan.FromSeconds(120)) ?? throw new InvalidOperationException("no invitation");
            var open = await harness.Api.SendAsync(HttpMethod.Get, "/api/join", Customers.Invite(invite));
            var fault = (i % 8) switch { 0 or 1 => Fault.Burst, 2 or 3 => Fault.Timeout, 4 => Fault.Refused, _ => Fault.None };
            return (participant, invite, fault, open.Status);
        }));
        foreach (var (participant, _, fault, _) in ready)
        {
            var to = participant.OtpAddress!;
            switch (fault)
            {
                case Fault.Burst:
                    acs.InjectFault(503, 3, to: to);
                    break;
                case Fault.Timeout:
                    // Longer than the sender's attempt timeout (Acs__AttemptTimeout, 10 s): taken, then answered too late.
                    acs.InjectDelay(TimeSpan.FromSeconds(25), 1, to);
                    break;
                case Fault.Refused:
                    acs.InjectFault(503, 100_000, to: to);
                    break;
            }
        }

        // Everyone arrives at the OTP page at once, into a 30 s outage of the whole provider.
        acs.InjectFault(503, 1_000_000);
        var outageStart = harness.Clock.GetUtcNow();
        var arrivals = await Task.WhenAll(ready.Select(r => Customers.RetryAsync(
            () => harness.Api.SendAsync(HttpMethod.Post, "/api/join/otp", Customers.Invite(r.invite)), TimeSpan.FromSeconds(60), null)));
        await harness.Clock.WaitUntilAsync(outageStart + Outage);
        acs.InjectFault(503, 0);
        var outageEnd = harness.Clock.GetUtcNow();

        // Wait until every delivery has an outcome (or the deadline).
        var terminal = new[] { "sent", "delivered", "failed" };
        var views = new Dictionary<string, JsonElement?>();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 180;
        while (true)
        {
            foreach (var (participant, _, _, _) in ready)
            {
                views[participant.ParticipantId] = await _customers.ViewAsync(participant, TimeSpan.FromSeconds(30));
            }
            var open = views.Values.Count(v => v is null || !terminal.Contains(v.Value.GetProperty("otpDelivery").GetProperty("status").GetString()));
            if (open == 0 || Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }
            await Task.Delay(500);
        }
        await harness.WaitUntilSettledAsync(TimeSpan.FromSeconds(120), outboxToo: false);
        foreach (var (participant, _, _, _) in ready)
        {
            acs.InjectFault(503, 0, to: participant.OtpAddress);
            acs.InjectDelay(TimeSpan.Zero, 0, participant.OtpAddress);
        }

        var problems = new List<string>();
        int completed = 0, failed = 0, lost = 0, duplicated = 0;
        var recovery = TimeSpan.Zero;
        foreach (var ((participant, _, fault, _), arrival) in ready.Zip(arrivals))
        {
            var view = views[participant.ParticipantId];
            var status = view?.GetProperty("otpDelivery").GetProperty("status").GetString();
            var messages = _customers.MessagesTo(participant.OtpAddress!);
            if (arrival.Status != 200)
            {
                problems.Add($"{participant.ParticipantId}: the OTP page answered {arrival.Status} {arrival.ProblemCode}");
                continue;
            }
            if (messages.Count > 1)
            {
                duplicated += messages.Count - 1;
                problems.Add($"{participant.ParticipantId} ({fault}): {messages.Count} messages for one code send");
            }
            switch (status)
            {
                case "sent" or "delivered":
                    completed++;
                    if (messages.Count == 0)
                    {
                        lost++;
                        problems.Add($"{participant.ParticipantId} ({fault}): delivery {status} but nothing reached the fake ACS");
                    }
                    else if (messages[0].ReceivedAt - outageEnd > recovery)
                    {
                        recovery = messages[0].ReceivedAt - outageEnd;
                    }
                    break;
                case "failed":
                    failed++;
                    if (!(view?.GetProperty("otpViewable").GetBoolean() ?? false))
                    {
                        problems.Add($"{participant.ParticipantId} ({fault}): delivery failed but the code is not viewable to the agent");
                    }
                    break;
                default:
                    lost++;
                    problems.Add($"{participant.ParticipantId} ({fault}): delivery left {status ?? "(unreadable)"}");
                    break;
            }
            if (fault == Fault.Refused && status != "failed")
            {
                problems.Add($"{participant.ParticipantId}: every send refused, yet delivery is {status}");
            }
        }
        problems.AddRange(harness.Api.ServerErrors.Select(e => "5xx: " + e));
        var byFault = ready.Zip(views.Values).GroupBy(x => x.First.fault)
            .Select(g => $"{g.Key} {g.Count(x => x.Second?.GetProperty("otpDelivery").GetProperty("status").GetString() is "sent" or "delivered")}/{g.Count()} sent");
        return new ScenarioResult(2, "ACS failing", lost, duplicated, harness.Api.Count5xx, recovery / harness.Clock.Factor,
            string.Create(CultureInfo.InvariantCulture,
                $"{count} code deliveries: {completed} completed, {failed} failed (agent reads the code out), {lost} left open; by fault: {string.Join(", ", byFault)}; {acs.SendRequests} send requests reached the fake; last code delivered {recovery.TotalSeconds:F0} s of the app clock after the outage ended (queue retries wait on the wall clock: visibility timeout 5 s)"),
            problems, Stopwatch.GetElapsedTime(began));
    }
}
