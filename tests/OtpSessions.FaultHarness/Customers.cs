using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using OtpSessions.FakeAcs;

namespace OtpSessions.FaultHarness;

/// <summary>One invited participant as the harness knows it (its addresses are the harness's own, unique per run).</summary>
public sealed record Participant(
    string SessionId, string ParticipantId, string InviteChannel, string InviteAddress, string? OtpChannel, string? OtpAddress, string AgentToken)
{
    public bool Auto => OtpAddress is not null;
}

/// <summary>How one customer's journey ended, as the customer saw it.</summary>
public sealed class JourneyOutcome(Participant participant)
{
    public Participant Participant { get; } = participant;

    /// <summary>When (wall clock, <see cref="Stopwatch"/> timestamp) the agent was told the session exists.</summary>
    public long StartedAt { get; init; }

    /// <summary>
    /// When (wall clock) the invitation reached the fake ACS: the app records it sent right after the provider took it,
    /// so that write is about this old.
    /// </summary>
    public long InvitedAt { get; set; }

    /// <summary>When (wall clock) the last code reached the fake ACS: the app records its send right after.</summary>
    public long CodeAt { get; set; }

    /// <summary>When (wall clock) the OTP page first answered 200.</summary>
    public long ReachedOtpAt { get; set; }

    /// <summary>When (wall clock) the code was accepted.</summary>
    public long VerifiedAt { get; set; }

    public bool GotInvitation { get; set; }

    /// <summary><c>POST /api/join/otp</c> answered 200 at least once: the participant reached the OTP page.</summary>
    public bool ReachedOtpPage { get; set; }

    /// <summary>Code sends the app promised: each 200 of <c>POST /api/join/otp</c> that issued a code plus each 202 of a resend.</summary>
    public int SendsPromised { get; set; }

    public bool Authenticated { get; set; }

    public string? Failure { get; set; }

    /// <summary>The longest stretch this customer waited from a failed request (5xx, no answer) to the next success.</summary>
    public TimeSpan LongestRecovery { get; set; }

    public List<string> Codes { get; } = [];

    public List<string> Secrets { get; } = [];
}

/// <summary>
/// The customer's and agent's side of a journey, the way a browser and a console behave: a failed request (5xx, or no
/// answer while storage is down) is tried again until a deadline, a code that does not arrive is asked for again (resend).
/// </summary>
public sealed partial class Customers(Harness harness)
{
    private static int _phone = RandomNumberGenerator.GetInt32(0, 1_000_000);

    private Api Api => harness.Api;

    /// <summary>A North American number in 415 whose exchange starts with 2–9 (a valid one), unique in this run.</summary>
    public string NewPhone() => harness.Secrets.Address(
        "+1415" + (2_000_000 + Interlocked.Increment(ref _phone) % 8_000_000).ToString("D7", CultureInfo.InvariantCulture));

    public string NewEmail(string label) => harness.Secrets.Address($"{label}.{Guid.NewGuid():N}@example.com");

    public static AuthenticationHeaderValue Invite(string token) => new("Invite", token);

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    /// <summary>
    /// Starts a session with one primary participant: invited by email with an SMS code (Auto OTP), by SMS with an email
    /// code, or (<paramref name="auto"/> false) by email with the code read out by the agent. Retries while the app fails.
    /// </summary>
    public async Task<Participant> StartAsync(string agentId, bool auto, bool smsInvite, string label, TimeSpan deadline)
    {
        var agentToken = harness.AgentToken(agentId);
        var (inviteChannel, inviteAddress) = smsInvite ? ("sms", NewPhone()) : ("email", NewEmail(label));
        (string Channel, string Address)? otp = auto ? (smsInvite ? ("email", NewEmail(label + "-otp")) : ("sms", NewPhone())) : null;
        object participant = otp is { } o
            ? new { role = "primary", name = "Dana Cole", invite = new { channel = inviteChannel, address = inviteAddress }, otp = new { channel = o.Channel, address = o.Address } }
            : new { role = "primary", name = "Dana Cole", invite = new { channel = inviteChannel, address = inviteAddress } };
        var key = Guid.NewGuid().ToString();
        var answer = await RetryAsync(() => Api.SendAsync(HttpMethod.Post, "/api/sessions", Bearer(agentToken),
            new { participants = new[] { participant }, reference = "fault-" + label }, headers: [("Idempotency-Key", key)]), deadline, null);
        if (answer.Status != 201)
        {
            throw new InvalidOperationException($"POST /api/sessions answered {answer.Status}: {answer.Body}");
        }
        var session = answer.Json;
        var first = session.GetProperty("participants")[0];
        return new Participant(session.GetProperty("sessionId").GetString()!, first.GetProperty("participantId").GetString()!,
            inviteChannel, inviteAddress, otp?.Channel, otp?.Address, agentToken);
    }

