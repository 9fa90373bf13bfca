namespace OtpSessions.Core.Insights;

// The body of GET /api/insights (docs/api.md, "Insights").

/// <summary>An agent's (its own sessions) or a team's figures over UTC days <see cref="From"/>–<see cref="To"/>.</summary>
public sealed record InsightsView(
    string From,
    string To,
    string? Team,
    InsightsFunnel Funnel,
    double ConversionRate,
    IReadOnlyList<InsightsDay> ByDay,
    DeliveryByChannel Delivery,
    TimeToAuthenticateView TimeToAuthenticateSeconds,
    int Lockouts,
    int Bans,
    int Reported,
    int BudgetRefusals,
    IReadOnlyList<CountryInsights> ByCountry);

/// <summary>Participants by the furthest stages they reached, each counted once, by the day they were invited.</summary>
public sealed record InsightsFunnel(int Invited, int Opened, int OtpPage, int Authenticated);

/// <summary>One day: participants invited that day, and how many of them authenticated.</summary>
public sealed record InsightsDay(string Date, int Invited, int Authenticated);

/// <summary>Percentiles of the time from invitation to first authentication (upper bounds of histogram buckets); null without data.</summary>
public sealed record TimeToAuthenticateView(double? P50, double? P95);
