using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OtpSessions.FaultHarness.Scenarios;

/// <summary>
/// Scenario 6, over everything the run left behind: every log line of the app, every span its telemetry exported, every
/// queue message seen (sampled while the run went on, and the poison queues), and every event sent to Service Bus. None
/// may hold a code, a token (invite, access or agent) or a full address that the run used. Candidates are cut out of the
/// text by shape (six digits standing alone, long base64url runs, things with an @, runs of digits) and looked up among
/// the run's own secrets, so that a match is a real leak.
/// </summary>
public sealed partial class SecretsScenario(Harness harness, IReadOnlyList<ScenarioResult> results)
{
    public async Task<ScenarioResult> RunAsync()
    {
        var began = Stopwatch.GetTimestamp();
        await harness.SampleQueuesAsync();
        var secrets = harness.Secrets;
        var codes = new HashSet<string>(secrets.Codes, StringComparer.Ordinal);
        var tokens = new HashSet<string>(secrets.Tokens, StringComparer.Ordinal);
        var addresses = new HashSet<string>(secrets.Addresses.Select(NormalizeAddress), StringComparer.Ordinal);
        // Codes the fake ACS delivered count too (a code the harness never read is still a code).
        foreach (var message in harness.Acs.State.Messages())
        {
            if (Customers.CodeIn(message) is { } code && message.Subject?.Contains("link", StringComparison.OrdinalIgnoreCase) != true)
            {
                codes.Add(code);
            }
        }

        var haystacks = new List<(string Where, string Text)>();
        haystacks.AddRange(harness.Logs.Lines.Select(l => ("log", l)));
        haystacks.AddRange(harness.Spans.Select(s => ("span", Describe(s))));
        haystacks.AddRange(harness.QueueMessages.Select(q => ("queue " + q.Key.Split('/')[0], q.Value)));
        haystacks.AddRange(harness.Bus.Received.Select(m => ("event", $"{m.MessageId} {m.SessionId} {m.Subject} {m.Body}")));

        var leaks = new List<string>();
        foreach (var (where, text) in haystacks)
        {
            foreach (Match m in SixDigits().Matches(text))
            {
                if (codes.Contains(m.Value))
                {
                    leaks.Add($"code in {where}: {Context(text, m)}");
                }
            }
            foreach (Match m in TokenLike().Matches(text))
            {
                if (tokens.Contains(m.Value) || m.Value.Split('.').Any(tokens.Contains))
                {
                    leaks.Add($"token in {where}: {Context(text, m)}");
                }
            }
            foreach (Match m in EmailLike().Matches(text).Concat(PhoneLike().Matches(text)))
            {
                if (addresses.Contains(NormalizeAddress(m.Value)))
                {
                    leaks.Add($"address in {where}: {Context(text, m)}");
                }
            }
        }
        var counts = haystacks.GroupBy(h => h.Where.Split(' ')[0]).Select(g => $"{g.Count()} {g.Key}s");
        return new ScenarioResult(6, "no secret in logs, telemetry, queues, events", 0, 0, 0, null,
            string.Create(CultureInfo.InvariantCulture,
                $"looked for {codes.Count} codes, {tokens.Count} tokens, {addresses.Count} addresses in {string.Join(", ", counts)} of the whole run ({results.Count} scenarios): {leaks.Count} found"),
            leaks, Stopwatch.GetElapsedTime(began));
    }

    private static string Describe(Activity span)
    {
        var text = new StringBuilder(span.DisplayName).Append(' ').Append(span.OperationName).Append(' ').Append(span.StatusDescription);
        foreach (var (key, value) in span.TagObjects)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
        foreach (var e in span.Events)
        {
            text.Append(' ').Append(e.Name);
            foreach (var (key, value) in e.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }
        foreach (var (key, value) in span.Baggage)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
        return text.ToString();
    }

    /// <summary>Where it was found, with the secret itself cut to its first characters (the report must not leak it either).</summary>
    private static string Context(string text, Match m)
    {
        var start = Math.Max(0, m.Index - 60);
        var before = text[start..m.Index];
        var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 40)];
        return $"…{before}[{m.Value[..Math.Min(3, m.Value.Length)]}…]{after}…".ReplaceLineEndings(" ");
    }

    private static string NormalizeAddress(string address)
    {
        var trimmed = address.Trim().ToLowerInvariant().Replace("%2b", "+", StringComparison.Ordinal);
        if (trimmed.Contains('@', StringComparison.Ordinal))
        {
            return trimmed;
        }
        var digits = new string([.. trimmed.Where(char.IsAsciiDigit)]);
        return digits.Length >= 10 ? "+" + digits : trimmed;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{6}(?![0-9A-Za-z])")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"[A-Za-z0-9_\-\.]{20,}")]
    private static partial Regex TokenLike();

    [GeneratedRegex(@"[^\s""'<>(),;:\[\]{}=/\\]+@[A-Za-z0-9.\-]+")]
    private static partial Regex EmailLike();

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:\+|%2B)?\d{10,15}(?![0-9])")]
    private static partial Regex PhoneLike();
}
