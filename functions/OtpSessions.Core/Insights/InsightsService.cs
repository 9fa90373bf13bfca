using System.Globalization;
using OtpSessions.Core.Auth;

namespace OtpSessions.Core.Insights;

/// <summary>
/// <c>GET /api/insights</c>: an agent's figures over its own sessions, a supervisor's or an administrator's over its
/// team's, summed from the projection's day records — one read of the ledger's days, whatever the range or the traffic.
/// </summary>
public sealed class InsightsService(IInsightsStore store, TimeProvider time)
{
    public const int MaxDays = 92;
    public const int DefaultDays = 7;

    private const string DayFormat = "yyyy-MM-dd";

    public async Task<Outcome<InsightsView>> GetAsync(AgentPrincipal agent, string? from, string? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var range = RangeOf(from, to, InsightsRules.DayOf(time.GetUtcNow()));
        if (range.Failure is not null)
        {
            return range.Failure;
        }
        var (first, last) = range.Value;
        var teamView = agent.Team is not null && (agent.IsSupervisor || agent.IsAdmin);
        var ledger = InsightsLedger.Of(agent.Team, agent.Subject)!;
        var days = await store.ReadDaysAsync(ledger, teamView ? null : agent.Subject, first, last, cancellationToken);
        return Summarise(first, last, agent.Team, days);
    }

    /// <summary>The UTC days asked for: both given, one given (a week from or up to it), or none (the week up to today).</summary>
    public static Outcome<(DateOnly From, DateOnly To)> RangeOf(string? from, string? to, DateOnly today)
    {
        DateOnly? Parse(string? text) =>
            text is null ? null
            : DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
            : DateOnly.MinValue;
        var start = Parse(from);
        var end = Parse(to);
        if (start == DateOnly.MinValue || end == DateOnly.MinValue)
        {
            return Invalid("from and to must be UTC days written YYYY-MM-DD.");
        }
        var last = end ?? (start is { } s ? s.AddDays(DefaultDays - 1) : today);
        var first = start ?? last.AddDays(-(DefaultDays - 1));
        if (first > last)
        {
            return Invalid("from must not be after to.");
        }
        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            return Invalid($"The range may span at most {MaxDays} days.");
        }
        return (first, last);
    }

    private static Failure Invalid(string detail) => new(FailureKind.Invalid, ErrorCodes.InvalidDateRange, detail);

    private static InsightsView Summarise(DateOnly from, DateOnly to, string? team, IReadOnlyList<DayCounts> days)
    {
        var total = days.Aggregate(InsightCounts.Zero, (sum, d) => sum.Plus(d.Counts));
        var byDay = new List<InsightsDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var counts = days.FirstOrDefault(d => d.Day == day)?.Counts ?? InsightCounts.Zero;
            byDay.Add(new InsightsDay(Format(day), counts.Invited, counts.Authenticated));
        }
        return new InsightsView(
            Format(from), Format(to), team,
            new InsightsFunnel(total.Invited, total.Opened, total.OtpPage, total.Authenticated),
            total.Invited == 0 ? 0 : Math.Round((double)total.Authenticated / total.Invited, 4),
            byDay,
            new DeliveryByChannel(total.Sms, total.Email),
            new TimeToAuthenticateView(
                TimeToAuthenticateBuckets.Percentile(total.TimeToAuthenticate, 0.50),
                TimeToAuthenticateBuckets.Percentile(total.TimeToAuthenticate, 0.95)),
            total.Lockouts, total.Bans, total.Reported, total.BudgetRefusals,
            [.. total.ByCountry.OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new CountryInsights(c.Key, c.Value.Sent, c.Value.Failed, c.Value.Authenticated))]);
    }

    private static string Format(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);
}