    /// <summary>Sends until an answer that is neither a 5xx nor "no answer", or the deadline; records the longest recovery.</summary>
    public static async Task<Answer> RetryAsync(Func<Task<Answer>> send, TimeSpan deadline, JourneyOutcome? outcome)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        long? failedSince = null;
        var wait = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var answer = await send();
            if (answer.Status is not 0 and < 500)
            {
                if (failedSince is { } since && outcome is not null)
                {
                    var recovery = Stopwatch.GetElapsedTime(since);
                    if (recovery > outcome.LongestRecovery)
                    {
                        outcome.LongestRecovery = recovery;
                    }
                }
                return answer;
            }
            failedSince ??= Stopwatch.GetTimestamp();
            if (Stopwatch.GetTimestamp() > until)
            {
                return answer;
            }
            // A 503 busy names its own Retry-After; otherwise back off up to a second.
            await Task.Delay(wait);
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>What the fake ACS accepted for an address, oldest first.</summary>
    public IReadOnlyList<RecordedMessage> MessagesTo(string address) => harness.Acs.State.Messages(address);

    /// <summary>The invite token in the newest message to the participant's invite address, once one arrived.</summary>
    public async Task<string?> InviteTokenAsync(Participant participant, TimeSpan deadline)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (MessagesTo(participant.InviteAddress) is [.., var last] && InviteLink().Match(last.Body ?? last.Text ?? "") is { Success: true } link)
            {
                return harness.Secrets.Token(link.Groups[1].Value);
            }
            await Task.Delay(100);
        }
        return null;
    }

    public static string? CodeIn(RecordedMessage message) => SixDigits().Match(message.Body ?? message.Text ?? "") is { Success: true } m ? m.Value : null;

    /// <summary>
    /// A whole Auto OTP journey: link (from the fake ACS) → open → OTP page → the code (from the fake ACS; asked for again by
    /// resend when it is late) → verify → <c>/me</c>. Every step retried while the app fails, until <paramref name="deadline"/>.
    /// </summary>
    public async Task<JourneyOutcome> JourneyAsync(Participant participant, TimeSpan deadline, TimeSpan codeWait, long startedAt = 0)
    {
        var outcome = new JourneyOutcome(participant) { StartedAt = startedAt };
        var began = Stopwatch.GetTimestamp();
        TimeSpan Left() => deadline - Stopwatch.GetElapsedTime(began);
        try
        {
            var token = await InviteTokenAsync(participant, Left());
            if (token is null)
            {
                outcome.Failure = "no invitation arrived";
                return outcome;
            }
            outcome.GotInvitation = true;
            outcome.InvitedAt = Stopwatch.GetTimestamp();
            outcome.Secrets.Add(token);
            var open = await RetryAsync(() => Api.SendAsync(HttpMethod.Get, "/api/join", Invite(token)), Left(), outcome);
            if (open.Status != 200)
            {
                outcome.Failure = $"open answered {open.Status} {open.ProblemCode}";
                return outcome;
            }
            var otp = await RetryAsync(() => Api.SendAsync(HttpMethod.Post, "/api/join/otp", Invite(token)), Left(), outcome);
            if (otp.Status != 200)
            {
                outcome.Failure = $"OTP page answered {otp.Status} {otp.ProblemCode}";
                return outcome;
            }
            outcome.ReachedOtpPage = true;
            outcome.ReachedOtpAt = Stopwatch.GetTimestamp();
            outcome.SendsPromised++;
            var address = participant.OtpAddress!;
            var seen = 0;
            while (Left() > TimeSpan.Zero)
            {
                var code = await NextCodeAsync(address, seen, Min(codeWait, Left()));
                if (code is null)
                {
                    // Late: ask again, as the page's "send again" does (the cooldown may refuse; then wait and try again).
                    var resend = await RetryAsync(() => Api.SendAsync(HttpMethod.Post, "/api/join/otp/resend", Invite(token)), Left(), outcome);
                    if (resend.Status == 202)
                    {
                        outcome.SendsPromised++;
                    }
                    continue;
                }
                seen = MessagesTo(address).Count;
                outcome.CodeAt = Stopwatch.GetTimestamp();
                outcome.Codes.Add(code);
                var verify = await RetryAsync(() => Api.SendAsync(HttpMethod.Post, "/api/join/otp/verify", Invite(token), new { code }), Left(), outcome);
                if (verify.Status == 200)
                {
                    outcome.VerifiedAt = Stopwatch.GetTimestamp();
                    var access = harness.Secrets.Token(verify.Json.GetProperty("accessToken").GetString()!);
                    outcome.Secrets.Add(access);
                    var me = await RetryAsync(() => Api.SendAsync(HttpMethod.Get, "/api/me", Bearer(access)), Left(), outcome);
                    outcome.Authenticated = me.Status == 200;
                    outcome.Failure = outcome.Authenticated ? null : $"/me answered {me.Status} {me.ProblemCode}";
                    return outcome;
                }
                if (verify.Status is 400 or 410 or 409)
                {
                    // A code that no longer counts (replaced, expired, or its entry lost with storage): enter the OTP page again.
                    var again = await RetryAsync(() => Api.SendAsync(HttpMethod.Post, "/api/join/otp", Invite(token)), Left(), outcome);
                    if (again.Status == 200)
                    {
                        outcome.SendsPromised++;
                    }
                    continue;
                }
                outcome.Failure = $"verify answered {verify.Status} {verify.ProblemCode}";
                return outcome;
            }
            outcome.Failure ??= "no code arrived before the deadline";
            return outcome;
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or KeyNotFoundException)
        {
            outcome.Failure = e.GetType().Name + ": " + e.Message;
            return outcome;
        }
    }

    /// <summary>The code of the first message to <paramref name="address"/> after the first <paramref name="seen"/>, or null when none came in time.</summary>
    public async Task<string?> NextCodeAsync(string address, int seen, TimeSpan wait)
    {
        var until = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        do
        {
            var messages = MessagesTo(address);
            if (messages.Count > seen && CodeIn(messages[^1]) is { } code)
            {
                return harness.Secrets.Code(code);
            }
            await Task.Delay(100);
        }
        while (Stopwatch.GetTimestamp() < until);
        return null;
    }

    /// <summary>The agent's view of the participant (retried while the app fails); null when it could not be read.</summary>
    public async Task<JsonElement?> ViewAsync(Participant participant, TimeSpan deadline)
    {
        var answer = await RetryAsync(() => Api.SendAsync(HttpMethod.Get, $"/api/sessions/{participant.SessionId}", Bearer(participant.AgentToken)), deadline, null);
        if (answer.Status != 200)
        {
            return null;
        }
        return answer.Json.GetProperty("participants").EnumerateArray()
            .Single(p => p.GetProperty("participantId").GetString() == participant.ParticipantId);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [GeneratedRegex(@"/join#([A-Za-z0-9_-]{22,})")]
    private static partial Regex InviteLink();

    [GeneratedRegex(@"(?<![0-9])\d{6}(?![0-9])")]
    private static partial Regex SixDigits();
}
