using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OtpSessions.FaultHarness.Scenarios;

/// <summary>
/// Scenario 1: 64 customers at a time go through whole Auto OTP journeys (agent starts the session, link, OTP page, code,
/// verify, <c>/me</c>) while Azurite is killed with SIGKILL and started again on its data. Clients behave as a browser
/// and a console do: a failed request is tried again, a late code is asked for again. Promise: every participant who
/// reached the OTP page ends with a code delivered and no send delivered twice (one message per promised send; the
/// repeatability id of a retried send makes ACS keep one), no participant in an impossible state once all is quiet (a
/// delivery or invitation left <c>queued</c>/<c>pending</c>, a finished journey not <c>authenticated</c>), and every
/// event of what storage kept is published. Azurite saves its data every 5 s, so a kill can lose writes it had
/// acknowledged; what that cost is counted apart (a session the agent was told exists and storage lost).
/// </summary>
public sealed class AzuriteKillScenario(Harness harness, RunSettings settings)
{
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(3);

    /// <summary>Azurite saves its data every 5 s; a second more for the write's own way to disk.</summary>
    private static readonly TimeSpan UnsavedWindow = TimeSpan.FromSeconds(6);

    private readonly Customers _customers = new(harness);

    public async Task<ScenarioResult> RunAsync()
    {
        var began = Stopwatch.GetTimestamp();
        var workers = settings.Journeys;
        var perWorker = settings.Quick ? 1 : 2;
        var busAt = harness.Bus.Received.Count;
        var outcomes = new ConcurrentBag<JourneyOutcome>();
        var startFailures = new ConcurrentBag<string>();
        var reachedOtp = 0;

        var run = Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var j = 0; j < perWorker; j++)
            {
                Participant participant;
                try
                {
                    participant = await _customers.StartAsync($"fault-kill-agent-{w % 16}", auto: true, smsInvite: (w + j) % 2 == 1, "kill", TimeSpan.FromSeconds(90));
                }
                catch (InvalidOperationException e)
                {
                    startFailures.Add(e.Message);
                    continue;
                }
                var outcome = await _customers.JourneyAsync(participant, TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(20), Stopwatch.GetTimestamp());
                if (outcome.ReachedOtpPage)
                {
                    Interlocked.Increment(ref reachedOtp);
                }
                outcomes.Add(outcome);
            }
        })));

        // Mid-load: once a fifth of all journeys are done, or after 20 s.
        var total = workers * perWorker;
        var killDeadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
        while (outcomes.Count < total / 5 && Stopwatch.GetTimestamp() < killDeadline && !run.IsCompleted)
        {
            await Task.Delay(50);
        }
        var inFlight = total - outcomes.Count;
        var killedAt = Stopwatch.GetTimestamp();
        await harness.Azurite.KillAsync();
        await Task.Delay(Down);
        await harness.Azurite.RestartAsync();
        var downFor = Stopwatch.GetElapsedTime(killedAt);
        await run;
        var fiveHundreds = harness.Api.Count5xx;
        var fiveHundredKinds = string.Join(", ", harness.Api.ByStatus.Where(s => s.Key >= 500 || s.Key == 0).OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))}×{s.Value}"));

        var problems = new List<string>();
        if (await harness.SettleAsync(TimeSpan.FromSeconds(180)) is { } left)
        {
            problems.Add("not settled 180 s after the journeys: " + left);
        }
        int lost = 0, duplicated = 0, impossible = 0, rolledBack = 0, unsaved = 0;
        // What Azurite acknowledged in the last seconds before the kill may be gone (it saves every 5 s): a loss of such a
        // write is Azurite's, not the app's, and is counted apart.
        bool InUnsavedWindow(long at) => at != 0 && at <= killedAt && Stopwatch.GetElapsedTime(at, killedAt) <= UnsavedWindow;
        var received = harness.Bus.Received.Skip(busAt).ToList();
        var events = Events.FirstArrivals(received);
        var lostEvents = 0;
        foreach (var outcome in outcomes)
        {
            var p = outcome.Participant;
            var view = await _customers.ViewAsync(p, TimeSpan.FromSeconds(30));
            if (view is null)
            {
                // The agent was told 201, and storage does not have the session: Azurite lost acknowledged writes.
                rolledBack++;
                continue;
            }
            var status = view.Value.GetProperty("status").GetString();
            var invitation = view.Value.GetProperty("invitation").GetProperty("status").GetString();
            var delivery = view.Value.GetProperty("otpDelivery").GetProperty("status").GetString();
            var messages = _customers.MessagesTo(p.OtpAddress!);
            if (outcome.ReachedOtpPage && messages.Count == 0)
            {
                if (InUnsavedWindow(outcome.ReachedOtpAt))
                {
                    unsaved++;
                }
                else
                {
                    lost++;
                    problems.Add($"{p.ParticipantId}: reached the OTP page, no code ever delivered (delivery {delivery}; journey: {outcome.Failure})");
                }
            }
            if (messages.Count > outcome.SendsPromised)
            {
                duplicated += messages.Count - outcome.SendsPromised;
                problems.Add($"{p.ParticipantId}: {messages.Count} code messages for {outcome.SendsPromised} sends");
            }
            var why = invitation == "pending" ? "invitation still pending"
                : delivery == "queued" ? "code delivery still queued"
                : outcome.Authenticated && status != "authenticated" ? $"journey finished, status {status}"
                : null;
            // The write whose loss explains the state: the invitation recorded sent (right after it reached the fake ACS) or,
            // before it arrived, the session itself; the code's send recorded (right after it arrived) or the code issued.
            var unsavedWrite = invitation == "pending" ? Math.Max(outcome.StartedAt, outcome.InvitedAt)
                : delivery == "queued" ? Math.Max(outcome.ReachedOtpAt, outcome.CodeAt)
                : outcome.VerifiedAt;
            if (why is not null && InUnsavedWindow(unsavedWrite))
            {
                unsaved++;
            }
            else if (why is not null)
            {
                impossible++;
                problems.Add($"{p.ParticipantId}: impossible state once quiet: {why}");
            }
            if (!events.Any(e => e.SessionId == p.SessionId && e.Subject == "session.started"))
            {
                lostEvents++;
                problems.Add($"{p.SessionId}: session stored, its session.started never published");
            }
            if (status == "authenticated" && !events.Any(e => e.SessionId == p.SessionId && e.Subject == "participant.authenticated"))
            {
                lostEvents++;
                problems.Add($"{p.ParticipantId}: authenticated, its participant.authenticated never published");
            }
        }
        var unfinished = outcomes.Count(o => !o.Authenticated);
        problems.AddRange(startFailures.Select(f => "session start failed: " + f));
        var recovery = outcomes.Select(o => o.LongestRecovery).DefaultIfEmpty().Max();
        return new ScenarioResult(1, "Azurite killed and restarted", lost + lostEvents, duplicated, fiveHundreds, recovery,
            string.Create(CultureInfo.InvariantCulture,
                $"{outcomes.Count} journeys ({inFlight} not finished at the kill; {reachedOtp} reached the OTP page, {outcomes.Count(o => o.Authenticated)} authenticated); Azurite down {downFor.TotalSeconds:F1} s; failed answers meanwhile: {(fiveHundredKinds.Length == 0 ? "none" : fiveHundredKinds)}; {unfinished} journeys not finished by their deadline; {lost} codes lost, {lostEvents} events lost, {impossible} impossible states; lost by Azurite (acknowledged in its last {UnsavedWindow.TotalSeconds:F0} s before the kill, or a whole session gone): {unsaved + rolledBack}; {events.Count} events published ({Events.Repeats(received)} repeated MessageIds); longest customer wait from a failure to success (wall)"),
            problems, Stopwatch.GetElapsedTime(began));
    }
}
