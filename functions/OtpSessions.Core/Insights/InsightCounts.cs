namespace OtpSessions.Core.Insights;

// The figures of one counter record (a day of a ledger, or of one of its agents), stored as JSON: what the insights
// answer sums over its days. Counts may be subtracted (a projection step adds what changed, which may be negative).

/// <summary>The counts of one day: funnel, deliveries, time to authenticate (bucket counts), lockouts, bans, reports, budget refusals and countries.</summary>
public sealed record InsightCounts
{
    public static readonly InsightCounts Zero = new();

    public int Invited { get; init; }

    public int Opened { get; init; }

    public int OtpPage { get; init; }

    public int Authenticated { get; init; }

    public DeliveryCounts Sms { get; init; } = DeliveryCounts.Zero;

    public DeliveryCounts Email { get; init; } = DeliveryCounts.Zero;

    /// <summary>Authentications per <see cref="TimeToAuthenticateBuckets"/> bucket (index = bucket).</summary>
    public IReadOnlyList<int> TimeToAuthenticate { get; init; } = [];

    public int Lockouts { get; init; }

    public int Bans { get; init; }

    public int Reported { get; init; }

    public int BudgetRefusals { get; init; }

    /// <summary>ISO 3166 region (of the SMS number's country calling code) → its counts.</summary>
    public IReadOnlyDictionary<string, CountryCounts> ByCountry { get; init; } = new Dictionary<string, CountryCounts>(StringComparer.Ordinal);

    [JsonIgnore]
    public bool IsZero =>
        Invited == 0 && Opened == 0 && OtpPage == 0 && Authenticated == 0 && Sms.IsZero && Email.IsZero
        && TimeToAuthenticate.All(c => c == 0) && Lockouts == 0 && Bans == 0 && Reported == 0 && BudgetRefusals == 0
        && ByCountry.Values.All(c => c.IsZero);

    public InsightCounts Plus(InsightCounts other) => Combine(other, 1);

    public InsightCounts Minus(InsightCounts other) => Combine(other, -1);

    private InsightCounts Combine(InsightCounts other, int sign)
    {
        ArgumentNullException.ThrowIfNull(other);
        var buckets = new int[Math.Max(TimeToAuthenticate.Count, other.TimeToAuthenticate.Count)];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = At(TimeToAuthenticate, i) + sign * At(other.TimeToAuthenticate, i);
        }
        var countries = new Dictionary<string, CountryCounts>(ByCountry, StringComparer.Ordinal);
        foreach (var (country, counts) in other.ByCountry)
        {
            var sum = countries.GetValueOrDefault(country, CountryCounts.Zero).Combine(counts, sign);
            if (sum.IsZero)
            {
                countries.Remove(country);
            }
            else
            {
                countries[country] = sum;
            }
        }
        return new InsightCounts
        {
            Invited = Invited + sign * other.Invited,
            Opened = Opened + sign * other.Opened,
            OtpPage = OtpPage + sign * other.OtpPage,
            Authenticated = Authenticated + sign * other.Authenticated,
            Sms = Sms.Combine(other.Sms, sign),
            Email = Email.Combine(other.Email, sign),
            TimeToAuthenticate = buckets.Any(c => c != 0) ? buckets : [],
            Lockouts = Lockouts + sign * other.Lockouts,
            Bans = Bans + sign * other.Bans,
            Reported = Reported + sign * other.Reported,
            BudgetRefusals = BudgetRefusals + sign * other.BudgetRefusals,
            ByCountry = countries,
        };
    }

    private static int At(IReadOnlyList<int> counts, int index) => index < counts.Count ? counts[index] : 0;
}

/// <summary>Sends of one channel by their latest outcome: accepted without a report yet, delivered, failed.</summary>
public sealed record DeliveryCounts(int Sent, int Delivered, int Failed)
{
    public static readonly DeliveryCounts Zero = new(0, 0, 0);

    [JsonIgnore]
    public bool IsZero => Sent == 0 && Delivered == 0 && Failed == 0;

    public DeliveryCounts Combine(DeliveryCounts other, int sign)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Sent + sign * other.Sent, Delivered + sign * other.Delivered, Failed + sign * other.Failed);
    }
}

/// <summary>One country's sends (every send, whatever its outcome), failed sends and authenticated participants.</summary>
public sealed record CountryCounts(int Sent, int Failed, int Authenticated)
{
    public static readonly CountryCounts Zero = new(0, 0, 0);

    [JsonIgnore]
    public bool IsZero => Sent == 0 && Failed == 0 && Authenticated == 0;

    public CountryCounts Combine(CountryCounts other, int sign)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Sent + sign * other.Sent, Failed + sign * other.Failed, Authenticated + sign * other.Authenticated);
    }
}
