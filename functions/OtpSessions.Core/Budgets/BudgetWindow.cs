using System.Globalization;

namespace OtpSessions.Core.Budgets;

/// <summary>A fixed window of a budget: the clock hour or the UTC day that holds a moment.</summary>
public readonly record struct BudgetWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The window's id in a counter's key: <c>yyyyMMddHH</c> of its start (UTC).</summary>
    public string Id => Start.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>How long until the window ends (what <c>Retry-After</c> says after a refusal); never negative.</summary>
    public TimeSpan RemainingAt(DateTimeOffset now) => End > now ? End - now : TimeSpan.Zero;

    public static BudgetWindow HourOf(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        return new(start, start.AddHours(1));
    }

    public static BudgetWindow DayOf(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return new(start, start.AddDays(1));
    }
}
