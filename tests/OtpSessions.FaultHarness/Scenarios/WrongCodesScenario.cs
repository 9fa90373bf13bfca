using System.Diagnostics;

namespace OtpSessions.FaultHarness.Scenarios;

/// <summary>
/// Scenario 4: 200 wrong codes at once per participant, 20 participants at once (4,000 verifications in flight). Promise:
/// no 500 (a 503 <c>busy</c> with <c>Retry-After</c> is allowed for a request that could not be decided), each participant
/// locked after exactly <c>maxAttempts</c> counted wrong codes — <c>maxAttempts − 1</c> answers <c>otp_invalid</c> and one
/// lock, seen from outside as one <c>participant.locked</c> event — and the right code refused once locked.
/// </summary>
public sealed class WrongCodesScenario(Harness harness, RunSettings settings)
{
    private readonly Customers _customers = new(harness);

    public async Task<ScenarioResult> RunAsync()
    {
        var began = Stopwatch.GetTimestamp();
        var participants = settings.Quick ? 10 : 20;
        const int Guesses = 200;
        var agentId = "fault-guess-agent";
        var policy = await harness.Api.SendAsync(HttpMethod.Get, "/api/policy", Customers.Bearer(harness.AgentToken(agentId)), count: false);
        var maxAttempts = policy.Json.GetProperty("maxAttempts").GetInt32();

        // Manual participants at the OTP page, each with its code read by the agent (so the harness knows which guesses are wrong).
        var ready = await Task.WhenAll(Enumerable.Range(0, participants).Select(async i =>
        {
            var participant = await _customers.StartAsync(agentId, auto: false, smsInvite: i % 2 == 0, "guess", TimeSpan.FromSeconds(60));
            var invite = await _customers.InviteTokenAsync(participant, TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("no invitation");
            await harness.Api.SendAsync(HttpMethod.Get, "/api/join", Customers.Invite(invite), count: false);
            var otp = await harness.Api.SendAsync(HttpMethod.Post, "/api/join/otp", Customers.Invite(invite), count: false);
            if (otp.Status != 200)
            {
                throw new InvalidOperationException($"OTP page answered {otp.Status}");
            }
            var view = await harness.Api.SendAsync(HttpMethod.Get, $"/api/sessions/{participant.SessionId}/participants/{participant.ParticipantId}/otp",
                Customers.Bearer(participant.AgentToken), count: false);
            var code = harness.Secrets.Code(view.Json.GetProperty("code").GetString()!);
            return (participant, invite, code);
        }));
        harness.Api.Reset();

        var busAt = harness.Bus.Received.Count;
        var answers = await Task.WhenAll(ready.Select(async r =>
        {
            var wrong = ((int.Parse(r.code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            var results = await Task.WhenAll(Enumerable.Range(0, Guesses).Select(_ => Task.Run(() =>
                harness.Api.SendAsync(HttpMethod.Post, "/api/join/otp/verify", Customers.Invite(r.invite), new { code = wrong }))));
            var right = await harness.Api.SendAsync(HttpMethod.Post, "/api/join/otp/verify", Customers.Invite(r.invite), new { r.code });
            return (r.participant, results, right);
        }));
        await harness.WaitUntilSettledAsync(TimeSpan.FromSeconds(120));

        var problems = new List<string>();
        var invalid = 0;
        var locked = 0;
        var busy = 0;
        foreach (var (participant, results, right) in answers)
        {
            var invalidHere = results.Count(a => a.Status == 400 && a.ProblemCode == "otp_invalid");
            var lockedHere = results.Count(a => a.Status == 423);
            var busyHere = results.Count(a => a.Status == 503 && a.ProblemCode == "busy");
            invalid += invalidHere;
            locked += lockedHere;
            busy += busyHere;
            var lockEvents = harness.Bus.Received.Skip(busAt)
                .Where(m => m.Subject == "participant.locked" && m.SessionId == participant.SessionId)
                .Select(m => m.MessageId).Distinct().Count();
            if (invalidHere != maxAttempts - 1 || lockEvents != 1)
            {
                problems.Add($"{participant.ParticipantId}: {invalidHere} otp_invalid answers and {lockEvents} lock events (expected {maxAttempts - 1} and 1: {maxAttempts} counted)");
            }
            var other = results.Where(a => a is not { Status: 400 or 423 } && a is not { Status: 503, ProblemCode: "busy" }).ToList();
            if (other.Count > 0)
            {
                problems.Add($"{participant.ParticipantId}: unexpected answers {string.Join(", ", other.GroupBy(a => $"{a.Status} {a.ProblemCode}").Select(g => $"{g.Key}×{g.Count()}"))}");
            }
            if (right.Status != 423)
            {
                problems.Add($"{participant.ParticipantId}: the right code after the lock answered {right.Status} {right.ProblemCode}");
            }
            var view = await _customers.ViewAsync(participant, TimeSpan.FromSeconds(30));
            if (view?.GetProperty("status").GetString() != "locked")
            {
                problems.Add($"{participant.ParticipantId}: status {view?.GetProperty("status").GetString()} after the guesses, not locked");
            }
        }
        problems.AddRange(harness.Api.ServerErrors.Where(e => !e.EndsWith(" busy", StringComparison.Ordinal)).Select(e => "5xx: " + e));
        problems.AddRange(harness.Api.NotProblems.Select(e => "not problem JSON: " + e));
        return new ScenarioResult(4, "parallel wrong codes", Lost: 0, Duplicated: 0, harness.Api.Count5xx - busy, MaxRecovery: null,
            $"{participants} participants × {Guesses} wrong codes at once, maxAttempts {maxAttempts}: otp_invalid {invalid}, locked {locked}, busy (503) {busy}",
            problems, Stopwatch.GetElapsedTime(began));
    }
}
